// Must not compile: getExperiment needs the experiment id.
import * as client from '@determined-ts/client';

export async function missingArgument(): Promise<unknown> {
  return client.getExperiment();
}
