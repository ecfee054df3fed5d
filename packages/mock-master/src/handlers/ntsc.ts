import { modelDefinitionTgz } from '../archive';
import type { ClusterState } from '../cluster/cluster-state';
import { renderCommand, renderNotebook, renderShell, renderTensorboard } from '../cluster/render-tasks';
import { mergeTaskConfig } from '../cluster/task-config-merge';
import { taskIdentity } from '../cluster/task-identity';
import type { TaskKind, TaskRecord } from '../cluster/task-records';
import type { Wire } from '../cluster/types';
import { invalidArgument, notFound } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { isJsonObject, type JsonObject } from '../state/records';
import { ordered } from './cluster-util';
import { pageOf } from './paging';
import { body, ok, pathStr, qInt, qIntList, qList, qStr, userOf } from './util';

type NtscKind = Exclude<TaskKind, 'generic'>;

interface KindInfo {
  /** Singular and plural response keys, and the path parameter of the id. */
  one: string;
  many: string;
  idParam: string;
  render: (cluster: ClusterState, task: TaskRecord) => unknown;
}

const KINDS: Readonly<Record<NtscKind, KindInfo>> = {
  command: { one: 'command', many: 'commands', idParam: 'commandId', render: renderCommand },
  notebook: { one: 'notebook', many: 'notebooks', idParam: 'notebookId', render: renderNotebook },
  shell: { one: 'shell', many: 'shells', idParam: 'shellId', render: renderShell },
  tensorboard: {
    one: 'tensorboard',
    many: 'tensorboards',
    idParam: 'tensorboardId',
    render: renderTensorboard,
  },
};

const SORT_KEYS: Readonly<Record<string, (t: TaskRecord) => string | number>> = {
  SORT_BY_UNSPECIFIED: (t) => t.launchedMs,
  SORT_BY_ID: (t) => t.taskId,
  SORT_BY_DESCRIPTION: (t) => t.description,
  SORT_BY_START_TIME: (t) => t.launchedMs,
  SORT_BY_WORKSPACE_ID: (t) => t.workspaceId,
};

// The master launches into an existing, unarchived workspace (an archived one is not found).
function workspaceOf(state: MockState, id: number | null | undefined): number {
  const workspaceId = id || 1;
  const ws = state.workspaces.get(workspaceId);
  if (!ws || ws.archived) throw notFound(`workspace '${workspaceId}' not found`);
  return workspaceId;
}

function tensorboardSources(
  state: MockState,
  b: JsonObject,
): { experimentIds: number[]; trialIds: number[] } {
  const experimentIds = Array.isArray(b.experimentIds) ? b.experimentIds.map(Number) : [];
  const trialIds = Array.isArray(b.trialIds) ? b.trialIds.map(Number) : [];
  if (experimentIds.length === 0 && trialIds.length === 0 && !isJsonObject(b.filters))
    throw invalidArgument('must set experiment or trial ids');
  for (const id of experimentIds) state.experiment(id);
  for (const id of trialIds) state.trial(id);
  return { experimentIds, trialIds };
}

function launch(kind: NtscKind): Handler {
  const info = KINDS[kind];
  return async (req: MockRequest, { state, users }) => {
    const b = body(req);
    // The gateway accepts a field by its proto name as well as by its JSON name (the det CLI
    // sends `template_name`).
    const named = b.templateName ?? b.template_name;
    const templateName = typeof named === 'string' && named !== '' ? named : null;
    const own = isJsonObject(b.config) ? b.config : {};
    const config = mergeTaskConfig(
      templateName === null ? null : state.cluster.templates.config(templateName),
      own,
    );
    const files = (Array.isArray(b.files) ? b.files : []) as Wire['v1File'][];
    const sources = kind === 'tensorboard' ? tensorboardSources(state, b) : {};
    const user = userOf(req);
    const workspaceId = workspaceOf(state, typeof b.workspaceId === 'number' ? b.workspaceId : null);
    const { task, warnings } = state.cluster.launch(
      {
        kind,
        config,
        owner: { id: user.id, username: user.username, displayName: user.displayName },
        identity: taskIdentity({
          user: users.getById(user.id) === null ? undefined : users.toApi(user.id).agentUserGroup,
          workspace: state.workspaces.get(workspaceId)?.agentUserGroup ?? null,
        }),
        workspaceId,
        contextTgz: files.length > 0 ? (await modelDefinitionTgz(files)).toString('base64') : '',
        ...sources,
      },
      { preview: b.preview === true },
    );
    return ok({ [info.one]: info.render(state.cluster, task), config: task.config, warnings });
  };
}

