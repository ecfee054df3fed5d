import type { RequestOptions } from './core/transport';
import { type WarningSink, warnDeprecated } from './facade/deprecation';

/** Options accepted by every SDK method that talks to the master. */
export interface MethodOptions {
  /** Cancels the call (it then rejects with `AbortError`). */
  readonly signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms (`null`/`0`: none; default: the transport's). */
  readonly timeoutMs?: number | null | undefined;
}

/** The transport options carried by `MethodOptions` (unset ones left out). */
export function callOptions(
  options: MethodOptions | undefined,
): Pick<RequestOptions, 'signal' | 'timeoutMs'> {
  const out: { signal?: AbortSignal; timeoutMs?: number | null } = {};
  if (options?.signal !== undefined) out.signal = options.signal;
  if (options?.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  return out;
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
