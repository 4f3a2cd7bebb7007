/**
 * Kernel K3 of ../shared/bench-reference, run with the project's core: the
 * gradient-norm curves log‖J_T ⋯ J_t‖ of the vanilla RNN (M2, tanh, N = 64,
 * g ∈ {0.8, 1.5, 3}, sb = 0.1, seed 42), horizons 1 … 500 after 1000 transient
 * steps, one window; Frobenius and spectral norms; least-squares slopes over
 * horizons [H/5, H] = [100, 500].
 *
 * Ours: `MeterRun` of src/core/gradients.ts (what the Gradient meter view runs)
 * on the reference network built bit for bit as js/common.js does (bench/k2.ts
 * `k2Params`, g = 1 in RnnMap). Every window measured by the direct product —
 * the reference's algorithm: P_h = P_{h−1}·J_{T−h+1}, renormalised by its
 * Frobenius norm each step, σ₁ by power iteration warm-started from the
 * previous horizon (ours iterates two vectors, the reference one) — with the
 * reference's tolerance (relative 1e-13) and up to 1000 iterations.
 *
 * The references print one JSON line; with `--out FILE` they also write the
 * curves (CSV, 12 significant digits), which the check compares horizon by
 * horizon: js/k3_opt.js runs the same state arithmetic (identical orbits), so
 * its curves must agree to the CSV's precision; C's network differs in the last
 * bits of ~6 % of its normals, so its chaotic orbits (g = 1.5, 3) separate and
 * only the slopes agree statistically (RESULTS.md: one 500-step window carries
 * ~0.01), while at g = 0.8 (a fixed point) they agree to rounding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { MeterRun } from '../src/core/gradients/meterRun';
import { lsqSlope } from '../src/core/gradients/meterStats';
import { k2Map, k2Params } from './k2';

export const K3 = { n: 64, gs: [0.8, 1.5, 3], sb: 0.1, seed: 42, transient: 1000, H: 500, windows: 1 } as const;

export interface K3Curves {
  /** Per g: ln‖P_k‖_F and ln‖P_k‖₂, k = 1 … H. */
  logF: Float64Array[];
  log2: Float64Array[];
  slopeF: number[];
  slope2: number[];
  powerIterations: number;
}

/** One K3 run with our core (all three g). */
export function runK3(powerTol = 1e-13): K3Curves {
  const out: K3Curves = { logF: [], log2: [], slopeF: [], slope2: [], powerIterations: 0 };
  const ks = Float64Array.from({ length: K3.H }, (_, i) => i + 1);
  const from = Math.floor(K3.H / 5);
  for (const g of K3.gs) {
    const p = k2Params(K3.n, g, K3.sb, K3.seed);
    const map = k2Map(p);
    const run = new MeterRun({ kind: 'nd', map, x0: p.h0 }, { horizon: K3.H, windows: K3.windows, transient: K3.transient, svWindows: 0, powerTol, powerMaxIter: 1000 });
    run.advance(run.totalUnits);
    out.logF.push(run.frobenius.slice(0, K3.H));
    out.log2.push(run.curves.slice(0, K3.H));
    out.slopeF.push(lsqSlope(ks, run.frobenius, from, K3.H));
    out.slope2.push(lsqSlope(ks, run.curves, from, K3.H));
    out.powerIterations += run.powerIterations;
  }
  return out;
}

/** The same windows in QR form (all singular values): its σ₁ must equal the direct product's. */
export function runK3QrForm(): Float64Array[] {
  return K3.gs.map((g) => {
    const p = k2Params(K3.n, g, K3.sb, K3.seed);
    const map = k2Map(p);
    const run = new MeterRun({ kind: 'nd', map, x0: p.h0 }, { horizon: K3.H, windows: 1, transient: K3.transient, svWindows: 1, powerTol: 1e-13, powerMaxIter: 1000 });
    run.advance(run.totalUnits);
    return run.curves.slice(0, K3.H);
  });
}

