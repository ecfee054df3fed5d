/**
 * The token cache `<config dir>/auth.json`, shared with the `det` CLI: per canonical master URL,
 * the tokens of the users who logged in and the CLI's "active user". Reads all historical formats
 * (v0: one unversioned master entry; v1: URLs as typed; v2: canonical URLs) and always writes
 * version 2, which every CLI since canonical URLs were introduced reads as is.
 */
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AuthenticationError, CorruptCacheError, InvalidArgumentError } from '../core/errors';
import { isRecord } from '../core/is-record';
import { canonicalizeMasterUrl, precanonicalizeLegacyMasterUrl } from '../core/master-url';
import { operationPath } from '../core/typed-call';
import { AUTH_FILE_NAME } from './config-dir';
import { formatPythonJson, type JsonLike, withFileLock, writeFileAtomic } from './file-lock';

interface MasterEntry {
  activeUser?: string;
  tokens?: Map<string, string>;
}

type Masters = Map<string, MasterEntry>;

/** Thrown by the validators; turned into a `CorruptCacheError` after the file is deleted. */
class CorruptStore extends Error {}

/** Where the cache lives and for which master it is opened. */
export interface TokenCacheOptions {
  /** Master URL; canonicalized before use. */
  readonly master: string;
  /** Config directory (see `resolveConfigDir`). */
  readonly configDir: string;
}

/**
 * View of `auth.json` for one master. `open` reads the file once (under the lock); getters use
 * that snapshot; every write re-reads the file under the lock, applies the change, writes it back
 * atomically (mode 0600) and refreshes the snapshot.
 */
export class TokenCache {
  /** Canonical master URL the view is for. */
  readonly master: string;
  /** Path of `auth.json`. */
  readonly filePath: string;
  private entry: MasterEntry;

  private constructor(master: string, filePath: string, entry: MasterEntry) {
    this.master = master;
    this.filePath = filePath;
    this.entry = entry;
  }

  /**
   * Open the cache for `master`, creating the config directory (mode 0700) if needed.
   * @throws CorruptCacheError when the file is invalid (it has then been deleted).
   */
  static async open(options: TokenCacheOptions): Promise<TokenCache> {
    const master = canonicalizeMasterUrl(options.master);
    const filePath = path.join(options.configDir, AUTH_FILE_NAME);
    const masters = await withFileLock(`${filePath}.lock`, () => loadStore(filePath, master));
    return new TokenCache(master, filePath, copyEntry(masters.get(master)));
  }

  /** The CLI's active user for this master (set by `det user login`), if any. */
  getActiveUser(): string | undefined {
    return this.entry.activeUser;
  }

  /** Users with a cached token for this master. */
  listUsers(): string[] {
    return [...(this.entry.tokens?.keys() ?? [])];
  }

  /** The cached token of `user`, if any. */
  getToken(user: string): string | undefined {
    return this.entry.tokens?.get(user);
  }

  /** Cache `token` for `user` (the active user is not changed). */
  async setToken(user: string, token: string): Promise<void> {
    await this.update((entry) => {
      tokensOf(entry).set(user, token);
    });
  }

  /** Forget the token of `user`; the active user stays as it is. */
  async dropUser(user: string): Promise<void> {
    await this.update((entry) => {
      tokensOf(entry).delete(user);
    });
  }

  /**
   * Make `user` the active user.
   * @throws AuthenticationError when no token is cached for `user`.
   */
  async setActive(user: string): Promise<void> {
    await this.update((entry) => {
      if (!tokensOf(entry).has(user)) {
        throw new AuthenticationError({
          status: 401,
          method: 'POST',
          path: operationPath('Login'),
          message: `No cached token for user "${user}" on ${this.master}; log in as that user first.`,
        });
      }
      entry.activeUser = user;
    });
  }

  /** Unset the active user. */
  async clearActive(): Promise<void> {
    await this.update((entry) => {
      delete entry.activeUser;
    });
  }

  /** Delete `auth.json` (all masters, all users). */
  async deleteStore(): Promise<void> {
    await withFileLock(`${this.filePath}.lock`, () => unlinkIfPresent(this.filePath));
    this.entry = {};
  }

  private async update(change: (entry: MasterEntry) => void): Promise<void> {
    await withFileLock(`${this.filePath}.lock`, async () => {
      const masters = await loadStore(this.filePath, this.master);
      const entry = masters.get(this.master) ?? {};
      masters.set(this.master, entry);
      change(entry);
      await writeFileAtomic(this.filePath, formatPythonJson(storeToJson(masters)));
      this.entry = copyEntry(entry);
    });
  }
}

function tokensOf(entry: MasterEntry): Map<string, string> {
  entry.tokens ??= new Map();
  return entry.tokens;
}

function copyEntry(entry: MasterEntry | undefined): MasterEntry {
  const copy: MasterEntry = {};
  if (entry?.activeUser !== undefined) copy.activeUser = entry.activeUser;
  if (entry?.tokens) copy.tokens = new Map(entry.tokens);
  return copy;
}

