// Paths of the data the repository vendors for its tests: the master's OpenAPI specs (`openapi/`)
// and bodies recorded from a real master (`fixtures/`). See the README of each folder.
import path from 'node:path';

/** Root of the repository. */
export const repoRoot = path.resolve(__dirname, '..');

/** The vendored 0.38.1 spec (the one the committed bindings are generated from). */
export const spec0381 = path.join(repoRoot, 'openapi', 'determined-0.38.1.swagger.json');

/** The vendored 0.37.0 spec. */
export const spec0370 = path.join(repoRoot, 'openapi', 'determined-0.37.0.swagger.json');

/** Bodies recorded from a real 0.38.1 master. */
export const fixturesDir = path.join(repoRoot, 'fixtures', 'determined-0.38.1');
