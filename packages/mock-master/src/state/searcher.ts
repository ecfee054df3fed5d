import { hashString, Rng } from '../rng';
import { isJsonObject, type JsonObject } from './records';

/** What the simulation needs from an experiment config's searcher and periods. */
export interface SearchPlan {
  searcherName: string;
  metric: string;
  smallerIsBetter: boolean;
  /** Training length of every trial, in batches. */
  maxLength: number;
  maxConcurrent: number;
  schedulingUnit: number;
  /** Validate every N batches (0: only at the end). */
  validationPeriod: number;
  /** Checkpoint every N batches (0: only at the end). */
  checkpointPeriod: number;
  /** Hyperparameters of each trial, in creation order. */
  hparamSets: JsonObject[];
}

/** A config problem, answered as InvalidArgument. */
export class ConfigError extends Error {}

function positiveInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new ConfigError(`${what} must be a non-negative integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Converts a length (`{batches}`, `{records}`, `{epochs}` or a bare number) to batches. */
export function lengthInBatches(length: unknown, config: JsonObject, what: string): number {
  if (length === undefined || length === null) return 0;
  if (typeof length === 'number') return positiveInt(length, what);
  if (!isJsonObject(length)) throw new ConfigError(`${what} must be a number or a {batches: N} object`);
  const gbs = globalBatchSize(config);
  if (length.batches !== undefined) return positiveInt(length.batches, `${what}.batches`);
  if (length.records !== undefined) {
    return Math.ceil(positiveInt(length.records, `${what}.records`) / gbs);
  }
  if (length.epochs !== undefined) {
    const perEpoch =
      typeof config.records_per_epoch === 'number' && config.records_per_epoch > 0
        ? config.records_per_epoch
        : 100 * gbs;
    return Math.ceil((positiveInt(length.epochs, `${what}.epochs`) * perEpoch) / gbs);
  }
  throw new ConfigError(`${what} must have one of batches, records or epochs`);
}

function globalBatchSize(config: JsonObject): number {
  const hp = isJsonObject(config.hyperparameters) ? config.hyperparameters.global_batch_size : undefined;
  const v = isJsonObject(hp) ? hp.val : hp;
  return typeof v === 'number' && v > 0 ? v : 32;
}

/** A hyperparameter: a list of grid values and/or a random sampler, or a nested group. */
type HpNode =
  | { kind: 'leaf'; values: unknown[] | null; sample: (rng: Rng) => unknown }
  | { kind: 'nested'; children: Record<string, HpNode> };

function leaf(values: unknown[] | null, sample: (rng: Rng) => unknown): HpNode {
  return { kind: 'leaf', values, sample };
}

function hpNode(name: string, spec: unknown): HpNode {
  if (!isJsonObject(spec)) return leaf([spec], () => spec);
  const type = spec.type;
  if (type === undefined) {
    const children: Record<string, HpNode> = {};
    for (const [k, v] of Object.entries(spec)) children[k] = hpNode(`${name}.${k}`, v);
    return { kind: 'nested', children };
  }
  if (type === 'const') return leaf([spec.val], () => spec.val);
  if (type === 'categorical') {
    const vals = spec.vals;
    if (!Array.isArray(vals) || vals.length === 0)
      throw new ConfigError(`hyperparameters.${name}.vals must be a non-empty list`);
    return leaf(vals, (rng) => vals[Math.floor(rng.next() * vals.length)]);
  }
  if (type !== 'int' && type !== 'double' && type !== 'log')
    throw new ConfigError(`hyperparameters.${name}: unknown type ${String(type)}`);
  const min = Number(spec.minval);
  const max = Number(spec.maxval);
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max)
    throw new ConfigError(`hyperparameters.${name} needs minval <= maxval`);
  const base = typeof spec.base === 'number' ? spec.base : 10;
  const map = (u: number): number => {
    const x = min + (max - min) * u;
    if (type === 'int') return Math.round(x);
    return type === 'log' ? base ** x : x;
  };
  const count = typeof spec.count === 'number' && spec.count > 0 ? spec.count : null;
  const grid =
    count === null
      ? null
      : [...new Set(Array.from({ length: count }, (_, i) => map(count === 1 ? 0 : i / (count - 1))))];
  return leaf(grid, (rng) => map(rng.next()));
}

function sampleAll(nodes: Record<string, HpNode>, rng: Rng): JsonObject {
  const out: JsonObject = {};
  for (const [k, n] of Object.entries(nodes))
    out[k] = n.kind === 'nested' ? sampleAll(n.children, rng) : n.sample(rng);
  return out;
}

function gridAxes(nodes: Record<string, HpNode>, prefix: string[] = []): Array<[string[], unknown[]]> {
  const out: Array<[string[], unknown[]]> = [];
  for (const [k, n] of Object.entries(nodes)) {
    const key = [...prefix, k];
    if (n.kind === 'nested') out.push(...gridAxes(n.children, key));
    else if (n.values !== null) out.push([key, n.values]);
    else throw new ConfigError(`grid search needs a count for hyperparameter ${key.join('.')}`);
  }
  return out;
}

function setPath(obj: JsonObject, keys: readonly string[], value: unknown): void {
  let cur = obj;
  for (const p of keys.slice(0, -1)) {
    if (!isJsonObject(cur[p])) cur[p] = {};
    cur = cur[p] as JsonObject;
  }
  cur[keys[keys.length - 1] ?? ''] = value;
}

/** Grid points in odometer order (the first hyperparameter varies fastest), capped at `cap`. */
function gridPoints(nodes: Record<string, HpNode>, cap: number | undefined): JsonObject[] {
  const axes = gridAxes(nodes);
  const total = axes.reduce((n, [, vals]) => n * vals.length, 1);
  const n = cap !== undefined && cap > 0 ? Math.min(total, cap) : total;
  const out: JsonObject[] = [];
  for (let i = 0; i < n; i++) {
    const point: JsonObject = {};
    let rest = i;
    for (const [keys, vals] of axes) {
      setPath(point, keys, vals[rest % vals.length]);
      rest = Math.floor(rest / vals.length);
    }
    out.push(point);
  }
  return out;
}

/** Reads the searcher, periods and hyperparameters of an expanded experiment config. */
export function planSearch(config: JsonObject, seed: number): SearchPlan {
  const searcher = config.searcher;
  if (!isJsonObject(searcher)) throw new ConfigError('searcher: must be specified');
  const name = searcher.name;
  if (typeof name !== 'string' || name === '') throw new ConfigError('searcher.name: must be specified');
  if (typeof searcher.metric !== 'string' || searcher.metric === '')
    throw new ConfigError('searcher.metric: must be specified');
  const hps = isJsonObject(config.hyperparameters) ? config.hyperparameters : {};
  const samplers: Record<string, HpNode> = {};
  for (const [k, v] of Object.entries(hps)) samplers[k] = hpNode(k, v);
  const maxTrials =
    searcher.max_trials === undefined || searcher.max_trials === null
      ? undefined
      : positiveInt(searcher.max_trials, 'searcher.max_trials');
  const rng = new Rng(seed ^ hashString(String(config.name ?? '')));
  let hparamSets: JsonObject[];
  if (name === 'single') hparamSets = [sampleAll(samplers, rng)];
  else if (name === 'grid') hparamSets = gridPoints(samplers, maxTrials);
  else if (maxTrials !== undefined && maxTrials > 0)
    hparamSets = Array.from({ length: maxTrials }, () => sampleAll(samplers, rng));
  else throw new ConfigError(`searcher.max_trials: must be specified for the ${name} searcher`);
  const concurrent = searcher.max_concurrent_trials;
  return {
    searcherName: name,
    metric: searcher.metric,
    smallerIsBetter: searcher.smaller_is_better !== false,
    maxLength: lengthInBatches(searcher.max_length, config, 'searcher.max_length') || 1000,
    maxConcurrent: typeof concurrent === 'number' && concurrent > 0 ? concurrent : 16,
    schedulingUnit:
      typeof config.scheduling_unit === 'number' && config.scheduling_unit > 0 ? config.scheduling_unit : 100,
    validationPeriod: lengthInBatches(config.min_validation_period, config, 'min_validation_period'),
    checkpointPeriod: lengthInBatches(config.min_checkpoint_period, config, 'min_checkpoint_period'),
    hparamSets,
  };
}
