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
import { RnnMap } from '../src/core/models';
import { SpectrumRun, type SpectrumResult } from '../src/core/vector/spectrum';
import { orthonormalityDefect } from '../src/core/linalg/qr';
import { Rng } from '../src/core/linalg/rng';
import type { K2RefResult } from './reference';

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

// ------------------------------------------------------------ measurement --

export const SPECTRUM_KERNELS = ['K2-64', 'K2-256', 'LMAX-256'] as const;
export type SpectrumKernel = (typeof SPECTRUM_KERNELS)[number];

export interface SpectrumSpec {
  n: number;
  /** Exponents computed (n: full spectrum; 1: λ_max alone). */
  k: number;
  transient: number;
  steps: number;
  /** Steps of our warm-up runs (enough for V8 to optimise; a full K2-256 run is ~30 s). */
  warmSteps: number;
  /** Whether the references get an untimed warm-up run (not for the slow N = 256 spectrum). */
  refWarmup: boolean;
  /** Rounds with js/k2_opt.js (it takes ~47 s at N = 256: once is enough for context). */
  maxJsRounds: number;
  /** Run our core once more (untimed) from its own random start frame, for the check. */
  randomFrameCheck: boolean;
}

export const SPECTRUM_SPECS: Record<SpectrumKernel, SpectrumSpec> = {
  'K2-64': { n: 64, k: 64, transient: K2.transient, steps: K2.steps, warmSteps: K2.steps, refWarmup: true, maxJsRounds: Infinity, randomFrameCheck: true },
  'K2-256': { n: 256, k: 256, transient: K2.transient, steps: K2.steps, warmSteps: 30, refWarmup: false, maxJsRounds: 1, randomFrameCheck: false },
  'LMAX-256': { n: LMAX.n, k: 1, transient: LMAX.transient, steps: LMAX.steps, warmSteps: LMAX.steps, refWarmup: true, maxJsRounds: Infinity, randomFrameCheck: true },
};

/** Nominal flops of one run (as RESULTS.md counts them): 2N² per state step; 2N²k (J·Q) + 2Nk² (MGS) per tangent step. */
export function spectrumFlops(s: SpectrumSpec): number {
  const n = s.n;
  return s.transient * 2 * n * n + s.steps * (2 * n * n + 2 * n * n * s.k + 2 * n * s.k * s.k);
}

export interface SpectrumMeasurement {
  /** Our whole run (transient + steps), seconds, one per round. */
  ours: number[];
  /** Of which the transient (state only). */
  oursTransient: number[];
  c: K2RefResult[];
  js: K2RefResult[];
  /** Our last timed result (start frame Q0 = I, as the references). */
  result: SpectrumResult;
  /** max |QᵀQ − I| of our final frame. */
  orthDefect: number;
  /** Our result from SpectrumRun's own seeded random start frame (untimed), if asked. */
  randomFrame: SpectrumResult | null;
  notes: string[];
}

export interface RefRunners {
  c: ((args: string[]) => K2RefResult) | null;
  js: ((args: string[]) => K2RefResult) | null;
}

function timedRun(map: RnnMap, h0: Float64Array, s: SpectrumSpec): { total: number; transient: number; run: SpectrumRun } {
  const t0 = process.hrtime.bigint();
  const run = new SpectrumRun(map, h0, { k: s.k, transient: s.transient, steps: s.steps });
  const Q = run.frame();
  Q.fill(0);
  for (let i = 0; i < Math.min(s.n, s.k); i++) Q[i * s.k + i] = 1;
  run.advance(s.transient);
  const t1 = process.hrtime.bigint();
  run.advance(s.steps);
  const t2 = process.hrtime.bigint();
  return { total: Number(t2 - t0) / 1e9, transient: Number(t1 - t0) / 1e9, run };
}

/**
 * Rounds of (ours, C, JS), so that each ratio can be taken pair by pair. Our
 * timed runs start from Q0 = I (the references' protocol; `runSpectrum` with
 * identityFrame); the start frame does not change the cost.
 */
