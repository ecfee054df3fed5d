import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Classes keep their names in the bundle (a Checkpoint prints as `Checkpoint`, not `_Checkpoint`).
  keepNames: true,
  // An optional native addon: loaded at run time from node_modules, never bundled.
  external: ['fs-ext'],
});
