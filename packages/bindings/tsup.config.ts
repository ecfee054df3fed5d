import { defineConfig, type Options } from 'tsup';

const common: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // Two builds write into dist: the `build` script empties it once before both.
  clean: false,
  target: 'node20',
};

export default defineConfig([
  { ...common, entry: ['src/index.ts', 'src/operations.ts'] },
  // The schemas entry carries its own copy of zod: the SDK loads it on its first request, and one
  // file loads in about half the time of zod's ~100 ES modules (resolved and read one by one).
  { ...common, entry: ['src/schemas.ts'], noExternal: ['zod'] },
]);
