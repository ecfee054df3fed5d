// Issue #3: the mock master streams a 1 GiB checkpoint archive without buffering it.
import { request } from 'undici';
import { startMockMaster } from '../packages/mock-master/src/index';
import { MemorySampler, mib, report, runBench } from './measure';

const SIZE = 1024 * 1024 * 1024;
const name = 'mock master: 1 GiB checkpoint as tar (GET /checkpoints/{uuid})';
const target = 'all bytes delivered, RSS growth < 128 MiB';

async function token(url: string): Promise<string> {
  const response = await request(`${url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'determined', password: '', isHashed: true }),
    headers: { 'content-type': 'application/json' },
  });
  const body = (await response.body.json()) as { token: string };
  return body.token;
}

runBench(name, target, async () => {
  const mock = await startMockMaster({ port: 0, speed: 1000 });
  try {
    const uuid = mock.state.createLargeCheckpoint(SIZE);
    const bearer = await token(mock.url);
    const memory = new MemorySampler();
    const started = performance.now();
    const response = await request(`${mock.url}/checkpoints/${uuid}`, {
      headers: { authorization: `Bearer ${bearer}`, accept: 'application/x-tar' },
    });
    let bytes = 0;
    for await (const chunk of response.body) bytes += (chunk as Buffer).length;
    const seconds = (performance.now() - started) / 1000;
    const figures = memory.stop();
    report({
      name,
      ok: response.statusCode === 200 && bytes > SIZE && figures.rssGrowthMiB < 128,
      target,
      status: response.statusCode,
      archiveMiB: mib(bytes),
      seconds: Math.round(seconds * 10) / 10,
      MiBPerSecond: Math.round(mib(bytes) / seconds),
      ...figures,
    });
  } finally {
    await mock.stop();
  }
});
