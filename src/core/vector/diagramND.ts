/**
 * Orbit diagram of a vector map over one parameter (the RNN, the PLRNN, Hénon):
 * per column, the orbit after a transient projected on one number — the mean
 * activity, one unit, or the first principal component — with λ_max from one
 * tangent vector. Fills the same histogram as the 1-D diagram, so the same
 * panel draws both.
 */
import { buildColumnsND, buildMapND, hasMeanField, meanFieldSigmas, type ImportedData, type MapND, type ModelParams, type SweepParam } from '../models';
import type { ColumnResult, Histogram } from '../map1d/bifurcation';
import { padRange, columnValues } from '../map1d/bifurcation';
import { principalPlane } from '../linalg/pca';
import { meanField, type MomentsOf } from './meanField';
import { gaussianMoments } from '../map1d/meanField1d';
import { SPECTRUM_ARENA_MIN_N, SpectrumRun } from './spectrum';
import { createArena, type Arena } from '../linalg/simd';
import { runColumnBatch } from './columnBatch';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';
import { stateDiverged } from '../divergence';

export type Projection = 'mean' | 'unit' | 'pc1';

export interface SweepBaseND {
  params: ModelParams;
  imported: ImportedData | null;
  param: SweepParam;
  transient: number;
  keep: number;
  proj: Projection;
  unit: number;
}

/** The projection as weights on the state: mean → 1/n each, unit → e_u, pc1 → its direction (and centre). */
export interface ProjectionWeights {
  w: Float64Array;
  centre: Float64Array;
}

/**
 * The projection for a whole diagram. PC1 is taken from the orbit at the
 * window's midpoint (so every worker and every column use the same axis).
 */
export function projectionFor(base: SweepBaseND, lo: number, hi: number): ProjectionWeights {
  const map = columnMap(base, 0.5 * (lo + hi));
  const n = map.n;
  if (base.proj === 'mean') return { w: new Float64Array(n).fill(1 / n), centre: new Float64Array(n) };
  if (base.proj === 'unit' || n < 3) {
    const w = new Float64Array(n);
    w[Math.min(n - 1, Math.max(0, base.unit))] = 1;
    return { w, centre: new Float64Array(n) };
  }
  let x: Float64Array = map.initialState();
  let nx: Float64Array = new Float64Array(n);
  for (let t = 0; t < base.transient; t++) {
    map.step(x, nx, t);
    [x, nx] = [nx, x];
  }
  const rows = Math.min(1000, Math.max(50, base.keep));
  const states = new Float64Array(rows * n);
  for (let t = 0; t < rows; t++) {
    map.step(x, nx, base.transient + t);
    [x, nx] = [nx, x];
    if (stateDiverged(x)) return { w: new Float64Array(n).fill(1 / n), centre: new Float64Array(n) };
    states.set(x, t * n);
  }
  const pc = principalPlane(states, n, rows, 0);
  return { w: pc.v1, centre: pc.mean };
}

export function columnMap(base: SweepBaseND, value: number): MapND {
  return buildMapND({ ...base.params, [base.param]: value }, base.imported);
}

/**
 * One column: transient, then `keep` projected states into pts[off…], with
 * λ_max from one tangent vector — the same run as the spectrum's (SpectrumRun
 * with k = 1), advanced a step at a time to read the state. `arena`, reset
 * here, lets the columns of a diagram share one wasm arena.
 */
export function runColumnND(map: MapND, proj: ProjectionWeights, transient: number, keep: number, pts: Float64Array, off: number, arena: Arena | null = null): ColumnResult {
  const n = map.n;
  arena?.reset();
  const run = new SpectrumRun(map, map.initialState(), { k: 1, transient, steps: keep, traceLength: 2, arena });
  run.advance(transient);
  if (run.hasDiverged) return { n: 0, diverged: true, lambda: NaN, lambdaStderr: NaN, period: 0 };
  for (let t = 0; t < keep; t++) {
    run.advance(1);
    if (run.hasDiverged) return { n: t, diverged: true, lambda: NaN, lambdaStderr: NaN, period: 0 };
    const x = run.state();
    let y = 0;
    for (let i = 0; i < n; i++) y += proj.w[i] * (x[i] - proj.centre[i]);
    pts[off + t] = y;
  }
  const r = keep > 0 ? run.result() : null;
  return { n: keep, diverged: false, lambda: r ? r.lambdas[0] : NaN, lambdaStderr: r ? r.errors.lambdas[0] : NaN, period: scalarPeriod(pts, off, keep) };
}

