import type { RequestOptions } from './transport';

/**
 * The options vocabulary of every SDK call, declared once: `signal` cancels, `timeoutMs` bounds
 * each attempt of one request. (The overall deadline of a polling loop is `deadlineMs`.)
 */
export interface SignalOption {
  /** Cancels the call (it then rejects with `AbortError`). */
  readonly signal?: AbortSignal | undefined;
}

/** Options accepted by every SDK method that talks to the master. */
export interface MethodOptions extends SignalOption {
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
