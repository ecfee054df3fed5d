// Issue #4: the NDJSON parser handles 1,000,000 lines in random-size chunks in constant memory.
import { parseNdjson } from '../packages/client/src/core/ndjson';
import { MemorySampler, report, runBench } from './measure';

const LINES = 1_000_000;
const name = 'NDJSON parser, 1,000,000 lines in random chunks';
const target = 'peak heap < 48 MiB, peak RSS < 192 MiB';

async function* chunks(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = '';
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < LINES; i++) {
    pending += `${JSON.stringify({ result: { id: i, loss: 1 / (i + 1), label: `row-${i}` } })}\n`;
    while (pending.length > 4096) {
      const size = 1 + Math.floor(random() * 8192);
      yield encoder.encode(pending.slice(0, size));
      pending = pending.slice(size);
    }
  }
  yield encoder.encode(pending);
}

runBench(name, target, async () => {
  const memory = new MemorySampler();
  const started = performance.now();
  let count = 0;
  for await (const line of parseNdjson(chunks())) {
    const record = line as { result: { id: number } };
    if (record.result.id !== count) throw new Error(`line ${count} out of order`);
    count++;
  }
  const seconds = (performance.now() - started) / 1000;
  const figures = memory.stop();
  report({
    name,
    ok: count === LINES && figures.peakHeapMiB < 48 && figures.peakRssMiB < 192,
    target,
    lines: count,
    seconds: Math.round(seconds * 10) / 10,
    linesPerSecond: Math.round(count / seconds),
    ...figures,
  });
});
