/**
 * Types of the one typed request path, derived from the generated bindings: an operation's path
 * parameters, query, body and result come from `operations[Id]`, and which kind of call it takes
 * (JSON, NDJSON stream, raw download) from `operationTable[Id]`. Nothing here is written per
 * endpoint, so a spec change that breaks a facade call breaks its type check.
 */
import type { OperationId, operations, operationTable } from '@determined-ts/bindings';

type Table = typeof operationTable;
type Empty = Record<never, never>;
type ParamsOf<O> = O extends { parameters: infer P } ? P : Empty;

type Widen<V> = V extends (infer E)[] ? readonly E[] : V;

/**
 * What the facade may write for an object the spec declares: optional fields also take
 * `undefined` (left out on the wire) and lists may be readonly. Known keys stay exact, so a
 * renamed field is still an excess property.
 */
type Lenient<T> = T extends object
  ? { readonly [K in keyof T]: Empty extends Pick<T, K> ? Widen<T[K]> | undefined : Widen<T[K]> }
  : T;

/** One of `path` / `query`: required exactly when the spec requires it, absent when the spec has none. */
type Slot<P, K extends string> = K extends keyof P
  ? [Exclude<P[K], undefined>] extends [never]
    ? { readonly [N in K]?: never }
    : Empty extends Pick<P, K>
      ? { readonly [N in K]?: Lenient<Exclude<P[K], undefined>> }
      : { readonly [N in K]: Lenient<P[K]> }
  : { readonly [N in K]?: never };

type JsonContent<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type BodyType<O> = O extends { requestBody?: infer RB } ? JsonContent<Exclude<RB, undefined>> : never;
type BodySlot<O> = [BodyType<O>] extends [never]
  ? { readonly body?: never }
  : O extends { requestBody: unknown }
    ? { readonly body: Lenient<BodyType<O>> }
    : { readonly body?: Lenient<BodyType<O>> };

/** The `path`, `query` and `body` of operation `Id`, as the spec declares them. */
export type OperationParams<Id extends OperationId> = Slot<ParamsOf<operations[Id]>, 'path'> &
  Slot<ParamsOf<operations[Id]>, 'query'> &
  BodySlot<operations[Id]>;

/** The query parameters of operation `Id`. */
export type OperationQuery<Id extends OperationId> = NonNullable<OperationParams<Id>['query']>;

/** The request body of operation `Id`. */
export type OperationBody<Id extends OperationId> = NonNullable<OperationParams<Id>['body']>;

type OkContent<O> = O extends { responses: { 200: infer R } } ? JsonContent<R> : never;

/** The JSON body of operation `Id`'s successful answer. */
export type OperationResult<Id extends OperationId> = OkContent<operations[Id]>;

/** Operations answering with one JSON body. */
export type JsonOperationId = {
  [K in OperationId]: Table[K]['streaming'] extends true
    ? never
    : 'application/json' extends Table[K]['produces'][number]
      ? K
      : never;
}[OperationId];

/** Operations answering with newline-delimited JSON (`{"result": ...}` per line). */
export type StreamingOperationId = {
  [K in OperationId]: Table[K]['streaming'] extends true ? K : never;
}[OperationId];

/** Operations answering with a body that is not JSON (archives, files). */
export type DownloadOperationId = {
  [K in OperationId]: 'application/json' extends Table[K]['produces'][number] ? never : K;
}[OperationId];

/** The `result` of one line of streaming operation `Id`. */
export type StreamItem<Id extends StreamingOperationId> = NonNullable<
  OperationResult<Id> extends { result?: infer R } ? R : never
>;

/** The arguments after the operationId: the params may be left out when nothing in them is required. */
export type OperationArgs<Id extends OperationId, Options> =
  Empty extends OperationParams<Id>
    ? [params?: OperationParams<Id>, options?: Options]
    : [params: OperationParams<Id>, options?: Options];
