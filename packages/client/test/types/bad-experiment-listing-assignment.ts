// Must NOT compile, and only on its last line: an Experiment's listing attributes are read-only
// (the lines before check their types; the Python attributes stay writable).
import type * as client from '@determined-ts/client';

export function listingRow(exp: client.Experiment): string {
  const owner: string | null = exp.username;
  const metric: string | null = exp.searcherMetric;
  const smallerIsBetter: boolean | null = exp.smallerIsBetter;
  const best: [number | null, number | null] = [exp.bestTrialId, exp.bestTrialSearcherMetric];
  const trials: number | null = exp.numTrials;
  const times: [Date | null, Date | null] = [exp.startTime, exp.endTime];
  exp.name = 'renamed locally';
  return JSON.stringify([owner, metric, smallerIsBetter, best, trials, times]);
}

export function overwriteOwner(exp: client.Experiment): void {
  exp.username = 'mallory';
}
