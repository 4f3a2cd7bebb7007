/**
 * The gradient meter's request and result, and its plan: the sizes a request
 * runs at after the draft limits and the arithmetic budgets of each stage
 * (λ_max, the meter, BPTT), so that a request never outgrows its worker.
 */
import { type ImportedData, type ModelParams } from '../models';
import { FULL_SET_MAX, TOP_K, SV_SAMPLES, SV_WINDOWS } from './meterRun';

/** The model of the meter: any model of the lab. */
export interface GradientModel {
  params: ModelParams;
  imported: ImportedData | null;
}

export interface GradientRequest {
  model: GradientModel;
  /** Longest horizon H (gh). */
  horizon: number;
  /** Windows (gwn). */
  windows: number;
  /** Sparse forcing interval τ (0: none). */
  tau: number;
  /** Generalised forcing α. */
  alpha: number;
  /** Transient before the meter and λ_max (lt), steps of the QR λ_max (ls). */
  lt: number;
  ls: number;
  /** While dragging: fewer windows, a shorter horizon and λ_max run, fewer BPTT lengths. */
  draft?: boolean;
  /** Measure everything asked for, whatever it costs (the CLI); the app keeps to BUDGET. */
  unlimited?: boolean;
}

export interface BpttView {
  /** Sequence lengths T. */
  T: Float64Array;
  /** ln‖∂L_T/∂θ‖ of the current model and of the contracting reference (NaN: diverged). */
  current: Float64Array;
  reference: Float64Array;
  /** What θ is ("g·W", …) and the reference ("g = 0.25 (‖gW‖₂ = ½)"). */
  thetaLabel: string;
  referenceLabel: string;
  noise: number;
  tau: number;
  alpha: number;
}

export interface GradientResult {
  model: string;
  n: number;
  /** Frame columns: n when the singular values are exact, else TOP_K. */
  k: number;
  fullSet: boolean;
  H: number;
  /** Windows measured (the budget may allow fewer than asked), asked, done so far. */
  windows: number;
  windowsAsked: number;
  windowsDone: number;
  /** Windows in QR form, whose singular values are in sv. */
  svWindows: number;
  tau: number;
  alpha: number;
  /** Meter with forcing (mean over windows, ln units), index h − 1; band per bandKind. */
  logNorm: Float64Array;
  bandLo: Float64Array;
  bandHi: Float64Array;
  bandKind: 'minmax' | 'q10-q90';
  /** The meter without forcing. */
  free: Float64Array;
  /** Least-squares slope of logNorm over h ∈ [fitFrom, H], and of the free curve. */
  slope: number;
  freeSlope: number;
  /** Their standard errors over the windows (NaN with fewer than 2). */
  slopeStderr: number;
  freeSlopeStderr: number;
  fitFrom: number;
  /** Horizons where all singular values were computed, and their mean ln σᵢ there (svH.length × k). */
  svH: Int32Array;
  sv: Float64Array;
  /** Slopes of the mean ln σᵢ over h ≥ fitFrom: the Lyapunov exponents. */
  svSlopes: Float64Array;
  /** λ_max by QR (one tangent vector) over `lambdaSteps` steps after lt; NaN until known. */
  lambdaMax: number;
  /** Its standard error by batch means (NaN until known). */
  lambdaMaxStderr: number;
  lambdaSteps: number;
  /** ln 2/λ_max (NaN unless λ_max > 0). */
  tauPred: number;
  /**
   * ln of e^(λ_max·τ)·(1 − α)^τ: how the longest product under forcing scales
   * (NaN without τ or λ_max ≤ 0). An asymptotic scaling with an O(1) offset, not a
   * bound: ln‖P_τ‖ is λ_max·τ plus the product's own offset.
   */
  scaling: number;
  /** The α at which GTF flattens the meter, 1 − e^{−λ_max} (NaN unless λ_max > 0). */
  alphaFlat: number;
  /** Finite-time exponents ln σ₁(P_H)/H over the windows: mean and standard deviation. */
  finiteTime: { mean: number; sd: number };
  bptt: BpttView | null;
  diverged: boolean;
  singular: boolean;
  draft: boolean;
  stage: 'lambda' | 'meter' | 'bptt' | 'done';
  /** Fraction of the whole job done. */
  progress: number;
  elapsedSeconds: number;
}

/** Draft sizes (while a slider is dragged). */
export const DRAFT = { windows: 2, horizon: 100, lambdaSteps: 1000, transient: 300, bpttPoints: 8, svSamples: 6 } as const;

/** BPTT: at most this many sequence lengths, up to this T (fewer when the budget says so). */
export const BPTT_POINTS = 24;

export const BPTT_MAX_T = 1000;

/** Steps the contracting reference runs before its data (it contracts by ½ a step at least). */
export const REFERENCE_TRANSIENT = 100;

