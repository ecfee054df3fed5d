/**
 * A fingerprint of an experiment's model definition (its files' paths and sizes), to tell apart
 * experiments with the same config after a lost `createExperiment` answer.
 */
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationResult } from '../../core/operation-types';
import type { Session } from '../../core/session';
import type { ModelDefinitionEntry } from '../../lib/model-context';

type FileNode = NonNullable<OperationResult<'GetModelDefTree'>['files']>[number];

/** Sorted `path size` lines of the regular files of a model definition as it was sent. */
export function sentModelDefFingerprint(entries: readonly ModelDefinitionEntry[] | null): string {
  const lines = (entries ?? [])
    .filter((entry) => entry.type === 48)
    .map((entry) => `${entry.path} ${Buffer.byteLength(entry.content, 'base64')}`);
  return lines.sort().join('\n');
}

function fileLines(nodes: readonly FileNode[] | null | undefined, out: string[]): string[] {
  for (const node of nodes ?? []) {
    if (node.isDir) fileLines(node.files, out);
    else out.push(`${node.path ?? ''} ${node.contentLength ?? 0}`);
  }
  return out;
}

/** The same fingerprint of experiment `experimentId`'s model definition, from `GetModelDefTree`. */
export async function storedModelDefFingerprint(
  session: Session,
  experimentId: number,
  options: MethodOptions,
): Promise<string> {
  const response = await session.call('GetModelDefTree', { path: { experimentId } }, callOptions(options));
  return fileLines(response.files, []).sort().join('\n');
}
