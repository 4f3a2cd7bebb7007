/**
 * Exact piecewise-linear maps of the real line: a sorted list of pieces
 * f(x) = s·x + r on [a, b] (the outer ones reach ±∞), their composition, and
 * the pieces of the PL models (ReLU / hard-tanh / linear networks with any
 * σ_out, the tent map). This is what makes periodic points, laps and
 * crossings exact for ReLU maps (seeds digest §3.5) instead of grid counts.
 */
import { Act } from './activations';
import type { Net1dWeights, OutputMode } from './net1d';

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
    if (out.length > cap) return null;
  }
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

/** The kinks of a piecewise-linear activation, as values of its argument z. */
function activationKinks(act: Act): number[] | null {
  switch (act) {
    case Act.Relu:
      return [0];
    case Act.HardTanh:
      return [-1, 1];
    case Act.Linear:
      return [];
    default:
      return null;
  }
}

/**
 * Pieces over ℝ of f(x) = σ_out(Σᵢ aᵢ φ(wᵢx + bᵢ) + c) for piecewise-linear φ
 * (null for smooth φ). Slopes and intercepts are summed from the active units.
 */
export function netPieces(net: Net1dWeights, act: Act, out: OutputMode): Piece[] | null {
  const zk = activationKinks(act);
  if (!zk) return null;
  const k = net.w.length;
  const kinks: number[] = [];
  for (let i = 0; i < k; i++) {
    if (net.w[i] === 0) continue;
    for (const z of zk) kinks.push((z - net.b[i]) / net.w[i]);
  }
  kinks.sort((p, q) => p - q);
  const ends = [-Infinity, ...kinks.filter((x, i) => i === 0 || x !== kinks[i - 1]), Infinity];
  const pre: Piece[] = [];
  for (let j = 0; j + 1 < ends.length; j++) {
    const a = ends[j];
    const b = ends[j + 1];
    const m = interiorPoint(a, b);
    let s = 0;
    let r = net.c;
    for (let i = 0; i < k; i++) {
      const w = net.w[i];
      const z = w * m + net.b[i];
      if (act === Act.Relu) {
        if (z > 0) {
          s += net.a[i] * w;
          r += net.a[i] * net.b[i];
        }
      } else if (act === Act.HardTanh) {
        if (z > 1) r += net.a[i];
        else if (z < -1) r -= net.a[i];
        else {
          s += net.a[i] * w;
          r += net.a[i] * net.b[i];
        }
      } else {
        s += net.a[i] * w;
        r += net.a[i] * net.b[i];
      }
    }
    pre.push({ a, b, s, r });
  }
  const outMap = outputPieces(out, act);
  return outMap ? (compose(outMap, pre) as Piece[]) : mergePieces(pre);
}

/** σ_out as pieces (null for the identity). */
function outputPieces(out: OutputMode, act: Act): Piece[] | null {
  const clamp = (lo: number, hi: number): Piece[] => [
    { a: -Infinity, b: lo, s: 0, r: lo },
    { a: lo, b: hi, s: 1, r: 0 },
    { a: hi, b: Infinity, s: 0, r: hi },
  ];
  if (out === 'identity') return null;
  if (out === 'clip') return clamp(0, 1);
  switch (act) {
    case Act.Relu:
      return [
        { a: -Infinity, b: 0, s: 0, r: 0 },
        { a: 0, b: Infinity, s: 1, r: 0 },
      ];
    case Act.HardTanh:
      return clamp(-1, 1);
    default:
      return null; // linear: the identity
  }
}

/** Tent map μ·min(x, 1 − x) on ℝ. */
export function tentPieces(mu: number): Piece[] {
  return [
    { a: -Infinity, b: 0.5, s: mu, r: 0 },
    { a: 0.5, b: Infinity, s: -mu, r: mu },
  ];
}
