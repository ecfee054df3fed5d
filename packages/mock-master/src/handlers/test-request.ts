import type { MockContext, MockRequest, MockResponse, MockUser } from '../server/types';
import type { MockState } from '../state/mock-state';
import { adminUser } from '../state/test-helpers';
import { handlers } from './index';

/** Options of {@link callHandler}. */
export interface CallOptions {
  pathParams?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  user?: MockUser;
}

/** Calls a domain handler directly with a fake request (no HTTP). */
export async function callHandler(
  state: MockState,
  operationId: string,
  options: CallOptions = {},
): Promise<MockResponse> {
  const handler = handlers[operationId];
  if (!handler) throw new Error(`no handler for ${operationId}`);
  const req: MockRequest = {
    operationId,
    method: 'GET',
    path: '/',
    pathParams: options.pathParams ?? {},
    query: options.query ?? {},
    body: options.body,
    headers: options.headers ?? {},
    user: options.user ?? adminUser,
    signal: new AbortController().signal,
  };
  const ctx = { state, users: null, now: () => state.clock.now() } as unknown as MockContext;
  return handler(req, ctx);
}

/** The JSON body of a handler's answer (fails for streams). */
export async function callJson(
  state: MockState,
  operationId: string,
  options: CallOptions = {},
): Promise<Record<string, unknown>> {
  const res = await callHandler(state, operationId, options);
  if (!('json' in res)) throw new Error(`${operationId} did not answer JSON`);
  return res.json as Record<string, unknown>;
}

/** All NDJSON items of a streaming handler's answer. */
export async function callNdjson(
  state: MockState,
  operationId: string,
  options: CallOptions = {},
): Promise<unknown[]> {
  const res = await callHandler(state, operationId, options);
  if (!('ndjson' in res)) throw new Error(`${operationId} did not answer NDJSON`);
  const items: unknown[] = [];
  for await (const item of res.ndjson) items.push(item);
  return items;
}
