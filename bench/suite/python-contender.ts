// Determined's Python SDK measured in the same run, on the same bench master and bytes, when
// DET_UPSTREAM_HARNESS points at an upstream checkout's harness/ (otherwise the scenarios keep
// the figures quoted from the performance issue).
import type { BundleDir, PythonHarness } from './child';
import { type Figure, type FigureSpec, measure } from './figures';

/** What of a scenario's context the Python contender needs. */
export interface PythonContext {
  readonly bundle: BundleDir;
  /** Null when `DET_UPSTREAM_HARNESS` is not set: nothing is measured. */
  readonly python: PythonHarness | null;
  readonly runs: number;
}

/** Which call of the Python SDK `contenders/python-sdk.py` times. */
export type PythonContender = 'create-experiment' | 'metric-stream' | 'download';

/** What a scenario passes to measure the Python SDK next to its own contenders. */
export interface PythonFigureSpec extends Pick<FigureSpec, 'unit' | 'value' | 'higherIsBetter'> {
  readonly contender: PythonContender;
  readonly label: string;
  readonly args: object;
}

/** The Python SDK's figure, or null when no harness is configured. */
export async function pythonFigure(context: PythonContext, spec: PythonFigureSpec): Promise<Figure | null> {
  if (context.python === null) return null;
  return measure(context.bundle, {
    label: `Python SDK 0.38.1 ${spec.label}`,
    script: 'python-sdk',
    python: context.python,
    args: { ...spec.args, contender: spec.contender },
    unit: spec.unit,
    value: spec.value,
    higherIsBetter: spec.higherIsBetter,
    runs: context.runs,
  });
}
