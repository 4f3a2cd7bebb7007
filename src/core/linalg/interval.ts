/**
 * Interval arithmetic with outward rounding, for enclosures that are proofs:
 * every true value of an expression over its argument intervals lies in the
 * computed interval.
 *
 * JavaScript has no directed rounding, so each result of a basic operation
 * (correctly rounded to nearest, at most ½ ulp off) is pushed outward by
 * 2 ulps, and each result of an elementary function (at most 1 ulp off in the
 * lab's libraries, fdlibm-derived) by 4 ulps. The absolute term keeps the
 * push non-zero at 0 and in the subnormal range. Intervals are pairs [lo, hi]
 * passed as numbers; a NaN bound means "unknown" and callers treat it as the
 * whole line.
 */

const ULP2 = 4.5e-16; // 2 ulps relative (ε = 2.2e-16)
const ULP4 = 9e-16;
const TINY = 1e-300;

/** A value at most 2 ulps above the exact one the rounded `v` stands for. */
export function up(v: number): number {
  return v + (Math.abs(v) * ULP2 + TINY);
}
export function down(v: number): number {
  return v - (Math.abs(v) * ULP2 + TINY);
}
/** The same for the result of an elementary function (≤ 1 ulp off). */
export function upF(v: number): number {
  return v + (Math.abs(v) * ULP4 + TINY);
}
export function downF(v: number): number {
  return v - (Math.abs(v) * ULP4 + TINY);
}

/** An interval as a mutable pair (reused to keep hot loops allocation-free). */
export interface Iv {
  lo: number;
  hi: number;
}

export function iv(lo: number, hi = lo): Iv {
  return { lo, hi };
}

/** s·[lo, hi] + t for scalars s, t (the pre-activation w·x + b of a unit). */
export function affine(s: number, lo: number, hi: number, t: number, out: Iv): Iv {
  const a = s * lo;
  const b = s * hi;
  const l = s >= 0 ? a : b;
  const h = s >= 0 ? b : a;
  out.lo = down(down(l) + t);
  out.hi = up(up(h) + t);
  return out;
}

/** [a, b]·[c, d]. */
export function mul(a: number, b: number, c: number, d: number, out: Iv): Iv {
  const p1 = a * c;
  const p2 = a * d;
  const p3 = b * c;
  const p4 = b * d;
  const l = Math.min(p1, p2, p3, p4);
  const h = Math.max(p1, p2, p3, p4);
  // 0·∞ (an unbounded factor times a zero bound) is NaN: unknown, the whole line
  if (Number.isNaN(l) || Number.isNaN(h)) {
    out.lo = -Infinity;
    out.hi = Infinity;
    return out;
  }
  out.lo = down(l);
  out.hi = up(h);
  return out;
}

/** [a, b] / [c, d] for 0 ∉ [c, d]. */
export function div(a: number, b: number, c: number, d: number, out: Iv): Iv {
  const q1 = a / c;
  const q2 = a / d;
  const q3 = b / c;
  const q4 = b / d;
  out.lo = down(Math.min(q1, q2, q3, q4));
  out.hi = up(Math.max(q1, q2, q3, q4));
  return out;
}

const TWO_PI = 2 * Math.PI;

/**
 * Does [lo, hi] hold a point c + 2πk? Answered generously (a near miss counts
 * as a hit): a wrong "yes" only widens an enclosure, a wrong "no" would break it.
 */
export function holdsPhase(lo: number, hi: number, c: number): boolean {
  if (hi - lo >= TWO_PI) return true;
  const k = Math.ceil((lo - c) / TWO_PI);
  const slack = 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi));
  for (const kk of [k - 1, k, k + 1]) {
    const x = c + TWO_PI * kk;
    if (x >= lo - slack && x <= hi + slack) return true;
  }
  return false;
}

/**
 * The range of sin over [lo, hi] (`shift` = π/2 gives cos, as sin(z + π/2)),
 * from the values at the ends (`fLo`, `fHi`, computed by the caller with the
 * same function the map uses) and the extrema inside.
 */
export function trigRange(lo: number, hi: number, fLo: number, fHi: number, shift: number, out: Iv): Iv {
  if (!(hi - lo < TWO_PI)) {
    out.lo = -1;
    out.hi = 1;
    return out;
  }
  out.lo = holdsPhase(lo, hi, -Math.PI / 2 - shift) ? -1 : Math.max(-1, downF(Math.min(fLo, fHi)));
  out.hi = holdsPhase(lo, hi, Math.PI / 2 - shift) ? 1 : Math.min(1, upF(Math.max(fLo, fHi)));
  return out;
}
