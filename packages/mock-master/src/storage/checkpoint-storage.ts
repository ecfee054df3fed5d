import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '../rng';
import { CloudMirror } from './cloud/cloud-mirror';
import { globToRegExp, matchesAnyGlob } from './glob';

/** Options for writing a simulated checkpoint. */
export interface SimulatedCheckpointOptions {
  /** Seed of the pseudo-random weights file. */
  seed: number;
  /** Written as `metadata.json`. */
  metadata: Record<string, unknown>;
}

const MODEL_DEF = `import torch\n\n\nclass Net(torch.nn.Module):\n    def forward(self, x):\n        return x\n`;
const CONST_YAML = `name: mock\nsearcher:\n  name: single\n  metric: validation_loss\n`;

/**
 * Checkpoint files in a `shared_fs`-style directory: each checkpoint lives in `<root>/<uuid>/`,
 * so clients can read it directly with `host_path = root` or download it through the master.
 */
export class CheckpointStorage {
  /** Copies written checkpoints to the S3/GCS/Azure server their experiment config names. */
  readonly cloud = new CloudMirror();

  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  /** Directory of one checkpoint. */
  dir(uuid: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(uuid) || uuid === '.' || uuid === '..') {
      throw new RangeError(`invalid checkpoint uuid ${JSON.stringify(uuid)}`);
    }
    return path.join(this.root, uuid);
  }

  /** True when the checkpoint directory exists. */
  exists(uuid: string): boolean {
    return fs.existsSync(this.dir(uuid));
  }

  /** Writes a small realistic checkpoint and returns its `resources`. */
  writeSimulated(uuid: string, options: SimulatedCheckpointOptions): Record<string, string> {
    const dir = this.dir(uuid);
    const rng = new Rng(options.seed);
    fs.mkdirSync(path.join(dir, 'code', 'configs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(options.metadata, null, 2));
    fs.writeFileSync(
      path.join(dir, 'state_dict.pth'),
      rng.fill(Buffer.alloc(2048 + Math.floor(rng.next() * 4096))),
    );
    fs.writeFileSync(path.join(dir, 'trial_state.pkl'), rng.fill(Buffer.alloc(111)));
    fs.writeFileSync(path.join(dir, 'code', 'model_def.py'), MODEL_DEF);
    fs.writeFileSync(path.join(dir, 'code', 'configs', 'const.yaml'), CONST_YAML);
    this.cloud.written(uuid, dir);
    return this.resources(uuid);
  }

  /** Writes the given files (relative path → UTF-8 text; a trailing `/` makes a directory). */
  writeFiles(uuid: string, files: Readonly<Record<string, string>>): Record<string, string> {
    const dir = this.dir(uuid);
    fs.mkdirSync(dir, { recursive: true });
    for (const [rel, contents] of Object.entries(files)) {
      const target = safeJoin(dir, rel);
      if (rel.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, contents);
    }
    this.cloud.written(uuid, dir);
    return this.resources(uuid);
  }

  /**
   * Writes a checkpoint whose `state_dict.pth` has `sizeBytes` bytes without holding them in
   * memory (a sparse file: zeros after a short random header).
   */
  writeLarge(uuid: string, sizeBytes: number, metadata: Record<string, unknown>): Record<string, string> {
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) throw new RangeError(`invalid size ${sizeBytes}`);
    const dir = this.dir(uuid);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(metadata, null, 2));
    const fd = fs.openSync(path.join(dir, 'state_dict.pth'), 'w');
    try {
      fs.writeSync(fd, new Rng(sizeBytes).fill(Buffer.alloc(Math.min(4096, sizeBytes))));
      fs.ftruncateSync(fd, sizeBytes);
    } finally {
      fs.closeSync(fd);
    }
    this.cloud.written(uuid, dir);
    return this.resources(uuid);
  }

  /**
   * Creates files (sparse, of the recorded sizes) for a seeded checkpoint's `resources`, so that
   * seeded checkpoints can be downloaded too. Existing directories are left alone.
   */
  materialize(uuid: string, resources: Readonly<Record<string, string>>, metadata: unknown): void {
    const dir = this.dir(uuid);
    if (fs.existsSync(dir)) return;
    fs.mkdirSync(dir, { recursive: true });
    for (const [rel, size] of Object.entries(resources)) {
      const target = safeJoin(dir, rel);
      if (rel.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (rel === 'metadata.json') {
        fs.writeFileSync(target, JSON.stringify(metadata ?? {}, null, 2));
        continue;
      }
      const fd = fs.openSync(target, 'w');
      fs.ftruncateSync(fd, Number(size) || 0);
      fs.closeSync(fd);
    }
  }

  /** Relative path → size (decimal string); directories end with `/` and have size "0". */
  resources(uuid: string): Record<string, string> {
    const out: Record<string, string> = {};
    const dir = this.dir(uuid);
    if (!fs.existsSync(dir)) return out;
    for (const entry of walk(dir)) out[entry.rel] = String(entry.size);
    return out;
  }

  /** Removes the files matching any glob and returns the remaining `resources`. */
  removeFiles(uuid: string, globs: readonly string[]): Record<string, string> {
    const dir = this.dir(uuid);
    const patterns = globs.map(globToRegExp);
    for (const entry of [...walk(dir)]) {
      if (!matchesAnyGlob(entry.rel, patterns)) continue;
      fs.rmSync(safeJoin(dir, entry.rel), { recursive: true, force: true });
    }
    return this.resources(uuid);
  }

  /** Deletes a checkpoint's directory. */
  remove(uuid: string): void {
    fs.rmSync(this.dir(uuid), { recursive: true, force: true });
  }
}

/** One file or directory below a checkpoint root. */
export interface StoredEntry {
  /** POSIX path relative to the root; directories end with `/`. */
  rel: string;
  abs: string;
  size: number;
  isDir: boolean;
  mode: number;
  mtime: Date;
}

/** Lists a directory tree depth-first in name order (directories before their contents). */
export function* walk(root: string, prefix = ''): Generator<StoredEntry> {
  if (!fs.existsSync(root)) return;
  const names = fs.readdirSync(path.join(root, prefix)).sort();
  for (const name of names) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const abs = path.join(root, rel);
    const st = fs.statSync(abs);
    if (st.isDirectory()) {
      yield { rel: `${rel}/`, abs, size: 0, isDir: true, mode: st.mode, mtime: st.mtime };
      yield* walk(root, rel);
    } else if (st.isFile()) {
      yield { rel, abs, size: st.size, isDir: false, mode: st.mode, mtime: st.mtime };
    }
  }
}

function safeJoin(root: string, rel: string): string {
  const target = path.resolve(root, rel);
  if (target !== root && !target.startsWith(root + path.sep)) {
    throw new RangeError(`path ${JSON.stringify(rel)} escapes the checkpoint directory`);
  }
  return target;
}
