/**
 * The call signatures of `det.api`: openapi-fetch's, except for `init`, which takes the SDK's
 * per-call options typed (`retry`, `timeoutMs`, `validate`) and the SDK's `signal`, which accepts
 * `undefined` like every other SDK call. openapi-fetch takes `RequestInit`'s
 * `signal?: AbortSignal | null`, which under `exactOptionalPropertyTypes` refuses an optional
 * signal passed through as it is.
 */
import type { paths } from '@determined-ts/bindings/operations';
import type { Client, ClientPathsWithMethod, FetchResponse, RequestOptions } from 'openapi-fetch';
import type { MethodOptions } from './method-options';
import type { RetryOptions } from './retry';
import type { ValidationMode } from './validation';

/** Extra options accepted in the `init` object of every typed call (next to `params`/`body`). */
export interface ApiCallOptions extends MethodOptions {
  /** Per-call retry settings (e.g. `false`, or `{ methods: ['POST'] }` to retry a POST). */
  readonly retry?: RetryOptions | undefined;
  /** Per-call response validation mode. */
  readonly validate?: ValidationMode | undefined;
}

/** The HTTP methods of the spec's path items, as openapi-fetch names them. */
export type ApiHttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** A media type, e.g. `application/json` (as openapi-fetch types it). */
export type ApiMediaType = `${string}/${string}`;

/** The keys `T` requires (`never` when all are optional). */
export type ApiRequiredKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K;
}[keyof T];

/** Paths of the spec that have method `M`. */
export type ApiPath<M extends ApiHttpMethod> = ClientPathsWithMethod<Client<paths>, M>;

/** The operation object of path `P` and method `M`. */
export type ApiOperation<P extends keyof paths, M extends ApiHttpMethod> = paths[P][M] extends infer O extends
  Record<string | number, unknown>
  ? O
  : never;

/**
 * The `init` of a typed call of operation object `O`: openapi-fetch's request options
 * (`params`, `body`, `headers`, `parseAs`, ...) and `RequestInit` without its `signal`, plus the
 * SDK's {@link ApiCallOptions}.
 */
export type ApiInit<O> = RequestOptions<O> &
  Omit<RequestInit, 'body' | 'headers' | 'signal'> &
  ApiCallOptions;

/** The `init` of operation `O`, which may be left out when nothing in it is required. */
export type ApiMaybeOptionalInit<O> =
  ApiRequiredKeys<ApiInit<O>> extends never ? ApiInit<O> | undefined : ApiInit<O>;

/**
 * The `init` parameter of a typed call, optional when nothing in it is required. As in
 * openapi-fetch, the extra keys are added after inference, so that this stays decidable.
 */
export type ApiInitParam<Init> =
  ApiRequiredKeys<Init> extends never
    ? [(Init & { [key: string]: unknown })?]
    : [Init & { [key: string]: unknown }];

/** A typed call with method `M` (`det.api.GET`, `det.api.POST`, ...). */
export type ApiMethod<M extends ApiHttpMethod> = <
  P extends ApiPath<M>,
  Init extends ApiMaybeOptionalInit<ApiOperation<P, M>>,
>(
  url: P,
  ...init: ApiInitParam<Init>
) => Promise<FetchResponse<ApiOperation<P, M>, Init, ApiMediaType>>;

/** `det.api.request(method, url, init)`: a typed call with the method as an argument. */
export type ApiRequestMethod = <
  M extends ApiHttpMethod,
  P extends ApiPath<M>,
  Init extends ApiMaybeOptionalInit<ApiOperation<P, M>>,
>(
  method: M,
  url: P,
  ...init: ApiInitParam<Init>
) => Promise<FetchResponse<ApiOperation<P, M>, Init, ApiMediaType>>;

/** The typed calls of `det.api`, one per HTTP method, plus openapi-fetch's middleware hooks. */
export interface ApiMethods extends Pick<Client<paths>, 'use' | 'eject'> {
  /** Any method: `request('get', '/api/v1/agents', init)`. */
  readonly request: ApiRequestMethod;
  /** A typed `GET`. */
  readonly GET: ApiMethod<'get'>;
  /** A typed `PUT`. */
  readonly PUT: ApiMethod<'put'>;
  /** A typed `POST`. */
  readonly POST: ApiMethod<'post'>;
  /** A typed `DELETE`. */
  readonly DELETE: ApiMethod<'delete'>;
  /** A typed `OPTIONS`. */
  readonly OPTIONS: ApiMethod<'options'>;
  /** A typed `HEAD`. */
  readonly HEAD: ApiMethod<'head'>;
  /** A typed `PATCH`. */
  readonly PATCH: ApiMethod<'patch'>;
  /** A typed `TRACE`. */
  readonly TRACE: ApiMethod<'trace'>;
}
