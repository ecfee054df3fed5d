// `det.api` takes the SDK's optional signal as every other SDK call does: under
// exactOptionalPropertyTypes a `signal?: AbortSignal | undefined` passes through as it is (no
// `signal ?? null`), next to the per-call options, and non-JSON operations stream with `parseAs`.
import type * as client from '@determined-ts/client';

export interface ToolOptions {
  readonly signal?: AbortSignal | undefined;
}

export async function experimentName(det: client.Determined, options: ToolOptions = {}): Promise<string> {
  const { data } = await det.api.GET('/api/v1/experiments/{experimentId}', {
    params: { path: { experimentId: 1 } },
    signal: options.signal,
    timeoutMs: 5_000,
    retry: false,
  });
  return data?.experiment.name ?? '';
}

export async function listAgents(det: client.Determined): Promise<number> {
  const { data } = await det.api.GET('/api/v1/agents', { signal: undefined });
  return data?.agents?.length ?? 0;
}

export async function archive(det: client.Determined, options: ToolOptions): Promise<ReadableStream | null> {
  const { data } = await det.api.GET('/checkpoints/{checkpoint_uuid}', {
    params: { path: { checkpoint_uuid: 'c0ffee' } },
    headers: { accept: 'application/x-tar' },
    parseAs: 'stream',
    signal: options.signal,
  });
  return data ?? null;
}
