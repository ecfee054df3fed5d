// Locates the project's shared material (`../shared` beside the repository) for tests. On a clone
// without it, suites that need it are skipped with a message saying why, instead of failing.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Root of the repository. */
export const repoRoot = path.resolve(__dirname, '..');

/** `../shared` beside the repository (override with DET_TS_SHARED_DIR). */
export const sharedDir = process.env.DET_TS_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');

/** True when the shared material is present. */
export const hasShared = existsSync(path.join(sharedDir, 'openapi'));

/** Path inside the shared material. */
export function sharedPath(...parts: string[]): string {
  return path.join(sharedDir, ...parts);
}

/** The 0.38.1 spec and fixtures directory. */
export const spec0381 = sharedPath('openapi', 'determined-0.38.1.swagger.json');
export const spec0370 = sharedPath('openapi', 'determined-0.37.0.swagger.json');
export const fixturesDir = sharedPath('fixtures', 'determined-0.38.1');

let warned = false;

/** `describe` that runs only when `../shared` is present, and says so clearly when it is not. */
export function describeWithShared(name: string, fn: () => void): void {
  if (hasShared) {
    describe(name, fn);
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`[determined-ts] ${sharedDir} not found: skipping suites that read ../shared.`);
  }
  // The body is not run at all: suites may read ../shared while they are being defined.
  describe(`${name} (skipped: ../shared not found)`, () => {
    it.skip(`needs ${sharedDir}`, () => undefined);
  });
}