/**
 * Arithmetic allowed per stage (flops, about 1–2 GFLOP/s in a worker): λ_max,
 * the meter (fewer windows than asked are measured when they do not fit; the
 * result says how many were), BPTT (fewer lengths, then a shorter longest T).
 */
export const BUDGET = {
  final: { lambda: 1.5e9, meter: 4.5e9, bptt: 1e9 },
  draft: { lambda: 4e7, meter: 1.5e8, bptt: 3e7 },
} as const;

/** The sizes a request runs at (after the draft limits and the budgets). */
export interface GradientPlan {
  n: number;
  k: number;
  H: number;
  windowsAsked: number;
  windows: number;
  svWindows: number;
  svSamples: number;
  /** Transient and steps of λ_max; the meter starts where λ_max's orbit ends. */
  lt: number;
  ls: number;
  /** BPTT sequence lengths. */
  Ts: Float64Array;
  flops: { lambda: number; meter: number; bptt: number };
}

/** Arithmetic of one BPTT step (forward and backward) for an n-dimensional model. */
function bpttStepFlops(n: number): number {
  return n === 1 ? 200 : 8 * n * n + 20 * n;
}

export function planGradients(req: GradientRequest, n: number): GradientPlan {
  const draft = req.draft ?? false;
  const budget = req.unlimited ? { lambda: Infinity, meter: Infinity, bptt: Infinity } : draft ? BUDGET.draft : BUDGET.final;
  const k = n <= FULL_SET_MAX ? n : TOP_K;
  const H = Math.max(1, Math.round(draft ? Math.min(req.horizon, DRAFT.horizon) : req.horizon));
  const windowsAsked = Math.max(1, Math.round(draft ? Math.min(req.windows, DRAFT.windows) : req.windows));
  const svWindows = draft ? 1 : SV_WINDOWS;
  const svSamples = draft ? DRAFT.svSamples : SV_SAMPLES;
  // λ_max: one tangent vector, about 4n² a step
  const lamStep = n === 1 ? 50 : 4 * n * n + 20 * n;
  const maxSteps = Number.isFinite(budget.lambda) ? Math.max(60, Math.floor(budget.lambda / lamStep)) : Infinity;
  const lt = Math.max(0, Math.min(Math.round(draft ? Math.min(req.lt, DRAFT.transient) : req.lt), Math.floor(maxSteps / 2)));
  const ls = Math.max(10, Math.min(Math.round(draft ? Math.min(req.ls, DRAFT.lambdaSteps) : req.ls), maxSteps - lt));
  let windows = windowsAsked;
  while (windows > 1 && meterFlops(n, k, H, windows, svWindows, 0, svSamples) > budget.meter) windows--;
  // BPTT: fewer lengths first, then a shorter longest one
  let points = draft ? DRAFT.bpttPoints : BPTT_POINTS;
  let Tmax = Math.min(H, BPTT_MAX_T);
  const cost = () => 2 * bpttStepFlops(n) * ((Tmax * (points + 1)) / 2 + Tmax + REFERENCE_TRANSIENT);
  while (cost() > budget.bptt && points > 6) points--;
  while (cost() > budget.bptt && Tmax > 10) Tmax = Math.max(10, Math.floor(Tmax * 0.8));
  return {
    n,
    k,
    H,
    windowsAsked,
    windows,
    svWindows,
    svSamples,
    lt,
    ls,
    Ts: bpttLengths(Tmax, Math.min(points, Tmax)),
    flops: { lambda: (lt + ls) * lamStep, meter: meterFlops(n, k, H, windows, svWindows, 0, svSamples), bptt: cost() },
  };
}

/** Sequence lengths of the BPTT panel: evenly spaced up to Tmax. */
export function bpttLengths(Tmax: number, count = BPTT_POINTS): Float64Array {
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    const T = Math.max(1, Math.round((Tmax * i) / count));
    if (!out.length || out[out.length - 1] !== T) out.push(T);
  }
  return Float64Array.from(out);
}

/** Arithmetic of one product step (flops): the direct product (full frame) or the QR form with k columns. */
export function productStepFlops(n: number, k: number, direct: boolean): number {
  if (n === 1) return 20;
  if (direct) return 2 * n * n * n + 20 * n * n;
  return 2 * n * n * k + 2 * n * k * k + (k * k * k) / 3 + 30 * k * k + 4 * n * n;
}

/** Arithmetic of the meter with `windows` windows of H steps (the first `svWindows` in QR form). */
export function meterFlops(n: number, k: number, H: number, windows: number, svWindows: number, transient: number, svSamples = SV_SAMPLES): number {
  const state = n === 1 ? 20 : 2 * n * n + 10 * n;
  const qr = k < n ? windows : Math.min(windows, svWindows);
  const svCost = n === 1 ? 0 : qr * Math.min(H, svSamples) * 15 * k * k * k;
  return (transient + windows * H) * state + qr * H * productStepFlops(n, k, false) + (windows - qr) * H * productStepFlops(n, k, true) + svCost;
}
