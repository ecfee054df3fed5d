import { alreadyExists, invalidArgument } from '../errors';
import type { Handler } from '../server/types';
import type { JsonObject, Note } from '../state/records';
import { renderProject } from '../state/render';
import { body, ok, pathInt, userOf } from './util';
import { plainError, projectArchived, projectOwnerOrAdmin } from './workspace-rules';
import { deleteProjectExperiments } from './workspaces';

// The master archives with `UPDATE ... WHERE NOT immutable` (in an unarchived workspace).
function archiveProject(archived: boolean): Handler {
  return (req, { state }) => {
    const p = state.project(pathInt(req, 'id'));
    const verb = archived ? 'archive' : 'unarchive';
    projectOwnerOrAdmin(state, userOf(req), p, `can't ${verb} project`);
    if (state.workspace(p.workspaceId).archived)
      throw plainError(
        'This project belongs to an archived workspace. To make changes, first unarchive the workspace.',
      );
    if (p.immutable)
      throw plainError(`error ${archived ? 'archiving' : 'unarchiving'} project (${p.id}): not found`);
    p.archived = archived;
    return ok({});
  };
}

function notes(v: unknown): Note[] {
  if (!Array.isArray(v)) throw invalidArgument('notes must be a list');
  return v.map((n) => {
    const o = (n ?? {}) as JsonObject;
    return { name: String(o.name ?? ''), contents: String(o.contents ?? '') };
  });
}

/** Project handlers. */
export const projectHandlers: Readonly<Record<string, Handler>> = {
  GetProject: (req, { state }) => ok({ project: renderProject(state, state.project(pathInt(req, 'id'))) }),
  PatchProject: (req, { state }) => {
    const p = state.project(pathInt(req, 'id'));
    const b = body(req);
    if (projectArchived(state, p))
      throw plainError(`project (${p.id}) is archived and cannot have attributes updated`);
    if (p.immutable) throw plainError(`project (${p.id}) is immutable and cannot have attributes updated`);
    const user = userOf(req);
    if (typeof b.name === 'string' && b.name !== p.name)
      projectOwnerOrAdmin(state, user, p, "can't set project name");
    if (typeof b.description === 'string' && b.description !== p.description)
      projectOwnerOrAdmin(state, user, p, "can't set project name");
    if (typeof b.name === 'string') {
      if (b.name.trim() === '') throw invalidArgument('project name must not be empty');
      const clash = [...state.projects.values()].some(
        (o) => o !== p && o.workspaceId === p.workspaceId && o.name === b.name,
      );
      if (clash) throw alreadyExists(`project "${b.name}" already exists`);
      p.name = b.name;
    }
    if (typeof b.description === 'string') p.description = b.description;
    if (typeof b.key === 'string' && b.key !== '') p.key = b.key;
    return ok({ project: renderProject(state, p) });
  },
  DeleteProject: (req, { state }) => {
    const p = state.project(pathInt(req, 'id'));
    projectOwnerOrAdmin(state, userOf(req), p, "can't delete project");
    if (p.immutable)
      throw plainError(`project (${p.id}) does not exist or not deletable by this user: not found`);
    const completed = deleteProjectExperiments(state, new Set([p.id]));
    state.projects.delete(p.id);
    return ok({ completed });
  },
  ArchiveProject: archiveProject(true),
  UnarchiveProject: archiveProject(false),
  PutProjectNotes: (req, { state }) => {
    const p = state.project(pathInt(req, 'projectId'));
    p.notes = notes(body(req).notes);
    return ok({ notes: structuredClone(p.notes) });
  },
};
