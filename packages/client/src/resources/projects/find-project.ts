/** Finding a project by workspace and project name (`Experiment.moveToProject`). */
import { InvalidArgumentError, NotFoundError } from '../../core/errors';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationResult } from '../../core/operation-types';
import type { Session } from '../../core/session';
import { operationPath } from '../../core/typed-call';

type ApiProject = OperationResult<'GetProject'>['project'];

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
  const workspaces = await session.call(
    'GetWorkspaces',
    { query: { name: names.workspaceName } },
    callOptions(options),
  );
  const [workspace, ...others] = workspaces.workspaces;
  if (workspace === undefined) {
    const message = `No workspace found with name ${names.workspaceName}`;
    throw new NotFoundError({ status: 404, method: 'GET', path: operationPath('GetWorkspaces'), message });
  }
  if (others.length > 0) {
    throw new InvalidArgumentError(`More than one workspace matches the name ${names.workspaceName}`);
  }
  const params = { path: { id: workspace.id }, query: { name: names.projectName } };
  const projects = await session.call('GetWorkspaceProjects', params, callOptions(options));
  const [project] = projects.projects;
  if (project === undefined) {
    const message = `Project '${names.projectName}' not found in this workspace.`;
    const path = operationPath('GetWorkspaceProjects', params);
    throw new NotFoundError({ status: 404, method: 'GET', path, message });
  }
  return project;
}
