import fc from 'fast-check';
import { APIError, apiErrorFor, DeterminedError } from './errors';
import { parseErrorBody } from './transport-support';

const SEED = 20_261_131;

/** Error bodies as the real master, the spec's runtimeError and echo routes send them, then mutated. */
const errorBodyText = fc.oneof(
  fc
    .record(
      {
        code: fc.integer({ min: 0, max: 16 }),
        reason: fc.string({ maxLength: 12 }),
        error: fc.string({ maxLength: 20 }),
      },
      { requiredKeys: [] },
    )
    .map((error) => JSON.stringify({ error })),
  fc
    .record(
      {
        error: fc.string({ maxLength: 12 }),
        code: fc.integer(),
        message: fc.string({ maxLength: 20 }),
        details: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
  fc.string({ maxLength: 20 }).map((message) => JSON.stringify({ message })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 40 }),
);

const status = fc.oneof(
  fc.constantFrom(400, 401, 403, 404, 409, 429, 500, 502, 503, 504),
  fc.integer({ min: 300, max: 599 }),
);

describe('error bodies of generated input', () => {
  it('parse into an ErrorBody with typed fields only, or nothing', () => {
    fc.assert(
      fc.property(errorBodyText, (text) => {
        const body = parseErrorBody(text);
        if (body === undefined) return;
        expect(Object.keys(body).length).toBeGreaterThan(0);
        if (body.code !== undefined) expect(typeof body.code).toBe('number');
        if (body.reason !== undefined) expect(typeof body.reason).toBe('string');
        if (body.error !== undefined) expect(typeof body.error).toBe('string');
        if (body.message !== undefined) expect(typeof body.message).toBe('string');
        if (body.details !== undefined) expect(Array.isArray(body.details)).toBe(true);
      }),
      { numRuns: 20_000, seed: SEED },
    );
  });

  it('become an APIError subclass carrying the status, code and reason of the body', () => {
    fc.assert(
      fc.property(errorBodyText, status, (text, httpStatus) => {
        const body = parseErrorBody(text);
        const error = apiErrorFor({
          status: httpStatus,
          method: 'GET',
          path: '/api/v1/x',
          body,
          rawBody: text,
        });
        expect(error).toBeInstanceOf(APIError);
        expect(error).toBeInstanceOf(DeterminedError);
        expect(error.status).toBe(httpStatus);
        expect(error.code).toBe(body?.code);
        expect(error.reason).toBe(body?.reason);
        expect(typeof error.message).toBe('string');
      }),
      { numRuns: 10_000, seed: SEED + 1 },
    );
  });
});
