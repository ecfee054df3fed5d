/** `Determined.getTrial` (Python SDK section 2.3). */
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { Session } from '../../core/session';
import { Trial } from './trial';

/** `GET /api/v1/trials/{id}`. */
export async function getTrial(
  session: Session,
  trialId: number,
  options: MethodOptions = {},
): Promise<Trial> {
  const response = await session.call('GetTrial', { path: { trialId } }, callOptions(options));
  return Trial.fromApi(response.trial, session);
}
