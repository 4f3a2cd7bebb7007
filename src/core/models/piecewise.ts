/**
 * Exact piecewise-linear maps of the real line: a sorted list of pieces
 * f(x) = s·x + r on [a, b] (the outer ones reach ±∞) and their composition
 * (the pieces of each piecewise-linear model come from its module). This is
 * what makes periodic points, laps and crossings exact for ReLU maps instead
 * of grid counts.
 */
import { NS, charge } from '../cost';

export interface Piece {
  /** Left end (−Infinity for the first piece). */
  a: number;
  /** Right end (Infinity for the last piece). */
  b: number;
  /** Slope and intercept: f(x) = s·x + r on [a, b]. */
  s: number;
  r: number;
}

/** A point of [a, b] to evaluate a piece at, finite even for unbounded pieces. */
export function interiorPoint(a: number, b: number): number {
  if (a === -Infinity && b === Infinity) return 0;
  if (a === -Infinity) return b - 1;
  if (b === Infinity) return a + 1;
  return 0.5 * (a + b);
}

/** Index of the piece containing x (the right one at a shared end). */
export function pieceIndex(ps: Piece[], x: number): number {
  let lo = 0;
  let hi = ps.length - 1;
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1;
    if (ps[m].a <= x) lo = m;
    else hi = m - 1;
  }
  return lo;
}

export function evalPieces(ps: Piece[], x: number): number {
  const p = ps[pieceIndex(ps, x)];
  return p.s * x + p.r;
}

/** Join neighbours with the same line (exactly equal slope and intercept). */
export function mergePieces(ps: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of ps) {
    const q = out[out.length - 1];
    if (q && q.s === p.s && q.r === p.r) q.b = p.b;
    else out.push({ ...p });
  }
  return out;
}

/** The pieces of a map restricted to [lo, hi]. */
export function restrict(ps: Piece[], lo: number, hi: number): Piece[] {
  const out: Piece[] = [];
  for (const p of ps) {
    const a = Math.max(p.a, lo);
    const b = Math.min(p.b, hi);
    if (a < b || (a === b && lo === hi)) out.push({ a, b, s: p.s, r: p.r });
  }
  return out;
}

/**
 * Pieces of f∘g (g first) over g's domain, or null when there would be more
 * than `cap` pieces. A break of f inside the image of a piece of g splits that
 * piece at its preimage.
 */
export function compose(f: Piece[], g: Piece[], cap = Infinity): Piece[] | null {
  const out: Piece[] = [];
  const breaks = f.slice(0, -1).map((p) => p.b); // interior breakpoints of f, ascending
  for (const q of g) {
    if (q.s === 0) {
      const y = q.r;
      const fp = f[pieceIndex(f, y)];
      out.push({ a: q.a, b: q.b, s: 0, r: fp.s * y + fp.r });
    } else {
      const ya = q.a === -Infinity ? (q.s > 0 ? -Infinity : Infinity) : q.s * q.a + q.r;
      const yb = q.b === Infinity ? (q.s > 0 ? Infinity : -Infinity) : q.s * q.b + q.r;
      const lo = Math.min(ya, yb);
      const hi = Math.max(ya, yb);
      // breakpoints of f strictly inside the image, mapped back to x
      const cuts: number[] = [];
      let i = firstAbove(breaks, lo);
      for (; i < breaks.length && breaks[i] < hi; i++) {
        const x = (breaks[i] - q.r) / q.s;
        if (x > q.a && x < q.b) cuts.push(x);
      }
      if (q.s < 0) cuts.reverse();
      let a = q.a;
      for (let j = 0; j <= cuts.length; j++) {
        const b = j < cuts.length ? cuts[j] : q.b;
        if (!(b > a)) continue;
        const y = q.s * interiorPoint(a, b) + q.r;
        const fp = f[pieceIndex(f, y)];
        out.push({ a, b, s: fp.s * q.s, r: fp.s * q.r + fp.r });
        a = b;
      }
    }
    if (out.length > cap) {
      charge(NS.piece * out.length);
      return null;
    }
  }
  // the work of the certified Paper B views is metered (core/cost.ts)
  charge(NS.piece * (out.length + g.length));
  return mergePieces(out);
}

function firstAbove(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}
