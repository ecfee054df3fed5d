/**
 * Reading a cloud `checkpoint_storage` config as the Python SDK's storage managers do (section
 * 5.1): bookkeeping keys are dropped, any other unexpected key is an error, and prefixes are
 * normalized.
 */

import path from 'node:path';
import { StorageConfigError } from './errors';

/** A storage config as found in an experiment config. */
export type StorageConfig = Readonly<Record<string, unknown>>;

/** `s3` storage (AWS S3 or an S3-compatible server at `endpointUrl`). */
export interface S3StorageConfig {
  readonly type: 's3';
  readonly bucket: string;
  readonly accessKey: string | null;
  readonly secretKey: string | null;
  readonly endpointUrl: string | null;
  readonly prefix: string | null;
}

/** `gcs` storage. */
export interface GcsStorageConfig {
  readonly type: 'gcs';
  readonly bucket: string;
  readonly prefix: string | null;
}

/** `azure` storage: a connection string, or an account URL with an optional credential. */
export interface AzureStorageConfig {
  readonly type: 'azure';
  readonly container: string;
  readonly connectionString: string | null;
  readonly accountUrl: string | null;
  readonly credential: string | null;
}

/** Any cloud storage config, checked. */
export type CloudStorageConfig = S3StorageConfig | GcsStorageConfig | AzureStorageConfig;

/** The storage types read through an object store. */
export const CLOUD_STORAGE_TYPES: readonly string[] = Object.freeze(['s3', 'gcs', 'azure']);

const IGNORED_KEYS = new Set([
  'type',
  'save_experiment_best',
  'save_trial_best',
  'save_trial_latest',
  'tensorboard_path',
  'checkpoint_path',
]);

const ALLOWED_KEYS: Readonly<Record<string, readonly string[]>> = {
  s3: ['bucket', 'access_key', 'secret_key', 'endpoint_url', 'prefix', 'temp_dir'],
  gcs: ['bucket', 'prefix', 'temp_dir'],
  azure: ['container', 'connection_string', 'account_url', 'credential', 'temp_dir'],
};

function fail(type: string, reason: string): never {
  throw new StorageConfigError(`Failed to instantiate ${type} checkpoint storage: ${reason}`);
}

function optionalString(storage: StorageConfig, type: string, key: string): string | null {
  const value = storage[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(type, `${key} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function requiredString(storage: StorageConfig, type: string, key: string): string {
  const value = optionalString(storage, type, key);
  if (value === null || value === '') fail(type, `missing required key ${key}`);
  return value;
}

/**
 * Upstream `normalize_prefix`: null or empty → none; a `..` segment is refused; otherwise
 * path-normalized with leading `/` removed (and no trailing `/`).
 */
export function normalizePrefix(prefix: string | null): string | null {
  if (prefix === null || prefix === '') return null;
  if (prefix.split('/').includes('..')) {
    throw new StorageConfigError(`Invalid checkpoint storage prefix '${prefix}': it must not contain '..'`);
  }
  const normalized = path.posix.normalize(prefix).replace(/^\/+/, '').replace(/\/+$/, '');
  return normalized === '' || normalized === '.' ? null : normalized;
}

/** The key prefix of a checkpoint's objects: `<prefix>/<uuid>/`, or `<uuid>/`. */
export function checkpointKeyPrefix(prefix: string | null, uuid: string): string {
  const normalized = normalizePrefix(prefix);
  return normalized === null ? `${uuid}/` : `${normalized}/${uuid}/`;
}

/** Check a cloud storage config (type `s3`, `gcs` or `azure`) and read its fields. */
export function parseCloudStorageConfig(storage: StorageConfig): CloudStorageConfig {
  const type = String(storage.type);
  const allowed = ALLOWED_KEYS[type];
  if (allowed === undefined) throw new StorageConfigError(`Unknown storage type: ${type}`);
  const unexpected = Object.keys(storage).filter((key) => !IGNORED_KEYS.has(key) && !allowed.includes(key));
  if (unexpected.length > 0) fail(type, `unexpected keys ${unexpected.join(', ')}`);
  if (type === 's3') {
    return {
      type,
      bucket: requiredString(storage, type, 'bucket'),
      accessKey: optionalString(storage, type, 'access_key'),
      secretKey: optionalString(storage, type, 'secret_key'),
      endpointUrl: optionalString(storage, type, 'endpoint_url'),
      prefix: normalizePrefix(optionalString(storage, type, 'prefix')),
    };
  }
  if (type === 'gcs') {
    return {
      type,
      bucket: requiredString(storage, type, 'bucket'),
      prefix: normalizePrefix(optionalString(storage, type, 'prefix')),
    };
  }
  const connectionString = optionalString(storage, type, 'connection_string');
  const accountUrl = optionalString(storage, type, 'account_url');
  if (connectionString === null && accountUrl === null) {
    fail(type, 'one of connection_string and account_url is required');
  }
  return {
    type: 'azure',
    container: requiredString(storage, type, 'container'),
    connectionString,
    accountUrl,
    credential: optionalString(storage, type, 'credential'),
  };
}
