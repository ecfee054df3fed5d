/**
 * Pieces of `Experiment` kept apart to keep the class short: trial paging, the workspace/project
 * lookup of `moveToProject` and the file written by `downloadCode`.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { components } from '@determined-ts/bindings';
import { InvalidArgumentError, NotFoundError } from './core/errors';
import { isRecord } from './core/is-record';
import { paginateItems } from './core/pagination';
import { OrderBy, parseEnum, TrialSortBy } from './facade/enums';
import { callOptions, type MethodOptions } from './method-options';
import type { Session } from './session';
import { Trial } from './trial';

type ApiProject = components['schemas']['v1Project'];

/** Options of `Experiment.iterTrials` / `listTrials`. */
export interface TrialListingOptions extends MethodOptions {
  /** Default `TrialSortBy.ID`. */
  readonly sortBy?: TrialSortBy | undefined;
  /** Default `OrderBy.ASCENDING`. */
  readonly orderBy?: OrderBy | undefined;
  /** Page size (`iterTrials` only); every page is still fetched, one at a time. */
  readonly limit?: number | undefined;
}

/** `Experiment.iterTrials`: lazy paged `GET /api/v1/experiments/{id}/trials`. */
export async function* iterExperimentTrials(
  session: Session,
  experimentId: number,
  options: TrialListingOptions,
): AsyncGenerator<Trial, void, undefined> {
  const query = {
    sortBy: parseEnum(TrialSortBy, options.sortBy ?? TrialSortBy.ID, 'trial sortBy'),
    orderBy: parseEnum(OrderBy, options.orderBy ?? OrderBy.ASCENDING, 'orderBy'),
    limit: options.limit,
  };
  const fetchPage = (offset: number) =>
    session.request<components['schemas']['v1GetExperimentTrialsResponse']>(
      'GET',
      `/api/v1/experiments/${experimentId}/trials`,
      { query: { ...query, offset }, schema: 'v1GetExperimentTrialsResponse', ...callOptions(options) },
    );
  for await (const raw of paginateItems(fetchPage, (page) => page.trials)) {
    yield Trial.fromApi(raw, session);
  }
}

/**
 * Find a project by workspace and project name as upstream does (section 8.1):
 * `GET /api/v1/workspaces?name=` (exactly one match expected, the master matches
 * case-insensitively), then `GET /api/v1/workspaces/{id}/projects?name=` (first match).
 */
export async function findProject(
  session: Session,
  names: { workspaceName: string; projectName: string },
  options?: MethodOptions,
): Promise<ApiProject> {
  const workspacesPath = '/api/v1/workspaces';
  const workspaces = await session.request<components['schemas']['v1GetWorkspacesResponse']>(
    'GET',
    workspacesPath,
    { query: { name: names.workspaceName }, schema: 'v1GetWorkspacesResponse', ...callOptions(options) },
  );
  const [workspace, ...others] = workspaces.workspaces;
  if (workspace === undefined) {
    const message = `No workspace found with name ${names.workspaceName}`;
    throw new NotFoundError({ status: 404, method: 'GET', path: workspacesPath, message });
  }
  if (others.length > 0) {
    throw new InvalidArgumentError(`More than one workspace matches the name ${names.workspaceName}`);
  }
  const projectsPath = `/api/v1/workspaces/${workspace.id}/projects`;
  const projects = await session.request<components['schemas']['v1GetWorkspaceProjectsResponse']>(
    'GET',
    projectsPath,
    { query: { name: names.projectName }, schema: 'v1GetWorkspaceProjectsResponse', ...callOptions(options) },
  );
  const [project] = projects.projects;
  if (project === undefined) {
    const message = `Project '${names.projectName}' not found in this workspace.`;
    throw new NotFoundError({ status: 404, method: 'GET', path: projectsPath, message });
  }
  return project;
}

function expandHome(dir: string): string {
  if (dir === '~') return homedir();
  if (dir.startsWith('~/') || dir.startsWith(`~${path.sep}`)) return path.join(homedir(), dir.slice(2));
  return dir;
}

/**
 * Write the base64-decoded model definition of experiment `id` to
 * `<outputDir>/exp-<id>_model_def.tar.gz` (`~` expanded, directory created; default: the current
 * directory), replacing any existing file atomically, and return the file path.
 */
export async function writeModelDefinition(id: number, b64Tgz: string, outputDir?: string): Promise<string> {
  const dir = outputDir ? expandHome(outputDir) : process.cwd();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `exp-${id}_model_def.tar.gz`);
  const partial = `${file}.partial-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(partial, Buffer.from(b64Tgz, 'base64'));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return file;
}

/** A copy of `config.integrations.pachyderm`; `InvalidArgumentError` when there is none. */
export function pachydermConfigOf(config: unknown, experimentId: number): Record<string, unknown> {
  const integrations = isRecord(config) ? config.integrations : undefined;
  const pachyderm = isRecord(integrations) ? integrations.pachyderm : undefined;
  if (!isRecord(pachyderm)) {
    throw new InvalidArgumentError(`No Pachyderm configuration found for experiment ${experimentId}.`);
  }
  return structuredClone(pachyderm);
}
