// Shared jest configuration: every package runs its TypeScript tests through swc and resolves
// sibling workspace packages to their sources, so tests never depend on stale build output.
const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;

/** @param {string} packageDir */
module.exports = function preset(packageDir) {
  // Each package's `jest --json --outputFile` lands here; CI sums them into one line.
  fs.mkdirSync(path.join(root, '.jest-results'), { recursive: true });
  return {
    rootDir: packageDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.(t|j)s$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
        },
      ],
    },
    moduleNameMapper: {
      '^@determined-ts/bindings$': path.join(root, 'packages/bindings/src/index.ts'),
      '^@determined-ts/bindings/(operations|schemas)$': path.join(root, 'packages/bindings/src/$1.ts'),
      '^@determined-ts/client$': path.join(root, 'packages/client/src/index.ts'),
      '^@determined-ts/mock-master$': path.join(root, 'packages/mock-master/src/index.ts'),
      '^@test-support/(.*)$': path.join(root, 'test-support/$1'),
    },
    testTimeout: 30000,
  };
};
