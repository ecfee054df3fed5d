/**
 * The undici side of the transport, loaded on the first request (not when the SDK is imported):
 * the redirect interceptor over the dispatcher requests go through.
 */
import type { Dispatcher } from 'undici';
import type { DispatchTarget } from './transport-support';
import { Dispatcher as DispatcherBase, interceptors } from './transport-undici';

/** Redirects followed per request. */
const MAX_REDIRECTIONS = 10;

/** A full undici `Dispatcher` over an object that only implements `dispatch`/`close`/`destroy`. */
class ForwardingDispatcher extends DispatcherBase {
  readonly #target: DispatchTarget;

  constructor(target: DispatchTarget) {
    super();
    this.#target = target;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.#target.dispatch(options, handler);
  }

  override close(callback: () => void): void;
  override close(): Promise<void>;
  override close(callback?: () => void): Promise<void> | undefined {
    const closing = this.#target.close();
    if (!callback) return closing;
    closing.then(callback, callback);
    return undefined;
  }

  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(
    errOrCallback?: Error | null | (() => void),
    callback?: () => void,
  ): Promise<void> | undefined {
    const done = typeof errOrCallback === 'function' ? errOrCallback : callback;
    const destroying = this.#target.destroy();
    if (!done) return destroying;
    destroying.then(done, done);
    return undefined;
  }
}

/** `target` as an undici `Dispatcher` (itself when it is one). */
export function asDispatcher(target: DispatchTarget | Dispatcher): Dispatcher {
  return target instanceof DispatcherBase ? target : new ForwardingDispatcher(target);
}

/** The dispatcher the transport sends through: `target` behind undici's redirect interceptor. */
export function redirectingDispatcher(target: DispatchTarget | Dispatcher): Dispatcher {
  return asDispatcher(target).compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
}
