/** One point of a curve: a value reported after `step` batches. */
export interface CurvePoint {
  readonly step: number;
  readonly value: number;
}

/** A named curve and the character it is drawn with. */
export interface Series {
  readonly label: string;
  readonly marker: string;
  readonly points: readonly CurvePoint[];
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  /** Plot columns (default 56). */
  width?: number;
  /** Plot rows (default 12). */
  height?: number;
  /** Name of the x axis (default `batches`). */
  xLabel?: string;
  /** ASCII axes instead of box-drawing characters. */
  ascii?: boolean;
}

interface Frame {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  width: number;
  height: number;
}

function frameOf(series: readonly Series[], width: number, height: number): Frame | null {
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) return null;
  const xs = points.map((p) => p.step);
  const ys = points.map((p) => p.value);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  // A flat curve still needs a non-empty range to be placed in the middle rows.
  const pad = maxY === minY ? Math.abs(maxY) * 0.1 || 1 : 0;
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: minY - pad, maxY: maxY + pad, width, height };
}

function column(frame: Frame, x: number): number {
  if (frame.maxX === frame.minX) return 0;
  return Math.round(((x - frame.minX) / (frame.maxX - frame.minX)) * (frame.width - 1));
}

function row(frame: Frame, y: number): number {
  return Math.round(((frame.maxY - y) / (frame.maxY - frame.minY)) * (frame.height - 1));
}

/** Marks each series on the grid: the line between its points with `·`, its points with its marker. */
function plot(grid: string[][], frame: Frame, series: readonly Series[]): void {
  for (const s of series) {
    const sorted = [...s.points].sort((a, b) => a.step - b.step);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1] as CurvePoint, sorted[i] as CurvePoint];
      const [ca, cb] = [column(frame, a.step), column(frame, b.step)];
      for (let c = ca + 1; c < cb; c++) {
        const y = a.value + ((b.value - a.value) * (c - ca)) / (cb - ca);
        const cell = grid[row(frame, y)];
        if (cell !== undefined && cell[c] === ' ') cell[c] = '.';
      }
    }
  }
  for (const s of series) {
    for (const p of s.points) {
      const cell = grid[row(frame, p.value)];
      if (cell !== undefined) cell[column(frame, p.step)] = s.marker;
    }
  }
}

/**
 * A line chart of one or more curves against the step, drawn in text: a y axis with the highest
 * and lowest values, an x axis with the first and last step, and a legend. No points: one line
 * saying so.
 */
export function lineChart(series: readonly Series[], options: LineChartOptions = {}): string[] {
  const { width = 56, height = 12, xLabel = 'batches', ascii = false } = options;
  const frame = frameOf(series, width, height);
  if (frame === null) return ['(no metrics reported)'];
  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
  plot(grid, frame, series);
  const labels = [frame.maxY.toFixed(3), frame.minY.toFixed(3)];
  const gutter = Math.max(...labels.map((l) => l.length));
  const [tick, bar, corner, dash] = ascii ? ['+', '|', '+', '-'] : ['┤', '│', '└', '─'];
  const lines = grid.map((cells, i) => {
    const label = i === 0 ? labels[0] : i === height - 1 ? labels[1] : '';
    return `${(label ?? '').padStart(gutter)} ${label ? tick : bar}${cells.join('').trimEnd()}`;
  });
  const first = String(frame.minX);
  const last = String(frame.maxX);
  const axis = `${' '.repeat(gutter)} ${corner}${dash.repeat(width)}`;
  const ticks = `${' '.repeat(gutter + 2)}${first}${last.padStart(width - first.length)}  ${xLabel}`;
  const legend = series.map((s) => `${s.marker} ${s.label}`).join('   ');
  return [...lines, axis, ticks, `${' '.repeat(gutter + 2)}${legend}`];
}
