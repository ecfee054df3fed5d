/** `Determined.getCheckpoint` (Python SDK section 2.3). */
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { Session } from '../../core/session';
import { Checkpoint } from './checkpoint';

/** `GET /api/v1/checkpoints/{uuid}`. */
export async function getCheckpoint(
  session: Session,
  uuid: string,
  options: MethodOptions = {},
): Promise<Checkpoint> {
  const response = await session.call(
    'GetCheckpoint',
    { path: { checkpointUuid: uuid } },
    callOptions(options),
  );
  return Checkpoint.fromApi(response.checkpoint, session);
}