/** Nominal flops of one run, counted as RESULTS.md counts K3: 2N² a trajectory step, 2N³ + 4N² a horizon, and the power iterations (ours: two vectors, 8N² each). */
export function k3Flops(powerIterations: number): number {
  const n = K3.n;
  return K3.gs.length * ((K3.transient + K3.H) * 2 * n * n + K3.H * (2 * n * n * n + 4 * n * n)) + powerIterations * 8 * n * n;
}

export interface K3RefResult {
  kernelS: number;
  wallS: number;
  slopeF: number[];
  slope2: number[];
  powerIters: number;
  /** Curves from --out, when asked. */
  logF?: Float64Array[];
  log2?: Float64Array[];
}

function parseLine(stdout: string, what: string): Record<string, unknown> {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop();
  if (!line) throw new Error(`${what}: no JSON line in its output`);
  return JSON.parse(line) as Record<string, unknown>;
}

function readCurves(file: string): { logF: Float64Array[]; log2: Float64Array[] } {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const logF = K3.gs.map(() => new Float64Array(lines.length));
  const log2 = K3.gs.map(() => new Float64Array(lines.length));
  lines.forEach((l, k) => {
    const v = l.split(',').map(Number);
    K3.gs.forEach((_, gi) => {
      logF[gi][k] = v[1 + 2 * gi];
      log2[gi][k] = v[2 + 2 * gi];
    });
  });
  return { logF, log2 };
}

/** One run of a K3 reference (c/k3 or node js/k3_opt.js), optionally writing its curves to `out`. */
export function runRefK3(cmd: string, pre: string[], what: string, out?: string): K3RefResult {
  const t0 = process.hrtime.bigint();
  const stdout = execFileSync(cmd, [...pre, ...(out ? ['--out', out] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 22 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const o = parseLine(stdout, what);
  const arr = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : NaN)) : []);
  const r: K3RefResult = { kernelS: Number(o.kernel_s), wallS, slopeF: arr(o.slopeF), slope2: arr(o.slope2), powerIters: Number(o.power_iters) };
  if (out) Object.assign(r, readCurves(out));
  return r;
}

export interface K3Measurement {
  ours: number[];
  c: K3RefResult[];
  js: K3RefResult[];
  result: K3Curves;
  notes: string[];
}

export interface K3Runners {
  c: ((out?: string) => K3RefResult) | null;
  js: ((out?: string) => K3RefResult) | null;
}

function timeK3(): { s: number; r: K3Curves } {
  const t0 = process.hrtime.bigint();
  const r = runK3();
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, r };
}

/** Rounds of (ours, C, JS), each ratio taken pair by pair. */
export function measureK3(runners: K3Runners, rounds: number, warmups: number, log: (m: string) => void): K3Measurement {
  const notes: string[] = [];
  log(`K3: ${warmups} warm-up(s)…`);
  for (let i = 0; i < Math.max(1, warmups); i++) runK3();
  const tryRef = (f: ((out?: string) => K3RefResult) | null, what: string) => {
    if (!f) return null;
    try {
      f();
      return f;
    } catch (e) {
      notes.push(`${what} did not run (${(e as Error).message.split('\n')[0]}): skipped`);
      return null;
    }
  };
  const c = tryRef(runners.c, 'c/k3');
  const js = tryRef(runners.js, 'js/k3_opt.js');
  const ours: number[] = [];
  const cRuns: K3RefResult[] = [];
  const jsRuns: K3RefResult[] = [];
  let result: K3Curves | null = null;
  for (let i = 0; i < rounds; i++) {
    log(`K3 round ${i + 1}/${rounds}`);
    const t = timeK3();
    ours.push(t.s);
    result = t.r;
    if (c) cRuns.push(c());
    if (js) jsRuns.push(js());
  }
  return { ours, c: cRuns, js: jsRuns, result: result!, notes };
}

// ------------------------------------------------------------------ checks --

