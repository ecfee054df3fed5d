import YAML from 'yaml';
import { invalidArgument } from '../errors';
import { cloudTarget } from '../storage/cloud/cloud-target';
import { isJsonObject, type JsonObject, type ModelFile } from './records';

/** The master refuses model definitions larger than this (decoded bytes). */
export const MAX_MODEL_DEFINITION_BYTES = 96 * 1024 * 1024;

/** Parses experiment config YAML (or JSON) text; it must be a mapping. */
export function parseConfigText(text: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (e) {
    throw invalidArgument(`invalid experiment configuration: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isJsonObject(parsed))
    throw invalidArgument('invalid experiment configuration: the config must be a YAML mapping');
  return parsed;
}

/** Recursively merges `over` onto `base` (objects merge, everything else replaces). */
export function deepMerge(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isJsonObject(b) && isJsonObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function defaults(seed: number): JsonObject {
  return {
    bind_mounts: [],
    checkpoint_policy: 'best',
    data: {},
    debug: false,
    description: null,
    entrypoint: null,
    environment: {
      add_capabilities: [],
      drop_capabilities: [],
      environment_variables: { cpu: [], cuda: [], rocm: [] },
      force_pull_image: false,
      image: {
        cpu: 'determinedai/pytorch-ngc:0.38.1',
        cuda: 'determinedai/pytorch-ngc:0.38.1',
        rocm: 'determinedai/environments:rocm-5.6-pytorch-1.3-tf-2.10-rocm-mpich-0736b6d',
      },
      pod_spec: null,
      ports: {},
      proxy_ports: [],
      registry_auth: null,
    },
    hyperparameters: {},
    integrations: null,
    labels: [],
    log_policies: [],
    max_restarts: 5,
    min_checkpoint_period: { batches: 0 },
    min_validation_period: { batches: 0 },
    optimizations: {
      aggregation_frequency: 1,
      auto_tune_tensor_fusion: false,
      average_aggregated_gradients: true,
      average_training_metrics: true,
      grad_updates_size_file: null,
      gradient_compression: false,
      mixed_precision: 'O0',
      tensor_fusion_cycle_time: 5,
      tensor_fusion_threshold: 64,
    },
    pbs: {},
    perform_initial_validation: false,
    profiling: { begin_on_batch: 0, enabled: false, end_after_batch: null, sync_timings: true },
    project: '',
    records_per_epoch: 0,
    reproducibility: { experiment_seed: seed },
    resources: {
      devices: [],
      is_single_node: null,
      max_slots: null,
      native_parallel: false,
      priority: null,
      resource_pool: 'default',
      shm_size: null,
      slots_per_trial: 1,
      weight: 1,
    },
    scheduling_unit: 100,
    searcher: { smaller_is_better: true, source_checkpoint_uuid: null, source_trial_id: null },
    slurm: {},
    workspace: '',
  };
}

function normalizeHyperparameters(hps: unknown): JsonObject {
  if (!isJsonObject(hps)) return {};
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(hps)) {
    out[k] = isJsonObject(v)
      ? v.type === undefined
        ? normalizeHyperparameters(v)
        : v
      : { type: 'const', val: v };
  }
  return out;
}

/**
 * Fills in the master's defaults and points `checkpoint_storage` at the mock's shared_fs
 * directory (keeping the user's `save_*` policy, and a shared_fs `host_path`/`storage_path` the
 * user names), so checkpoints can be read directly.
 */
export function expandConfig(
  user: JsonObject,
  opts: { storageDir: string; seed: number; name: string },
): JsonObject {
  const merged = deepMerge(defaults(opts.seed), user);
  const storage = isJsonObject(user.checkpoint_storage) ? user.checkpoint_storage : {};
  merged.checkpoint_storage = {
    host_path: opts.storageDir,
    propagation: 'rprivate',
    save_experiment_best: typeof storage.save_experiment_best === 'number' ? storage.save_experiment_best : 0,
    save_trial_best: typeof storage.save_trial_best === 'number' ? storage.save_trial_best : 1,
    save_trial_latest: typeof storage.save_trial_latest === 'number' ? storage.save_trial_latest : 1,
    storage_path: null,
    type: 'shared_fs',
  };
  // A shared_fs directory the config names is where the trials write, as on a real cluster.
  if (storage.type === 'shared_fs' && typeof storage.host_path === 'string' && storage.host_path !== '')
    Object.assign(merged.checkpoint_storage as JsonObject, {
      host_path: storage.host_path,
      storage_path: typeof storage.storage_path === 'string' ? storage.storage_path : null,
    });
  // Cloud storage on a server the config names (an emulator) is kept: checkpoints go there too.
  if (cloudTarget(storage) !== null) merged.checkpoint_storage = storage;
  merged.hyperparameters = normalizeHyperparameters(merged.hyperparameters);
  if (typeof merged.name !== 'string' || merged.name === '') merged.name = opts.name;
  if (!Array.isArray(merged.labels)) merged.labels = [];
  return merged;
}

/** Decoded size of a model definition, as the master counts it. */
export function modelDefinitionSize(files: readonly ModelFile[]): number {
  let total = 0;
  for (const f of files) {
    const len = f.content.length;
    const pad = f.content.endsWith('==') ? 2 : f.content.endsWith('=') ? 1 : 0;
    total += Math.floor((len * 3) / 4) - pad;
  }
  return total;
}

/** Rejects a model definition above {@link MAX_MODEL_DEFINITION_BYTES}. */
export function checkModelDefinitionSize(files: readonly ModelFile[]): number {
  const size = modelDefinitionSize(files);
  if (size > MAX_MODEL_DEFINITION_BYTES) {
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)}MB`;
    throw invalidArgument(
      `model definition size exceeds the maximum allowed size: ${mb(size)} > ${mb(MAX_MODEL_DEFINITION_BYTES)}; use a .detignore file to exclude unneeded files`,
    );
  }
  return size;
}
