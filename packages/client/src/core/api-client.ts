import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import {
  type OperationId,
  type OperationInfo,
  operationTable,
  type paths,
} from '@determined-ts/bindings/operations';
import openapiFetch from 'openapi-fetch';
import type { ApiCallOptions, ApiMethods } from './api-client-types';
import { InvalidArgumentError } from './errors';
import type { SignalOption } from './method-options';
import type { Table } from './operation-types';
import { encodeJsonBody, fillPath, serializeQuery } from './query';
import type { Session } from './session';
import type { Transport } from './transport';
import type { ValidationMode } from './validation';

export type {
  ApiCallOptions,
  ApiHttpMethod,
  ApiInit,
  ApiInitParam,
  ApiMaybeOptionalInit,
  ApiMediaType,
  ApiMethod,
  ApiMethods,
  ApiOperation,
  ApiPath,
  ApiRequestMethod,
  ApiRequiredKeys,
} from './api-client-types';

// Our CommonJS build loads openapi-fetch's CommonJS file, whose default export arrives nested
// one level down (Node's interop); the ESM build gets the function itself.
const createClient: typeof openapiFetch =
  typeof openapiFetch === 'function'
    ? openapiFetch
    : (openapiFetch as unknown as { default: typeof openapiFetch }).default;

/** Paths of the NDJSON streaming operations (all are GET). */
export type StreamingPath = {
  [K in keyof Table]: Table[K] extends {
    /** `true` for an operation answering with newline-delimited JSON. */
    streaming: true;
    /** The operation's path template. */
    path: infer P;
  }
    ? P
    : never;
}[keyof Table] &
  keyof paths;

/** The spec's `GET` operation at streaming path `P`. */
export type StreamOperation<P extends StreamingPath> = paths[P] extends {
  /** The path's `GET` operation. */
  get: infer O;
}
  ? O
  : never;

/** One line of streaming operation `P`'s answer, as the spec declares it. */
export type StreamLine<P extends StreamingPath> =
  StreamOperation<P> extends {
    /** The operation's answers by HTTP status. */
    responses: {
      /** The successful answer. */
      200: {
        /** Its bodies by media type. */
        content: {
          /** The JSON body: one line of the stream. */
          'application/json': infer L;
        };
      };
    };
  }
    ? L
    : never;

/** The `result` type of one line of streaming operation `P`. */
export type StreamResult<P extends StreamingPath> = NonNullable<
  StreamLine<P> extends {
    /** The item the line carries. */
    result?: infer R;
  }
    ? R
    : never
>;

/** Path and query parameters of streaming operation `P`. */
export type StreamParams<P extends StreamingPath> =
  StreamOperation<P> extends {
    /** The operation's `path` and `query` parameters. */
    parameters: infer Params;
  }
    ? Params
    : never;

/** Options of the `stream` method of an {@link ApiClient}. */
export interface StreamInit<P extends StreamingPath> extends SignalOption {
  /** Path and query parameters of the operation. */
  readonly params: StreamParams<P>;
  /** Longest wait for the next chunk (default: the transport's timeout; `null`: none, e.g. to follow logs). */
  readonly idleTimeoutMs?: number | null | undefined;
  /** How each line's `result` is checked against the spec (default: the transport's mode). */
  readonly validate?: ValidationMode | undefined;
}

/**
 * openapi-fetch's client typed by the spec's `paths`, sending through the SDK's `Transport`
 * (auth, retries, timeouts, validation). Unlike plain openapi-fetch, a non-2xx status never
 * resolves to `{ error }`: the call rejects with the matching `APIError` subclass, so a resolved
 * call always carries `data`. Per-call `retry`, `timeoutMs`, `validate` and `signal` (which takes
 * `undefined`) go in `init`. Operations that answer something other than JSON (the checkpoint
 * archive, a model file) need `parseAs` (`'stream'` hands the body over unread as a web
 * `ReadableStream`); without it they reject with `InvalidArgumentError` before sending.
 */
export type ApiClient = ApiMethods & {
  /** Lazily stream an NDJSON operation, yielding each line's validated `result`. */
  stream<P extends StreamingPath>(path: P, init: StreamInit<P>): AsyncIterable<StreamResult<P>>;
};

/** Options of {@link createApiClient}: a session (what `Determined.api` uses) or a bare transport. */
export interface ApiClientOptions {
  /** Send through this transport as is (no login). */
  readonly transport?: Transport | undefined;
  /** Log this session in before each call and send through its transport (one login, one socket pool). */
  readonly session?: Session | undefined;
}

// openapi-fetch needs an absolute URL to build its Request; the transport supplies the real master.
const PLACEHOLDER_BASE = 'http://determined-master.invalid';
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
// The body is handed over byte for byte, undecoded: the Response must not try to decode it again.
const DROPPED_HEADERS = new Set(['content-encoding', 'transfer-encoding']);

type LooseInit = Record<string, unknown> & { params?: { path?: Record<string, unknown> } };
type LooseResult = { data?: unknown; error?: unknown; response: Response };
type LooseRequest = (method: string, url: string, init?: Record<string, unknown>) => Promise<LooseResult>;

const operationsByRoute: ReadonlyMap<string, OperationInfo> = new Map(
  Object.values(operationTable as Readonly<Record<string, OperationInfo>>).map((op) => [
    `${op.method.toUpperCase()} ${op.path}`,
    op,
  ]),
);

function responseHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) out.append(name, item);
  }
  return out;
}

