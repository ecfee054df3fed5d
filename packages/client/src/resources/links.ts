/**
 * Late-bound constructors through which one resource builds another without importing its module
 * in a circle: `Experiment` creates `Trial`s (a plain import), so `Trial.getExperiment` reaches
 * `Experiment` through the factory the experiment module provides when it loads.
 */
import { DeterminedError } from '../core/errors';
import type { OperationResult } from '../core/operation-types';
import type { Session } from '../core/session';
import type { Experiment } from './experiments/experiment';

type ApiExperiment = OperationResult<'GetExperiment'>['experiment'];

/** Builds an `Experiment` from its API representation. */
export type ExperimentFactory = (raw: ApiExperiment, session: Session) => Experiment;

let experimentFactory: ExperimentFactory | undefined;

/** Called once by the experiment module as it loads. */
export function provideExperimentFactory(factory: ExperimentFactory): void {
  experimentFactory = factory;
}

/** Build an `Experiment` through the provided factory. */
export function experimentFromApi(raw: ApiExperiment, session: Session): Experiment {
  if (!experimentFactory) throw new DeterminedError('internal error: the experiment module is not loaded');
  return experimentFactory(raw, session);
}
