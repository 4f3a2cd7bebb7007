/**
 * Expressivity of iterated maps: laps (monotone pieces) of fᵗ,
 * crossings of a level, and fixed points of fᵗ, for t = 1 … T, with the growth
 * rate of the laps, whose logarithm estimates the topological entropy
 * (Misiurewicz–Szlenk: h_top = lim (1/t) ln laps(fᵗ)).
 *
 * Exact for piecewise-linear maps (pieces of fᵗ on the window); for smooth
 * maps, counted on a fine grid (a lower bound: folds finer than the grid are missed).
 */
import type { Map1D } from '../models';
import { compose, mergePieces, restrict, type Piece } from '../models/piecewise';
import { isDiverged } from '../divergence';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';
import { exp, log } from '../linalg/elementary';

export interface LapsResult {
  method: 'exact' | 'grid';
  window: [number, number];
  t: number[];
  laps: number[];
  /** Crossings of the level y = `level` (sign changes of fᵗ − level). */
  crossings: number[];
  level: number;
  /** Fixed points of fᵗ in the window (solutions of fᵗ(x) = x, ends included). */
  fixedPoints: number[];
  /** exp(entropy): the factor by which laps multiply per iteration. */
  growthRate: number;
  /** Least-squares slope of ln(laps) against t over the second half of t (nats per step). */
  entropy: number;
  /** Linear pieces of fᵗ on the window (exact method). */
  pieces: number[];
  gridPoints?: number;
  notes: string[];
}

export interface LapsOptions {
  T?: number;
  window?: [number, number] | null;
  level?: number;
  grid?: number;
  pieceCap?: number;
  forceGrid?: boolean;
}

/**
 * The dynamical core of an unbounded piecewise-linear map: the interval spanned
 * by the first two images of its kinks (for a unimodal map [f²(c), f(c)]),
 * grown as J ← hull(J ∪ f(J)) until f(J) ⊂ J; null if it keeps growing.
 * For the tent network 2ReLU(x) − 4ReLU(x − ½) it is [0, 1]; for the minimal
 * period-3 map it is [1, 3].
 */
export function dynamicalCore(ps: Piece[]): [number, number] | null {
  if (ps.length < 2) return null;
  const at = (x: number) => {
    const p = ps[Math.min(ps.length - 1, ps.findIndex((q) => x <= q.b))];
    return p.s * x + p.r;
  };
  const kinks = ps.slice(0, -1).map((p) => p.b);
  const images = kinks.map(at);
  const pts = [...images, ...images.map(at)];
  let lo = Math.min(...pts);
  let hi = Math.max(...pts);
  if (!(hi > lo)) return null;
  const scale = Math.max(1, Math.abs(lo), Math.abs(hi), hi - lo);
  for (let it = 0; it < 60; it++) {
    // f on [lo, hi] is piecewise linear: its extremes are at the ends or at kinks inside
    let nlo = lo;
    let nhi = hi;
    for (const x of [lo, hi, ...kinks.filter((k) => k > lo && k < hi)]) {
      const y = at(x);
      nlo = Math.min(nlo, y);
      nhi = Math.max(nhi, y);
    }
    if (nlo >= lo - 1e-12 * scale && nhi <= hi + 1e-12 * scale) return [lo, hi];
    if (nhi - nlo > 1e3 * scale) return null;
    lo = nlo;
    hi = nhi;
  }
  return null;
}

/** Hull of f over [lo, hi]: exact from the pieces, or sampled (and padded 1 %) for smooth maps. */
function* imageHull(map: Map1D, lo: number, hi: number, pace: Pacer): Job<[number, number]> {
  const ps = map.pieces();
  if (pace.due()) yield* pace.pause();
  let ylo = Infinity;
  let yhi = -Infinity;
  const take = (x: number) => {
    const y = map.f(x);
    if (y < ylo) ylo = y;
    if (y > yhi) yhi = y;
  };
  if (ps) {
    take(lo);
    take(hi);
    for (const p of ps) {
      if (p.b > lo && p.b < hi) take(p.b);
      if (pace.tick()) yield* pace.pause();
    }
    return [ylo, yhi];
  }
  const n = 4001;
  for (let i = 0; i < n; i++) {
    take(lo + ((hi - lo) * i) / (n - 1));
    if ((i & 127) === 127 && pace.tick(128)) yield* pace.pause();
  }
  const pad = 0.01 * (yhi - ylo);
  return [ylo - pad, yhi + pad];
}

/**
 * A window for laps and the graph of fᵗ: an interval that holds the periodic
 * orbits (or the dynamical core of an unbounded PL map), shrunk to where the
 * dynamics lives by J ← hull f(J) a few times (every orbit enters f⁸(J)).
 */
