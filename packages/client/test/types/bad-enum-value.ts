// Must not compile: 'SORT_BY_SIZE' is not a ModelSortBy value.
import * as client from '@determined-ts/client';

export async function wrongEnumValue(): Promise<unknown> {
  return client.getModels({ sortBy: 'SORT_BY_SIZE' });
}
