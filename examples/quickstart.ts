// The Python SDK page's experiment workflow, line for line, on @determined-ts/client.
// Run from a directory holding my_config.yaml and the model code:
//   DET_MASTER=http://127.0.0.1:8080 DET_USER=determined DET_PASS= npx tsx path/to/quickstart.ts
import * as client from '@determined-ts/client';
import { runIfMain } from './run-main';

/** The seed workflow: create an experiment, wait for it, print its top checkpoint. */
export async function main(): Promise<number> {
  // We will assume that you have called `det user login` (or set DET_USER/DET_PASS), so this is unnecessary:
  // await client.login({ master: ..., user: ..., password: ... });

  // Config can be a path to a config file or an object of the config.
  const exp = await client.createExperiment('my_config.yaml', { modelDir: '.' });
  console.log(`started experiment ${exp.id}`);

  const exitStatus = await exp.wait();
  console.log(`experiment completed with status ${exitStatus}`);

  const bestCheckpoint = await exp.topCheckpoint();
  console.log(`best checkpoint was ${bestCheckpoint.uuid}`);
  return 0;
}

runIfMain('quickstart.ts', main);
