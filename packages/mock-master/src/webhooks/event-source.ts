import { hashInts, Rng } from '../rng';
import type { ExperimentRecord, TrialLogRecord, TrialRecord } from '../state/records';
import {
  type CustomData,
  type ExperimentFacts,
  eventPayload,
  experimentEventData,
  slackExperimentPayload,
  slackTaskLogPayload,
  testPayload,
} from './payload';
import {
  compileLogRegex,
  customEventTargets,
  logLineMatches,
  matchesWebhook,
  webhooksConfigOf,
} from './triggers';
import type { RegisteredWebhook, WebhookEvent, WebhookSource } from './types';

/** What the event source reads from the mock's state. */
export interface WebhookHost {
  readonly seed: number;
  readonly experiments: ReadonlyMap<number, ExperimentRecord>;
  readonly trials: ReadonlyMap<number, TrialRecord>;
  readonly logs: { of(trialId: number): readonly TrialLogRecord[] };
  /** The workspace of an experiment's project. */
  workspaceOf(experiment: ExperimentRecord): number;
  nowMs(): number;
}

/** The master's model state of a proto state (`STATE_COMPLETED` → `COMPLETED`). */
function modelState(state: string): string {
  return state.replace(/^STATE_/, '');
}

/**
 * Turns what happened in the mock since the last call into webhook events, as the master does:
 * experiment state changes (EXPERIMENT_STATE_CHANGE triggers whose `state` matches), trial log
 * lines matching TASK_LOG regexes (once per trial and trigger), PostWebhookEventData events
 * (CUSTOM triggers) and TestWebhook requests.
 */
export class WebhookEventSource {
  private readonly lastState = new Map<number, string>();
  private readonly scannedLines = new Map<number, number>();
  private readonly firedLogTriggers = new Set<string>();
  private events = 0;

  constructor(
    private readonly host: WebhookHost,
    private readonly source: WebhookSource,
  ) {
    // What exists when the mock starts (seeded data) is the starting point, not a change.
    for (const exp of host.experiments.values()) this.lastState.set(exp.id, exp.state);
    for (const trial of host.trials.values()) this.scannedLines.set(trial.id, host.logs.of(trial.id).length);
  }

  /** The events since the last call. */
  collect(): WebhookEvent[] {
    const webhooks = this.source.list();
    const out: WebhookEvent[] = [];
    this.stateChanges(webhooks, out);
    this.logMatches(webhooks, out);
    this.customEvents(webhooks, out);
    this.testRequests(webhooks, out);
    return out;
  }

  private eventId(): string {
    return new Rng(hashInts(this.host.seed, 0x7e6, this.events++)).uuid();
  }

  private unixSeconds(): number {
    return Math.floor(this.host.nowMs() / 1000);
  }

  private facts(exp: ExperimentRecord): ExperimentFacts {
    const { id, config, startTime, endTime } = exp;
    return { id, state: modelState(exp.state), config, startTime, endTime, nowMs: this.host.nowMs() };
  }

  private experimentEvent(
    webhook: RegisteredWebhook,
    exp: ExperimentRecord,
    options: { type: 'EXPERIMENT_STATE_CHANGE' | 'CUSTOM'; custom?: CustomData; trialId?: number },
  ): WebhookEvent {
    const facts = this.facts(exp);
    const extra = {
      ...(options.custom ? { custom: options.custom } : {}),
      ...(options.trialId !== undefined ? { trialId: options.trialId } : {}),
    };
    const payload =
      webhook.webhookType === 'WEBHOOK_TYPE_SLACK'
        ? slackExperimentPayload(facts, extra)
        : eventPayload({
            eventId: this.eventId(),
            type: options.type,
            unixSeconds: this.unixSeconds(),
            condition: { state: facts.state },
            data: experimentEventData(facts, extra),
          });
    return { url: webhook.url, payload };
  }

