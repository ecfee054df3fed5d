import type { Dispatcher } from 'undici';
import { DeterminedError } from './errors';
import type { DispatchTarget } from './transport-support';

const idleController: Dispatcher.DispatchController = {
  aborted: false,
  paused: false,
  reason: null,
  abort: () => undefined,
  pause: () => undefined,
  resume: () => undefined,
};

/**
 * A dispatch target whose real undici dispatcher is built asynchronously on first use (the TLS
 * settings of a master come from files: explicit certificate, `DET_MASTER_CERT_FILE` or the
 * certificate cache). This is what lets `new Determined()` return without doing I/O, and lets the
 * SDK load without undici: this class does not extend undici's `Dispatcher` (the transport wraps it
 * in one on its first request). A failed build is not cached: the next request tries again (e.g.
 * after a corrupt cache was deleted).
 */
export class DeferredDispatcher implements DispatchTarget {
  readonly #create: () => Promise<Dispatcher>;
  #pending: Promise<Dispatcher> | undefined;
  #target: Dispatcher | undefined;

  constructor(create: () => Promise<Dispatcher>) {
    this.#create = create;
  }

  /** Build the real dispatcher (once) and resolve to it; rejects with the build's error. */
  ready(): Promise<Dispatcher> {
    if (!this.#pending) {
      const pending = this.#create().then((target) => {
        this.#target = target;
        return target;
      });
      pending.catch(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
      this.#pending = pending;
    }
    return this.#pending;
  }

  /** Dispatch through the real dispatcher, building it first if needed. */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.#target) return this.#target.dispatch(options, handler);
    this.ready().then(
      (target) => target.dispatch(options, handler),
      (error: unknown) => failHandler(handler, error),
    );
    return true;
  }

  /** Close the real dispatcher, if it was built; a later request builds a new one. */
  close(): Promise<void> {
    return this.#closeTarget();
  }

  /** Same as {@link DeferredDispatcher.close}. */
  destroy(): Promise<void> {
    return this.#closeTarget();
  }

  async #closeTarget(): Promise<void> {
    const pending = this.#pending;
    this.#pending = undefined;
    this.#target = undefined;
    const target = await pending?.catch(() => undefined);
    await target?.close();
  }
}

function failHandler(handler: Dispatcher.DispatchHandler, error: unknown): void {
  const failure =
    error instanceof DeterminedError
      ? error
      : new DeterminedError(`could not set up the connection to the master: ${String(error)}`, {
          cause: error,
        });
  if (handler.onResponseError) handler.onResponseError(idleController, failure);
  else handler.onError?.(failure);
}
