import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { components } from '@determined-ts/bindings';

import { BadRequestError, InvalidArgumentError, NotFoundError } from '../../core/errors';
import { resetDeprecationWarnings } from '../../lib/deprecation';
import { ExperimentState } from '../../lib/enums';
import {
  errorReply,
  experimentFixture,
  fullPage,
  loadFixture,
  useHarness,
} from '../../testing/domain-fixtures';
import { Experiment, ExperimentReference } from './experiment';

type Schemas = components['schemas'];
const serve = useHarness();
const EXPERIMENT = '/api/v1/experiments/1';

function patchAnswering(overrides: Partial<Schemas['v1Experiment']>) {
  return { method: 'PATCH', path: EXPERIMENT, reply: { json: { experiment: experimentFixture(overrides) } } };
}

describe('Experiment attributes and actions (recorded fixtures)', () => {
  it('hydrates from the recorded experiment, turning an empty label list into null', async () => {
    const { session } = await serve([
      { method: 'GET', path: EXPERIMENT, reply: { json: { experiment: experimentFixture() } } },
    ]);
    const experiment = new Experiment(1, session);
    expect(experiment.state).toBeNull();
    await experiment.reload();
    expect(experiment).toMatchObject({
      id: 1,
      state: ExperimentState.COMPLETED,
      archived: false,
      name: 'gan_mnist_pytorch_const',
      labels: null,
      projectId: 1,
      description: '',
      notes: '',
      username: 'determined',
      numTrials: 0,
      startTime: new Date('2022-08-22T17:15:15Z'),
      endTime: new Date('2022-11-07T18:51:29Z'),
    });
    expect(experiment.config).toEqual(experimentFixture().config);
  });

  it('reload rejects an experiment in STATE_UNSPECIFIED and keeps the previous attributes', async () => {
    const unspecified = experimentFixture({
      state: 'STATE_UNSPECIFIED' as Schemas['experimentv1State'],
      name: 'x',
    });
    const { session } = await serve([
      { method: 'GET', path: EXPERIMENT, reply: { json: { experiment: unspecified } } },
    ]);
    const experiment = Experiment.fromApi(experimentFixture({ labels: ['a'] }), session);
    await expect(experiment.reload()).rejects.toThrow(InvalidArgumentError);
    expect(experiment.labels).toEqual(new Set(['a']));
    expect(experiment.name).toBe('gan_mnist_pytorch_const');
    expect(experiment.state).toBe(ExperimentState.COMPLETED);
  });

  it.each([
    ['name', 'setName', 'new name'],
    ['description', 'setDescription', 'new description'],
    ['notes', 'setNotes', 'new notes'],
  ] as const)(
    'scenario 17: %s via %s sends PATCH {id, <attr>: value} and keeps the value the server returns',
    async (attr, method, value) => {
      const { server, session } = await serve([patchAnswering({ [attr]: value })]);
      const experiment = new Experiment(1, session);
      await experiment[method](value);
      expect(server.requestsTo('PATCH', EXPERIMENT).map((r) => r.body)).toEqual([{ id: 1, [attr]: value }]);
      expect(experiment[attr]).toBe(value);
    },
  );

  it.each(['archive', 'unarchive'] as const)(
    'scenarios 18-19: a failing %s propagates and archived stays null',
    async (action) => {
      const { server, session } = await serve([
        { method: 'POST', path: `${EXPERIMENT}/${action}`, reply: errorReply(400) },
      ]);
      const experiment = new Experiment(1, session);
      await expect(experiment[action]()).rejects.toThrow(BadRequestError);
      expect(experiment.archived).toBeNull();
      expect(server.requestsTo('POST', `${EXPERIMENT}/${action}`)).toHaveLength(1);
    },
  );

  it('a failing setName, setLabels, addLabel or moveToProject leaves every attribute as it was', async () => {
    const { session } = await serve([
      { method: 'PATCH', path: EXPERIMENT, reply: errorReply(400) },
      { method: 'PUT', path: `${EXPERIMENT}/labels/x`, reply: errorReply(400) },
      { method: 'GET', path: '/api/v1/workspaces', reply: errorReply(400) },
    ]);
    const experiment = Experiment.fromApi(experimentFixture({ labels: ['a'] }), session);
    const before = { ...experiment };
    await expect(experiment.setName('renamed')).rejects.toThrow(BadRequestError);
    await expect(experiment.setLabels(['b'])).rejects.toThrow(BadRequestError);
    await expect(experiment.addLabel('x')).rejects.toThrow(BadRequestError);
    await expect(experiment.moveToProject('w', 'p')).rejects.toThrow(BadRequestError);
    expect({ ...experiment }).toEqual(before);
    expect(experiment.labels).toEqual(new Set(['a']));
  });

  it('archive and unarchive set archived once the master agreed', async () => {
    const { session } = await serve([
      { method: 'POST', path: `${EXPERIMENT}/archive`, reply: { json: {} } },
      { method: 'POST', path: `${EXPERIMENT}/unarchive`, reply: { json: {} } },
    ]);
    const experiment = new Experiment(1, session);
    await experiment.archive();
    expect(experiment.archived).toBe(true);
    await experiment.unarchive();
    expect(experiment.archived).toBe(false);
  });

  it('scenario 20: addLabel("label 3") PUTs the label and takes the returned set', async () => {
    const labels = ['label 1', 'label 2', 'label 3'];
    const { server, session } = await serve([
      { method: 'PUT', path: `${EXPERIMENT}/labels/label 3`, reply: { json: { labels } } },
    ]);
    const experiment = new Experiment(1, session);
    await experiment.addLabel('label 3');
    expect(experiment.labels).toEqual(new Set(labels));
    expect(server.requests[0]?.bodyText).toBe('');
  });

  it('scenario 21: removeLabel("label 4") takes the server set even though the label was missing', async () => {
    const labels = ['label 1', 'label 2', 'label 3'];
    const { session } = await serve([
      { method: 'DELETE', path: `${EXPERIMENT}/labels/label 4`, reply: { json: { labels } } },
    ]);
    const experiment = new Experiment(1, session);
    await experiment.removeLabel('label 4');
    expect(experiment.labels).toEqual(new Set(labels));
  });

  it('addLabel/removeLabel leave an empty set (not null) when the server returns no labels', async () => {
    const { session } = await serve([
      { method: 'DELETE', path: `${EXPERIMENT}/labels/x`, reply: { json: { labels: [] } } },
    ]);
    const experiment = new Experiment(1, session);
    await experiment.removeLabel('x');
    expect(experiment.labels).toEqual(new Set());
  });

  it('scenario 22: setLabels sends the list and keeps the labels of the returned experiment', async () => {
    const labels = ['label 1', 'label 2', 'label 3'];
    const { server, session } = await serve([patchAnswering({ labels })]);
    const experiment = new Experiment(1, session);
    await experiment.setLabels(new Set(['label 3', 'label 2']));
    expect(server.requests[0]?.body).toEqual({ id: 1, labels: ['label 3', 'label 2'] });
    expect(experiment.labels).toEqual(new Set(labels));
  });

  it('setLabels leaves null when the server returns no labels', async () => {
    const { session } = await serve([patchAnswering({ labels: [] })]);
    const experiment = Experiment.fromApi(experimentFixture({ labels: ['old'] }), session);
    await experiment.setLabels([]);
    expect(experiment.labels).toBeNull();
  });

  it('scenario 23: downloadCode writes the decoded model definition to exp-1_model_def.tar.gz in outputDir', async () => {
    const bytes = Buffer.from('b64TgzResponse');
    const { session } = await serve([
      {
        method: 'GET',
        path: `${EXPERIMENT}/model_def`,
        reply: { json: { b64Tgz: bytes.toString('base64') } },
      },
    ]);
    const dir = await mkdtemp(path.join(tmpdir(), 'f2-code-'));
    try {
      const outputDir = path.join(dir, 'nested', 'out');
      const file = await new Experiment(1, session).downloadCode({ outputDir });
      expect(file).toBe(path.join(outputDir, 'exp-1_model_def.tar.gz'));
      expect(await readFile(file)).toEqual(bytes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('downloadCode without outputDir writes into the current directory and returns the relative path, like Python', async () => {
    const bytes = Buffer.from('model code');
    const { session } = await serve([
      {
        method: 'GET',
        path: `${EXPERIMENT}/model_def`,
        reply: { json: { b64Tgz: bytes.toString('base64') } },
      },
    ]);
    const dir = await mkdtemp(path.join(tmpdir(), 'f2-code-cwd-'));
    const before = process.cwd();
    try {
      process.chdir(dir);
      const file = await new Experiment(1, session).downloadCode();
      expect(file).toBe('exp-1_model_def.tar.gz');
      expect(await readFile(path.join(dir, file))).toEqual(bytes);
    } finally {
      process.chdir(before);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['activate', 'POST', '/activate'],
    ['pause', 'POST', '/pause'],
    ['cancel', 'POST', '/cancel'],
    ['kill', 'POST', '/kill'],
    ['delete', 'DELETE', ''],
    ['deleteTensorboardFiles', 'DELETE', '/tensorboard-files'],
  ] as const)('%s sends %s /api/v1/experiments/1%s without a body', async (method, verb, suffix) => {
    const { server, session } = await serve([
      { method: verb, path: `${EXPERIMENT}${suffix}`, reply: { json: {} } },
    ]);
    await new Experiment(1, session)[method]();
    expect(server.requests.map((r) => [r.method, r.path, r.bodyText])).toEqual([
      [verb, `${EXPERIMENT}${suffix}`, ''],
    ]);
  });

  it('moveToProject looks up the workspace and project by name, moves, then updates projectId and workspaceId', async () => {
    const { workspace } = loadFixture<Schemas['v1GetWorkspaceResponse']>('workspace.json');
    const { project } = loadFixture<Schemas['v1GetProjectResponse']>('project.json');
    const { server, session } = await serve([
      { method: 'GET', path: '/api/v1/workspaces', reply: fullPage('workspaces', [workspace]) },
      { method: 'GET', path: '/api/v1/workspaces/1/projects', reply: fullPage('projects', [project]) },
      { method: 'POST', path: `${EXPERIMENT}/move`, reply: { json: {} } },
    ]);
    const experiment = new Experiment(1, session);
    await experiment.moveToProject('Uncategorized', 'CAPS');
    expect(server.requests.map((r) => [r.method, r.path, r.query, r.body])).toEqual([
      ['GET', '/api/v1/workspaces', { name: ['Uncategorized'] }, undefined],
      ['GET', '/api/v1/workspaces/1/projects', { name: ['CAPS'] }, undefined],
      ['POST', `${EXPERIMENT}/move`, {}, { destinationProjectId: 1090, experimentId: 1 }],
    ]);
    expect(experiment.projectId).toBe(1090);
    expect(experiment.workspaceId).toBe(859);
  });

  it('moveToProject fails with NotFoundError for an unknown project and changes nothing', async () => {
    const { workspace } = loadFixture<Schemas['v1GetWorkspaceResponse']>('workspace.json');
    const { server, session } = await serve([
      { method: 'GET', path: '/api/v1/workspaces', reply: fullPage('workspaces', [workspace]) },
      { method: 'GET', path: '/api/v1/workspaces/1/projects', reply: fullPage('projects', []) },
    ]);
    const experiment = new Experiment(1, session);
    await expect(experiment.moveToProject('Uncategorized', 'nope')).rejects.toThrow(NotFoundError);
    expect(experiment.projectId).toBeNull();
    expect(server.requestsTo('POST', `${EXPERIMENT}/move`)).toHaveLength(0);
  });

  it('getPachydermConfig reloads an unknown config and returns a copy of integrations.pachyderm', async () => {
    const pachyderm = { dataset: { repo: 'r', commit: 'c1' } };
    const config = { ...experimentFixture().config, integrations: { pachyderm } };
    const { server, session } = await serve([
      { method: 'GET', path: EXPERIMENT, reply: { json: { experiment: experimentFixture({ config }) } } },
    ]);
    const experiment = new Experiment(1, session);
    const copy = await experiment.getPachydermConfig();
    expect(copy).toEqual(pachyderm);
    copy.dataset = null;
    expect(await experiment.getPachydermConfig()).toEqual(pachyderm);
    expect(server.requests).toHaveLength(1);
  });

  it('getPachydermConfig throws InvalidArgumentError when the config has no pachyderm integration', async () => {
    const { session } = await serve([]);
    const experiment = Experiment.fromApi(experimentFixture(), session);
    await expect(experiment.getPachydermConfig()).rejects.toThrow(
      'No Pachyderm configuration found for experiment 1.',
    );
  });

  it('ExperimentReference warns once on construction and behaves like Experiment', async () => {
    resetDeprecationWarnings();
    const { session, logged } = await serve([]);
    const reference = new ExperimentReference(3, session);
    new ExperimentReference(4, session);
    expect(reference).toBeInstanceOf(Experiment);
    expect(reference.id).toBe(3);
    expect(logged.warn.filter((m) => m.includes('ExperimentReference'))).toHaveLength(1);
  });
});
