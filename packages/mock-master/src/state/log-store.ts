import { rfc3339 } from './clock';
import type { TrialLogRecord } from './records';

/** Where a log line comes from. */
export interface LogLineInput {
  trialId: number;
  atMs: number;
  log: string;
  level?: string;
  /** Container id (absent for lines written by the master itself). */
  containerId?: string;
  agentId?: string;
  rankId?: number;
  stdtype?: string;
}

/** Trial logs, formatted like the master's (`[ts] <container8> || LEVEL: text`). */
export class LogStore {
  private readonly lines = new Map<number, TrialLogRecord[]>();
  private nextId = 1;

  /** Appends a line, assigning the next id. */
  add(input: LogLineInput): TrialLogRecord {
    const level = input.level ?? 'LOG_LEVEL_INFO';
    const timestamp = rfc3339(input.atMs);
    const text = input.log.endsWith('\n') ? input.log : `${input.log}\n`;
    const prefix = (input.containerId ?? '').slice(0, 8).padEnd(8);
    const rank = input.rankId === undefined ? '' : `[rank=${input.rankId}] `;
    const record: TrialLogRecord = {
      id: String(this.nextId++),
      trialId: input.trialId,
      timestamp,
      message: `[${timestamp}] ${prefix} || ${rank}${level.replace('LOG_LEVEL_', '')}: ${text}`,
      level,
      log: text,
      source: input.containerId === undefined ? 'master' : 'agent',
      stdtype: input.stdtype ?? 'stdout',
      ...(input.agentId !== undefined ? { agentId: input.agentId } : {}),
      ...(input.containerId !== undefined ? { containerId: input.containerId } : {}),
      ...(input.rankId !== undefined ? { rankId: input.rankId } : {}),
    };
    this.insert(record);
    return record;
  }

  /** Stores a ready-made record (seeding); later ids continue after it. */
  insert(record: TrialLogRecord): void {
    const list = this.lines.get(record.trialId) ?? [];
    list.push(record);
    this.lines.set(record.trialId, list);
    const n = Number(record.id);
    if (Number.isSafeInteger(n) && n >= this.nextId) this.nextId = n + 1;
  }

  /** All lines of a trial in id order. */
  of(trialId: number): readonly TrialLogRecord[] {
    return this.lines.get(trialId) ?? [];
  }

  /** Forgets a trial's lines. */
  removeTrial(trialId: number): void {
    this.lines.delete(trialId);
  }
}
