/**
 * Runtime version awareness: the connected master's version, read once per session, decides
 * whether an operation newer than the oldest vendored spec can be sent at all.
 */
import {
  knownMasterVersions,
  missingOperation,
  type OperationId,
  operationSince,
} from '@determined-ts/bindings/operations';
import { DeterminedError } from './errors';
import type { OperationResult } from './operation-types';

/** What `GET /api/v1/master` answers: the master's version, ids, cluster name and features. */
export type MasterInfo = OperationResult<'GetMaster'>;

/** An operation the connected master is too old to serve (instead of its opaque 404). */
export class UnsupportedOperationError extends DeterminedError {
  /** Always `'UnsupportedOperationError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'UnsupportedOperationError';
  /** The spec's operationId of the refused call (e.g. `PostAccessToken`). */
  readonly operationId: OperationId;
  /** The version the connected master reports. */
  readonly masterVersion: string;
  /** The first master version that has the operation. */
  readonly since: string;

  constructor(init: { operationId: OperationId; masterVersion: string; since: string }) {
    super(
      `${init.operationId} is not available on this master: it runs Determined ${init.masterVersion}, ` +
        `and the operation exists from ${init.since} on. Upgrade the master to ${init.since} or later, ` +
        'or avoid this call.',
    );
    this.operationId = init.operationId;
    this.masterVersion = init.masterVersion;
    this.since = init.since;
  }
}

/**
 * Reads the master's info at most once (a failed read is not kept, so the next call tries again)
 * and refuses operations the master's version does not have. Operations of the oldest vendored
 * spec need no read at all, so most sessions never send one.
 */
export class MasterVersionGuard {
  readonly #read: () => Promise<MasterInfo>;
  #info: Promise<MasterInfo> | undefined;

  constructor(read: () => Promise<MasterInfo>) {
    this.#read = read;
  }

  /** The master's info, read on first use. */
  info(): Promise<MasterInfo> {
    if (!this.#info) {
      const pending = this.#read();
      pending.catch(() => {
        if (this.#info === pending) this.#info = undefined;
      });
      this.#info = pending;
    }
    return this.#info;
  }

  /** Rejects with `UnsupportedOperationError` when the master is older than operation `id`. */
  async check(id: OperationId): Promise<void> {
    if (operationSince[id] === knownMasterVersions[0]) return;
    const missing = missingOperation(id, (await this.info()).version);
    if (missing) throw new UnsupportedOperationError(missing);
  }
}
