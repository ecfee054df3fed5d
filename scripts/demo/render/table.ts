/** One row of a {@link table}: a label and its value. */
export type TableRow = readonly [label: string, value: string];

/**
 * A two-column table with ASCII borders (tidy in terminals, logs and CI output alike):
 *
 * ```text
 * +------------+-------+
 * | experiment | 1     |
 * +------------+-------+
 * ```
 */
export function table(title: string, rows: readonly TableRow[]): string[] {
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length), title.length - labelWidth - 3);
  const rule = `+${'-'.repeat(labelWidth + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  const inner = labelWidth + valueWidth + 5;
  return [
    `+${'-'.repeat(inner)}+`,
    `| ${title.padEnd(inner - 2)} |`,
    rule,
    ...rows.map(([label, value]) => `| ${label.padEnd(labelWidth)} | ${value.padEnd(valueWidth)} |`),
    rule,
  ];
}
