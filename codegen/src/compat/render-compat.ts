import type { Change } from '../diff/compare';
import type { DiffReport } from '../diff/render';
import type { AffectedUse } from './affected';
import type { TypeCheckError } from './type-check';

/** A tsc error with the facade member it is in. */
export interface LocatedError extends TypeCheckError {
  readonly member: string;
}

/** What `determined-codegen compat` found. */
export interface CompatReport {
  readonly spec: string;
  readonly baseline: string;
  readonly checked: readonly string[];
  readonly typeCheck: { readonly clean: boolean; readonly errors: readonly LocatedError[] };
  readonly affected: readonly AffectedUse[];
  readonly diff: DiffReport['summary'];
  /** `broken` when the facade or the examples no longer type-check against the spec. */
  readonly result: 'compatible' | 'broken';
}

const SHOWN_CHANGES = 5;

function changeLines(changes: readonly Change[]): string[] {
  const breaking = changes.filter((change) => change.breaking);
  const shown = breaking
    .slice(0, SHOWN_CHANGES)
    .map((change) => `    - **breaking** \`${change.name}\` ${change.detail}`);
  if (breaking.length > SHOWN_CHANGES)
    shown.push(`    - … and ${breaking.length - SHOWN_CHANGES} more breaking`);
  return shown;
}

function affectedLines(affected: readonly AffectedUse[]): string[] {
  if (affected.length === 0)
    return ['None: no facade method names a changed or removed operation or definition.', ''];
  const lines: string[] = [];
  let file = '';
  for (const use of affected) {
    if (use.file !== file) {
      file = use.file;
      lines.push(`- \`${file}\``);
    }
    const breaking = use.changes.filter((change) => change.breaking).length;
    const counts = `${breaking} breaking, ${use.changes.length - breaking} non-breaking`;
    lines.push(
      `  - \`${use.member}\` (line ${use.line}) uses \`${use.uses}\`: ${counts}`,
      ...changeLines(use.changes),
    );
  }
  return [...lines, ''];
}

function errorLines(errors: readonly LocatedError[]): string[] {
  return errors.map((error) => {
    const first = error.message.split('\n')[0] ?? '';
    return `- \`${error.file}:${error.line}:${error.column}\` in \`${error.member}\`: ${error.code} ${first}`;
  });
}

function typeCheckLines(report: CompatReport): string[] {
  const { errors } = report.typeCheck;
  if (errors.length === 0) return ['Clean.'];
  const inChecked = (error: LocatedError) => report.checked.some((root) => error.file.startsWith(`${root}/`));
  const own = errors.filter(inChecked);
  const imported = errors.filter((error) => !inChecked(error));
  const files = new Set(errors.map((error) => error.file));
  const lines = [`${errors.length} error(s) in ${files.size} file(s):`];
  if (own.length > 0) lines.push('', `In ${report.checked.join(' and ')}:`, ...errorLines(own));
  if (imported.length > 0) lines.push('', 'In packages they import:', ...errorLines(imported));
  return lines;
}

/** The report as markdown. */
export function renderCompat(report: CompatReport): string {
  const { diff } = report;
  return [
    `# Facade compatibility with \`${report.spec}\``,
    '',
    `Baseline \`${report.baseline}\`; API diff: ${diff.breaking} breaking, ${diff.nonBreaking} non-breaking changes ` +
      `(operations −${diff.operationsRemoved} +${diff.operationsAdded}, definitions −${diff.definitionsRemoved} +${diff.definitionsAdded}).`,
    '',
    `## Type check of ${report.checked.map((root) => `\`${root}\``).join(' and ')} against the regenerated bindings`,
    '',
    ...typeCheckLines(report),
    '',
    '## Facade methods whose endpoint or fields changed or vanished',
    '',
    ...affectedLines(report.affected),
    `Result: ${report.result === 'broken' ? 'BROKEN — the facade does not type-check against this spec' : 'compatible — the facade type-checks against this spec'}`,
    '',
  ].join('\n');
}
