import { CK_FILES, CK_READ, type StepFor } from './walk-world';

const metrics = (trialId: number, steps: number, values: Record<string, number>) => ({
  trialId,
  trialRunId: 1,
  stepsCompleted: steps,
  metrics: { avgMetrics: values, batchMetrics: [] },
});

/** Changes: reports, patches, lifecycle actions, queue and cluster changes. */
export const WRITE_STEPS: readonly StepFor[] = [
  (w) => ({ op: 'StartTrial', path: { trialId: w.unmanagedTrialId }, body: { trialId: w.unmanagedTrialId } }),
  (w) => ({
    op: 'RunPrepareForReporting',
    body: { runId: w.unmanagedTrialId, checkpointStorage: { type: 'shared_fs', host_path: '/tmp' } },
  }),
  (w) => ({
    op: 'ReportTrialTrainingMetrics',
    path: { 'trainingMetrics.trialId': w.unmanagedTrialId },
    body: metrics(w.unmanagedTrialId, 10, { loss: 0.9 }),
  }),
  (w) => ({
    op: 'ReportTrialValidationMetrics',
    path: { 'validationMetrics.trialId': w.unmanagedTrialId },
    body: metrics(w.unmanagedTrialId, 10, { loss: 0.8 }),
  }),
  (w) => ({
    op: 'ReportTrialMetrics',
    path: { 'metrics.trialId': w.unmanagedTrialId },
    body: { metrics: metrics(w.unmanagedTrialId, 10, { tokens: 5 }), group: 'inference' },
  }),
  (w) => ({
    op: 'ReportTrialProgress',
    path: { trialId: w.unmanagedTrialId },
    body: { trialId: w.unmanagedTrialId, progress: 0.5 },
  }),
  (w) => ({
    op: 'ReportTrialSearcherEarlyExit',
    path: { trialId: w.unmanagedTrialId },
    body: { reason: 'EXITED_REASON_INVALID_HP' },
  }),
  (w) => ({
    op: 'PostTrialRunnerMetadata',
    path: { trialId: w.unmanagedTrialId },
    body: { state: 'training' },
  }),
  (w) => ({
    op: 'ReportCheckpoint',
    body: {
      uuid: '44444444-4444-4444-8444-444444444444',
      resources: { 'model.bin': '3' },
      metadata: { steps_completed: 10 },
      state: 'STATE_COMPLETED',
      training: { trialId: w.unmanagedTrialId, experimentId: w.unmanagedExperimentId },
    },
  }),
  () => ({
    op: 'PatchCheckpoints',
    body: {
      checkpoints: [
        {
          uuid: '44444444-4444-4444-8444-444444444444',
          resources: { resources: { 'model.bin': '3', 'extra.bin': '1' } },
        },
      ],
    },
  }),
  (w) => ({
    op: 'ReportTrialSourceInfo',
    body: {
      trialSourceInfo: {
        trialId: w.unmanagedTrialId,
        checkpointUuid: CK_READ,
        trialSourceInfoType: 'TRIAL_SOURCE_INFO_TYPE_INFERENCE',
      },
    },
  }),
  () => ({
    op: 'PostTrialProfilerMetricsBatch',
    body: {
      batches: [
        {
          values: [0.5],
          batches: [10],
          timestamps: ['2024-01-01T00:00:00Z'],
          labels: { trialId: 100, name: 'gpu_util', metricType: 'PROFILER_METRIC_TYPE_SYSTEM' },
        },
      ],
    },
  }),
  (w) => ({
    op: 'PatchTrial',
    path: { trialId: w.unmanagedTrialId },
    body: { trialId: w.unmanagedTrialId, state: 'STATE_COMPLETED' },
  }),
  () => ({ op: 'PostRunMetadata', path: { runId: 100 }, body: { runId: 100, metadata: { owner: 'walk' } } }),
  () => ({ op: 'PutTrialRetainLogs', path: { trialId: 100 }, body: { trialId: 100, numDays: 30 } }),
  () => ({
    op: 'PutExperimentRetainLogs',
    path: { experimentId: 10 },
    body: { experimentId: 10, numDays: 30 },
  }),
  (w) => ({
    op: 'PutExperimentsRetainLogs',
    path: { projectId: w.projectId },
    body: { experimentIds: [10], numDays: 60, projectId: w.projectId },
  }),
  () => ({ op: 'PutExperimentLabel', path: { experimentId: 10, label: 'extra' } }),
  () => ({ op: 'DeleteExperimentLabel', path: { experimentId: 10, label: 'extra' } }),
  () => ({ op: 'PatchExperiment', path: { 'experiment.id': 10 }, body: { id: 10, notes: 'walked' } }),
  () => ({
    op: 'PostCheckpointMetadata',
    path: { 'checkpoint.uuid': CK_READ },
    body: {
      checkpoint: {
        uuid: CK_READ,
        metadata: { walked: true },
        resources: {},
        state: 'STATE_COMPLETED',
        training: {},
      },
    },
  }),
  () => ({
    op: 'CheckpointsRemoveFiles',
    body: { checkpointUuids: [CK_FILES], checkpointGlobs: ['weights.bin'] },
  }),
  (w) => ({
    op: 'PostWebhookEventData',
    body: { data: { title: 'walk', level: 'LOG_LEVEL_INFO' }, experimentId: w.unmanagedExperimentId },
  }),
  () => ({
    op: 'PatchTemplateConfig',
    path: { templateName: 'walk-posted' },
    body: { resources: { slots: 1 } },
  }),
  () => ({ op: 'PatchTemplateName', body: { oldName: 'walk-put', newName: 'walk-renamed' } }),
  (w) => ({
    op: 'UpdateGroup',
    path: { groupId: w.groupId },
    body: { groupId: w.groupId, name: 'walkers-2', removeUsers: [w.aliceId] },
  }),
  (w) => ({
    op: 'AssignMultipleGroups',
    body: { userIds: [w.aliceId], addGroups: [w.groupId], removeGroups: [] },
  }),
  (w) => ({ op: 'PatchWebhook', path: { id: w.webhookId }, body: { url: 'http://127.0.0.1:9/other' } }),
  (w) => ({ op: 'TestWebhook', path: { id: w.webhookId } }),
  (w) => ({
    op: 'PatchAccessToken',
    path: { tokenId: w.tokenId },
    body: { tokenId: w.tokenId, description: 'renamed' },
  }),
  () => ({
    op: 'PostUserSetting',
    body: { settings: [{ key: 'theme', storagePath: 'ui', value: '"dark"' }] },
  }),
  () => ({ op: 'ResetUserSetting' }),
  (w) => ({ op: 'PatchUser', path: { userId: w.aliceId }, body: { displayName: 'Alice' } }),
  (w) => ({ op: 'PatchUsers', body: { userIds: [w.aliceId], activate: true } }),
  (w) => ({ op: 'SetUserPassword', path: { userId: w.aliceId }, body: 'salted-hash' }),
  (w) => ({ op: 'PatchWorkspace', path: { id: w.newWorkspaceId }, body: { name: 'walk-new-renamed' } }),
  (w) => ({ op: 'PinWorkspace', path: { id: w.workspaceId } }),
  (w) => ({ op: 'UnpinWorkspace', path: { id: w.workspaceId } }),
  (w) => ({
    op: 'SetWorkspaceNamespaceBindings',
    path: { workspaceId: w.workspaceId },
    body: { workspaceId: w.workspaceId, clusterNamespaceMeta: {} },
  }),
  (w) => ({ op: 'DeleteWorkspaceNamespaceBindings', path: { workspaceId: w.workspaceId } }),
  (w) => ({
    op: 'SetResourceQuotas',
    path: { id: w.workspaceId },
    body: { id: w.workspaceId, clusterQuotaPairs: {} },
  }),
  (w) => ({ op: 'BulkAutoCreateWorkspaceNamespaceBindings', body: { workspaceIds: [w.workspaceId] } }),
  (w) => ({
    op: 'BindRPToWorkspace',
    path: { resourcePoolName: 'gpu-pool' },
    body: { resourcePoolName: 'gpu-pool', workspaceIds: [w.workspaceId] },
  }),
  (w) => ({
    op: 'OverwriteRPWorkspaceBindings',
    path: { resourcePoolName: 'gpu-pool' },
    body: { resourcePoolName: 'gpu-pool', workspaceIds: [w.workspaceId] },
  }),
  (w) => ({
    op: 'UnbindRPFromWorkspace',
    path: { resourcePoolName: 'gpu-pool' },
    body: { resourcePoolName: 'gpu-pool', workspaceIds: [w.workspaceId] },
  }),
  () => ({
    op: 'PutGlobalConfigPolicies',
    path: { workloadType: 'EXPERIMENT' },
    body: { workloadType: 'EXPERIMENT', configPolicies: 'invariant_config:\n  description: policed\n' },
  }),
  (w) => ({
    op: 'PutWorkspaceConfigPolicies',
    path: { workspaceId: w.workspaceId, workloadType: 'NTSC' },
    body: {
      workspaceId: w.workspaceId,
      workloadType: 'NTSC',
      configPolicies: '{"constraints": {"priority_limit": 10}}',
    },
  }),
  (w) => ({ op: 'PatchProject', path: { id: w.projectId }, body: { description: 'walked' } }),
  (w) => ({
    op: 'AddProjectNote',
    path: { projectId: w.projectId },
    body: { name: 'plan', contents: 'walk everything' },
  }),
  (w) => ({
    op: 'PutProjectNotes',
    path: { projectId: w.projectId },
    body: { projectId: w.projectId, notes: [{ name: 'plan', contents: 'done' }] },
  }),
  (w) => ({
    op: 'MoveProject',
    path: { projectId: w.newProjectId },
    body: { projectId: w.newProjectId, destinationWorkspaceId: w.workspaceId },
  }),
  () => ({ op: 'PatchModel', path: { modelName: 'walk-model' }, body: { description: 'walked' } }),
  () => ({
    op: 'PatchModelVersion',
    path: { modelName: 'walk-model', modelVersionNum: 1 },
    body: { comment: 'walked' },
  }),
  (w) => ({
    op: 'MoveModel',
    path: { modelName: 'walk-new-model' },
    body: { modelName: 'walk-new-model', destinationWorkspaceId: w.workspaceId },
  }),
  () => ({ op: 'ArchiveModel', path: { modelName: 'walk-new-model' } }),
  () => ({ op: 'UnarchiveModel', path: { modelName: 'walk-new-model' } }),
];
