/**
 * The training lab's data sets, every one z-scored per column (mean 0,
 * standard deviation 1) and deterministic (no seed: the same link gives the
 * same series):
 *
 * - Lorenz-63 by RK4, sampled every dt = 0.05, 10 000 samples after 400 of
 *   transient from (1, 1, 1): λ_max = 0.9056·0.05 = 0.0453 per sample, τ_pred = 15.3;
 * - the logistic map x ← 4x(1 − x) from x₀ = 0.3: λ_max = ln 2 per step, τ_pred = 1;
 * - a random tanh RNN of the lab (drawn as Explore draws it from the link's
 *   seed; its first 3 units are observed), λ_max measured by QR (k = 1);
 * - a user CSV (see csvData.ts): λ_max unknown.
 */
import { LORENZ_DT, lorenzLambdaPerStep, lorenzSeries } from './lorenz';
import { zscore } from './measures';
import { lyapunovSpectrum } from '../vector/spectrum';
import { RnnMap, drawRnn, type WLaw } from '../models';
import type { Activation } from '../models/activations';

export const DATA_LENGTH = 10000;

export interface TrainData {
  kind: 'lorenz' | 'logistic' | 'rnn' | 'csv';
  /** A short description of the series. */
  label: string;
  /** len × n, z-scored. */
  x: Float64Array;
  n: number;
  len: number;
  columns: string[];
  /** λ_max of the data per sample (null: unknown). */
  lambda: number | null;
  /** Where λ_max comes from. */
  lambdaSource: string;
}

export function lorenzData(len = DATA_LENGTH, dt = LORENZ_DT): TrainData {
  return {
    kind: 'lorenz',
    label: `Lorenz-63 (σ 10, ρ 28, β 8/3) by RK4, sampled every dt = ${dt}, ${len} samples, z-scored`,
    x: zscore(lorenzSeries(len, dt), 3),
    n: 3,
    len,
    columns: ['x', 'y', 'z'],
    lambda: lorenzLambdaPerStep(dt),
    lambdaSource: `0.9056 per time unit (Sprott) × dt ${dt}`,
  };
}

export function logisticData(len = DATA_LENGTH, x0 = 0.3): TrainData {
  const x = new Float64Array(len);
  let v = x0;
  for (let t = 0; t < 100; t++) v = 4 * v * (1 - v);
  for (let t = 0; t < len; t++) {
    x[t] = v;
    v = 4 * v * (1 - v);
  }
  return {
    kind: 'logistic',
    label: `logistic map r = 4 from x₀ = ${x0}, ${len} steps, z-scored`,
    x: zscore(x, 1),
    n: 1,
    len,
    columns: ['x'],
    lambda: Math.LN2,
    lambdaSource: 'ln 2 (exact for r = 4)',
  };
}

export interface RnnDataSpec {
  k: number;
  g: number;
  sb: number;
  wl: WLaw;
  act: Activation;
  seed: number;
}

/** The lab's random RNN (no input) after 500 steps of transient; its first `observe` units, z-scored. */
export function rnnData(spec: RnnDataSpec, len = DATA_LENGTH, observe = 3): TrainData {
  const d = drawRnn(spec.k, spec.wl, spec.seed, spec.sb);
  const map = new RnnMap(d.weights, spec.g, spec.act, d.h0, d.v, { kind: 'none', amplitude: 0, period: 1 });
  const N = spec.k;
  const n = Math.min(observe, N);
  let h = Float64Array.from(d.h0);
  let nh = new Float64Array(N);
  for (let t = 0; t < 500; t++) {
    map.step(h, nh, t);
    [h, nh] = [nh, h];
  }
  const start = Float64Array.from(h);
  const x = new Float64Array(len * n);
  for (let t = 0; t < len; t++) {
    for (let i = 0; i < n; i++) x[t * n + i] = h[i];
    map.step(h, nh, t);
    [h, nh] = [nh, h];
  }
  const sp = lyapunovSpectrum(map, start, { k: 1, transient: 200, steps: 5000 });
  const lambda = sp.diverged ? null : sp.lambdas[0];
  return {
    kind: 'rnn',
    label: `random RNN N = ${N}, ${spec.wl} law, g = ${spec.g}, φ = ${spec.act}, σ_b = ${spec.sb}, seed ${spec.seed}; units 1–${n} observed, ${len} steps, z-scored`,
    x: zscore(x, n),
    n,
    len,
    columns: Array.from({ length: n }, (_, i) => `h${i + 1}`),
    lambda,
    lambdaSource: 'QR method on the RNN itself (5 000 steps)',
  };
}

/** A parsed CSV's chosen columns (len × n, raw values) as a data set. */
export function csvData(values: Float64Array, n: number, columns: string[], name = 'your CSV'): TrainData {
  const len = Math.floor(values.length / n);
  return {
    kind: 'csv',
    label: `${name}: ${len} rows × ${n} column${n === 1 ? '' : 's'} (${columns.join(', ')}), z-scored`,
    x: zscore(values, n),
    n,
    len,
    columns,
    lambda: null,
    lambdaSource: 'unknown for a CSV',
  };
}
