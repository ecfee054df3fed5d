import { unit } from '../rng';

/** Identifies one trial's learning curve. */
export interface CurveKey {
  seed: number;
  experimentId: number;
  trialIndex: number;
  maxLength: number;
}

function params(key: CurveKey): { a: number; b: number; c: number } {
  const { seed, experimentId, trialIndex } = key;
  return {
    a: 1 + 2 * unit(seed, experimentId, trialIndex, 1),
    b: 2 + 4 * unit(seed, experimentId, trialIndex, 2),
    c: 0.02 + 0.25 * unit(seed, experimentId, trialIndex, 3),
  };
}

function noise(key: CurveKey, batches: number, channel: number, scale: number): number {
  return (unit(key.seed, key.experimentId, key.trialIndex, batches, channel) - 0.5) * scale;
}

/** Training loss after `batches`: c + a·exp(−b·batches/maxLength) + seeded noise. */
export function trainingLoss(key: CurveKey, batches: number): number {
  const { a, b, c } = params(key);
  const x = batches / Math.max(1, key.maxLength);
  return Math.max(0.001, c + a * Math.exp(-b * x) + noise(key, batches, 4, 0.04 * a));
}

/** Validation loss after `batches` (a little above the training loss). */
export function validationLoss(key: CurveKey, batches: number): number {
  const { a, b, c } = params(key);
  const x = batches / Math.max(1, key.maxLength);
  return Math.max(0.001, 1.08 * c + a * Math.exp(-0.9 * b * x) + noise(key, batches, 5, 0.02 * a));
}

/** Accuracy in [0, 1] corresponding to a loss. */
export function accuracyFor(loss: number): number {
  return Math.min(1, Math.max(0, 1 - loss / (1 + loss)));
}

/** Training metrics reported at `batches`. */
export function trainingMetrics(key: CurveKey, batches: number): Record<string, number> {
  const loss = trainingLoss(key, batches);
  return { loss, accuracy: accuracyFor(loss) };
}

/**
 * Validation metrics at `batches`: `validation_loss`, `validation_accuracy` and the searcher
 * metric (loss-like when smaller is better, accuracy-like otherwise).
 */
export function validationMetrics(
  key: CurveKey,
  batches: number,
  metric: string,
  smallerIsBetter: boolean,
): Record<string, number> {
  const loss = validationLoss(key, batches);
  const acc = accuracyFor(loss);
  return { validation_loss: loss, validation_accuracy: acc, [metric]: smallerIsBetter ? loss : acc };
}
