import path from 'node:path';
import { BEST_UUID, DELETED_UUID, serverScenario } from '../../test/support/scenario';
import { readEvents } from '../../test/support/sse-reader';
import { RUN_START_MS, startTestMaster, type TestMaster } from '../../test/support/test-master';
import { type Dashboard, startDashboard } from './dashboard-server';

const publicDir = path.join(__dirname, '..', '..', 'public');

describe('dashboard server', () => {
  let master: TestMaster;
  let dashboard: Dashboard;
  /** Every body the server sent in these tests, to check that the token is in none of them. */
  const bodies: string[] = [];

  async function get(
    pathname: string,
    init?: RequestInit,
  ): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const response = await fetch(`${dashboard.url}${pathname}`, init);
    const body = Buffer.from(await response.arrayBuffer());
    bodies.push(body.toString('latin1'), JSON.stringify([...response.headers]));
    return { status: response.status, headers: response.headers, body };
  }

  beforeAll(async () => {
    master = await startTestMaster({ scenario: serverScenario });
    master.mock.state.clock.advance(RUN_START_MS);
    master.advanceBatches(400);
    dashboard = await startDashboard({ det: master.det, publicDir, pollMs: 50, topCheckpoints: 3 });
  });

  afterAll(async () => {
    await dashboard?.close();
    await master?.close();
  });

  it('lists experiments newest first with state, progress, owner and best validation metric', async () => {
    const { status, body } = await get('/api/experiments');
    expect(status).toBe(200);
    const { experiments } = JSON.parse(body.toString());
    expect(experiments.map((e: { name: string }) => e.name)).toEqual(['paused', 'live', 'finished']);
    expect(experiments[2]).toEqual(
      expect.objectContaining({
        id: 1,
        state: 'STATE_COMPLETED',
        owner: 'alice',
        searcherMetric: 'validation_loss',
        bestValidation: 0.6,
        terminal: true,
      }),
    );
    expect(experiments[1]).toEqual(expect.objectContaining({ state: 'STATE_RUNNING', terminal: false }));
    expect(experiments[1].progress).toBeCloseTo(0.4);
    expect(experiments[1].bestValidation).toEqual(expect.any(Number));
    expect(experiments[0]).toEqual(expect.objectContaining({ state: 'STATE_PAUSED', bestValidation: null }));
  });

  it('streams the experiment list and sends it again when the simulation moves', async () => {
    const progressOf = (events: readonly { event: string; data: unknown }[]) =>
      events
        .filter((e) => e.event === 'experiments')
        .map(
          (e) =>
            (e.data as Array<{ name: string; progress: number }>).find((x) => x.name === 'live')?.progress,
        );
    const events = await readEvents(`${dashboard.url}/api/experiments/events`, (seen) => {
      if (progressOf(seen).length === 1) master.advanceBatches(100);
      return progressOf(seen).length >= 2;
    });
    const [before, after] = progressOf(events);
    expect(after).toBeGreaterThan(before ?? 1);
  });

  it('streams an experiment: summary, trials, learning-curve points, then new points as it runs', async () => {
    const pointsOf = (events: readonly { event: string; data: unknown }[]) =>
      events
        .filter((e) => e.event === 'points')
        .flatMap((e) => e.data as Array<{ group: string; step: number }>);
    let advanced = false;
    const events = await readEvents(`${dashboard.url}/api/experiments/2/events`, (seen) => {
      if (!advanced && seen.some((e) => e.event === 'checkpoints')) {
        advanced = true;
        master.advanceBatches(100);
      }
      return advanced && pointsOf(seen).some((p) => p.step > 500);
    });
    const names = new Set(events.map((e) => e.event));
    expect(names).toEqual(new Set(['experiment', 'trials', 'points', 'checkpoints']));
    const steps = pointsOf(events)
      .filter((p) => p.group === 'validation')
      .map((p) => p.step);
    expect(steps.slice(0, 4)).toEqual([100, 200, 300, 400]);
    expect(new Set(steps).size).toBe(steps.length);
  });

  it('lists the top checkpoints with their metric and sizes', async () => {
    const events = await readEvents(`${dashboard.url}/api/experiments/1/events`, (seen) =>
      seen.some((e) => e.event === 'checkpoints'),
    );
    const checkpoints = events.find((e) => e.event === 'checkpoints')?.data;
    expect(checkpoints).toEqual([expect.objectContaining({ uuid: BEST_UUID, metric: 0.6, sizeBytes: 1509 })]);
  });

  it('passes a checkpoint archive through as tar, with the expected size for progress', async () => {
    const { status, headers, body } = await get(`/api/checkpoints/${BEST_UUID}/archive`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/x-tar');
    expect(headers.get('content-disposition')).toBe(`attachment; filename="checkpoint-${BEST_UUID}.tar"`);
    // The SDK's openArchive computes it from the checkpoint's files: the master sends no Content-Length.
    expect(Number(headers.get('x-expected-bytes'))).toBe(body.length);
    expect(headers.get('x-expected-bytes')).toBe(String(4096 + 512));
    expect(body.includes('weights.bin')).toBe(true);
    expect(body.includes('w'.repeat(1500))).toBe(true);
  });

  it.each([
    ['a malformed experiment id', '/api/experiments/abc/events', 400],
    ['an experiment id out of range', '/api/experiments/99999999999/events', 400],
    ['an unknown experiment', '/api/experiments/4242/events', 404],
    ['a malformed checkpoint uuid', '/api/checkpoints/..%2Fetc/archive', 400],
    ['an unknown checkpoint', '/api/checkpoints/00000000-0000-4000-8000-000000000000/archive', 404],
    ['a deleted checkpoint', `/api/checkpoints/${DELETED_UUID}/archive`, 409],
    ['an unknown page', '/secrets.json', 404],
  ])('answers %s with a JSON error', async (_what, pathname, expected) => {
    const { status, headers, body } = await get(pathname);
    expect(status).toBe(expected);
    expect(headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(body.toString()).error).toEqual(expect.any(String));
  });

  it('reports a failing master as a problem event and clears it once the master answers again', async () => {
    master.mock.faults.add({ operationId: 'GetExperimentTrials', status: 500, times: 1 });
    const events = await readEvents(`${dashboard.url}/api/experiments/1/events`, (seen) =>
      seen.some((e) => e.event === 'problem' && (e.data as { message: unknown }).message === null),
    );
    const problems = events
      .filter((e) => e.event === 'problem')
      .map((e) => (e.data as { message: unknown }).message);
    expect(problems).toEqual([expect.stringContaining('InternalServerError'), null]);
    expect(events.some((e) => e.event === 'trials')).toBe(true);
  });

  it('refuses methods other than GET', async () => {
    const { status } = await get('/api/experiments', { method: 'POST' });
    expect(status).toBe(405);
  });

  it('serves the page and its scripts, and nothing else from the public directory', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await get('/app.js')).headers.get('content-type')).toContain('text/javascript');
    expect((await get('/chart.js')).status).toBe(200);
    expect((await get('/style.css')).status).toBe(200);
    expect((await get('/../package.json')).status).toBe(404);
  });

  it('never sends the master token', () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body).not.toContain(master.token);
  });
});
