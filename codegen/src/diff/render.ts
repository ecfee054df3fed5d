import type { ApiModel } from './api-model';
import type { Change } from './compare';

/** A diff report: both specs and every change. */
export interface DiffReport {
  readonly old: { readonly source: string; readonly sha256: string };
  readonly new: { readonly source: string; readonly sha256: string };
  readonly summary: {
    readonly breaking: number;
    readonly nonBreaking: number;
    readonly operationsAdded: number;
    readonly operationsRemoved: number;
    readonly definitionsAdded: number;
    readonly definitionsRemoved: number;
  };
  readonly changes: readonly Change[];
}

/** Assemble the report of `changes` from `before` to `after`. */
export function diffReport(before: ApiModel, after: ApiModel, changes: readonly Change[]): DiffReport {
  const count = (kind: Change['kind']) => changes.filter((change) => change.kind === kind).length;
  return {
    old: { source: before.source, sha256: before.sha256 },
    new: { source: after.source, sha256: after.sha256 },
    summary: {
      breaking: changes.filter((change) => change.breaking).length,
      nonBreaking: changes.filter((change) => !change.breaking).length,
      operationsAdded: count('operation-added'),
      operationsRemoved: count('operation-removed'),
      definitionsAdded: count('definition-added'),
      definitionsRemoved: count('definition-removed'),
    },
    changes,
  };
}

function line(change: Change): string {
  const tag = change.breaking ? '**breaking**' : 'non-breaking';
  return `- \`${change.name}\` ${change.detail} — ${tag}`;
}

function section(title: string, changes: readonly Change[]): string[] {
  if (changes.length === 0) return [];
  return [`### ${title} (${changes.length})`, '', ...changes.map(line), ''];
}

/** The report as markdown: a summary table, then removed, added and changed operations and definitions. */
export function renderMarkdown(report: DiffReport): string {
  const { summary, changes } = report;
  const of = (subject: Change['subject'], kinds: readonly Change['kind'][], negate = false) =>
    changes.filter((change) => change.subject === subject && kinds.includes(change.kind) !== negate);
  const removedAdded = [
    'operation-removed',
    'operation-added',
    'definition-removed',
    'definition-added',
  ] as const;
  return [
    '# API diff',
    '',
    `- old: \`${report.old.source}\` (sha256 ${report.old.sha256.slice(0, 12)})`,
    `- new: \`${report.new.source}\` (sha256 ${report.new.sha256.slice(0, 12)})`,
    '',
    '| | count |',
    '|---|---|',
    `| breaking changes | ${summary.breaking} |`,
    `| non-breaking changes | ${summary.nonBreaking} |`,
    `| operations removed / added | ${summary.operationsRemoved} / ${summary.operationsAdded} |`,
    `| definitions removed / added | ${summary.definitionsRemoved} / ${summary.definitionsAdded} |`,
    '',
    '## Operations',
    '',
    ...section('Removed', of('operation', ['operation-removed'])),
    ...section('Added', of('operation', ['operation-added'])),
    ...section('Changed', of('operation', removedAdded, true)),
    '## Definitions',
    '',
    ...section('Removed', of('definition', ['definition-removed'])),
    ...section('Added', of('definition', ['definition-added'])),
    ...section('Changed', of('definition', removedAdded, true)),
  ].join('\n');
}
