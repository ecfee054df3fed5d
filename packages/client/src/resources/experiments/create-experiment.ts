/**
 * `Determined.createExperiment` (Python SDK section 2.2): the config and the model directory
 * become `POST /api/v1/experiments`, and the answer's launch warnings are logged.
 */
import type { Logger } from '../../core/logger';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationBody } from '../../core/operation-types';
import type { Session } from '../../core/session';
import { LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED } from '../../lib/enums';
import { type ExperimentConfigInput, experimentConfigText } from '../../lib/experiment-config';
import { buildModelDefinition } from '../../lib/model-context';
import { modelDefinitionBody } from '../../lib/model-definition-body';
import { createWithoutDuplicates } from '../../lib/recover-lost-create';
import { configName, findCreatedExperiment } from './create-experiment-lookup';
import { Experiment } from './experiment';

/** Options of `createExperiment`. */
export interface CreateExperimentOptions extends MethodOptions {
  /** Directory whose contents become the model definition (none when unset; `includes` are then ignored). */
  readonly modelDir?: string | undefined;
  /** Extra files or directories added next to the model directory's contents. */
  readonly includes?: readonly string[] | undefined;
  /** Project to create the experiment in (default: the master's, `Uncategorized`). */
  readonly projectId?: number | undefined;
  /** Name of a config template to merge the config into. */
  readonly template?: string | undefined;
  /** Start the experiment right away (default true, as the Python SDK always does); false creates it paused. */
  readonly activate?: boolean | undefined;
}

const LAUNCH_WARNINGS: Readonly<Record<string, string>> = {
  [LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED]:
    'The requested job requires more slots than currently available. ' +
    'You may need to increase cluster resources in order for the job to run.',
};

function logLaunchWarning(logger: Logger, warning: string): void {
  logger.warn(LAUNCH_WARNINGS[warning] ?? `The master reported a launch warning: ${warning}`, { warning });
}

/**
 * `POST /api/v1/experiments` with body exactly `{activate, config, modelDefinition, projectId,
 * template}` (`activate` true unless asked otherwise, unset ones `null`); logs each launch
 * warning of the answer. Sent once: when the answer is lost, the experiment is looked up by
 * owner, config name, exact config text and start time (see `createWithoutDuplicates`).
 * @throws NotCreatedError when the master did not create it (safe to retry).
 * @throws AmbiguousOutcomeError when it may have and the SDK cannot tell which experiment it is.
 */
export async function createExperiment(
  session: Session,
  config: ExperimentConfigInput,
  options: CreateExperimentOptions = {},
): Promise<Experiment> {
  const configText = await experimentConfigText(config);
  const modelDefinition =
    options.modelDir === undefined
      ? null
      : await buildModelDefinition({
          modelDir: options.modelDir,
          includes: options.includes,
          logger: session.logger,
        });
  // `satisfies` the spec's body: the prepared body below does not hand this literal to the typed
  // call, so this is where a spec that renames or retypes a field must fail to compile.
  const body = {
    activate: options.activate ?? true,
    config: configText,
    modelDefinition,
    projectId: options.projectId ?? null,
    template: options.template ?? null,
  } satisfies OperationBody<'CreateExperiment'>;
  const name = await configName(configText);
  const target = name === undefined ? 'the experiment' : `experiment ${JSON.stringify(name)}`;
  const listing =
    name === undefined ? '{ users: [<you>] }' : `{ name: ${JSON.stringify(name)}, users: [<you>] }`;
  return createWithoutDuplicates({
    operation: 'createExperiment',
    target,
    check: `your experiments with this config started since the call (listExperiments(${listing}))`,
    logger: session.logger,
    prepare: () => session.ready('CreateExperiment'),
    create: async () => {
      const response = await session.call(
        'CreateExperiment',
        { body: modelDefinitionBody(body) },
        callOptions(options),
      );
      for (const warning of response.warnings ?? []) logLaunchWarning(session.logger, warning);
      return Experiment.fromApi(response.experiment, session);
    },
    lookup: (window) =>
      findCreatedExperiment(
        session,
        { configText, modelDefinition, projectId: body.projectId, options },
        window,
      ),
  });
}
