import type { Handler } from '../server/types';
import { agentHandlers } from './agents';
import { configPolicyHandlers } from './config-policies';
import { groupHandlers } from './groups';
import { jobHandlers } from './jobs';
import { masterHandlers } from './master';
import { ntscHandlers } from './ntsc';
import { rbacHandlers } from './rbac';
import { taskLogHandlers } from './task-logs';
import { taskHandlers } from './tasks';
import { templateHandlers } from './templates';
import { userExtraHandlers } from './users-extra';
import { webhookHandlers } from './webhooks';

/** Handlers of the simulated cluster around the experiments (agents, tasks, jobs, ...), by operationId. */
export const clusterHandlers: Readonly<Record<string, Handler>> = {
  ...agentHandlers,
  ...taskHandlers,
  ...taskLogHandlers,
  ...ntscHandlers,
  ...jobHandlers,
  ...templateHandlers,
  ...masterHandlers,
  ...groupHandlers,
  ...webhookHandlers,
  ...userExtraHandlers,
  ...configPolicyHandlers,
  ...rbacHandlers,
};
