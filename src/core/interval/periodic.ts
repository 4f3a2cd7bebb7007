/**
 * Periodic points of a 1-D map up to period P, classified by minimal period,
 * multiplier and stability.
 *
 * - Piecewise-linear maps (ReLU, hard tanh, clip, tent): exact. The pieces of
 *   fᵖ over ℝ are enumerated; on each, s·x + r = x is solved and the root kept
 *   if it lies in the piece.
 * - Smooth maps: sign changes of fᵖ(x) − x on a fine grid over an interval that
 *   holds every periodic orbit, refined by bisection (tangential roots and
 *   roots closer than the grid spacing can be missed).
 * Every reported cycle is checked by iterating the map itself: fᵖ(x) = x to
 * 1e-9 (relative) and no smaller period.
 */
import type { Map1D } from '../models';
import { compose, interiorPoint, mergePieces, restrict, type Piece } from '../models/piecewise';
import { isDiverged } from '../divergence';
import { stabilityOf, type Stability } from '../map1d/fixedPoints';
import { isPowerOfTwo, sharkovskySort } from './sharkovsky';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';

export interface Cycle {
  /** Minimal period. */
  period: number;
  /** The orbit in order, starting from its smallest point. */
  points: number[];
  /** Π f′(xⱼ) over the cycle. */
  multiplier: number;
  stability: Stability;
}

export interface PeriodicResult {
  method: 'exact' | 'grid';
  /** Periods searched: 1 … maxPeriod (complete for the method). */
  maxPeriod: number;
  /** Cycles checked by iterating the map: fᵖ(x) = x to 1e-9 at every point. */
  cycles: Cycle[];
  /**
   * Cycles of the exact method so unstable (|Π f′| ≳ 10⁷) that double
   * precision cannot confirm them by iteration; exact roots of linear pieces.
   */
  unverified: Cycle[];
  /** Minimal periods found (verified or not), in Sharkovsky order (3 first). */
  periods: number[];
  /** A period-3 orbit exists. */
  period3: boolean;
  /**
   * A period that is not a power of two exists: positive topological entropy,
   * hence Li–Yorke chaos (for p = 3 this is Li and Yorke's theorem).
   */
  liYorke: boolean;
  /** Periods p for which fᵖ is the identity on a whole interval (a continuum of cycles). */
  continuum: number[];
  /** The grid's interval (grid method), or the search interval of the exact method (null: all of ℝ). */
  window: [number, number] | null;
  /** Linear pieces of fᵖ for p = 1 … (exact method). */
  pieceCounts: number[];
  gridPoints?: number;
  notes: string[];
}

export interface PeriodicOptions {
  maxPeriod?: number;
  /** Grid points for smooth maps. */
  grid?: number;
  /** Stop enumerating pieces beyond this count (then the grid takes over). */
  pieceCap?: number;
  /** Interval for the grid (default: the map's periodic window). */
  window?: [number, number] | null;
  /** Force the grid method even for a piecewise-linear map (to compare). */
  forceGrid?: boolean;
  /** Stop as soon as a cycle of this minimal period is found (sweeps). */
  stopAtPeriod?: number;
}

export const PERIOD_TOL = 1e-9;

function tolAt(x: number): number {
  return PERIOD_TOL * Math.max(1, Math.abs(x));
}

/** fⁿ(x), NaN once the orbit leaves the divergence bound. */
export function iterate(map: Map1D, x: number, n: number): number {
  for (let i = 0; i < n; i++) {
    x = map.f(x);
    if (isDiverged(x)) return NaN;
  }
  return x;
}

/** fⁿ(x) and (fⁿ)′(x) by the chain rule. */
function iterateD(map: Map1D, x: number, n: number): { y: number; d: number } {
  let d = 1;
  for (let i = 0; i < n; i++) {
    x = map.fd(x);
    d *= map.d;
    if (isDiverged(x)) return { y: NaN, d: NaN };
  }
  return { y: x, d };
}

/** Polish a root of fᵖ(x) = x with a few Newton steps; keep the best. */
function polish(map: Map1D, x: number, p: number): number {
  let best = x;
  let bestRes = Math.abs(iterate(map, x, p) - x);
  for (let i = 0; i < 4 && bestRes > 0; i++) {
    const { y, d } = iterateD(map, best, p);
    if (!Number.isFinite(y) || Math.abs(d - 1) < 1e-12) break;
    const nx = best - (y - best) / (d - 1);
    const res = Math.abs(iterate(map, nx, p) - nx);
    if (!(res < bestRes)) break;
    best = nx;
    bestRes = res;
  }
  return best;
}

