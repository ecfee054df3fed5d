// `npm run demo`: bundles scripts/demo (TypeScript, on the packages' sources) with esbuild and
// runs it. Exits with the demo's code; a failure to even build is one clear line too.
import { loadTsEntry } from './load-ts-entry.mjs';

const { main } = await loadTsEntry('demo');
// `npm run demo | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main();
