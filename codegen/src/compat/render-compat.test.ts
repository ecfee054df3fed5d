import { type CompatReport, renderCompat } from './render-compat';

const summary = {
  breaking: 1,
  nonBreaking: 0,
  operationsAdded: 0,
  operationsRemoved: 1,
  definitionsAdded: 0,
  definitionsRemoved: 0,
};

function report(errors: CompatReport['typeCheck']['errors']): CompatReport {
  return {
    spec: 'new.json',
    baseline: 'openapi/determined-0.38.1.swagger.json',
    checked: ['packages/client/src', 'examples'],
    typeCheck: { clean: errors.length === 0, errors },
    affected: [],
    diff: summary,
    result: errors.length === 0 ? 'compatible' : 'broken',
  };
}

const error = (file: string, member: string) => ({
  file,
  line: 3,
  column: 7,
  code: 'TS2339',
  message: "Property 'x' does not exist.\n  more detail",
  member,
});

describe('the compat report in markdown', () => {
  it('separates errors in the facade and examples from those in packages they import', () => {
    const text = renderCompat(
      report([error('packages/client/src/a.ts', 'getA'), error('packages/mock-master/src/b.ts', 'serveB')]),
    );
    expect(text).toContain('2 error(s) in 2 file(s):');
    expect(text).toContain(
      "In packages/client/src and examples:\n- `packages/client/src/a.ts:3:7` in `getA`: TS2339 Property 'x' does not exist.",
    );
    expect(text).toContain('In packages they import:\n- `packages/mock-master/src/b.ts:3:7` in `serveB`');
    expect(text).not.toContain('more detail');
    expect(text).toContain('Result: BROKEN');
  });

  it('says clean and compatible when nothing fails', () => {
    const text = renderCompat(report([]));
    expect(text).toContain('against the regenerated bindings\n\nClean.');
    expect(text).toContain('None: no facade method names a changed or removed operation or definition.');
    expect(text).toContain('Result: compatible');
  });
});
