import type { IncomingMessage, ServerResponse } from 'node:http';
import { GrpcCode, MockHttpError, MockHttpErrorWithHeaders } from '../errors';
import type { FaultSpec } from '../faults/types';
import { runtimeErrorBody } from './errors';
import type { MockLogger } from './logger';
import type { OperationInfo } from './operation-types';
import { sendJson, sendNdjson, sendStream, streamErrorFor } from './respond';
import { formatViolations, type ResponsePart, type ResponseValidator } from './response-validation';
import type { MockResponse } from './types';

/** Shared services for sending responses. */
export interface SendDeps {
  validator: ResponseValidator;
  logger: MockLogger;
}

/** The request a response answers. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  op: OperationInfo | null;
  path: string;
  fault: FaultSpec | null;
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

function partFor(status: number): ResponsePart | null {
  if (status === 200) return 'json';
  return status >= 400 ? 'error' : null;
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
  const replacement = check(deps, ex, 200, part, isResult ? record.result : record.error);
  if (replacement === null) return { send: item, stop: !isResult };
  return { send: { error: streamErrorFor(new Error(replacement)) }, stop: true };
}

/** Validates and sends a handler's response (JSON, NDJSON or binary stream). */
export async function sendResponse(deps: SendDeps, ex: Exchange, response: MockResponse): Promise<void> {
  const status = response.status ?? 200;
  if ('json' in response) {
    const part = partFor(status);
    const replacement = part === null ? null : check(deps, ex, status, part, response.json);
    if (replacement !== null) {
      const body = runtimeErrorBody(GrpcCode.Internal, replacement);
      await sendJson(ex.res, { status: 500, body, fault: null });
      return;
    }
    await sendJson(ex.res, { status, headers: response.headers, body: response.json, fault: ex.fault });
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

/** Answers an error as the master's `runtimeError` (or cuts the connection when the body already started). */
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
  const body = runtimeErrorBody(known ? error.grpcCode : GrpcCode.Internal, message);
  const headers = error instanceof MockHttpErrorWithHeaders ? { ...error.headers } : undefined;
  await sendResponse(deps, { ...ex, fault: null }, { status, json: body, ...(headers ? { headers } : {}) });
}
