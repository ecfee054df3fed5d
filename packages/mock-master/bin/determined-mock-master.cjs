#!/usr/bin/env node
// Entry point kept outside dist/ so that npm can link the command before the first build.
const { existsSync } = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(cli)) {
  console.error('determined-mock-master: not built yet; run `npm run build` first');
  process.exit(2);
}
require(cli);
