/**
 * The CLI's gradients quantity: Paper A's gradient meter
 * (core/gradients/gradients.ts) for the link, as the app's Gradient meter view
 * computes it, with progress reports between windows.
 */
import { gradientRequest } from '../params/requests';
import { gradientSteps } from '../core/gradients/gradients';
import type { GradientRequest, GradientResult } from '../core/gradients/gradientPlan';
import type { CliArgs } from './args';
import { stateHash, stateWithRunSettings, type RunState } from './state';
import { PROGRESS_EVERY_MS, PROGRESS_FIRST_MS, finiteOrNull, type Progress } from './quantitySupport';

/** gradients: Paper A's gradient meter (core/gradients/gradients.ts), as the app's Gradient meter view computes it. */
export interface GradientsOutput {
  /** Horizons h = T − t = 1 … H. */
  horizon: number[];
  /** Mean over the windows of ln‖J_T ⋯ J_t+1‖₂ (natural log), with forcing (tau, alpha) applied. */
  logNorm: (number | null)[];
  /** Least-squares slope of logNorm over h ∈ [fitFrom, H] (per step): λ_max without forcing. */
  slope: number | null;
  /** Its standard error over the windows (null with fewer than 2). */
  slopeStderr: number | null;
  fitFrom: number;
  /** The spread over the windows: min–max (fewer than 10 windows) or the 10 % and 90 % quantiles. */
  band: { lo: (number | null)[]; hi: (number | null)[]; kind: 'minmax' | 'q10-q90' };
  /** The meter without forcing, and its slope. */
  free: (number | null)[];
  freeSlope: number | null;
  freeSlopeStderr: number | null;
  /** λ_max by QR (one tangent vector) over lambdaSteps steps after the transient lt. */
  lambdaMax: number | null;
  /** Its standard error by batch means. */
  lambdaMaxStderr: number | null;
  lambdaSteps: number;
  /** ln 2/λ_max (null unless λ_max > 0). */
  tauPred: number | null;
  tau: number;
  alpha: number;
  /** ln of the forcing scaling e^(λ_max·τ)·(1 − α)^τ (null without τ or λ_max ≤ 0): asymptotic, not a bound. */
  scaling: number | null;
  /** 1 − e^(−λ_max): the GTF α that flattens the meter (null unless λ_max > 0). */
  alphaFlat: number | null;
  windows: number;
  /** Finite-time exponents ln σ₁(P_H)/H over the windows. */
  finiteTime: { mean: number | null; sd: number | null };
  /** All (N ≤ 64) or the top 16 singular values of the product, mean over the first windows, at sampled horizons. */
  singularValues: { horizon: number[]; logSigma: (number | null)[][]; slopes: (number | null)[]; k: number; n: number; exact: boolean; windows: number };
  /** ln‖∂L_T/∂θ‖ by BPTT on the model's own noisy orbit, and for the contracting reference. */
  bptt: { T: number[]; current: (number | null)[]; reference: (number | null)[]; theta: string; referenceSetting: string; noise: number } | null;
  diverged: boolean;
  singular: boolean;
  state: string;
}

/** The app's request of the gradient meter (params/requests.ts), measured in full. */
export function gradientsRequest(s: RunState, H: number, W: number): GradientRequest {
  return gradientRequest({ ...s.params, gh: H, gwn: W }, s.imported, false, true);
}

export function computeGradientsCli(s: RunState, args: Pick<CliArgs, 'horizon' | 'windows'>, progress?: Progress): GradientsOutput {
  const H = args.horizon ?? s.params.gh;
  const W = args.windows ?? s.params.gwn;
  const p = stateWithRunSettings(s, { gh: H, gwn: W });
  const req = gradientsRequest(s, H, W);
  const it = gradientSteps(req);
  const t0 = Date.now();
  let nextReport = t0 + PROGRESS_FIRST_MS;
  let r: GradientResult;
  for (;;) {
    const step = it.next();
    if (step.done) {
      r = step.value;
      break;
    }
    const now = Date.now();
    if (progress && step.value && now >= nextReport) {
      const v = step.value;
      const left = v.progress > 0 ? ((now - t0) * (1 - v.progress)) / v.progress : NaN;
      progress(`gradients: ${v.windowsDone} / ${v.windows} windows (${Math.floor(100 * v.progress)} %), ${Math.round((now - t0) / 1000)} s elapsed${Number.isFinite(left) ? `, about ${Math.round(left / 1000)} s left` : ''}`);
      nextReport = now + PROGRESS_EVERY_MS;
    }
  }
  const arr = (a: ArrayLike<number>) => Array.from(a, (v) => finiteOrNull(v));
  const k = r.k;
  return {
    horizon: Array.from({ length: r.H }, (_, i) => i + 1),
    logNorm: arr(r.logNorm),
    slope: finiteOrNull(r.slope),
    slopeStderr: finiteOrNull(r.slopeStderr),
    fitFrom: r.fitFrom,
    band: { lo: arr(r.bandLo), hi: arr(r.bandHi), kind: r.bandKind },
    free: arr(r.free),
    freeSlope: finiteOrNull(r.freeSlope),
    freeSlopeStderr: finiteOrNull(r.freeSlopeStderr),
    lambdaMax: finiteOrNull(r.lambdaMax),
    lambdaMaxStderr: finiteOrNull(r.lambdaMaxStderr),
    lambdaSteps: r.lambdaSteps,
    tauPred: finiteOrNull(r.tauPred),
    tau: r.tau,
    alpha: r.alpha,
    scaling: finiteOrNull(r.scaling),
    alphaFlat: finiteOrNull(r.alphaFlat),
    windows: r.windowsDone,
    finiteTime: { mean: finiteOrNull(r.finiteTime.mean), sd: finiteOrNull(r.finiteTime.sd) },
    singularValues: {
      horizon: Array.from(r.svH),
      logSigma: Array.from(r.svH, (_, j) => arr(r.sv.subarray(j * k, j * k + k))),
      slopes: arr(r.svSlopes),
      k,
      n: r.n,
      exact: r.fullSet,
      windows: r.svWindows,
    },
    bptt: r.bptt
      ? { T: Array.from(r.bptt.T), current: arr(r.bptt.current), reference: arr(r.bptt.reference), theta: r.bptt.thetaLabel, referenceSetting: r.bptt.referenceLabel, noise: r.bptt.noise }
      : null,
    diverged: r.diverged,
    singular: r.singular,
    state: stateHash(s, p),
  };
}
