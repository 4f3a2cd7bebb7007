/**
 * Every root of g(x) = fᵖ(x) − x in a window, with a proof: a branch-and-prune
 * search with interval arithmetic (Moore, Kearfott & Cloud, "Introduction to
 * Interval Analysis", 2009, ch. 8). On each cell X the map's enclosures
 * (Map1D.enclose) give F ⊇ fᵖ(X) and D ⊇ (fᵖ)′(X) by the chain rule; then
 *
 * - 0 ∉ F − X, or 0 ∉ g(m) + (D − 1)(X − m) (mean value form): no root in X;
 * - 0 ∉ D − 1: g is monotone on X and the interval Newton step
 *   N = m − g(m)/(D − 1) holds every root in X; N ⊂ interior(X) proves that X
 *   holds exactly one root, and it lies in N (Moore's theorem);
 * - otherwise X is split.
 *
 * Every periodic orbit stays in the window, so a cell is also pruned when the
 * enclosure of some iterate leaves it (clipping the iterates to the window
 * also keeps their enclosures from blowing up; proofs use unclipped ones).
 *
 * A root on a cell's edge is caught by ε-inflation (Rump 1983): a Newton
 * interval that touches the edge is widened and retried on its own. Cells that
 * can be neither pruned nor proved — a tangency, where fᵖ − x touches 0 at a
 * bifurcation and rounding hides its sign, or cells a few ulps wide — and
 * those left when the cell budget is spent are returned as unresolved: the
 * list is complete outside them.
 */
import { div, down, mul, up, type Iv, iv } from '../linalg/interval';
import type { Map1D } from '../models';
import type { Job, Pacer } from '../job';

/** One root of fᵖ(x) − x, proved unique in [lo, hi]. */
export interface CertifiedRoot {
  lo: number;
  hi: number;
  /** A point of [lo, hi] (its midpoint after Newton refinement). */
  x: number;
}

export interface CertifiedRoots {
  /** Sorted, pairwise disjoint. */
  roots: CertifiedRoot[];
  /** Cells where nothing could be proved, merged where they touch. */
  unresolved: [number, number][];
  /** The cell budget ran out (its remaining cells are in `unresolved`). */
  exhausted: boolean;
  /** Cells examined. */
  cells: number;
}

/**
 * Scratch for the p-fold enclosure: fᵖ over [lo, hi] and (fᵖ)′. Each step
 * encloses f over the previous image twice — the map's own enclosure and the
 * centred form f(c) + f′(X)(X − c) — and keeps their intersection: the first
 * is tight on wide cells, the second on narrow ones, where summing a
 * network's units' ranges separately loses their cancellation.
 */
export class PowerEnclosure {
  readonly f = iv(0);
  readonly d = iv(0);
  /** The last `over(…, true)` clipped an image to the window. */
  cut = false;
  /** The last `over(…, true)` found no orbit staying in the window. */
  empty = false;
  private readonly buf = new Float64Array(4);
  private readonly pt = new Float64Array(4);
  private readonly t = iv(0);
  constructor(
    readonly map: Map1D,
    readonly p: number,
    /** Every periodic orbit lies in this interval (the search's window). */
    readonly window: [number, number] | null = null,
  ) {}