/** Where calls go: the transport, after logging the session in when there is one. */
interface Route {
  readonly transport: Transport;
  readonly ready: () => Promise<unknown>;
  /** Refuses an operation the master's version does not have (sessions only). */
  readonly ensureAvailable: (id: OperationId) => Promise<void>;
}

/**
 * A `fetch` for openapi-fetch that sends through the SDK's transport (same login, retries,
 * timeouts, redaction and socket pool) and hands the answer's body over as a stream, unread.
 * Non-2xx answers reject with the transport's typed `APIError`.
 */
function transportFetch(route: Route, extras: ApiCallOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    await route.ready();
    const url = new URL(request.url);
    const body = request.body === null ? '' : await request.text();
    const answer = await route.transport.sendRaw(request.method, `${url.pathname}${url.search}`, {
      headers: Object.fromEntries(request.headers),
      retry: extras.retry,
      timeoutMs: extras.timeoutMs,
      signal: extras.signal,
      ...(body === '' ? {} : { body }),
    });
    const headers = responseHeaders(answer.headers);
    if (NULL_BODY_STATUSES.has(answer.status)) {
      answer.body.destroy();
      return new Response(null, { status: answer.status, headers });
    }
    const stream: ReadableStream<Uint8Array> = Readable.toWeb(answer.body);
    return new Response(stream, { status: answer.status, headers });
  };
}

const PARSE_AS: ReadonlySet<unknown> = new Set(['json', 'text', 'blob', 'arrayBuffer', 'stream']);

/**
 * How openapi-fetch is to read the answer (default `json`). An operation whose spec answers
 * something other than JSON must say how to read it: parsing a tar archive as JSON would only
 * fail late, on bytes already read.
 */
function parseAsOf(parseAs: unknown, op: OperationInfo | undefined, route: string): unknown {
  if (parseAs === undefined) {
    if (op !== undefined && !op.produces.includes('application/json')) {
      throw new InvalidArgumentError(
        `${op.operationId} (${route}) answers ${op.produces.join(', ')}, not JSON: pass parseAs: 'stream' ` +
          `(the body as a ReadableStream), 'arrayBuffer', 'blob' or 'text'`,
      );
    }
    return 'json';
  }
  if (!PARSE_AS.has(parseAs)) {
    throw new InvalidArgumentError(
      `parseAs must be one of json, text, blob, arrayBuffer or stream, got ${String(parseAs)}`,
    );
  }
  return parseAs;
}

function typedCall(route: Route, request: LooseRequest, method: (typeof METHODS)[number]) {
  const { transport } = route;
  return async (url: string, init: LooseInit = {}): Promise<LooseResult> => {
    const { retry, timeoutMs, validate, signal, ...rest } = init as LooseInit & ApiCallOptions;
    const op = operationsByRoute.get(`${method} ${url}`);
    const parseAs = parseAsOf(rest.parseAs, op, `${method} ${url}`);
    if (op) await route.ensureAvailable(op.operationId as OperationId);
    const fetch = transportFetch(route, { retry, timeoutMs, signal });
    const result = await request(method, url, { ...rest, fetch });
    // Only a parsed JSON body can be checked: text, bytes and streams are handed over as they are.
    if (parseAs === 'json' && op?.responseSchema && result.data !== undefined) {
      transport.validate(result.data, op.responseSchema, `${op.operationId} (${method} ${url})`, validate);
    }
    return result;
  };
}

function streamCall(route: Route) {
  return (
    path: string,
    init: { params: { path?: Record<string, unknown>; query?: Record<string, unknown> } } & StreamInitBase,
  ): AsyncIterable<unknown> => {
    const op = operationsByRoute.get(`GET ${path}`);
    if (!op?.streaming) throw new InvalidArgumentError(`${path} is not a streaming operation`);
    const lines = route.transport.stream(fillPath(path, init.params.path ?? {}), {
      query: init.params.query,
      signal: init.signal,
      idleTimeoutMs: init.idleTimeoutMs,
      validate: init.validate,
      schema: op.responseSchema ?? undefined,
      operation: op.operationId,
    });
    return (async function* () {
      await route.ensureAvailable(op.operationId as OperationId);
      await route.ready();
      yield* lines;
    })();
  };
}

function routeOf(options: ApiClientOptions): Route {
  const { session } = options;
  if (session) {
    return {
      transport: session.transport,
      ready: () => session.username(),
      ensureAvailable: (id) => session.ensureAvailable(id),
    };
  }
  const unchecked = async (): Promise<void> => undefined;
  if (options.transport)
    return { transport: options.transport, ready: unchecked, ensureAvailable: unchecked };
  throw new InvalidArgumentError('createApiClient needs a session or a transport');
}

type StreamInitBase = Omit<StreamInit<StreamingPath>, 'params'>;

/** Build the typed low-level client for every operation of the spec on top of `transport`. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const route = routeOf(options);
  const inner = createClient<paths>({
    baseUrl: PLACEHOLDER_BASE,
    querySerializer: (query) => serializeQuery(query),
    pathSerializer: (pathname, params) => fillPath(pathname, params),
    bodySerializer: (body) => encodeJsonBody(body),
  });
  const request = inner.request as unknown as LooseRequest;
  const calls = Object.fromEntries(METHODS.map((method) => [method, typedCall(route, request, method)]));
  const client = {
    ...inner,
    ...calls,
    request: (method: string, url: string, init?: LooseInit) =>
      typedCall(route, request, method.toUpperCase() as (typeof METHODS)[number])(url, init),
    stream: streamCall(route),
  };
  return client as unknown as ApiClient;
}
