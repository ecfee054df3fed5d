import { collect } from '../../core/collect';
import { callOptions, type MethodOptions } from '../../core/method-options';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';

/** Options of the `ResourcePool` constructor. */
export interface ResourcePoolOptions {
  /** Name of the pool (default `""`, as upstream). */
  readonly name?: string | undefined;
}

/** A resource pool and its workspace bindings. */
export class ResourcePool {
  /** Name of the pool, as in the master's `resource_pools` configuration. */
  name: string;
  readonly #session: Session;

  /** A resource pool by name (no request). */
  constructor(session: Session, options: ResourcePoolOptions = {}) {
    this.#session = session;
    this.name = options.name ?? '';
  }

  get #byName(): { path: { resourcePoolName: string } } {
    return { path: { resourcePoolName: this.name } };
  }

  /** Bind the pool to these workspaces (`POST …/workspace-bindings`). */
  async addBindings(workspaceNames: readonly string[], options: MethodOptions = {}): Promise<void> {
    await this.#session.call(
      'BindRPToWorkspace',
      { ...this.#byName, body: { resourcePoolName: this.name, workspaceNames } },
      callOptions(options),
    );
  }

  /** Unbind the pool from these workspaces (`DELETE …/workspace-bindings`). */
  async removeBindings(workspaceNames: readonly string[], options: MethodOptions = {}): Promise<void> {
    await this.#session.call(
      'UnbindRPFromWorkspace',
      { ...this.#byName, body: { resourcePoolName: this.name, workspaceNames } },
      callOptions(options),
    );
  }

  /** Make these workspaces the pool's only bindings (`PUT …/workspace-bindings`). */
  async replaceBindings(workspaceNames: readonly string[], options: MethodOptions = {}): Promise<void> {
    await this.#session.call(
      'OverwriteRPWorkspaceBindings',
      { ...this.#byName, body: { resourcePoolName: this.name, workspaceNames } },
      callOptions(options),
    );
  }

  /**
   * Lazily yield the names of the workspaces bound to the pool: the bound ids are paged from
   * `GET …/workspace-bindings` and each is resolved with `GET /api/v1/workspaces/{id}`.
   * (Upstream returns the `name` of never-loaded workspace objects, i.e. only `None`s; resolving
   * the names is a deliberate fix.)
   */
  iterWorkspaces(options: MethodOptions = {}): AsyncIterable<string> {
    const session = this.#session;
    const { path } = this.#byName;
    return (async function* () {
      const ids = paginateItems(
        (offset) =>
          session.call('ListWorkspacesBoundToRP', { path, query: { offset } }, callOptions(options)),
        (page) => page.workspaceIds,
      );
      for await (const id of ids) {
        const response = await session.call('GetWorkspace', { path: { id } }, callOptions(options));
        yield response.workspace.name;
      }
    })();
  }

  /** Names of the workspaces bound to the pool (see {@link ResourcePool.iterWorkspaces}). */
  async listWorkspaces(options: MethodOptions = {}): Promise<string[]> {
    return collect(this.iterWorkspaces(options));
  }
}
