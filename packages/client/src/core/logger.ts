/** The SDK's logging interface, its console default, and credential redaction on every call. */
import type { EnvVars } from '../auth/config-dir';
import { redactFields, redactString } from './redact';

/** Where the SDK sends diagnostics; any object with these four methods (e.g. pino, winston). */
export interface Logger {
  /** Request-level detail (HTTP calls, retries, fallbacks); tokens and passwords are redacted. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Notable events, e.g. a new login after the master refused the session token. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something the caller should fix or know, e.g. a deprecated call or an insecure login. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** A failure the SDK could not handle itself. */
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Console verbosity selected with `DET_TS_LOG`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The subset of `console` the default logger writes to. */
export type ConsoleSink = Pick<Console, 'debug' | 'info' | 'warn' | 'error'>;

/** Inputs of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** The caller's logger; it receives every level (filtering is its business). */
  readonly logger?: Logger | undefined;
  /** Environment holding `DET_TS_LOG` (default `process.env`). */
  readonly env?: EnvVars | undefined;
  /** Output of the default logger (default the global `console`). */
  readonly console?: ConsoleSink | undefined;
}

type Method = keyof Logger;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const DEFAULT_LEVEL: LogLevel = 'warn';
const PREFIX = '[determined-ts]';

const redacting = new WeakSet<Logger>();
const warnedKeys = new Set<string>();

/** `DET_TS_LOG` value as a level (case-insensitive); `warn` when unset or unrecognized. */
export function parseLogLevel(value: string | undefined): LogLevel {
  const normalized = value?.trim().toLowerCase();
  return LEVELS.find((level) => level === normalized) ?? DEFAULT_LEVEL;
}

/**
 * The logger the SDK uses: `options.logger`, or a console logger whose level comes from
 * `DET_TS_LOG` (`debug|info|warn|error|silent`, default `warn`). Every message and field passes
 * through `redact` first, so tokens and passwords never reach the output.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  if (options.logger && redacting.has(options.logger)) return options.logger;
  const target =
    options.logger ??
    consoleLogger(options.console ?? console, parseLogLevel((options.env ?? process.env).DET_TS_LOG));
  const wrap =
    (method: Method) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const safeMessage = redactString(String(message));
      if (fields === undefined) target[method](safeMessage);
      else target[method](safeMessage, redactFields(fields));
    };
  const logger: Logger = {
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
  };
  redacting.add(logger);
  return logger;
}

/** Log `message` as a warning the first time `key` is seen in this process (deprecations). */
export function warnOnce(logger: Logger, key: string, message: string): void {
  if (warnedKeys.has(key)) return;
  warnedKeys.add(key);
  logger.warn(message);
}

function consoleLogger(sink: ConsoleSink, level: LogLevel): Logger {
  const threshold = LEVELS.indexOf(level);
  const write =
    (method: Method) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (LEVELS.indexOf(method) < threshold) return;
      const suffix = fields === undefined ? '' : ` ${stringifyFields(fields)}`;
      sink[method](`${PREFIX} ${method}: ${message}${suffix}`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function stringifyFields(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  } catch {
    return '[unserializable fields]';
  }
}
