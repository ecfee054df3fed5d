import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ArchiveFiles, readTar, readTgz, readZip } from './testing/archive-entries';
import { startForTest } from './testing/start-for-test';

const harness = startForTest({ seed: 7, speed: 500 });

const CONFIG = `# comments are kept
name: lifecycle
entrypoint: model_def:Trial
searcher:
  name: single
  metric: validation_loss
  max_length:
    batches: 300
hyperparameters:
  lr: 0.01
`;
const MODEL_DEF = 'class Trial:\n    pass\n';

type Json = Record<string, unknown>;
let token = '';

function saltedHash(password: string): string {
  return createHash('sha512').update(`GubPEmmotfiK9TMD6Zdw${password}`).digest('hex');
}

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${harness.url}${route}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Json) : {} };
}

async function ok(method: string, route: string, body?: unknown): Promise<Json> {
  const { status, json } = await api(method, route, body);
  if (status !== 200) throw new Error(`${method} ${route} answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

function entry(file: string, type: 48 | 53, content = '') {
  return {
    path: file,
    type,
    content: Buffer.from(content).toString('base64'),
    mtime: '1700000000',
    mode: type === 48 ? 0o100644 : 0o40755,
    uid: 0,
    gid: 0,
  };
}

function hashes(files: ArchiveFiles): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of files)
    out[name.replace(/^\.\//, '')] = createHash('sha256').update(data).digest('hex');
  return out;
}

function hashesOnDisk(root: string, dir = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${item.name}` : item.name;
    if (item.isDirectory()) Object.assign(out, hashesOnDisk(root, rel));
    else
      out[rel] = createHash('sha256')
        .update(readFileSync(path.join(root, rel)))
        .digest('hex');
  }
  return out;
}

describe('the full lifecycle over plain HTTP', () => {
  let experimentId = 0;
  let trialId = 0;
  let checkpointUuid = '';

  it('logs in as admin, creates a user with a hashed password and logs in as that user', async () => {
    token = (await ok('POST', '/api/v1/auth/login', { username: 'admin', password: '', isHashed: false }))
      .token as string;
    await ok('POST', '/api/v1/users', {
      user: { username: 'alice', admin: false, active: true, remote: false },
      password: saltedHash('0penSesame'),
      isHashed: true,
    });
    token = '';
    const login = await ok('POST', '/api/v1/auth/login', {
      username: 'alice',
      password: saltedHash('0penSesame'),
      isHashed: true,
    });
    token = login.token as string;
    expect(((await ok('GET', '/api/v1/me')).user as Json).username).toBe('alice');
  });

  it('creates an experiment from a config and model files and watches it reach COMPLETED', async () => {
    const created = await ok('POST', '/api/v1/experiments', {
      activate: true,
      config: CONFIG,
      modelDefinition: [
        entry('model_def.py', 48, MODEL_DEF),
        entry('data', 53),
        entry('data/a.txt', 48, 'abc'),
      ],
      projectId: null,
      template: null,
    });
    const experiment = created.experiment as Json;
    experimentId = experiment.id as number;
    expect(experiment).toMatchObject({ name: 'lifecycle', username: 'alice' });
    const states: string[] = [];
    for (let i = 0; i < 200 && states.at(-1) !== 'STATE_COMPLETED'; i++) {
      const state = ((await ok('GET', `/api/v1/experiments/${experimentId}`)).experiment as Json)
        .state as string;
      if (states.at(-1) !== state) states.push(state);
      await sleep(25);
    }
    expect(states.at(-1)).toBe('STATE_COMPLETED');
  });

  it('lists the trials and checkpoints of the finished experiment', async () => {
    const trials = (await ok('GET', `/api/v1/experiments/${experimentId}/trials`)).trials as Json[];
    expect(trials).toHaveLength(1);
    expect(trials[0]).toMatchObject({ experimentId, state: 'STATE_COMPLETED', totalBatchesProcessed: 300 });
    trialId = trials[0]?.id as number;
    const checkpoints = (await ok('GET', `/api/v1/experiments/${experimentId}/checkpoints`))
      .checkpoints as Json[];
    expect(checkpoints.length).toBeGreaterThan(0);
    const completed = checkpoints.filter((c) => c.state === 'STATE_COMPLETED');
    checkpointUuid = completed[0]?.uuid as string;
    expect(checkpointUuid).toMatch(/^[0-9a-f-]{36}$/);
    const trialCheckpoints = (await ok('GET', `/api/v1/trials/${trialId}/checkpoints`)).checkpoints as Json[];
    expect(trialCheckpoints.map((c) => c.uuid)).toContain(checkpointUuid);
  });

  it('streams the training and validation metrics as NDJSON', async () => {
    for (const group of ['training', 'validation']) {
      const res = await fetch(
        `${harness.url}/api/v1/trials/metrics/trial_metrics?trialIds=${trialId}&group=${group}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(res.status).toBe(200);
      const lines = (await res.text()).split('\n').filter((line) => line !== '');
      const reports = lines.flatMap(
        (line) => ((JSON.parse(line) as { result: Json }).result.metrics as Json[]) ?? [],
      );
      expect(reports.length).toBeGreaterThan(0);
      const batches = reports.map((r) => r.totalBatches as number);
      expect(batches).toEqual([...batches].sort((a, b) => a - b));
      expect(reports.every((r) => r.trialId === trialId && r.group === group)).toBe(true);
    }
  });

  it.each([
    ['application/x-tar', readTar],
    ['application/gzip', readTgz],
    ['application/zip', readZip],
  ])('downloads the checkpoint as %s with the same files as on disk', async (accept, read) => {
    const res = await fetch(`${harness.url}/checkpoints/${checkpointUuid}`, {
      headers: { authorization: `Bearer ${token}`, accept },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(accept);
    const files = read(Buffer.from(await res.arrayBuffer()));
    const onDisk = hashesOnDisk(path.join(harness.mock.state.storage.root, checkpointUuid));
    expect(Object.keys(onDisk).length).toBeGreaterThan(0);
    expect(hashes(files)).toEqual(onDisk);
  });

  it('registers the checkpoint as a model version', async () => {
    await ok('POST', '/api/v1/models', { name: 'lifecycle-model', labels: ['e2e'] });
    const created = await ok('POST', '/api/v1/models/lifecycle-model/versions', {
      modelName: 'lifecycle-model',
      checkpointUuid,
    });
    expect(created.modelVersion).toMatchObject({ version: 1, checkpoint: { uuid: checkpointUuid } });
    const versions = (await ok('GET', '/api/v1/models/lifecycle-model/versions')).modelVersions as Json[];
    expect(versions.map((v) => (v.checkpoint as Json).uuid)).toEqual([checkpointUuid]);
  });

  it('ends the session on logout', async () => {
    await ok('POST', '/api/v1/auth/logout');
    expect((await api('GET', '/api/v1/me')).status).toBe(401);
  });
});
