import type { Logger } from '../core/logger';

/** A logger that keeps the messages of `warn` calls and drops everything else. */
export function warningLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = (): void => undefined;
  return { warnings, debug: ignore, info: ignore, warn: (message) => warnings.push(message), error: ignore };
}