  private stateChanges(webhooks: readonly RegisteredWebhook[], out: WebhookEvent[]): void {
    for (const exp of this.host.experiments.values()) {
      if (this.lastState.get(exp.id) === exp.state) continue;
      this.lastState.set(exp.id, exp.state);
      const state = modelState(exp.state);
      const config = webhooksConfigOf(exp.config);
      const workspaceId = this.host.workspaceOf(exp);
      for (const webhook of webhooks) {
        const triggered = webhook.triggers.some(
          (t) => t.triggerType === 'TRIGGER_TYPE_EXPERIMENT_STATE_CHANGE' && t.condition.state === state,
        );
        if (triggered && matchesWebhook(webhook, config, workspaceId, exp.id)) {
          out.push(this.experimentEvent(webhook, exp, { type: 'EXPERIMENT_STATE_CHANGE' }));
        }
      }
    }
  }

  private logMatches(webhooks: readonly RegisteredWebhook[], out: WebhookEvent[]): void {
    const logTriggers = webhooks.flatMap((webhook) =>
      webhook.triggers.flatMap((t, index) => {
        const regex = t.triggerType === 'TRIGGER_TYPE_TASK_LOG' ? compileLogRegex(t.condition.regex) : null;
        return regex === null ? [] : [{ webhook, regex, key: `${webhook.id}.${index}` }];
      }),
    );
    for (const trial of this.host.trials.values()) {
      const lines = this.host.logs.of(trial.id);
      const from = this.scannedLines.get(trial.id) ?? 0;
      this.scannedLines.set(trial.id, lines.length);
      if (logTriggers.length === 0 || from >= lines.length) continue;
      const exp = this.host.experiments.get(trial.experimentId);
      if (exp === undefined) continue;
      const config = webhooksConfigOf(exp.config);
      const workspaceId = this.host.workspaceOf(exp);
      for (const line of lines.slice(from)) {
        if (line.agentId === undefined) continue;
        for (const { webhook, regex, key } of logTriggers) {
          const fired = `${trial.taskId}|${key}`;
          if (this.firedLogTriggers.has(fired) || !logLineMatches(regex, line.log)) continue;
          if (!matchesWebhook(webhook, config, workspaceId, exp.id)) continue;
          this.firedLogTriggers.add(fired);
          out.push(this.logEvent(webhook, { trial, line, regex: regex.source }));
        }
      }
    }
  }

  private logEvent(
    webhook: RegisteredWebhook,
    match: { trial: TrialRecord; line: TrialLogRecord; regex: string },
  ): WebhookEvent {
    const nodeName = match.line.agentId ?? '';
    const payload =
      webhook.webhookType === 'WEBHOOK_TYPE_SLACK'
        ? slackTaskLogPayload({
            experimentId: match.trial.experimentId,
            trialId: match.trial.id,
            nodeName,
            log: match.line.log,
            regex: match.regex,
          })
        : eventPayload({
            eventId: this.eventId(),
            type: 'TASK_LOG',
            unixSeconds: this.unixSeconds(),
            condition: { regex: match.regex },
            data: {
              task_log: { task_id: match.trial.taskId, node_name: nodeName, triggering_log: match.line.log },
            },
          });
    return { url: webhook.url, payload };
  }

  private customEvents(webhooks: readonly RegisteredWebhook[], out: WebhookEvent[]): void {
    for (const event of this.source.customEvents.splice(0)) {
      const exp = this.host.experiments.get(event.experimentId);
      if (exp === undefined) continue;
      const custom: CustomData = {
        title: event.data.title ?? '',
        description: event.data.description ?? '',
        level: event.data.level ?? '',
      };
      const targets = customEventTargets(webhooks, webhooksConfigOf(exp.config), this.host.workspaceOf(exp));
      for (const webhook of targets) {
        for (const t of webhook.triggers) {
          if (t.triggerType !== 'TRIGGER_TYPE_CUSTOM') continue;
          out.push(this.experimentEvent(webhook, exp, { type: 'CUSTOM', custom, trialId: event.trialId }));
        }
      }
    }
  }

  private testRequests(webhooks: readonly RegisteredWebhook[], out: WebhookEvent[]): void {
    for (const request of this.source.testRequests.splice(0)) {
      const webhook = webhooks.find((w) => w.id === request.webhookId);
      if (webhook === undefined) continue;
      const payload = testPayload({
        webhookType: webhook.webhookType,
        eventId: this.eventId(),
        unixSeconds: this.unixSeconds(),
      });
      out.push({ url: webhook.url, payload });
    }
  }
}
