/**
 * Orbit (bifurcation) diagram of a 1-D map over one parameter: for each
 * column value, iterate a transient from x0, then record `keep` states, their
 * per-column density histogram, the Lyapunov exponent and the period.
 *
 * Work is done column by column into caller-owned arrays so a worker can cut
 * it into time slices and stop between columns.
 */
import { buildMap, type ImportedData, type Map1D, type ModelParams, type SweepParam } from '../models';
import { detectPeriod } from './orbit';
import { LambdaRun1D } from './lambda';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';

export interface SweepBase {
  params: ModelParams;
  imported: ImportedData | null;
  param: SweepParam;
  transient: number;
  keep: number;
}

/** Column values: pixel centres ('centers') or a closed grid ('inclusive'). */
export function columnValues(lo: number, hi: number, cols: number, mode: 'centers' | 'inclusive'): Float64Array {
  const v = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    v[j] =
      mode === 'centers'
        ? lo + ((j + 0.5) * (hi - lo)) / cols
        : cols === 1
          ? lo
          : j === cols - 1
            ? hi // exactly, not lo + (hi − lo) rounded
            : lo + ((hi - lo) * j) / (cols - 1);
  }
  return v;
}

/** The map and start point of the column with the swept parameter at `value`. */
export function columnSetup(base: SweepBase, value: number): { map: Map1D; x0: number } {
  if (base.param === 'x0') return { map: buildMap(base.params, base.imported), x0: value };
  return { map: buildMap({ ...base.params, [base.param]: value }, base.imported), x0: base.params.x0 };
}

/** Reuses one map for every column when the swept parameter is x0. */
export function makeColumnFactory(base: SweepBase): (value: number) => { map: Map1D; x0: number } {
  if (base.param === 'x0') {
    const map = buildMap(base.params, base.imported);
    return (value) => ({ map, x0: value });
  }
  return (value) => columnSetup(base, value);
}

export interface ColumnResult {
  /** Points recorded (keep, or fewer if the orbit diverged). */
  n: number;
  diverged: boolean;
  lambda: number;
  /** λ's standard error by batch means over the recorded steps (NaN with too few, or diverged). */
  lambdaStderr: number;
  period: number;
}

/**
 * Iterate one column: `transient` steps, then `keep` recorded states written to
 * pts[off…], with λ = mean log|f′| over the recorded steps.
 */
export function runColumn(map: Map1D, x0: number, transient: number, keep: number, pts: Float64Array, off: number, maxPeriod = 32): ColumnResult {
  const run = new LambdaRun1D(map, x0);
  if (!run.skip(transient)) return { n: 0, diverged: true, lambda: NaN, lambdaStderr: NaN, period: 0 };
  if (!run.advance(keep, pts, off, keep)) return { n: run.steps, diverged: true, lambda: NaN, lambdaStderr: NaN, period: 0 };
  return { n: keep, diverged: false, lambda: run.lambda, lambdaStderr: run.stderr, period: detectPeriod(pts, off, keep, maxPeriod) };
}

export interface Histogram {
  /** cols × rows counts, column-major: counts[j·rows + i], row 0 at yLo. */
  counts: Uint32Array;
  lambda: Float64Array;
  /** λ's standard error per column (batch means over the recorded steps). */
  lambdaStderr: Float64Array;
  period: Int16Array;
  /** 1 where the column's orbit diverged. */
  diverged: Uint8Array;
  /** Recorded points that fell below yLo / above yHi (drawn nowhere). */
  outside: number;
  /** Extremes of all recorded finite points (to widen an auto range). */
  min: number;
  max: number;
}

export function allocHistogram(cols: number, rows: number): Histogram {
  return {
    counts: new Uint32Array(cols * rows),
    lambda: new Float64Array(cols),
    lambdaStderr: new Float64Array(cols),
    period: new Int16Array(cols),
    diverged: new Uint8Array(cols),
    outside: 0,
    min: Infinity,
    max: -Infinity,
  };
}

