/** Where the facade reports warnings and progress; `console` satisfies it. */
export interface FacadeLogger {
  warn(message: string): void;
  info(message: string): void;
}

/** Anything that can receive a warning line. */
export interface WarningSink {
  warn(message: string): void;
}

const warnedKeys = new Set<string>();

const processWarningSink: WarningSink = {
  warn(message: string): void {
    // Mirrors Python's FutureWarning: shown on stderr by default, silenced with --no-deprecation.
    process.emitWarning(message, { type: 'DeprecationWarning', code: 'DETERMINED_DEPRECATED' });
  },
};

/**
 * Report a deprecation once per `key` per process (Python's `warnings.warn(..., FutureWarning)`
 * equivalent). Without a logger the warning goes through `process.emitWarning` as a
 * `DeprecationWarning`.
 */
export function warnDeprecated(key: string, message: string, logger?: WarningSink): void {
  if (warnedKeys.has(key)) return;
  warnedKeys.add(key);
  (logger ?? processWarningSink).warn(message);
}

/** Forget which deprecations were already reported (for tests). */
export function resetDeprecationWarnings(): void {
  warnedKeys.clear();
}

/** Log the one-time deprecation warning of a deprecated SDK name through the session's logger. */
export function warnDeprecatedCall(
  name: string,
  replacement: string,
  session: { readonly logger: WarningSink },
): void {
  warnDeprecated(
    name,
    `${name} is deprecated and will be removed in a future version; use ${replacement} instead.`,
    session.logger,
  );
}