function lookup(state: MockState, kind: NtscKind, req: MockRequest): TaskRecord {
  state.sync();
  return state.cluster.task(pathStr(req, KINDS[kind].idParam), kind);
}

function handlersFor(
  kind: NtscKind,
  names: { list: string; get: string; launch: string; kill: string; priority: string },
) {
  const info = KINDS[kind];
  const list: Handler = (req, { state }) => {
    state.sync();
    const users = new Set(qList(req, 'users'));
    const userIds = new Set(qIntList(req, 'userIds'));
    const workspaceId = qInt(req, 'workspaceId');
    if (workspaceId && !state.workspaces.has(workspaceId))
      throw notFound(`workspace '${workspaceId}' not found`);
    const key = SORT_KEYS[qStr(req, 'sortBy') ?? 'SORT_BY_UNSPECIFIED'] ?? SORT_KEYS.SORT_BY_ID;
    // The master lists the tasks its command service holds: an exited one is unregistered
    // (it can still be fetched by id).
    const tasks = state.cluster
      .tasksOf(kind)
      .filter((t) => state.cluster.isActive(t))
      .filter((t) => users.size === 0 || users.has(t.owner.username))
      .filter((t) => userIds.size === 0 || userIds.has(t.owner.id))
      .filter((t) => !workspaceId || t.workspaceId === workspaceId);
    const { page, pagination } = pageOf(
      ordered(tasks, key ?? ((t) => t.launchedMs), qStr(req, 'orderBy')),
      req,
    );
    return ok({ [info.many]: page.map((t) => info.render(state.cluster, t)), pagination });
  };
  return {
    [names.list]: list,
    [names.launch]: launch(kind),
    [names.get]: ((req, { state }) => {
      const task = lookup(state, kind, req);
      return ok({ [info.one]: info.render(state.cluster, task), config: task.config });
    }) satisfies Handler,
    [names.kill]: ((req, { state }) => {
      const task = lookup(state, kind, req);
      state.cluster.kill(task);
      return ok({ [info.one]: info.render(state.cluster, task) });
    }) satisfies Handler,
    [names.priority]: ((req, { state }) => {
      const task = lookup(state, kind, req);
      const priority = Number(body(req).priority ?? 0);
      state.cluster.jobs.setPriority(task.jobId, priority);
      return ok({ [info.one]: info.render(state.cluster, task) });
    }) satisfies Handler,
  };
}

/** Commands, notebooks, shells and tensorboards: launch, get, list, kill, set priority. */
export const ntscHandlers: Readonly<Record<string, Handler>> = {
  ...handlersFor('command', {
    list: 'GetCommands',
    get: 'GetCommand',
    launch: 'LaunchCommand',
    kill: 'KillCommand',
    priority: 'SetCommandPriority',
  }),
  ...handlersFor('notebook', {
    list: 'GetNotebooks',
    get: 'GetNotebook',
    launch: 'LaunchNotebook',
    kill: 'KillNotebook',
    priority: 'SetNotebookPriority',
  }),
  ...handlersFor('shell', {
    list: 'GetShells',
    get: 'GetShell',
    launch: 'LaunchShell',
    kill: 'KillShell',
    priority: 'SetShellPriority',
  }),
  ...handlersFor('tensorboard', {
    list: 'GetTensorboards',
    get: 'GetTensorboard',
    launch: 'LaunchTensorboard',
    kill: 'KillTensorboard',
    priority: 'SetTensorboardPriority',
  }),
  IdleNotebook: (req, { state }) => {
    lookup(state, 'notebook', req);
    return ok({});
  },
};
