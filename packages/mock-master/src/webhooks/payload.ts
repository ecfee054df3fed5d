// Webhook payloads as the master builds them (master/internal/webhooks: EventPayload for DEFAULT
// webhooks, Slack blocks for SLACK ones). Field order follows the Go structs' JSON encoding.
import { isJsonObject, type JsonObject } from '../state/records';

/** The experiment fields of a payload (the master's `ExperimentPayload`). */
export interface ExperimentFacts {
  id: number;
  /** The master's model state: the proto state without `STATE_` (`COMPLETED`, ...). */
  state: string;
  config: JsonObject;
  startTime: string;
  endTime: string | null;
  nowMs: number;
}

/** Custom event data (`CustomTriggerData`). */
export interface CustomData {
  title: string;
  description: string;
  level: string;
}

function configString(config: JsonObject, key: string): string {
  const v = config[key];
  return typeof v === 'string' ? v : '';
}

function resources(config: JsonObject): JsonObject {
  return isJsonObject(config.resources) ? config.resources : {};
}

function experimentPayload(e: ExperimentFacts, trialId: number | null): JsonObject {
  const res = resources(e.config);
  const duration =
    e.endTime === null ? 0 : Math.trunc((Date.parse(e.endTime) - Date.parse(e.startTime)) / 1000);
  return {
    id: e.id,
    state: e.state,
    name: configString(e.config, 'name'),
    duration,
    resource_pool: typeof res.resource_pool === 'string' ? res.resource_pool : '',
    slots_per_trial: typeof res.slots_per_trial === 'number' ? res.slots_per_trial : 1,
    workspace: configString(e.config, 'workspace'),
    project: configString(e.config, 'project'),
    ...(trialId !== null && trialId > 0 ? { trial_id: trialId } : {}),
  };
}

/** The envelope of a DEFAULT webhook's event (`EventPayload`). */
export function eventPayload(options: {
  eventId: string;
  type: 'EXPERIMENT_STATE_CHANGE' | 'TASK_LOG' | 'CUSTOM';
  unixSeconds: number;
  condition: { state?: string; regex?: string };
  data: JsonObject;
}): string {
  const condition: JsonObject = {};
  if (options.condition.state) condition.state = options.condition.state;
  if (options.condition.regex) condition.regex = options.condition.regex;
  return JSON.stringify({
    event_id: options.eventId,
    event_type: options.type,
    timestamp: options.unixSeconds,
    condition,
    event_data: options.data,
  });
}

/** `event_data` of an experiment event (state change or custom). */
export function experimentEventData(
  e: ExperimentFacts,
  options: { custom?: CustomData; trialId?: number } = {},
): JsonObject {
  return {
    experiment: experimentPayload(e, options.trialId ?? null),
    ...(options.custom ? { custom_data: options.custom } : {}),
  };
}

function slackStatus(e: ExperimentFacts): { status: string; url: string; color: string; shown: string } {
  const name = configString(e.config, 'name');
  if (e.state === 'COMPLETED') {
    return {
      status: 'Your experiment completed successfully 🎉',
      url: `✅ ${name} (#${e.id})`,
      color: '#13B670',
      shown: 'Completed',
    };
  }
  if (e.state === 'ERROR') {
    return {
      status: 'Your experiment has stopped with errors',
      url: `❌ ${name} (#${e.id})`,
      color: '#DD5040',
      shown: 'Errored',
    };
  }
  return {
    status: `The status of your experiment is ${e.state}`,
    url: `${name} (#${e.id})`,
    color: '#009bde',
    shown: e.state,
  };
}

const field = (text: string) => ({ type: 'mrkdwn', text });

/** A SLACK webhook's message about an experiment (`generateSlackPayload`, without a web UI base URL). */
export function slackExperimentPayload(
  e: ExperimentFacts,
  options: { custom?: CustomData; trialId?: number } = {},
): string {
  const { status, url, color, shown } = slackStatus(e);
  const endMs = e.endTime === null ? e.nowMs : Date.parse(e.endTime);
  const totalHours = (endMs - Date.parse(e.startTime)) / 3_600_000;
  const hours = Math.trunc(totalHours);
  const fields = [
    field(`*Status*: ${shown}`),
    field(`*Duration*: ${hours}h ${Math.trunc((totalHours - hours) * 60)}min`),
  ];
  const workspace = configString(e.config, 'workspace');
  const project = configString(e.config, 'project');
  if (workspace !== '') fields.push(field(`*Workspace*: ${workspace}`));
  if (project !== '') fields.push(field(`*Project*: ${project}`));
  if (options.trialId !== undefined && options.trialId > 0)
    fields.push(field(`*Trial ID*: ${options.trialId}`));
  const custom = options.custom;
  const message = {
    text: { type: 'plain_text', text: status },
    type: 'section',
    ...(custom
      ? {
          fields: [
            field(`*Level*: ${custom.level}`),
            field(`*Title*: ${custom.title}`),
            field(`*Description*: ${custom.description}`),
          ],
        }
      : {}),
  };
  return JSON.stringify({
    blocks: [message],
    attachments: [{ color, blocks: [{ type: 'section', text: field(url), fields }] }],
  });
}

/** A SLACK webhook's message about a trial log line that matched a regex. */
export function slackTaskLogPayload(options: {
  experimentId: number;
  trialId: number;
  nodeName: string;
  log: string;
  regex: string;
}): string {
  const path = `/det/experiments/${options.experimentId}/trials/${options.trialId}/logs`;
  const text =
    `Experiment ID \`${options.experimentId}\`, Trial ID \`${options.trialId}\`, running on node \`${options.nodeName}\`, reported a log\n` +
    `\`\`\`${options.log}\`\`\`\n` +
    'This log matched the regex\n' +
    `\`\`\`${options.regex}\`\`\`\n` +
    `View full logs at ${path}`;
  return JSON.stringify({ blocks: [{ type: 'section', text: field(text) }] });
}

/** What TestWebhook sends. */
export function testPayload(options: { webhookType: string; eventId: string; unixSeconds: number }): string {
  if (options.webhookType === 'WEBHOOK_TYPE_SLACK') {
    return JSON.stringify({ blocks: [{ text: { type: 'plain_text', text: 'test' }, type: 'section' }] });
  }
  return eventPayload({
    eventId: options.eventId,
    type: 'EXPERIMENT_STATE_CHANGE',
    unixSeconds: options.unixSeconds,
    condition: { state: 'COMPLETED' },
    data: { data: 'test' },
  });
}
