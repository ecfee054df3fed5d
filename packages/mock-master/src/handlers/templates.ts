import { invalidArgument, notFound } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { isJsonObject } from '../state/records';
import { ordered, reply } from './cluster-util';
import { pageOf } from './paging';
import { body, ilike, ok, pathStr, qIntList, qStr } from './util';

function templateBody(req: MockRequest, state: MockState) {
  const b = body(req);
  const name = pathStr(req, 'template.name');
  if (typeof b.name === 'string' && b.name !== '' && b.name !== name)
    throw invalidArgument(`template name in body (${b.name}) does not match the path (${name})`);
  const workspaceId = typeof b.workspaceId === 'number' && b.workspaceId > 0 ? b.workspaceId : 1;
  if (!state.workspaces.has(workspaceId)) throw notFound(`workspace '${workspaceId}' not found`);
  return { name, config: isJsonObject(b.config) ? b.config : {}, workspaceId };
}

/** Config templates: CRUD, rename, and listing (they apply when an experiment or task names one). */
export const templateHandlers: Readonly<Record<string, Handler>> = {
  GetTemplates: (req, { state }) => {
    const name = qStr(req, 'name');
    const workspaces = new Set(qIntList(req, 'workspaceIds'));
    const list = state.cluster.templates
      .list()
      .filter((t) => ilike(t.name, name))
      .filter((t) => workspaces.size === 0 || workspaces.has(t.workspaceId));
    const { page, pagination } = pageOf(
      ordered(list, (t) => t.name, qStr(req, 'orderBy')),
      req,
    );
    return reply('v1GetTemplatesResponse', { templates: page, pagination });
  },
  GetTemplate: (req, { state }) =>
    ok({ template: state.cluster.templates.get(pathStr(req, 'templateName')) }),
  PostTemplate: (req, { state }) =>
    ok({ template: state.cluster.templates.put(templateBody(req, state), false) }),
  PutTemplate: (req, { state }) =>
    ok({ template: state.cluster.templates.put(templateBody(req, state), true) }),
  PatchTemplateConfig: (req, { state }) => {
    const config = body(req);
    return reply('v1PatchTemplateConfigResponse', {
      template: state.cluster.templates.setConfig(pathStr(req, 'templateName'), config),
    });
  },
  PatchTemplateName: (req, { state }) => {
    const b = body(req);
    return reply('v1PatchTemplateNameResponse', {
      template: state.cluster.templates.rename(String(b.oldName ?? ''), String(b.newName ?? '')),
    });
  },
  DeleteTemplate: (req, { state }) => {
    state.cluster.templates.delete(pathStr(req, 'templateName'));
    return ok({});
  },
};
