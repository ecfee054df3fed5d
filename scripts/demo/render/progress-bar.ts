/** Options of {@link progressBar}. */
export interface ProgressBarOptions {
  /** Units done so far. */
  done: number;
  /** Units in all; 0 or less draws an empty bar. */
  total: number;
  /** Cells between the brackets (default 30). */
  width?: number;
  /** ASCII cells (`#`/`-`) instead of block characters, for logs and pipes. */
  ascii?: boolean;
}

/** A bar such as `[██████░░░░░░]  50%`; `done` is clamped to `[0, total]`. */
export function progressBar({ done, total, width = 30, ascii = false }: ProgressBarOptions): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * width);
  const [full, empty] = ascii ? ['#', '-'] : ['█', '░'];
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${full.repeat(filled)}${empty.repeat(width - filled)}] ${percent}`;
}

/** A byte count for people: `512 B`, `4.7 KiB`, `1.2 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} ${units[0]}` : `${value.toFixed(1)} ${units[unit]}`;
}
