import { z } from 'zod';
import { warningLogger } from '../testing/warning-logger';
import { InvalidArgumentError, ValidationError } from './errors';
import { ResponseValidator } from './validation';

const trial = z.looseObject({
  id: z.number(),
  state: z.string(),
  tags: z.record(z.string(), z.looseObject({ v: z.number() })).optional(),
});
const response = z.looseObject({
  trials: z.array(trial),
  pagination: z.looseObject({ total: z.number() }).nullable().optional(),
  parent: z.lazy(() => trial).optional(),
});
const context = { schemaName: 'v1GetTrialsResponse', source: 'GET /api/v1/trials' };

describe('ResponseValidator', () => {
  it('accepts a matching value silently', () => {
    const logger = warningLogger();
    new ResponseValidator({ logger }).check(
      { trials: [{ id: 1, state: 'ACTIVE' }], pagination: null },
      response,
      context,
    );
    expect(logger.warnings).toEqual([]);
  });

  it('warns once per schema and path for unknown fields, however many items carry them', () => {
    const logger = warningLogger();
    const validator = new ResponseValidator({ logger });
    const value = { trials: [1, 2, 3].map((id) => ({ id, state: 'A', extra: true })), newTop: 1 };
    validator.check(value, response, context);
    validator.check(value, response, context);
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings).toContain(
      'response of GET /api/v1/trials does not match v1GetTrialsResponse at trials[].extra: unknown field',
    );
    expect(logger.warnings.some((w) => w.includes('at newTop: unknown field'))).toBe(true);
  });

  it('finds unknown fields through optional, nullable, lazy and record schemas', () => {
    const logger = warningLogger();
    const value = { trials: [], parent: { id: 1, state: 'A', tags: { a: { v: 1, w: 2 } }, deep: 1 } };
    new ResponseValidator({ logger }).check(value, response, context);
    expect(logger.warnings.map((w) => w.split(' at ')[1])).toEqual([
      'parent.tags{}.w: unknown field',
      'parent.deep: unknown field',
    ]);
  });

  it('warns about wrong types instead of throwing by default', () => {
    const logger = warningLogger();
    new ResponseValidator({ logger }).check({ trials: [{ id: '1', state: 'A' }] }, response, context);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/at trials\[\]\.id: Invalid input: expected number/);
  });

  it('throws ValidationError naming the concrete path in strict mode', () => {
    const validator = new ResponseValidator({ mode: 'strict' });
    expect(() =>
      validator.check(
        {
          trials: [
            { id: 1, state: 'A' },
            { id: 2, state: 3 },
          ],
        },
        response,
        context,
      ),
    ).toThrow(
      new ValidationError(
        'response of GET /api/v1/trials does not match v1GetTrialsResponse: trials[1].state: Invalid input: expected string, received number',
      ),
    );
    expect(() => validator.check({ trials: [], surprise: 1 }, response, context)).toThrow(
      /surprise: unknown field/,
    );
  });

  it('does nothing in off mode, and a per-call mode overrides the default', () => {
    const logger = warningLogger();
    const validator = new ResponseValidator({ mode: 'off', logger });
    validator.check({ trials: 'nope' }, response, context);
    expect(logger.warnings).toEqual([]);
    expect(() => validator.check({ trials: 'nope' }, response, context, 'strict')).toThrow(ValidationError);
  });

  it('stops reporting after maxReports distinct problems', () => {
    const logger = warningLogger();
    const validator = new ResponseValidator({ logger, maxReports: 3 });
    const value = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, i]));
    validator.check({ trials: [], ...value }, response, context);
    expect(logger.warnings).toHaveLength(4);
    expect(logger.warnings[3]).toMatch(/too many distinct problems/);
  });

  it('rejects an unknown mode with InvalidArgumentError', () => {
    expect(() => new ResponseValidator({ mode: 'loud' as 'warn' })).toThrow(InvalidArgumentError);
  });
});
