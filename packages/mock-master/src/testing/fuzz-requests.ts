import { operationTable, schemas } from '@determined-ts/bindings';
import { formatIssuePath } from '../server/body';
import type { OperationInfo } from '../server/operation-types';

/** One generated request and, when it carries exactly one known defect, the field a 400 must name. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  authenticated: boolean;
  expectNamed?: string;
}

type Random = () => number;

const OPERATIONS: readonly OperationInfo[] = Object.values(operationTable);
// Operations that would end or cripple the fuzzer's own session if hit with random input.
const SESSION_BREAKERS = new Set(['Logout', 'PatchUser', 'PatchUsers', 'SetUserPassword', 'PostUser']);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const JUNK_SEGMENTS = [
  'abc',
  '-1',
  '0',
  '99999999999',
  '%ff',
  '%E2%82%AC',
  '..',
  'a b',
  '%00',
  'x'.repeat(300),
  '1.5',
];
const JUNK_VALUES: readonly unknown[] = [
  'abc',
  -1,
  1.5,
  true,
  null,
  [],
  [1, 'x'],
  {},
  { nested: [null] },
  'x'.repeat(2000),
];
const BAD_SCALARS: Record<string, readonly string[]> = {
  integer: ['abc', '-x', '1.5', '99999999999', '', '0x10', ' 1'],
  boolean: ['yes', '1', 'TRUE', ''],
  number: ['abc', '1e', '--1'],
};

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function fillPath(op: OperationInfo, value: (name: string) => string): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
}

function validPath(op: OperationInfo): string {
  return fillPath(op, (name) => {
    const param = op.parameters.find((p) => p.name === name);
    return param?.type === 'integer' ? '1' : 'fuzz';
  });
}

function junkJson(random: Random): Buffer {
  const text = pick(random, ['{', '{"a":', '[1,2', 'nul', '{"x": 1}}', '"str"', '12', '{"a":"\\ud800"}', '']);
  return Buffer.from(text);
}

function invalidUtf8(random: Random): Buffer {
  const bytes = [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d];
  return Buffer.from(random() < 0.5 ? bytes : bytes.reverse());
}

function randomBody(random: Random, op: OperationInfo | null): Buffer | undefined {
  const roll = random();
  if (roll < 0.2) return undefined;
  if (roll < 0.35) return junkJson(random);
  if (roll < 0.45) return invalidUtf8(random);
  const shape = op?.requestSchema ? shapeKeys(op.requestSchema) : [];
  const body: Record<string, unknown> = {};
  for (const key of shape) if (random() < 0.5) body[key] = pick(random, JUNK_VALUES);
  body[`junk${Math.floor(random() * 10)}`] = pick(random, JUNK_VALUES);
  return Buffer.from(JSON.stringify(body));
}

function shapeKeys(schemaName: string): string[] {
  const schema: unknown = schemas[schemaName as keyof typeof schemas];
  if (typeof schema !== 'object' || schema === null || !('shape' in schema)) return [];
  return Object.keys(schema.shape as object);
}

function junkRequest(random: Random): FuzzRequest {
  const op = random() < 0.7 ? pick(random, OPERATIONS) : null;
  const path = op
    ? fillPath(op, () => pick(random, [...JUNK_SEGMENTS, '1', 'fuzz']))
    : `/${Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random, ['api', 'v1', 'x', '%zz', ...JUNK_SEGMENTS])).join('/')}`;
  const query =
    random() < 0.5
      ? `?${pick(random, ['limit=-x', 'offset=abc', 'a=1&a=2', 'x', '=', '%%', 'limit=1'])}`
      : '';
  const headers: Record<string, string> = {};
  if (random() < 0.2)
    headers['content-type'] = pick(random, ['text/plain', 'application/json; charset=latin1', '*/*']);
  if (random() < 0.1)
    headers.authorization = pick(random, ['Bearer', 'Basic abc', 'Bearer v2.public.junk', '']);
  if (random() < 0.05) headers['x-junk'] = 'h'.repeat(20_000 + Math.floor(random() * 30_000));
  if (random() < 0.1) headers['x-request-id'] = pick(random, ['a b', 'é', '<>', 'ok-id']);
  const method = op && random() < 0.6 ? op.method.toUpperCase() : pick(random, METHODS);
  const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(random, op);
  return {
    method,
    path: path + query,
    headers,
    ...(body ? { body } : {}),
    authenticated: random() < 0.5 && !SESSION_BREAKERS.has(op?.operationId ?? ''),
  };
}

