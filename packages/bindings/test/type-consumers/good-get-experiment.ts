import type { paths } from '@determined-ts/bindings';
import createClient from 'openapi-fetch';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:8080' });

export async function experimentName(experimentId: number): Promise<string> {
  const { data } = await client.GET('/api/v1/experiments/{experimentId}', {
    params: { path: { experimentId } },
  });
  return data?.experiment.name ?? '';
}
