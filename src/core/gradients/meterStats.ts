/**
 * Statistics of the gradient meter's curves: the mean and spread over windows,
 * the slope by least squares (λ_max, Paper A Theorem 2), and the curves under
 * teacher forcing (sparse forcing every τ steps, generalised forcing with α).
 */
import { LOG_DERIVATIVE_FLOOR } from '../map1d/lambda';
import { log } from '../linalg/elementary';

/** Least-squares slope of ys[i] against xs[i] over the points with from ≤ xs[i] ≤ to (NaN if fewer than 2). */
export function lsqSlope(xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i];
    const y = ys[i];
    if (x < from || x > to || !Number.isFinite(y)) continue;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  return n >= 2 && den > 0 ? (n * sxy - sx * sy) / den : NaN;
}

/** ln(1 − α) with ln 0 floored. */
export function logKeep(alpha: number): number {
  const keep = 1 - alpha;
  return keep > 0 ? log(keep) : LOG_DERIVATIVE_FLOOR;
}

/**
 * The meter with forcing: the product that enters the gradient at horizon h is
 * the last min(h, τ) steps (τ = 0: no sparse forcing), each Jacobian scaled by
 * (1 − α): ln‖·‖ = curve[min(h, τ)] + min(h, τ)·ln(1 − α).
 */
export function forcedCurve(free: ArrayLike<number>, tau: number, alpha: number, out = new Float64Array(free.length)): Float64Array {
  const H = free.length;
  const lk = logKeep(alpha);
  for (let h = 1; h <= H; h++) {
    const m = tau > 0 ? Math.min(h, tau) : h;
    out[h - 1] = free[m - 1] + (alpha > 0 ? m * lk : 0);
  }
  return out;
}

export interface MeterStats {
  /** Mean over windows of the meter (with forcing), ln units, index h − 1. */
  mean: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** 'minmax' below 10 windows, else the 10 % and 90 % quantiles. */
  bandKind: 'minmax' | 'q10-q90';
  /** Mean of the free curve (no forcing). */
  free: Float64Array;
  /**
   * Standard errors of the slopes of `mean` and `free` over h ∈ [from, H]:
   * the slope of the mean is the mean of the windows' slopes, and the windows
   * are consecutive stretches of H steps of one orbit (much longer than its
   * correlation time), so sd(window slopes)/√w. NaN with fewer than 2 windows.
   */
  slopeStderr: number;
  freeSlopeStderr: number;
}

/** The standard error of the mean of the windows' least-squares slopes over h ∈ [from, H]. */
function windowSlopeStderr(curves: Float64Array, H: number, w: number, from: number): number {
  if (w < 2) return NaN;
  const hs = Float64Array.from({ length: H }, (_, i) => i + 1);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < w; i++) {
    const v = lsqSlope(hs, curves.subarray(i * H, i * H + H), from, H);
    if (!Number.isFinite(v)) return NaN;
    s += v;
    s2 += v * v;
  }
  const m = s / w;
  return Math.sqrt(Math.max(0, (s2 - w * m * m) / (w - 1)) / w);
}

/** Mean and band over the first `w` windows of the run's curves, with forcing (τ, α) applied; slopes' errors over h ≥ fitFrom. */
export function meterStats(curves: Float64Array, H: number, w: number, tau: number, alpha: number, fitFrom = Math.max(1, Math.ceil(H / 2))): MeterStats {
  const mean = new Float64Array(H);
  const lo = new Float64Array(H);
  const hi = new Float64Array(H);
  const free = new Float64Array(H);
  const eff = new Float64Array(w * H);
  for (let i = 0; i < w; i++) forcedCurve(curves.subarray(i * H, i * H + H), tau, alpha, eff.subarray(i * H, i * H + H));
  const quant = w >= 10;
  const col = new Float64Array(w);
  for (let h = 0; h < H; h++) {
    let s = 0;
    let sf = 0;
    for (let i = 0; i < w; i++) {
      col[i] = eff[i * H + h];
      s += col[i];
      sf += curves[i * H + h];
    }
    mean[h] = s / w;
    free[h] = sf / w;
    col.sort();
    if (quant) {
      lo[h] = quantile(col, 0.1);
      hi[h] = quantile(col, 0.9);
    } else {
      lo[h] = col[0];
      hi[h] = col[w - 1];
    }
  }
  return {
    mean,
    lo,
    hi,
    free,
    bandKind: quant ? 'q10-q90' : 'minmax',
    slopeStderr: windowSlopeStderr(eff, H, w, fitFrom),
    freeSlopeStderr: windowSlopeStderr(curves, H, w, fitFrom),
  };
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}
