// Prints one line summing jest's --json results of every workspace package:
// "N passed, N failed, N skipped". A package whose results are missing counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const packages = ['bindings', 'codegen', 'client', 'mock-master', 'examples'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of packages) {
  const file = path.join(root, '.jest-results', `${name}.json`);
  if (!existsSync(file)) {
    console.error(`no jest results for ${name}: its test run did not finish`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
  skipped += result.numPendingTests + result.numTodoTests;
  if (result.numRuntimeErrorTestSuites > 0) {
    console.error(`${name}: ${result.numRuntimeErrorTestSuites} test file(s) failed to run`);
  }
}
// Checks that are not jest tests (e.g. the codegen drift check) report failures through the env.
failed += Number.parseInt(process.env.EXTRA_FAILED ?? '0', 10) || 0;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
