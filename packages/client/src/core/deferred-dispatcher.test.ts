import { Agent, type Dispatcher, request } from 'undici';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server';
import { DeferredDispatcher } from './deferred-dispatcher';
import { CorruptCacheError, DeterminedError } from './errors';
import { Transport } from './transport';
import { asDispatcher } from './transport-dispatcher';

let server: RecordingServer;
const dispatchers: DeferredDispatcher[] = [];

beforeEach(async () => {
  server = await startRecordingServer([{ method: 'GET', path: '/ok', reply: { json: { ok: true } } }]);
});

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.close()));
  await server.close();
});

function deferred(create: () => Promise<Dispatcher>): DeferredDispatcher {
  const dispatcher = new DeferredDispatcher(create);
  dispatchers.push(dispatcher);
  return dispatcher;
}

describe('DeferredDispatcher', () => {
  it('builds the real dispatcher on the first request only, and sends through it', async () => {
    let builds = 0;
    const dispatcher = deferred(async () => {
      builds += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return new Agent();
    });
    expect(builds).toBe(0);
    const answers = await Promise.all(
      [1, 2].map(() => request(`${server.url}/ok`, { dispatcher: asDispatcher(dispatcher) })),
    );
    expect(await Promise.all(answers.map((a) => a.body.json()))).toEqual([{ ok: true }, { ok: true }]);
    expect(builds).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it("fails a request with the build's error unchanged, without retries, and builds again on the next one", async () => {
    let builds = 0;
    const dispatcher = deferred(async () => {
      builds += 1;
      if (builds === 1) throw new CorruptCacheError('certs.json was corrupt and has been deleted');
      return new Agent();
    });
    const transport = new Transport({ master: server.url, dispatcher, validate: 'off' });
    await expect(transport.request('GET', '/ok')).rejects.toBeInstanceOf(CorruptCacheError);
    expect(builds).toBe(1);
    await expect(transport.request('GET', '/ok')).resolves.toEqual({ ok: true });
    expect(builds).toBe(2);
  });

  it('wraps a build failure that is not an SDK error in a DeterminedError', async () => {
    const dispatcher = deferred(async () => {
      throw new Error('disk on fire');
    });
    const transport = new Transport({ master: server.url, dispatcher, validate: 'off' });
    const failure = transport.request('GET', '/ok');
    await expect(failure).rejects.toBeInstanceOf(DeterminedError);
    await expect(failure).rejects.toThrow(/disk on fire/);
    expect(server.requests).toHaveLength(0);
  });

  it('close() closes the built dispatcher; a later request builds a new one', async () => {
    const built: Agent[] = [];
    const dispatcher = deferred(async () => {
      const agent = new Agent();
      built.push(agent);
      return agent;
    });
    await (await request(`${server.url}/ok`, { dispatcher: asDispatcher(dispatcher) })).body.json();
    await dispatcher.close();
    expect(built[0]?.closed).toBe(true);
    await (await request(`${server.url}/ok`, { dispatcher: asDispatcher(dispatcher) })).body.json();
    expect(built).toHaveLength(2);
  });
});
