/**
 * Azurite's blob service on 127.0.0.1 with an ephemeral port, for tests: in a child process
 * (`azurite-child.cjs`), data in memory, logs off, with a bulk seeding port beside it.
 */

import path from 'node:path';
import { startChildServer } from './child-server';

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
  /**
   * Store blobs in an existing container without one Put Blob request each (the child's bulk
   * seeding port): for seeding large test checkpoints.
   */
  seedBlobs(container: string, blobs: readonly { name: string; data: Buffer }[]): Promise<void>;
  stop(): Promise<void>;
}

function frames(blobs: readonly { name: string; data: Buffer }[]): Buffer[] {
  return blobs.flatMap(({ name, data }) => {
    const encodedName = Buffer.from(name);
    const header = Buffer.alloc(12 + encodedName.length);
    header.writeUInt32BE(encodedName.length, 0);
    encodedName.copy(header, 4);
    header.writeUInt32BE(Math.floor(data.length / 2 ** 32), 4 + encodedName.length);
    header.writeUInt32BE(data.length % 2 ** 32, 8 + encodedName.length);
    return [header, data];
  });
}

/** Options of `startAzureEmulator`. */
export interface StartAzureEmulatorOptions {
  /** Path of `azurite-child.cjs` (default: beside this module; bundles must name it). */
  readonly childScript?: string | undefined;
}

/** Start azurite's blob service. */
export async function startAzureEmulator(options: StartAzureEmulatorOptions = {}): Promise<AzureEmulator> {
  const child = await startChildServer({
    script: options.childScript ?? path.join(__dirname, 'azurite-child.cjs'),
    args: [],
  });
  const accountUrl = `http://127.0.0.1:${child.port}/${AZURITE_ACCOUNT}`;
  return {
    accountUrl,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `BlobEndpoint=${accountUrl};`,
    async seedBlobs(container, blobs) {
      const response = await fetch(
        `http://127.0.0.1:${child.info.seedPort}/seed?container=${encodeURIComponent(container)}`,
        { method: 'POST', body: Buffer.concat(frames(blobs)) },
      );
      if (response.status !== 204) throw new Error(`azurite seeding failed: ${await response.text()}`);
    },
    stop: () => child.stop(),
  };
}
