/**
 * Orbits of a 1-D map, their Lyapunov exponent and their period.
 *
 * Divergence is a result, not an error: an orbit that leaves |x| ≤ DIVERGENCE_BOUND
 * (core/divergence.ts) or becomes non-finite stops there and says so.
 */
import type { Map1D } from '../models';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';
import { isDiverged } from '../divergence';
import { LambdaRun1D } from './lambda';
import { isCheckpoint, stopReason, type StopReason } from '../runLength';


export interface Orbit {
  /** x_0 … x_{len−1}; x_0 is the start. */
  x: Float64Array;
  /** Number of valid points (steps + 1 unless the orbit diverged). */
  len: number;
  diverged: boolean;
}

/** x_0 = x0, x_{t+1} = f(x_t) for t < steps; stops at the first diverged point. */
export function orbit(map: Map1D, x0: number, steps: number): Orbit {
  return runToEnd(orbitSteps(map, x0, steps, NO_PAUSE));
}

/** `orbit` as a job (core/job.ts): it may pause every 128 steps. */
export function* orbitSteps(map: Map1D, x0: number, steps: number, pace: Pacer): Job<Orbit> {
  const x = new Float64Array(steps + 1);
  x[0] = x0;
  if (isDiverged(x0)) return { x: x.subarray(0, 0), len: 0, diverged: true };
  let xt = x0;
  for (let t = 1; t <= steps; t++) {
    xt = map.f(xt);
    if (isDiverged(xt)) return { x: x.subarray(0, t), len: t, diverged: true };
    x[t] = xt;
    if ((t & 127) === 0 && pace.tick(128)) yield* pace.pause();
  }
  return { x, len: steps + 1, diverged: false };
}

export interface OrbitAnalysis {
  /** Mean of log|f′(x_t)| over the averaged steps (per step, natural log). */
  lambda: number;
  /** Its standard error by batch means (core/linalg/batchMeans.ts); NaN if too few steps or diverged. */
  stderr: number;
  /** Steps actually averaged (fewer if the orbit diverged, or with a tolerance met early). */
  steps: number;
  transient: number;
  /** The tolerance asked for (0: a fixed length) and why the run stopped (null if it diverged). */
  tol: number;
  stopped: StopReason | null;
  diverged: boolean;
  /** Step at which the orbit left the bound (−1 if it did not). */
  divergedAt: number;
  /** True if f′ = 0 was met on the orbit: λ = −∞, floored at LOG_DERIVATIVE_FLOOR per step. */
  superstable: boolean;
  /** Running mean of log|f′| at the steps in traceT (convergence of λ). */
  trace: Float64Array;
  traceT: Float64Array;
  /** Smallest period of the orbit's tail (0 if none up to maxPeriod). */
  period: number;
  /** Last points of the orbit (for period detection and attractor display). */
  tail: Float64Array;
}

/** Options of an orbit analysis; `tol` > 0: stop at the first checkpoint where λ's standard error is below it (core/runLength.ts), `steps` being the cap. */
export interface AnalyseOptions {
  traceLength?: number;
  maxPeriod?: number;
  tailLength?: number;
  tol?: number;
}

/**
 * Discard `transient` steps from x0, then average log|f′(x_t)| over `steps`
 * steps, the derivative being taken at the point each step starts from.
 */
export function analyseOrbit(
  map: Map1D,
  x0: number,
  transient: number,
  steps: number,
  opts: AnalyseOptions = {},
): OrbitAnalysis {
  return runToEnd(analyseOrbitSteps(map, x0, transient, steps, opts, NO_PAUSE));
}

