import type { components } from '@determined-ts/bindings';
import { collect } from './collect';
import { paginateItems } from './core/pagination';
import { quotePathParam } from './core/query';
import { callOptions, type MethodOptions } from './method-options';
import type { Session } from './session';

type ListWorkspacesResponse = components['schemas']['v1ListWorkspacesBoundToRPResponse'];
type GetWorkspaceResponse = components['schemas']['v1GetWorkspaceResponse'];

/** Options of the `ResourcePool` constructor. */
export interface ResourcePoolOptions {
  /** Name of the pool (default `""`, as upstream). */
  readonly name?: string | undefined;
}

/** A resource pool and its workspace bindings. */
export class ResourcePool {
  name: string;
  readonly #session: Session;

  /** A resource pool by name (no request). */
  constructor(session: Session, options: ResourcePoolOptions = {}) {
    this.#session = session;
    this.name = options.name ?? '';
  }

  get #bindingsPath(): string {
    return `/api/v1/resource-pools/${quotePathParam(this.name)}/workspace-bindings`;
  }

  /** Bind the pool to these workspaces (`POST …/workspace-bindings`). */
  async addBindings(workspaceNames: readonly string[], options: MethodOptions = {}): Promise<void> {
    await this.#changeBindings('POST', workspaceNames, options, 'v1BindRPToWorkspaceResponse');
  }

  /** Unbind the pool from these workspaces (`DELETE …/workspace-bindings`). */
  async removeBindings(workspaceNames: readonly string[], options: MethodOptions = {}): Promise<void> {
    await this.#changeBindings('DELETE', workspaceNames, options, 'v1UnbindRPFromWorkspaceResponse');
  }

  /** Make these workspaces the pool's only bindings (`PUT …/workspace-bindings`). */
  async replaceBindings(workspaceNames: readonly string[], options: MethodOptions = {}): Promise<void> {
    await this.#changeBindings('PUT', workspaceNames, options, 'v1OverwriteRPWorkspaceBindingsResponse');
  }

  async #changeBindings(
    method: string,
    workspaceNames: readonly string[],
    options: MethodOptions,
    schema: string,
  ): Promise<void> {
    await this.#session.request(method, this.#bindingsPath, {
      ...callOptions(options),
      body: { resourcePoolName: this.name, workspaceNames: [...workspaceNames] },
      schema,
    });
  }

  /**
   * Lazily yield the names of the workspaces bound to the pool: the bound ids are paged from
   * `GET …/workspace-bindings` and each is resolved with `GET /api/v1/workspaces/{id}`.
   * (Upstream returns the `name` of never-loaded workspace objects, i.e. only `None`s; resolving
   * the names is a deliberate fix.)
   */
  iterWorkspaces(options: MethodOptions = {}): AsyncIterable<string> {
    const session = this.#session;
    const path = this.#bindingsPath;
    return (async function* () {
      const ids = paginateItems(
        (offset) =>
          session.request<ListWorkspacesResponse>('GET', path, {
            ...callOptions(options),
            query: { offset },
            schema: 'v1ListWorkspacesBoundToRPResponse',
          }),
        (page) => page.workspaceIds,
      );
      for await (const id of ids) {
        const response = await session.request<GetWorkspaceResponse>('GET', `/api/v1/workspaces/${id}`, {
          ...callOptions(options),
          schema: 'v1GetWorkspaceResponse',
        });
        yield response.workspace.name;
      }
    })();
  }

  /** Names of the workspaces bound to the pool (see {@link ResourcePool.iterWorkspaces}). */
  async listWorkspaces(options: MethodOptions = {}): Promise<string[]> {
    return collect(this.iterWorkspaces(options));
  }
}
