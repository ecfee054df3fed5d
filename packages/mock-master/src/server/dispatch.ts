import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { requestToken } from '../auth/bearer';
import type { UserStore } from '../auth/user-store';
import { GrpcCode, grpcCodeForStatus, MockHttpError, MockHttpErrorWithHeaders } from '../errors';
import type { FaultRegistry } from '../faults/fault-registry';
import type { FaultSpec } from '../faults/types';
import { parseRequestBody, readBody } from './body';
import type { ApiDescription, OperationInfo } from './operation-types';
import { coercePathParams, coerceQuery } from './params';
import { requestIdFor, splitTarget } from './request-target';
import { type RouteResult, type Router, splitPath } from './router';
import { type Exchange, type SendDeps, sendError, sendResponse } from './send-response';
import type { Handler, MockContext, MockRequest, MockUser } from './types';

/** Operations that answer without a session, like the master's. */
const PUBLIC_OPERATIONS = new Set(['Login', 'GetMaster', 'GetTelemetry', 'health']);

/** Everything the request pipeline needs. */
export interface DispatcherOptions extends SendDeps {
  api: ApiDescription;
  router: Router;
  handlers: Readonly<Record<string, Handler>>;
  context: MockContext;
  users: UserStore;
  faults: FaultRegistry;
  bodyLimitBytes: number;
  /** Reject unknown query parameters (the master ignores them). */
  strictQuery: boolean;
  /** Operations beyond the built-in ones that answer without a session. */
  publicOperations: ReadonlySet<string>;
  /** Answers `/__mock/...` requests. */
  control: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;
}

type Routed = Extract<RouteResult, { kind: 'match' }>;

function routeOrThrow(result: RouteResult): Routed {
  if (result.kind === 'match') return result;
  if (result.kind === 'method-not-allowed') {
    throw new MockHttpErrorWithHeaders(405, GrpcCode.Unimplemented, 'Method Not Allowed', {
      allow: result.allow.join(', '),
    });
  }
  throw new MockHttpError(404, GrpcCode.NotFound, 'Not Found');
}

function authenticate(options: DispatcherOptions, op: OperationInfo, req: IncomingMessage): MockUser | null {
  const token = requestToken(req.headers);
  const user = token === null ? null : options.users.userForToken(token);
  if (user !== null || PUBLIC_OPERATIONS.has(op.operationId) || options.publicOperations.has(op.operationId))
    return user;
  const reason = token === null ? 'no bearer token given' : 'invalid or expired token';
  throw new MockHttpError(401, GrpcCode.Unauthenticated, `unauthenticated: ${reason}`);
}

// Parameters are validated before the session is checked, as the master's gateway decodes the
// request before its auth interceptor runs.
async function buildRequest(
  options: DispatcherOptions,
  req: IncomingMessage,
  routed: Routed,
  target: { pathname: string; search: string; signal: AbortSignal },
): Promise<MockRequest> {
  const { op } = routed;
  const pathParams = coercePathParams(op, routed.rawPathParams);
  const params = new URLSearchParams(target.search);
  // `?pretty` is read by the master's HTTP layer before the gateway, on every route.
  params.delete('pretty');
  const query = coerceQuery(op, params, { strict: options.strictQuery });
  const body = parseRequestBody(op, await readBody(req, options.bodyLimitBytes), options.api);
  return {
    operationId: op.operationId,
    method: req.method ?? 'GET',
    path: target.pathname,
    pathParams,
    query,
    body,
    headers: req.headers,
    user: authenticate(options, op, req),
    signal: target.signal,
  };
}

function injectedError(status: number, retryAfter: number | undefined): MockHttpError {
  const message = `injected fault: HTTP ${status}`;
  if (retryAfter === undefined) return new MockHttpError(status, grpcCodeForStatus(status), message);
  return new MockHttpErrorWithHeaders(status, grpcCodeForStatus(status), message, {
    'retry-after': String(retryAfter),
  });
}

async function applyEarlyFault(fault: FaultSpec | null, signal: AbortSignal): Promise<void> {
  if (fault?.latencyMs !== undefined) await sleep(fault.latencyMs, undefined, { signal });
  if (fault?.status !== undefined) throw injectedError(fault.status, fault.retryAfter);
}

async function handleApi(
  options: DispatcherOptions,
  ex: Exchange,
  target: { pathname: string; search: string; signal: AbortSignal },
): Promise<void> {
  const method = ex.req.method ?? 'GET';
  const parts = splitPath(target.pathname);
  const result = parts === null ? ({ kind: 'not-found' } as const) : options.router.match(method, parts);
  ex.op = result.kind === 'match' ? result.op : null;
  ex.fault = options.faults.take({
    operationId: ex.op?.operationId ?? null,
    method,
    path: target.pathname,
    pathTemplate: ex.op?.path ?? null,
  });
  await applyEarlyFault(ex.fault, target.signal);
  const routed = routeOrThrow(result);
  const handler = options.handlers[routed.op.operationId];
  const request = await buildRequest(options, ex.req, routed, target);
  if (handler === undefined) {
    throw new MockHttpError(
      501,
      GrpcCode.Unimplemented,
      `${routed.op.operationId} is not implemented by the mock master`,
    );
  }
  const response = await handler(request, options.context);
  if (ex.fault?.reset === 'before-body') {
    ex.res.destroy();
    return;
  }
  await sendResponse(options, ex, response);
}

/** The HTTP request listener of the mock master. */
export function createDispatcher(options: DispatcherOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('x-request-id', requestIdFor(req.headers));
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const { pathname, search } = splitTarget(req.url ?? '/');
    const pretty = pathname.startsWith('/api/') && new URLSearchParams(search).has('pretty');
    const ex: Exchange = { req, res, op: null, path: pathname, fault: null, pretty };
    try {
      if (pathname.startsWith('/__mock/')) {
        await options.control(req, res, pathname);
        return;
      }
      await handleApi(options, ex, { pathname, search, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) return;
      await sendError(options, ex, error);
    }
  };
}
