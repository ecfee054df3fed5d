import { FaultRegistry } from '../faults/fault-registry';
import type { FaultController } from '../faults/types';
import { shellProxy } from '../proxy/shell-proxy';
import { createControlRoutes } from './control-routes';
import { createDispatcher } from './dispatch';
import { listen, type TlsOptions } from './http-server';
import type { MockLogger } from './logger';
import type { ApiDescription, OperationInfo } from './operation-types';
import {
  type ResponseValidationMode,
  ResponseValidator,
  type ResponseViolation,
} from './response-validation';
import { Router } from './router';
import type { Handler, MockContext } from './types';

/** Options of {@link createMockServer}. */
export interface MockServerOptions {
  /** The operations to route and the schemas to validate with. */
  api: ApiDescription;
  /** Handlers by operationId; an operation without one answers 501. */
  handlers: Readonly<Record<string, Handler>>;
  /** Passed to every handler. */
  context: MockContext;
  /** Seed of probabilistic faults. */
  seed: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** Serve HTTPS with this key and certificate. */
  tls?: TlsOptions | undefined;
  /** Where diagnostics go. */
  logger?: MockLogger | undefined;
  /** What to do with responses that violate the spec (default 'throw'). */
  validateResponses?: ResponseValidationMode | undefined;
  /** Largest accepted request body. */
  bodyLimitBytes?: number | undefined;
  /** Reject unknown query parameters with 400 (default false: ignored, as the master does). */
  strictQuery?: boolean | undefined;
  /**
   * Routes the master serves outside the spec (`/info`, ...), as pseudo-operations whose handlers
   * are in `handlers`; `public` ones answer without a session.
   */
  extraOperations?: {
    /** The pseudo-operations by id. */
    operations: Readonly<Record<string, OperationInfo>>;
    /** Ids of those that answer without a session. */
    public: ReadonlySet<string>;
  };
}

/** A listening spec-driven server. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Fault injection. */
  faults: FaultController;
  /** Responses that did not match the spec (in 'record' and 'throw' modes). */
  readonly responseViolations: readonly ResponseViolation[];
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

// Above the master's 128 MiB gRPC message limit, so that oversized model definitions reach the
// handlers' own size check (which answers like the master does).
const DEFAULT_BODY_LIMIT = 160 * 1024 * 1024;

/**
 * Serves `handlers` over HTTP with routing and validation from `api`, fault injection and
 * response self-checks; the state behind the handlers is the caller's.
 */
export async function createMockServer(options: MockServerOptions): Promise<MockServer> {
  const logger = options.logger ?? {};
  const validator = new ResponseValidator(options.validateResponses ?? 'throw', options.api);
  const faults = new FaultRegistry({ seed: options.seed });
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const listener = createDispatcher({
    api: options.api,
    router: new Router([
      ...Object.values(options.api.operations),
      ...Object.values(options.extraOperations?.operations ?? {}),
    ]),
    publicOperations: options.extraOperations?.public ?? new Set(),
    handlers: options.handlers,
    context: options.context,
    users: options.context.users,
    faults,
    validator,
    logger,
    schemas: options.api.schemas,
    bodyLimitBytes,
    strictQuery: options.strictQuery ?? false,
    control: createControlRoutes({ faults, validator, bodyLimitBytes }),
  });
  const server = await listen({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tls: options.tls,
    listener,
    logger,
    onUpgrade: shellProxy(options.context.state),
  });
  return {
    url: server.url,
    port: server.port,
    faults,
    responseViolations: validator.violations,
    close: () => server.close(),
  };
}
