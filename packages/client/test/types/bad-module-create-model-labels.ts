// Must not compile: the module-level createModel has no labels (only Determined.createModel has).
import * as client from '@determined-ts/client';

export async function labelsOnModuleCreateModel(): Promise<unknown> {
  return client.createModel('m', { description: 'd', labels: ['x'] });
}
