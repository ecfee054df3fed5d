import type { StepFor } from './walk-world';

const EXPERIMENT_CONFIG =
  'name: walk-created\nsearcher: {name: single, metric: validation_loss, max_length: {batches: 100}}\n';
const UNMANAGED_CONFIG = 'name: detached\nsearcher: {name: single, metric: loss, max_length: 1}\n';

/** Reads of the master and the cluster, then everything later steps refer to gets created. */
export const SETUP_STEPS: readonly StepFor[] = [
  () => ({ op: 'health' }),
  () => ({ op: 'GetMaster' }),
  () => ({ op: 'GetTelemetry' }),
  () => ({ op: 'Login', body: { username: 'admin', password: '', isHashed: true } }),
  () => ({ op: 'GetMe' }),
  () => ({ op: 'CurrentUser' }),
  () => ({ op: 'GetUsers' }),
  () => ({
    op: 'GetUserByUsername',
    path: { username: 'alice' },
    keep: (a, w) => {
      w.aliceId = (a.user as { id: number }).id;
    },
  }),
  (w) => ({ op: 'GetUser', path: { userId: w.aliceId } }),
  () => ({
    op: 'GetWorkspaces',
    query: { name: 'walk' },
    keep: (a, w) => {
      w.workspaceId = (a.workspaces as Array<{ id: number }>)[0]?.id ?? 0;
    },
  }),
  (w) => ({
    op: 'GetWorkspaceProjects',
    path: { id: w.workspaceId },
    keep: (a, w2) => {
      const projects = a.projects as Array<{ id: number; name: string }>;
      w2.projectId = projects.find((p) => p.name === 'walk-project')?.id ?? 0;
      w2.destinationProjectId = projects.find((p) => p.name === 'destination')?.id ?? 0;
      w2.doomedProjectId = projects.find((p) => p.name === 'doomed-project')?.id ?? 0;
    },
  }),
  () => ({ op: 'GetAgents' }),
  () => ({ op: 'GetAgent', path: { agentId: 'mock-agent' } }),
  () => ({ op: 'GetSlots', path: { agentId: 'mock-agent' } }),
  () => ({ op: 'GetSlot', path: { agentId: 'mock-agent', slotId: '0' } }),
  () => ({ op: 'GetResourcePools' }),
  () => ({ op: 'GetKubernetesResourceManagers' }),
  () => ({ op: 'GetMasterConfig' }),
  () => ({
    op: 'PatchMasterConfig',
    body: { config: { log: { level: 'LOG_LEVEL_DEBUG' } }, fieldMask: { paths: ['log.level'] } },
  }),
  () => ({ op: 'MasterLogs', query: { limit: 2 } }),
  () => ({
    op: 'SetClusterMessage',
    body: { message: 'maintenance at noon', startTime: '2024-01-01T00:00:00Z', duration: '2h' },
  }),
  () => ({ op: 'GetClusterMessage' }),
  () => ({
    op: 'PostWorkspace',
    body: { name: 'walk-new' },
    keep: (a, w) => {
      w.newWorkspaceId = (a.workspace as { id: number }).id;
    },
  }),
  (w) => ({
    op: 'PostProject',
    path: { workspaceId: w.newWorkspaceId },
    body: { name: 'walk-new-project', workspaceId: w.newWorkspaceId },
    keep: (a, w2) => {
      w2.newProjectId = (a.project as { id: number }).id;
    },
  }),
  (w) => ({
    op: 'CreateExperiment',
    body: { config: EXPERIMENT_CONFIG, projectId: w.projectId, activate: false, template: 'walk-template' },
    keep: (a, w2) => {
      w2.newExperimentId = (a.experiment as { id: number }).id;
    },
  }),
  (w) => ({
    op: 'PutExperiment',
    path: { externalExperimentId: 'ext-1' },
    body: { config: UNMANAGED_CONFIG, projectId: w.projectId, unmanaged: true },
    keep: (a, w2) => {
      w2.unmanagedExperimentId = (a.experiment as { id: number }).id;
    },
  }),
  (w) => ({
    op: 'CreateTrial',
    body: { experimentId: w.unmanagedExperimentId, hparams: { lr: 0.2 }, unmanaged: true },
  }),
  (w) => ({
    op: 'PutTrial',
    body: {
      createTrialRequest: { experimentId: w.unmanagedExperimentId, hparams: { lr: 0.3 }, unmanaged: true },
      externalTrialId: 'ext-trial-1',
    },
    keep: (a, w2) => {
      w2.unmanagedTrialId = (a.trial as { id: number }).id;
    },
  }),
  () => ({
    op: 'LaunchCommand',
    body: { config: { entrypoint: ['sleep', '3600'] } },
    keep: (a, w) => {
      const c = a.command as { id: string; jobId: string };
      w.commandId = c.id;
      w.commandJobId = c.jobId;
    },
  }),
  () => ({
    op: 'LaunchNotebook',
    body: { templateName: 'walk-template' },
    keep: (a, w) => {
      w.notebookId = (a.notebook as { id: string }).id;
    },
  }),
  () => ({
    op: 'LaunchShell',
    body: {},
    keep: (a, w) => {
      w.shellId = (a.shell as { id: string }).id;
    },
  }),
  () => ({
    op: 'LaunchTensorboard',
    body: { experimentIds: [10] },
    keep: (a, w) => {
      w.tensorboardId = (a.tensorboard as { id: string }).id;
    },
  }),
  () => ({
    op: 'CreateGenericTask',
    body: {
      config: 'entrypoint: [sleep, "3600"]\n',
      contextDirectory: [
        {
          path: 'run.sh',
          type: 48,
          content: Buffer.from('echo hi\n').toString('base64'),
          mtime: '1700000000',
          mode: 420,
          uid: 0,
          gid: 0,
        },
      ],
    },
    keep: (a, w) => {
      w.genericTaskId = a.taskId as string;
    },
  }),
  (w) => ({
    op: 'CreateGroup',
    body: { name: 'walkers', addUsers: [w.aliceId] },
    keep: (a, w2) => {
      w2.groupId = (a.group as { groupId: number }).groupId;
    },
  }),
  () => ({
    op: 'PostWebhook',
    body: {
      url: 'http://127.0.0.1:9/hook',
      webhookType: 'WEBHOOK_TYPE_DEFAULT',
      name: 'walk-hook',
      mode: 'WEBHOOK_MODE_WORKSPACE',
      triggers: [{ triggerType: 'TRIGGER_TYPE_EXPERIMENT_STATE_CHANGE', condition: { state: 'COMPLETED' } }],
    },
    keep: (a, w) => {
      w.webhookId = (a.webhook as { id: number }).id;
    },
  }),
  (w) => ({
    op: 'PostAccessToken',
    body: { userId: w.aliceId, lifespan: '720h', description: 'walk' },
    keep: (a, w2) => {
      w2.tokenId = a.tokenId as number;
    },
  }),
  () => ({
    op: 'PostTemplate',
    path: { 'template.name': 'walk-posted' },
    body: { name: 'walk-posted', config: { resources: { slots: 0 } }, workspaceId: 1 },
  }),
  () => ({
    op: 'PutTemplate',
    path: { 'template.name': 'walk-put' },
    body: { name: 'walk-put', config: { description: 'put' }, workspaceId: 1 },
  }),
  () => ({
    op: 'PostUser',
    body: { user: { username: 'walk-user', admin: false, active: true }, password: 'pw' },
  }),
  () => ({ op: 'PostModel', body: { name: 'walk-new-model', labels: ['new'] } }),
  () => ({
    op: 'PostModelVersion',
    path: { modelName: 'walk-new-model' },
    body: { modelName: 'walk-new-model', checkpointUuid: '11111111-1111-4111-8111-111111111111' },
  }),
];
