import { deepMerge } from '../state/experiment-config';
import { isJsonObject, type JsonObject } from '../state/records';

const DEVICES = ['cpu', 'cuda', 'rocm'] as const;

type RuntimeItems = Record<(typeof DEVICES)[number], string[]>;

// The master reads `environment_variables` as runtime items: a plain list applies to every
// device type, an object lists them per type (`gpu` is the old name of `cuda`).
function appendItems(into: RuntimeItems, value: unknown): void {
  if (Array.isArray(value)) {
    for (const d of DEVICES) into[d].push(...value.map(String));
    return;
  }
  if (!isJsonObject(value)) return;
  for (const d of DEVICES) {
    const items = value[d] ?? (d === 'cuda' ? value.gpu : undefined);
    if (Array.isArray(items)) into[d].push(...items.map(String));
  }
}

function environmentVariables(config: JsonObject): unknown {
  return isJsonObject(config.environment) ? config.environment.environment_variables : undefined;
}

/**
 * A task config as the master builds it from a template and the user's config: the user's
 * config decoded over the template's, where the `environment.environment_variables` of both
 * add up (template first) and come out per device type, as the master's runtime items do.
 */
export function mergeTaskConfig(template: JsonObject | null, own: JsonObject): JsonObject {
  const merged = template === null ? { ...own } : deepMerge(template, own);
  const sources = [template === null ? undefined : environmentVariables(template), environmentVariables(own)];
  if (sources.every((s) => s === undefined)) return merged;
  const items: RuntimeItems = { cpu: [], cuda: [], rocm: [] };
  for (const source of sources) appendItems(items, source);
  const environment = isJsonObject(merged.environment) ? merged.environment : {};
  return { ...merged, environment: { ...environment, environment_variables: items } };
}
