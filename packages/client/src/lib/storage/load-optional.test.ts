import { MissingStorageLibraryError } from './errors';
import { loadOptional } from './load-optional';

describe('loadOptional', () => {
  it('names the package to install when it is missing', async () => {
    const name = '@determined-ts/no-such-storage-sdk';
    const error = await loadOptional(name, 's3', () => import(name) as Promise<unknown>).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MissingStorageLibraryError);
    expect((error as MissingStorageLibraryError).packageName).toBe(name);
    expect((error as Error).message).toBe(
      `Downloading a checkpoint directly from s3 storage needs the optional package ${name}: ` +
        `run \`npm install ${name}\`, or download with mode 'master'.`,
    );
  });

  it('lets other failures of an installed package propagate', async () => {
    const failure = new Error('broken module');
    await expect(loadOptional('@aws-sdk/client-s3', 's3', () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
  });

  it('returns the loaded module', async () => {
    const sdk = await loadOptional('@aws-sdk/client-s3', 's3', () => import('@aws-sdk/client-s3'));
    expect(typeof sdk.S3Client).toBe('function');
  });
});
