import { collect } from '../../core/collect';
import { InvalidArgumentError } from '../../core/errors';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationBody, OperationResult } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { Experiment } from '../experiments/experiment';

type ApiProject = OperationResult<'GetProject'>['project'];
type ApiNote = OperationResult<'GetProject'>['project']['notes'][number];

/** A project note: exactly a name and its contents. */
export interface ProjectNote {
  /** The note's title. */
  name: string;
  /** The note's Markdown text. */
  contents: string;
}

function toNote(note: ApiNote): ProjectNote {
  return { name: note.name, contents: note.contents };
}

/**
 * A project. Attributes are a cached copy (`null` until hydrated by `Project.fromApi` or
 * `reload()`); setters change them only after the master accepted the change, taking the value
 * the master answers with.
 */
export class Project {
  /** Project ID. */
  readonly id: number;
  /** Whether the project is archived (read-only and hidden from default listings). */
  archived: boolean | null = null;
  /** Free-text description. */
  description: string | null = null;
  /** Number of its experiments that are active (Python `n_active_experiments`). */
  nActiveExperiments: number | null = null;
  /** Number of its experiments (Python `n_experiments`). */
  nExperiments: number | null = null;
  /** Project name, unique within its workspace. */
  name: string | null = null;
  /** Its notes, in order. */
  notes: ProjectNote[] | null = null;
  /** ID of the workspace that holds the project. */
  workspaceId: number | null = null;
  /** Owner of the project. */
  username: string | null = null;
  /** Short key of the project. */
  key: string | null = null;
  readonly #session: Session;

  /** A project by id (no request). */
  constructor(session: Session, projectId: number) {
    this.#session = session;
    this.id = projectId;
  }

  /** A project hydrated from the API object. */
  static fromApi(raw: ApiProject, session: Session): Project {
    const project = new Project(session, raw.id);
    project.#hydrate(raw);
    return project;
  }

  #hydrate(raw: ApiProject): void {
    this.archived = raw.archived;
    this.description = raw.description ?? null;
    this.nActiveExperiments = raw.numActiveExperiments;
    this.nExperiments = raw.numExperiments;
    this.name = raw.name;
    this.notes = raw.notes.map(toNote);
    this.workspaceId = raw.workspaceId;
    this.username = raw.username;
    this.key = raw.key;
  }

  get #byId(): { path: { id: number } } {
    return { path: { id: this.id } };
  }

  async #fetch(options: MethodOptions): Promise<ApiProject> {
    const response = await this.#session.call('GetProject', this.#byId, callOptions(options));
    return response.project;
  }

  /** `GET /api/v1/projects/{id}`: refresh every attribute. */
  async reload(options: MethodOptions = {}): Promise<void> {
    this.#hydrate(await this.#fetch(options));
  }

  /** Lazily page through the project's experiments (`GET /api/v1/experiments?projectId=`). */
  iterExperiments(options: MethodOptions = {}): AsyncIterable<Experiment> {
    const session = this.#session;
    const projectId = this.id;
    return (async function* () {
      const experiments = paginateItems(
        (offset) => session.call('GetExperiments', { query: { projectId, offset } }, callOptions(options)),
        (page) => page.experiments,
      );
      for await (const raw of experiments) yield Experiment.fromApi(raw, session);
    })();
  }

  /** Every experiment of the project (all pages). */
  async listExperiments(options: MethodOptions = {}): Promise<Experiment[]> {
    return collect(this.iterExperiments(options));
  }

  /** `PATCH` the description; the local value becomes the master's answer. */
  async setDescription(description: string, options: MethodOptions = {}): Promise<void> {
    this.description = (await this.#patch({ description }, options)).description ?? null;
  }

  /** `PATCH` the key; the local value becomes the master's answer. */
  async setKey(key: string, options: MethodOptions = {}): Promise<void> {
    this.key = (await this.#patch({ key }, options)).key;
  }

  /** `PATCH` the name; the local value becomes the master's answer. */
  async setName(name: string, options: MethodOptions = {}): Promise<void> {
    this.name = (await this.#patch({ name }, options)).name;
  }

  async #patch(body: OperationBody<'PatchProject'>, options: MethodOptions): Promise<ApiProject> {
    const response = await this.#session.call('PatchProject', { ...this.#byId, body }, callOptions(options));
    return response.project;
  }

  /** `POST /api/v1/projects/{id}/archive`; `archived` becomes true after success. */
  async archive(options: MethodOptions = {}): Promise<void> {
    await this.#session.call('ArchiveProject', this.#byId, callOptions(options));
    this.archived = true;
  }

  /** `POST /api/v1/projects/{id}/unarchive`; `archived` becomes false after success. */
  async unarchive(options: MethodOptions = {}): Promise<void> {
    await this.#session.call('UnarchiveProject', this.#byId, callOptions(options));
    this.archived = false;
  }

  /**
   * Append a note: the master has no single-note call, so this fetches the current notes, appends
   * `{name, contents}` and `PUT`s the list; `notes` then holds the master's answer (which may
   * include changes made elsewhere since the last reload).
   */
  async addNote(name: string, contents: string, options: MethodOptions = {}): Promise<void> {
    const fresh = (await this.#fetch(options)).notes.map(toNote);
    await this.#putNotes([...fresh, { name, contents }], options);
  }

  /**
   * Remove the note named `name` (fetch, remove, `PUT`, like `addNote`).
   * @throws InvalidArgumentError when no note or several notes have that name (use the web UI then).
   */
  async removeNote(name: string, options: MethodOptions = {}): Promise<void> {
    const fresh = (await this.#fetch(options)).notes.map(toNote);
    const matches = fresh.filter((note) => note.name === name);
    if (matches.length === 0) throw new InvalidArgumentError(`No note with name '${name}' found to remove.`);
    if (matches.length > 1) {
      throw new InvalidArgumentError(
        `Multiple notes with name '${name}' found. Use the web UI to perform this action.`,
      );
    }
    await this.#putNotes(
      fresh.filter((note) => note.name !== name),
      options,
    );
  }

  async #putNotes(notes: readonly ProjectNote[], options: MethodOptions): Promise<void> {
    const response = await this.#session.call(
      'PutProjectNotes',
      { path: { projectId: this.id }, body: { notes, projectId: this.id } },
      callOptions(options),
    );
    this.notes = response.notes.map(toNote);
  }
}
