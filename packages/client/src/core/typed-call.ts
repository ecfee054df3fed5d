/**
 * The one request path of the facade: a call keyed by operationId, whose method, URL template,
 * response schema and streaming flag come from the generated `operationTable` at run time and
 * whose argument and result types come from the generated `operations` (see `operation-types`).
 */
import { type OperationId, type OperationInfo, operationTable } from '@determined-ts/bindings/operations';
import type { MethodOptions, SignalOption } from './method-options';
import type {
  DownloadOperationId,
  JsonOperationId,
  OperationArgs,
  OperationBody,
  OperationParams,
  OperationResult,
  StreamItem,
  StreamingOperationId,
} from './operation-types';
import { fillPath } from './query';
import type { RetryOptions } from './retry';
import type { RawResponse, Transport } from './transport';
import type { PreparedJsonBody } from './transport-body';
import type { ValidationMode } from './validation';

/** Options of a typed JSON call or download. */
export interface OperationCallOptions extends MethodOptions {
  /** Per-call retry settings, layered over the client's. */
  readonly retry?: RetryOptions | undefined;
  /** Per-call response validation mode. */
  readonly validate?: ValidationMode | undefined;
  /** Send the session's `Authorization` header (default true). */
  readonly auth?: boolean | undefined;
  /** Extra headers for this call, over the client-wide `headers`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Options of a typed NDJSON stream. */
export interface OperationStreamOptions extends SignalOption {
  /** Longest wait for the answer and then for each chunk, in ms (`null`/`0`: none). */
  readonly idleTimeoutMs?: number | null | undefined;
  /** How each line's `result` is checked against the spec (default: the transport's mode). */
  readonly validate?: ValidationMode | undefined;
}

/** The params of operation `Id` with its body already serialized (see `PreparedJsonBody`). */
export type PreparedParams<Id extends JsonOperationId> = Omit<OperationParams<Id>, 'body'> & {
  /** The operation's JSON body, serialized ahead of the request. */
  readonly body: PreparedJsonBody<OperationBody<Id>>;
};

/** The arguments of a typed JSON call: the operation's params (or with a prepared body) and options. */
export type CallArgs<Id extends JsonOperationId> =
  | OperationArgs<Id, OperationCallOptions>
  | [params: PreparedParams<Id>, options?: OperationCallOptions];

type LooseParams = {
  readonly path?: Readonly<Record<string, unknown>> | undefined;
  readonly query?: Readonly<Record<string, unknown>> | undefined;
  readonly body?: unknown;
};

/** The typed params seen by the run-time code, which only walks their parts. */
function loosen(params: object | undefined): LooseParams | undefined {
  return params;
}

/** The table entry of `id` (run-time facts: method, template, schema, streaming). */
export function operationInfo(id: OperationId): OperationInfo {
  return operationTable[id];
}

function target(op: OperationInfo, params: LooseParams | undefined): { method: string; path: string } {
  return { method: op.method.toUpperCase(), path: fillPath(op.path, params?.path ?? {}) };
}

function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

/** Send JSON operation `id` and resolve to its validated answer. */
export async function callOperation<Id extends JsonOperationId>(
  transport: Transport,
  id: Id,
  params: OperationParams<Id> | PreparedParams<Id> | undefined,
  options: OperationCallOptions = {},
): Promise<OperationResult<Id>> {
  const op = operationInfo(id);
  const loose = loosen(params);
  const { method, path } = target(op, loose);
  return transport.request<OperationResult<Id>>(method, path, {
    ...definedOnly(options),
    query: loose?.query,
    body: loose?.body,
    schema: op.responseSchema ?? undefined,
  });
}

/** Stream NDJSON operation `id` lazily, yielding each line's validated `result`. */
export function streamOperation<Id extends StreamingOperationId>(
  transport: Transport,
  id: Id,
  params: OperationParams<Id> | undefined,
  options: OperationStreamOptions = {},
): AsyncIterable<StreamItem<Id>> {
  const op = operationInfo(id);
  const loose = loosen(params);
  const { path } = target(op, loose);
  return transport.stream<StreamItem<Id>>(path, {
    ...definedOnly(options),
    query: loose?.query,
    schema: op.responseSchema ?? undefined,
  });
}

/** Send download operation `id` and hand back the unread body of its answer. */
export async function downloadOperation<Id extends DownloadOperationId>(
  transport: Transport,
  id: Id,
  params: OperationParams<Id> | undefined,
  options: OperationCallOptions = {},
): Promise<RawResponse> {
  const op = operationInfo(id);
  const loose = loosen(params);
  const { method, path } = target(op, loose);
  return transport.raw(method, path, { ...definedOnly(options), query: loose?.query });
}

/** The request path of operation `id` with these path parameters (for messages and errors). */
export function operationPath<Id extends OperationId>(id: Id, params?: OperationParams<Id>): string {
  return target(operationInfo(id), loosen(params)).path;
}