/**
 * Fill columns [j0, j1) of `h` (whose column 0 is values[0]). Returns nothing;
 * the caller slices time between calls.
 */
export function histogramColumns(
  base: SweepBase,
  values: Float64Array,
  j0: number,
  j1: number,
  yLo: number,
  yHi: number,
  rows: number,
  h: Histogram,
  setup = makeColumnFactory(base),
  scratch = new Float64Array(base.keep),
): void {
  const scale = rows / (yHi - yLo);
  for (let j = j0; j < j1; j++) {
    const { map, x0 } = setup(values[j]);
    const r = runColumn(map, x0, base.transient, base.keep, scratch, 0);
    h.lambda[j] = r.lambda;
    h.lambdaStderr[j] = r.lambdaStderr;
    h.period[j] = r.period;
    h.diverged[j] = r.diverged ? 1 : 0;
    const colOff = j * rows;
    for (let t = 0; t < r.n; t++) {
      const y = scratch[t];
      if (y < h.min) h.min = y;
      if (y > h.max) h.max = y;
      const i = Math.floor((y - yLo) * scale);
      if (i >= 0 && i < rows) h.counts[colOff + i]++;
      else if (y === yHi) h.counts[colOff + rows - 1]++;
      else h.outside++;
    }
  }
}

/** Raw recorded points per column (for export and the CLI). */
export function sweepPoints(base: SweepBase, values: Float64Array): { points: Float64Array[]; lambda: Float64Array; lambdaStderr: Float64Array; period: Int16Array; diverged: Uint8Array } {
  const setup = makeColumnFactory(base);
  const points: Float64Array[] = [];
  const lambda = new Float64Array(values.length);
  const lambdaStderr = new Float64Array(values.length);
  const period = new Int16Array(values.length);
  const diverged = new Uint8Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const { map, x0 } = setup(values[j]);
    const pts = new Float64Array(base.keep);
    const r = runColumn(map, x0, base.transient, base.keep, pts, 0);
    points.push(pts.slice(0, r.n));
    lambda[j] = r.lambda;
    lambdaStderr[j] = r.lambdaStderr;
    period[j] = r.period;
    diverged[j] = r.diverged ? 1 : 0;
  }
  return { points, lambda, lambdaStderr, period, diverged };
}

/**
 * A y-range for the diagram from a cheap probe (few columns, short runs):
 * the extent of all finite recorded points, padded; [−1, 1] if nothing survives.
 */
export function probeRange(base: SweepBase, lo: number, hi: number, cols = 64): [number, number] {
  return runToEnd(probeRangeSteps(base, lo, hi, NO_PAUSE, cols));
}

/** `probeRange` as a job (core/job.ts): it may pause after each probe column. */
export function* probeRangeSteps(base: SweepBase, lo: number, hi: number, pace: Pacer, cols = 64): Job<[number, number]> {
  const probe: SweepBase = {
    ...base,
    transient: Math.min(base.transient, 400),
    keep: Math.min(base.keep, 120),
  };
  const values = columnValues(lo, hi, cols, 'inclusive');
  const setup = makeColumnFactory(probe);
  const pts = new Float64Array(probe.keep);
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < cols; j++) {
    const { map, x0 } = setup(values[j]);
    const r = runColumn(map, x0, probe.transient, probe.keep, pts, 0);
    for (let t = 0; t < r.n; t++) {
      if (pts[t] < min) min = pts[t];
      if (pts[t] > max) max = pts[t];
    }
    if (pace.due()) yield* pace.pause();
  }
  return padRange(min, max);
}

export function padRange(min: number, max: number): [number, number] {
  if (!(min <= max)) return [-1, 1];
  const span = max - min;
  const scale = Math.max(Math.abs(min), Math.abs(max), 1);
  if (span < 1e-9 * scale) return [min - 0.1 * scale, max + 0.1 * scale];
  const pad = 0.04 * span;
  return [min - pad, max + pad];
}
