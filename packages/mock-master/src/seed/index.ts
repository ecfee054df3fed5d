export { loadFixtures } from './fixtures';
export { type LoadScenarioOptions, loadScenario, type ScenarioUserSink } from './scenario';
export { modelFiles, ScenarioError } from './scenario-experiments';
export type * from './scenario-types';
