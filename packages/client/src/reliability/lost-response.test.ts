import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { ConnectionError, DeterminedError } from '../core/errors';
import { Determined } from '../determined';
import { capturingLogger } from './capture';
import { mockLoginToken } from './mock-login';

let mock: MockMaster;
let det: Determined;

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 13 });
  det = new Determined({
    master: mock.url,
    token: await mockLoginToken(mock.url, 'admin'),
    user: 'admin',
    logger: capturingLogger(),
    retry: { retries: 5, backoffBaseMs: 1, jitter: 0 },
  });
});

afterAll(async () => {
  await det.close();
  await mock.stop();
  assertNoResponseViolations(mock);
});

afterEach(() => mock.faults.clear());

/** Runs `create` while the master carries the request out but the answer is lost on the way back. */
async function withLostAnswer(operationId: string, create: () => Promise<unknown>): Promise<unknown> {
  mock.faults.add({ operationId, reset: 'before-body', times: 1 });
  const error = await create().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(mock.faults.list()).toStrictEqual([]);
  return error;
}

describe('a create call whose answer is lost after the master carried it out', () => {
  it('createExperiment is sent once: one experiment, a typed error', async () => {
    const before = mock.state.experiments.size;
    const error = await withLostAnswer('CreateExperiment', () =>
      det.createExperiment({ name: 'lost', searcher: { name: 'single', metric: 'loss' } }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(mock.state.experiments.size).toBe(before + 1);
  });

  it('createModel is sent once: one model, a typed error', async () => {
    const error = await withLostAnswer('PostModel', () => det.createModel('lost-model'));
    expect(error).toBeInstanceOf(DeterminedError);
    expect([...mock.state.models.values()].filter((m) => m.name === 'lost-model')).toHaveLength(1);
  });

  it('registerVersion is sent once: one version, a typed error', async () => {
    const uuid = mock.state.createLargeCheckpoint(1024);
    const model = await det.createModel('versions');
    const error = await withLostAnswer('PostModelVersion', () => model.registerVersion(uuid));
    expect(error).toBeInstanceOf(DeterminedError);
    expect([...mock.state.modelVersions.values()].filter((v) => v.checkpointUuid === uuid)).toHaveLength(1);
  });

  it('createUser is sent once: one user, a typed error', async () => {
    const error = await withLostAnswer('PostUser', () =>
      det.createUser('lost-user', false, { password: 'Str0ngPassw0rd!' }),
    );
    expect(error).toBeInstanceOf(DeterminedError);
    expect(mock.users.list().filter((u) => u.username === 'lost-user')).toHaveLength(1);
  });
});
