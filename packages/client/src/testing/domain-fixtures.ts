/**
 * Test support for the domain-class tests (not part of the SDK's public API): recorded master
 * fixtures, paged routes over them, and recording servers that are closed after each test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { components } from '@determined-ts/bindings';
import { fixturesDir } from '@test-support/vendored';
import { createLogger, type Logger } from '../core/logger';
import type { RetryOptions } from '../core/retry';
import type { LazySession } from '../core/session';
import {
  type RecordedRequest,
  type RecordingServer,
  type Reply,
  type Route,
  startRecordingServer,
} from './recording-server';
import { createTestSession } from './test-session';

type Schemas = components['schemas'];

/** A recorded response body from the shared 0.38.1 fixtures (a fresh copy on every call). */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(fixturesDir, name), 'utf8')) as T;
}

/** `experiment.json`'s experiment (ID 1), optionally with some fields replaced. */
export function experimentFixture(overrides: Partial<Schemas['v1Experiment']> = {}): Schemas['v1Experiment'] {
  const { experiment } = loadFixture<Schemas['v1GetExperimentResponse']>('experiment.json');
  return { ...experiment, ...overrides };
}

/** `checkpoint.json`'s checkpoint (COMPLETED, S3 storage, searcher metric `validation_error`). */
export function checkpointFixture(): Schemas['v1Checkpoint'] {
  return loadFixture<Schemas['v1GetCheckpointResponse']>('checkpoint.json').checkpoint;
}

/** `model.json`'s model (`test_model`). */
export function modelFixture(): Schemas['v1Model'] {
  return loadFixture<Schemas['v1GetModelResponse']>('model.json').model;
}

/** `model_versions.json`'s four versions. */
export function modelVersionsFixture(): Schemas['v1ModelVersion'][] {
  return loadFixture<Schemas['v1GetModelVersionsResponse']>('model_versions.json').modelVersions;
}

/** `checkpoints.json`'s ten checkpoints. */
export function checkpointsFixture(): Schemas['v1Checkpoint'][] {
  return loadFixture<Schemas['v1GetExperimentCheckpointsResponse']>('checkpoints.json').checkpoints;
}

/** `experiment_trials.json`'s five trials. */
export function trialsFixture(): Schemas['trialv1Trial'][] {
  return loadFixture<Schemas['v1GetExperimentTrialsResponse']>('experiment_trials.json').trials;
}

function intParam(request: RecordedRequest, name: string): number {
  const value = Number(request.query[name]?.[0] ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * A reply that pages `items` like the master: honours `offset` and `limit` (0/absent: no limit)
 * but never returns more than `maxPageSize` items, with a `pagination` block.
 */
export function pagedReply(
  key: string,
  items: readonly unknown[],
  options: { maxPageSize?: number; extra?: Record<string, unknown> } = {},
): (request: RecordedRequest) => Reply {
  return (request) => {
    const offset = intParam(request, 'offset');
    const limit = intParam(request, 'limit');
    const size = Math.min(limit || Number.POSITIVE_INFINITY, options.maxPageSize ?? Number.POSITIVE_INFINITY);
    const page = items.slice(offset, offset + size);
    const endIndex = offset + page.length;
    const pagination = { offset, limit, startIndex: offset, endIndex, total: items.length };
    return { json: { ...options.extra, [key]: page, pagination } };
  };
}

/** One page holding every item (`{[key]: items, pagination}`). */
export function fullPage(key: string, items: readonly unknown[], extra: Record<string, unknown> = {}): Reply {
  const pagination = { offset: 0, limit: 0, startIndex: 0, endIndex: items.length, total: items.length };
  return { json: { ...extra, [key]: items, pagination } };
}

/** A master error answer as the gateway sends it. */
export function errorReply(status: number, message = 'bad request'): Reply {
  return { status, json: { error: { code: 3, reason: 'Invalid Argument', error: message } } };
}

/** A server and a session logged in to it (user `username`, token `token`, no retries). */
export interface Harness {
  readonly server: RecordingServer;
  readonly session: LazySession;
  /** Messages the session logged, by level. */
  readonly logged: { info: string[]; warn: string[] };
}

function recordingLogger(logged: Harness['logged']): Logger {
  return createLogger({
    logger: {
      debug: () => undefined,
      info: (message) => logged.info.push(message),
      warn: (message) => logged.warn.push(message),
      error: () => undefined,
    },
  });
}

/**
 * Register `afterEach` cleanup and return a function that starts a recording server with
 * `routes` and a test session on it. Call at the top of a test file.
 */
export function useHarness(): (
  routes: readonly Route[],
  options?: { retry?: RetryOptions },
) => Promise<Harness> {
  const servers: RecordingServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (routes, options = {}) => {
    const server = await startRecordingServer(routes);
    servers.push(server);
    const logged: Harness['logged'] = { info: [], warn: [] };
    const session = createTestSession({
      master: server.url,
      // test-session drops a falsy `retry`, so disable retries with an explicit policy.
      retry: options.retry ?? { retries: 0 },
      logger: recordingLogger(logged),
    });
    return { server, session, logged };
  };
}
