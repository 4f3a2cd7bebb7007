/**
 * Fixed points of a 1-D map on an interval: sign changes of f(x) − x on a
 * grid, refined by bisection to machine precision, classified by |f′(x*)|.
 * (Exact enumeration for piecewise-linear maps comes with the periodic-point
 * module; tangent fixed points without a sign change are not found here.)
 */
import type { Map1D } from '../models';

export type Stability = 'stable' | 'unstable' | 'neutral';

export interface FixedPoint {
  x: number;
  /** f′(x*). */
  slope: number;
  stability: Stability;
}

export function stabilityOf(multiplier: number, tol = 1e-9): Stability {
  const m = Math.abs(multiplier);
  if (Math.abs(m - 1) <= tol) return 'neutral';
  return m < 1 ? 'stable' : 'unstable';
}

/**
 * Fixed points in [lo, hi], bracketed on a grid of `gridPoints` points, or on
 * given samples (xs ascending, ys = f(xs)) when the caller has them already.
 */
export function fixedPoints(map: Map1D, lo: number, hi: number, gridPoints = 2000, samples?: { xs: ArrayLike<number>; ys: ArrayLike<number> }): FixedPoint[] {
  const n = samples ? samples.xs.length : Math.max(2, gridPoints);
  const h = (hi - lo) / (n - 1);
  const found: number[] = [];
  const g = (x: number) => map.f(x) - x;
  const at = (i: number) => (samples ? samples.xs[i] : i === n - 1 ? hi : lo + i * h);
  const gAt = (i: number) => (samples ? samples.ys[i] - samples.xs[i] : g(at(i)));
  let xPrev = at(0);
  let gPrev = gAt(0);
  if (gPrev === 0) found.push(xPrev);
  for (let i = 1; i < n; i++) {
    const x = at(i);
    const gx = gAt(i);
    if (gx === 0) found.push(x);
    else if (gPrev !== 0 && Number.isFinite(gPrev) && Number.isFinite(gx) && gPrev < 0 !== gx < 0) {
      found.push(bisect(g, xPrev, x, gPrev));
    }
    xPrev = x;
    gPrev = gx;
  }
  const out: FixedPoint[] = [];
  for (const x of found) {
    if (out.length && Math.abs(out[out.length - 1].x - x) <= 1e-12 * Math.max(1, Math.abs(x))) continue;
    map.fd(x);
    out.push({ x, slope: map.d, stability: stabilityOf(map.d) });
  }
  return out;
}

/** Root of g in [a, b] with g(a)·g(b) < 0, to the last representable bit. */
export function bisect(g: (x: number) => number, a: number, b: number, ga = g(a)): number {
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    if (m === a || m === b) break;
    const gm = g(m);
    if (gm === 0) return m;
    if (gm < 0 === ga < 0) {
      a = m;
      ga = gm;
    } else b = m;
  }
  // Return the end point with the smaller residual.
  return Math.abs(g(a)) <= Math.abs(g(b)) ? a : b;
}
