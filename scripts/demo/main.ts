import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '@determined-ts/client';
import { demoSource, userSource } from './experiment-source';
import { lineChart } from './render/chart';
import { createScreen, type ScreenOutput } from './render/screen';
import { summaryTable } from './summary';
import { openTarget } from './target';
import { runWorkflow } from './workflow';

/** Options of {@link main}; each defaults to the running process's. */
export interface DemoOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly stdout?: ScreenOutput;
  readonly stderr?: ScreenOutput;
}

/** Drops the SDK's log lines (they would tear the animation); `DET_TS_LOG` brings them back. */
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** An error as one line: its class and message, newlines folded. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}

/**
 * `npm run demo`: the seed's workflow against an embedded mock master (or `DET_MASTER`), shown
 * as it runs. Resolves with the exit code: 0 after the summary, 1 after one `demo failed:` line.
 */
export async function main(options: DemoOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const screen = createScreen(stdout);
  const started = Date.now();
  const workdir = await mkdtemp(path.join(tmpdir(), 'determined-ts-demo-'));
  try {
    const target = await openTarget({
      env,
      workdir,
      // A terminal gets a few seconds to watch; a pipe (CI) gets it over with.
      speed: screen.animated ? 3 : 12,
      logger: env.DET_TS_LOG ? undefined : quiet,
    });
    try {
      screen.line(`determined-ts demo against ${target.description}`);
      const source = target.embedded ? await demoSource(workdir) : await userSource(env);
      const result = await runWorkflow({ det: target.det, screen, source, workdir, intervalMs: 100 });
      screen.line('');
      screen.line('learning curve (loss per batch)');
      for (const line of lineChart(result.curve, { ascii: !screen.animated })) screen.line(line);
      screen.line('');
      for (const line of summaryTable(result, target.description, Date.now() - started)) screen.line(line);
      return 0;
    } finally {
      await target.close();
    }
  } catch (error) {
    stderr.write(`demo failed: ${oneLine(error)}\n`);
    return 1;
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}
