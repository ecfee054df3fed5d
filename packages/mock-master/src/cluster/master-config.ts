import { invalidArgument } from '../errors';
import type { JsonRecord, Wire } from './types';

const LOG_LEVELS: Readonly<Record<string, string>> = {
  LOG_LEVEL_TRACE: 'trace',
  LOG_LEVEL_DEBUG: 'debug',
  LOG_LEVEL_INFO: 'info',
  LOG_LEVEL_WARNING: 'warn',
  LOG_LEVEL_ERROR: 'error',
  LOG_LEVEL_CRITICAL: 'fatal',
};

/** The master's configuration as `GET /api/v1/master/config` shows it (snake_case, like the master). */
export function defaultMasterConfig(options: { clusterName: string; storagePath: string }): JsonRecord {
  return {
    config_file: '',
    log: { level: 'info', color: true },
    db: { user: 'postgres', password: '********', host: 'localhost', port: '5432', name: 'determined' },
    tensorboard_timeout: 300,
    notebook_timeout: null,
    security: { default_task: { user: 'root', uid: 0, group: 'root', gid: 0 }, authz: { type: 'basic' } },
    checkpoint_storage: {
      type: 'shared_fs',
      host_path: options.storagePath,
      storage_path: 'determined-checkpoint',
    },
    task_container_defaults: { shm_size_bytes: 4294967296, network_mode: 'bridge' },
    port: 8080,
    cluster_name: options.clusterName,
    logging: { type: 'default' },
    resource_manager: {
      type: 'agent',
      default_aux_resource_pool: 'default',
      default_compute_pool: 'default',
    },
    resource_pools: [{ pool_name: 'default', max_aux_containers_per_agent: 100 }],
    webhooks: { base_url: '', signing_key: '********' },
    feature_switches: [],
    telemetry: { enabled: false },
  };
}

/** Applies a `PatchMasterConfig` body: only the log level and color can change, as on the master. */
export function patchMasterConfig(config: JsonRecord, body: Wire['v1PatchMasterConfigRequest']): void {
  const paths = body.fieldMask?.paths ?? [];
  const log = body.config?.log;
  const current = (config.log ?? {}) as JsonRecord;
  for (const path of paths) {
    if (path === 'log.level') {
      const level = LOG_LEVELS[log?.level ?? ''];
      if (level === undefined) throw invalidArgument(`invalid log level: ${log?.level ?? ''}`);
      current.level = level;
    } else if (path === 'log.color') {
      current.color = log?.color ?? false;
    } else {
      throw invalidArgument(`unsupported field mask path: ${path}`);
    }
  }
  config.log = current;
}