  /**
   * Encloses fᵖ and (fᵖ)′ over [lo, hi]; false when a bound is lost (NaN) or,
   * with `clip`, when no orbit from [lo, hi] stays in the window for p steps.
   * Clipped enclosures hold only the points whose orbits stay in the window —
   * enough to exclude periodic points, not to prove a root (`cut` says
   * whether clipping changed anything).
   */
  over(lo: number, hi: number, clip = false): boolean {
    const { map, buf, pt, t, window: win } = this;
    let xl = lo;
    let xh = hi;
    let dl = 1;
    let dh = 1;
    this.cut = false;
    this.empty = false;
    for (let j = 0; j < this.p; j++) {
      map.enclose(xl, xh, buf);
      let yl = buf[0];
      let yh = buf[1];
      if (xh > xl) {
        const c = 0.5 * (xl + xh);
        map.enclose(c, c, pt);
        mul(buf[2], buf[3], down(xl - c), up(xh - c), t);
        yl = Math.max(yl, down(pt[0] + t.lo));
        yh = Math.min(yh, up(pt[1] + t.hi));
      }
      if (j === 0) {
        dl = buf[2];
        dh = buf[3];
      } else {
        mul(dl, dh, buf[2], buf[3], t);
        dl = t.lo;
        dh = t.hi;
      }
      if (clip && win) {
        if (yl < win[0]) {
          yl = win[0];
          this.cut = true;
        }
        if (yh > win[1]) {
          yh = win[1];
          this.cut = true;
        }
        if (yl > yh) {
          this.empty = true;
          return false;
        }
      }
      xl = yl;
      xh = yh;
      if (!(xl <= xh) || !(dl <= dh)) return false;
    }
    this.f.lo = xl;
    this.f.hi = xh;
    this.d.lo = dl;
    this.d.hi = dh;
    return true;
  }

  /** Enclosure of g = fᵖ − x at the point m, into `out`. */
  gAt(m: number, out: Iv): boolean {
    if (!this.over(m, m)) return false;
    out.lo = down(this.f.lo - m);
    out.hi = up(this.f.hi - m);
    return true;
  }
}

/**
 * An enclosure of f([L, R]) by branch and bound: a cell is split only while
 * its enclosure could still raise the maximum (or lower the minimum) by more
 * than `tol` beyond values f takes at cell midpoints; the result is the hull
 * of the enclosures of the cells kept, so it holds f([L, R]) for certain.
 */
function rangeOf(E: PowerEnclosure, L: number, R: number, tol: number): [number, number] | null {
  let top = -Infinity; // values f attains (midpoints): the max is at least this
  let bottom = Infinity;
  let hiBound = -Infinity; // the enclosure of f over the discarded cells
  let loBound = Infinity;
  const stack: number[] = [L, R];
  let cells = 0;
  while (stack.length) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    if (!E.over(a, b)) return null;
    const fl = E.f.lo;
    const fh = E.f.hi;
    const m = 0.5 * (a + b);
    const v = E.map.f(m);
    top = Math.max(top, v);
    bottom = Math.min(bottom, v);
    const needHi = fh > top + tol;
    const needLo = fl < bottom - tol;
    if ((needHi || needLo) && ++cells < 20_000 && b - a > 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))) {
      stack.push(a, m, m, b);
      continue;
    }
    hiBound = Math.max(hiBound, fh);
    loBound = Math.min(loBound, fl);
  }
  return [loBound, hiBound];
}

/**
 * A smaller interval that still holds every periodic orbit of `win`: a
 * periodic point is the image of another, so it lies in f(W) ∩ W; the step
 * is repeated while it shrinks W by more than 1 %.
 */
export function shrinkWindow(map: Map1D, win: [number, number]): [number, number] {
  const E = new PowerEnclosure(map, 1);
  let [L, R] = win;
  for (let it = 0; it < 8; it++) {
    const r = rangeOf(E, L, R, 1e-4 * (R - L));
    if (!r) break;
    const nl = Math.max(L, r[0]);
    const nh = Math.min(R, r[1]);
    if (!(nl <= nh)) break;
    const shrunk = nh - nl < 0.99 * (R - L);
    L = nl;
    R = nh;
    if (!shrunk) break;
  }
  return [L, R];
}

export interface CertifiedOptions {
  /** Stop after this many cells (the rest is returned unresolved). */
  maxCells: number;
  /** An interval known to hold every periodic orbit (default [L, R]). */
  window?: [number, number];
}

/** Smallest cell worth splitting: a few ulps of its position. */
function tooNarrow(lo: number, hi: number): boolean {
  return hi - lo <= 16 * Number.EPSILON * Math.max(1, Math.abs(lo), Math.abs(hi));
}

type Newton = 'none' | 'excluded' | 'proved' | 'shrunk' | 'edge';

/**
 * One interval Newton step on [lo, hi] with the derivative enclosure `d` of
 * fᵖ there (0 ∉ d − 1): the Newton interval N in `n`, and what it shows.
 */
