/**
 * The four create calls of the lost-response suite, each with what the mock master holds for it,
 * so that one table drives every scenario (`lost-response*.test.ts`).
 */
import type { MockMaster } from '@determined-ts/mock-master';
import type { MethodOptions } from '../core/method-options';
import type { Determined } from '../determined';
import { Model } from '../resources/models/model';
import { type MockSession, startMockSession } from '../testing/mock-session';

/** One create call under test. `key` names its object (experiment, model or user name). */
export interface LostCreateCase {
  /** The SDK call, as errors name it. */
  readonly call: string;
  /** Operation id of the create request. */
  readonly createOp: string;
  /** Operation id of the request that looks the object up afterwards. */
  readonly lookupOp: string;
  /** Makes what the call needs (e.g. the model and the checkpoint of a version). */
  readonly prepare: (det: Determined, key: string) => Promise<void>;
  /** Makes the call and returns the id of what it returned. */
  readonly create: (det: Determined, key: string, options?: MethodOptions) => Promise<number | null>;
  /** Ids of the objects for `key` on the mock master, oldest first. */
  readonly ids: (key: string) => number[];
  /** Makes objects for `key` that a lost call cannot tell from its own (or whose name it takes). */
  readonly lookalikes: (det: Determined, key: string) => Promise<void>;
}

const PASSWORD = 'Str0ngPassw0rd!';

function experimentConfig(key: string): Readonly<Record<string, unknown>> {
  return { name: key, searcher: { name: 'single', metric: 'loss' }, hyperparameters: { lr: 0.1 } };
}

/** The cases, bound to one mock master. */
export function lostCreateCases(mock: MockMaster): LostCreateCase[] {
  const checkpoints = new Map<string, string>();
  const checkpointOf = (key: string): string => {
    const uuid = checkpoints.get(key);
    if (uuid === undefined) throw new Error(`no checkpoint prepared for ${key}`);
    return uuid;
  };
  const experiment: LostCreateCase = {
    call: 'createExperiment',
    createOp: 'CreateExperiment',
    lookupOp: 'GetExperiments',
    prepare: async () => {},
    create: async (det, key, options) => (await det.createExperiment(experimentConfig(key), options)).id,
    ids: (key) => [...mock.state.experiments.values()].filter((e) => e.name === key).map((e) => e.id),
    lookalikes: async (det, key) => {
      await det.createExperiment(experimentConfig(key));
      await det.createExperiment(experimentConfig(key));
    },
  };
  const model: LostCreateCase = {
    call: 'createModel',
    createOp: 'PostModel',
    lookupOp: 'GetModels',
    prepare: async () => {},
    create: async (det, key, options) =>
      (await det.createModel(key, { ...options, description: 'd' })).modelId,
    ids: (key) => [...mock.state.models.values()].filter((m) => m.name === key).map((m) => m.id),
    lookalikes: async (det, key) => {
      await det.createModel(key, { description: 'registered earlier by another script' });
    },
  };
  const version: LostCreateCase = {
    call: 'Model.registerVersion',
    createOp: 'PostModelVersion',
    lookupOp: 'GetModelVersions',
    prepare: async (det, key) => {
      checkpoints.set(key, mock.state.createLargeCheckpoint(256));
      await det.createModel(key);
    },
    create: async (det, key, options) =>
      (await new Model(det.session, key).registerVersion(checkpointOf(key), options)).modelVersion,
    ids: (key) =>
      [...mock.state.modelVersions.values()]
        .filter((v) => v.checkpointUuid === checkpoints.get(key))
        .map((v) => v.version),
    lookalikes: async (det, key) => {
      await new Model(det.session, key).registerVersion(checkpointOf(key));
      await new Model(det.session, key).registerVersion(checkpointOf(key));
    },
  };
  const user: LostCreateCase = {
    call: 'createUser',
    createOp: 'PostUser',
    lookupOp: 'GetUserByUsername',
    prepare: async () => {},
    create: async (det, key, options) =>
      (await det.createUser(key, false, { ...options, password: PASSWORD })).userId,
    ids: (key) =>
      mock.users
        .list()
        .filter((u) => u.username === key)
        .map((u) => u.id),
    lookalikes: async (det, key) => {
      await det.createUser(key, true, { password: PASSWORD });
    },
  };
  return [experiment, model, version, user];
}

/** A mock master, a client on it as `admin` and the case table, for one test file. */
export interface LostResponseRig extends MockSession {
  readonly cases: readonly LostCreateCase[];
  /** Case `index` of the table. */
  caseAt(index: number): LostCreateCase;
  /** A name no other test uses, with what case `index` needs prepared for it. */
  freshKey(index: number): Promise<string>;
}

/** Starts a {@link LostResponseRig} (fast retries, a capturing logger). */
export async function startLostResponseRig(): Promise<LostResponseRig> {
  const session = await startMockSession({
    mock: { seed: 13 },
    user: 'admin',
    client: { retry: { retries: 5, backoffBaseMs: 1, jitter: 0 } },
  });
  const { mock, det } = session;
  const cases = lostCreateCases(mock);
  const caseAt = (index: number): LostCreateCase => {
    const found = cases[index];
    if (found === undefined) throw new Error(`no case ${index}`);
    return found;
  };
  let serial = 0;
  return {
    ...session,
    cases,
    caseAt,
    async freshKey(index) {
      serial += 1;
      const key = `lost-${index}-${serial}`;
      await caseAt(index).prepare(det, key);
      return key;
    },
  };
}

/** The calls of the table by name and index, for `describe.each`. */
export const CASE_NAMES = ['createExperiment', 'createModel', 'Model.registerVersion', 'createUser'].map(
  (name, index) => [name, index] as const,
);

/** What `promise` rejects with (a resolved promise fails the test). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}
