import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, spec0370, spec0381 } from '@test-support/vendored';
import { diffSpecs } from './diff-command';
import { renderMarkdown } from './render';

// Two Swagger → OpenAPI conversions of 260-operation specs on a shared 2-core machine.
jest.setTimeout(120_000);

interface RawSwagger {
  paths: Record<string, Record<string, { operationId?: string }>>;
  definitions: Record<string, unknown>;
}

/** operationIds and definition names straight from the raw JSON, without any codegen module. */
function raw(file: string): { operations: Set<string>; definitions: Set<string> } {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as RawSwagger;
  const operations = new Set<string>();
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method !== 'parameters') operations.add(op.operationId ?? `${method} ${route}`);
    }
  }
  return { operations, definitions: new Set(Object.keys(spec.definitions)) };
}

const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

describe('diff of the vendored 0.37.0 and 0.38.1 specs', () => {
  const old = raw(spec0370);
  const next = raw(spec0381);
  let report: Awaited<ReturnType<typeof diffSpecs>>;

  beforeAll(async () => {
    report = await diffSpecs(spec0370, spec0381);
  });

  const names = (kind: string) =>
    report.changes
      .filter((change) => change.kind === kind)
      .map((change) => change.name)
      .sort();

  it('names every operation added and removed between the raw files', () => {
    expect(names('operation-removed')).toEqual(minus(old.operations, next.operations));
    expect(names('operation-added')).toEqual(minus(next.operations, old.operations));
    expect(names('operation-removed')).toContain('GetSearcherEvents');
    expect(names('operation-added')).toContain('PostAccessToken');
  });

  it('names every definition added and removed between the raw files', () => {
    expect(names('definition-removed')).toEqual(minus(old.definitions, next.definitions));
    expect(names('definition-added')).toEqual(minus(next.definitions, old.definitions));
  });

  it('classifies removals as breaking and additions as non-breaking', () => {
    for (const change of report.changes) {
      if (change.kind.endsWith('-removed')) expect(change).toMatchObject({ breaking: true });
      if (change.kind === 'operation-added' || change.kind === 'definition-added')
        expect(change).toMatchObject({ breaking: false });
    }
    expect(report.summary.breaking).toBe(report.changes.filter((c) => c.breaking).length);
  });

  it('finds field renames and new query parameters inside kept operations and definitions', () => {
    const details = report.changes.map((change) => `${change.name}: ${change.detail}`);
    expect(details).toContain('trialv1Trial: field logSignal (string) removed');
    expect(details).toContain('TrialLogs: parameter query:enableRegex (boolean) added');
  });

  it('renders markdown with a summary and each change tagged breaking or non-breaking', () => {
    const text = renderMarkdown(report);
    expect(text).toContain(`| breaking changes | ${report.summary.breaking} |`);
    expect(text).toContain(
      '- `GetSearcherEvents` removed (was GET /api/v1/experiments/{experimentId}/searcher_events) — **breaking**',
    );
    expect(text).toContain('- `GetAccessTokens` added: GET /api/v1/tokens — non-breaking');
  });

  it('matches the reports committed in openapi/diffs (regenerate them with determined-codegen diff --out)', () => {
    const relative = {
      ...report,
      old: { ...report.old, source: 'openapi/determined-0.37.0.swagger.json' },
      new: { ...report.new, source: 'openapi/determined-0.38.1.swagger.json' },
    };
    const committed = (name: string) => readFileSync(path.join(repoRoot, 'openapi', 'diffs', name), 'utf8');
    expect(committed('0.37.0-to-0.38.1.md')).toBe(renderMarkdown(relative));
    expect(committed('0.37.0-to-0.38.1.json')).toBe(`${JSON.stringify(relative, null, 2)}\n`);
  });
});
