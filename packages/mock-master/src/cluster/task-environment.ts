import type { JsonRecord } from './types';

/** Where the master puts a task's run directory and default working directory. */
const RUN_DIR = '/run/determined';
const DEFAULT_WORK_DIR = `${RUN_DIR}/workdir`;

/** What a task's environment is built from. */
export interface TaskEnvironmentInput {
  taskId: string;
  allocationId: string;
  containerId: string;
  owner: string;
  /** The task's expanded config (`environment.environment_variables`, `work_dir`). */
  config: JsonRecord;
  /** The device type of the slots it runs on. */
  device: 'cpu' | 'cuda' | 'rocm';
}

/** The `environment.environment_variables` of a config for one device type, as `KEY=VALUE` items. */
export function configVariables(config: JsonRecord, device: TaskEnvironmentInput['device']): string[] {
  const environment = config.environment;
  if (environment === null || typeof environment !== 'object' || Array.isArray(environment)) return [];
  const vars = (environment as JsonRecord).environment_variables;
  if (Array.isArray(vars)) return vars.map(String);
  if (vars !== null && typeof vars === 'object') {
    const forDevice = (vars as JsonRecord)[device];
    return Array.isArray(forDevice) ? forDevice.map(String) : [];
  }
  return [];
}

/**
 * The environment the master gives a task's container (its `TaskSpec.EnvVars`: task, allocation
 * and container ids, owner, run and work directories, TLS and telemetry switches), followed by
 * the config's `environment_variables` for the device type, which override them. Session
 * tokens are left out: the simulation has no container that could use them.
 */
export function taskEnvironment(input: TaskEnvironmentInput): Record<string, string> {
  const workDir = typeof input.config.work_dir === 'string' ? input.config.work_dir : DEFAULT_WORK_DIR;
  const env: Record<string, string> = {
    PYTHONUSERBASE: `${RUN_DIR}/pythonuserbase`,
    DET_TASK_ID: input.taskId,
    DET_ALLOCATION_ID: input.allocationId,
    DET_CONTAINER_ID: input.containerId,
    DET_WORKDIR: workDir,
    DET_RUN_DIR: RUN_DIR,
    DET_USER: input.owner,
    DET_USE_TLS: 'false',
    DET_SEGMENT_ENABLED: 'false',
  };
  for (const item of configVariables(input.config, input.device)) {
    const eq = item.indexOf('=');
    if (eq > 0) env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}
