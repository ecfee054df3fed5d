// Issues #3 and #4: a 1,000,000-row metric stream, served by the mock master and read through the
// client's Transport.stream, in constant memory on both sides (they share this process).

import { createLogger } from '../packages/client/src/core/logger';
import { Transport } from '../packages/client/src/core/transport';
import { startMockMaster } from '../packages/mock-master/src/index';
import { MemorySampler, report, runBench } from './measure';

const ROWS = 1_000_000;
const name = 'metric stream, 1,000,000 rows: mock master -> client Transport.stream';
const target = 'every row in order, peak heap < 128 MiB';

runBench(name, target, async () => {
  const mock = await startMockMaster({ port: 0, speed: 1000 });
  try {
    const logger = createLogger({ env: { DET_TS_LOG: 'silent' } });
    const login = new Transport({ master: mock.url, logger, validate: 'off' });
    const { token } = await login.request<{ token: string }>('POST', '/api/v1/auth/login', {
      body: { username: 'determined', password: '', isHashed: true },
      auth: false,
    });
    const transport = new Transport({ master: mock.url, logger, validate: 'off', token: () => token });
    // A small checkpoint brings a completed experiment with one trial to hang the rows on.
    const uuid = mock.state.createLargeCheckpoint(1024);
    const { checkpoint } = await transport.request<{ checkpoint: { training: { trialId: number } } }>(
      'GET',
      `/api/v1/checkpoints/${uuid}`,
    );
    const trialId = checkpoint.training.trialId;
    mock.state.createSyntheticMetrics(trialId, ROWS);
    const memory = new MemorySampler();
    const started = performance.now();
    let rows = 0;
    let lastBatches = Number.NEGATIVE_INFINITY;
    let ordered = true;
    const stream = transport.stream<{ metrics: { totalBatches: number }[] }>(
      '/api/v1/trials/metrics/trial_metrics',
      {
        query: { trialIds: [trialId], group: 'training' },
      },
    );
    for await (const line of stream) {
      for (const report of line.metrics) {
        if (report.totalBatches <= lastBatches) ordered = false;
        lastBatches = report.totalBatches;
        rows++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const figures = memory.stop();
    report({
      name,
      ok: rows === ROWS && ordered && figures.peakHeapMiB < 128,
      target,
      rows,
      ordered,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(rows / seconds),
      ...figures,
    });
  } finally {
    await mock.stop();
  }
});
