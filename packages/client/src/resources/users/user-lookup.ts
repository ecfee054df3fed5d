/**
 * Finding the user a `createUser` call may have made after its answer was lost. Usernames are
 * unique on the master, so the lookup is by name; the user counts as this call's when its flags
 * are the ones sent and it was last modified since the call started. A user with the name that
 * differs is reported, never returned.
 */
import { NotFoundError } from '../../core/errors';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationBody, OperationResult } from '../../core/operation-types';
import type { Session } from '../../core/session';
import { type CreateWindow, type LookupOutcome, stampedSince } from '../../lib/recover-lost-create';

type ApiUser = OperationResult<'GetUserByUsername'>['user'];
type SentUser = OperationBody<'PostUser'>['user'];

function differences(raw: ApiUser, sent: SentUser, window: CreateWindow): string[] {
  const out: string[] = [];
  if (!stampedSince(raw.modifiedAt, window)) out.push(`last modified ${raw.modifiedAt}, before the call`);
  if (raw.admin !== sent?.admin) out.push(`admin ${raw.admin}`);
  if ((raw.remote ?? false) !== (sent?.remote ?? false)) out.push(`remote ${raw.remote}`);
  if ((raw.active ?? true) !== (sent?.active ?? true)) out.push(`active ${raw.active}`);
  return out;
}

/** What the lost `createUser` call sent, and how its answer becomes a `User`. */
export interface UserLookup<T> {
  /** The `user` of the request body. */
  readonly sent: SentUser & { readonly username: string };
  /** The caller's options (their `signal` and `timeoutMs` carry over to the lookup). */
  readonly options: MethodOptions;
  /** Builds the SDK object from the API user (kept out of this module to avoid an import cycle). */
  readonly build: (raw: ApiUser) => T;
}

/** The user named as sent, as a full or a partial match of the request. */
export async function findCreatedUser<T>(
  session: Session,
  lookup: UserLookup<T>,
  window: CreateWindow,
): Promise<LookupOutcome<T>> {
  const { sent, options } = lookup;
  let raw: ApiUser;
  try {
    const path = { username: sent.username };
    raw = (await session.call('GetUserByUsername', { path }, callOptions(options))).user;
  } catch (error) {
    if (error instanceof NotFoundError) return { matches: [] };
    throw error;
  }
  const id = typeof raw.id === 'number' ? raw.id : -1;
  const why = differences(raw, sent, window);
  if (why.length === 0 && id >= 0) return { matches: [{ id, value: lookup.build(raw) }] };
  return { matches: [], partial: [{ id, why: why.length === 0 ? 'no id in the answer' : why.join(', ') }] };
}
