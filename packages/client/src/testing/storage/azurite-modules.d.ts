/**
 * Types of the parts of azurite the tests use (the package ships none).
 */

declare module 'azurite/dist/src/blob/BlobConfiguration' {
  interface PersistenceLocation {
    locationId: string;
    locationPath: string;
    maxConcurrency: number;
  }

  class BlobConfiguration {
    constructor(
      host: string,
      port: number,
      keepAliveTimeout: number | undefined,
      metadataDBPath: string,
      extentDBPath: string,
      persistencePathArray: PersistenceLocation[],
      enableAccessLog: boolean,
      accessLogWriteStream: undefined,
      enableDebugLog: boolean,
      debugLogFilePath: undefined,
      loose: boolean,
      skipApiVersionCheck: boolean,
    );
  }

  export default BlobConfiguration;
}

declare module 'azurite/dist/src/blob/BlobServer' {
  import type BlobConfiguration from 'azurite/dist/src/blob/BlobConfiguration';

  class BlobServer {
    constructor(configuration: BlobConfiguration);
    start(): Promise<void>;
    close(): Promise<void>;
    clean(): Promise<void>;
    getHttpServerAddress(): string;
  }

  export default BlobServer;
}
