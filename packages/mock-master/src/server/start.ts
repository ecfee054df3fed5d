import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserStore } from '../auth/user-store';
import type { FaultController } from '../faults/types';
import { handlers as domainHandlers } from '../handlers';
import { createAuthHandlers } from '../handlers/auth';
import { createEchoHandlers, ECHO_OPERATIONS, PUBLIC_ECHO_OPERATIONS } from '../handlers/echo-routes';
import { masterIdentity } from '../handlers/master-identity';
import { hashInts, Rng } from '../rng';
import { loadFixtures, loadScenario, type ScenarioFile } from '../seed';
import { MockState } from '../state';
import { WebhookDelivery } from '../webhooks/delivery';
import { settlingWebhooks } from '../webhooks/settling-handlers';
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
  /**
   * The master version the mock reports (`GET /api/v1/master`, `GET /info`; default the spec's,
   * `MOCK_MASTER_VERSION`), e.g. `'0.37.0'` to test a client against an older master.
   */
  masterVersion?: string;
  /** Virtual seconds per real second of the simulated cluster (default 1). */
  speed?: number;
  /** Checkpoint storage directory; by default a temporary one, removed on stop. */
  storageDir?: string;
  /** Directory of recorded master responses to preload. */
  fixturesDir?: string;
  /** A scenario (or the path of a YAML/JSON scenario file) to preload. */
  scenario?: string | ScenarioFile;
  /** Serve HTTPS with this key and certificate. */
  tls?: TlsOptions;
  /** Where diagnostics go (default: nowhere). */
  logger?: MockLogger;
  /** What to do with responses that violate the spec (default 'throw': answer 500 instead). */
  validateResponses?: ResponseValidationMode;
  /** Extra handlers by operationId, replacing the built-in ones. */
  handlers?: Readonly<Record<string, Handler>>;
  /** The API to route and validate with (default: the generated 0.38.1 bindings). */
  api?: ApiDescription;
  /** Largest accepted request body (default 160 MiB). */
  bodyLimitBytes?: number;
  /**
   * Reject unknown query parameters with 400 InvalidArgument naming them (default false: they are
   * ignored, as the master's gateway does). Turn it on in tests to catch misspelled parameters.
   */
  strictQuery?: boolean;
  /** The key webhook requests are signed with (the master's `webhooks.signing_key`; default: derived from the seed). */
  webhookSigningKey?: string;
}

/** Webhook delivery of a running mock master. */
export interface MockWebhooks {
  /** The key of the `X-Determined-AI-Signature` HMAC. */
  readonly signingKey: string;
  /** Resolves once every webhook event that happened so far has been delivered (or given up on). */
  flush(): Promise<void>;
}

/** A running mock master. */
export interface MockMaster {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The simulated cluster: experiments, trials, checkpoints, models, workspaces, ... */
  readonly state: MockState;
  /** The users and their sessions. */
  readonly users: UserStore;
  /** Fault injection: add, list and remove faults by request. */
  readonly faults: FaultController;
  /** Responses that did not match the spec so far. */
  readonly responseViolations: readonly ResponseViolation[];
  /** Webhook delivery: the signing key of the payloads, and a flush of pending deliveries. */
  readonly webhooks: MockWebhooks;
  /** Stops serving, closes every connection and releases the state (idempotent). */
  stop(): Promise<void>;
}

async function scenarioFrom(scenario: string | ScenarioFile): Promise<ScenarioFile> {
  if (typeof scenario !== 'string') return scenario;
  return parseYaml(await readFile(scenario, 'utf8')) as ScenarioFile;
}

interface Prepared {
  state: MockState;
  users: UserStore;
  /** Closes the state and removes the storage directory the mock created. */
  release(): Promise<void>;
}

async function prepareState(options: StartMockMasterOptions, seed: number): Promise<Prepared> {
  const ownedDir =
    options.storageDir === undefined ? await mkdtemp(path.join(tmpdir(), 'determined-mock-')) : null;
  const removeOwnedDir = () =>
    ownedDir === null ? Promise.resolve() : rm(ownedDir, { recursive: true, force: true });
  let state: MockState | null = null;
  const release = async () => {
    await state?.close();
    await removeOwnedDir();
  };
  try {
    const created = MockState.create({
      seed,
      speed: options.speed ?? 1,
      storageDir: options.storageDir ?? ownedDir ?? '',
    });
    state = created;
    const users = new UserStore(() => created.clock.now());
    if (options.fixturesDir !== undefined) await loadFixtures(created, options.fixturesDir);
    if (options.scenario !== undefined)
      await loadScenario(created, await scenarioFrom(options.scenario), { users });
    return { state: created, users, release };
  } catch (error) {
    await release();
    throw error;
  }
}

/** Starts a stateful mock Determined master over real HTTP on 127.0.0.1. */
export async function startMockMaster(options: StartMockMasterOptions = {}): Promise<MockMaster> {
  const seed = options.seed ?? 1;
  const { state, users, release } = await prepareState(options, seed);
  const now = () => state.clock.now();
  const context: MockContext = { state, users, now };
  const signingKey =
    options.webhookSigningKey ?? new Rng(hashInts(seed, 0x5197)).fill(Buffer.alloc(32)).toString('hex');
  const delivery = new WebhookDelivery({
    host: {
      seed,
      experiments: state.experiments,
      trials: state.trials,
      logs: state.logs,
      workspaceOf: (exp) => state.projects.get(exp.projectId)?.workspaceId ?? 1,
      nowMs: () => state.nowMs(),
      sync: () => state.sync(),
    },
    source: state.cluster.webhooks,
    signingKey,
    logger: options.logger,
  });
  const server = await createMockServer({
    api: options.api ?? defaultApi,
    handlers: settlingWebhooks(
      {
        ...domainHandlers,
        ...createAuthHandlers({ seed, version: options.masterVersion }),
        ...createEchoHandlers(masterIdentity({ seed, version: options.masterVersion })),
        ...options.handlers,
      },
      delivery,
    ),
    extraOperations: { operations: ECHO_OPERATIONS, public: PUBLIC_ECHO_OPERATIONS },
    context,
    seed,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tls: options.tls,
    logger: options.logger,
    validateResponses: options.validateResponses,
    bodyLimitBytes: options.bodyLimitBytes,
    strictQuery: options.strictQuery,
  }).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  delivery.start();
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= delivery
      .stop()
      .then(() => server.close())
      .then(release);
    return stopping;
  };
  const { url, port, faults, responseViolations } = server;
  const webhooks: MockWebhooks = { signingKey, flush: () => delivery.flush() };
  return { url, port, state, users, faults, responseViolations, webhooks, stop };
}
