// Metric stream contenders: the SDK's iterTrialsMetrics, or the raw limit (fetch + JSON.parse of
// each line, counting the reports) on the same recorded body.

import { contenderArgs, rawLogin, runContender, secondsSince } from '../protocol';
import { benchClient } from '../sdk-session';

interface Args {
  readonly contender: 'sdk' | 'raw';
  readonly url: string;
  readonly trialId: number;
  readonly rows: number;
}

const args = contenderArgs<Args>();

async function sdk(): Promise<() => Promise<number>> {
  const det = benchClient(args.url);
  await det.login();
  return async () => {
    let rows = 0;
    let lastBatches = -1;
    for await (const metric of det.iterTrialsMetrics([args.trialId], 'training')) {
      if (metric.stepsCompleted <= lastBatches) throw new Error(`row ${rows} out of order`);
      lastBatches = metric.stepsCompleted;
      rows++;
    }
    await det.close();
    return rows;
  };
}

async function raw(): Promise<() => Promise<number>> {
  const token = await rawLogin(args.url);
  return async () => {
    const url = `${args.url}/api/v1/trials/metrics/trial_metrics?trialIds=${args.trialId}&group=training`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let pending = '';
    let rows = 0;
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk, { stream: true });
      let start = 0;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = JSON.parse(pending.slice(start, newline)) as { result: { metrics: unknown[] } };
        rows += line.result.metrics.length;
        start = newline + 1;
        newline = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
    }
    return rows;
  };
}

runContender(async () => {
  const measure = args.contender === 'sdk' ? await sdk() : await raw();
  const started = performance.now();
  const rows = await measure();
  return { ok: rows === args.rows, seconds: secondsSince(started), units: rows };
});
