/**
 * Azurite's blob service on 127.0.0.1 with an ephemeral port, for tests: in a child process
 * (`azurite-child.cjs`), data in memory, logs off.
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
  stop(): Promise<void>;
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
    stop: () => child.stop(),
  };
}
