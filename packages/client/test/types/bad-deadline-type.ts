// Must NOT compile: the overall deadline of `wait` is a number of milliseconds.
import type * as client from '@determined-ts/client';

export async function badDeadline(exp: client.Experiment): Promise<void> {
  await exp.wait({ deadlineMs: '1h' });
}
