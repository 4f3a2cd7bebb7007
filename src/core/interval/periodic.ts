/**
 * Periodic points of a 1-D map up to period P, classified by minimal period,
 * multiplier and stability.
 *
 * - Piecewise-linear maps (ReLU, hard tanh, clip, tent): exact. The pieces of
 *   fᵖ over ℝ are enumerated; on each, s·x + r = x is solved and the root kept
 *   if it lies in the piece.
 * - Smooth maps (and piecewise-linear ones whose fᵖ has too many pieces):
 *   certified. Interval arithmetic on an interval that holds every periodic
 *   orbit proves, cell by cell, that there is no root of fᵖ(x) − x or exactly
 *   one (core/interval/certified.ts); the list is then every cycle in that
 *   window, and where a cell cannot be decided (a tangency at a bifurcation,
 *   a spent budget) the result says so (`complete: false`, `incomplete`).
 * Exact cycles are also checked by iterating the map itself: fᵖ(x) = x to
 * 1e-9 (relative); those too unstable for that check are listed apart.
 */
import type { Map1D } from '../models';
import { compose, interiorPoint, mergePieces, restrict, type Piece } from '../models/piecewise';
import { isDiverged } from '../divergence';
import { stabilityOf, type Stability } from '../map1d/fixedPoints';
import { certifiedRoots, PowerEnclosure, shrinkWindow } from './certified';
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

/** A period whose list is not proved complete, and why. */
export interface IncompletePeriod {
  period: number;
  /** Intervals where fᵖ(x) − x could be neither excluded nor proved to have one root. */
  cells: [number, number][];
  /** The cell budget ran out (rather than a tangency). */
  exhausted: boolean;
  /** Proved roots not proved distinct from a point of a smaller period. */
  ambiguous: number;
  /** Proved roots of minimal period p that did not chain into a p-cycle. */
  ungrouped: number;
}

export interface PeriodicResult {
  method: 'exact' | 'certified';
  /** Periods searched: 1 … maxPeriod. */
  maxPeriod: number;
  /**
   * Every cycle up to maxPeriod in `window` (all of ℝ when null) is listed,
   * proved: exact roots of linear pieces, or roots proved by interval Newton.
   */
  complete: boolean;
  /** Periods whose list is not proved complete (empty when `complete`). */
  incomplete: IncompletePeriod[];
  /** Cycles checked by iterating the map: fᵖ(x) = x to 1e-9 at every point. */
  cycles: Cycle[];
  /**
   * Proved cycles (exact roots of linear pieces, or interval Newton) so
   * unstable (|Π f′| ≳ 10⁷) that double precision cannot confirm them by
   * iterating the map.
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
  /** The interval searched (null: all of ℝ, the exact method on an unbounded map). */
  window: [number, number] | null;
  /** Linear pieces of fᵖ for p = 1 … (exact method). */
  pieceCounts: number[];
  /** Cells the certified search examined. */
  cells?: number;
  notes: string[];
}