/**
 * Classify a root of fᵖ(x) = x; null if it is not one.
 *
 * `verified`: every point satisfies f^q(x) = x to PERIOD_TOL when the map is
 * iterated. A very unstable cycle (|Π f′| ≳ 10⁷) cannot pass that test in
 * double precision — each step multiplies the rounding error — so, when
 * `allowUnverified` (a root of an exact linear piece), it is returned with
 * verified = false if its residual is within the rounding that |Π f′| explains.
 */
function toCycle(map: Map1D, x0: number, p: number, allowUnverified: boolean): { cycle: Cycle; verified: boolean } | null {
  const x = polish(map, x0, p);
  const { y: xp, d: D } = iterateD(map, x, p);
  const rounding = (v: number, dd: number) => 64 * Number.EPSILON * Math.max(1, Math.abs(dd)) * Math.max(1, Math.abs(v));
  const strict = Math.abs(xp - x) <= tolAt(x);
  if (!strict && !(allowUnverified && Math.abs(xp - x) <= Math.max(tolAt(x), rounding(x, D)))) return null;
  let q = p;
  for (let d = 1; d < p; d++) {
    if (p % d !== 0) continue;
    const { y, d: Dd } = iterateD(map, x, d);
    if (Math.abs(y - x) <= Math.max(tolAt(x), strict ? 0 : rounding(x, Dd)) || nearNeutralCycle(map, x, d, p)) {
      q = d;
      break;
    }
  }
  // Each point of the cycle is a root of f^q in its own right: polish each, so
  // every reported point (not only the one found) satisfies f^q(x) = x.
  const pts: number[] = [];
  let verified = true;
  let y = x;
  for (let j = 0; j < q; j++) {
    const pj = polish(map, j === 0 ? x : y, q);
    if (!(Math.abs(iterate(map, pj, q) - pj) <= tolAt(pj))) {
      if (!allowUnverified) return null;
      verified = false;
    }
    pts.push(pj);
    y = map.f(y);
  }
  let m = 1;
  for (const v of pts) {
    map.fd(v);
    m *= map.d;
  }
  let i0 = 0;
  for (let j = 1; j < q; j++) if (pts[j] < pts[i0]) i0 = j;
  const points = [...pts.slice(i0), ...pts.slice(0, i0)];
  return { cycle: { period: q, points, multiplier: m, stability: stabilityOf(m) }, verified };
}

/**
 * Is x, a root of fᵖ(x) = x, within the conditioning of a d-periodic point x*
 * (d | p) at a bifurcation? Where (fᵈ)′(x*)^(p/d) = 1, x* is a multiple root
 * of fᵖ(x) − x (a triple root at a period doubling), known only to about
 * ε^(1/3) of its size: the two roots found there (logistic r = 3:
 * 0.6666656 and 0.6666678 around 2/3) are x* itself, not a p-cycle.
 */
function nearNeutralCycle(map: Map1D, x: number, d: number, p: number): boolean {
  const xs = polish(map, x, d);
  const { y, d: D } = iterateD(map, xs, d);
  if (!(Math.abs(y - xs) <= tolAt(xs))) return false;
  if (!(Math.abs(Math.pow(D, p / d) - 1) <= 1e-3)) return false;
  return Math.abs(x - xs) <= 8 * Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(xs));
}

/** Add a cycle unless an equal one (same period, same points) is known. */
function addCycle(list: Cycle[], c: Cycle): boolean {
  for (const o of list) {
    if (o.period !== c.period) continue;
    if (o.points.every((v, j) => Math.abs(v - c.points[j]) <= 1e-10 * Math.max(1, Math.abs(v)))) return false;
  }
  list.push(c);
  return true;
}

function finish(r: Omit<PeriodicResult, 'periods' | 'period3' | 'liYorke' | 'unverified'> & { unverified?: Cycle[] }): PeriodicResult {
  const byOrder = (a: Cycle, b: Cycle) => a.period - b.period || a.points[0] - b.points[0];
  r.cycles.sort(byOrder);
  const unverified = (r.unverified ?? []).filter((u) => !r.cycles.some((c) => c.period === u.period && Math.abs(c.points[0] - u.points[0]) <= 1e-10 * Math.max(1, Math.abs(u.points[0])))).sort(byOrder);
  if (unverified.length) {
    const worst = Math.max(...unverified.map((u) => Math.abs(u.multiplier)));
    r.notes.push(`${unverified.length} more cycle${unverified.length > 1 ? 's' : ''} (periods ${[...new Set(unverified.map((u) => u.period))].join(', ')}) are exact roots of the linear pieces but so unstable (|Π f′| up to ${worst.toExponential(1)}) that double precision cannot confirm fᵖ(x) = x to 1e-9 by iterating: listed separately.`);
  }
  const periods = sharkovskySort([...r.cycles, ...unverified].map((c) => c.period));
  return { ...r, unverified, periods, period3: periods.includes(3), liYorke: periods.some((p) => !isPowerOfTwo(p)) };
}

