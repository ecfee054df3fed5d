// The typed low-level client: `det.api` calls any endpoint of the master's OpenAPI spec, typed by
// the spec, over the SDK's connection (login, retries, errors as typed exceptions). Here: the
// master's version, and the file tree of an experiment's model definition, which the facade does
// not wrap.
//   npx tsx examples/low-level-api.ts <experimentId>
import type { components } from '@determined-ts/bindings';
import { Determined, type EnvVars } from '@determined-ts/client';
import { idArgument, runIfMain } from './run-main';

/** A file or directory of a model definition, as the spec types it. */
type FileNode = components['schemas']['v1FileNode'];

/** Options of {@link main}. */
export interface LowLevelApiOptions {
  experimentId: number;
  /** Environment with `DET_MASTER`, `DET_USER`, `DET_PASS` (default `process.env`). */
  env?: EnvVars;
}

/** `path (size bytes)` for every file under `nodes`, depth first. */
export function filePaths(nodes: readonly FileNode[] | null | undefined): string[] {
  return (nodes ?? []).flatMap((node) =>
    node.isDir
      ? filePaths(node.files)
      : [`${node.path ?? node.name ?? '?'} (${node.contentLength ?? 0} bytes)`],
  );
}

/** Prints the master's version and the experiment's model definition files. */
export async function main({ experimentId, env }: LowLevelApiOptions): Promise<number> {
  const det = new Determined(env === undefined ? {} : { env });
  try {
    // A non-2xx answer rejects with the matching error class, so `data` is there; its type still
    // allows undefined (openapi-fetch's shape), hence the `?.`.
    const { data: master } = await det.api.GET('/api/v1/master', {});
    console.log(`master ${master?.clusterName} version ${master?.version}`);

    const { data } = await det.api.GET('/api/v1/experiments/{experimentId}/file_tree', {
      params: { path: { experimentId } },
    });
    for (const line of filePaths(data?.files)) console.log(line);
    return 0;
  } finally {
    await det.close();
  }
}

runIfMain('low-level-api.ts', async () =>
  main({ experimentId: idArgument(process.argv[2], 'experimentId') }),
);
