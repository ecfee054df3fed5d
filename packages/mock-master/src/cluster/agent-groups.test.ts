import { loadScenario, ScenarioError } from '../seed';
import { testState } from '../state/test-helpers';
import { AgentGroupError, agentSpecs } from './agent-groups';

describe('agent groups of a scenario', () => {
  it('numbers agents per id prefix across groups and remembers the disabled ones', () => {
    const { specs, disabled } = agentSpecs([
      { count: 2, slots: 8, slotType: 'TYPE_CUDA', resourcePool: 'gpu' },
      { slots: 1, enabled: false },
      { count: 1, slots: 2, idPrefix: 'cpu' },
    ]);
    expect(specs.map((s) => [s.id, s.slots, s.slotType, s.resourcePool])).toEqual([
      ['mock-agent-0', 8, 'TYPE_CUDA', 'gpu'],
      ['mock-agent-1', 8, 'TYPE_CUDA', 'gpu'],
      ['mock-agent-2', 1, 'TYPE_CPU', 'default'],
      ['cpu-0', 2, 'TYPE_CPU', 'default'],
    ]);
    expect(disabled).toEqual(['mock-agent-2']);
  });

  it('rejects negative or fractional counts and unknown device types with a clear error', () => {
    expect(() => agentSpecs([{ slots: -1 }])).toThrow(
      new AgentGroupError('agents: slots must be a non-negative integer, got -1'),
    );
    expect(() => agentSpecs([{ slots: 1, count: 1.5 }])).toThrow(AgentGroupError);
    expect(() => agentSpecs([{ slots: 1, slotType: 'TYPE_TPU' as 'TYPE_CPU' }])).toThrow('unknown slotType');
  });

  it('fails a scenario whose agents name an unknown pool or an impossible group', async () => {
    const env = testState();
    try {
      await expect(loadScenario(env.state, { agents: [{ slots: 1, resourcePool: 'nope' }] })).rejects.toThrow(
        new ScenarioError('agents: resource pool "nope" not found'),
      );
      await expect(loadScenario(env.state, { agents: [{ slots: -2 }] })).rejects.toThrow(ScenarioError);
    } finally {
      await env.cleanup();
    }
  });
});
