import fs from 'node:fs';
import path from 'node:path';
import { masterIdentity } from '../handlers/master-identity';
import { sharedFsDir } from './checkpoint-gc';
import type { ExperimentRecord, JsonObject } from './records';

// CRC-32C (Castagnoli), the checksum of TFRecord framing.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32C of `bytes`. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = (CRC_TABLE[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function maskedCrc(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(Math.max(0, Math.trunc(n)));
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

function lengthDelimited(field: number, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(payload.length)]), payload]);
}

/** A TensorFlow `Event` with `wall_time`, `step` and scalar `summary` values (`tag`, `simple_value`). */
function scalarEvent(wallTime: number, step: number, scalars: Readonly<Record<string, number>>): Buffer {
  const time = Buffer.alloc(9);
  time[0] = (1 << 3) | 1;
  time.writeDoubleLE(wallTime, 1);
  const values = Object.entries(scalars).map(([tag, value]) => {
    const simple = Buffer.alloc(5);
    simple[0] = (2 << 3) | 5;
    simple.writeFloatLE(value, 1);
    return lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(tag)), simple]));
  });
  return Buffer.concat([
    time,
    Buffer.from([2 << 3, ...varint(step)]),
    lengthDelimited(5, Buffer.concat(values)),
  ]);
}

/** The first `Event` of an event file: `file_version` `brain.Event:2`. */
function versionEvent(wallTime: number): Buffer {
  const time = Buffer.alloc(9);
  time[0] = (1 << 3) | 1;
  time.writeDoubleLE(wallTime, 1);
  return Buffer.concat([time, lengthDelimited(3, Buffer.from('brain.Event:2'))]);
}

/** One TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
function tfRecord(data: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.writeBigUInt64LE(BigInt(data.length));
  const crcs = Buffer.alloc(8);
  crcs.writeUInt32LE(maskedCrc(header), 0);
  crcs.writeUInt32LE(maskedCrc(data), 4);
  return Buffer.concat([header, crcs.subarray(0, 4), data, crcs.subarray(4)]);
}

/** `<storage>/<cluster id>/tensorboard/experiment/<id>` of an experiment with its own shared_fs storage, or null. */
export function tensorboardDir(seed: number, exp: ExperimentRecord, mockRoot: string): string | null {
  const base = sharedFsDir(exp.config, mockRoot);
  if (base === null) return null;
  return path.join(base, masterIdentity({ seed }).clusterId, 'tensorboard', 'experiment', String(exp.id));
}

/**
 * Appends a report's scalars to the trial's TensorBoard event file, where Determined's Core API
 * syncs it (`<cluster id>/tensorboard/experiment/<id>/trial/<trial id>/` of the experiment's
 * shared_fs storage). Only for experiments whose config names their own shared_fs directory.
 */
export function writeTensorboardScalars(
  report: { seed: number; exp: ExperimentRecord; trialId: number; mockRoot: string },
  event: { group: string; step: number; atMs: number; values: JsonObject },
): void {
  const dir = tensorboardDir(report.seed, report.exp, report.mockRoot);
  if (dir === null) return;
  const trialDir = path.join(dir, 'trial', String(report.trialId));
  fs.mkdirSync(trialDir, { recursive: true });
  const scalars: Record<string, number> = {};
  for (const [name, v] of Object.entries(event.values))
    if (typeof v === 'number') scalars[`${event.group}/${name}`] = v;
  const file = path.join(
    trialDir,
    `events.out.tfevents.${Math.floor(Date.parse(report.exp.startTime) / 1000)}.mock-agent`,
  );
  if (!fs.existsSync(file)) fs.writeFileSync(file, tfRecord(versionEvent(event.atMs / 1000)));
  fs.appendFileSync(file, tfRecord(scalarEvent(event.atMs / 1000, event.step, scalars)));
}

/** Removes an experiment's TensorBoard files (the master's GC does when the experiment is deleted). */
export function removeTensorboardFiles(seed: number, exp: ExperimentRecord, mockRoot: string): void {
  const dir = tensorboardDir(seed, exp, mockRoot);
  if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
}
