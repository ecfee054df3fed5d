import { AbortError, InvalidArgumentError, TimeoutError } from '../../core/errors';
import { createLogger } from '../../core/logger';
import type { Session } from '../../core/session';
import { resetDeprecationWarnings } from '../../lib/deprecation';
import { ExperimentState } from '../../lib/enums';
import { type PolledExperiment, waitForExperiment } from './waiting';

/** An experiment whose reloads walk through `states` (the last one repeats). */
function scriptedExperiment(states: ExperimentState[]): PolledExperiment & { reloads: number } {
  const experiment = {
    id: 7,
    state: null as ExperimentState | null,
    reloads: 0,
    async reload(): Promise<void> {
      experiment.state = states[Math.min(experiment.reloads, states.length - 1)] ?? null;
      experiment.reloads += 1;
    },
  };
  return experiment;
}

function sessionLoggingTo(info: string[], warnings: string[] = []): Session {
  const logger = createLogger({
    logger: {
      debug: () => undefined,
      info: (m) => info.push(m),
      warn: (m) => warnings.push(m),
      error: () => undefined,
    },
  });
  // The loops only use the session's logger.
  return { logger } as unknown as Session;
}

describe('waitForExperiment timing', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('logs a progress line each time the waited time reaches a whole minute', async () => {
    jest.useFakeTimers();
    const info: string[] = [];
    const running = Array<ExperimentState>(7).fill(ExperimentState.RUNNING);
    const experiment = scriptedExperiment([...running, ExperimentState.COMPLETED]);
    const done = waitForExperiment(experiment, { intervalMs: 20_000, session: sessionLoggingTo(info) });
    await jest.advanceTimersByTimeAsync(40_000);
    expect(info).toEqual([]);
    await jest.advanceTimersByTimeAsync(20_000);
    expect(info).toEqual(['Waiting for Experiment 7 to complete. Elapsed 1 minutes']);
    await jest.advanceTimersByTimeAsync(80_000);
    await expect(done).resolves.toBe(ExperimentState.COMPLETED);
    expect(info).toEqual([
      'Waiting for Experiment 7 to complete. Elapsed 1 minutes',
      'Waiting for Experiment 7 to complete. Elapsed 2 minutes',
    ]);
    expect(experiment.reloads).toBe(8);
  });

  it('never logs when the interval does not divide a minute before the experiment ends', async () => {
    jest.useFakeTimers();
    const info: string[] = [];
    const experiment = scriptedExperiment([
      ExperimentState.RUNNING,
      ExperimentState.RUNNING,
      ExperimentState.ERROR,
    ]);
    const done = waitForExperiment(experiment, { intervalMs: 7_000, session: sessionLoggingTo(info) });
    await jest.advanceTimersByTimeAsync(14_000);
    await expect(done).resolves.toBe(ExperimentState.ERROR);
    expect(info).toEqual([]);
  });

  it('gives up with TimeoutError once deadlineMs has passed', async () => {
    jest.useFakeTimers();
    const experiment = scriptedExperiment([ExperimentState.RUNNING]);
    const done = waitForExperiment(experiment, {
      intervalMs: 1_000,
      deadlineMs: 2_500,
      session: sessionLoggingTo([]),
    });
    const outcome = done.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    // Polls at 0, 1000, 2000 and once more at the 2500 ms deadline.
    expect(experiment.reloads).toBe(4);
  });

  it('takes the deprecated timeoutMs as the overall deadline, warning once, when deadlineMs is unset', async () => {
    jest.useFakeTimers();
    resetDeprecationWarnings();
    const warnings: string[] = [];
    const session = sessionLoggingTo([], warnings);
    const waitWithAlias = async () => {
      const experiment = scriptedExperiment([ExperimentState.RUNNING]);
      const done = waitForExperiment(experiment, { intervalMs: 1_000, timeoutMs: 2_500, session });
      const outcome = done.catch((error: unknown) => error);
      await jest.advanceTimersByTimeAsync(3_000);
      return { error: await outcome, reloads: experiment.reloads };
    };
    const first = await waitWithAlias();
    expect(first.error).toBeInstanceOf(TimeoutError);
    expect(first.reloads).toBe(4);
    await waitWithAlias();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('use { deadlineMs }');
  });

  it('prefers deadlineMs over the deprecated timeoutMs when both are given', async () => {
    jest.useFakeTimers();
    const experiment = scriptedExperiment([ExperimentState.RUNNING]);
    const done = waitForExperiment(experiment, {
      intervalMs: 1_000,
      deadlineMs: 1_500,
      timeoutMs: 60_000,
      session: sessionLoggingTo([]),
    });
    const outcome = done.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(experiment.reloads).toBe(3);
  });

  it('stops with AbortError when the signal is aborted while sleeping', async () => {
    const controller = new AbortController();
    const experiment = scriptedExperiment([ExperimentState.QUEUED]);
    const done = waitForExperiment(experiment, {
      intervalMs: 60_000,
      signal: controller.signal,
      session: sessionLoggingTo([]),
    });
    setTimeout(() => controller.abort(), 10);
    await expect(done).rejects.toThrow(AbortError);
    expect(experiment.reloads).toBe(1);
  });

  it('rejects a negative interval before polling', async () => {
    const experiment = scriptedExperiment([ExperimentState.RUNNING]);
    await expect(
      waitForExperiment(experiment, { intervalMs: -1, session: sessionLoggingTo([]) }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(experiment.reloads).toBe(0);
  });
});
