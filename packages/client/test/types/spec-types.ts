// A tool's own code typed by the master's API through the SDK alone: the spec's schema types and
// the terminal-state helper, with no direct dependency on the bindings package.
import * as client from '@determined-ts/client';

type ApiExperiment = client.components['schemas']['v1Experiment'];
type GetExperimentAnswer =
  client.operations['GetExperiment']['responses'][200]['content']['application/json'];
type ExperimentsPath = keyof client.paths & '/api/v1/experiments';

export function summary(experiment: ApiExperiment): string {
  const done = client.isTerminalExperimentState(experiment.state);
  return `${experiment.id} ${experiment.name} ${done ? 'finished' : 'running'}`;
}

export function fromAnswer(answer: GetExperimentAnswer): string {
  return summary(answer.experiment);
}

export const experimentsPath: ExperimentsPath = '/api/v1/experiments';
export const terminal: readonly client.ExperimentState[] = client.TERMINAL_EXPERIMENT_STATES;
