/**
 * `Trial` and the deprecated `TrialReference` (Python SDK section 4).
 */
import { DeterminedError, InvalidArgumentError } from '../../core/errors';
import { callOptions, type MethodOptions, type SignalOption } from '../../core/method-options';
import type { OperationResult } from '../../core/operation-types';
import type { Session } from '../../core/session';
import {
  type LegacyCheckpointOrder,
  legacyTrialCheckpointsQuery,
  sortTrialCheckpoints,
} from '../../lib/checkpoint-sort';
import { warnDeprecatedCall } from '../../lib/deprecation';
import { parseEnum, TrialState } from '../../lib/enums';
import { type IterLogsOptions, trialLogsRequest } from '../../lib/log-params';
import type { TrainingMetrics, TrialMetrics, ValidationMetrics } from '../../lib/metrics';
import type { Checkpoint } from '../checkpoints/checkpoint';
import {
  type CheckpointSource,
  drainCheckpoints,
  iterCheckpoints,
  type ListCheckpointsOptions,
  listCheckpoints,
  type TopCheckpointOptions,
  topCheckpointListing,
} from '../checkpoints/listing';
import type { Experiment } from '../experiments/experiment';
import { experimentFromApi } from '../links';
import { followTrialLogs } from './follow-logs';
import {
  type IterTrialsMetricsOptions,
  iterTrialsMetrics,
  type MetricsStreamOptions,
  streamTrialsTrainingMetrics,
  streamTrialsValidationMetrics,
} from './metrics-streams';
import { type SelectCheckpointOptions, selectTrialCheckpoint } from './select-checkpoint';

type ApiTrial = OperationResult<'GetTrial'>['trial'];

/** Options of `Trial.iterLogs`: the log filters plus cancellation and the idle timeout. */
export interface TrialLogsOptions extends IterLogsOptions, SignalOption {
  /** Longest wait for each chunk in ms; ignored with `follow` (which never times out). */
  readonly idleTimeoutMs?: number | null | undefined;
}

/** Options of the deprecated `Trial.getCheckpoints`. */
export interface GetTrialCheckpointsOptions extends LegacyCheckpointOrder, MethodOptions {}

/** A trial. `new Trial(trialId, session)` makes no request; attributes start `null`. */
export class Trial {
  /** Trial ID. */
  readonly id: number;
  /** ID of the experiment the trial belongs to. */
  experimentId: number | null = null;
  /** The hyperparameter values the searcher chose for this trial. */
  hparams: Record<string, unknown> | null = null;
  /** Current state. */
  state: TrialState | null = null;
  /** Raw summary, e.g. `{avg_metrics: {loss: {count, last, max, min, sum, type}}, validation_metrics}`. */
  summaryMetrics: Record<string, unknown> | null = null;
  readonly #session: Session;

  constructor(trialId: number, session: Session) {
    this.id = trialId;
    this.#session = session;
  }

  /** Build a trial from a `trialv1Trial`. */
  static fromApi(raw: ApiTrial, session: Session): Trial {
    const trial = new Trial(raw.id, session);
    trial.#hydrate(raw);
    return trial;
  }

