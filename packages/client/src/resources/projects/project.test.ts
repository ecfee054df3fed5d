import type { components } from '@determined-ts/bindings';

import { BadRequestError, InvalidArgumentError } from '../../core/errors';
import type { LazySession } from '../../core/session';
import {
  errorReply,
  experimentFixture,
  fullPage,
  loadFixture,
  useHarness,
} from '../../testing/domain-fixtures';
import { Project } from './project';

type Schemas = components['schemas'];

const harness = useHarness();
const PATH = '/api/v1/projects/1090';

function projectFixture(overrides: Partial<Schemas['v1Project']> = {}): Schemas['v1Project'] {
  return { ...loadFixture<Schemas['v1GetProjectResponse']>('project.json').project, ...overrides };
}

function hydrated(session: LazySession, overrides: Partial<Schemas['v1Project']> = {}): Project {
  return Project.fromApi(projectFixture(overrides), session);
}

const notes = (...names: string[]) => names.map((name) => ({ name, contents: '' }));

describe('Project (upstream test_project.py)', () => {
  it('scenario 44: setName() keeps the old name when the PATCH answers 400', async () => {
    const { session } = await harness([{ method: 'PATCH', path: PATH, reply: errorReply(400) }]);
    const project = hydrated(session, { name: 'test_project_name' });
    await expect(project.setName('new_project_name')).rejects.toBeInstanceOf(BadRequestError);
    expect(project.name).toBe('test_project_name');
  });

  it('scenario 45: removeNote() of a name no fresh note has raises InvalidArgumentError', async () => {
    const { session, server } = await harness([
      {
        method: 'GET',
        path: PATH,
        reply: { json: { project: projectFixture({ notes: notes('sample_name') }) } },
      },
    ]);
    await expect(hydrated(session).removeNote('nonexistent_note_name')).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(server.requestsTo('PUT', `${PATH}/notes`)).toHaveLength(0);
  });

  it('scenario 46: removeNote() of a name three notes share raises InvalidArgumentError', async () => {
    const repeated = notes('repeated_note_name', 'repeated_note_name', 'repeated_note_name');
    const { session, server } = await harness([
      { method: 'GET', path: PATH, reply: { json: { project: projectFixture({ notes: repeated }) } } },
    ]);
    await expect(hydrated(session).removeNote('repeated_note_name')).rejects.toThrow(/Use the web UI/);
    expect(server.requestsTo('PUT', `${PATH}/notes`)).toHaveLength(0);
  });

  it('hydrates every attribute from the API object', async () => {
    const { session } = await harness([]);
    expect(hydrated(session)).toMatchObject({
      id: 1090,
      archived: false,
      description: '',
      nActiveExperiments: 0,
      nExperiments: 0,
      name: 'CAPS',
      notes: [
        { name: 'note name', contents: 'note body line 1\nnote body line 2' },
        { name: 'second note', contents: '' },
      ],
      workspaceId: 859,
      username: 'determined',
      key: 'cap1',
    });
  });

  it('setDescription(), setKey() and setName() patch one field and keep what the master answers', async () => {
    const { session, server } = await harness([
      {
        method: 'PATCH',
        path: PATH,
        reply: (r) => ({ json: { project: projectFixture({ ...(r.body as object), name: 'from-server' }) } }),
      },
    ]);
    const project = hydrated(session);
    await project.setDescription('d');
    await project.setKey('k');
    await project.setName('mine');
    expect(server.requests.map((r) => r.body)).toEqual([
      { description: 'd' },
      { key: 'k' },
      { name: 'mine' },
    ]);
    expect(project).toMatchObject({ description: 'd', key: 'k', name: 'from-server' });
  });

  it('archive() and unarchive() change archived only after the master accepted', async () => {
    const { session } = await harness([
      { method: 'POST', path: `${PATH}/archive`, reply: [{ json: {} }, errorReply(400)] },
      { method: 'POST', path: `${PATH}/unarchive`, reply: errorReply(400) },
    ]);
    const project = hydrated(session);
    await project.archive();
    expect(project.archived).toBe(true);
    await expect(project.unarchive()).rejects.toBeInstanceOf(BadRequestError);
    expect(project.archived).toBe(true);
  });

  it('addNote() appends to the fresh notes and keeps the notes the PUT answers', async () => {
    const { session, server } = await harness([
      { method: 'GET', path: PATH, reply: { json: { project: projectFixture({ notes: notes('a') }) } } },
      {
        method: 'PUT',
        path: `${PATH}/notes`,
        reply: (r) => ({ json: { notes: (r.body as { notes: unknown }).notes } }),
      },
    ]);
    const project = hydrated(session);
    await project.addNote('b', 'text');
    expect(server.requestsTo('PUT', `${PATH}/notes`)[0]?.body).toEqual({
      notes: [
        { name: 'a', contents: '' },
        { name: 'b', contents: 'text' },
      ],
      projectId: 1090,
    });
    expect(project.notes).toEqual([
      { name: 'a', contents: '' },
      { name: 'b', contents: 'text' },
    ]);
  });

  it('removeNote() puts the fresh notes without the one removed', async () => {
    const { session, server } = await harness([
      { method: 'GET', path: PATH, reply: { json: { project: projectFixture({ notes: notes('a', 'b') }) } } },
      { method: 'PUT', path: `${PATH}/notes`, reply: { json: { notes: notes('b') } } },
    ]);
    const project = hydrated(session);
    await project.removeNote('a');
    expect(server.requestsTo('PUT', `${PATH}/notes`)[0]?.body).toEqual({
      notes: notes('b'),
      projectId: 1090,
    });
    expect(project.notes).toEqual(notes('b'));
  });

  it('listExperiments() pages GET /api/v1/experiments?projectId=', async () => {
    const { session, server } = await harness([
      { method: 'GET', path: '/api/v1/experiments', reply: fullPage('experiments', [experimentFixture()]) },
    ]);
    const experiments = await hydrated(session).listExperiments();
    expect(experiments.map((e) => e.id)).toEqual([1]);
    expect(server.requests[0]?.query).toEqual({ projectId: ['1090'], offset: ['0'] });
  });

  it('reload() refreshes the attributes of a project built from an id', async () => {
    const { session } = await harness([
      { method: 'GET', path: PATH, reply: { json: { project: projectFixture() } } },
    ]);
    const project = new Project(session, 1090);
    expect(project.name).toBeNull();
    await project.reload();
    expect(project.name).toBe('CAPS');
  });
});