export function measureSpectrum(name: SpectrumKernel, refArgs: string[], runners: RefRunners, rounds: number, warmups: number, log: (m: string) => void): SpectrumMeasurement {
  const s = SPECTRUM_SPECS[name];
  const p = k2Params(s.n);
  const map = k2Map(p);
  const notes: string[] = [];
  log(`${name}: ${warmups} warm-up(s) of ${s.warmSteps} steps…`);
  for (let i = 0; i < Math.max(1, warmups); i++) runSpectrum(map, p.h0, s.k, Math.min(s.transient, s.warmSteps), s.warmSteps, true);
  let c = runners.c;
  let js = runners.js;
  const tryRef = (f: ((a: string[]) => K2RefResult) | null, what: string): ((a: string[]) => K2RefResult) | null => {
    if (!f || !s.refWarmup) return f;
    try {
      f(refArgs);
      return f;
    } catch (e) {
      notes.push(`${what} did not run (${(e as Error).message.split('\n')[0]}): skipped`);
      return null;
    }
  };
  c = tryRef(c, 'c/k2');
  js = tryRef(js, 'js/k2_opt.js');

  const ours: number[] = [];
  const oursTransient: number[] = [];
  const cRuns: K2RefResult[] = [];
  const jsRuns: K2RefResult[] = [];
  let last: SpectrumRun | null = null;
  for (let r = 0; r < rounds; r++) {
    log(`${name} round ${r + 1}/${rounds}`);
    const t = timedRun(map, p.h0, s);
    ours.push(t.total);
    oursTransient.push(t.transient);
    last = t.run;
    if (c) cRuns.push(c(refArgs));
    if (js && r < s.maxJsRounds) jsRuns.push(js(refArgs));
  }
  if (js && rounds > s.maxJsRounds) notes.push(`js/k2_opt.js run in the first ${s.maxJsRounds} round(s) only (it takes ~5× C)`);
  const run = last!;
  const result = run.result();
  const orthDefect = orthonormalityDefect(s.n, s.k, run.frame());
  const randomFrame = s.randomFrameCheck ? new SpectrumRun(map, p.h0, { k: s.k, transient: s.transient, steps: s.steps }) : null;
  if (randomFrame) randomFrame.advance(s.transient + s.steps);
  return { ours, oursTransient, c: cRuns, js: jsRuns, result, orthDefect, randomFrame: randomFrame ? randomFrame.result() : null, notes };
}

// ------------------------------------------------------------------ checks --

/**
 * Tolerances against C. The orbits are chaotic and C's arithmetic differs (FMA
 * contraction, glibc log/cos/tanh), so the trajectories separate within a few
 * hundred steps and the exponents agree only statistically. RESULTS.md measured
 * the spread of a T = 2000 estimate at N = 64, g = 2 (20 C runs with h0 moved by
 * k·1e-12): sd of λ₁ 0.0036, largest sd of any exponent 0.031. Tolerances: about
 * 5 sd for λ₁ and 3 sd for the worst exponent. (js/k2_opt.js vs C: 0.0008 and
 * 0.041 at N = 64; 0.0022 and 0.038 at N = 256.)
 */
export const K2_TOL_VS_C = { lambda1: 0.02, any: 0.1 } as const;
/**
 * Against js/k2_opt.js: the same state arithmetic but V8's Math.tanh, where the
 * lab has its portable tanh (README, "Same link, same numbers"): the orbits
 * separate as C's do, so the same statistical tolerances.
 */
export const K2_TOL_VS_JS = K2_TOL_VS_C;

