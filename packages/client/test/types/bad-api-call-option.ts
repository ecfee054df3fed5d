// Must NOT compile: the SDK's per-call options in `det.api`'s init are typed, not `unknown` extras
// (`timeoutMs` is a number of milliseconds).
import type * as client from '@determined-ts/client';

export async function badApiCallOption(det: client.Determined): Promise<void> {
  await det.api.GET('/api/v1/agents', { timeoutMs: '5s' });
}
