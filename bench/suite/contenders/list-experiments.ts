// Listing every experiment: the SDK's listExperiments, or the raw limit (the same paged
// GET /api/v1/experiments requests with fetch + JSON.parse).
import { contenderArgs, rawLogin, runContender, secondsSince } from '../protocol';
import { benchClient } from '../sdk-session';

interface Args {
  readonly contender: 'sdk' | 'raw';
  readonly url: string;
  readonly experiments: number;
}

interface Page {
  readonly experiments: unknown[];
  readonly pagination: { readonly endIndex: number; readonly total: number };
}

const args = contenderArgs<Args>();

async function sdk(): Promise<() => Promise<number>> {
  const det = benchClient(args.url);
  await det.login();
  return async () => (await det.listExperiments()).length;
}

async function raw(): Promise<() => Promise<number>> {
  const token = await rawLogin(args.url);
  return async () => {
    let offset = 0;
    let count = 0;
    while (true) {
      const response = await fetch(`${args.url}/api/v1/experiments?offset=${offset}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const page = JSON.parse(await response.text()) as Page;
      count += page.experiments.length;
      if (page.pagination.endIndex >= page.pagination.total) return count;
      offset = page.pagination.endIndex;
    }
  };
}

runContender(async () => {
  const measure = args.contender === 'sdk' ? await sdk() : await raw();
  const started = performance.now();
  const count = await measure();
  return { ok: count >= args.experiments, seconds: secondsSince(started), units: count };
});
