import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserStore } from '../auth/user-store';
import type { FaultController } from '../faults/types';
import { handlers as domainHandlers } from '../handlers';
import { createAuthHandlers } from '../handlers/auth';
import { loadFixtures, loadScenario, type ScenarioFile } from '../seed';
import { MockState } from '../state';
import { defaultApi } from './default-api';
import type { TlsOptions } from './http-server';
import type { MockLogger } from './logger';
import { createMockServer } from './mock-server';
import type { ApiDescription } from './operation-types';
import type { ResponseValidationMode, ResponseViolation } from './response-validation';
import type { Handler, MockContext } from './types';

/** Options of {@link startMockMaster}. */
export interface StartMockMasterOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Seed of every generated value and of probabilistic faults (default 1). */
  seed?: number;
  /** Virtual seconds per real second of the simulated cluster (default 1). */
  speed?: number;
  /** Checkpoint storage directory; by default a temporary one, removed on stop. */
  storageDir?: string;
  /** Directory of recorded master responses to preload. */
  fixturesDir?: string;
  /** A scenario (or the path of a YAML/JSON scenario file) to preload. */
  scenario?: string | ScenarioFile;
  tls?: TlsOptions;
  logger?: MockLogger;
  /** What to do with responses that violate the spec (default 'throw': answer 500 instead). */
  validateResponses?: ResponseValidationMode;
  /** Extra handlers by operationId, replacing the built-in ones. */
  handlers?: Readonly<Record<string, Handler>>;
  /** The API to route and validate with (default: the generated 0.38.1 bindings). */
  api?: ApiDescription;
  /** Largest accepted request body (default 160 MiB). */
  bodyLimitBytes?: number;
}

/** A running mock master. */
export interface MockMaster {
  readonly url: string;
  readonly port: number;
  readonly state: MockState;
  readonly users: UserStore;
  readonly faults: FaultController;
  /** Responses that did not match the spec so far. */
  readonly responseViolations: readonly ResponseViolation[];
  /** Stops serving, closes every connection and releases the state (idempotent). */
  stop(): Promise<void>;
}

async function scenarioFrom(scenario: string | ScenarioFile): Promise<ScenarioFile> {
  if (typeof scenario !== 'string') return scenario;
  return parseYaml(await readFile(scenario, 'utf8')) as ScenarioFile;
}

async function createState(options: StartMockMasterOptions, storageDir: string): Promise<MockState> {
  const state = MockState.create({ seed: options.seed ?? 1, speed: options.speed ?? 1, storageDir });
  try {
    if (options.fixturesDir !== undefined) await loadFixtures(state, options.fixturesDir);
    if (options.scenario !== undefined) await loadScenario(state, await scenarioFrom(options.scenario));
  } catch (error) {
    await state.close();
    throw error;
  }
  return state;
}

/** Starts a stateful mock Determined master over real HTTP on 127.0.0.1. */
export async function startMockMaster(options: StartMockMasterOptions = {}): Promise<MockMaster> {
  const seed = options.seed ?? 1;
  const ownedDir =
    options.storageDir === undefined ? await mkdtemp(path.join(tmpdir(), 'determined-mock-')) : null;
  const removeOwnedDir = () =>
    ownedDir === null ? Promise.resolve() : rm(ownedDir, { recursive: true, force: true });
  let state: MockState;
  try {
    state = await createState(options, options.storageDir ?? ownedDir ?? '');
  } catch (error) {
    await removeOwnedDir();
    throw error;
  }
  const now = () => state.clock.now();
  const users = new UserStore(now);
  const context: MockContext = { state, users, now };
  const server = await createMockServer({
    api: options.api ?? defaultApi,
    handlers: { ...domainHandlers, ...createAuthHandlers({ seed }), ...options.handlers },
    context,
    seed,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tls: options.tls,
    logger: options.logger,
    validateResponses: options.validateResponses,
    bodyLimitBytes: options.bodyLimitBytes,
  }).catch(async (error: unknown) => {
    await state.close();
    await removeOwnedDir();
    throw error;
  });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= server
      .close()
      .then(() => state.close())
      .then(removeOwnedDir);
    return stopping;
  };
  return {
    url: server.url,
    port: server.port,
    state,
    users,
    faults: server.faults,
    responseViolations: server.responseViolations,
    stop,
  };
}
