import type { IncomingMessage, ServerResponse } from 'node:http';
import { GrpcCode, MockHttpError, MockHttpErrorWithHeaders } from '../errors';
import type { FaultSpec } from '../faults/types';
import { defaultsFiller } from './emit-defaults';
import type { MockLogger } from './logger';
import type { OperationInfo } from './operation-types';
import { sendJson, sendNdjson, sendStream, streamErrorFor } from './respond';
import { formatViolations, type ResponsePart, type ResponseValidator } from './response-validation';
import type { MockResponse } from './types';
import { echoErrorBody, masterErrorBody } from './wire-errors';

/** Shared services for sending responses. */
export interface SendDeps {
  validator: ResponseValidator;
  logger: MockLogger;
  /** The schemas of the API (to fill unset fields with the master's zero values). */
  schemas: Readonly<Record<string, unknown>>;
}

/** The request a response answers. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  op: OperationInfo | null;
  path: string;
  fault: FaultSpec | null;
  /** `?pretty` was given on a gateway route. */
  pretty?: boolean;
}

/** Checks a body; returns the replacement error message when it violates the spec in 'throw' mode. */
function check(
  deps: SendDeps,
  ex: Exchange,
  status: number,
  part: ResponsePart,
  body: unknown,
): string | null {
  const violation = deps.validator.check({
    op: ex.op,
    method: ex.req.method ?? '',
    path: ex.path,
    status,
    part,
    body,
  });
  if (violation === null) return null;
  const text = formatViolations([violation]);
  deps.logger.warn?.(`mock master: response violates the spec: ${text}`);
  return deps.validator.mode === 'throw' ? `mock response violates the spec: ${text}` : null;
}

/** True for the master's echo routes and unknown paths (errors as `{"message"}`), false for gateway routes. */
export function isEchoExchange(ex: Pick<Exchange, 'op'>): boolean {
  return ex.op === null || !ex.op.path.startsWith('/api/');
}

function partFor(ex: Exchange, status: number): ResponsePart | null {
  if (status === 200) return 'json';
  if (status < 400) return null;
  return isEchoExchange(ex) ? 'echo-error' : 'error';
}

/** The body with unset fields as the master's zero values (EmitDefaults), for a 200 of a schema'd operation. */
function withDefaults(deps: SendDeps, ex: Exchange, body: unknown): unknown {
  const name = ex.op?.responseSchema;
  return name === null || name === undefined ? body : defaultsFiller(deps.schemas[name])(body);
}

/** Answers a failure of the mock itself in the exchange's error shape. */
function internalErrorBody(ex: Exchange, message: string): unknown {
  return isEchoExchange(ex) ? echoErrorBody(message) : masterErrorBody(GrpcCode.Internal, message);
}

function checkStreamItem(deps: SendDeps, ex: Exchange, item: unknown): { send: unknown; stop: boolean } {
  const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const isResult = 'result' in record;
  if (!isResult && !('error' in record)) {
    const problem = `mock stream item is neither {result} nor {error}: ${JSON.stringify(item)}`;
    deps.logger.warn?.(`mock master: ${problem}`);
    return { send: { error: streamErrorFor(new Error(problem)) }, stop: true };
  }
  const part = isResult ? 'stream-result' : 'stream-error';
  const payload = isResult ? withDefaults(deps, ex, record.result) : record.error;
  const replacement = check(deps, ex, 200, part, payload);
  if (replacement === null) return { send: isResult ? { result: payload } : item, stop: !isResult };
  return { send: { error: streamErrorFor(new Error(replacement)) }, stop: true };
}

/** Validates and sends a handler's response (JSON, NDJSON or binary stream). */
export async function sendResponse(deps: SendDeps, ex: Exchange, response: MockResponse): Promise<void> {
  const status = response.status ?? 200;
  if ('json' in response) {
    const part = partFor(ex, status);
    const json = part === 'json' ? withDefaults(deps, ex, response.json) : response.json;
    const replacement = part === null ? null : check(deps, ex, status, part, json);
    if (replacement !== null) {
      const body = internalErrorBody(ex, replacement);
      await sendJson(ex.res, { status: 500, body, fault: null, pretty: wantsPretty(ex) });
      return;
    }
    await sendJson(ex.res, {
      status,
      headers: response.headers,
      body: json,
      fault: ex.fault,
      pretty: wantsPretty(ex),
    });
  } else if ('ndjson' in response) {
    const checkItem = (item: unknown) => checkStreamItem(deps, ex, item);
    await sendNdjson(ex.res, {
      status,
      headers: response.headers,
      items: response.ndjson,
      fault: ex.fault,
      check: checkItem,
    });
  } else {
    await sendStream(ex.res, { status, headers: response.headers, stream: response.stream, fault: ex.fault });
  }
}

/** `Accept: application/json+pretty` (or `?pretty` on a gateway route): four-space indented JSON. */
function wantsPretty(ex: Exchange): boolean {
  return (ex.req.headers.accept ?? '').includes('application/json+pretty') || ex.pretty === true;
}

/**
 * Answers an error in the master's shape: `{"error": {"code", "reason", "error"}}` on gateway
 * routes, `{"message"}` on echo routes and unknown paths (or cuts the connection when the body
 * already started).
 */
export async function sendError(deps: SendDeps, ex: Exchange, error: unknown): Promise<void> {
  if (ex.res.headersSent) {
    ex.res.destroy();
    return;
  }
  if (!(error instanceof MockHttpError)) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    deps.logger.error?.(`mock master: ${ex.req.method} ${ex.req.url} failed: ${detail}`);
  }
  const known = error instanceof MockHttpError;
  const status = known ? error.status : 500;
  const message = known
    ? error.message
    : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  const body = isEchoExchange(ex)
    ? echoErrorBody(message)
    : masterErrorBody(known ? error.grpcCode : GrpcCode.Internal, message);
  const headers = error instanceof MockHttpErrorWithHeaders ? { ...error.headers } : undefined;
  await sendResponse(deps, { ...ex, fault: null }, { status, json: body, ...(headers ? { headers } : {}) });
}
