import { patchMasterConfig } from '../cluster/master-config';
import { formatProtoTimestamp, microTimeOfMs } from '../cluster/proto-timestamp';
import type { Wire } from '../cluster/types';
import type { Handler } from '../server/types';
import { reply, requireAdmin } from './cluster-util';
import { ok } from './util';

const MASTER_LOG_LINES = [
  'Determined master 0.38.1 (built with go1.22)',
  'connected to the database',
  'resource manager agent started with pool default',
  'accepting incoming connections on port 8080',
];

/** Master configuration, master logs, telemetry, the cluster message and resource managers. */
export const masterHandlers: Readonly<Record<string, Handler>> = {
  GetMasterConfig: (req, { state }) => {
    requireAdmin(req);
    return ok({
      config: state.cluster.masterConfig({ clusterName: 'mock-master', storagePath: state.storage.root }),
    });
  },
  PatchMasterConfig: (req, { state }) => {
    requireAdmin(req);
    const config = state.cluster.masterConfig({
      clusterName: 'mock-master',
      storagePath: state.storage.root,
    });
    patchMasterConfig(config, req.body as Wire['v1PatchMasterConfigRequest']);
    return ok({});
  },
  MasterLogs: (req, { state }) => {
    const startMs = state.clock.nowMs();
    const entries = MASTER_LOG_LINES.map((message, i) => ({
      logEntry: { id: i + 1, message, timestamp: new Date(startMs).toISOString(), level: 'LOG_LEVEL_INFO' },
    }));
    const limit = Number(req.query.limit ?? 0);
    const offset = Number(req.query.offset ?? 0);
    const from = offset < 0 ? Math.max(entries.length + offset, 0) : offset;
    const page = entries.slice(from, limit > 0 ? from + limit : undefined);
    return {
      ndjson: (async function* () {
        for (const result of page) yield { result };
      })(),
    };
  },
  GetTelemetry: () => reply('v1GetTelemetryResponse', { enabled: false, segmentKey: '' }),
  GetClusterMessage: (req, { state }) => {
    requireAdmin(req);
    return reply('v1GetClusterMessageResponse', { clusterMessage: state.cluster.clusterMessage.get() });
  },
  SetClusterMessage: (req, { state }) => {
    requireAdmin(req);
    state.cluster.clusterMessage.set(
      req.body as Wire['v1SetClusterMessageRequest'],
      formatProtoTimestamp(microTimeOfMs(state.nowMs())),
    );
    return ok({});
  },
  DeleteClusterMessage: (req, { state }) => {
    requireAdmin(req);
    state.cluster.clusterMessage.clear();
    return ok({});
  },
  GetKubernetesResourceManagers: () =>
    reply('v1GetKubernetesResourceManagersResponse', { resourceManagers: [] }),
  CleanupLogs: (req) => {
    requireAdmin(req);
    return reply('v1CleanupLogsResponse', { removedCount: '0' });
  },
};
