import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import * as tar from 'tar';
import { CheckpointStorage } from '../storage/checkpoint-storage';
import { archiveDirectory, modelDefinitionTgz, negotiateArchiveFormat } from './index';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function tarEntries(data: Buffer, gzip: boolean): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => entries.set(entry.path, Buffer.concat(chunks)));
    },
  });
  await pipeline(Readable.from([gzip ? zlib.gunzipSync(data) : data]), parser);
  return entries;
}

/** Reads a zip's central directory and inflates every entry (no unzip tool needed). */
function zipEntries(data: Buffer): Map<string, Buffer> {
  const eocd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = data.readUInt16LE(eocd + 10);
  let p = data.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(data.readUInt32LE(p)).toBe(0x02014b50);
    const method = data.readUInt16LE(p + 10);
    const compSize = data.readUInt32LE(p + 20);
    const nameLen = data.readUInt16LE(p + 28);
    const extraLen = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    const local = data.readUInt32LE(p + 42);
    const name = data.subarray(p + 46, p + 46 + nameLen).toString();
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + compSize);
    out.set(name, method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('checkpoint archives', () => {
  let dir: string;
  let storage: CheckpointStorage;
  const uuid = '0f8a1c2e-1111-4222-8333-944445555666';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-test-'));
    storage = new CheckpointStorage(dir);
    storage.writeSimulated(uuid, { seed: 1, metadata: { steps_completed: 5 } });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expected = () => {
    const weights = fs.readFileSync(path.join(storage.dir(uuid), 'state_dict.pth'));
    return { weights, metadata: fs.readFileSync(path.join(storage.dir(uuid), 'metadata.json')) };
  };

  it('streams a tar whose entries are relative to the checkpoint root, directories included', async () => {
    const entries = await tarEntries(await collect(archiveDirectory(storage.dir(uuid), 'tar')), false);
    expect([...entries.keys()].sort()).toEqual([
      'code/',
      'code/configs/',
      'code/configs/const.yaml',
      'code/model_def.py',
      'metadata.json',
      'state_dict.pth',
      'trial_state.pkl',
    ]);
    expect(entries.get('state_dict.pth')).toEqual(expected().weights);
  });

  it('streams a gzip-compressed tar', async () => {
    const data = await collect(archiveDirectory(storage.dir(uuid), 'tgz'));
    expect(data.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const entries = await tarEntries(data, true);
    expect(entries.get('metadata.json')).toEqual(expected().metadata);
  });

  it('streams a zip with the same files', async () => {
    const entries = zipEntries(await collect(archiveDirectory(storage.dir(uuid), 'zip')));
    expect(entries.get('state_dict.pth')).toEqual(expected().weights);
    expect(entries.has('code/configs/')).toBe(true);
  });

  it('negotiates the format from the Accept header like the master', () => {
    expect(negotiateArchiveFormat(undefined)).toBe('tar');
    expect(negotiateArchiveFormat('')).toBe('tar');
    expect(negotiateArchiveFormat('*/*')).toBe('tar');
    expect(negotiateArchiveFormat('application/gzip')).toBe('tgz');
    expect(negotiateArchiveFormat('application/zip;q=0.9, application/x-tar;q=0.1')).toBe('zip');
    expect(negotiateArchiveFormat('text/html')).toBeNull();
  });

  it('packs an uploaded model definition as base64-able tar.gz with directories and modes', async () => {
    const tgz = await modelDefinitionTgz([
      { path: 'pkg', type: 53, content: '', mtime: '1700000000', mode: 0o40755, uid: 0, gid: 0 },
      {
        path: 'pkg/model_def.py',
        type: 48,
        content: Buffer.from('x = 1\n').toString('base64'),
        mtime: '1700000000',
        mode: 0o100644,
        uid: 0,
        gid: 0,
      },
    ]);
    const entries = await tarEntries(tgz, true);
    expect([...entries.keys()]).toEqual(['pkg/', 'pkg/model_def.py']);
    expect(entries.get('pkg/model_def.py')?.toString()).toBe('x = 1\n');
  });

  it('streams a large sparse checkpoint without buffering it', async () => {
    const big = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    storage.writeLarge(big, 256 * 1024 * 1024, { steps_completed: 1 });
    expect(storage.resources(big)['state_dict.pth']).toBe(String(256 * 1024 * 1024));
    const before = process.memoryUsage().arrayBuffers;
    let total = 0;
    let peak = 0;
    for await (const chunk of archiveDirectory(storage.dir(big), 'tar')) {
      total += (chunk as Buffer).length;
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }
    expect(total).toBeGreaterThan(256 * 1024 * 1024);
    expect(peak).toBeLessThan(96 * 1024 * 1024);
  });
});
