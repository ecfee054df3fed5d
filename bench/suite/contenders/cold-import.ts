// Cold start, in a fresh process: `import('@determined-ts/client')` of the built package, and
// optionally the first getExperiment after it (login included).
import { BENCH_PASSWORD, BENCH_USER, contenderArgs, runContender, secondsSince } from '../protocol';

interface Args {
  readonly url: string;
  readonly experimentId: number;
  /** Also time the first getExperiment (login included) after the import. */
  readonly getExperiment: boolean;
}

const args = contenderArgs<Args>();

runContender(async () => {
  const started = performance.now();
  const client = await import('@determined-ts/client');
  const importMs = Math.round(performance.now() - started);
  if (!args.getExperiment) return { ok: true, seconds: secondsSince(started), units: 1, extra: { importMs } };
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const configDir = mkdtempSync(`${tmpdir()}/det-bench-config-`);
  const det = new client.Determined({
    master: args.url,
    user: BENCH_USER,
    password: BENCH_PASSWORD,
    configDir,
    env: {},
  });
  const experiment = await det.getExperiment(args.experimentId);
  const seconds = secondsSince(started);
  await det.close();
  return { ok: experiment.id === args.experimentId, seconds, units: 1, extra: { importMs } };
});
