/**
 * `Determined.createExperiment` (Python SDK section 2.2): the config and the model directory
 * become `POST /api/v1/experiments`, and the answer's launch warnings are logged.
 */
import type { Logger } from '../../core/logger';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { Session } from '../../core/session';
import { LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED } from '../../lib/enums';
import { type ExperimentConfigInput, experimentConfigText } from '../../lib/experiment-config';
import { buildModelDefinition } from '../../lib/model-context';
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
 * warning of the answer.
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
  const response = await session.call(
    'CreateExperiment',
    {
      body: {
        activate: options.activate ?? true,
        config: configText,
        modelDefinition,
        projectId: options.projectId ?? null,
        template: options.template ?? null,
      },
    },
    callOptions(options),
  );
  for (const warning of response.warnings ?? []) logLaunchWarning(session.logger, warning);
  return Experiment.fromApi(response.experiment, session);
}
