#!/usr/bin/env node
import { runCli } from './server/cli-main';

runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(({ master, exitCode }) => {
  process.exitCode = exitCode;
  if (master === null) return;
  const stop = () => {
    master.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
