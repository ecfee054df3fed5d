// Cold start: the SDK loads undici, zod and the spec's schemas on the first request, not on import,
// and of undici only the modules it uses, never its root module (which loads all of undici).
import { type RecordingServer, startRecordingServer } from '../testing/recording-server';

/** An undici module every request needs (the dispatcher base class). */
const UNDICI_PART = 'undici/lib/dispatcher/dispatcher.js';
/** What the first validated request loads. */
const LAZY = [UNDICI_PART, 'zod', '@determined-ts/bindings/schemas'] as const;
/** Watched: what is loaded lazily, and undici's root module, which is never loaded. */
const WATCHED = ['undici', ...LAZY] as const;

let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer();
  server.route({ method: 'GET', path: '/api/v1/master', reply: { json: { version: 5 } } });
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  for (const name of WATCHED) jest.dontMock(name);
});

/** Run `body` in a fresh module registry; resolve to the lazily loaded libraries it loaded. */
async function loadedBy(body: () => Promise<void>): Promise<string[]> {
  const loaded: string[] = [];
  await jest.isolateModulesAsync(async () => {
    for (const name of WATCHED) {
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual(name);
      });
    }
    await body();
  });
  return loaded;
}

describe('loading the transport', () => {
  it('importing the SDK and creating a client loads neither undici, zod nor the schemas', async () => {
    const loaded = await loadedBy(async () => {
      const sdk = await import('../index');
      const det = new sdk.Determined({ master: server.url, password: '', env: {}, cacheToken: false });
      expect(det.master).toBe(server.url);
    });
    expect(loaded).toEqual([]);
  });

  it('creating a client does not build the typed API client (openapi-fetch) until det.api is used', async () => {
    const created: unknown[] = [];
    await jest.isolateModulesAsync(async () => {
      jest.doMock('openapi-fetch', () => {
        const actual = jest.requireActual<typeof import('openapi-fetch')>('openapi-fetch');
        const createClient = (...args: Parameters<typeof actual.default>) => {
          created.push(args[0]);
          return actual.default(...args);
        };
        return { __esModule: true, ...actual, default: createClient };
      });
      const sdk = await import('../index');
      const det = new sdk.Determined({ master: server.url, password: '', env: {}, cacheToken: false });
      expect(created).toHaveLength(0);
      expect(typeof det.api.GET).toBe('function');
      expect(det.api).toBe(det.api);
      expect(created).toHaveLength(1);
    });
    jest.dontMock('openapi-fetch');
  });

  it('the first request loads them (undici module by module) and validates its answer against the spec', async () => {
    const loaded = await loadedBy(async () => {
      const { Transport } = await import('./transport');
      const { ValidationError } = await import('./errors');
      const transport = new Transport({ master: server.url });
      const answer = transport.request('GET', '/api/v1/master', {
        auth: false,
        schema: 'v1GetMasterResponse',
        validate: 'strict',
      });
      await expect(answer).rejects.toBeInstanceOf(ValidationError);
      await expect(answer).rejects.toThrow(/version/);
      await transport.close();
    });
    expect([...loaded].sort()).toEqual([...LAZY].sort());
  });

  it('with validation off, the first request loads undici but not zod or the schemas', async () => {
    const loaded = await loadedBy(async () => {
      const { Transport } = await import('./transport');
      const transport = new Transport({ master: server.url, validate: 'off' });
      await expect(transport.request('GET', '/api/v1/master', { auth: false })).resolves.toEqual({
        version: 5,
      });
      await transport.close();
    });
    expect(loaded).toEqual([UNDICI_PART]);
  });

  it('a request asking for validation loads the schemas even when the transport validates nothing', async () => {
    const { Transport } = await import('./transport');
    const { ValidationError } = await import('./errors');
    const transport = new Transport({ master: server.url, validate: 'off' });
    try {
      const answer = transport.request('GET', '/api/v1/master', {
        auth: false,
        schema: 'v1GetMasterResponse',
        validate: 'strict',
      });
      await expect(answer).rejects.toBeInstanceOf(ValidationError);
    } finally {
      await transport.close();
    }
  });

  it('validating by schema name before the schemas are loaded warns once, or throws in strict mode', async () => {
    const { Transport } = await import('./transport');
    const { DeterminedError, ValidationError } = await import('./errors');
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (message: string) => warnings.push(message), error() {} };
    const transport = new Transport({ master: server.url, logger });
    transport.validate({ version: 5 }, 'v1GetMasterResponse', 'test');
    transport.validate({ version: 5 }, 'v1GetMasterResponse', 'test');
    expect(warnings).toEqual(["response of test not validated: the spec's schemas are not loaded"]);
    let thrown: unknown;
    try {
      transport.validate({ version: 5 }, 'v1GetMasterResponse', 'test', 'strict');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DeterminedError);
    expect(thrown).not.toBeInstanceOf(ValidationError);
    transport.validate({ version: 5 }, 'v1GetMasterResponse', 'test', 'off');
    await transport.close();
  });
});