function newtonStep(E: PowerEnclosure, lo: number, hi: number, dLo: number, dHi: number, n: Iv, gm: Iv, q: Iv): Newton {
  const m = 0.5 * (lo + hi);
  if (!E.gAt(m, gm)) return 'none';
  div(gm.lo, gm.hi, down(dLo - 1), up(dHi - 1), q);
  n.lo = down(m - q.hi);
  n.hi = up(m - q.lo);
  if (!(n.lo <= n.hi)) return 'none';
  if (n.hi < lo || n.lo > hi) return 'excluded';
  if (n.lo > lo && n.hi < hi) return 'proved';
  const yl = Math.max(lo, n.lo);
  const yh = Math.min(hi, n.hi);
  if (yh - yl <= 0.25 * (hi - lo)) return 'edge';
  return 'shrunk';
}

/**
 * All roots of fᵖ(x) − x in [L, R], each proved unique in its interval, and
 * the cells left unresolved. A job (core/job.ts): pauses between cells.
 */
export function* certifiedRoots(map: Map1D, p: number, L: number, R: number, opts: CertifiedOptions, pace: Pacer): Job<CertifiedRoots> {
  const E = new PowerEnclosure(map, p, opts.window ?? [L, R]);
  const roots: CertifiedRoot[] = [];
  const unresolved: [number, number][] = [];
  const stack: number[] = [L, R];
  const n = iv(0);
  const gm = iv(0);
  const q = iv(0);
  const t = iv(0);
  let cells = 0;
  let exhausted = false;

  /** Refine a proved root interval by Newton steps on itself while they shrink it. */
  const refine = (lo: number, hi: number): CertifiedRoot => {
    for (let i = 0; i < 60 && hi > lo; i++) {
      if (!E.over(lo, hi) || !(E.d.lo - 1 > 0 || E.d.hi - 1 < 0)) break;
      const r = newtonStep(E, lo, hi, E.d.lo, E.d.hi, n, gm, q);
      if (r === 'none' || r === 'excluded') break;
      const nl = Math.max(lo, n.lo);
      const nh = Math.min(hi, n.hi);
      // Newton converges quadratically; once rounding dominates it only nibbles ulps
      if (!(nh - nl < 0.5 * (hi - lo))) break;
      lo = nl;
      hi = nh;
    }
    return { lo, hi, x: bestPoint(map, p, lo, hi) };
  };

  /**
   * ε-inflation: a Newton interval [lo, hi] that touches its cell's edge is
   * widened and Newton is tried on the widened interval alone.
   */
  const inflate = (lo: number, hi: number): CertifiedRoot | null => {
    for (let i = 0; i < 4; i++) {
      const w = Math.max(hi - lo, 4 * Number.EPSILON * Math.max(1, Math.abs(lo), Math.abs(hi)));
      lo -= w;
      hi += w;
      if (!E.over(lo, hi) || !(E.d.lo - 1 > 0 || E.d.hi - 1 < 0)) return null;
      const r = newtonStep(E, lo, hi, E.d.lo, E.d.hi, n, gm, q);
      if (r === 'proved') return refine(n.lo, n.hi);
      if (r === 'excluded' || r === 'none') return null;
      lo = n.lo;
      hi = n.hi;
    }
    return null;
  };

  while (stack.length) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (cells >= opts.maxCells) {
      exhausted = true;
      unresolved.push([lo, hi]);
      continue;
    }
    cells++;
    if (pace.tick(3 * p)) yield* pace.pause();
    // orbits that leave the window, or g(X) ⊂ F − X without 0: no periodic point
    const ok = E.over(lo, hi, true);
    if (!ok && E.empty) continue;
    if (ok && (down(E.f.lo - hi) > 0 || up(E.f.hi - lo) < 0)) continue;
    if ((ok && E.cut && !E.over(lo, hi)) || !ok) {
      split(lo, hi);
      continue;
    }
    const dLo = E.d.lo;
    const dHi = E.d.hi;
    if (down(dLo - 1) > 0 || up(dHi - 1) < 0) {
      const r = newtonStep(E, lo, hi, dLo, dHi, n, gm, q);
      if (r === 'excluded') continue;
      if (r === 'proved') {
        roots.push(refine(n.lo, n.hi));
        continue;
      }
      if (r === 'edge') {
        const yl = Math.max(lo, n.lo);
        const yh = Math.min(hi, n.hi);
        const root = inflate(yl, yh);
        if (root) {
          roots.push(root);
          continue;
        }
        if (yh - yl < hi - lo) {
          stack.push(yl, yh);
          continue;
        }
      }
      split(lo, hi);
      continue;
    }
    // mean value form: g(X) ⊂ g(m) + (D − 1)(X − m)
    const m = 0.5 * (lo + hi);
    if (E.gAt(m, gm)) {
      mul(down(dLo - 1), up(dHi - 1), down(lo - m), up(hi - m), t);
      if (down(gm.lo + t.lo) > 0 || up(gm.hi + t.hi) < 0) continue;
      // Rounding hides the sign of g at the midpoint and g is not monotone:
      // a multiple root (a tangency) known only to ~ε^(1/multiplicity);
      // splitting further would not decide it
      if (gm.lo <= 0 && gm.hi >= 0 && hi - lo < 1e-4 * (R - L)) {
        unresolved.push([lo, hi]);
        continue;
      }
    }
    split(lo, hi);
  }

  function split(lo: number, hi: number) {
    if (tooNarrow(lo, hi)) {
      unresolved.push([lo, hi]);
      return;
    }
    // off-centre, so that a root at a symmetric map's centre does not fall on an edge
    const m = lo + 0.4990234375 * (hi - lo);
    // right half first on the stack: the left is examined first
    stack.push(m, hi, lo, m);
  }

  return { roots: mergeRoots(E, roots), unresolved: mergeCells(unresolved), exhausted, cells };
}

