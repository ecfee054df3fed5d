import { emitOperationVersions, operationVersions } from './emit-versions';
import type { HistorySpec } from './history';

function spec(version: string, ids: string[]): HistorySpec {
  return { version, file: `determined-${version}.swagger.json`, sha256: version, operationIds: new Set(ids) };
}

describe('each operation’s first master version', () => {
  const history = [spec('0.38.1', ['A', 'B', 'C']), spec('0.36.0', ['A']), spec('0.37.0', ['A', 'B'])];

  it('is the oldest history version that has the operation, history read in version order', () => {
    const { knownVersions, since } = operationVersions({
      operationIds: ['A', 'B', 'C', 'D'],
      specVersion: '0.38.1',
      history,
    });
    expect(knownVersions).toEqual(['0.36.0', '0.37.0', '0.38.1']);
    expect(Object.fromEntries(since)).toEqual({ A: '0.36.0', B: '0.37.0', C: '0.38.1', D: '0.38.1' });
  });

  it('ignores history newer than the spec being generated', () => {
    const { knownVersions, since } = operationVersions({
      operationIds: ['A', 'B'],
      specVersion: '0.37.0',
      history,
    });
    expect(knownVersions).toEqual(['0.36.0', '0.37.0']);
    expect(since.get('B')).toBe('0.37.0');
  });

  it('emits a module typed by OperationId with the spec’s version', () => {
    const text = emitOperationVersions({ operationIds: ['B', 'A'], specVersion: '0.37.0', history: [] });
    expect(text).toContain("import type { OperationId } from './operation-table';");
    expect(text).toContain('export const specMasterVersion = "0.37.0";');
    expect(text).toContain(
      'export const operationSince: { readonly [Id in OperationId]: string } = {\n  "A": "0.37.0",\n  "B": "0.37.0",\n};',
    );
  });
});
