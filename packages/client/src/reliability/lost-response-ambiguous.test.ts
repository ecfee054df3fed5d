import { AbortError, AmbiguousOutcomeError, InternalServerError } from '../core/errors';
import { CASE_NAMES, type LostResponseRig, rejection, startLostResponseRig } from './lost-response-cases';

let rig: LostResponseRig;

beforeAll(async () => {
  rig = await startLostResponseRig();
});

afterAll(() => rig.stop());

afterEach(() => rig.mock.faults.clear());

const sortedIds = (ids: readonly number[] | undefined): number[] => [...(ids ?? [])].sort((a, b) => a - b);

async function untilHit(operationId: string): Promise<void> {
  const hit = (): boolean =>
    rig.mock.faults.list().some((fault) => fault.spec.operationId === operationId && fault.hits > 0);
  while (!hit()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe.each(CASE_NAMES)("%s when the lookup cannot tell which object is the call's", (_name, index) => {
  it('a 502 (maybe sent on) while objects it cannot tell from its own exist: AmbiguousOutcomeError listing every candidate, none made', async () => {
    const c = rig.caseAt(index);
    const key = await rig.freshKey(index);
    await c.lookalikes(rig.det, key);
    const before = c.ids(key);
    expect(before.length).toBeGreaterThan(0);
    rig.mock.faults.add({ operationId: c.createOp, status: 502, times: 1 });
    const error = await rejection(c.create(rig.det, key));
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(c.ids(key)).toStrictEqual(before);
    expect(sortedIds((error as AmbiguousOutcomeError).candidateIds)).toStrictEqual(sortedIds(before));
    expect(error).toMatchObject({ operation: c.call, safeToRetry: false });
    const message = (error as Error).message;
    for (const id of before) expect(message).toContain(String(id));
    expect(message).toMatch(/Check .+ before calling again/);
  });

  it('the lookup fails: AmbiguousOutcomeError with the lookup error and no candidate list; one object', async () => {
    const c = rig.caseAt(index);
    const key = await rig.freshKey(index);
    rig.mock.faults.add({ operationId: c.createOp, reset: 'before-body', times: 1 });
    rig.mock.faults.add({ operationId: c.lookupOp, status: 500, times: 1 });
    const error = await rejection(c.create(rig.det, key));
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    const ambiguous = error as AmbiguousOutcomeError;
    expect(ambiguous.candidateIds).toBeUndefined();
    expect(ambiguous.lookupError).toBeInstanceOf(InternalServerError);
    expect(ambiguous.message).toMatch(
      new RegExp(`^${c.call.replace('.', '\\.')}: .*looking the object up afterwards failed`),
    );
    expect(c.ids(key)).toHaveLength(1);
  });

  it("the lookup carries the caller's signal: aborting it ends a stalled lookup", async () => {
    const c = rig.caseAt(index);
    const key = await rig.freshKey(index);
    rig.mock.faults.add({ operationId: c.createOp, reset: 'before-body', times: 1 });
    // Far longer than the test's timeout: only the signal can end the lookup in time. Two uses, so
    // that the fault is still listed (with its hit) once the lookup has reached it.
    rig.mock.faults.add({ operationId: c.lookupOp, latencyMs: 60_000, times: 2 });
    const controller = new AbortController();
    const pending = rejection(c.create(rig.det, key, { signal: controller.signal }));
    await untilHit(c.lookupOp);
    controller.abort(new Error('caller gave up'));
    const error = await pending;
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect((error as AmbiguousOutcomeError).lookupError).toBeInstanceOf(AbortError);
    expect(c.ids(key)).toHaveLength(1);
  });
});

// Experiments and model versions have no unique key: earlier identical ones are candidates too.
// (Models and users have unique names: the master refuses the call with 409, which is not lost.)
describe.each(CASE_NAMES.filter(([name]) => name === 'createExperiment' || name === 'Model.registerVersion'))(
  '%s whose answer is lost while identical objects were made just before',
  (_name, index) => {
    it('AmbiguousOutcomeError listing the earlier ones and the new one; exactly one made by the call', async () => {
      const c = rig.caseAt(index);
      const key = await rig.freshKey(index);
      await c.lookalikes(rig.det, key);
      const before = c.ids(key);
      rig.mock.faults.add({ operationId: c.createOp, reset: 'before-body', times: 1 });
      const error = await rejection(c.create(rig.det, key));
      expect(error).toBeInstanceOf(AmbiguousOutcomeError);
      const after = c.ids(key);
      expect(after).toHaveLength(before.length + 1);
      expect(sortedIds((error as AmbiguousOutcomeError).candidateIds)).toStrictEqual(sortedIds(after));
    });
  },
);
