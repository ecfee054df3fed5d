import { Dispatcher } from 'undici';
import { DeterminedError } from './errors';

const idleController: Dispatcher.DispatchController = {
  aborted: false,
  paused: false,
  reason: null,
  abort: () => undefined,
  pause: () => undefined,
  resume: () => undefined,
};

/**
 * An undici dispatcher whose real dispatcher is built asynchronously on first use (the TLS
 * settings of a master come from files: explicit certificate, `DET_MASTER_CERT_FILE` or the
 * certificate cache). This is what lets `new Determined()` return without doing I/O. A failed
 * build is not cached: the next request tries again (e.g. after a corrupt cache was deleted).
 */
export class DeferredDispatcher extends Dispatcher {
  readonly #create: () => Promise<Dispatcher>;
  #pending: Promise<Dispatcher> | undefined;
  #target: Dispatcher | undefined;

  constructor(create: () => Promise<Dispatcher>) {
    super();
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

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.#target) return this.#target.dispatch(options, handler);
    this.ready().then(
      (target) => target.dispatch(options, handler),
      (error: unknown) => failHandler(handler, error),
    );
    return true;
  }

  override close(callback: () => void): void;
  override close(): Promise<void>;
  override close(callback?: () => void): Promise<void> | undefined {
    const closing = this.#closeTarget();
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
    const destroying = this.#closeTarget();
    if (!done) return destroying;
    destroying.then(done, done);
    return undefined;
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
