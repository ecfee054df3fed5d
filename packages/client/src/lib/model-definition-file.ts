/** The file `Experiment.downloadCode` writes: the experiment's model definition archive. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

function expandHome(dir: string): string {
  if (dir === '~') return homedir();
  if (dir.startsWith('~/') || dir.startsWith(`~${path.sep}`)) return path.join(homedir(), dir.slice(2));
  return dir;
}

/**
 * Write the base64-decoded model definition of experiment `id` to
 * `<outputDir>/exp-<id>_model_def.tar.gz` (`~` expanded, directory created; default: the current
 * directory), replacing any existing file atomically, and return the file path: relative
 * (`exp-<id>_model_def.tar.gz`) without `outputDir`, as Python's `download_code()` returns it.
 */
export async function writeModelDefinition(id: number, b64Tgz: string, outputDir?: string): Promise<string> {
  const name = `exp-${id}_model_def.tar.gz`;
  const dir = outputDir ? expandHome(outputDir) : process.cwd();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  const partial = `${file}.partial-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(partial, Buffer.from(b64Tgz, 'base64'));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return outputDir ? file : name;
}
