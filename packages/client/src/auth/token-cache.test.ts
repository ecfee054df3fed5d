import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuthenticationError, CorruptCacheError } from '../core/errors';
import { useTempConfigDir } from '../testing/temp-config-dir';
import { TokenCache } from './token-cache';

const execFileAsync = promisify(execFile);
const hasPython = spawnSync('python3', ['-c', 'import json'], { stdio: 'ignore' }).status === 0;
const MASTER = 'http://localhost:8080';

const dir = useTempConfigDir('det-token-cache-');
let configDir: string;
let authPath: string;

beforeEach(() => {
  configDir = dir.configDir;
  authPath = dir.file('auth.json');
});

async function writeAuth(content: unknown): Promise<void> {
  await dir.write('auth.json', content);
}

async function readAuth(): Promise<{ version: number; masters: Record<string, unknown> }> {
  return JSON.parse(await readFile(authPath, 'utf8'));
}

const open = (master = MASTER) => TokenCache.open({ master, configDir });

// The text the Python CLI writes (json.dump(store, f, indent=4, sort_keys=True)).
const CLI_V2_TEXT = [
  '{',
  '    "masters": {',
  '        "http://localhost:8080": {',
  '            "active_user": "alice",',
  '            "tokens": {',
  '                "alice": "v2.public.alice",',
  '                "determined": "v2.public.determined"',
  '            }',
  '        },',
  '        "https://other.example.com:443/det": {',
  '            "tokens": {',
  '                "bob": "v2.public.bob"',
  '            }',
  '        }',
  '    },',
  '    "version": 2',
  '}',
].join('\n');

describe('TokenCache reading', () => {
  it('treats a missing file as empty and creates the config directory with mode 0700', async () => {
    const cache = await open();
    expect(cache.getActiveUser()).toBeUndefined();
    expect(cache.listUsers()).toEqual([]);
    expect(cache.getToken('determined')).toBeUndefined();
    expect((await stat(configDir)).mode & 0o777).toBe(0o700);
    expect(existsSync(authPath)).toBe(false);
  });

  it('reads a version 2 file as the CLI writes it', async () => {
    await writeAuth(CLI_V2_TEXT);
    const cache = await open('localhost:8080');
    expect(cache.master).toBe(MASTER);
    expect(cache.getActiveUser()).toBe('alice');
    expect(cache.listUsers()).toEqual(['alice', 'determined']);
    expect(cache.getToken('determined')).toBe('v2.public.determined');
    const other = await open('https://OTHER.example.com/det/');
    expect(other.getActiveUser()).toBeUndefined();
    expect(other.getToken('bob')).toBe('v2.public.bob');
  });

  it('reads a v0 file for any master and rewrites it as version 2 keyed by that master (scenario 54)', async () => {
    const v0 = { active_user: 'determined', tokens: { determined: 'v2.public.this.is.a.test' } };
    await writeAuth(v0);
    const elsewhere = await open('https://elsewhere');
    expect(elsewhere.getToken('determined')).toBe('v2.public.this.is.a.test');

    const cache = await open();
    expect(cache.getActiveUser()).toBe('determined');
    expect(cache.getToken('determined')).toBe('v2.public.this.is.a.test');
    await cache.setToken('determined', 'ai');
    expect((await open()).getToken('determined')).toBe('ai');
    const written = await readAuth();
    expect(written.version).toBe(2);
    expect(Object.keys(written.masters)).toEqual([MASTER]);
  });

  it('migrates a v1 file: canonical keys, merged entries, broken URLs dropped (scenario 55)', async () => {
    await writeAuth({
      version: 1,
      masters: {
        'http://firstmaster': { tokens: { a: 'a.token' } },
        'http://firstmaster:80#fragment': { tokens: { b: 'b.token' } },
        'https://secondmaster': { active_user: 'a', tokens: { a: 'a.token', b: 'b.token1' } },
        'https://secondmaster/?key=value': { tokens: { b: 'b.token2', c: 'c.token' } },
        thirdmaster: { active_user: 'a', tokens: { a: 'a.token1', b: 'b.token1' } },
        'http://user@thirdmaster:8080': { active_user: 'b', tokens: { a: 'a.token2', b: 'b.token2' } },
        'http://\u2100': { active_user: 'a', tokens: { a: 'a.token' } },
      },
    });
    const first = await open('http://firstmaster:80');
    expect(first.getActiveUser()).toBeUndefined();
    expect(new Set(first.listUsers())).toEqual(new Set(['a', 'b']));
    expect(first.getToken('a')).toBe('a.token');
    expect(first.getToken('b')).toBe('b.token');

    const second = await open('https://secondmaster:443');
    expect(second.getActiveUser()).toBe('a');
    expect(new Set(second.listUsers())).toEqual(new Set(['a', 'b', 'c']));
    expect(['b.token1', 'b.token2']).toContain(second.getToken('b'));
    expect(second.getToken('c')).toBe('c.token');

    const third = await open('http://thirdmaster:8080');
    expect(third.getActiveUser()).toBe('a'); // the first active user found wins
    expect(new Set(third.listUsers())).toEqual(new Set(['a', 'b']));
    expect(['a.token1', 'a.token2']).toContain(third.getToken('a'));

    await third.setActive('a');
    const written = await readAuth();
    expect(written.version).toBe(2);
    expect(new Set(Object.keys(written.masters))).toEqual(
      new Set(['http://firstmaster:80', 'https://secondmaster:443', 'http://thirdmaster:8080']),
    );
  });

  it('accepts extra top-level keys unless both version and masters are present too', async () => {
    await writeAuth({ version: 1, comment: 'kept by the CLI rules' });
    expect((await open()).listUsers()).toEqual([]);
    await writeAuth({ version: 2, comment: 'also accepted' });
    expect((await open()).listUsers()).toEqual([]);
  });
});