function storeToJson(masters: Masters): JsonLike {
  const mastersJson = new Map<string, JsonLike>();
  for (const [url, entry] of masters) {
    const entryJson = new Map<string, JsonLike>();
    if (entry.activeUser !== undefined) entryJson.set('active_user', entry.activeUser);
    if (entry.tokens) entryJson.set('tokens', entry.tokens);
    mastersJson.set(url, entryJson);
  }
  return new Map<string, JsonLike>([
    ['masters', mastersJson],
    ['version', 2],
  ]);
}

async function loadStore(filePath: string, master: string): Promise<Masters> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  try {
    return parseStore(text, master);
  } catch (error) {
    if (!(error instanceof CorruptStore)) throw error;
    await unlinkIfPresent(filePath);
    throw new CorruptCacheError(
      `The token cache ${filePath} was corrupt (${error.message}) and has been deleted; please try again.`,
    );
  }
}

async function unlinkIfPresent(filePath: string): Promise<void> {
  try {
    await unlink(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Parse `auth.json` text of any version into the version-2 masters map. */
function parseStore(text: string, master: string): Masters {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CorruptStore('invalid JSON');
  }
  if (!isRecord(raw)) throw new CorruptStore('not a JSON object');
  const version = Object.hasOwn(raw, 'version') ? raw.version : 0;
  if (typeof version !== 'number') throw new CorruptStore('"version" is not a number');
  if (version < 1) return migrateV1([[master, toEntry(raw)]]);
  validateTopLevel(raw, version < 2 ? 1 : 2);
  const masters = Object.entries(isRecord(raw.masters) ? raw.masters : {});
  if (version < 2) return migrateV1(masters.map(([url, entry]) => [url, toEntry(entry)]));
  const result: Masters = new Map();
  for (const [url, entry] of masters) {
    if (!isCanonical(url)) throw new CorruptStore(`master URL "${url}" is not canonical`);
    result.set(url, toEntry(entry));
  }
  return result;
}

function validateTopLevel(raw: Record<string, unknown>, expected: 1 | 2): void {
  const keys = Object.keys(raw);
  // Python rejects extra keys only with a strict superset of {"version", "masters"}.
  if (Object.hasOwn(raw, 'masters') && keys.length > 2) throw new CorruptStore('unexpected top-level keys');
  if (raw.version !== expected) throw new CorruptStore(`unsupported version ${String(raw.version)}`);
  if (Object.hasOwn(raw, 'masters') && !isRecord(raw.masters)) {
    throw new CorruptStore('"masters" is not an object');
  }
}

function toEntry(raw: unknown): MasterEntry {
  if (!isRecord(raw)) throw new CorruptStore('a master entry is not an object');
  const extra = Object.keys(raw).filter((key) => key !== 'active_user' && key !== 'tokens');
  if (extra.length > 0) throw new CorruptStore(`unexpected keys ${extra.join(', ')} in a master entry`);
  const entry: MasterEntry = {};
  if (Object.hasOwn(raw, 'active_user')) {
    if (typeof raw.active_user !== 'string') throw new CorruptStore('"active_user" is not a string');
    entry.activeUser = raw.active_user;
  }
  if (Object.hasOwn(raw, 'tokens')) {
    if (!isRecord(raw.tokens)) throw new CorruptStore('"tokens" is not an object');
    entry.tokens = new Map();
    for (const [user, token] of Object.entries(raw.tokens)) {
      if (typeof token !== 'string') throw new CorruptStore(`the token of "${user}" is not a string`);
      entry.tokens.set(user, token);
    }
  }
  return entry;
}

/**
 * v1 → v2: canonicalize every key (leniently first; keys that still fail are dropped) and merge
 * entries that land on the same URL: union of tokens, the first active user found wins.
 */
function migrateV1(entries: ReadonlyArray<readonly [string, MasterEntry]>): Masters {
  const merged: Masters = new Map();
  for (const [url, entry] of entries) {
    const canonical = tryCanonicalizeLegacy(url);
    if (canonical === undefined) continue;
    const target: MasterEntry = merged.get(canonical) ?? { tokens: new Map() };
    merged.set(canonical, target);
    for (const [user, token] of entry.tokens ?? []) tokensOf(target).set(user, token);
    if (target.activeUser === undefined && entry.activeUser !== undefined)
      target.activeUser = entry.activeUser;
  }
  return merged;
}

function tryCanonicalizeLegacy(url: string): string | undefined {
  try {
    return canonicalizeMasterUrl(precanonicalizeLegacyMasterUrl(url));
  } catch (error) {
    if (error instanceof InvalidArgumentError) return undefined;
    throw error;
  }
}

function isCanonical(url: string): boolean {
  return tryCanonicalize(url) === url;
}

function tryCanonicalize(url: string): string | undefined {
  try {
    return canonicalizeMasterUrl(url);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return undefined;
    throw error;
  }
}
