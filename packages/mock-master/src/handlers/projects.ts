import { alreadyExists, failedPrecondition, invalidArgument } from '../errors';
import type { Handler } from '../server/types';
import type { JsonObject, Note } from '../state/records';
import { renderProject } from '../state/render';
import { body, ok, pathInt } from './util';
import { deleteProjectExperiments } from './workspaces';

function archiveProject(archived: boolean): Handler {
  return (req, { state }) => {
    const p = state.project(pathInt(req, 'id'));
    if (p.immutable) throw failedPrecondition(`project (${p.id}) is immutable`);
    if (archived && state.workspace(p.workspaceId).archived)
      throw failedPrecondition(`workspace of project (${p.id}) is archived`);
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
    if (p.immutable) throw failedPrecondition(`project (${p.id}) is immutable and cannot be deleted`);
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
