/**
 * The dashboard as a user sees it: the demo master, the dashboard server and the page in a real
 * headless Chromium. Leaves a screenshot in examples/dashboard/.artifacts/.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Determined } from '@determined-ts/client';
import type { MockMaster } from '@determined-ts/mock-master';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { DEMO_USER, LIVE_EXPERIMENT_NAME, startDemoMaster } from '../src/demo/demo-master';
import { type Dashboard, startDashboard } from '../src/server/dashboard-server';
import { launchChromium, type TestBrowser } from './support/chromium';

jest.setTimeout(60_000);

const publicDir = path.join(__dirname, '..', 'public');
const artifactsDir = path.join(__dirname, '..', '.artifacts');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Polls `check` until it returns something other than undefined. */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pointsOf = (page: Page, chart: string) =>
  page.$eval(`#${chart}-chart`, (svg) => Number(svg.getAttribute('data-points') ?? 0));

describe('the dashboard page in Chromium', () => {
  let mock: MockMaster | undefined;
  let det: Determined | undefined;
  let dashboard: Dashboard | undefined;
  let chromium: TestBrowser | undefined;
  let page: Page;
  let token: string;
  const requests: string[] = [];

  beforeAll(async () => {
    // Speed 5: each trial runs for about 40 s, a validation every second, a checkpoint every 4 s.
    mock = await startDemoMaster({ speed: 5 });
    const viewer = mock.users.getByName(DEMO_USER.username);
    if (viewer === null) throw new Error(`the demo master has no user ${DEMO_USER.username}`);
    token = mock.users.issueToken(viewer.id);
    det = new Determined({
      master: mock.url,
      user: DEMO_USER.username,
      token,
      cacheToken: false,
      logger: quiet,
    });
    dashboard = await startDashboard({ det, publicDir, pollMs: 250 });
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1280, height: 1150 });
    page.on('request', (request: HTTPRequest) => requests.push(request.url()));
    await page.goto(dashboard.url, { waitUntil: 'domcontentloaded' });
  });

  afterAll(async () => {
    const steps: Array<() => Promise<unknown> | undefined> = [
      async () => {
        if (page === undefined) return;
        await mkdir(artifactsDir, { recursive: true });
        await page.screenshot({ path: path.join(artifactsDir, 'dashboard.png'), fullPage: true });
      },
      () => chromium?.close(),
      () => dashboard?.close(),
      () => det?.close(),
      () => mock?.stop(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await Promise.resolve(step()).catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, 'cleaning up the page test failed');
  });

  it('lists the running experiment with its state, progress, owner and best validation metric', async () => {
    const row = await page.waitForSelector('#experiments tbody tr[data-state="STATE_RUNNING"]');
    expect(await row?.$eval('.name', (cell) => cell.textContent)).toBe(LIVE_EXPERIMENT_NAME);
    expect(await row?.$eval('.owner', (cell) => cell.textContent)).toBe(DEMO_USER.username);
    const best = await eventually(async () => {
      const text = await page.$eval(
        '#experiments tbody tr[data-state="STATE_RUNNING"] .best',
        (c) => c.textContent,
      );
      return text?.includes('validation_loss') && !text.startsWith('–') ? text : undefined;
    }, 'a best validation metric');
    expect(best).toMatch(/^\d+\.\d+ \(validation_loss\)$/);
    expect(await row?.$eval('.progress', (cell) => cell.textContent)).toMatch(/^ \d+%$/);
  });

  it('draws learning curves that gain points as the simulation advances', async () => {
    const first = await eventually(async () => {
      const n = await pointsOf(page, 'validation');
      return n > 0 ? n : undefined;
    }, 'validation points');
    const later = await eventually(async () => {
      const n = await pointsOf(page, 'validation');
      return n > first ? n : undefined;
    }, 'more validation points');
    expect(later).toBeGreaterThan(first);
    expect(await pointsOf(page, 'training')).toBeGreaterThan(later);
    expect(await page.$$eval('#training-chart polyline', (lines) => lines.length)).toBe(3);
  });

  it('downloads a checkpoint through the server and shows its progress until done', async () => {
    const button = await page.waitForSelector('#checkpoints tbody tr button.download', { timeout: 20_000 });
    await button?.click();
    const status = await page.waitForSelector('#checkpoints .status[data-status="done"]', {
      timeout: 20_000,
    });
    const bytes = Number(await status?.evaluate((el) => el.getAttribute('data-bytes')));
    expect(bytes).toBeGreaterThan(1024);
    expect(await page.$eval('#checkpoints progress', (bar) => bar.getAttribute('value'))).toBe('1');
    const saved = await eventually(async () => {
      const names = await readdir(chromium?.downloadDir ?? '').catch(() => []);
      return names.find((name) => name.endsWith('.tar'));
    }, 'the saved archive');
    const archive = await readFile(path.join(chromium?.downloadDir ?? '', saved));
    expect(archive.length).toBe(bytes);
    expect(archive.includes('metadata.json')).toBe(true);
  });

  it('keeps the master token in the server: the page talks only to the dashboard', async () => {
    expect(requests.length).toBeGreaterThan(3);
    for (const url of requests) expect(url.startsWith(`${dashboard?.url}/`)).toBe(true);
    expect(await page.content()).not.toContain(token);
    expect(await page.cookies()).toEqual([]);
    expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
  });
});
