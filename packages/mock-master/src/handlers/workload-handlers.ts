import type { Handler } from '../server/types';
import { experimentBulkHandlers } from './experiment-bulk';
import { experimentExtraHandlers } from './experiment-extras';
import { experimentMetricHandlers } from './experiment-metrics';
import { metricStreamHandlers } from './metric-streams';
import { projectExtraHandlers } from './project-extras';
import { resourceUsageHandlers } from './resource-usage';
import { runHandlers } from './runs';
import { trialDataHandlers } from './trial-data';
import { trialReportingHandlers } from './trial-reporting';
import { workspaceExtraHandlers } from './workspace-extras';

/**
 * Handlers around experiments that the first domains left out: bulk actions, metric views,
 * harness reports, runs, project and workspace extras, and cluster usage, by operationId.
 */
export const workloadHandlers: Readonly<Record<string, Handler>> = {
  ...experimentBulkHandlers,
  ...experimentExtraHandlers,
  ...experimentMetricHandlers,
  ...metricStreamHandlers,
  ...trialReportingHandlers,
  ...trialDataHandlers,
  ...runHandlers,
  ...projectExtraHandlers,
  ...workspaceExtraHandlers,
  ...resourceUsageHandlers,
};
