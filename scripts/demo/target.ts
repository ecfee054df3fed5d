import path from 'node:path';
import { Determined, type Logger } from '@determined-ts/client';
import { startMockMaster } from '@determined-ts/mock-master';

/** The master the demo runs against and how to let it go. */
export interface DemoTarget {
  readonly det: Determined;
  /** `embedded mock master at http://…` or the real master's URL. */
  readonly description: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** Options of {@link openTarget}. */
export interface OpenTargetOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Where the embedded mock's client keeps its token cache. */
  readonly workdir: string;
  /** Virtual seconds per real second of the embedded mock. */
  readonly speed: number;
  /** The SDK's logger; undefined for its default (`DET_TS_LOG`). */
  readonly logger: Logger | undefined;
}

/**
 * `DET_MASTER` set: that master, with the SDK's usual credential rules (`DET_USER`/`DET_PASS`,
 * the `det` CLI's cached login, ...). Otherwise an embedded mock master on 127.0.0.1 and a client
 * whose token cache lives in `workdir`, so nothing in the user's configuration is read or written.
 */
export async function openTarget({ env, workdir, speed, logger }: OpenTargetOptions): Promise<DemoTarget> {
  const withLogger = logger === undefined ? {} : { logger };
  if (env.DET_MASTER) {
    const det = new Determined({ env, ...withLogger });
    return { det, description: env.DET_MASTER, embedded: false, close: () => det.close() };
  }
  const mock = await startMockMaster({ port: 0, speed });
  const det = new Determined({
    master: mock.url,
    user: 'determined',
    password: '',
    env: { DET_TS_LOG: env.DET_TS_LOG },
    configDir: path.join(workdir, '.determined'),
    ...withLogger,
  });
  return {
    det,
    description: `embedded mock master at ${mock.url}`,
    embedded: true,
    close: async () => {
      await det.close();
      await mock.stop();
    },
  };
}