function badPathParam(random: Random): FuzzRequest | null {
  const op = pick(random, OPERATIONS);
  const param = op.parameters.find((p) => p.in === 'path' && p.type === 'integer');
  if (!param) return null;
  const bad = pick(
    random,
    (BAD_SCALARS.integer ?? []).filter((v) => v !== ''),
  );
  const path = fillPath(op, (name) => (name === param.name ? bad : '1'));
  return {
    method: op.method.toUpperCase(),
    path,
    headers: {},
    authenticated: false,
    expectNamed: `path parameter ${param.name}`,
  };
}

function badQueryParam(random: Random): FuzzRequest | null {
  const op = pick(random, OPERATIONS);
  const candidates = op.parameters.filter(
    (p) => p.in === 'query' && !p.enum && BAD_SCALARS[p.items?.type ?? p.type ?? ''],
  );
  if (candidates.length === 0) return null;
  const param = pick(random, candidates);
  const bad = pick(random, BAD_SCALARS[param.items?.type ?? param.type ?? ''] ?? []);
  const query = `?${encodeURIComponent(param.name)}=${encodeURIComponent(bad)}`;
  return {
    method: op.method.toUpperCase(),
    path: validPath(op) + query,
    headers: {},
    authenticated: false,
    expectNamed: `query parameter ${param.name}`,
  };
}

function badBodyField(random: Random): FuzzRequest | null {
  const op = pick(random, OPERATIONS);
  const keys = op.requestSchema ? shapeKeys(op.requestSchema) : [];
  const schema = op.requestSchema ? schemas[op.requestSchema as keyof typeof schemas] : undefined;
  if (keys.length === 0 || !schema) return null;
  const body = { [pick(random, keys)]: pick(random, [[{ bad: true }], 'text', 12.5, false]) };
  const result = schema.safeParse(body);
  const issue = result.success ? undefined : result.error.issues[0];
  if (!issue) return null;
  return {
    method: op.method.toUpperCase(),
    path: validPath(op),
    headers: {},
    body: Buffer.from(JSON.stringify(body)),
    authenticated: false,
    expectNamed: `body field ${formatIssuePath(issue.path)}`,
  };
}

function plausibleScalar(
  random: Random,
  spec: { type?: string; format?: string; enum?: readonly string[] },
): string {
  if (spec.enum) return pick(random, spec.enum);
  if (spec.type === 'integer') return String(Math.floor(random() * 8) - 2);
  if (spec.type === 'boolean') return random() < 0.5 ? 'true' : 'false';
  if (spec.type === 'number') return String(Math.round(random() * 100) / 10);
  if (spec.format === 'date-time')
    return new Date(1_700_000_000_000 + Math.floor(random() * 1e9)).toISOString();
  return pick(random, ['', 'a', 'training', 'validation', 'fuzz', 'Uncategorized']);
}

function plausibleQuery(random: Random, op: OperationInfo): string {
  const parts: string[] = [];
  for (const param of op.parameters) {
    if (param.in !== 'query' || (!param.required && random() < 0.6)) continue;
    const values =
      param.type === 'array'
        ? [0, 1].map(() => plausibleScalar(random, param.items ?? {}))
        : [plausibleScalar(random, param)];
    for (const value of values) parts.push(`${encodeURIComponent(param.name)}=${encodeURIComponent(value)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function plausibleRequest(random: Random): FuzzRequest {
  const op = pick(random, OPERATIONS);
  const path = fillPath(op, (name) => {
    const param = op.parameters.find((p) => p.name === name);
    return param?.type === 'integer'
      ? String(1 + Math.floor(random() * 3))
      : pick(random, ['fuzz', 'a', '1']);
  });
  const keys = op.requestSchema ? shapeKeys(op.requestSchema) : [];
  const body: Record<string, unknown> = {};
  for (const key of keys)
    if (random() < 0.4) body[key] = pick(random, [1, 'a', true, ['a'], [1], { a: 1 }, null]);
  return {
    method: op.method.toUpperCase(),
    path: path + plausibleQuery(random, op),
    headers: {},
    ...(op.requestSchema ? { body: Buffer.from(JSON.stringify(body)) } : {}),
    authenticated: !SESSION_BREAKERS.has(op.operationId),
  };
}

const GENERATORS: ReadonlyArray<readonly [number, (random: Random) => FuzzRequest | null]> = [
  [0.25, plausibleRequest],
  [0.4, badPathParam],
  [0.55, badQueryParam],
  [0.7, badBodyField],
  [1, junkRequest],
];

/**
 * Generates `count` requests from the seeded `random`: plausible ones that reach the handlers,
 * single known defects (a bad path parameter, query parameter or body field) and junk of every kind.
 */
export function generateFuzzRequests(random: Random, count: number): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  while (requests.length < count) {
    const roll = random();
    const generate = GENERATORS.find(([limit]) => roll < limit)?.[1] ?? junkRequest;
    const request = generate(random);
    if (request) requests.push(request);
  }
  return requests;
}
