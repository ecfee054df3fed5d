import { DeterminedError } from '../core/errors';
import {
  MalformedMetricsReportError,
  type MetricsReport,
  TrainingMetrics,
  TrialMetrics,
  ValidationMetrics,
} from './metrics';

const trainingReport: MetricsReport = {
  id: 11,
  trialId: 3,
  trialRunId: 1,
  totalBatches: 100,
  endTime: '2023-07-06T23:56:35.680736Z',
  metrics: { avg_metrics: { loss: 0.5 }, batch_metrics: [{ loss: 0.6 }, { loss: 0.4 }] },
  group: 'training',
  archived: false,
};

const validationReport: MetricsReport = {
  ...trainingReport,
  totalBatches: 200,
  metrics: { validation_metrics: { validation_error: 0.1 } },
  group: 'validation',
};

describe('TrialMetrics.fromReport', () => {
  it('maps the report fields, truncating endTime to whole seconds', () => {
    const m = TrialMetrics.fromReport(trainingReport, 'training');
    expect(m).toBeInstanceOf(TrialMetrics);
    expect(m.trialId).toBe(3);
    expect(m.trialRunId).toBe(1);
    expect(m.stepsCompleted).toBe(100);
    expect(m.endTime.toISOString()).toBe('2023-07-06T23:56:35.000Z');
    expect(m.metrics).toEqual({ loss: 0.5 });
    expect(m.batchMetrics).toEqual([{ loss: 0.6 }, { loss: 0.4 }]);
    expect(m.group).toBe('training');
  });

  it('reads validation_metrics when converting as the validation group', () => {
    const m = TrialMetrics.fromReport(validationReport, 'validation');
    expect(m.metrics).toEqual({ validation_error: 0.1 });
    expect(m.batchMetrics).toBeNull();
  });

  it("keeps the report's own group, and reads avg_metrics for custom and null groups", () => {
    const custom: MetricsReport = {
      ...trainingReport,
      group: 'inference',
      metrics: { avg_metrics: { acc: 1 } },
    };
    expect(TrialMetrics.fromReport(custom, 'inference').group).toBe('inference');
    expect(TrialMetrics.fromReport(custom, null).metrics).toEqual({ acc: 1 });
    expect(TrialMetrics.fromReport(custom, 'validation-like').metrics).toEqual({ acc: 1 });
  });

  it('fails clearly when a validation-style report is converted without the validation group', () => {
    expect(() => TrialMetrics.fromReport(validationReport, null)).toThrow(MalformedMetricsReportError);
    expect(() => TrialMetrics.fromReport(validationReport, null)).toThrow(
      "Metrics report of trial 3 (group 'validation', 200 batches) has no 'avg_metrics'; it cannot be read as group 'null'.",
    );
  });

  it('fails clearly when validation_metrics is missing', () => {
    expect(() => TrialMetrics.fromReport(trainingReport, 'validation')).toThrow(
      /has no 'validation_metrics'/,
    );
  });

  it('rejects a payload that is not an object', () => {
    const bad: MetricsReport = { ...trainingReport, metrics: { avg_metrics: null } };
    expect(() => TrialMetrics.fromReport(bad, 'training')).toThrow(/non-object 'avg_metrics'/);
    expect(new MalformedMetricsReportError('x')).toBeInstanceOf(DeterminedError);
  });
});

describe('totalBatches', () => {
  it('is a read/write alias of stepsCompleted', () => {
    const m = TrialMetrics.fromReport(trainingReport, 'training');
    expect(m.totalBatches).toBe(100);
    m.totalBatches = 7;
    expect(m.stepsCompleted).toBe(7);
    m.stepsCompleted = 9;
    expect(m.totalBatches).toBe(9);
  });
});

describe('legacy TrainingMetrics / ValidationMetrics', () => {
  const base = { trialId: 1, trialRunId: 2, endTime: new Date(0), metrics: { a: 1 } };

  it('force their group', () => {
    expect(new TrainingMetrics({ ...base, stepsCompleted: 5, group: 'other' }).group).toBe('training');
    expect(new ValidationMetrics({ ...base, stepsCompleted: 5 }).group).toBe('validation');
  });

  it('accept totalBatches as an alias of stepsCompleted, which it overrides', () => {
    expect(new TrainingMetrics({ ...base, totalBatches: 8 }).stepsCompleted).toBe(8);
    expect(new ValidationMetrics({ ...base, stepsCompleted: 1, totalBatches: 8 }).stepsCompleted).toBe(8);
  });

  it('build from reports with their fixed group', () => {
    const t = TrainingMetrics.fromReport({ ...trainingReport, group: 'whatever' });
    expect(t).toBeInstanceOf(TrainingMetrics);
    expect(t.group).toBe('training');
    expect(t.metrics).toEqual({ loss: 0.5 });
    const v = ValidationMetrics.fromReport(validationReport);
    expect(v).toBeInstanceOf(ValidationMetrics);
    expect(v.metrics).toEqual({ validation_error: 0.1 });
    expect(v.batchMetrics).toBeNull();
  });
});
