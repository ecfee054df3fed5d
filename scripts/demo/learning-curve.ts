import type { Determined } from '@determined-ts/client';
import type { CurvePoint, Series } from './render/chart';

/** The first of `keys` that `metrics` holds as a finite number. */
function pick(metrics: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = metrics[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

async function points(
  det: Determined,
  trialIds: readonly number[],
  group: 'training' | 'validation',
  keys: readonly string[],
): Promise<CurvePoint[]> {
  const out: CurvePoint[] = [];
  if (trialIds.length === 0) return out;
  for await (const m of det.iterTrialsMetrics([...trialIds], group)) {
    const value = pick(m.metrics, keys);
    if (value !== undefined) out.push({ step: m.stepsCompleted, value });
  }
  return out;
}

/** Training and validation loss per step of the given trials, from the metric streams. */
export async function learningCurve(det: Determined, trialIds: readonly number[]): Promise<Series[]> {
  return [
    { label: 'training loss', marker: '*', points: await points(det, trialIds, 'training', ['loss']) },
    {
      label: 'validation loss',
      marker: 'o',
      points: await points(det, trialIds, 'validation', ['validation_loss', 'loss']),
    },
  ];
}
