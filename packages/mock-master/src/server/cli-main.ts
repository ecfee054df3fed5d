import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ResponseValidationMode } from './response-validation';
import { type MockMaster, type StartMockMasterOptions, startMockMaster } from './start';

/** Where the CLI writes. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Usage text of `determined-mock-master`. */
export const USAGE = `Usage: determined-mock-master [options]

Starts a stateful mock Determined master (API 0.38.1) and prints its URL on the first line of stdout.

Options:
  --port N                   port to listen on (default 8080; 0 picks a free one)
  --host HOST                interface to listen on (default 127.0.0.1)
  --seed N                   seed of generated data and probabilistic faults (default 1)
  --speed X                  virtual seconds per real second (default 1)
  --master-version V         the master version to report (default 0.38.1), e.g. 0.37.0
  --fixtures DIR             preload recorded master responses from DIR
  --scenario FILE            preload a YAML/JSON scenario
  --storage-dir DIR          checkpoint storage (default: a temporary directory)
  --tls-key FILE --tls-cert FILE   serve HTTPS
  --validate-responses MODE  throw | record | off (default throw)
  --strict-query             reject unknown query parameters (the master ignores them)
  -h, --help                 show this help

Faults can be injected at run time with POST /__mock/faults (see the package README).`;

const MODES: readonly ResponseValidationMode[] = ['throw', 'record', 'off'];

function numberOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new Error(`--${name} must be a number, got "${text}"`);
  return value;
}

function parseCli(argv: readonly string[]): StartMockMasterOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      'master-version': { type: 'string' },
      fixtures: { type: 'string' },
      scenario: { type: 'string' },
      'storage-dir': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
      'validate-responses': { type: 'string' },
      'strict-query': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const mode = values['validate-responses'] ?? 'throw';
  if (!MODES.includes(mode as ResponseValidationMode)) {
    throw new Error(`--validate-responses must be one of ${MODES.join(', ')}, got "${mode}"`);
  }
  if ((values['tls-key'] === undefined) !== (values['tls-cert'] === undefined)) {
    throw new Error('--tls-key and --tls-cert go together');
  }
  const options: StartMockMasterOptions = {
    port: numberOption('port', values.port, 8080),
    seed: numberOption('seed', values.seed, 1),
    speed: numberOption('speed', values.speed, 1),
    validateResponses: mode as ResponseValidationMode,
    strictQuery: values['strict-query'] === true,
  };
  if (values.host !== undefined) options.host = values.host;
  if (values['master-version'] !== undefined) options.masterVersion = values['master-version'];
  if (values.fixtures !== undefined) options.fixturesDir = values.fixtures;
  if (values.scenario !== undefined) options.scenario = values.scenario;
  if (values['storage-dir'] !== undefined) options.storageDir = values['storage-dir'];
  if (values['tls-key'] !== undefined && values['tls-cert'] !== undefined) {
    options.tls = { key: readFileSync(values['tls-key']), cert: readFileSync(values['tls-cert']) };
  }
  return options;
}

/** The outcome of {@link runCli}: the running mock, or why there is none. */
export type CliResult = { master: MockMaster; exitCode: 0 } | { master: null; exitCode: number };

/** Runs the CLI: starts the mock and prints its URL (or prints usage / an error and gives an exit code). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  let options: StartMockMasterOptions | 'help';
  try {
    options = parseCli(argv);
  } catch (error) {
    io.err(`determined-mock-master: ${(error as Error).message}\n\n${USAGE}`);
    return { master: null, exitCode: 2 };
  }
  if (options === 'help') {
    io.out(USAGE);
    return { master: null, exitCode: 0 };
  }
  try {
    const master = await startMockMaster({
      ...options,
      logger: { warn: (line) => io.err(line), error: (line) => io.err(line) },
    });
    io.out(master.url);
    return { master, exitCode: 0 };
  } catch (error) {
    io.err(`determined-mock-master: cannot start: ${(error as Error).message}`);
    return { master: null, exitCode: 1 };
  }
}
