import type { IncomingMessage } from 'node:http';
import { describeValue, GrpcCode, invalidArgument, MockHttpError } from '../errors';
import type { ApiDescription, OperationInfo, SchemaIssue } from './operation-types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a request body, answering 413 when it exceeds `limitBytes`. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limitBytes) {
      throw new MockHttpError(413, GrpcCode.ResourceExhausted, `request body exceeds ${limitBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Renders a schema path as `user.agentUserGroup.agentUid` / `files[0].content`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Turns the first schema issue of a request body into a message naming the offending field. */
export function describeBodyIssue(body: unknown, issue: SchemaIssue): string {
  const field = formatIssuePath(issue.path);
  if (field === '') return `invalid request body: ${issue.message}`;
  const value = valueAt(body, issue.path);
  if (value === undefined) return `missing or invalid body field ${field}: ${issue.message}`;
  return `invalid value ${describeValue(value)} for body field ${field}: ${issue.message}`;
}

function parseJson(raw: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw invalidArgument('invalid request body: not valid UTF-8');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidArgument(`invalid request body: ${(error as Error).message}`);
  }
}

/**
 * Parses and validates the JSON body of an operation that takes one (an empty body counts as `{}`,
 * as with the master's gateway); operations without a body parameter ignore it and get undefined.
 */
export function parseRequestBody(op: OperationInfo, raw: Buffer, api: ApiDescription): unknown {
  if (!op.parameters.some((p) => p.in === 'body')) return undefined;
  const body = parseJson(raw);
  const schema = op.requestSchema === null ? undefined : api.schemas[op.requestSchema];
  if (schema === undefined) return body;
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalidArgument(issue ? describeBodyIssue(body, issue) : 'invalid request body');
  }
  return body;
}
