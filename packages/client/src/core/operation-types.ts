/**
 * Types of the one typed request path, derived from the generated bindings: an operation's path
 * parameters, query, body and result come from `operations[Id]`, and which kind of call it takes
 * (JSON, NDJSON stream, raw download) from `operationTable[Id]`. Nothing here is written per
 * endpoint, so a spec change that breaks a facade call breaks its type check.
 */
import type { OperationId, operations, operationTable } from '@determined-ts/bindings';

/** The type of the bindings' `operationTable`: each operation's method, path and kind of answer. */
export type Table = typeof operationTable;
/** An object type with no keys: what an operation without parameters takes. */
export type Empty = Record<never, never>;
/** The `parameters` of operation object `O` (`Empty` when it declares none). */
export type ParamsOf<O> = O extends {
  /** The operation's `path`, `query` and header parameters. */
  parameters: infer P;
}
  ? P
  : Empty;

/** A readonly array where `V` is an array; otherwise `V`. */
export type Widen<V> = V extends (infer E)[] ? readonly E[] : V;

/**
 * What the facade may write for an object the spec declares: optional fields also take
 * `undefined` (left out on the wire) and lists may be readonly. Known keys stay exact, so a
 * renamed field is still an excess property.
 */
export type Lenient<T> = T extends object
  ? { readonly [K in keyof T]: Empty extends Pick<T, K> ? Widen<T[K]> | undefined : Widen<T[K]> }
  : T;

/** One of `path` / `query`: required exactly when the spec requires it, absent when the spec has none. */
export type Slot<P, K extends string> = K extends keyof P
  ? [Exclude<P[K], undefined>] extends [never]
    ? { readonly [N in K]?: never }
    : Empty extends Pick<P, K>
      ? { readonly [N in K]?: Lenient<Exclude<P[K], undefined>> }
      : { readonly [N in K]: Lenient<P[K]> }
  : { readonly [N in K]?: never };

/** The JSON body type of request or response object `T` (`never` when it has none). */
export type JsonContent<T> = T extends {
  /** Bodies by media type. */
  content: {
    /** The JSON body. */
    'application/json': infer B;
  };
}
  ? B
  : never;
/** The JSON request body of operation object `O` (`never` when it takes none). */
export type BodyType<O> = O extends {
  /** The operation's request body. */
  requestBody?: infer RB;
}
  ? JsonContent<Exclude<RB, undefined>>
  : never;
/** The `body` slot of operation object `O`: required, optional, or absent as the spec says. */
export type BodySlot<O> = [BodyType<O>] extends [never]
  ? {
      /** The operation takes no body. */
      readonly body?: never;
    }
  : O extends {
        /** Present when the spec requires a body. */
        requestBody: unknown;
      }
    ? {
        /** The request body (required). */
        readonly body: Lenient<BodyType<O>>;
      }
    : {
        /** The request body (optional). */
        readonly body?: Lenient<BodyType<O>>;
      };

/** The `path`, `query` and `body` of operation `Id`, as the spec declares them. */
export type OperationParams<Id extends OperationId> = Slot<ParamsOf<operations[Id]>, 'path'> &
  Slot<ParamsOf<operations[Id]>, 'query'> &
  BodySlot<operations[Id]>;

/** The query parameters of operation `Id`. */
export type OperationQuery<Id extends OperationId> = NonNullable<OperationParams<Id>['query']>;

/** The request body of operation `Id`. */
export type OperationBody<Id extends OperationId> = NonNullable<OperationParams<Id>['body']>;

/** The JSON body of operation object `O`'s HTTP 200 answer. */
export type OkContent<O> = O extends {
  /** The operation's answers by HTTP status. */
  responses: {
    /** The successful answer. */
    200: infer R;
  };
}
  ? JsonContent<R>
  : never;

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
  OperationResult<Id> extends {
    /** The item the line carries. */
    result?: infer R;
  }
    ? R
    : never
>;

/** The arguments after the operationId: the params may be left out when nothing in them is required. */
export type OperationArgs<Id extends OperationId, Options> =
  Empty extends OperationParams<Id>
    ? [params?: OperationParams<Id>, options?: Options]
    : [params: OperationParams<Id>, options?: Options];
