import type { MockMaster } from '@determined-ts/mock-master';
import { collect } from '../../core/collect';
import { StreamError } from '../../core/errors';
import type { Session } from '../../core/session';
import type { Determined } from '../../determined';
import type { TrialMetrics } from '../../lib/metrics';
import { type MockSession, startMockSession } from '../../testing/mock-session';
import { iterTrialsMetrics } from './metrics-streams';
import { Trial } from './trial';

/** Virtual time the simulation moves on each follow round (35 batches of 10 virtual ms). */
const STEP_MS = 350;

let mock: MockMaster;
let det: Determined;
let logged: string[];
let session: MockSession;

beforeEach(async () => {
  // Speed 0: the simulation moves only when the test moves its clock.
  logged = [];
  session = await startMockSession({
    logLines: logged,
    mock: {
      speed: 0,
      seed: 11,
      scenario: {
        experiments: [
          {
            name: 'search',
            simulate: true,
            config: {
              name: 'search',
              hyperparameters: { lr: { type: 'double', minval: 0.01, maxval: 0.1 } },
              searcher: {
                name: 'random',
                metric: 'validation_loss',
                max_trials: 3,
                max_concurrent_trials: 3,
                max_length: { batches: 400 },
              },
              scheduling_unit: 20,
              min_validation_period: { batches: 100 },
            },
          },
        ],
      },
    },
  });
  ({ mock, det } = session);
});

afterEach(() => session.stop());

/**
 * The session of `det`, except that each trial state read first moves the simulation on by
 * `STEP_MS`: every follow round then finds the trials further along, whatever the real time.
 */
function steppingSession(): { session: Session; rounds: () => number } {
  const inner = det.session;
  let stateReads = 0;
  const session: Session = {
    master: inner.master,
    logger: inner.logger,
    transport: inner.transport,
    username: () => inner.username(),
    call: (id, ...args) => {
      if (id === 'GetTrial') {
        stateReads += 1;
        mock.state.clock.advance(STEP_MS);
      }
      return inner.call(id, ...args);
    },
    stream: (id, ...args) => inner.stream(id, ...args),
    download: (id, ...args) => inner.download(id, ...args),
    requestOffSpec: (method, path, options) => inner.requestOffSpec(method, path, options),
    ensureAvailable: (id) => inner.ensureAvailable(id),
    ready: (id) => inner.ready(id),
  };
  return { session, rounds: () => stateReads };
}

async function searchTrialIds(): Promise<number[]> {
  const [experiment] = [...mock.state.experiments.values()].filter((e) => e.name === 'search');
  if (!experiment) throw new Error('the scenario has no experiment "search"');
  const trials = await (await det.getExperiment(experiment.id)).listTrials();
  return trials.map((trial) => trial.id).sort((a, b) => a - b);
}

const keyOf = (m: TrialMetrics): string => `${m.trialId}@${m.stepsCompleted}`;

describe('iterTrialsMetrics({ follow: true }) against a running experiment on the virtual clock', () => {
  it.each(['training', 'validation'])(
    'yields every %s report once, in step order per trial, and ends when every trial is terminal',
    async (group) => {
      const trialIds = await searchTrialIds();
      expect(trialIds).toHaveLength(3);
      const { session, rounds } = steppingSession();
      const seenAtRound: Array<{ key: string; round: number }> = [];
      const followed: TrialMetrics[] = [];
      for await (const report of iterTrialsMetrics(session, trialIds, group, {
        follow: true,
        intervalMs: 1,
      })) {
        followed.push(report);
        seenAtRound.push({ key: keyOf(report), round: rounds() });
      }
      // It ended by itself: every trial is terminal, and a plain read finds nothing it missed.
      const states = await Promise.all(trialIds.map((id) => det.getTrial(id).then((t) => t.state)));
      expect(states).toEqual(['STATE_COMPLETED', 'STATE_COMPLETED', 'STATE_COMPLETED']);
      const stored = await collect(iterTrialsMetrics(det.session, trialIds, group));
      const byTrial = (list: TrialMetrics[]) =>
        trialIds.map((id) => list.filter((m) => m.trialId === id).map((m) => [m.stepsCompleted, m.metrics]));
      expect(byTrial(followed)).toEqual(byTrial(stored));
      expect(new Set(followed.map(keyOf)).size).toBe(followed.length);
      expect(followed.length).toBeGreaterThan(3);
      // It followed: the reports came over many rounds, not in one read at the end.
      const roundsWithReports = new Set(seenAtRound.map((seen) => seen.round));
      expect(roundsWithReports.size).toBeGreaterThan(2);
    },
  );

  it('Trial.iterMetrics follows one trial the same way, and an ended trial is read once more only', async () => {
    const [trialId] = await searchTrialIds();
    if (trialId === undefined) throw new Error('no trial');
    const { session, rounds } = steppingSession();
    const trial = new Trial(trialId, session);
    const followed = await collect(trial.iterMetrics('training', { follow: true, intervalMs: 1 }));
    const stored = await collect(new Trial(trialId, det.session).iterMetrics('training'));
    expect(followed.map(keyOf)).toEqual(stored.map(keyOf));
    expect(rounds()).toBeGreaterThan(2);
    // Already terminal: one state read, one metrics read, everything, then the end.
    const again = steppingSession();
    const replay = await collect(new Trial(trialId, again.session).iterMetrics('training', { follow: true }));
    expect(replay.map(keyOf)).toEqual(stored.map(keyOf));
    expect(again.rounds()).toBe(1);
  });

  it.each([1, 300, 2_000])(
    'reads a round again after its stream is cut at byte %i: nothing lost, nothing twice',
    async (afterBytes) => {
      const trialIds = await searchTrialIds();
      // Every trial has reports from the first read on, so each of the three faults cuts one.
      mock.state.clock.advance(4_500);
      const { session } = steppingSession();
      mock.faults.add({ operationId: 'GetMetrics', truncate: { afterBytes }, times: 3 });
      const followed = await collect(
        iterTrialsMetrics(session, trialIds, 'training', { follow: true, intervalMs: 1 }),
      );
      expect(mock.faults.list()).toEqual([]);
      expect(logged.filter((line) => line.includes('a followed metrics stream was cut'))).toHaveLength(3);
      const stored = await collect(iterTrialsMetrics(det.session, trialIds, 'training'));
      expect(followed.map(keyOf).sort()).toEqual(stored.map(keyOf).sort());
      expect(new Set(followed.map(keyOf)).size).toBe(followed.length);
    },
  );

  it('gives up with StreamError after six cut rounds in a row without a new report', async () => {
    const trialIds = await searchTrialIds();
    // Far enough for every trial to have reports, so that every read is cut.
    mock.state.clock.advance(6_000);
    const { session, rounds } = steppingSession();
    mock.faults.add({ operationId: 'GetMetrics', truncate: { afterBytes: 1 } });
    const followed = collect(
      iterTrialsMetrics(session, trialIds, 'training', { follow: true, intervalMs: 1 }),
    );
    await expect(followed).rejects.toBeInstanceOf(StreamError);
    // Each round reads the three trials' states once.
    expect(rounds()).toBe(6 * trialIds.length);
  });
});
