import { collect } from '../../core/collect';
import { InvalidArgumentError, NotFoundError } from '../../core/errors';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationResult } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { operationPath } from '../../core/typed-call';
import { Project } from '../projects/project';
import { ResourcePool } from '../resource-pools/resource-pool';

type ApiWorkspace = OperationResult<'GetWorkspace'>['workspace'];

const WORKSPACES_PATH = operationPath('GetWorkspaces');

/** Which workspace {@link Workspace.open} / `new Workspace` refers to: exactly one of the two. */
export interface WorkspaceSelector {
  /** Workspace ID; give this or `workspaceName`, not both. */
  readonly workspaceId?: number | undefined;
  /** Workspace name; give this or `workspaceId`, not both. */
  readonly workspaceName?: string | undefined;
}

/** Options of {@link Workspace.createProject}. */
export interface CreateProjectOptions extends MethodOptions {
  /** Free-text description of the new project (default: none). */
  readonly description?: string | null | undefined;
}

function checkSelector(selector: WorkspaceSelector): void {
  const hasId = selector.workspaceId !== undefined && selector.workspaceId !== null;
  const hasName = selector.workspaceName !== undefined && selector.workspaceName !== null;
  if (hasId === hasName) {
    throw new InvalidArgumentError('Workspace needs exactly one of workspaceId and workspaceName.');
  }
}

/** `GET /api/v1/workspaces?name=` (one request): the single match (the master ignores case). */
async function lookupByName(session: Session, name: string, options: MethodOptions): Promise<ApiWorkspace> {
  const response = await session.call('GetWorkspaces', { query: { name } }, callOptions(options));
  const [first, ...others] = response.workspaces;
  if (first === undefined) {
    const message = `No workspace found with name ${name}`;
    throw new NotFoundError({ status: 404, method: 'GET', path: WORKSPACES_PATH, message });
  }
  if (others.length > 0) {
    throw new InvalidArgumentError(`More than one workspace matches the name ${name}.`);
  }
  return first;
}

/**
 * A workspace. Python's constructor looks a name up immediately; since a TypeScript constructor
 * cannot wait for a request, a lookup by name is `await Workspace.byName(session, name)` (or
 * `Workspace.open(session, { workspaceName })`), and `new Workspace(session, { workspaceId })`
 * makes no request and leaves `name` `null` until `reload()`.
 */
export class Workspace {
  /** Workspace ID. */
  id: number;
  /** Workspace name, unique on the master. */
  name: string | null = null;
  readonly #session: Session;

  /**
   * A workspace by id (no request).
   * @throws InvalidArgumentError unless exactly one of `workspaceId`/`workspaceName` is given, or
   *   when only a name is given (that needs a request: use `Workspace.byName`).
   */
  constructor(session: Session, selector: { readonly workspaceId: number; readonly workspaceName?: never }) {
    checkSelector(selector);
    if (selector.workspaceId === undefined) {
      throw new InvalidArgumentError(
        'Looking a workspace up by name needs a request: use `await Workspace.byName(session, name)`.',
      );
    }
    this.#session = session;
    this.id = selector.workspaceId;
  }

  /**
   * The asynchronous equivalent of Python's `Workspace(session, workspace_id=, workspace_name=)`:
   * exactly one must be given; an id makes no request, a name is looked up
   * (`NotFoundError` when none matches).
   */
  static async open(
    session: Session,
    selector: WorkspaceSelector,
    options: MethodOptions = {},
  ): Promise<Workspace> {
    checkSelector(selector);
    if (selector.workspaceId !== undefined)
      return new Workspace(session, { workspaceId: selector.workspaceId });
    return Workspace.byName(session, selector.workspaceName ?? '', options);
  }

  /** Look a workspace up by name (`GET /api/v1/workspaces?name=`); `NotFoundError` when none matches. */
  static async byName(session: Session, name: string, options: MethodOptions = {}): Promise<Workspace> {
    return Workspace.fromApi(await lookupByName(session, name, options), session);
  }

  /** A workspace hydrated from the API object. */
  static fromApi(raw: ApiWorkspace, session: Session): Workspace {
    const workspace = new Workspace(session, { workspaceId: raw.id });
    workspace.name = raw.name;
    return workspace;
  }

