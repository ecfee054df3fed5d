import { modelDefinitionTgz } from '../archive';
import { failedPrecondition, notFound, permissionDenied } from '../errors';
import type { Handler, MockContext, MockRequest } from '../server/types';
import { applyAction, type ExperimentAction, setArchived } from '../state/lifecycle';
import type { JsonObject, ModelFile } from '../state/records';
import { body, ok, pathInt, userOf } from './util';

function action(kind: ExperimentAction): Handler {
  return (req: MockRequest, { state }: MockContext) => {
    state.sync();
    const id = pathInt(req, 'id');
    applyAction(state, state.experiment(id), state.sims.get(id), kind, state.nowMs());
    return ok({});
  };
}

function archive(archived: boolean): Handler {
  return (req: MockRequest, { state }: MockContext) => {
    state.sync();
    setArchived(state.experiment(pathInt(req, 'id')), archived);
    return ok({});
  };
}

interface FileNode {
  path: string;
  name: string;
  modifiedTime: string;
  contentLength: number;
  isDir: boolean;
  contentType: string;
  files: FileNode[];
}

function contentType(path: string): string {
  if (/\.(py|ya?ml|txt|md|json|cfg|ini|sh|toml)$/i.test(path)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

/** Builds the `v1FileNode` tree of an uploaded model definition. */
export function fileTree(files: readonly ModelFile[]): FileNode[] {
  const root: FileNode[] = [];
  const dirs = new Map<string, FileNode[]>([['', root]]);
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const parentList = (path: string): FileNode[] => {
    const idx = path.lastIndexOf('/');
    const parent = idx < 0 ? '' : path.slice(0, idx);
    const existing = dirs.get(parent);
    if (existing) return existing;
    const list = parentList(parent);
    const node: FileNode = {
      path: parent,
      name: parent.slice(parent.lastIndexOf('/') + 1),
      modifiedTime: new Date(0).toISOString(),
      contentLength: 0,
      isDir: true,
      contentType: '',
      files: [],
    };
    list.push(node);
    dirs.set(parent, node.files);
    return node.files;
  };
  for (const f of sorted) {
    const isDir = f.type === 53;
    if (isDir && dirs.has(f.path)) continue;
    const node: FileNode = {
      path: f.path,
      name: f.path.slice(f.path.lastIndexOf('/') + 1),
      modifiedTime: new Date(Number(f.mtime) * 1000).toISOString(),
      contentLength: isDir ? 0 : Buffer.byteLength(f.content, 'base64'),
      isDir,
      contentType: isDir ? '' : contentType(f.path),
      files: [],
    };
    parentList(f.path).push(node);
    if (isDir) dirs.set(f.path, node.files);
  }
  return root;
}

/** Experiment lifecycle, archive, delete and model-definition handlers. */
export const experimentActionHandlers: Readonly<Record<string, Handler>> = {
  ActivateExperiment: action('activate'),
  PauseExperiment: action('pause'),
  CancelExperiment: action('cancel'),
  KillExperiment: action('kill'),
  ArchiveExperiment: archive(true),
  UnarchiveExperiment: archive(false),
  DeleteExperiment: (req, { state }) => {
    state.sync();
    const id = pathInt(req, 'experimentId');
    const exp = state.experiment(id);
    const user = userOf(req);
    if (!user.admin && user.id !== exp.userId)
      throw permissionDenied(`user ${user.username} may not delete experiment ${id}`);
    if (!['STATE_COMPLETED', 'STATE_CANCELED', 'STATE_ERROR', 'STATE_DELETE_FAILED'].includes(exp.state)) {
      throw failedPrecondition(`cannot delete experiment ${id} in non-terminal state ${exp.state}`);
    }
    state.requestDelete(id);
    return ok({});
  },
  DeleteTensorboardFiles: (req, { state }) => {
    state.experiment(pathInt(req, 'experimentId'));
    return ok({});
  },
  GetModelDef: async (req, { state }) => {
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const tgz = await modelDefinitionTgz(exp.modelDefinition);
    return ok({ b64Tgz: tgz.toString('base64') });
  },
  GetModelDefTree: (req, { state }) => {
    const exp = state.experiment(pathInt(req, 'experimentId'));
    return ok({ files: fileTree(exp.modelDefinition) });
  },
  GetModelDefFile: (req, { state }) => {
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const path = (body(req) as JsonObject).path;
    const file = exp.modelDefinition.find((f) => f.path === path && f.type !== 53);
    if (!file) throw notFound(`file not found: ${String(path)}`);
    return ok({ file: file.content });
  },
};
