/**
 * Everything a reliability test hands to the SDK's logger or gets thrown at it, kept as text so
 * that a test can scan it for secrets afterwards.
 */
import { inspect } from 'node:util';
import type { Logger } from '../core/logger';

/** A logger that keeps every call (level, message and fields) as one line of text. */
export interface CapturingLogger extends Logger {
  readonly lines: string[];
}

/** A {@link CapturingLogger}; `into` collects the lines (shared by several loggers if given). */
export function capturingLogger(into: string[] = []): CapturingLogger {
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      into.push(`${level} ${message} ${fields === undefined ? '' : JSON.stringify(fields)}`);
    };
  return {
    lines: into,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/** Every text form of a thrown value a user could see: message, stack, `inspect`, JSON, causes. */
export function textsOfError(error: unknown): string[] {
  const texts: string[] = [inspect(error, { depth: 6 })];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { message, stack, cause } = current as { message?: unknown; stack?: unknown; cause?: unknown };
    texts.push(String(message), String(stack));
    try {
      texts.push(JSON.stringify(current) ?? '');
    } catch {
      // A circular error cannot be serialized; its inspect form was kept above.
    }
    current = cause;
  }
  return texts;
}

/** The secrets (non-empty) that occur in any of `texts`, for `expect(...).toStrictEqual([])`. */
export function leakedSecrets(texts: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret !== '' && texts.some((text) => text.includes(secret)));
}