  /** `GET /api/v1/workspaces/{id}`: refresh `id` and `name`. */
  async reload(options: MethodOptions = {}): Promise<void> {
    const response = await this.#session.call(
      'GetWorkspace',
      { path: { id: this.id } },
      callOptions(options),
    );
    this.id = response.workspace.id;
    this.name = response.workspace.name;
  }

  /** Lazily page through the resource pools available to this workspace. */
  iterPools(options: MethodOptions = {}): AsyncIterable<ResourcePool> {
    const session = this.#session;
    const workspaceId = this.id;
    return (async function* () {
      const names = paginateItems(
        (offset) =>
          session.call(
            'ListRPsBoundToWorkspace',
            { path: { workspaceId }, query: { offset } },
            callOptions(options),
          ),
        (page) => page.resourcePools,
      );
      for await (const name of names) yield new ResourcePool(session, { name });
    })();
  }

  /** The resource pools available to this workspace (all pages). */
  async listPools(options: MethodOptions = {}): Promise<ResourcePool[]> {
    return collect(this.iterPools(options));
  }

  /** `POST /api/v1/workspaces/{id}/projects`. */
  async createProject(name: string, options: CreateProjectOptions = {}): Promise<Project> {
    const response = await this.#session.call(
      'PostProject',
      {
        path: { workspaceId: this.id },
        body: { name, workspaceId: this.id, description: options.description ?? null },
      },
      callOptions(options),
    );
    return Project.fromApi(response.project, this.#session);
  }

  /** The first project of this workspace named `name` (one request); `NotFoundError` when none. */
  async getProject(name: string, options: MethodOptions = {}): Promise<Project> {
    const params = { path: { id: this.id }, query: { name } };
    const response = await this.#session.call('GetWorkspaceProjects', params, callOptions(options));
    const [first] = response.projects;
    if (first === undefined) {
      const message = `Project '${name}' not found in this workspace.`;
      const path = operationPath('GetWorkspaceProjects', params);
      throw new NotFoundError({ status: 404, method: 'GET', path, message });
    }
    return Project.fromApi(first, this.#session);
  }

  /** Find the project by name, then `DELETE /api/v1/projects/{id}`. */
  async deleteProject(name: string, options: MethodOptions = {}): Promise<void> {
    const project = await this.getProject(name, options);
    await this.#session.call('DeleteProject', { path: { id: project.id } }, callOptions(options));
  }

  /** Lazily page through this workspace's projects. */
  iterProjects(options: MethodOptions = {}): AsyncIterable<Project> {
    const session = this.#session;
    const id = this.id;
    return (async function* () {
      const projects = paginateItems(
        (offset) =>
          session.call('GetWorkspaceProjects', { path: { id }, query: { offset } }, callOptions(options)),
        (page) => page.projects,
      );
      for await (const raw of projects) yield Project.fromApi(raw, session);
    })();
  }

  /** Every project of this workspace (all pages). */
  async listProjects(options: MethodOptions = {}): Promise<Project[]> {
    return collect(this.iterProjects(options));
  }
}

/** `GET /api/v1/workspaces?name=` (single request): `NotFoundError("Workspace <name> not found.")` when none. */
export async function getWorkspace(
  session: Session,
  name: string,
  options: MethodOptions = {},
): Promise<Workspace> {
  try {
    return await Workspace.byName(session, name, options);
  } catch (error) {
    if (!(error instanceof NotFoundError) || error.path !== WORKSPACES_PATH) throw error;
    const message = `Workspace ${name} not found.`;
    throw new NotFoundError({ status: 404, method: 'GET', path: WORKSPACES_PATH, message });
  }
}

/** Lazily page through every workspace. */
export function iterWorkspaces(session: Session, options: MethodOptions = {}): AsyncIterable<Workspace> {
  return (async function* () {
    const workspaces = paginateItems(
      (offset) => session.call('GetWorkspaces', { query: { offset } }, callOptions(options)),
      (page) => page.workspaces,
    );
    for await (const raw of workspaces) yield Workspace.fromApi(raw, session);
  })();
}

/** Every workspace (all pages). */
export async function listWorkspaces(session: Session, options: MethodOptions = {}): Promise<Workspace[]> {
  return collect(iterWorkspaces(session, options));
}

/** `POST /api/v1/workspaces` with `{name}`. */
export async function createWorkspace(
  session: Session,
  name: string,
  options: MethodOptions = {},
): Promise<Workspace> {
  const response = await session.call('PostWorkspace', { body: { name } }, callOptions(options));
  return Workspace.fromApi(response.workspace, session);
}

/** Look the workspace up by name, then `DELETE /api/v1/workspaces/{id}`. */
export async function deleteWorkspace(
  session: Session,
  name: string,
  options: MethodOptions = {},
): Promise<void> {
  const workspace = await getWorkspace(session, name, options);
  await session.call('DeleteWorkspace', { path: { id: workspace.id } }, callOptions(options));
}
