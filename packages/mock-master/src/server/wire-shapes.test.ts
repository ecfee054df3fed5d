import { gunzipSync } from 'node:zlib';
import { startForTest } from '../testing/start-for-test';

const mock = startForTest({ seed: 4 });

const CONFIG = 'name: wire\nsearcher: {name: single, metric: validation_loss, max_length: {batches: 100}}\n';
const FILE = { path: 'model_def.py', type: 48, content: Buffer.from('print(1)\n').toString('base64') };
const FILE_FIELDS = { mtime: '1704067200', mode: 420, uid: 0, gid: 0 };

async function createExperiment(token: string): Promise<number> {
  const res = await fetch(`${mock.url}/api/v1/experiments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ config: CONFIG, activate: false, modelDefinition: [{ ...FILE, ...FILE_FIELDS }] }),
  });
  if (res.status !== 200) throw new Error(await res.text());
  return ((await res.json()) as { experiment: { id: number } }).experiment.id;
}

describe("the master's wire shapes", () => {
  it('answers GET /info without a session, in snake_case', async () => {
    const res = await fetch(`${mock.url}/info`);
    expect(res.status).toBe(200);
    const info = (await res.json()) as Record<string, unknown>;
    expect(info).toEqual({
      version: '0.38.1',
      master_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      cluster_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      cluster_name: 'mock-master',
      telemetry: { enabled: false, otel_enabled: false, otel_endpoint: '' },
      sso_providers: null,
    });
    const master = (await (await fetch(`${mock.url}/api/v1/master`)).json()) as Record<string, unknown>;
    expect(master).toMatchObject({ masterId: info.master_id, clusterId: info.cluster_id });
  });

  it('sets the auth cookie on login, accepts it as the session and clears it on logout', async () => {
    const login = await fetch(`${mock.url}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: '', isHashed: true }),
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    const { token } = (await login.json()) as { token: string };
    expect(cookie).toMatch(new RegExp(`^auth=${token.replace(/\./g, '\\.')}; Path=/; Expires=`));
    const me = await fetch(`${mock.url}/api/v1/me`, { headers: { cookie: `auth=${token}` } });
    expect(me.status).toBe(200);
    const logout = await fetch(`${mock.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: `auth=${token}` },
    });
    expect(logout.headers.get('set-cookie')).toMatch(/^auth=; Expires=Thu, 01 Jan 1970/);
    expect((await fetch(`${mock.url}/api/v1/me`, { headers: { cookie: `auth=${token}` } })).status).toBe(401);
  });

  it('sends unset fields as the master does (zero values, [] and null) instead of leaving them out', async () => {
    const token = await mock.login();
    const id = await createExperiment(token);
    const res = await fetch(`${mock.url}/api/v1/experiments/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { experiment, jobSummary } = (await res.json()) as {
      experiment: Record<string, unknown>;
      jobSummary: unknown;
    };
    expect(experiment).toHaveProperty('endTime', null);
    expect(experiment).toHaveProperty('externalExperimentId', '');
    expect(jobSummary === null || typeof jobSummary === 'object').toBe(true);
  });

  it('indents with four spaces for Accept: application/json+pretty and ?pretty', async () => {
    const token = await mock.login();
    const headers = { authorization: `Bearer ${token}` };
    const byHeader = await fetch(`${mock.url}/api/v1/master`, {
      headers: { ...headers, accept: 'application/json+pretty' },
    });
    expect(await byHeader.text()).toMatch(/^\{\n {4}"version": "0\.38\.1"/);
    const byQuery = await fetch(`${mock.url}/api/v1/me?pretty`, { headers });
    expect(await byQuery.text()).toMatch(/^\{\n {4}"user": \{\n {8}"/);
  });

  it('serves the model definition as a tarball and single files on the echo routes', async () => {
    const token = await mock.login();
    const headers = { authorization: `Bearer ${token}` };
    const id = await createExperiment(token);
    const tgz = await fetch(`${mock.url}/experiments/${id}/model_def`, { headers });
    expect(tgz.status).toBe(200);
    expect(tgz.headers.get('content-disposition')).toBe(
      `attachment; filename="exp${id}_wire_model_def.tar.gz"`,
    );
    expect(gunzipSync(Buffer.from(await tgz.arrayBuffer())).includes('print(1)')).toBe(true);
    const file = await fetch(`${mock.url}/experiments/${id}/file/download?path=model_def.py`, { headers });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await file.text()).toBe('print(1)\n');
  });

  it('lists the running allocations on the echo route /tasks, keyed by allocation id in snake_case', async () => {
    const token = await mock.login();
    const headers = { authorization: `Bearer ${token}` };
    const id = await createExperiment(token);
    await fetch(`${mock.url}/api/v1/experiments/${id}/activate`, { method: 'POST', headers });
    mock.mock.state.advance(3_500);
    const tasks = (await (await fetch(`${mock.url}/tasks`, { headers })).json()) as Record<
      string,
      Record<string, unknown>
    >;
    const mine = Object.entries(tasks).find(([, t]) => String(t.name).includes(`(Experiment ${id})`));
    expect(mine?.[1]).toMatchObject({
      allocation_id: mine?.[0],
      task_id: expect.any(String),
      slots_needed: 1,
    });
    expect(mine?.[1].resources).toEqual([expect.objectContaining({ resources_type: 'docker-container' })]);
  });

  it('answers errors on echo routes with {"message"}', async () => {
    const token = await mock.login();
    const headers = { authorization: `Bearer ${token}` };
    const missing = await fetch(`${mock.url}/experiments/999/file/download?path=x`, { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'experiment not found: 999' });
    const noSession = await fetch(`${mock.url}/checkpoints/abc`);
    expect(noSession.status).toBe(401);
    expect(await noSession.json()).toEqual({ message: expect.stringContaining('unauthenticated') });
  });
});