  #hydrate(raw: ApiTrial): void {
    const state = parseEnum(TrialState, raw.state, 'trial state');
    this.experimentId = raw.experimentId;
    this.hparams = raw.hparams;
    this.state = state;
    this.summaryMetrics = raw.summaryMetrics ?? null;
  }

  get #checkpoints(): CheckpointSource {
    return { session: this.#session, scope: 'trial', id: this.id };
  }

  /** Re-read the trial: `GET /api/v1/trials/{id}`. */
  async reload(options?: MethodOptions): Promise<void> {
    const response = await this.#session.call(
      'GetTrial',
      { path: { trialId: this.id } },
      callOptions(options),
    );
    this.#hydrate(response.trial);
  }

  /** Kill the trial: `POST /api/v1/trials/{id}/kill`. */
  async kill(options?: MethodOptions): Promise<void> {
    await this.#session.call('KillTrial', { path: { id: this.id } }, callOptions(options));
  }

  /** The trial's experiment (reloads the trial first when its experiment ID is unknown). */
  async getExperiment(options?: MethodOptions): Promise<Experiment> {
    if (this.experimentId === null) await this.reload(options);
    const { experimentId } = this;
    if (experimentId === null) throw new DeterminedError(`trial ${this.id} has no experiment ID`);
    const response = await this.#session.call(
      'GetExperiment',
      { path: { experimentId } },
      callOptions(options),
    );
    return experimentFromApi(response.experiment, this.#session);
  }

  /**
   * The trial's log lines (each log's pre-formatted `message`, trailing newline included), lazily.
   * Options are validated when iteration starts. With `tail` the lines come oldest first; with
   * `follow` the stream stays open (no idle timeout) until the trial ends.
   */
  async *iterLogs(options: TrialLogsOptions = {}): AsyncGenerator<string, void, undefined> {
    const { query, reverse } = trialLogsRequest(options);
    if (query.follow) {
      yield* followTrialLogs(this.#session, this.id, query, options.signal);
      return;
    }
    const idleTimeoutMs = options.idleTimeoutMs;
    const lines = this.#session.stream(
      'TrialLogs',
      { path: { trialId: this.id }, query },
      { signal: options.signal, ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }) },
    );
    if (!reverse) {
      for await (const line of lines) yield line.message;
      return;
    }
    const collected: string[] = [];
    for await (const line of lines) collected.push(line.message);
    yield* collected.reverse();
  }

  /** Deprecated: use `iterLogs` (warns when called). */
  logs(options: TrialLogsOptions = {}): AsyncGenerator<string, void, undefined> {
    warnDeprecatedCall('Trial.logs()', 'Trial.iterLogs()', this.#session);
    return this.iterLogs(options);
  }

  /** Like `listCheckpoints`, lazily (no request and no validation before iteration starts). */
  iterCheckpoints(options: ListCheckpointsOptions = {}): AsyncGenerator<Checkpoint, void, undefined> {
    return iterCheckpoints(this.#checkpoints, options);
  }

  /**
   * The trial's checkpoints (`GET /api/v1/trials/{id}/checkpoints`, any state), sorted by the
   * master by `sortBy` (default the searcher metric); `maxResults` fetches one page of that size.
   */
  async listCheckpoints(options: ListCheckpointsOptions = {}): Promise<Checkpoint[]> {
    return listCheckpoints(this.#checkpoints, options);
  }

  /**
   * Deprecated: use `listCheckpoints`. The first checkpoint by `sortBy` (ascending only when
   * `smallerIsBetter` is true), or by the master's default order without `sortBy`.
   */
  async topCheckpoint(options: TopCheckpointOptions = {}): Promise<Checkpoint> {
    warnDeprecatedCall('Trial.topCheckpoint()', 'Trial.listCheckpoints()', this.#session);
    const [best] = await listCheckpoints(this.#checkpoints, topCheckpointListing(options));
    if (best === undefined) throw new InvalidArgumentError('No checkpoints found for criteria.');
    return best;
  }

  /**
   * Deprecated: use `listCheckpoints`. Exactly one of `latest`, `best` or `uuid`; `sortBy` and
   * `smallerIsBetter` (both or neither) only with `best`.
   */
  async selectCheckpoint(options: SelectCheckpointOptions = {}): Promise<Checkpoint> {
    warnDeprecatedCall('Trial.selectCheckpoint()', 'Trial.listCheckpoints()', this.#session);
    return selectTrialCheckpoint(this.#checkpoints, options);
  }

  /**
   * Deprecated: use `listCheckpoints`. Every checkpoint of the trial, ordered by an attribute
   * (on the master) or by a validation metric (client-side; default the searcher's metric).
   */
  async getCheckpoints(options: GetTrialCheckpointsOptions = {}): Promise<Checkpoint[]> {
    warnDeprecatedCall('Trial.getCheckpoints()', 'Trial.listCheckpoints()', this.#session);
    const order = { sortBy: options.sortBy, orderBy: options.orderBy };
    const query = legacyTrialCheckpointsQuery(order);
    const checkpoints = await drainCheckpoints(this.#checkpoints, { query, options });
    return sortTrialCheckpoints(checkpoints, order);
  }

  /**
   * The trial's metrics of `group`, lazily (see `iterTrialsMetrics`); with `follow: true`, new
   * reports as the trial makes them, until it is terminal.
   */
  iterMetrics(
    group: string,
    options: IterTrialsMetricsOptions = {},
  ): AsyncGenerator<TrialMetrics, void, undefined> {
    return iterTrialsMetrics(this.#session, [this.id], group, options);
  }

  /** Deprecated: use `iterMetrics`. */
  streamMetrics(
    group: string,
    options: IterTrialsMetricsOptions = {},
  ): AsyncGenerator<TrialMetrics, void, undefined> {
    warnDeprecatedCall('Trial.streamMetrics()', 'Trial.iterMetrics()', this.#session);
    return this.iterMetrics(group, options);
  }

  /** Deprecated: use `iterMetrics('training')`. */
  streamTrainingMetrics(
    options: MetricsStreamOptions = {},
  ): AsyncGenerator<TrainingMetrics, void, undefined> {
    warnDeprecatedCall('Trial.streamTrainingMetrics()', "Trial.iterMetrics('training')", this.#session);
    return streamTrialsTrainingMetrics(this.#session, [this.id], options);
  }

  /** Deprecated: use `iterMetrics('validation')`. */
  streamValidationMetrics(
    options: MetricsStreamOptions = {},
  ): AsyncGenerator<ValidationMetrics, void, undefined> {
    warnDeprecatedCall('Trial.streamValidationMetrics()', "Trial.iterMetrics('validation')", this.#session);
    return streamTrialsValidationMetrics(this.#session, [this.id], options);
  }

  /** `Trial(id=<id>)`, as the Python SDK's `repr`. */
  toString(): string {
    return `Trial(id=${this.id})`;
  }
}

/** Deprecated: use `Trial` (warns once on construction). */
export class TrialReference extends Trial {
  constructor(trialId: number, session: Session) {
    super(trialId, session);
    warnDeprecatedCall('TrialReference', 'Trial', session);
  }
}
