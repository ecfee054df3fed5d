import { runCompat } from './compat/compat-command';
import { runDiff } from './diff/diff-command';
import { CodegenError } from './errors';
import { runGenerate } from './generate-command';

function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'diff') return runDiff(argv.slice(1));
  if (argv[0] === 'compat') return runCompat(argv.slice(1));
  return runGenerate(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CodegenError) console.error(`determined-codegen: ${error.message}`);
    else console.error('determined-codegen: unexpected failure', error);
    process.exitCode = 2;
  },
);
