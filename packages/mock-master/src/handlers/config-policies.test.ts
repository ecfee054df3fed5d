import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

describe('task config policies (OSS 0.38.1 has them)', () => {
  const env = startForTest({ speed: 0, seed: 15 });
  const admin = testClient(env);
  const user = testClient(env, 'determined');
  beforeAll(async () => {
    await admin.login();
    await user.login();
  });

  it('stores global and workspace policies from YAML or JSON per workload type, and deletes them', async () => {
    const put = await admin.json('PUT', '/api/v1/config-policies/global/EXPERIMENT', {
      workloadType: 'EXPERIMENT',
      configPolicies: 'invariant_config:\n  max_restarts: 1\nconstraints:\n  priority_limit: 10\n',
    });
    expect(put.configPolicies).toEqual({
      invariant_config: { max_restarts: 1 },
      constraints: { priority_limit: 10 },
    });
    await admin.json('PUT', '/api/v1/config-policies/workspaces/1/NTSC', {
      workspaceId: 1,
      workloadType: 'NTSC',
      configPolicies: '{"constraints": {"resources": {"max_slots": 2}}}',
    });
    expect((await user.json('GET', '/api/v1/config-policies/workspaces/1/NTSC')).configPolicies).toEqual({
      constraints: { resources: { max_slots: 2 } },
    });
    expect(
      (await user.json('GET', '/api/v1/config-policies/workspaces/1/EXPERIMENT')).configPolicies,
    ).toEqual({});
    await admin.json('DELETE', '/api/v1/config-policies/global/EXPERIMENT');
    expect((await admin.json('GET', '/api/v1/config-policies/global/EXPERIMENT')).configPolicies).toEqual({});
  });

  it('answers bad workload types, empty policies and non-admin global changes like the master', async () => {
    const bad = await admin.call('GET', '/api/v1/config-policies/global/TRIAL');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('invalid workload type: TRIAL.');
    const empty = await admin.call('PUT', '/api/v1/config-policies/global/NTSC', {
      workloadType: 'NTSC',
      configPolicies: '',
    });
    expect(JSON.stringify(empty.body)).toContain('no specified config policies');
    const denied = await user.call('PUT', '/api/v1/config-policies/global/NTSC', {
      workloadType: 'NTSC',
      configPolicies: '{}',
    });
    expect(denied.status).toBe(403);
  });
});
