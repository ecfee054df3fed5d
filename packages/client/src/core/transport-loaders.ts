/**
 * What the transport loads on its first request rather than when the SDK is imported: its undici
 * dispatcher (TLS agent, redirect interceptor) and the spec's schemas (with zod).
 */
import type { Dispatcher } from 'undici';
import type { Logger } from './logger';
import type { TlsOptions } from './tls';
import type { DispatchTarget } from './transport-support';
import type { SchemaRegistry } from './validation';

/** Options of {@link TransportLoaders}. */
export interface TransportLoadersOptions {
  /** The dispatcher to send through; when unset, one is built from `tls` and the proxy variables. */
  readonly dispatcher: DispatchTarget | Dispatcher | undefined;
  readonly tls: TlsOptions;
  /** Schemas given by the caller (then the bindings' are never loaded). */
  readonly schemas: SchemaRegistry | undefined;
  /** Told when the schemas cannot be loaded. */
  readonly logger: Logger;
}

/** Loads (once each) the dispatcher and the schemas of a transport. */
export class TransportLoaders {
  readonly #options: TransportLoadersOptions;
  #dispatcher: Dispatcher | undefined;
  #dispatcherLoading: Promise<Dispatcher> | undefined;
  #built: Dispatcher | undefined;
  #schemas: SchemaRegistry | undefined;
  #schemasLoading: Promise<SchemaRegistry | undefined> | undefined;

  constructor(options: TransportLoadersOptions) {
    this.#options = options;
    this.#schemas = options.schemas;
  }

  /** The dispatcher, once loaded. */
  get dispatcher(): Dispatcher | undefined {
    return this.#dispatcher;
  }

  /** The schemas, once loaded (or given). */
  get schemas(): SchemaRegistry | undefined {
    return this.#schemas;
  }

  /** Build (once) the dispatcher requests go through; a failed build is tried again next time. */
  loadDispatcher(): Promise<Dispatcher> {
    if (!this.#dispatcherLoading) {
      const loading = (async () => {
        const { redirectingDispatcher } = await import('./transport-dispatcher');
        let base = this.#options.dispatcher;
        if (base === undefined) {
          const { createDispatcher } = await import('./tls');
          this.#built = createDispatcher(this.#options.tls);
          base = this.#built;
        }
        this.#dispatcher = redirectingDispatcher(base);
        return this.#dispatcher;
      })();
      loading.catch(() => {
        if (this.#dispatcherLoading === loading) this.#dispatcherLoading = undefined;
      });
      this.#dispatcherLoading = loading;
    }
    return this.#dispatcherLoading;
  }

  /** Load (once) the bindings' schemas; never rejects (validation then reports them missing). */
  loadSchemas(): Promise<SchemaRegistry | undefined> {
    if (this.#schemas !== undefined) return Promise.resolve(this.#schemas);
    this.#schemasLoading ??= import('@determined-ts/bindings/schemas').then(
      (module) => {
        this.#schemas = module.schemas;
        return module.schemas;
      },
      (cause: unknown) => {
        this.#schemasLoading = undefined;
        this.#options.logger.warn(
          `response validation: the spec's schemas could not be loaded: ${String(cause)}`,
        );
        return undefined;
      },
    );
    return this.#schemasLoading;
  }

  /** Close the dispatcher built here (not a given one); the next request builds a new one. */
  async close(): Promise<void> {
    await this.#dispatcherLoading?.catch(() => undefined);
    const built = this.#built;
    this.#built = undefined;
    this.#dispatcher = undefined;
    this.#dispatcherLoading = undefined;
    await built?.close();
  }
}