describe('TokenCache corruption handling', () => {
  it.each([
    ['invalid JSON', '{"version": 2,'],
    ['a JSON array', '[]'],
    ['a string version', { version: '2', masters: {} }],
    ['an unknown version', { version: 3, masters: {} }],
    ['a fractional version', { version: 1.5, masters: {} }],
    ['extra top-level keys with version and masters', { version: 2, masters: {}, extra: 1 }],
    ['a non-object masters', { version: 2, masters: [] }],
    ['a non-canonical v2 key', { version: 2, masters: { 'http://localhost': {} } }],
    ['an unparsable v2 key', { version: 2, masters: { 'http://h?x=1': {} } }],
    ['an extra key in a master entry', { version: 2, masters: { [MASTER]: { tokens: {}, x: 1 } } }],
    ['a non-string active user', { version: 2, masters: { [MASTER]: { active_user: 1 } } }],
    ['non-object tokens', { version: 2, masters: { [MASTER]: { tokens: 'x' } } }],
    ['a non-string token', { version: 2, masters: { [MASTER]: { tokens: { a: 1 } } } }],
    ['a v1 entry of the wrong type', { version: 1, masters: { [MASTER]: 'x' } }],
    ['a v0 store with an extra key', { tokens: {}, user: 'x' }],
  ])('deletes a store with %s and throws CorruptCacheError', async (_what, content) => {
    await writeAuth(content);
    const error = await open().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorruptCacheError);
    expect((error as Error).message).toMatch(/has been deleted; please try again/);
    expect(existsSync(authPath)).toBe(false);
    await expect(open()).resolves.toBeInstanceOf(TokenCache);
  });
});

describe('TokenCache writing', () => {
  it('writes version 2 with sorted keys, 4-space indentation and mode 0600, leaving no temp file', async () => {
    const cache = await open();
    await cache.setToken('zed', 'tok.z');
    await cache.setToken('amy', 'tok.a');
    await cache.setActive('zed');
    const text = await readFile(authPath, 'utf8');
    expect(text).toBe(
      [
        '{',
        '    "masters": {',
        '        "http://localhost:8080": {',
        '            "active_user": "zed",',
        '            "tokens": {',
        '                "amy": "tok.a",',
        '                "zed": "tok.z"',
        '            }',
        '        }',
        '    },',
        '    "version": 2',
        '}',
      ].join('\n'),
    );
    expect((await stat(authPath)).mode & 0o777).toBe(0o600);
    expect(existsSync(`${authPath}.temp`)).toBe(false);
    expect((await readdir(configDir)).sort()).toStrictEqual(['auth.json', 'auth.json.lock']);
  });

  it('reproduces a CLI-written file byte for byte when nothing changes', async () => {
    await writeAuth(CLI_V2_TEXT);
    const cache = await open();
    await cache.setToken('alice', 'v2.public.alice');
    expect(await readFile(authPath, 'utf8')).toBe(CLI_V2_TEXT);
  });

  (hasPython ? it : it.skip)(
    'writes exactly what Python json.dump(indent=4, sort_keys=True) writes',
    async () => {
      const cache = await open('https://Det.Example.com/a/');
      await cache.setToken('\u00fcser', 'tok"\\\u007f');
      await cache.setToken('determined', 'v2.public.x');
      const script = [
        'import json, sys',
        'text = open(sys.argv[1]).read()',
        'store = json.loads(text)',
        'assert store["version"] == 2',
        'print(json.dumps(store, indent=4, sort_keys=True) == text)',
      ].join('\n');
      const { stdout } = await execFileAsync('python3', ['-c', script, authPath]);
      expect(stdout.trim()).toBe('True');
    },
  );

  it('keeps other masters untouched', async () => {
    await writeAuth(CLI_V2_TEXT);
    await (await open()).dropUser('alice');
    const written = await readAuth();
    expect(written.masters['https://other.example.com:443/det']).toEqual({
      tokens: { bob: 'v2.public.bob' },
    });
  });

  it('drops a user but keeps the active user', async () => {
    await writeAuth(CLI_V2_TEXT);
    const cache = await open();
    await cache.dropUser('alice');
    expect(cache.getToken('alice')).toBeUndefined();
    expect(cache.getActiveUser()).toBe('alice');
    expect((await readAuth()).masters[MASTER]).toEqual({
      active_user: 'alice',
      tokens: { determined: 'v2.public.determined' },
    });
  });

  it('refuses to activate a user without a cached token', async () => {
    const cache = await open();
    await expect(cache.setActive('nobody')).rejects.toBeInstanceOf(AuthenticationError);
    expect(existsSync(authPath)).toBe(false);
  });

  it('clears the active user', async () => {
    await writeAuth(CLI_V2_TEXT);
    const cache = await open();
    await cache.clearActive();
    expect(cache.getActiveUser()).toBeUndefined();
    expect((await open()).getActiveUser()).toBeUndefined();
  });

  it('deletes the whole store', async () => {
    await writeAuth(CLI_V2_TEXT);
    const cache = await open();
    await cache.deleteStore();
    expect(existsSync(authPath)).toBe(false);
    expect(cache.listUsers()).toEqual([]);
  });

  it('serves lookups from the snapshot and merges other writers on its next write', async () => {
    const mine = await open();
    const theirs = await open();
    await theirs.setToken('bob', 'b');
    expect(mine.getToken('bob')).toBeUndefined();
    await mine.setToken('amy', 'a');
    expect(mine.getToken('bob')).toBe('b');
    expect((await open()).listUsers().sort()).toEqual(['amy', 'bob']);
  });
});

