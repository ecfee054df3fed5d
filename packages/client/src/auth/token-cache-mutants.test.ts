import { mkdir, readFile } from 'node:fs/promises';
import { AuthenticationError, CorruptCacheError } from '../core/errors';
import { operationPath } from '../core/typed-call';
import { useTempConfigDir } from '../testing/temp-config-dir';
import { TokenCache } from './token-cache';

const MASTER = 'http://localhost:8080';

const dir = useTempConfigDir('det-token-cache-mutants-');
let configDir: string;
let authPath: string;

beforeEach(() => {
  configDir = dir.configDir;
  authPath = dir.file('auth.json');
});

async function writeAuth(content: unknown): Promise<void> {
  await dir.write('auth.json', content);
}

const open = (master = MASTER) => TokenCache.open({ master, configDir });

describe('TokenCache corruption messages name the problem', () => {
  it.each([
    ['{"version": 2,', 'invalid JSON'],
    ['[]', 'not a JSON object'],
    ['"text"', 'not a JSON object'],
    [{ version: '2', masters: {} }, '"version" is not a number'],
    [{ version: 3, masters: {} }, 'unsupported version 3'],
    [{ version: 2, masters: {}, extra: 1 }, 'unexpected top-level keys'],
    [{ version: 2, masters: [] }, '"masters" is not an object'],
    [{ version: 2, masters: { 'http://localhost': {} } }, 'master URL "http://localhost" is not canonical'],
    [{ version: 2, masters: { [MASTER]: 'x' } }, 'a master entry is not an object'],
    [
      { version: 2, masters: { [MASTER]: { tokens: {}, x: 1, y: 2 } } },
      'unexpected keys x, y in a master entry',
    ],
    [{ version: 2, masters: { [MASTER]: { active_user: 1 } } }, '"active_user" is not a string'],
    [{ version: 2, masters: { [MASTER]: { tokens: 'x' } } }, '"tokens" is not an object'],
    [{ version: 2, masters: { [MASTER]: { tokens: { amy: 1 } } } }, 'the token of "amy" is not a string'],
  ])('%j: %s', async (content, problem) => {
    await writeAuth(content);
    await expect(open()).rejects.toThrow(
      new CorruptCacheError(
        `The token cache ${authPath} was corrupt (${problem}) and has been deleted; please try again.`,
      ),
    );
  });
});

describe('TokenCache entries without tokens', () => {
  it('reads an entry holding only an active user and writes it back without a tokens key', async () => {
    await writeAuth({ version: 2, masters: { 'http://other:8080': { active_user: 'alice' } } });
    const other = await open('http://other:8080');
    expect(other.getActiveUser()).toBe('alice');
    expect(other.listUsers()).toStrictEqual([]);
    await (await open()).setToken('bob', 'tok.b');
    const written = JSON.parse(await readFile(authPath, 'utf8'));
    expect(written.masters['http://other:8080']).toStrictEqual({ active_user: 'alice' });
  });

  it('gives a migrated version 1 entry an empty token map and keeps the first active user found', async () => {
    await writeAuth({
      version: 1,
      masters: {
        'http://h:80': { active_user: 'first' },
        'http://h': { active_user: 'second', tokens: {} },
        'http://lonely': { active_user: 'solo' },
      },
    });
    const cache = await open('http://h');
    expect(cache.getActiveUser()).toBe('first');
    await cache.setToken('amy', 'tok.a');
    const written = JSON.parse(await readFile(authPath, 'utf8'));
    expect(written.masters).toStrictEqual({
      'http://h:80': { active_user: 'first', tokens: { amy: 'tok.a' } },
      'http://lonely:80': { active_user: 'solo', tokens: {} },
    });
  });
});

describe('TokenCache file errors other than a missing file', () => {
  it('passes on a read error instead of treating the store as empty', async () => {
    await mkdir(authPath, { recursive: true });
    await expect(open()).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('deletes a store that is already gone without complaint, and passes on other unlink errors', async () => {
    const cache = await open();
    await expect(cache.deleteStore()).resolves.toBeUndefined();
    await mkdir(authPath, { recursive: true });
    await expect(cache.deleteStore()).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|EPERM)$/),
    });
  });
});

describe('TokenCache.setActive without a token', () => {
  it('is an AuthenticationError of the login call, naming the user and the master', async () => {
    const cache = await open();
    const error = await cache.setActive('ghost').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      method: 'POST',
      path: operationPath('Login'),
      message: `No cached token for user "ghost" on ${MASTER}; log in as that user first.`,
    });
  });
});
