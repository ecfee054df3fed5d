import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe("commands run in the mock's simulated shell, as their owner's agent user", () => {
  const env = startForTest({ speed: 0, seed: 8 });
  const admin = testClient(env);
  const linked = testClient(env, 'linked');
  const plain = testClient(env, 'plain');
  beforeAll(async () => {
    await admin.login();
    const agentUserGroup = { agentUid: 200, agentGid: 300, agentUser: 'someuser', agentGroup: 'somegroup' };
    await admin.json('POST', '/api/v1/users', {
      user: { username: 'linked', admin: false, active: true, agentUserGroup },
      password: '',
      isHashed: true,
    });
    await admin.json('POST', '/api/v1/users', {
      user: { username: 'plain', admin: false, active: true },
      password: '',
      isHashed: true,
    });
    await linked.login();
    await plain.login();
  });

  // Runs a command to its end and returns the lines it wrote to its task log.
  async function output(client: typeof admin, body: Obj): Promise<{ command: Obj; lines: Obj[] }> {
    const id = ((await client.json('POST', '/api/v1/commands', body)).command as Obj).id as string;
    env.mock.state.advance(30_000);
    const command = (await client.json('GET', `/api/v1/commands/${id}`)).command as Obj;
    const lines = ((await client.lines(`/api/v1/tasks/${id}/logs`)) as Obj[]).filter(
      (l) => l.source === 'task',
    );
    return { command, lines };
  }

  it("answers id with the owner's linked agent user, and root for a user without one", async () => {
    const body = { config: { entrypoint: ['bash', '-c', 'echo $(id -u -n):$(id -u):$(id -g -n):$(id -g)'] } };
    expect((await output(linked, body)).lines.map((l) => l.log)).toEqual(['someuser:200:somegroup:300\n']);
    expect((await output(plain, body)).lines.map((l) => l.log)).toEqual(['root:0:root:0\n']);
  });

  it("lets a workspace's agent user group override the owner's, field by field", async () => {
    const ws = (
      await admin.json('POST', '/api/v1/workspaces', {
        name: 'aug-ws',
        agentUserGroup: { agentUid: 999, agentUser: 'wsuser' },
      })
    ).workspace as Obj;
    const { lines } = await output(linked, {
      config: { entrypoint: ['sh', '-c', 'id'] },
      workspaceId: ws.id,
    });
    expect(lines.map((l) => l.log)).toEqual(['uid=999(wsuser) gid=300(somegroup) groups=300(somegroup)\n']);
  });

  it('gives the task the environment the master would: its ids, its owner and the template and config variables', async () => {
    await admin.json('POST', '/api/v1/templates/env-tpl', {
      name: 'env-tpl',
      config: { environment: { environment_variables: ['SHOULDBE=SET', 'OVER=template'] } },
      workspaceId: 1,
    });
    const { command, lines } = await output(linked, {
      config: {
        entrypoint: ['printenv', 'SHOULDBE', 'OVER', 'DET_USER', 'DET_TASK_ID'],
        environment: { environment_variables: ['OVER=config'] },
      },
      template_name: 'env-tpl',
    });
    // As on the master, the template's variables and the config's add up, the later ones winning.
    expect(lines.map((l) => l.log)).toEqual(['SET\n', 'config\n', 'linked\n', `${command.id as string}\n`]);
    const config = (await linked.json('GET', `/api/v1/commands/${command.id as string}`)).config as Obj;
    const all = ['SHOULDBE=SET', 'OVER=template', 'OVER=config'];
    expect((config.environment as Obj).environment_variables).toEqual({ cpu: all, cuda: all, rocm: all });
  });

  it('fails a command it does not simulate, with the exit status and crash line of the master', async () => {
    const { command, lines } = await output(plain, { config: { entrypoint: 'python3 train.py' } });
    expect(command.exitStatus).toBe(
      'allocation failed: resources failed with non-zero exit code: container failed with non-zero exit code: 127 (exit code 127)',
    );
    expect(lines.map((l) => [l.stdtype, l.log])).toEqual([
      ['stderr', 'python3: not simulated by the mock master (it runs no containers)\n'],
      [
        'stderr',
        'crashed: resources failed with non-zero exit code: container failed with non-zero exit code: 127 (exit code 127)\n',
      ],
    ]);
  });

  it('keeps a command running after sleep infinity until it is killed', async () => {
    const id = (
      (await plain.json('POST', '/api/v1/commands', { config: { entrypoint: ['sleep infinity'] } }))
        .command as Obj
    ).id as string;
    env.mock.state.advance(600_000);
    expect(((await plain.json('GET', `/api/v1/commands/${id}`)).command as Obj).state).toBe('STATE_RUNNING');
    await plain.json('POST', `/api/v1/commands/${id}/kill`);
    env.mock.state.advance(30_000);
    expect((await plain.json('GET', `/api/v1/commands/${id}`)).command).toMatchObject({
      state: 'STATE_TERMINATED',
      exitStatus: 'resources were killed',
    });
  });

  it("shows a shell's agent user group as its owner's", async () => {
    const shell = (await linked.json('POST', '/api/v1/shells', { config: {} })).shell as Obj;
    expect(shell.agentUserGroup).toEqual({ uid: 200, gid: 300, user: 'someuser', group: 'somegroup' });
    await linked.json('POST', `/api/v1/shells/${shell.id as string}/kill`);
  });
});
