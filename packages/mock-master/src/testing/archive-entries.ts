import { gunzipSync, inflateRawSync } from 'node:zlib';

/** File name → contents of the regular files in an archive. */
export type ArchiveFiles = Map<string, Buffer>;

function tarString(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}

/** Reads the regular files of a ustar/pax tar (as archiver writes them). */
export function readTar(archive: Buffer): ArchiveFiles {
  const files: ArchiveFiles = new Map();
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(tarString(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = tarString(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${tarString(header, 0, 100)}` : tarString(header, 0, 100));
    const data = archive.subarray(offset + 512, offset + 512 + size);
    longName = null;
    if (type === 'x') {
      longName = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1] ?? null;
    } else if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
    } else if (type === '0' || type === '\0') {
      files.set(name, Buffer.from(data));
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Reads the regular files of a gzip-compressed tar. */
export function readTgz(archive: Buffer): ArchiveFiles {
  return readTar(gunzipSync(archive));
}

/** Reads the regular files of a zip (stored or deflated entries) through its central directory. */
export function readZip(archive: Buffer): ArchiveFiles {
  const eocd = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = archive.readUInt16LE(eocd + 10);
  let cursor = archive.readUInt32LE(eocd + 16);
  const files: ArchiveFiles = new Map();
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(cursor) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = archive.readUInt16LE(cursor + 10);
    const compressedSize = archive.readUInt32LE(cursor + 20);
    const nameLength = archive.readUInt16LE(cursor + 28);
    const extraLength = archive.readUInt16LE(cursor + 30);
    const commentLength = archive.readUInt16LE(cursor + 32);
    const localOffset = archive.readUInt32LE(cursor + 42);
    const name = archive.subarray(cursor + 46, cursor + 46 + nameLength).toString('utf8');
    const localData =
      localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const raw = archive.subarray(localData, localData + compressedSize);
    if (!name.endsWith('/')) files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
