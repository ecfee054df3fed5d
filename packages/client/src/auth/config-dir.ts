/**
 * Location of the configuration directory shared with the `det` CLI (token cache `auth.json`,
 * certificate cache `certs.json`), resolved exactly like the Python SDK does.
 */
import os from 'node:os';
import path from 'node:path';

/** Environment variables as the SDK reads them (`process.env` fits). */
export type EnvVars = Readonly<Record<string, string | undefined>>;

/** Inputs of {@link resolveConfigDir}; every one defaults to the running process's value. */
export interface ConfigDirOptions {
  /** Environment to read (default `process.env`). */
  readonly env?: EnvVars | undefined;
  /** Operating system (default `process.platform`). */
  readonly platform?: NodeJS.Platform | undefined;
  /** Home directory (default `HOME`, or `USERPROFILE` on Windows, from `env`, else `os.homedir()`). */
  readonly homedir?: string | undefined;
}

/** File name of the token cache inside the config directory. */
export const AUTH_FILE_NAME = 'auth.json';
/** File name of the certificate cache inside the config directory. */
export const CERTS_FILE_NAME = 'certs.json';
/** File name of the legacy single-certificate file migrated into `certs.json`. */
export const LEGACY_CERT_FILE_NAME = 'master.crt';

/**
 * The config directory:
 * `DET_DEBUG_CONFIG_PATH` (when non-empty) → on Linux `$XDG_CONFIG_HOME/determined` →
 * on macOS `~/Library/Application Support/determined` → on Windows `%LOCALAPPDATA%/determined` →
 * `~/.config/determined`. Empty `XDG_CONFIG_HOME`/`LOCALAPPDATA` count as unset.
 */
export function resolveConfigDir(options: ConfigDirOptions = {}): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const debugPath = env.DET_DEBUG_CONFIG_PATH;
  if (debugPath) return debugPath;

  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  const xdg = env.XDG_CONFIG_HOME;
  if (platform === 'linux' && xdg) return pathApi.join(xdg, 'determined');
  const home = options.homedir ?? homeFromEnv(env, platform);
  if (platform === 'darwin') return pathApi.join(home, 'Library', 'Application Support', 'determined');
  const localAppData = env.LOCALAPPDATA;
  if (platform === 'win32' && localAppData) return pathApi.join(localAppData, 'determined');
  return pathApi.join(home, '.config', 'determined');
}

// Python's Path.home() prefers HOME (USERPROFILE on Windows) over the password database.
function homeFromEnv(env: EnvVars, platform: NodeJS.Platform): string {
  const fromEnv = platform === 'win32' ? env.USERPROFILE : env.HOME;
  return fromEnv || os.homedir();
}