export interface PeriodicOptions {
  maxPeriod?: number;
  /** Cell budget of the certified search, per period. */
  maxCells?: number;
  /** Stop enumerating pieces beyond this count (then the certified search takes over). */
  pieceCap?: number;
  /** Interval for the certified search (default: the map's periodic window). */
  window?: [number, number] | null;
  /** The certified search even for a piecewise-linear map (to compare). */
  forceCertified?: boolean;
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

/** Add a cycle unless an equal one (same period, same points) is known. */
function addCycle(list: Cycle[], c: Cycle): boolean {
  for (const o of list) {
    if (o.period !== c.period) continue;
    if (o.points.every((v, j) => Math.abs(v - c.points[j]) <= 1e-10 * Math.max(1, Math.abs(v)))) return false;
  }
  list.push(c);
  return true;
}

function finish(r: Omit<PeriodicResult, 'periods' | 'period3' | 'liYorke' | 'unverified' | 'complete' | 'incomplete'> & { unverified?: Cycle[]; incomplete?: IncompletePeriod[] }): PeriodicResult {
  const incomplete = r.incomplete ?? [];
  const byOrder = (a: Cycle, b: Cycle) => a.period - b.period || a.points[0] - b.points[0];
  r.cycles.sort(byOrder);
  const unverified = (r.unverified ?? []).filter((u) => !r.cycles.some((c) => c.period === u.period && Math.abs(c.points[0] - u.points[0]) <= 1e-10 * Math.max(1, Math.abs(u.points[0])))).sort(byOrder);
  if (unverified.length) {
    const worst = Math.max(...unverified.map((u) => Math.abs(u.multiplier)));
    r.notes.push(`${unverified.length} more cycle${unverified.length > 1 ? 's' : ''} (periods ${[...new Set(unverified.map((u) => u.period))].join(', ')}) are proved (exact roots of linear pieces, or interval Newton) but so unstable (|Π f′| up to ${worst.toExponential(1)}) that double precision cannot confirm fᵖ(x) = x to 1e-9 by iterating: listed separately.`);
  }
  const periods = sharkovskySort([...r.cycles, ...unverified].map((c) => c.period));
  return { ...r, unverified, incomplete, complete: incomplete.length === 0, periods, period3: periods.includes(3), liYorke: periods.some((p) => !isPowerOfTwo(p)) };
}

export function periodicPoints(map: Map1D, opts: PeriodicOptions = {}): PeriodicResult {
  return runToEnd(periodicSteps(map, opts, NO_PAUSE));
}

/** `periodicPoints` as a job (core/job.ts): pauses between compositions, roots and grid points. */
export function* periodicSteps(map: Map1D, opts: PeriodicOptions, pace: Pacer): Job<PeriodicResult> {
  const P = Math.max(1, Math.min(16, Math.floor(opts.maxPeriod ?? 8)));
  const pieces = opts.forceCertified ? null : map.pieces();
  if (pace.due()) yield* pace.pause();
  if (pieces) return yield* exactPeriodic(map, pieces, P, opts, pace);
  return yield* certifiedPeriodic(map, P, opts, [], pace);
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
      const g = yield* certifiedPeriodic(map, P, opts, cycles, pace, p);
      g.notes.unshift(`f^${p} has more than ${cap.toLocaleString('en')} linear pieces: periods ${p}–${P} were searched by the certified method on [${g.window![0]}, ${g.window![1]}].`);
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

/** The divisors of p below p, ascending. */
function properDivisors(p: number): number[] {
  const out: number[] = [];
  for (let d = 1; d < p; d++) if (p % d === 0) out.push(d);
  return out;
}

/** Index of an interval of the sorted disjoint list that meets [lo, hi], or −1. */
function meeting(list: { lo: number; hi: number }[], lo: number, hi: number): number {
  let a = 0;
  let b = list.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (list[m].hi < lo) a = m + 1;
    else b = m;
  }
  return a < list.length && list[a].lo <= hi ? a : -1;
}

/**
 * The certified search (core/interval/certified.ts) over the map's periodic
 * window (or opts.window), periods 1 … P; cycles are listed from `fromP` on
 * (the exact method has the smaller ones in `known`). A root of fᵖ − x is of
 * minimal period p when it is proved distinct from every root of f^d − x,
 * d | p: their proved intervals are disjoint, or one interval holds a single
 * root of fᵖ − x and meets the other. Roots are then chained into cycles.
 */
function* certifiedPeriodic(map: Map1D, P: number, opts: PeriodicOptions, known: Cycle[], pace: Pacer, fromP = 1): Job<PeriodicResult> {
  const notes: string[] = [];
  let win = opts.window ?? map.periodicWindow();
  if (!win) {
    win = [-10, 10];
    notes.push('f is unbounded and no interval is known to hold every periodic orbit: the search covers [−10, 10] only.');
  }
  win = shrinkWindow(map, win);
  const [L, R] = win;
  const maxCells = Math.max(1000, Math.floor(opts.maxCells ?? 200_000));
  const cycles = [...known];
  const unverified: Cycle[] = [];
  const levels: { roots: { lo: number; hi: number }[]; unresolved: { lo: number; hi: number }[] }[] = [];
  const incomplete: IncompletePeriod[] = [];
  let cells = 0;
  for (let p = 1; p <= P; p++) {
    const found = yield* certifiedRoots(map, p, L, R, { maxCells }, pace);
    cells += found.cells;
    const unresolved = clusterCells(found.unresolved);
    levels[p] = { roots: found.roots, unresolved: unresolved.map(([lo, hi]) => ({ lo, hi })) };
    if (p < fromP) continue;
    const E = new PowerEnclosure(map, p);
    const minimal: number[] = [];
    let ambiguous = 0;
    for (const r of found.roots) {
      let kind: 'minimal' | 'smaller' | 'ambiguous' = 'minimal';
      for (const d of properDivisors(p)) {
        const lv = levels[d];
        const i = meeting(lv.roots, r.lo, r.hi);
        if (i >= 0) {
          const lo = Math.min(lv.roots[i].lo, r.lo);
          const hi = Math.max(lv.roots[i].hi, r.hi);
          // a single root of fᵖ − x over the hull: the d-periodic point is this one
          kind = E.over(lo, hi) && (E.d.lo - 1 > 0 || E.d.hi - 1 < 0) ? 'smaller' : 'ambiguous';
          break;
        }
        if (meeting(lv.unresolved, r.lo, r.hi) >= 0) {
          kind = 'ambiguous';
          break;
        }
      }
      if (kind === 'minimal') minimal.push(r.x);
      else if (kind === 'ambiguous') ambiguous++;
    }
    let grouped = 0;
    // each point is proved by interval Newton: iterating the map is no further check
    for (const c of yield* cyclesOfRoots(map, minimal, p, pace)) {
      if (addCycle(cycles, c.cycle)) grouped += p;
    }
    const ungrouped = minimal.length - grouped;
    if (unresolved.length || ambiguous || ungrouped) incomplete.push({ period: p, cells: unresolved, exhausted: found.exhausted, ambiguous, ungrouped });
    if (opts.stopAtPeriod && [...cycles, ...unverified].some((c) => c.period === opts.stopAtPeriod)) {
      return finish({ method: 'certified', maxPeriod: p, cycles, unverified, continuum: [], window: win, pieceCounts: [], cells, incomplete, notes: [...notes, ...incompleteNotes(incomplete)] });
    }
  }
  return finish({ method: 'certified', maxPeriod: P, cycles, unverified, continuum: [], window: win, pieceCounts: [], cells, incomplete, notes: [...notes, ...incompleteNotes(incomplete)] });
}

/**
 * Unresolved cells come in clusters around one tangency (many tiny cells, with
 * pruned gaps): report each cluster as its hull.
 */
function clusterCells(cells: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const c of cells) {
    const last = out[out.length - 1];
    if (last && c[0] - last[1] <= 1e-4 * Math.max(1, Math.abs(c[0]))) last[1] = Math.max(last[1], c[1]);
    else out.push([c[0], c[1]]);
  }
  return out;
}

