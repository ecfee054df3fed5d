/**
 * Which experiment `checkpoint_storage` configs the mock writes to a cloud storage server: s3
 * with an `endpoint_url`, azure with a connection string or account URL, and gcs when a JSON API
 * endpoint is known (`STORAGE_EMULATOR_HOST`). Anything else stays on the mock's shared_fs.
 */

/** Where one checkpoint's files go. */
export type CloudTarget =
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly prefix: string;
      readonly endpointUrl: string;
      readonly accessKey: string | null;
      readonly secretKey: string | null;
    }
  | { readonly type: 'gcs'; readonly bucket: string; readonly prefix: string; readonly apiEndpoint: string }
  | {
      readonly type: 'azure';
      readonly container: string;
      readonly connectionString: string | null;
      readonly accountUrl: string | null;
      readonly credential: string | null;
    };

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function normalizedPrefix(value: unknown): string {
  const prefix = str(value);
  if (prefix === null) return '';
  const parts = prefix.split('/').filter((part) => part !== '' && part !== '.');
  return parts.length === 0 ? '' : `${parts.join('/')}/`;
}

/** The cloud target named by a storage config, or null when the mock keeps it on disk. */
export function cloudTarget(
  storage: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv = process.env,
): CloudTarget | null {
  if (storage.type === 's3') {
    const bucket = str(storage.bucket);
    const endpointUrl = str(storage.endpoint_url);
    if (bucket === null || endpointUrl === null) return null;
    return {
      type: 's3',
      bucket,
      prefix: normalizedPrefix(storage.prefix),
      endpointUrl,
      accessKey: str(storage.access_key),
      secretKey: str(storage.secret_key),
    };
  }
  if (storage.type === 'gcs') {
    const bucket = str(storage.bucket);
    const host = str(env.STORAGE_EMULATOR_HOST);
    if (bucket === null || host === null) return null;
    const apiEndpoint = /^https?:\/\//.test(host) ? host : `http://${host}`;
    return { type: 'gcs', bucket, prefix: normalizedPrefix(storage.prefix), apiEndpoint };
  }
  if (storage.type === 'azure') {
    const container = str(storage.container);
    const connectionString = str(storage.connection_string);
    const accountUrl = str(storage.account_url);
    if (container === null || (connectionString === null && accountUrl === null)) return null;
    return { type: 'azure', container, connectionString, accountUrl, credential: str(storage.credential) };
  }
  return null;
}
