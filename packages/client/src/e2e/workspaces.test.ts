import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { NotFoundError } from '../core/errors';
import { createLogger } from '../core/logger';
import { Determined } from '../determined';
import { ResourcePool } from '../resources/resource-pools/resource-pool';
import { Workspace } from '../resources/workspaces/workspace';

let mock: MockMaster;
let configDir: string;
let det: Determined;

beforeAll(async () => {
  mock = await startMockMaster({
    validateResponses: 'record',
    strictQuery: true,
    // Like a real master, the default pool refuses workspace bindings; this one accepts them.
    scenario: { resourcePools: [{ name: 'gpu-pool' }] },
  });
  configDir = await mkdtemp(path.join(tmpdir(), 'det-e2e-ws-'));
  det = new Determined({
    master: mock.url,
    user: 'admin',
    password: '',
    configDir,
    env: {},
    logger: createLogger({ env: { DET_TS_LOG: 'silent' } }),
  });
});

afterAll(async () => {
  await det.close();
  await mock.stop();
  await rm(configDir, { recursive: true, force: true });
  assertNoResponseViolations(mock);
});

describe('workspaces and projects on the mock master', () => {
  it('creates, finds, lists and deletes a workspace by name', async () => {
    const created = await det.createWorkspace('e2e-team');
    expect(created.name).toBe('e2e-team');
    expect((await det.getWorkspace('e2e-team')).id).toBe(created.id);
    expect((await Workspace.byName(det.session, 'E2E-TEAM')).id).toBe(created.id);
    expect((await det.listWorkspaces()).map((w) => w.name)).toEqual(
      expect.arrayContaining(['Uncategorized', 'e2e-team']),
    );
    await det.deleteWorkspace('e2e-team');
    await expect(det.getWorkspace('e2e-team')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('creates a project, edits it, adds and removes notes, and deletes it', async () => {
    const workspace = await det.createWorkspace('e2e-projects');
    const project = await workspace.createProject('vision', { description: 'models that see' });
    expect(project).toMatchObject({
      name: 'vision',
      description: 'models that see',
      workspaceId: workspace.id,
    });
    await project.setDescription('still seeing');
    await project.addNote('plan', 'train, then evaluate');
    await project.addNote('later', '');
    await project.removeNote('later');
    expect(project.notes).toEqual([{ name: 'plan', contents: 'train, then evaluate' }]);
    await project.archive();
    const again = await workspace.getProject('vision');
    expect(again).toMatchObject({ description: 'still seeing', archived: true });
    expect((await workspace.listProjects()).map((p) => p.name)).toEqual(['vision']);
    await project.unarchive();
    await workspace.deleteProject('vision');
    await expect(workspace.getProject('vision')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('binds a resource pool to workspaces and lists the bound workspace names', async () => {
    const pools = await new Workspace(det.session, { workspaceId: 1 }).listPools();
    expect(pools.every((pool) => pool instanceof ResourcePool)).toBe(true);
    expect(pools.map((pool) => pool.name)).toContain('gpu-pool');
    await det.createWorkspace('e2e-bound');
    const bound = new ResourcePool(det.session, { name: 'gpu-pool' });
    await bound.addBindings(['e2e-bound']);
    expect(await bound.listWorkspaces()).toContain('e2e-bound');
    await bound.removeBindings(['e2e-bound']);
    expect(await bound.listWorkspaces()).not.toContain('e2e-bound');
  });
});
