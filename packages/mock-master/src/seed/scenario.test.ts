import { parse } from 'yaml';
import { renderExperiment, renderTrial } from '../state/render';
import { testState } from '../state/test-helpers';
import { loadScenario } from './scenario';
import type { ScenarioFile } from './scenario-types';

const UUID = 'abcdefab-0000-4000-8000-000000000001';

const YAML_SCENARIO = `
users: [{username: alice, password: Secret123}]
workspaces: [{name: research, owner: alice}]
projects: [{name: vision, workspace: research, notes: [{name: plan, contents: todo}]}]
templates: {base: {resources: {slots_per_trial: 1}}}
resourcePools: [{name: gpu-pool, slotType: TYPE_CUDA, slotsAvailable: 8}]
experiments:
  - id: 40
    name: mnist
    project: vision
    owner: alice
    labels: [baseline]
    config: {searcher: {name: single, metric: validation_loss, max_length: {batches: 200}}}
    modelDefinition: {"pkg/model_def.py": "print('hi')\\n"}
    trials:
      - id: 400
        hparams: {lr: 0.1}
        training: [{batches: 100, metrics: {loss: 0.9}}, {batches: 200, metrics: {loss: 0.5}}]
        validation: [{batches: 200, metrics: {validation_loss: 0.6}}]
        checkpoints: [{batches: 200, uuid: ${UUID}, files: {"weights.bin": "abc", "sub/": ""}}]
        logs: ["hello"]
  - name: live
    simulate: true
    config: "searcher: {name: single, metric: loss, max_length: 100}"
models:
  - name: classifier
    owner: alice
    labels: [prod]
    versions: [{checkpoint: ${UUID}, name: v1}]
`;

describe('loadScenario', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(() => {
    env = testState();
  });
  afterEach(() => env.cleanup());

  it('loads a YAML scenario with exact metrics, checkpoint files, logs and registry entries', async () => {
    const created: string[] = [];
    const users = {
      create: (u: { username: string }) => {
        created.push(u.username);
        return { id: 3, username: u.username, admin: false, active: true, remote: false, displayName: '' };
      },
    };
    await loadScenario(env.state, parse(YAML_SCENARIO) as ScenarioFile, { users });
    expect(created).toEqual(['alice']);
    const exp = renderExperiment(env.state, env.state.experiment(40));
    expect(exp).toMatchObject({
      name: 'mnist',
      username: 'alice',
      userId: 3,
      projectName: 'vision',
      workspaceName: 'research',
      labels: ['baseline'],
      state: 'STATE_COMPLETED',
      bestTrialId: 400,
    });
    const trial = renderTrial(env.state, env.state.trial(400));
    expect(trial).toMatchObject({
      hparams: { lr: 0.1 },
      totalBatchesProcessed: 200,
      searcherMetricValue: 0.6,
      bestCheckpoint: { uuid: UUID, resources: { 'sub/': '0', 'weights.bin': '3' } },
    });
    expect(env.state.metrics.stored(400).map((r) => [r.group, r.totalBatches])).toEqual([
      ['training', 100],
      ['training', 200],
      ['validation', 200],
    ]);
    expect(env.state.checkpoint(UUID).training?.searcherMetric).toBe(0.6);
    expect(env.state.logs.of(400).map((l) => l.log)).toContain('hello\n');
    expect(env.state.experiment(40).modelDefinition.map((f) => f.path)).toEqual(['pkg', 'pkg/model_def.py']);
    expect([...env.state.modelVersions.values()].map((v) => [v.version, v.checkpointUuid])).toEqual([
      [1, UUID],
    ]);
    expect(env.state.resourcePools.get('gpu-pool')).toMatchObject({
      slotType: 'TYPE_CUDA',
      slotsAvailable: 8,
      defaultComputePool: false,
    });
    expect(env.state.templates.get('base')).toEqual({ resources: { slots_per_trial: 1 } });
  });

  it('runs `simulate: true` experiments on the virtual clock and new ids continue after seeded ones', async () => {
    await loadScenario(env.state, parse(YAML_SCENARIO) as ScenarioFile);
    expect(env.state.scenarioUsers.map((u) => u.username)).toEqual(['alice']);
    const live = [...env.state.experiments.values()].find((e) => e.name === 'live');
    expect(live?.id).toBe(41);
    expect(live?.state).toBe('STATE_QUEUED');
    env.state.advance(10_000);
    expect(live?.state).toBe('STATE_COMPLETED');
    expect(live?.trialIds[0]).toBe(401);
  });

  it('rejects references to unknown entities with a clear error', async () => {
    await expect(loadScenario(env.state, { projects: [{ name: 'p', workspace: 'nope' }] })).rejects.toThrow(
      'workspace "nope" not found',
    );
    await expect(
      loadScenario(env.state, { models: [{ name: 'm', versions: [{ checkpoint: 'missing' }] }] }),
    ).rejects.toThrow('checkpoint missing not found');
    await expect(loadScenario(env.state, { experiments: [{ owner: 'ghost' }] })).rejects.toThrow(
      'user "ghost" not found',
    );
  });
});
