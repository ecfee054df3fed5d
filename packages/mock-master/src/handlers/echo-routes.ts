import { Readable } from 'node:stream';
import { modelDefinitionTgz } from '../archive';
import { invalidArgument, notFound } from '../errors';
import type { OperationInfo, OperationParameter } from '../server/operation-types';
import type { Handler } from '../server/types';
import type { Wire } from '../state/wire';
import type { MasterIdentity } from './master-identity';
import { allocationSummaries } from './task-view';
import { pathInt, qStr } from './util';

// The master serves a few routes with echo outside the gRPC gateway that the spec does not list
// (master/internal/core.go). They are routed like spec operations, under these pseudo-operations.

const EXPERIMENT_ID: OperationParameter = {
  name: 'experiment_id',
  in: 'path',
  required: true,
  type: 'integer',
  format: 'int32',
};

function echoOperation(
  operationId: string,
  method: OperationInfo['method'],
  path: string,
  parameters: readonly OperationParameter[] = [],
): OperationInfo {
  return {
    operationId,
    method,
    path,
    tags: ['Echo'],
    streaming: false,
    produces: ['application/json'],
    parameters,
    requestSchema: null,
    responseSchema: null,
  };
}

/** The echo routes outside the spec, keyed by their pseudo-operationId. */
export const ECHO_OPERATIONS: Readonly<Record<string, OperationInfo>> = {
  'echo-get-info': echoOperation('echo-get-info', 'get', '/info'),
  'echo-get-tasks': echoOperation('echo-get-tasks', 'get', '/tasks'),
  'echo-get-experiment-model-def': echoOperation(
    'echo-get-experiment-model-def',
    'get',
    '/experiments/{experiment_id}/model_def',
    [EXPERIMENT_ID],
  ),
};

/** Echo routes that answer without a session (`/info`, like `/health`). */
export const PUBLIC_ECHO_OPERATIONS: ReadonlySet<string> = new Set(['echo-get-info']);

/** The `/info` body: snake_case, as the master's `aproto.MasterInfo`. */
export function masterInfo(identity: MasterIdentity): Record<string, unknown> {
  return {
    version: identity.version,
    master_id: identity.masterId,
    cluster_id: identity.clusterId,
    cluster_name: identity.clusterName,
    telemetry: { enabled: false, otel_enabled: false, otel_endpoint: '' },
    sso_providers: null,
  };
}

/** An allocation summary as the echo route `/tasks` sends it (`sproto.AllocationSummary`, snake_case). */
function echoAllocationSummary(s: Wire['v1AllocationSummary']): Record<string, unknown> {
  return {
    task_id: s.taskId ?? '',
    allocation_id: s.allocationId ?? '',
    name: s.name ?? '',
    registered_time: s.registeredTime ?? null,
    resource_pool: s.resourcePool ?? '',
    slots_needed: s.slotsNeeded ?? 0,
    resources: (s.resources ?? []).map((r) => ({
      resources_id: r.resourcesId ?? '',
      resources_type: r.resourcesType ?? '',
      allocation_id: r.allocationId ?? '',
      agent_devices: Object.fromEntries(
        Object.entries(r.agentDevices ?? {}).map(([agent, devices]) => [agent, devices.devices ?? []]),
      ),
      container_id: r.containerId ?? null,
      started: r.started
        ? { addresses: r.started.addresses ?? [], native_resources_id: r.started.nativeResourcesId ?? '' }
        : null,
      exited: null,
    })),
    scheduler_type: s.schedulerType ?? '',
    priority: s.priority ?? null,
  };
}

function contentTypeOf(bytes: Buffer): string {
  // Go's http.DetectContentType: text when there is no binary control byte.
  const sample = bytes.subarray(0, 512);
  const binary = sample.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b));
  return binary ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}

/** Handlers of the spec's echo routes without a domain home and of the routes outside the spec. */
export function createEchoHandlers(identity: MasterIdentity): Readonly<Record<string, Handler>> {
  return {
    'echo-get-info': () => ({ json: masterInfo(identity) }),
    'echo-get-tasks': (_req, { state }) => {
      const summaries = allocationSummaries(state).map(echoAllocationSummary);
      return { json: Object.fromEntries(summaries.map((s) => [String(s.allocation_id), s])) };
    },
    'echo-get-experiment-model-def': async (req, { state }) => {
      const id = pathInt(req, 'experiment_id');
      const exp = state.experiment(id);
      const tgz = await modelDefinitionTgz(exp.modelDefinition);
      const name = `_${exp.name.replace(/[^A-Za-z0-9_ \-()[\].{}]+/g, '')}`.slice(0, 50);
      return {
        headers: {
          'content-type': 'application/x-gtar',
          'content-length': String(tgz.length),
          'content-disposition': `attachment; filename="exp${id}${name}_model_def.tar.gz"`,
        },
        stream: Readable.from([tgz]),
      };
    },
    'get-experiment-model-file': (req, { state }) => {
      const id = pathInt(req, 'experiment_id');
      const path = qStr(req, 'path');
      if (path === undefined) throw invalidArgument('path is required');
      const file = state.experiment(id).modelDefinition.find((f) => f.path === path && f.type !== 53);
      if (file === undefined) throw notFound(`file not found: ${path}`);
      const bytes = Buffer.from(file.content, 'base64');
      return {
        headers: {
          'content-type': contentTypeOf(bytes),
          'content-length': String(bytes.length),
          'content-disposition': `attachment; filename="exp${id}/${path}"`,
        },
        stream: Readable.from([bytes]),
      };
    },
  };
}