/** What could not be proved, in words; periods with the same story share one sentence. */
function incompleteNotes(inc: IncompletePeriod[]): string[] {
  const groups = new Map<string, number[]>();
  for (const i of inc) {
    const parts: string[] = [];
    if (i.cells.length) {
      const where = i.cells.slice(0, 3).map(([a, b]) => (b - a < 1e-6 * Math.max(1, Math.abs(a)) ? `near ${fmtX(0.5 * (a + b))}` : `in [${fmtX(a)}, ${fmtX(b)}]`));
      const more = i.cells.length > 3 ? ` and ${i.cells.length - 3} more places` : '';
      parts.push(
        i.exhausted
          ? `the search budget ran out with cells left ${where.join(', ')}${more}`
          : `F(x) − x could not be separated from 0 ${where.join(', ')}${more} (a tangency — a cycle being born or doubling — where rounding hides its sign)`,
      );
    }
    if (i.ambiguous) parts.push(`${i.ambiguous} root${i.ambiguous > 1 ? 's' : ''} could not be told apart from a point of a smaller period`);
    if (i.ungrouped) parts.push(`${i.ungrouped} root${i.ungrouped > 1 ? 's' : ''} could not be chained into cycles`);
    const key = parts.join('; ');
    groups.set(key, [...(groups.get(key) ?? []), i.period]);
  }
  return [...groups].map(([story, ps]) =>
    ps.length === 1
      ? `Period ${ps[0]} is not certified complete: ${story.replace('F(x)', `f${sup(ps[0])}(x)`)}.`
      : `Periods ${ps.slice(0, -1).join(', ')} and ${ps[ps.length - 1]} are not certified complete: ${story.replace('F(x)', 'fᵖ(x)')}.`,
  );
}

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
function sup(n: number): string {
  return n === 1 ? '' : String(n).replace(/\d/g, (d) => SUP[+d]);
}

function fmtX(x: number): string {
  return Number(x.toPrecision(7)).toString();
}