/**
 * Tolerances: against C's and js/k3_opt.js's slopes (g = 0.8 a fixed point:
 * rounding; chaotic: one window's statistics, the references' tanh (glibc's,
 * V8's) not being the lab's portable one: measured 0.037 apart at g = 3), and
 * JS's curves at the fixed point (its CSV's 12 digits).
 */
export const K3_TOL = { fixedPointSlope: 1e-8, chaoticSlope: 0.06, jsCurve: 1e-8, qrForm: 1e-9 } as const;

export interface K3Check {
  ok: boolean;
  failures: string[];
  slope2: number[];
  slopeF: number[];
  vsC: { slope2Diff: number[]; slopeFDiff: number[]; cSlope2: number[] } | null;
  vsJs: { maxCurveDiff: number; slope2Diff: number[] } | null;
  /** max |ln σ₁ (QR form) − ln σ₁ (direct product)| over every horizon and g. */
  qrFormMaxDiff: number;
  powerIterations: number;
}

export function checkK3(m: K3Measurement, cCurves: K3RefResult | null, jsCurves: K3RefResult | null, qrForm: Float64Array[]): K3Check {
  const r = m.result;
  const failures: string[] = [];
  let vsC: K3Check['vsC'] = null;
  const c = cCurves ?? m.c[m.c.length - 1];
  if (c && c.slope2.length === K3.gs.length) {
    vsC = { slope2Diff: r.slope2.map((s, i) => s - c.slope2[i]), slopeFDiff: r.slopeF.map((s, i) => s - c.slopeF[i]), cSlope2: c.slope2 };
    K3.gs.forEach((g, i) => {
      const tol = g < 1 ? K3_TOL.fixedPointSlope : K3_TOL.chaoticSlope;
      if (!(Math.abs(vsC!.slope2Diff[i]) <= tol && Math.abs(vsC!.slopeFDiff[i]) <= tol)) failures.push(`slope vs C at g = ${g} (${tol})`);
    });
  } else if (c) failures.push('C printed no slopes');
  let vsJs: K3Check['vsJs'] = null;
  const js = jsCurves;
  if (js?.log2 && js.logF) {
    // curve by curve at the fixed point; chaotic orbits separate (the references' tanh), so their slopes
    let d = 0;
    K3.gs.forEach((g, gi) => {
      if (g < 1) for (let k = 0; k < K3.H; k++) d = Math.max(d, Math.abs(r.log2[gi][k] - js.log2![gi][k]), Math.abs(r.logF[gi][k] - js.logF![gi][k]));
    });
    vsJs = { maxCurveDiff: d, slope2Diff: r.slope2.map((s, i) => s - js.slope2[i]) };
    if (!(d <= K3_TOL.jsCurve)) failures.push(`fixed-point curve vs js/k3_opt.js (${K3_TOL.jsCurve})`);
    K3.gs.forEach((g, i) => {
      if (g >= 1 && !(Math.abs(vsJs!.slope2Diff[i]) <= K3_TOL.chaoticSlope)) failures.push(`slope vs js/k3_opt.js at g = ${g} (${K3_TOL.chaoticSlope})`);
    });
  }
  let q = 0;
  K3.gs.forEach((_, gi) => {
    for (let k = 0; k < K3.H; k++) q = Math.max(q, Math.abs(qrForm[gi][k] - r.log2[gi][k]));
  });
  if (!(q <= K3_TOL.qrForm)) failures.push(`QR form vs direct product (${K3_TOL.qrForm})`);
  return { ok: failures.length === 0, failures, slope2: r.slope2, slopeF: r.slopeF, vsC, vsJs, qrFormMaxDiff: q, powerIterations: r.powerIterations };
}

/** Curves of both references once, written to `dir` (for the horizon-by-horizon check). */
export function refCurves(runners: K3Runners, dir: string): { c: K3RefResult | null; js: K3RefResult | null } {
  const c = runners.c ? runners.c(join(dir, 'k3-c.csv')) : null;
  const js = runners.js ? runners.js(join(dir, 'k3-js.csv')) : null;
  return { c, js };
}