export function defaultWindow(map: Map1D): [number, number] {
  return runToEnd(defaultWindowSteps(map, NO_PAUSE));
}

/** `defaultWindow` as a job (core/job.ts). */
export function* defaultWindowSteps(map: Map1D, pace: Pacer): Job<[number, number]> {
  let J = map.periodicWindow();
  if (!J || !(J[1] > J[0])) {
    const ps = map.pieces();
    J = (ps && dynamicalCore(ps)) || null;
    if (!J) {
      if (ps && ps.length > 1) {
        const lo = ps[0].b;
        const hi = ps[ps.length - 1].a;
        const span = Math.max(1, hi - lo);
        return [lo - 0.25 * span, hi + 0.25 * span];
      }
      return [-2, 2];
    }
  }
  const width0 = J[1] - J[0];
  for (let i = 0; i < 8; i++) {
    const [a, b] = yield* imageHull(map, J[0], J[1], pace);
    const next: [number, number] = [Math.max(a, J[0]), Math.min(b, J[1])];
    if (!(next[1] - next[0] > 1e-3 * width0)) break; // collapsing onto an attracting point: keep the last interval
    if (next[0] === J[0] && next[1] === J[1]) break;
    J = next;
  }
  return J;
}

/** 1 + sign changes of a sequence, zeros dropped. */
export function signChanges(values: ArrayLike<number>): number {
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v !== 0) || Number.isNaN(v)) continue;
    const s = v > 0 ? 1 : -1;
    if (last !== 0 && s !== last) n++;
    last = s;
  }
  return n;
}

/** Laps, level crossings and fixed points of one PL map given by its pieces. */
export function countPieces(F: Piece[], level: number): { laps: number; crossings: number; fixed: number } {
  const slopes = F.map((p) => p.s);
  const xs = [F[0].a, ...F.map((p) => p.b)];
  const ys = xs.map((x, j) => {
    const p = F[Math.min(j, F.length - 1)];
    return p.s * x + p.r;
  });
  // fixed points: the root of s·x + r = x on each piece (a root on a shared end counted once)
  let fixed = 0;
  let last = NaN;
  for (const p of F) {
    if (p.s === 1) continue;
    const x = p.r / (1 - p.s);
    const slack = 1e-12 * Math.max(1, Math.abs(x));
    if (x < p.a - slack || x > p.b + slack) continue;
    if (Math.abs(x - last) <= 1e-9 * Math.max(1, Math.abs(x))) continue;
    fixed++;
    last = x;
  }
  return { laps: 1 + signChanges(slopes), crossings: signChanges(ys.map((y) => y - level)), fixed };
}

function entropyFit(t: number[], laps: number[]): number {
  const n = t.length;
  if (n < 2) return n === 1 ? log(laps[0]) / t[0] : NaN;
  const from = Math.floor(n / 2);
  const tt = t.slice(from);
  const yy = laps.slice(from).map((v) => log(v));
  if (tt.length < 2) return (log(laps[n - 1]) - log(laps[n - 2])) / (t[n - 1] - t[n - 2]);
  const mt = tt.reduce((a, b) => a + b, 0) / tt.length;
  const my = yy.reduce((a, b) => a + b, 0) / yy.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < tt.length; i++) {
    num += (tt[i] - mt) * (yy[i] - my);
    den += (tt[i] - mt) * (tt[i] - mt);
  }
  return num / den;
}

export function lapsOfIterates(map: Map1D, opts: LapsOptions = {}): LapsResult {
  return runToEnd(lapsSteps(map, opts, NO_PAUSE));
}