/** An arena the columns of a diagram of this map can share (null: the JS kernels). */
export function columnArena(map: MapND): Arena | null {
  return map.n >= SPECTRUM_ARENA_MIN_N ? createArena(SpectrumRun.arenaNeed(map, 1)) : null;
}

/** Period of the projected sequence (a proxy: equal projections may hide different states). */
function scalarPeriod(pts: Float64Array, off: number, n: number, maxP = 32): number {
  let scale = 1;
  for (let i = off; i < off + n; i++) scale = Math.max(scale, Math.abs(pts[i]));
  const tol = 1e-7 * scale;
  for (let p = 1; p <= Math.min(maxP, Math.floor(n / 2)); p++) {
    let ok = true;
    for (let t = off; t + p < off + n; t++)
      if (Math.abs(pts[t + p] - pts[t]) > tol) {
        ok = false;
        break;
      }
    if (ok) return p;
  }
  return 0;
}

/**
 * Columns of a diagram one batch runs together (core/vector/columnBatch.ts):
 * about 2·10⁶ weights × columns, so a batch is a few tens of milliseconds
 * (a worker pauses between batches) and its buffers stay in cache.
 */
export function batchColumns(n: number): number {
  return Math.max(4, Math.min(64, Math.round(2 ** 21 / (n * n))));
}

/**
 * Run columns [j0, j1) (column j has parameter values[j]): as one column batch
 * when the model has one for this parameter, else column by column. Calls
 * `visit(j, result, pts, offset)` for each with its projected states.
 */
export function runColumnsND(base: SweepBaseND, proj: ProjectionWeights, values: Float64Array, j0: number, j1: number, visit: (j: number, r: ColumnResult, pts: Float64Array, off: number) => void): void {
  const { transient, keep } = base;
  const batch = j1 > j0 ? buildColumnsND(base.params, base.imported, base.param, values.subarray(j0, j1)) : null;
  if (batch) {
    const pts = new Float64Array(batch.cols * keep);
    const r = runColumnBatch(batch, { transient, keep, pts, proj });
    for (let c = 0; c < batch.cols; c++) {
      const n = r.recorded[c];
      const diverged = r.diverged[c] === 1;
      visit(j0 + c, { n, diverged, lambda: r.lambda[c], lambdaStderr: r.lambdaStderr[c], period: diverged ? 0 : scalarPeriod(pts, c * keep, n) }, pts, c * keep);
    }
    return;
  }
  const scratch = new Float64Array(keep);
  let arena: Arena | null | undefined;
  for (let j = j0; j < j1; j++) {
    const map = columnMap(base, values[j]);
    if (arena === undefined) arena = columnArena(map);
    visit(j, runColumnND(map, proj, transient, keep, scratch, 0, arena), scratch, 0);
  }
}

/** Fill columns [j0, j1) of h (column j has parameter values[j]). */
export function histogramColumnsND(base: SweepBaseND, proj: ProjectionWeights, values: Float64Array, j0: number, j1: number, yLo: number, yHi: number, rows: number, h: Histogram): void {
  const scale = rows / (yHi - yLo);
  runColumnsND(base, proj, values, j0, j1, (j, r, pts, off) => {
    h.lambda[j] = r.lambda;
    h.lambdaStderr[j] = r.lambdaStderr;
    h.period[j] = r.period;
    h.diverged[j] = r.diverged ? 1 : 0;
    for (let t = 0; t < r.n; t++) {
      const y = pts[off + t];
      if (y < h.min) h.min = y;
      if (y > h.max) h.max = y;
      const i = Math.floor((y - yLo) * scale);
      if (i >= 0 && i < rows) h.counts[j * rows + i]++;
      else if (y === yHi) h.counts[j * rows + rows - 1]++;
      else h.outside++;
    }
  });
}

/** A state window from a cheap probe (few columns, short runs), as for the 1-D diagram. */
export function probeRangeND(base: SweepBaseND, proj: ProjectionWeights, lo: number, hi: number, cols = 24): [number, number] {
  return runToEnd(probeRangeNDSteps(base, proj, lo, hi, NO_PAUSE, cols));
}

