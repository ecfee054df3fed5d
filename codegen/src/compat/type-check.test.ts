import { parseDiagnostics } from './type-check';

describe('parsing tsc output', () => {
  it('reads located errors with their continuation lines and project-wide errors', () => {
    const output = [
      "packages/client/src/a.ts(12,5): error TS2339: Property 'experiment' does not exist on type 'X'.",
      "  Type 'Y' is not assignable to type 'Z'.",
      "examples/b.ts(1,1): error TS2307: Cannot find module './c'.",
      "error TS5083: Cannot read file 'tsconfig.json'.",
      '',
    ].join('\n');
    expect(parseDiagnostics(output)).toEqual([
      {
        file: 'packages/client/src/a.ts',
        line: 12,
        column: 5,
        code: 'TS2339',
        message:
          "Property 'experiment' does not exist on type 'X'.\n  Type 'Y' is not assignable to type 'Z'.",
      },
      { file: 'examples/b.ts', line: 1, column: 1, code: 'TS2307', message: "Cannot find module './c'." },
      { file: '', line: 0, column: 0, code: 'TS5083', message: "Cannot read file 'tsconfig.json'." },
    ]);
  });
});
