// The demo (`npm run demo`, scripts/demo) run as CI runs it: piped, so plain lines, no animation.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { batchesOf } from '../scripts/demo/experiment-source';
import { main } from '../scripts/demo/main';
import { lineChart } from '../scripts/demo/render/chart';
import { progressBar } from '../scripts/demo/render/progress-bar';
import { createScreen } from '../scripts/demo/render/screen';

const root = path.resolve(__dirname, '..');

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function recorder() {
  let text = '';
  return {
    isTTY: false,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

describe('npm run demo, piped', () => {
  let stdout: string;
  let stderr: string;

  beforeAll(async () => {
    const { DET_MASTER: _ignored, ...env } = process.env;
    ({ stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/demo.mjs'], {
      cwd: root,
      env,
      timeout: 90_000,
    }));
  }, 100_000);

  it('runs the seed workflow against the embedded mock master and prints plain lines', () => {
    expect(stderr).toBe('');
    expect(stdout).not.toContain('\u001b');
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^determined-ts demo against embedded mock master at http:\/\/127\.0\.0\.1:\d+$/,
    );
    expect(lines).toContain('started experiment 1');
    expect(lines).toContain('experiment 1: RUNNING');
    expect(lines).toContain('trial 1: COMPLETED');
    expect(lines).toContain('training [##############################] 100% 1000/1000 batches');
    expect(lines).toContain('experiment completed with status STATE_COMPLETED');
    expect(stdout).toMatch(/^best checkpoint was [0-9a-f-]{36}$/m);
    expect(stdout).toMatch(/^download (done: |\[#+\] 100% )/m);
  });

  it('draws the learning curve: both series, the loss range on the y axis, the batches on the x axis', () => {
    const lines = stdout.split('\n');
    const start = lines.indexOf('learning curve (loss per batch)');
    const chart = lines.slice(start + 1, start + 16);
    expect(chart[0]).toMatch(/^\d\.\d{3} \+\*/);
    expect(chart[11]).toMatch(/^\d\.\d{3} \+/);
    expect(chart[13]?.trim()).toMatch(/^100 +1000 {2}batches$/);
    expect(chart[14]?.trim()).toBe('* training loss   o validation loss');
    const plot = chart.slice(0, 12).join('\n');
    expect(plot.match(/\*/g)?.length).toBeGreaterThanOrEqual(8);
    expect(plot.match(/o/g)?.length).toBeGreaterThanOrEqual(4);
    // Loss falls: the first training point is on the top row, the last one in the bottom half.
    const rows = chart.slice(0, 12);
    const rightmost = Math.max(...rows.map((row) => row.lastIndexOf('*')));
    const lastStar = rows.findIndex((row) => row.lastIndexOf('*') === rightmost);
    expect(lastStar).toBeGreaterThanOrEqual(6);
  });

  it('closes with the summary table', () => {
    const summary = stdout.slice(stdout.indexOf('| determined-ts demo: summary'));
    expect(summary).toMatch(/\| experiment +\| 1 \(STATE_COMPLETED\) +\|/);
    expect(summary).toMatch(/\| trials +\| 1 +\|/);
    expect(summary).toMatch(/\| batches trained +\| 1000 \/ 1000 +\|/);
    expect(summary).toMatch(/\| best checkpoint +\| [0-9a-f-]{36} +\|/);
    expect(summary).toMatch(/\| best validation loss +\| 0\.\d{4} +\|/);
    expect(summary).toMatch(/\| downloaded +\| \d+ files, [\d.]+ KiB +\|/);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^\+-+\+-+\+$/);
  });
});

describe('the demo with DET_MASTER', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'determined-ts-demo-test-'));
    await writeFile(
      path.join(dir, 'my_config.yaml'),
      'searcher:\n  name: single\n  max_length:\n    batches: 100\n',
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits non-zero with one clear line on stderr when the master cannot be reached', async () => {
    const [out, err] = [recorder(), recorder()];
    const port = await closedPort();
    const env = { DET_MASTER: `http://127.0.0.1:${port}`, DEMO_CONFIG: path.join(dir, 'my_config.yaml') };

    const code = await main({ env: { ...env, DEMO_MODEL_DIR: dir }, stdout: out, stderr: err });

    expect(code).toBe(1);
    expect(err.text()).toMatch(/^demo failed: \w+: .*127\.0\.0\.1.*\n$/);
    expect(err.text().split('\n')).toHaveLength(2);
  }, 60_000);

  it("runs the user's my_config.yaml, and says how when there is none", async () => {
    const [out, err] = [recorder(), recorder()];

    const code = await main({
      env: { DET_MASTER: 'http://127.0.0.1:9', DEMO_CONFIG: path.join(dir, 'missing.yaml') },
      stdout: out,
      stderr: err,
    });

    expect(code).toBe(1);
    expect(err.text()).toBe(
      `demo failed: Error: ${path.join(dir, 'missing.yaml')} not found: with DET_MASTER the demo runs your experiment, from a directory holding my_config.yaml and the model code (or set DEMO_CONFIG and DEMO_MODEL_DIR)\n`,
    );
  });
});

describe('demo drawing', () => {
  it('draws a flat curve in the middle rows and says so when there is nothing to draw', () => {
    const flat = lineChart(
      [
        {
          label: 'loss',
          marker: '*',
          points: [
            { step: 1, value: 2 },
            { step: 2, value: 2 },
          ],
        },
      ],
      {
        height: 5,
        width: 10,
        ascii: true,
      },
    );
    expect(flat.slice(0, 5).findIndex((row) => row.includes('*'))).toBe(2);
    expect(lineChart([{ label: 'loss', marker: '*', points: [] }])).toEqual(['(no metrics reported)']);
  });

  it("reads the batches per trial from the config's searcher.max_length", () => {
    expect(batchesOf('searcher:\n  max_length:\n    batches: 300\n')).toBe(300);
    expect(batchesOf('searcher:\n  max_length: 50\n')).toBe(50);
    expect(batchesOf('searcher:\n  max_length:\n    epochs: 3\n')).toBeNull();
  });

  it('animates in a terminal: the live block is redrawn in place, permanent lines go above it', () => {
    const out = { ...recorder(), isTTY: true };
    const screen = createScreen(out);

    screen.live(['training 10%']);
    screen.live(['training 10%']);
    screen.line('trial 1: RUNNING');
    screen.live(['training 50%']);
    screen.commit();
    screen.line('done');

    expect(screen.animated).toBe(true);
    expect(out.text()).toBe(
      [
        '\u001b[2Ktraining 10%\n',
        '\u001b[1A\r\u001b[0J\u001b[2Ktrial 1: RUNNING\n\u001b[2Ktraining 10%\n',
        '\u001b[1A\r\u001b[0J\u001b[2Ktraining 50%\n',
        '\u001b[2Kdone\n',
      ].join(''),
    );
  });

  it('writes only permanent lines when piped', () => {
    const out = recorder();
    const screen = createScreen(out);

    screen.live(['training 10%']);
    screen.line('trial 1: RUNNING');
    screen.commit();

    expect(out.text()).toBe('trial 1: RUNNING\n');
  });

  it('clamps the progress bar and never divides by zero', () => {
    expect(progressBar({ done: 5, total: 4, width: 4, ascii: true })).toBe('[####] 100%');
    expect(progressBar({ done: 1, total: 0, width: 4, ascii: true })).toBe('[----]   0%');
  });
});
