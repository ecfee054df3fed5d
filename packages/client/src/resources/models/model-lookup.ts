/**
 * Finding the model a `createModel` call may have made after its answer was lost. Model names
 * are unique on the master, so the lookup is by name; the model counts as this call's when the
 * session's user registered it since the call started, with the description, labels and metadata
 * sent. A model with the name that differs is reported, never returned.
 */
import { isDeepStrictEqual } from 'node:util';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationBody, OperationResult } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { type CreateWindow, type LookupOutcome, stampedSince } from '../../lib/recover-lost-create';
import { Model } from './model';

type ApiModel = OperationResult<'GetModels'>['models'][number];

function sameLabels(
  stored: readonly string[] | null | undefined,
  sent: readonly string[] | null | undefined,
): boolean {
  return isDeepStrictEqual([...new Set(stored ?? [])].sort(), [...new Set(sent ?? [])].sort());
}

function differences(
  raw: ApiModel,
  sent: OperationBody<'PostModel'>,
  username: string,
  window: CreateWindow,
): string[] {
  const out: string[] = [];
  if (!stampedSince(raw.creationTime, window)) out.push(`created ${raw.creationTime}, before the call`);
  if (raw.username !== username) out.push(`registered by ${JSON.stringify(raw.username)}`);
  if ((raw.description ?? '') !== (sent.description ?? '')) out.push('another description');
  if (!sameLabels(raw.labels, sent.labels)) out.push('other labels');
  if (!isDeepStrictEqual(raw.metadata ?? {}, sent.metadata ?? {})) out.push('other metadata');
  return out;
}

/** The model named as in `sent`, as a full or a partial match of the request. */
export async function findCreatedModel(
  session: Session,
  sent: OperationBody<'PostModel'>,
  window: CreateWindow,
  options: MethodOptions,
): Promise<LookupOutcome<Model>> {
  const username = await session.username();
  // The name filter matches substrings: the exact name is picked out here.
  const models = paginateItems(
    (offset) => session.call('GetModels', { query: { name: sent.name, offset } }, callOptions(options)),
    (page) => page.models,
  );
  for await (const raw of models) {
    if (raw.name !== sent.name) continue;
    const why = differences(raw, sent, username, window);
    if (why.length === 0) return { matches: [{ id: raw.id, value: Model.fromApi(raw, session) }] };
    return { matches: [], partial: [{ id: raw.id, why: why.join(', ') }] };
  }
  return { matches: [] };
}
