// Runs the same workflow through the built ES modules; prints one JSON line of results.
import { createRequire } from 'node:module';
import * as bindings from '@determined-ts/bindings';
import * as client from '@determined-ts/client';
import { startMockMaster } from '@determined-ts/mock-master';

const require = createRequire(import.meta.url);
const workflow = require('./workflow.cjs');

workflow(client, startMockMaster, bindings).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
