// The benchmark suite of the performance issue: starts the bench master in its own process, runs
// each scenario's contenders one at a time (each in a fresh process), prints the figures and
// writes bench/results.json. Arguments: the repository root, then optional scenario id filters
// `--runs N` (best of N per contender, default 2) and `--client <what the contenders import>`.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pythonHarnessFromEnv, startServer } from './child';
import { printResults, resultsOf, writeResults } from './report';
import { type ScenarioResult, scenarios } from './scenarios';

function parseArgs(argv: readonly string[]) {
  const [root = '.', ...rest] = argv;
  let runs = 2;
  let client = 'dist';
  const only: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--runs') runs = Number(rest[++i]);
    else if (arg === '--client') client = rest[++i] ?? client;
    else only.push(arg);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
  return { root: path.resolve(root), runs, client, only };
}

async function main(): Promise<void> {
  const { root, runs, client, only } = parseArgs(process.argv.slice(2));
  const selected = scenarios.filter((s) => only.length === 0 || only.some((filter) => s.id.includes(filter)));
  await mkdir(path.join(root, '.bench', 'tmp'), { recursive: true });
  const bundle = { root, dir: path.join(root, '.bench', 'suite') };
  console.log('starting the bench master (the first run records its fixtures; that takes a while)');
  const python = pythonHarnessFromEnv();
  console.log(
    python === null
      ? 'Python SDK: not measured (set DET_UPSTREAM_HARNESS to measure it); its figures are quoted from the issue'
      : `Python SDK: measured in this run (${python.python}, PYTHONPATH=${python.harness})`,
  );
  const server = await startServer(bundle);
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of selected) {
      console.log(`running ${scenario.id}`);
      results.push(await scenario.run({ bundle, manifest: server.manifest, runs, python }));
    }
  } finally {
    await server.stop();
  }
  const document = resultsOf(results, { runs, client, pythonMeasured: python !== null });
  printResults(document);
  const file = path.join(root, 'bench', only.length === 0 ? 'results.json' : 'results.partial.json');
  await writeResults(file, document);
  console.log(`\nwrote ${path.relative(root, file)}`);
  process.exitCode = results.every((r) => r.met) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
