/**
 * Finding the experiment a `createExperiment` call may have made after its answer was lost: the
 * user's experiments with the config's name, newest first, started since the call (within the
 * clock tolerance), whose `originalConfig` is the config text the call sent.
 */
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../../core/is-record';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationResult } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { ExperimentSortBy, OrderBy } from '../../lib/enums';
import type { ModelDefinitionEntry } from '../../lib/model-context';
import {
  type CreateWindow,
  type FoundObject,
  type LookupOutcome,
  stampedSince,
} from '../../lib/recover-lost-create';
import { sentModelDefFingerprint, storedModelDefFingerprint } from './create-experiment-model-def';
import { Experiment } from './experiment';

type ApiExperiment = OperationResult<'GetExperiments'>['experiments'][number];

/** What the lost `createExperiment` call sent. */
export interface SentExperiment {
  /** The config text of the request body. */
  readonly configText: string;
  /** The model definition of the request body. */
  readonly modelDefinition: readonly ModelDefinitionEntry[] | null;
  /** The project of the request body (`null`: the master's default). */
  readonly projectId: number | null;
  /** The caller's options (their `signal` and `timeoutMs` carry over to the lookup). */
  readonly options: MethodOptions;
}

async function parseYaml(text: string): Promise<unknown> {
  const yaml = await import('yaml');
  try {
    return yaml.parse(text);
  } catch {
    return undefined;
  }
}

/** The `name` of the config, when it has one (only to narrow the listing; matching is exact). */
export async function configName(configText: string): Promise<string | undefined> {
  const config = await parseYaml(configText);
  const name = isRecord(config) ? config.name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

async function sameConfig(stored: string, sent: string): Promise<boolean> {
  if (stored === sent) return true;
  // Should a master re-serialize the text it stores, the same YAML document still matches.
  const [a, b] = await Promise.all([parseYaml(stored), parseYaml(sent)]);
  return a !== undefined && isDeepStrictEqual(a, b);
}

/** The user's experiments started since `window.earliestMs`: with the config sent, and others of its name. */
interface InWindow {
  readonly sameConfig: ApiExperiment[];
  readonly sameNameOnly: ApiExperiment[];
}

async function experimentsSince(
  session: Session,
  sent: SentExperiment,
  window: CreateWindow,
): Promise<InWindow> {
  const name = await configName(sent.configText);
  const query = {
    name,
    users: [await session.username()],
    projectId: sent.projectId ?? undefined,
    sortBy: ExperimentSortBy.START_TIME,
    orderBy: OrderBy.DESCENDING,
  };
  const experiments = paginateItems(
    (offset) => session.call('GetExperiments', { query: { ...query, offset } }, callOptions(sent.options)),
    (page) => page.experiments,
  );
  const found: InWindow = { sameConfig: [], sameNameOnly: [] };
  for await (const raw of experiments) {
    if (!stampedSince(raw.startTime, window)) break;
    if (await sameConfig(raw.originalConfig, sent.configText)) found.sameConfig.push(raw);
    else if (name !== undefined && raw.name === name) found.sameNameOnly.push(raw);
  }
  return found;
}

/**
 * Experiments the call may have made. When several have the config sent, those whose model
 * definition (file paths and sizes) differs from the one sent are dropped, provided one remains:
 * a fingerprint read differently by a master can then only leave the outcome ambiguous. With no
 * experiment of the config sent, those of its name are partial matches: should a master store
 * the config otherwise than as sent, the outcome is then ambiguous rather than "not created".
 */
export async function findCreatedExperiment(
  session: Session,
  sent: SentExperiment,
  window: CreateWindow,
): Promise<LookupOutcome<Experiment>> {
  const { sameConfig: configMatches, sameNameOnly } = await experimentsSince(session, sent, window);
  const found: FoundObject<Experiment>[] = configMatches.map((raw) => ({
    id: raw.id,
    value: Experiment.fromApi(raw, session),
  }));
  if (found.length === 0) {
    return {
      matches: [],
      partial: sameNameOnly.map((raw) => ({ id: raw.id, why: 'same name, another config' })),
    };
  }
  if (found.length === 1) return { matches: found };
  const fingerprint = sentModelDefFingerprint(sent.modelDefinition);
  const sameCode: FoundObject<Experiment>[] = [];
  for (const candidate of found) {
    const stored = await storedModelDefFingerprint(session, candidate.id, sent.options);
    if (stored === fingerprint) sameCode.push(candidate);
  }
  return { matches: sameCode.length === 0 ? found : sameCode };
}