export function periodicPoints(map: Map1D, opts: PeriodicOptions = {}): PeriodicResult {
  return runToEnd(periodicSteps(map, opts, NO_PAUSE));
}

/** `periodicPoints` as a job (core/job.ts): pauses between compositions, roots and grid points. */
export function* periodicSteps(map: Map1D, opts: PeriodicOptions, pace: Pacer): Job<PeriodicResult> {
  const P = Math.max(1, Math.min(16, Math.floor(opts.maxPeriod ?? 8)));
  const pieces = opts.forceGrid ? null : map.pieces();
  if (pace.due()) yield* pace.pause();
  if (pieces) return yield* exactPeriodic(map, pieces, P, opts, pace);
  return yield* gridPeriodic(map, P, opts, [], pace);
}

function* exactPeriodic(map: Map1D, f: Piece[], P: number, opts: PeriodicOptions, pace: Pacer): Job<PeriodicResult> {
  const cap = opts.pieceCap ?? 400_000;
  const cycles: Cycle[] = [];
  const unverified: Cycle[] = [];
  const continuum: number[] = [];
  const pieceCounts: number[] = [];
  // Search ℝ, or a bounded window that holds every periodic orbit when the map has one.
  const win = map.periodicWindow();
  const base = win ? mergePieces(restrict(f, win[0], win[1])) : f;
  let F: Piece[] | null = base;
  for (let p = 1; p <= P; p++) {
    if (p > 1) F = compose(f, F!, cap);
    if (pace.due()) yield* pace.pause();
    if (!F) {
      const g = yield* gridPeriodic(map, P, opts, cycles, pace, p);
      g.notes.unshift(`f^${p} has more than ${cap.toLocaleString('en')} linear pieces: periods ${p}–${P} were searched on a grid.`);
      return finish({ ...g, method: 'exact', pieceCounts, unverified: [...unverified, ...g.unverified], continuum: [...continuum, ...g.continuum] });
    }
    pieceCounts.push(F.length);
    // All roots of fᵖ(x) = x, each the exact solution of its piece's linear equation.
    const roots: number[] = [];
    for (const q of F) {
      if (q.s === 1) {
        if (Math.abs(q.r) <= tolAt(interiorPoint(q.a, q.b)) && q.b > q.a) {
          if (!continuum.includes(p)) continuum.push(p);
        }
        continue;
      }
      const x = q.r / (1 - q.s);
      const slack = 1e-9 * Math.max(1, Math.abs(x));
      if (x >= q.a - slack && x <= q.b + slack) roots.push(x);
    }
    roots.sort((u, v) => u - v);
    const uniq = roots.filter((x, i) => i === 0 || x - roots[i - 1] > 1e-13 * Math.max(1, Math.abs(x)));
    for (const c of yield* cyclesOfRoots(map, uniq, p, pace)) addCycle(c.verified ? cycles : unverified, c.cycle);
    if (opts.stopAtPeriod && [...cycles, ...unverified].some((c) => c.period === opts.stopAtPeriod)) {
      return finish({ method: 'exact', maxPeriod: p, cycles, unverified, continuum, window: win, pieceCounts, notes: [] });
    }
  }
  const notes = continuum.length ? [`f^${continuum[0]} is the identity on an interval: a continuum of periodic points (not listed).`] : [];
  return finish({ method: 'exact', maxPeriod: P, cycles, unverified, continuum, window: win, pieceCounts, notes });
}

/**
 * Group the roots of fᵖ(x) = x into cycles of minimal period p: from each root,
 * f is applied once and the image snapped to the nearest root (one step adds
 * only a few ulps of error, so even very unstable cycles are resolved); the
 * chain closes after the minimal period. Points keep their exact-root values.
 */
