#!/usr/bin/env node
// Entry point kept outside dist/ so that npm can link the command before the first build.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('determined-codegen: not built yet; run `npm run build` first');
  process.exit(2);
}
await import(cli.href);