describe('TokenCache keys of IPv6 masters', () => {
  it('stores one bracketed key for every spelling of the address and reads it back as canonical', async () => {
    await (await open('[::1]:8080')).setToken('alice', 'tok.a');
    await (await open('http://[0:0:0:0:0:0:0:1]:8080/')).setToken('bob', 'tok.b');
    const cache = await open('[0::1]');
    expect(cache.master).toBe('http://[::1]:8080');
    expect(new Set(cache.listUsers())).toStrictEqual(new Set(['alice', 'bob']));
    expect(Object.keys((await readAuth()).masters)).toStrictEqual(['http://[::1]:8080']);
  });

  it('keeps the ports of one address apart', async () => {
    await (await open('[::1]:8080')).setToken('alice', 'tok.8080');
    await (await open('http://[::1]:9090')).setToken('alice', 'tok.9090');
    expect((await open('[::1]')).getToken('alice')).toBe('tok.8080');
    expect((await open('[::1]:9090')).getToken('alice')).toBe('tok.9090');
  });

  it('migrates a version 1 key typed with brackets and upper-case hex to the canonical key', async () => {
    await writeAuth({ version: 1, masters: { 'http://[FE80::1]:8080': { tokens: { alice: 'tok.a' } } } });
    expect((await open('http://[fe80::1]:8080')).getToken('alice')).toBe('tok.a');
  });

  it('refuses a bare IPv6 master before touching the file', async () => {
    await writeAuth(CLI_V2_TEXT);
    await expect(open('::1')).rejects.toThrow(/IPv6 address must be written in brackets/);
    expect(await readFile(authPath, 'utf8')).toBe(CLI_V2_TEXT);
  });
});

describe('TokenCache concurrency', () => {
  it('loses no update when many writers of one process race', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ((i % 2 === 0 ? a : b) as TokenCache).setToken(`user${i}`, `t${i}`),
      ),
    );
    expect((await open()).listUsers()).toHaveLength(20);
  });

  it('loses no update when writers in several processes race', async () => {
    const child = (prefix: string) =>
      execFileAsync(process.execPath, [
        '-e',
        CHILD_WRITER,
        require.resolve('@swc/core'),
        path.join(__dirname, 'token-cache.ts'),
        configDir,
        prefix,
      ]);
    const ours = (async () => {
      const cache = await open();
      for (let i = 0; i < 10; i++) await cache.setToken(`parent${i}`, `t${i}`);
    })();
    await Promise.all([child('childA'), child('childB'), ours]);
    const users = (await open()).listUsers();
    expect(users).toHaveLength(30);
    expect(users.filter((user) => user.startsWith('childB'))).toHaveLength(10);
  });
});

// Loads token-cache.ts through swc in a separate Node process and writes ten tokens.
const CHILD_WRITER = `
const [swcPath, modulePath, configDir, prefix] = process.argv.slice(1);
const swc = require(swcPath);
require.extensions['.ts'] = (module, filename) => {
  const options = { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
  module._compile(swc.transformFileSync(filename, options).code, filename);
};
const { TokenCache } = require(modulePath);
(async () => {
  const cache = await TokenCache.open({ master: 'http://localhost:8080', configDir });
  for (let i = 0; i < 10; i++) await cache.setToken(prefix + i, 't' + i);
})().catch((error) => { console.error(error); process.exit(1); });
`;