/** `lapsOfIterates` as a job (core/job.ts): pauses between the compositions, and in the grid's loops. */
export function* lapsSteps(map: Map1D, opts: LapsOptions, pace: Pacer): Job<LapsResult> {
  const T = Math.max(1, Math.min(60, Math.floor(opts.T ?? 10)));
  const window = opts.window ?? (yield* defaultWindowSteps(map, pace));
  const level = opts.level ?? 0.5 * (window[0] + window[1]);
  const f = opts.forceGrid ? null : map.pieces();
  if (pace.due()) yield* pace.pause();
  const out: LapsResult = {
    method: f ? 'exact' : 'grid',
    window,
    t: [],
    laps: [],
    crossings: [],
    level,
    fixedPoints: [],
    growthRate: NaN,
    entropy: NaN,
    pieces: [],
    notes: [],
  };
  if (f) {
    const cap = opts.pieceCap ?? 2_000_000;
    let F: Piece[] | null = mergePieces(restrict(f, window[0], window[1]));
    for (let t = 1; t <= T; t++) {
      if (t > 1) F = compose(f, F!, cap);
      if (!F) {
        out.notes.push(`f^${t} has more than ${cap.toLocaleString('en')} linear pieces on the window: stopped at t = ${t - 1}.`);
        break;
      }
      const c = countPieces(F, level);
      out.t.push(t);
      out.laps.push(c.laps);
      out.crossings.push(c.crossings);
      out.fixedPoints.push(c.fixed);
      out.pieces.push(F.length);
      if (pace.due()) yield* pace.pause();
    }
  } else {
    const N = Math.max(1000, Math.floor(opts.grid ?? 40001));
    out.gridPoints = N;
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = window[0] + ((window[1] - window[0]) * i) / (N - 1);
    const cur = Float64Array.from(xs);
    const diff = new Float64Array(N - 1);
    const g = new Float64Array(N);
    for (let t = 1; t <= T; t++) {
      for (let i = 0; i < N; i++) {
        cur[i] = isDiverged(cur[i]) ? NaN : map.f(cur[i]);
        if ((i & 127) === 127 && pace.tick(128)) yield* pace.pause();
      }
      for (let i = 0; i + 1 < N; i++) diff[i] = cur[i + 1] - cur[i];
      const laps = 1 + signChanges(diff);
      if (laps > N / 10) {
        out.notes.push(`f^${t} folds faster than the grid of ${N.toLocaleString('en')} points resolves: stopped at t = ${t - 1}.`);
        break;
      }
      for (let i = 0; i < N; i++) g[i] = cur[i] - level;
      const crossings = signChanges(g);
      for (let i = 0; i < N; i++) g[i] = cur[i] - xs[i];
      out.t.push(t);
      out.laps.push(laps);
      out.crossings.push(crossings);
      // sign changes inside, plus fixed points sitting exactly on the window's ends
      out.fixedPoints.push(signChanges(g) + (g[0] === 0 ? 1 : 0) + (g[N - 1] === 0 ? 1 : 0));
    }
    out.notes.push(`Counted on a grid of ${N.toLocaleString('en')} points: a lower bound.`);
  }
  out.entropy = entropyFit(out.t, out.laps);
  out.growthRate = exp(out.entropy);
  return out;
}

/** Samples of fᵗ on the window (for the graph beside the counts). */
export function sampleIterate(map: Map1D, window: [number, number], t: number, n = 1200): { xs: Float64Array; ys: Float64Array } {
  return runToEnd(sampleIterateSteps(map, window, t, n, NO_PAUSE));
}

function* sampleIterateSteps(map: Map1D, window: [number, number], t: number, n: number, pace: Pacer): Job<{ xs: Float64Array; ys: Float64Array }> {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = window[0] + ((window[1] - window[0]) * i) / (n - 1);
    xs[i] = x;
    for (let j = 0; j < t && !Number.isNaN(x); j++) x = isDiverged(x) ? NaN : map.f(x);
    ys[i] = isDiverged(x) ? NaN : x;
    if (pace.tick(t)) yield* pace.pause();
  }
  return { xs, ys };
}

/**
 * The graph of fᵗ on the window: exact corner points for a piecewise-linear
 * map (while it has at most maxCorners pieces), samples otherwise.
 */
export function iterateGraph(map: Map1D, window: [number, number], t: number, maxCorners = 20000, samples = 1500): { xs: Float64Array; ys: Float64Array; exact: boolean } {
  return runToEnd(iterateGraphSteps(map, window, t, NO_PAUSE, maxCorners, samples));
}

/** `iterateGraph` as a job (core/job.ts). */
export function* iterateGraphSteps(map: Map1D, window: [number, number], t: number, pace: Pacer, maxCorners = 20000, samples = 1500): Job<{ xs: Float64Array; ys: Float64Array; exact: boolean }> {
  const f = map.pieces();
  if (pace.due()) yield* pace.pause();
  if (f) {
    let F: Piece[] | null = mergePieces(restrict(f, window[0], window[1]));
    for (let j = 2; j <= t && F; j++) {
      F = compose(f, F, maxCorners);
      if (pace.due()) yield* pace.pause();
    }
    if (F) {
      const xs = new Float64Array(F.length + 1);
      const ys = new Float64Array(F.length + 1);
      for (let j = 0; j < F.length; j++) {
        xs[j] = F[j].a;
        ys[j] = F[j].s * F[j].a + F[j].r;
      }
      const last = F[F.length - 1];
      xs[F.length] = last.b;
      ys[F.length] = last.s * last.b + last.r;
      return { xs, ys, exact: true };
    }
  }
  return { ...(yield* sampleIterateSteps(map, window, t, samples, pace)), exact: false };
}
