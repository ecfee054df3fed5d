// A strict consumer under moduleResolution bundler: the packages' types must check with
// skipLibCheck false.
import type { components } from '@determined-ts/bindings';
import { type Determined, DownloadMode, InvalidArgumentError } from '@determined-ts/client';
import { startMockMaster } from '@determined-ts/mock-master';

export async function download(det: Determined, uuid: string, path: string): Promise<string> {
  const checkpoint = await det.getCheckpoint(uuid);
  return checkpoint.download({ path, mode: DownloadMode.AUTO });
}

export type CheckpointWire = components['schemas']['v1Checkpoint'];
export const isBadArgument = (error: unknown): boolean => error instanceof InvalidArgumentError;
export const start = () => startMockMaster({ port: 0, speed: 10 });
