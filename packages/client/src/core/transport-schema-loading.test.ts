import { z } from 'zod';
import { failure, json, startServer, transportFor } from '../testing/transport-harness';
import { DeterminedError, ValidationError } from './errors';
import type { Transport } from './transport';

// `v1Pagination` holds integers only: an `offset` given as text never matches it.
const BAD_PAGE = { offset: 'x' };
const NOT_LOADED = "response of probe not validated: the spec's schemas are not loaded";

/** Whether `transport` has the spec's schemas loaded, asked without loading them. */
function schemasLoaded(transport: Transport): boolean {
  try {
    transport.validate(BAD_PAGE, 'v1Pagination', 'probe', 'strict');
  } catch (error) {
    if (error instanceof ValidationError) return true;
    if (error instanceof DeterminedError && error.message === NOT_LOADED) return false;
    throw error;
  }
  throw new Error('the probe value was accepted');
}

async function pageServer(): Promise<{ url: string }> {
  return startServer((_req, res) => json(res, 200, BAD_PAGE));
}

async function lineServer(): Promise<{ url: string }> {
  return startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.end(`${JSON.stringify({ result: BAD_PAGE })}\n`);
  });
}

async function drain(lines: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of lines) {
    // read every line
  }
}

describe('Transport schema loading, requests', () => {
  it('loads the schemas while a request is under way unless validation is off for the transport', async () => {
    const server = await pageServer();
    const warn = transportFor(server);
    await warn.request('GET', '/p');
    expect(schemasLoaded(warn)).toBe(true);

    const off = transportFor(server, { validate: 'off' });
    await off.request('GET', '/p');
    expect(schemasLoaded(off)).toBe(false);
  });

  it('loads them for a call asking for strict validation by name when the transport has it off', async () => {
    const off = transportFor(await pageServer(), { validate: 'off' });
    const error = await failure(off.request('GET', '/p', { schema: 'v1Pagination', validate: 'strict' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^response of GET \/p does not match v1Pagination: offset: /);
  });

  it('loads nothing for a call with validation off, or one whose schema is given as zod', async () => {
    const off = transportFor(await pageServer(), { validate: 'off' });
    await expect(off.request('GET', '/p', { schema: 'v1Pagination', validate: 'off' })).resolves.toEqual(
      BAD_PAGE,
    );
    const lenient = z.looseObject({ offset: z.string() });
    await expect(off.request('GET', '/p', { schema: lenient, validate: 'strict' })).resolves.toEqual(
      BAD_PAGE,
    );
    expect(schemasLoaded(off)).toBe(false);
  });
});

describe('Transport schema loading, streams', () => {
  it('validates each line against a named schema, naming the stream, when the transport has validation off', async () => {
    const off = transportFor(await lineServer(), { validate: 'off' });
    const error = await failure(drain(off.stream('/s', { schema: 'v1Pagination', validate: 'strict' })));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^response of stream \/s does not match v1Pagination: offset: /);
  });

  it('loads nothing for a stream with validation off, or one whose schema is given as zod', async () => {
    const off = transportFor(await lineServer(), { validate: 'off' });
    await drain(off.stream('/s', { schema: 'v1Pagination', validate: 'off' }));
    await drain(off.stream('/s', { schema: z.looseObject({ offset: z.string() }), validate: 'strict' }));
    expect(schemasLoaded(off)).toBe(false);
  });

  it('names idleTimeoutMs when it is invalid', () => {
    const transport = transportFor({ url: 'http://127.0.0.1:9' });
    expect(() => transport.stream('/s', { idleTimeoutMs: -1 })).toThrow(/^idleTimeoutMs must be/);
  });
});
