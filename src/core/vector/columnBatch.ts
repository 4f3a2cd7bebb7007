/**
 * Many runs of one vector map family at once (issue #17): the columns of an
 * orbit diagram over g, or the cells of a phase map at one seed, iterate the
 * same weights with different scales. A `ColumnBatch` keeps the C states as
 * the columns of an n × C matrix, so a step is one matrix product W·[h⁽¹⁾ … h⁽ᶜ⁾]
 * (the register-blocked GEMM of the wasm kernels) instead of C matrix–vector
 * products, with the per-column scale and the nonlinearity applied after it.
 *
 * `runColumnBatch` is the λ_max run of `SpectrumRun` with k = 1 (Benettin et
 * al. 1980: one tangent vector, normalised every step, the logs of its growth
 * averaged after the transient), one tangent vector per column, with the same
 * start frame, the same divergence rule and the same batch-means error bars.
 *
 * What is equal to what (tests/unit/vector/columnBatch.test.ts):
 * - a column's numbers do not depend on the other columns of its batch, nor
 *   on their count (the GEMM sums every element in the same order whatever
 *   the tiles): the same bits in a batch of 1, of 7 or of 64 columns, with the
 *   wasm kernels or the JavaScript ones;
 * - against the one-column maps (`MapND`, which multiply by g·W built entry by
 *   entry) a batch computes g·(W·h): the order of the rounding changes, so one
 *   step agrees to a few ulps of Σ|g·Wᵢⱼ·hⱼ| and whole runs agree as a
 *   rounding perturbation can (stable columns to ~1e-12, chaotic columns within
 *   the error bars of λ_max).
 */
import { Rng } from '../linalg/rng';
import { log } from '../linalg/elementary';
import { arenaDoubles, createArena, type Arena } from '../linalg/simd';
import { DIVERGENCE_BOUND, isDiverged } from '../divergence';
import { matTvec, repeatColumns } from '../linalg/dense';
import { VectorBatchMeans } from '../linalg/batchMeans';
import { LOG_DERIVATIVE_FLOOR } from '../map1d/lambda';
import { SPECTRUM_ARENA_MIN_N } from './spectrum';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';
import type { ColumnBatch } from '../models';

export type { ColumnBatch };

/** The projection of a state on one number: y = Σᵢ wᵢ·(xᵢ − centreᵢ). */
export interface ColumnProjection {
  w: Float64Array;
  centre: Float64Array;
}

export interface ColumnRunOptions {
  transient: number;
  /** Steps recorded (and averaged for λ_max) after the transient. */
  keep: number;
  /** Where the projected states go: column c's step t at pts[c·keep + t] (null: none kept). */
  pts: Float64Array | null;
  proj: ColumnProjection | null;
  /** Seed of the start tangent vector (SpectrumRun's default). */
  frameSeed?: number;
  /** Return every column's last state (`end`), e.g. to run its orbit on one by one. */
  keepEnd?: boolean;
}

/** Per column: the steps recorded, whether it diverged, λ_max and its standard error (NaN when diverged or nothing recorded). */
export interface ColumnBatchResult {
  recorded: Int32Array;
  diverged: Uint8Array;
  lambda: Float64Array;
  lambdaStderr: Float64Array;
  /** With keepEnd: the last states (n × C, column c's coordinate i at i·C + c; zeros for a diverged column), else null. */
  end: Float64Array | null;
}

/** The start tangent vector of `SpectrumRun` with k = 1: seeded normals, normalised as qrMgs does one column. */
export function startTangent(n: number, frameSeed = 12345): Float64Array {
  const rng = new Rng(frameSeed);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = rng.normal();
  let s = 0;
  for (let i = 0; i < n; i++) s += q[i] * q[i];
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < n; i++) q[i] *= inv;
  return q;
}

/** Doubles of arena a run of this batch takes (its own buffers and the batch's). */
export function columnRunArenaNeed(batch: ColumnBatch): number {
  const nc = batch.n * batch.cols;
  return arenaDoubles(nc, nc, nc, nc, batch.cols, batch.cols, batch.n) + batch.arenaDoubles();
}

/**
 * Run every column: `transient` steps of the states, then `keep` steps with
 * one tangent vector per column, projecting each state into `pts`. A column
 * whose state leaves the divergence bound stops there (its state and tangent
 * are zeroed so the others run on unharmed). `arena`: reuse this one when it
 * is large enough; otherwise a new one (null: the JavaScript kernels).
 */
export function runColumnBatch(batch: ColumnBatch, opts: ColumnRunOptions, arena: Arena | null = null): ColumnBatchResult {
  return runToEnd(columnBatchJob(batch, opts, arena, NO_PAUSE));
}

