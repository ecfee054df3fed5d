// The options vocabulary: `signal` and the per-request `timeoutMs` on every call, `deadlineMs` for
// the overall deadline of the polling loops (`timeoutMs` still accepted there, deprecated).
import type * as client from '@determined-ts/client';

export async function optionsVocabulary(det: client.Determined, signal: AbortSignal): Promise<void> {
  const exp = await det.getExperiment(1, { timeoutMs: 30_000, signal });
  await exp.wait({ deadlineMs: 3_600_000, intervalMs: 5_000, signal });
  await exp.awaitFirstTrial({ deadlineMs: 60_000, signal });
  await exp.wait({ timeoutMs: 3_600_000 });
  const methodOptions: client.MethodOptions = { timeoutMs: null, signal };
  await det.listModels(methodOptions);
  for await (const m of det.iterTrialsMetrics([1], 'training', { signal, idleTimeoutMs: 10_000 })) {
    console.log(m.trialId);
  }
}
