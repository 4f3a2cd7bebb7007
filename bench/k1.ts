/**
 * Kernel K1 of ../shared/bench-reference, run with the project's core code.
 *
 * M1, the 1-D network map f(x) = Σᵢ aᵢ tanh(wᵢx + bᵢ), n = 16 units. The
 * z-scores u, v, c (in that order, n each) come from ONE mulberry32/Box–Muller
 * stream seeded with 6; for each g_j = 0.5 + 3.5·j/999 (j < 1000):
 *   wᵢ = g·uᵢ,  bᵢ = vᵢ,  aᵢ = (g/√n)·cᵢ,  c = 0,  x₀ = 0.1,
 * then 1000 transient and 500 recorded iterations ("bif": the 500 states are
 * stored). The weights are built here exactly as K1 defines them, NOT through
 * the app's init schemes (he, xavier, …), which scale the z-scores differently.
 */
import { Rng } from '../src/core/linalg/rng';
import { NetMap } from '../src/core/models';
import { Act } from '../src/core/models/activations';
import { allocHistogram, columnValues, histogramColumns, padRange, runColumn, type Histogram, type SweepBase } from '../src/core/map1d/bifurcation';
import type { Net1dWeights } from '../src/core/models';

export const K1 = {
  n: 16,
  seed: 6,
  ng: 1000,
  gmin: 0.5,
  gmax: 4,
  transient: 1000,
  record: 500,
  x0: 0.1,
} as const;

/** tanh evaluations in one K1 run (for ns per tanh). */
export const K1_TANH_COUNT = K1.ng * (K1.transient + K1.record) * K1.n;

export interface ZScores {
  u: Float64Array;
  v: Float64Array;
  c: Float64Array;
}

/** u[0..n), then v[0..n), then c[0..n) from one stream (our Rng). */
export function k1ZScores(seed: number = K1.seed, n: number = K1.n): ZScores {
  const r = new Rng(seed);
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = r.normal();
  for (let i = 0; i < n; i++) v[i] = r.normal();
  for (let i = 0; i < n; i++) c[i] = r.normal();
  return { u, v, c };
}

/** K1's weights at one g, with the reference's operation order (s = 1). */
export function k1Weights(z: ZScores, g: number): Net1dWeights {
  const n = z.u.length;
  const w = new Float64Array(n);
  const b = new Float64Array(n);
  const a = new Float64Array(n);
  const sa = g / Math.sqrt(n);
  for (let i = 0; i < n; i++) {
    w[i] = g * z.u[i];
    b[i] = z.v[i];
    a[i] = sa * z.c[i];
  }
  return { w, b, a, c: 0 };
}

/** The g grid, from our core (`columnValues`, 'inclusive' = the reference's formula). */
export function k1Grid(): Float64Array {
  return columnValues(K1.gmin, K1.gmax, K1.ng, 'inclusive');
}

export interface K1Output {
  /** ng × record states, row j = column g_j (NaN where an orbit diverged). */
  states: Float64Array;
  /** λ per column, as runColumn computes it during the recorded steps. */
  lambda: Float64Array;
}

export function allocK1Output(): K1Output {
  return { states: new Float64Array(K1.ng * K1.record), lambda: new Float64Array(K1.ng) };
}

/** The timed K1 kernel: one NetMap per g, then runColumn into the shared state array. */
export function runK1(z: ZScores, gs: Float64Array, out: K1Output): void {
  const { states, lambda } = out;
  const keep = K1.record;
  for (let j = 0; j < gs.length; j++) {
    const map = new NetMap(k1Weights(z, gs[j]), Act.Tanh, 'identity');
    const r = runColumn(map, K1.x0, K1.transient, keep, states, j * keep);
    lambda[j] = r.lambda;
    if (r.n < keep) states.fill(NaN, j * keep + r.n, (j + 1) * keep);
  }
}

/** Plain sum of all finite stored values, as the reference's `checksum`. */
export function checksum(xs: Float64Array): { sum: number; nonfinite: number } {
  let sum = 0;
  let nonfinite = 0;
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i])) sum += xs[i];
    else nonfinite++;
  }
  return { sum, nonfinite };
}

/** Sweep description for histogramColumns (only transient/keep matter: the column factory is ours). */
export function k1SweepBase(): SweepBase {
  return {
    params: {
      model: 'net1d',
      act: 'tanh',
      out: 'identity',
      g: 0,
      sb: 1,
      k: K1.n,
      init: 'normal',
      seed: K1.seed,
      wl: 'gauss',
      inp: 'none',
      ia: 0,
      ip: 20,
      a: 0,
      w: 1,
      b: 0,
      r: 3.7,
      mu: 1.9,
      x0: K1.x0,
    },
    imported: null,
    param: 'g',
    transient: K1.transient,
    keep: K1.record,
  };
}

export const HIST_ROWS = 600;

export interface K1HistJob {
  base: SweepBase;
  gs: Float64Array;
  yLo: number;
  yHi: number;
  h: Histogram;
  /** (ArrayBuffer-backed: the type histogramColumns infers from its default.) */
  scratch: Float64Array<ArrayBuffer>;
  setup: (g: number) => { map: NetMap; x0: number };
}

/** The diagram's y range is taken (untimed) from the states of one K1 run, padded like the app's probe. */
export function k1HistJob(z: ZScores, gs: Float64Array, states: Float64Array): K1HistJob {
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of states) {
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  const [yLo, yHi] = padRange(lo, hi);
  const base = k1SweepBase();
  return {
    base,
    gs,
    yLo,
    yHi,
    h: allocHistogram(gs.length, HIST_ROWS),
    scratch: new Float64Array(base.keep),
    setup: (g: number) => ({ map: new NetMap(k1Weights(z, g), Act.Tanh, 'identity'), x0: K1.x0 }),
  };
}

export function resetHistogram(h: Histogram): void {
  h.counts.fill(0);
  h.lambda.fill(0);
  h.period.fill(0);
  h.diverged.fill(0);
  h.outside = 0;
  h.min = Infinity;
  h.max = -Infinity;
}

/** The timed K1-hist kernel: what the app's orbit diagram does, 1000 columns × 600 rows. */
export function runK1Hist(job: K1HistJob): void {
  histogramColumns(job.base, job.gs, 0, job.gs.length, job.yLo, job.yHi, HIST_ROWS, job.h, job.setup, job.scratch);
}
