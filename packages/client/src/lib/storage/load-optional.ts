/**
 * Loading the optional cloud storage SDKs on first use, with an error naming the package to
 * install when it is missing.
 */

import { MissingStorageLibraryError } from './errors';

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // Loaders may throw errors of another realm (e.g. jest's), so no `instanceof Error`.
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message.includes(packageName);
}

/**
 * Run `load` (a dynamic `import()` of `packageName`); a missing package becomes a
 * `MissingStorageLibraryError`, any other failure propagates.
 */
export async function loadOptional<T>(
  packageName: string,
  storageType: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new MissingStorageLibraryError(packageName, { storageType, cause: error });
    }
    throw error;
  }
}