function* cyclesOfRoots(map: Map1D, roots: number[], p: number, pace: Pacer): Job<{ cycle: Cycle; verified: boolean }[]> {
  const out: { cycle: Cycle; verified: boolean }[] = [];
  const used = new Uint8Array(roots.length);
  const snap = (y: number): number => {
    let lo = 0;
    let hi = roots.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (roots[m] < y) lo = m + 1;
      else hi = m;
    }
    let best = -1;
    let bestD = Infinity;
    for (const i of [lo - 1, lo]) {
      if (i < 0 || i >= roots.length) continue;
      const d = Math.abs(roots[i] - y);
      if (d < bestD) {
        best = i;
        bestD = d;
      }
    }
    return best >= 0 && bestD <= 1e-9 * Math.max(1, Math.abs(y)) ? best : -1;
  };
  for (let i0 = 0; i0 < roots.length; i0++) {
    if (pace.tick(4 * p)) yield* pace.pause();
    if (used[i0]) continue;
    const chain = [i0];
    let i = i0;
    let closed = false;
    for (let step = 0; step < p; step++) {
      map.fd(roots[i]);
      const j = snap(map.f(roots[i]));
      if (j < 0) break;
      if (j === i0) {
        closed = true;
        break;
      }
      if (chain.includes(j)) break;
      chain.push(j);
      i = j;
    }
    if (!closed) continue;
    for (const j of chain) used[j] = 1;
    if (chain.length !== p) continue; // a smaller period: recorded at its own p
    const pts = chain.map((j) => roots[j]);
    let m = 1;
    let verified = true;
    pts.forEach((v, k) => {
      map.fd(v);
      m *= map.d;
      if (Math.abs(iterate(map, v, p) - v) <= tolAt(v)) return;
      // the piece's root is exact up to rounding of its coefficients; Newton on the map may do better
      const w = polish(map, v, p);
      if (Math.abs(iterate(map, w, p) - w) <= tolAt(w)) pts[k] = w;
      else verified = false;
    });
    let k0 = 0;
    for (let k = 1; k < p; k++) if (pts[k] < pts[k0]) k0 = k;
    out.push({ cycle: { period: p, points: [...pts.slice(k0), ...pts.slice(0, k0)], multiplier: m, stability: stabilityOf(m) }, verified });
  }
  return out;
}

/**
 * Grid method over the map's periodic window (or opts.window); periods from
 * `fromP` on (the exact method may have done the smaller ones).
 */
function* gridPeriodic(map: Map1D, P: number, opts: PeriodicOptions, known: Cycle[], pace: Pacer, fromP = 1): Job<PeriodicResult> {
  const notes: string[] = [];
  let win = opts.window ?? map.periodicWindow();
  if (!win) {
    win = [-10, 10];
    notes.push('f is unbounded and no interval is known to hold every periodic orbit: the grid covers [−10, 10].');
  }
  const [L, R] = win;
  const N = Math.max(100, Math.floor(opts.grid ?? 20001));
  const xs = new Float64Array(N);
  for (let i = 0; i < N; i++) xs[i] = i === N - 1 ? R : L + ((R - L) * i) / (N - 1);
  const cur = Float64Array.from(xs);
  const cycles = [...known];
  for (let p = 1; p <= P; p++) {
    for (let i = 0; i < N; i++) {
      cur[i] = Number.isNaN(cur[i]) ? NaN : iterate(map, cur[i], 1);
      if ((i & 127) === 127 && pace.tick(128)) yield* pace.pause();
    }
    if (p < fromP) continue;
    let prev = cur[0] - xs[0];
    if (prev === 0) tryRoot(xs[0]);
    // a root costs a bisection and polishing: about 250·p evaluations of f
    for (let i = 1; i < N; i++) {
      const g = cur[i] - xs[i];
      let work = 1;
      if (g === 0) {
        tryRoot(xs[i]);
        work = 250 * p;
      } else if (Number.isFinite(g) && Number.isFinite(prev) && prev !== 0 && prev < 0 !== g < 0) {
        tryRoot(bisectIterate(map, p, xs[i - 1], xs[i], prev));
        work = 250 * p;
      }
      prev = g;
      if (pace.tick(work)) yield* pace.pause();
    }
    if (opts.stopAtPeriod && cycles.some((c) => c.period === opts.stopAtPeriod)) {
      return finish({ method: 'grid', maxPeriod: p, cycles, continuum: [], window: win, pieceCounts: [], gridPoints: N, notes });
    }
    function tryRoot(x: number) {
      const c = toCycle(map, x, p, false);
      if (c && c.cycle.period === p) addCycle(cycles, c.cycle);
    }
  }
  return finish({ method: 'grid', maxPeriod: P, cycles, continuum: [], window: win, pieceCounts: [], gridPoints: N, notes });
}

/** Root of fᵖ(x) − x in [a, b] with a sign change. */
function bisectIterate(map: Map1D, p: number, a: number, b: number, ga: number): number {
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    if (m === a || m === b) break;
    const gm = iterate(map, m, p) - m;
    if (gm === 0) return m;
    if (!Number.isFinite(gm)) break;
    if (gm < 0 === ga < 0) {
      a = m;
      ga = gm;
    } else b = m;
  }
  return Math.abs(iterate(map, a, p) - a) <= Math.abs(iterate(map, b, p) - b) ? a : b;
}
