/**
 * An in-process Azure Blob server (azurite) on 127.0.0.1 with an ephemeral port, for tests.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import BlobConfiguration from 'azurite/dist/src/blob/BlobConfiguration';
import BlobServer from 'azurite/dist/src/blob/BlobServer';

/** Azurite's well-known development account. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** Azurite's well-known development account key. */
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running azurite blob service. */
export interface AzureEmulator {
  /** e.g. `http://127.0.0.1:41234/devstoreaccount1` */
  readonly accountUrl: string;
  /** A connection string for the development account. */
  readonly connectionString: string;
  stop(): Promise<void>;
}

/** Start azurite's blob service, persisting into a temporary directory. */
export async function startAzureEmulator(): Promise<AzureEmulator> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'det-azurite-'));
  const configuration = new BlobConfiguration(
    '127.0.0.1',
    0,
    undefined,
    path.join(directory, '__azurite_db_blob__.json'),
    path.join(directory, '__azurite_db_blob_extent__.json'),
    [{ locationId: 'Default', locationPath: path.join(directory, 'data'), maxConcurrency: 10 }],
    false,
    undefined,
    false,
    undefined,
    false,
    true,
  );
  const server = new BlobServer(configuration);
  await server.start();
  const accountUrl = `${server.getHttpServerAddress()}/${AZURITE_ACCOUNT}`;
  return {
    accountUrl,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `BlobEndpoint=${accountUrl};`,
    async stop() {
      await server.close();
      await server.clean().catch(() => undefined);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