/** `runColumnBatch` as a job (core/job.ts): it ticks `pace` once a step (units: multiply–adds of the step's products) and pauses when told. */
export function* columnBatchJob(batch: ColumnBatch, opts: ColumnRunOptions, arena: Arena | null, pace: Pacer): Job<ColumnBatchResult> {
  const n = batch.n;
  const C = batch.cols;
  const { transient, keep, pts, proj } = opts;
  const need = columnRunArenaNeed(batch);
  let ar: Arena | null = null;
  if (n >= SPECTRUM_ARENA_MIN_N) {
    if (arena && arena.free >= need) ar = arena;
    else ar = createArena(need);
  }
  const alloc = (len: number) => (ar ? ar.alloc(len) : new Float64Array(len));
  const map = ar ? batch.bind(ar) : batch;
  let X = alloc(n * C);
  let Xn = alloc(n * C);
  let Q = alloc(n * C);
  let Y = alloc(n * C);
  map.initialStates(X);

  const recorded = new Int32Array(C);
  const diverged = new Uint8Array(C);
  const lambda = new Float64Array(C).fill(NaN);
  const lambdaStderr = new Float64Array(C).fill(NaN);
  const acc = new Float64Array(C);
  const logs = new Float64Array(C);
  const norms = alloc(C);
  const batches = new VectorBatchMeans(C);
  const projected = alloc(C);
  const centred = proj !== null && proj.centre.some((v) => v !== 0);
  const projW = alloc(n);
  if (proj) projW.set(proj.w);
  let alive = C;
  const stepUnits = n * n * C;
  const ends = () => (opts.keepEnd ? Float64Array.from(X) : null);

  /** Mark the columns whose state left the bound; true while some column runs. */
  const checkDivergence = (t: number): boolean => {
    // the common case first: every coordinate of every column within the bound
    if (ar) {
      if (!ar.k.any_beyond(n * C, X.byteOffset, DIVERGENCE_BOUND)) return alive > 0;
    } else {
      let p = 0;
      while (p < n * C && !isDiverged(X[p])) p++;
      if (p === n * C) return alive > 0;
    }
    for (let c = 0; c < C; c++) {
      if (diverged[c]) continue;
      for (let i = 0, p = c; i < n; i++, p += C)
        if (isDiverged(X[p])) {
          diverged[c] = 1;
          recorded[c] = t;
          alive--;
          for (let r = 0, q = c; r < n; r++, q += C) {
            X[q] = 0;
            Q[q] = 0;
          }
          break;
        }
    }
    return alive > 0;
  };

  for (let t = 0; t < transient; t++) {
    map.step(X, Xn, t);
    [X, Xn] = [Xn, X];
    if (!checkDivergence(0)) return { recorded, diverged, lambda, lambdaStderr, end: ends() };
    if (pace.tick(stepUnits)) yield* pace.pause();
  }

  const q0 = startTangent(n, opts.frameSeed);
  repeatColumns(n, C, q0, Q);
  for (let c = 0; c < C; c++) if (diverged[c]) for (let i = 0; i < n; i++) Q[i * C + c] = 0;

  for (let s = 0; s < keep; s++) {
    map.tangentStep(X, Xn, Q, Y, transient + s);
    [X, Xn] = [Xn, X];
    [Q, Y] = [Y, Q];
    checkDivergence(s);
    // normalise each tangent vector: its growth this step is R's one entry
    if (ar) ar.k.col_sumsq(n, C, Q.byteOffset, norms.byteOffset);
    else {
      norms.fill(0);
      for (let i = 0, ri = 0; i < n; i++, ri += C) for (let c = 0; c < C; c++) norms[c] += Q[ri + c] * Q[ri + c];
    }
    for (let c = 0; c < C; c++) {
      const r = Math.sqrt(norms[c]);
      if (r > 0) {
        logs[c] = log(r);
        norms[c] = 1 / r;
      } else {
        // a null vector (or a stopped column): e₀, as qrMgs replaces it
        logs[c] = LOG_DERIVATIVE_FLOOR;
        norms[c] = 0;
        if (!diverged[c]) for (let i = 0; i < n; i++) Q[i * C + c] = i === 0 ? 1 : 0;
      }
      acc[c] += logs[c];
    }
    if (ar) ar.k.scale_cols(n, C, Q.byteOffset, norms.byteOffset);
    else for (let i = 0, ri = 0; i < n; i++, ri += C) for (let c = 0; c < C; c++) if (norms[c] !== 0) Q[ri + c] *= norms[c];
    batches.add(logs);
    if (pts && proj) {
      // y_c = Σᵢ wᵢ·(x_ic − centreᵢ), i ascending as in runColumnND (xᵢ − 0 = xᵢ: without a centre, Xᵀw)
      if (centred) {
        projected.fill(0);
        for (let i = 0, ri = 0; i < n; i++, ri += C) {
          const wi = projW[i];
          const ci = proj.centre[i];
          for (let c = 0; c < C; c++) projected[c] += wi * (X[ri + c] - ci);
        }
      } else matTvec(n, C, X, projW, projected);
      for (let c = 0; c < C; c++) if (!diverged[c]) pts[c * keep + s] = projected[c];
    }
    if (alive === 0) break;
    if (pace.tick(2 * stepUnits)) yield* pace.pause();
  }
  for (let c = 0; c < C; c++) {
    if (diverged[c]) continue;
    recorded[c] = keep;
    if (keep > 0) {
      lambda[c] = acc[c] / keep;
      lambdaStderr[c] = batches.stderr(c);
    }
  }
  return { recorded, diverged, lambda, lambdaStderr, end: ends() };
}
