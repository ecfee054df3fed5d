import type { paths } from '@determined-ts/bindings';
import createClient from 'openapi-fetch';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:8080' });

export async function missingParameter(): Promise<unknown> {
  return client.GET('/api/v1/experiments/{experimentId}', { params: { path: {} } });
}
