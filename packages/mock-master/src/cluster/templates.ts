import { alreadyExists, invalidArgument, notFound } from '../errors';
import type { JsonObject } from '../state/records';
import type { Wire } from './types';

/**
 * Config templates. Their configs live in the mock state's `templates` map (what experiment
 * creation and scenarios use); this store adds the owning workspace of each.
 */
export class TemplateStore {
  private readonly workspaces = new Map<string, number>();

  constructor(private readonly configs: Map<string, JsonObject>) {}

  /** Every template in name order, as `v1Template`. */
  list(): Wire['v1Template'][] {
    return [...this.configs.keys()].sort().map((name) => this.get(name));
  }

  /** A template as `v1Template`, or NotFound with the master's message. */
  get(name: string): Wire['v1Template'] {
    const config = this.configs.get(name);
    if (!config) throw notFound(`template '${name}' not found`);
    return { name, config: structuredClone(config), workspaceId: this.workspaces.get(name) ?? 1 };
  }

  /** The config of a template (for tasks launched with `templateName`). */
  config(name: string): JsonObject {
    return this.get(name).config;
  }

  /** Creates (or, with `upsert`, replaces) a template. */
  put(
    template: { name: string; config: JsonObject; workspaceId: number },
    upsert: boolean,
  ): Wire['v1Template'] {
    if (template.name === '') throw invalidArgument('name is required');
    if (!upsert && this.configs.has(template.name))
      throw alreadyExists(`template '${template.name}' already exists`);
    this.configs.set(template.name, structuredClone(template.config));
    this.workspaces.set(template.name, template.workspaceId || 1);
    return this.get(template.name);
  }

  /** Replaces the config of an existing template. */
  setConfig(name: string, config: JsonObject): Wire['v1Template'] {
    const current = this.get(name);
    this.configs.set(name, structuredClone(config));
    return { ...current, config: structuredClone(config) };
  }

  /** Renames a template. */
  rename(oldName: string, newName: string): Wire['v1Template'] {
    if (newName === '') throw invalidArgument('name is required');
    const current = this.get(oldName);
    if (this.configs.has(newName)) throw alreadyExists(`template '${newName}' already exists`);
    this.configs.delete(oldName);
    this.workspaces.delete(oldName);
    return this.put({ ...current, name: newName }, false);
  }

  /** Deletes the templates of a workspace (when the workspace is deleted). */
  deleteInWorkspace(workspaceId: number): void {
    for (const name of [...this.configs.keys()]) {
      if ((this.workspaces.get(name) ?? 1) === workspaceId) this.delete(name);
    }
  }

  /** Deletes a template. */
  delete(name: string): void {
    this.get(name);
    this.configs.delete(name);
    this.workspaces.delete(name);
  }
}