/** `analyseOrbit` as a job (core/job.ts): it may pause every 128 steps. */
export function* analyseOrbitSteps(
  map: Map1D,
  x0: number,
  transient: number,
  steps: number,
  opts: AnalyseOptions,
  pace: Pacer,
): Job<OrbitAnalysis> {
  const tol = opts.tol ?? 0;
  const traceLength = Math.max(2, Math.min(opts.traceLength ?? 200, steps));
  const maxPeriod = opts.maxPeriod ?? 64;
  const tailLength = Math.max(opts.tailLength ?? 256, 4 * maxPeriod);
  const trace = new Float64Array(traceLength);
  const traceT = new Float64Array(traceLength);
  const ring = new Float64Array(tailLength);
  const fail = (at: number): OrbitAnalysis => ({
    lambda: NaN,
    stderr: NaN,
    steps: Math.max(0, at - transient),
    transient,
    tol,
    stopped: null,
    diverged: true,
    divergedAt: at,
    superstable: false,
    trace: trace.subarray(0, 0),
    traceT: traceT.subarray(0, 0),
    period: 0,
    tail: new Float64Array(0),
  });

  const run = new LambdaRun1D(map, x0);
  if (run.diverged) return fail(0);
  // in pieces: a pause every 128 steps, the running mean at the trace's steps
  for (let t = 0; t < transient; ) {
    const n = Math.min(128 - (t & 127), transient - t);
    if (!run.skip(n)) return fail(run.divergedAt);
    t += n;
    if ((t & 127) === 0 && pace.tick(128)) yield* pace.pause();
  }
  let nextTrace = 0;
  let traceCount = 0;
  // with a tolerance the length is not known: trace points every `gap` steps, thinned to every other one when full
  let gap = 128;
  let converged = false;
  let t = 0;
  while (t < steps && !converged) {
    let end = Math.min(steps, t + 128 - (t & 127));
    if (traceCount < traceLength) end = Math.min(end, Math.max(nextTrace, t + 1));
    if (!run.advance(end - t, ring, 0, tailLength)) return fail(run.divergedAt);
    t = end;
    if (t >= nextTrace && traceCount < traceLength) {
      trace[traceCount] = run.acc / t;
      traceT[traceCount] = t;
      traceCount++;
      if (tol > 0 && traceCount === traceLength) {
        for (let i = 0; 2 * i + 1 < traceLength; i++) {
          trace[i] = trace[2 * i + 1];
          traceT[i] = traceT[2 * i + 1];
        }
        traceCount = traceLength >> 1;
        gap *= 2;
      }
      nextTrace = tol > 0 ? (traceCount + 1) * gap : Math.round(((traceCount + 1) * steps) / traceLength);
    }
    if (tol > 0 && isCheckpoint(t) && run.stderr < tol) converged = true;
    if ((t & 127) === 0 && pace.tick(128)) yield* pace.pause();
  }
  const n = Math.min(t, tailLength);
  const tail = new Float64Array(n);
  for (let i = 0; i < n; i++) tail[i] = ring[(t - n + i) % tailLength];
  return {
    lambda: run.lambda,
    stderr: run.stderr,
    steps: t,
    transient,
    tol,
    stopped: stopReason({ steps, tol }, converged),
    diverged: false,
    divergedAt: -1,
    superstable: run.superstable,
    trace: trace.subarray(0, traceCount),
    traceT: traceT.subarray(0, traceCount),
    period: detectPeriod(tail, 0, n, maxPeriod),
    tail,
  };
}

/**
 * Smallest p ≤ maxPeriod with |x_{t+p} − x_t| ≤ tol for every t of the window
 * xs[off, off+n); 0 if none. The tolerance scales with the size of the values.
 */
export function detectPeriod(xs: ArrayLike<number>, off: number, n: number, maxPeriod: number, relTol = 1e-7): number {
  if (n < 2) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = off; i < off + n; i++) {
    const v = xs[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const tol = relTol * Math.max(1, Math.abs(lo), Math.abs(hi));
  const pMax = Math.min(maxPeriod, Math.floor(n / 2));
  for (let p = 1; p <= pMax; p++) {
    let ok = true;
    for (let t = off; t + p < off + n; t++) {
      if (Math.abs(xs[t + p] - xs[t]) > tol) {
        ok = false;
        break;
      }
    }
    if (ok) return p;
  }
  return 0;
}

export type OrbitKind = 'periodic' | 'chaotic' | 'aperiodic' | 'diverged';

/**
 * The orbit's kind as the CSV tables write it: a superstable orbit (f′ = 0 on
 * it, λ = −∞) says so in words, since its λ column is empty.
 */
export function kindText(kind: string, superstable: boolean): string {
  return superstable ? `${kind} (superstable: lambda = -inf)` : kind;
}

/** Threshold on λ below which an aperiodic orbit is not called chaotic. */
export const CHAOS_LAMBDA_THRESHOLD = 1e-3;

export function classifyOrbit(a: Pick<OrbitAnalysis, 'diverged' | 'period' | 'lambda'>): OrbitKind {
  if (a.diverged) return 'diverged';
  if (a.period > 0) return 'periodic';
  if (a.lambda > CHAOS_LAMBDA_THRESHOLD) return 'chaotic';
  return 'aperiodic';
}
