import { rfc3339 } from '../state/clock';
import type { TaskRecord } from './task-records';
import { runSimulated, type ShellRun, type TaskIdentity } from './task-shell';
import type { JsonRecord } from './types';

/** The identity of a task whose owner has no agent user linked (the master's default). */
export const ROOT_IDENTITY: TaskIdentity = { uid: 0, gid: 0, user: 'root', group: 'root' };

/** What a command's simulated run is computed from. */
export interface CommandRunInput {
  config: JsonRecord;
  identity: TaskIdentity;
  /** The environment of its container. */
  env: Record<string, string>;
}

/**
 * The argv the master's command entrypoint script executes: one entrypoint word runs through
 * `/bin/sh -c`, several are executed as they are; null without an entrypoint.
 */
export function commandArgv(entrypoint: unknown): string[] | null {
  if (typeof entrypoint === 'string') return entrypoint.trim() === '' ? null : ['/bin/sh', '-c', entrypoint];
  if (!Array.isArray(entrypoint) || entrypoint.length === 0) return null;
  const words = entrypoint.map(String);
  return words.length === 1 ? ['/bin/sh', '-c', words[0] ?? ''] : words;
}

/** Simulates a command's entrypoint with the task's identity and environment (null: none). */
export function simulateCommand(input: CommandRunInput): ShellRun | null {
  const argv = commandArgv(input.config.entrypoint);
  if (argv === null) return null;
  return runSimulated({ argv, env: input.env, identity: input.identity });
}

/** The exit status the master records when a command ends by itself. */
export function naturalExitStatus(run: ShellRun | null): string {
  if (run === null || run.exitCode === 0) return 'allocation exited successfully';
  const code = run.exitCode;
  return `allocation failed: resources failed with non-zero exit code: container failed with non-zero exit code: ${code} (exit code ${code})`;
}

function add(task: TaskRecord, options: { key: string; atMs: number; text: string; stderr: boolean }): void {
  if (task.logged.has(options.key)) return;
  task.logged.add(options.key);
  task.logs.push({
    id: `${task.taskId}-${task.logs.length + 1}`,
    timestamp: rfc3339(options.atMs),
    message: `${options.text}\n`,
    level: options.stderr ? 'LOG_LEVEL_ERROR' : 'LOG_LEVEL_INFO',
    taskId: task.taskId,
    allocationId: task.allocationId,
    agentId: task.agentId,
    containerId: task.containerId,
    rankId: null,
    log: `${options.text}\n`,
    source: 'task',
    stdtype: options.stderr ? 'stderr' : 'stdout',
  });
}

/**
 * Writes the lines of a command's simulated run that are due at `nowMs` (its container started
 * at `runningAt`), and the master's `crashed:` line when it exited with a non-zero status.
 */
export function writeCommandOutput(task: TaskRecord, runningAt: number, nowMs: number): void {
  const run = task.simulation;
  if (run === null) return;
  run.lines.forEach((line, i) => {
    const at = runningAt + line.atMs;
    if (at > nowMs || (task.endMs !== null && task.endMs < at)) return;
    add(task, { key: `output-${i}`, atMs: at, text: line.text, stderr: line.stream === 'stderr' });
  });
  if (task.endMs !== null && nowMs >= task.endMs && task.killMs === null && run.exitCode !== 0) {
    const code = run.exitCode;
    const text = `crashed: resources failed with non-zero exit code: container failed with non-zero exit code: ${code} (exit code ${code})`;
    add(task, { key: 'crashed', atMs: task.endMs, text, stderr: true });
  }
}