/**
 * The representative of a proved root interval: its midpoint, improved by
 * point Newton steps that stay inside (so a root such as 0 is reported as 0,
 * not as a midpoint 10⁻³⁰⁷ away).
 */
function bestPoint(map: Map1D, p: number, lo: number, hi: number): number {
  const res = (x: number): [number, number] => {
    let y = x;
    let d = 1;
    for (let j = 0; j < p; j++) {
      y = map.fd(y);
      d *= map.d;
    }
    return [y - x, d - 1];
  };
  let best = 0.5 * (lo + hi);
  let [g, dg] = res(best);
  for (let i = 0; i < 3 && g !== 0 && dg !== 0; i++) {
    const x = best - g / dg;
    if (!(x >= lo && x <= hi)) break;
    const [gx, dx] = res(x);
    if (!(Math.abs(gx) < Math.abs(g))) break;
    best = x;
    g = gx;
    dg = dx;
  }
  return best;
}

/**
 * Sort and remove duplicates: two proved intervals that overlap hold the same
 * root when g is monotone over their hull (inflation may prove a root from
 * both sides of an edge).
 */
function mergeRoots(E: PowerEnclosure, roots: CertifiedRoot[]): CertifiedRoot[] {
  roots.sort((a, b) => a.lo - b.lo);
  const out: CertifiedRoot[] = [];
  for (const r of roots) {
    const last = out[out.length - 1];
    if (last && r.lo <= last.hi) {
      const lo = Math.min(last.lo, r.lo);
      const hi = Math.max(last.hi, r.hi);
      if (E.over(lo, hi) && (down(E.d.lo - 1) > 0 || up(E.d.hi - 1) < 0)) {
        // one root, in the intersection of both
        last.lo = Math.max(last.lo, r.lo);
        last.hi = Math.min(last.hi, r.hi);
        last.x = bestPoint(E.map, E.p, last.lo, last.hi);
        continue;
      }
    }
    out.push({ ...r });
  }
  return out;
}

function mergeCells(cells: [number, number][]): [number, number][] {
  cells.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const c of cells) {
    const last = out[out.length - 1];
    if (last && c[0] <= last[1]) last[1] = Math.max(last[1], c[1]);
    else out.push([c[0], c[1]]);
  }
  return out;
}
