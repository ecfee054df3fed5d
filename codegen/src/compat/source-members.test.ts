import { sourceMembers } from './source-members';

const text = `import { call } from './call';

export class Experiment {
  async reload(): Promise<void> {
    const body = await call('GetExperiment', { path: { experimentId: this.id } });
    this.name = body.experiment.name;
  }
}

export async function listModels() {
  return call('GetModels', { query: { sortBy: 'SORT_BY_NAME' } });
}

const archive = (id: number) => call('ArchiveExperiment', { path: { id } });
`;

describe('naming the member around a token', () => {
  const members = sourceMembers('experiment.ts', text);
  const where = (token: string) => members.tokens.find((t) => t.text === token);

  it('names methods with their class, functions and arrow constants', () => {
    expect(where('GetExperiment')).toEqual({ text: 'GetExperiment', line: 5, member: 'Experiment.reload' });
    expect(where('GetModels')).toMatchObject({ line: 11, member: 'listModels' });
    expect(where('ArchiveExperiment')).toMatchObject({ member: 'archive' });
    expect(where('./call')).toMatchObject({ member: '(module)' });
  });

  it('names the member at a tsc error position (1-based line and column)', () => {
    expect(members.memberAt(6, 27)).toBe('Experiment.reload');
    expect(members.memberAt(11, 3)).toBe('listModels');
    expect(members.memberAt(1, 1)).toBe('(module)');
    expect(members.memberAt(999, 1)).toBe('(module)');
  });
});
