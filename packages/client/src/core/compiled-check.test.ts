import { schemas } from '@determined-ts/bindings';
import { z } from 'zod';
import { warningLogger } from '../testing/warning-logger';
import { type CompiledCheck, compileCheck } from './compiled-check';
import { ResponseValidator } from './validation';

const report = {
  id: 1,
  trialId: 7,
  trialRunId: 1,
  totalBatches: 100,
  endTime: '2026-01-01T00:00:00Z',
  metrics: { avg_metrics: { loss: 0.5 }, batch_metrics: [] },
  group: 'training',
  archived: false,
};

function compiled(schema: z.ZodType): CompiledCheck {
  const check = compileCheck(schema);
  if (check === null) throw new Error('schema did not compile');
  return check;
}

/** What the slow path decides: zod accepts and the validator reports nothing. */
function slowPathAccepts(schema: z.ZodType, value: unknown): boolean {
  const logger = warningLogger();
  const validator = new ResponseValidator({ logger });
  if (!z.safeParse(schema, value).success) return false;
  // A refinement makes the schema uncompilable, so this runs the zod + walk path only.
  validator.check(
    value,
    schema.refine(() => true),
    { schemaName: 'x', source: 'test' },
  );
  return logger.warnings.length === 0;
}

describe('compileCheck', () => {
  it('compiles the metric stream line and accepts a conforming one', () => {
    const check = compiled(schemas.v1GetMetricsResponse);
    expect(check({ metrics: [report, { ...report, id: 2 }] })).toBe(true);
  });

  it.each([
    ['a string where an int is expected', { ...report, id: '1' }],
    ['a fraction where an int is expected', { ...report, totalBatches: 1.5 }],
    ['an unknown field', { ...report, surprise: true }],
    ['a missing required field', { ...report, group: undefined }],
    ['null for a required field', { ...report, endTime: null }],
    ['an array where the Struct is expected', { ...report, metrics: [] }],
  ])('does not vouch for a report with %s', (_name, bad) => {
    const check = compiled(schemas.v1GetMetricsResponse);
    expect(check({ metrics: [report, bad] })).toBe(false);
  });

  it('agrees with zod and the unknown-field walk on scalars, wrappers, enums and int64 strings', () => {
    const schema = z.looseObject({
      n: z.number(),
      i: z.number().int(),
      s: z.string().regex(/^-?\d+$/),
      e: z.enum(['A', 'B']).nullish(),
      f: z.union([z.number(), z.literal(['NaN', 'Infinity', '-Infinity'])]).optional(),
      r: z.record(z.string(), z.looseObject({ v: z.boolean() })).optional(),
      u: z.unknown(),
    });
    const base = { n: 1.5, i: 2, s: '-12', e: 'A', f: 'NaN', r: { a: { v: true } }, u: [1] };
    const variants: unknown[] = [
      base,
      { ...base, n: Number.POSITIVE_INFINITY },
      { ...base, n: Number.NaN },
      { ...base, i: 2 ** 60 },
      { ...base, s: '1.5' },
      { ...base, e: null },
      { ...base, e: 'C' },
      { ...base, f: 'Inf' },
      { ...base, f: 3 },
      { ...base, r: { a: { v: 1 } } },
      { ...base, r: { a: { v: true, w: 1 } } },
      { ...base, u: undefined },
      { ...base, extra: 1 },
      [base],
      null,
      'text',
    ];
    const check = compiled(schema);
    for (const value of variants)
      expect([value, check(value)]).toEqual([value, slowPathAccepts(schema, value)]);
  });

  it('compiles recursive schemas through z.lazy', () => {
    interface Node {
      name: string;
      children?: Node[] | undefined;
    }
    const node: z.ZodType<Node> = z.looseObject({
      name: z.string(),
      children: z.array(z.lazy(() => node)).optional(),
    });
    const check = compiled(node);
    expect(check({ name: 'a', children: [{ name: 'b', children: [] }] })).toBe(true);
    expect(check({ name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] })).toBe(false);
  });

  it('leaves refinements, transforms and object unions to zod', () => {
    expect(compileCheck(z.string().min(2))).toBeNull();
    expect(compileCheck(z.string().transform((s) => s.length))).toBeNull();
    expect(
      compileCheck(z.union([z.looseObject({ a: z.string() }), z.looseObject({ b: z.string() })])),
    ).toBeNull();
    expect(compileCheck(z.looseObject({ a: z.number().default(1) }))).toBeNull();
  });
});

describe('ResponseValidator with compiled checks', () => {
  it('still reports the exact problem of a value the compiled check does not vouch for', () => {
    const logger = warningLogger();
    new ResponseValidator({ logger }).check(
      { metrics: [report, { ...report, id: 'x', extra: 1 }] },
      schemas.v1GetMetricsResponse,
      { schemaName: 'v1GetMetricsResponse', source: 'stream' },
    );
    expect(logger.warnings).toEqual([
      'response of stream does not match v1GetMetricsResponse at metrics[].id: Invalid input: expected number, received string',
      'response of stream does not match v1GetMetricsResponse at metrics[].extra: unknown field',
    ]);
  });

  it('compiles every schema of the bindings it can, and each compiled one accepts nothing zod rejects', () => {
    let compiledCount = 0;
    for (const schema of Object.values(schemas)) {
      const check = compileCheck(schema);
      if (check === null) continue;
      compiledCount++;
      for (const value of [null, 'x', 1, [], {}]) {
        if (check(value)) expect(z.safeParse(schema, value).success).toBe(true);
      }
    }
    expect(compiledCount).toBeGreaterThan(Object.keys(schemas).length * 0.9);
  });
});
