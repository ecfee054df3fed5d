// `npm run soak [-- --minutes N]`: bundles scripts/soak (TypeScript, on the packages' sources)
// with esbuild and runs it: mixed facade calls and streams against an in-process mock master with
// random faults for N minutes (default 10), reporting RSS and open handles at start and end.
// Not part of `npm test`.
import { loadTsEntry } from './load-ts-entry.mjs';

const { main } = await loadTsEntry('soak');
process.exitCode = await main(process.argv.slice(2));