/** `probeRangeND` as a job (core/job.ts): it may pause after each probe column (~0.1 s for N = 512). */
export function* probeRangeNDSteps(base: SweepBaseND, proj: ProjectionWeights, lo: number, hi: number, pace: Pacer, cols = 24): Job<[number, number]> {
  const probe = { ...base, transient: Math.min(base.transient, 300), keep: Math.min(base.keep, 80) };
  const values = columnValues(lo, hi, cols, 'inclusive');
  const colLo = new Float64Array(cols).fill(Infinity);
  const colHi = new Float64Array(cols).fill(-Infinity);
  const block = batchColumns(columnMap(probe, values[0]).n);
  for (let j = 0; j < cols; j += block) {
    runColumnsND(probe, proj, values, j, Math.min(cols, j + block), (c, r, pts, off) => {
      if (r.diverged) return; // hatched in the diagram: its last states say nothing about the window
      for (let t = 0; t < r.n; t++) {
        colLo[c] = Math.min(colLo[c], pts[off + t]);
        colHi[c] = Math.max(colHi[c], pts[off + t]);
      }
    });
    if (pace.due()) yield* pace.pause();
  }
  return padRange(...windowOfColumns(colLo, colHi));
}

/**
 * The states' window from each probe column's [lo, hi] (±∞ for a column
 * without points): all columns, but those whose largest |y| is more than
 * OUTLIER_FACTOR times the median column's — an orbit on its way out that the
 * short probe did not yet see diverge (a ReLU network just below its
 * divergence) would squash every other column into one line.
 */
export function windowOfColumns(lo: Float64Array, hi: Float64Array): [number, number] {
  const amps: number[] = [];
  for (let c = 0; c < lo.length; c++) if (lo[c] <= hi[c]) amps.push(Math.max(Math.abs(lo[c]), Math.abs(hi[c])));
  amps.sort((a, b) => a - b);
  const cap = amps.length ? OUTLIER_FACTOR * Math.max(amps[(amps.length - 1) >> 1], 1e-9) : Infinity;
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < lo.length; c++) {
    if (!(lo[c] <= hi[c]) || Math.max(Math.abs(lo[c]), Math.abs(hi[c])) > cap) continue;
    min = Math.min(min, lo[c]);
    max = Math.max(max, hi[c]);
  }
  return [min, max];
}

/** A probe column this many times larger than the median one is left out of the window. */
const OUTLIER_FACTOR = 100;

/** λ_MF of mean-field theory for each column (models with a mean-field theory; NaN where it diverges). */
export function theoryColumns(base: SweepBaseND, values: Float64Array): Float64Array | null {
  if (!hasMeanField(base.params.model)) return null;
  const out = new Float64Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const p = { ...base.params, [base.param]: values[j] };
    const { sigmaW2, sigmaB2 } = meanFieldSigmas(p, base.imported)!;
    out[j] = meanFieldLambda(p.act, sigmaW2, sigmaB2);
  }
  return out;
}

/**
 * λ_MF by (φ, σ_w², σ_b²), remembered (a new seed, width or orbit length
 * redraws the diagram at the same variances), with the Gaussian moments of
 * tanh and σ from the mean-field table of core/map1d/meanField1d.ts (6-point
 * interpolation of quadratures to 1e-12: λ_MF within 1e-10 of the quadrature's,
 * tests/unit/vector/columnBatch.test.ts; by quadrature a column's λ_MF took
 * about 2 ms, more than its orbit: docs/benchmarks.md, DIAG-64).
 */
const lambdaCache = new Map<string, number>();

const tabulatedMoments: MomentsOf = (act, q) => {
  const m = gaussianMoments(act, q);
  return { phi2: m[0], dphi2: m[1] };
};
const LAMBDA_CACHE_MAX = 8192;

function meanFieldLambda(act: ModelParams['act'], sigmaW2: number, sigmaB2: number): number {
  const key = `${act}|${sigmaW2}|${sigmaB2}`;
  const hit = lambdaCache.get(key);
  if (hit !== undefined) return hit;
  const mf = meanField(act, sigmaW2, sigmaB2, tabulatedMoments);
  const v = mf.diverged ? NaN : mf.lambda;
  if (lambdaCache.size >= LAMBDA_CACHE_MAX) lambdaCache.delete(lambdaCache.keys().next().value as string);
  lambdaCache.set(key, v);
  return v;
}
