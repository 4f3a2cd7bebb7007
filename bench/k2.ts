/**
 * Kernels K2 and LMAX of ../shared/bench-reference, run with the project's core
 * (`SpectrumRun` on an `RnnMap`).
 *
 * M2, the vanilla RNN h_{t+1} = tanh(W h_t + b). From ONE mulberry32/Box–Muller
 * stream seeded with `seed`, in this order: W[i][j] = (g/√N)·normal() (row-major,
 * the scale computed once), b[i] = sb·normal(), h0[i] = normal(). The weights are
 * built here exactly that way and handed to `RnnMap` with g = 1 (1·w is exact), so
 * W is bit-for-bit the reference JS's (js/common.js `rnnInit`); it differs from
 * C's only where V8's Math.log/Math.cos differ from glibc (about 6 % of the
 * normals, by an ulp). `drawRnn` + `RnnMap(g)` would compute g·(z/√N) instead of
 * (g/√N)·z: the same network up to rounding, but not the reference's bits.
 *
 * K2-N  full spectrum (k = N), 1000 transient + 2000 steps, QR every step.
 * LMAX-256  λ_max alone (k = 1), N = 256, 1000 transient + 10⁴ steps.
 */
import { RnnMap } from '../src/core/vector';
import { SpectrumRun, type SpectrumResult } from '../src/core/spectrum';
import { Rng } from '../src/core/rng';

export const K2 = { g: 2, sb: 0.1, seed: 42, transient: 1000, steps: 2000 } as const;
export const LMAX = { n: 256, g: 2, sb: 0.1, seed: 42, transient: 1000, steps: 10_000 } as const;

export interface RnnParams {
  W: Float64Array;
  b: Float64Array;
  h0: Float64Array;
}

/** The reference's M2 parameters (README "M2, the vanilla RNN"), with our Rng. */
export function k2Params(n: number, g: number = K2.g, sb: number = K2.sb, seed: number = K2.seed): RnnParams {
  const r = new Rng(seed);
  const sc = g / Math.sqrt(n);
  const W = new Float64Array(n * n);
  const b = new Float64Array(n);
  const h0 = new Float64Array(n);
  for (let i = 0; i < n * n; i++) W[i] = sc * r.normal();
  for (let i = 0; i < n; i++) b[i] = sb * r.normal();
  for (let i = 0; i < n; i++) h0[i] = r.normal();
  return { W, b, h0 };
}

/** An RnnMap whose Wg is the reference's W bit for bit (g = 1, no input). */
export function k2Map(p: RnnParams): RnnMap {
  const n = p.b.length;
  return new RnnMap({ W: p.W, b: p.b }, 1, 'tanh', p.h0, new Float64Array(n), { kind: 'none', amplitude: 0, period: 1 });
}

/**
 * One spectrum run, as the app runs it (SpectrumRun, advance in one call).
 * `identityFrame`: start from Q = I (the reference's Q0) instead of SpectrumRun's
 * seeded random orthonormal frame, by overwriting the frame before the first
 * step. The frame does not change the cost; it changes the exponents by the
 * O(1/T) start-up term only, and with Q0 = I the tangent computation follows the
 * reference's step for step.
 */
export function runSpectrum(map: RnnMap, h0: Float64Array, k: number, transient: number, steps: number, identityFrame: boolean): SpectrumResult {
  const run = new SpectrumRun(map, h0, { k, transient, steps });
  if (identityFrame) {
    const Q = run.frame();
    const n = map.n;
    Q.fill(0);
    for (let i = 0; i < Math.min(n, k); i++) Q[i * k + i] = 1;
  }
  run.advance(transient + steps);
  return run.result();
}