export interface SpectrumCheck {
  ok: boolean;
  failures: string[];
  lambda1: number;
  lambdaLast: number;
  sum: number;
  /** |Σλ − ⟨ln|det J|⟩| (full spectrum only). */
  sumRuleError: number | null;
  orthDefect: number;
  vsC: { maxAbsDiff: number; at: number; lambda1Diff: number; lambdaLastDiff: number; sumDiff: number; cLambda1: number; cSumRuleError: number } | null;
  vsJs: { maxAbsDiff: number; lambda1Identical: boolean; identical: number; count: number; jsLambda1: number } | null;
  /** max |Δλ| between the app's random start frame and Q0 = I. */
  randomFrameMaxAbsDiff: number | null;
  randomFrameLambda1: number | null;
}

export function checkSpectrum(m: SpectrumMeasurement): SpectrumCheck {
  const r = m.result;
  const l = r.lambdas;
  const k = l.length;
  let sum = 0;
  for (const v of l) sum += v;
  const failures: string[] = [];
  const sumRuleError = k === r.n ? Math.abs(sum - r.meanLogDet) : null;
  if (sumRuleError !== null && !(sumRuleError < 1e-8)) failures.push('sum rule (1e-8)');
  if (!(m.orthDefect < 1e-10)) failures.push('final frame not orthonormal (1e-10)');
  const diff = (a: Float64Array, b: Float64Array): { max: number; at: number } => {
    let max = -1;
    let at = -1;
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = Math.abs(a[i] - b[i]);
      if (!(d <= max)) {
        max = d;
        at = i;
      }
    }
    return { max, at };
  };
  let vsC: SpectrumCheck['vsC'] = null;
  const c = m.c[m.c.length - 1];
  if (c && c.lambda.length === k) {
    const d = diff(l, c.lambda);
    let cSum = 0;
    for (const v of c.lambda) cSum += v;
    vsC = {
      maxAbsDiff: d.max,
      at: d.at,
      lambda1Diff: l[0] - c.lambda[0],
      lambdaLastDiff: l[k - 1] - c.lambda[k - 1],
      sumDiff: sum - cSum,
      cLambda1: c.lambda[0],
      cSumRuleError: Math.abs(c.sum - c.meanLogdet),
    };
    // chaotic: only statistical agreement (about 3 sd of RESULTS.md's spread)
    if (!(Math.abs(vsC.lambda1Diff) <= K2_TOL_VS_C.lambda1)) failures.push(`λ₁ vs C (${K2_TOL_VS_C.lambda1})`);
    if (!(vsC.maxAbsDiff <= K2_TOL_VS_C.any)) failures.push(`spectrum vs C (${K2_TOL_VS_C.any})`);
  } else if (c) failures.push('C printed no spectrum of the right length');
  let vsJs: SpectrumCheck['vsJs'] = null;
  const js = m.js[m.js.length - 1];
  if (js && js.lambda.length === k) {
    const d = diff(l, js.lambda);
    let identical = 0;
    for (let i = 0; i < k; i++) if (l[i] === js.lambda[i]) identical++;
    vsJs = { maxAbsDiff: d.max, lambda1Identical: l[0] === js.lambda[0], identical, count: k, jsLambda1: js.lambda[0] };
    if (!(Math.abs(l[0] - js.lambda[0]) <= K2_TOL_VS_JS.lambda1)) failures.push(`λ₁ vs js/k2_opt.js (${K2_TOL_VS_JS.lambda1})`);
    if (!(d.max <= K2_TOL_VS_JS.any)) failures.push(`spectrum vs js/k2_opt.js (${K2_TOL_VS_JS.any})`);
  }
  let randomFrameMaxAbsDiff: number | null = null;
  if (m.randomFrame) randomFrameMaxAbsDiff = diff(l, m.randomFrame.lambdas).max;
  return {
    ok: failures.length === 0,
    failures,
    lambda1: l[0],
    lambdaLast: l[k - 1],
    sum,
    sumRuleError,
    orthDefect: m.orthDefect,
    vsC,
    vsJs,
    randomFrameMaxAbsDiff,
    randomFrameLambda1: m.randomFrame ? m.randomFrame.lambdas[0] : null,
  };
}
