// Must not compile: 'fast' is not a DownloadMode.
import * as client from '@determined-ts/client';

export async function wrongDownloadMode(uuid: string): Promise<unknown> {
  const checkpoint = await client.getCheckpoint(uuid);
  return checkpoint.download({ mode: 'fast' });
}
