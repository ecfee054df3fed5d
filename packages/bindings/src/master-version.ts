import type { OperationId } from './generated/operation-table';
import { knownMasterVersions, operationSince } from './generated/operation-versions';

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+.][0-9A-Za-z.+-]*)?$/;

/**
 * A master version's numeric core `[major, minor, patch]`, or undefined when the text is not a
 * version. Pre-release and build suffixes are dropped: a `0.39.0-dev0` master has what 0.39.0 has.
 */
export function parseMasterVersion(version: string): readonly [number, number, number] | undefined {
  const match = VERSION.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/**
 * Order two master versions by their numeric cores: negative when `a` is older, 0 when equal,
 * positive when newer; undefined when either is not a version.
 */
export function compareMasterVersions(a: string, b: string): number | undefined {
  const left = parseMasterVersion(a);
  const right = parseMasterVersion(b);
  if (!left || !right) return undefined;
  return left[0] - right[0] || left[1] - right[1] || left[2] - right[2];
}

/** Why a master cannot serve an operation: it is older than the first version that has it. */
export interface MissingOperation {
  readonly operationId: OperationId;
  /** The version the master reports. */
  readonly masterVersion: string;
  /** The first known master version that has the operation. */
  readonly since: string;
}

/**
 * `undefined` when a master of `masterVersion` may serve the operation; otherwise what the clear
 * error needs to say. Only versions after the oldest vendored one prove an operation is new, so an
 * operation of the oldest vendored spec (or a master version that does not parse) never counts as
 * missing: a wrong refusal would be worse than the master's own 404.
 */
export function missingOperation(
  operationId: OperationId,
  masterVersion: string,
): MissingOperation | undefined {
  const since = operationSince[operationId];
  if (since === knownMasterVersions[0]) return undefined;
  const order = compareMasterVersions(masterVersion, since);
  return order !== undefined && order < 0 ? { operationId, masterVersion, since } : undefined;
}
