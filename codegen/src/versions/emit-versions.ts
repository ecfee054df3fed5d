import type { HistorySpec } from './history';
import { compareVersions } from './master-version';

/** What the operation-versions module is made from. */
export interface OperationVersionsInput {
  /** The operationIds of the spec being generated. */
  readonly operationIds: readonly string[];
  /** Its master version. */
  readonly specVersion: string;
  /** Older (and possibly newer) vendored specs; only versions up to `specVersion` count. */
  readonly history: readonly HistorySpec[];
}

/** The known versions (oldest first) and, for each operation, the first of them that has it. */
export function operationVersions(input: OperationVersionsInput): {
  knownVersions: string[];
  since: Map<string, string>;
} {
  const current = { version: input.specVersion, operationIds: new Set(input.operationIds) };
  const older = input.history.filter((entry) => compareVersions(entry.version, input.specVersion) < 0);
  const timeline = [...older.sort((a, b) => compareVersions(a.version, b.version)), current];
  const since = new Map<string, string>();
  for (const id of [...input.operationIds].sort()) {
    const first = timeline.find((entry) => entry.operationIds.has(id));
    since.set(id, first?.version ?? input.specVersion);
  }
  return { knownVersions: timeline.map((entry) => entry.version), since };
}

/** Generate the operation-versions module: the spec's master version and each operation's first version. */
export function emitOperationVersions(input: OperationVersionsInput): string {
  const { knownVersions, since } = operationVersions(input);
  const entries = [...since].map(([id, version]) => `  ${JSON.stringify(id)}: ${JSON.stringify(version)},`);
  return `import type { OperationId } from './operation-table';

/** The master version of the spec these bindings were generated from. */
export const specMasterVersion = ${JSON.stringify(input.specVersion)};

/** The master versions whose specs the generator compared, oldest first (the last is \`specMasterVersion\`). */
export const knownMasterVersions: readonly string[] = ${JSON.stringify(knownVersions)};

/**
 * For each operation, the first known master version that has it. An operation of the oldest known
 * version may be older still: only later versions mean "added in".
 */
export const operationSince: { readonly [Id in OperationId]: string } = {
${entries.join('\n')}
};
`;
}
