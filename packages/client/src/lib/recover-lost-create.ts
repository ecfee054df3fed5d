/**
 * Create calls that never make two objects: when the answer of a create request is lost, the
 * request is not sent again; the object is looked up instead (issue #11, `docs/reliability.md`).
 */
import { AmbiguousOutcomeError, NotCreatedError } from '../core/errors';
import type { Logger } from '../core/logger';
import { type CreateFailureKind, classifyCreateFailure } from './lost-create-failure';

/**
 * How far the master's clock may be behind ours. An object counts as possibly made by the call
 * when the master stamped it at most this long before the call started; a larger lag would hide
 * the object from the lookup, so the margin errs on the wide side (an older identical object in
 * the margin makes the outcome ambiguous, never a duplicate).
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** When the create call was made, as the lookup needs it. */
export interface CreateWindow {
  /** Our clock when the request was about to be sent (ms since 1970). */
  readonly startedAtMs: number;
  /** The earliest master timestamp an object made by this call can carry (start − tolerance). */
  readonly earliestMs: number;
}

/** An object the lookup found. */
export interface FoundObject<T> {
  /** Its numeric id on the master. */
  readonly id: number;
  /** The object as the create call would have returned it. */
  readonly value: T;
}

/** An object that matches the request only in part, and why it may not be the one. */
export interface PartialMatch {
  /** Its numeric id on the master. */
  readonly id: number;
  /** What differs, e.g. `created 2026-01-01T00:00:00Z, before the call`. */
  readonly why: string;
}

/** What the lookup after a lost answer found. */
export interface LookupOutcome<T> {
  /** Objects that match everything the call sent and were made since it started. */
  readonly matches: readonly FoundObject<T>[];
  /** Objects with the call's unique key (e.g. its name) that do not match in full. */
  readonly partial?: readonly PartialMatch[] | undefined;
}

/** One create call and how to find its object afterwards. */
export interface LostCreateRecovery<T> {
  /** The SDK call, e.g. `createExperiment`. */
  readonly operation: string;
  /** What it creates, e.g. `experiment "mnist"`. */
  readonly target: string;
  /** What to look at by hand when the outcome is ambiguous (a listing call with its filters; the window is added). */
  readonly check: string;
  /** Receives the debug line of a recovered call. */
  readonly logger: Logger;
  /**
   * What must hold before the request is sent (the master's version checked, the session logged
   * in). Its failures are passed on as they are: they happen before anything could be created.
   */
  readonly prepare: () => Promise<unknown>;
  /** Sends the create request once (it must not be retried after it was sent). */
  readonly create: () => Promise<T>;
  /** Looks the object up; it must carry the caller's `signal` and `timeoutMs`. */
  readonly lookup: (window: CreateWindow) => Promise<LookupOutcome<T>>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Run `recovery.create()`. When its answer is lost (see `classifyCreateFailure`), look the object
 * up: exactly one full match is returned as if the call had succeeded; none gives
 * `NotCreatedError` (safe to retry); anything else, or a failed lookup, `AmbiguousOutcomeError`
 * with what is known. Errors that are the master's answer (4xx, ...) and aborts are rethrown.
 * @throws NotCreatedError when the master certainly did not create the object.
 * @throws AmbiguousOutcomeError when it may have, and the SDK cannot tell which object it is.
 */
export async function createWithoutDuplicates<T>(recovery: LostCreateRecovery<T>): Promise<T> {
  await recovery.prepare();
  const startedAtMs = Date.now();
  try {
    return await recovery.create();
  } catch (failure) {
    const kind = classifyCreateFailure(failure);
    if (kind === 'answered') throw failure;
    const { operation, target } = recovery;
    if (kind === 'not-sent') {
      // The transport has already retried the connection; no request reached the master, so the
      // caller may simply call again. No automatic retry here: the caller chose the retry budget.
      throw new NotCreatedError({
        operation,
        target,
        failure,
        reason: `the request could not be sent: ${messageOf(failure)}`,
      });
    }
    return recoverLostAnswer(recovery, {
      failure,
      kind,
      window: { startedAtMs, earliestMs: startedAtMs - CLOCK_TOLERANCE_MS },
    });
  }
}

interface LostAnswer {
  readonly failure: unknown;
  readonly kind: Exclude<CreateFailureKind, 'answered' | 'not-sent'>;
  readonly window: CreateWindow;
}

async function recoverLostAnswer<T>(recovery: LostCreateRecovery<T>, lost: LostAnswer): Promise<T> {
  const { operation, target } = recovery;
  const { failure } = lost;
  const check = `${recovery.check}, for what was made since ${new Date(lost.window.earliestMs).toISOString()}`;
  const lostText = `the answer was lost (${messageOf(failure)})`;
  let outcome: LookupOutcome<T>;
  try {
    outcome = await recovery.lookup(lost.window);
  } catch (lookupError) {
    throw new AmbiguousOutcomeError({
      operation,
      target,
      failure,
      lookupError,
      candidateIds: undefined,
      known: `${lostText}, and looking the object up afterwards failed: ${messageOf(lookupError)}`,
      check,
    });
  }
  const partial = outcome.partial ?? [];
  const [only, ...others] = outcome.matches;
  if (only !== undefined && others.length === 0 && partial.length === 0) {
    recovery.logger.debug(`${operation}: ${lostText}; ${target} was found afterwards (id ${only.id})`, {
      operation,
      id: only.id,
    });
    return only.value;
  }
  if (only === undefined && partial.length === 0) {
    if (lost.kind === 'pending') {
      throw new AmbiguousOutcomeError({
        operation,
        target,
        failure,
        candidateIds: [],
        known: `${lostText} after a timeout; no matching object exists yet, but the master may still be carrying the request out`,
        check,
      });
    }
    throw new NotCreatedError({
      operation,
      target,
      failure,
      reason: `${lostText} and no matching object was found afterwards`,
    });
  }
  const ids = [...outcome.matches.map((m) => m.id), ...partial.map((p) => p.id)];
  const parts: string[] = [];
  const full = outcome.matches.map((m) => m.id).join(', ');
  if (outcome.matches.length > 0) parts.push(`${outcome.matches.length} match the request (${full})`);
  for (const p of partial) parts.push(`${p.id} matches only in part (${p.why})`);
  throw new AmbiguousOutcomeError({
    operation,
    target,
    failure,
    candidateIds: ids,
    known: `${lostText}; ${parts.join('; ')}`,
    check,
  });
}

/**
 * Whether a master timestamp (RFC 3339) is at or after `window.earliestMs`, i.e. whether the
 * object may have been made by the call; an absent or unreadable timestamp counts as yes (the
 * outcome is then at worst ambiguous, never a missed object).
 */
export function stampedSince(timestamp: string | null | undefined, window: CreateWindow): boolean {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  return Number.isNaN(ms) || ms >= window.earliestMs;
}
