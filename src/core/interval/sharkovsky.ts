/**
 * Sharkovsky's order of the positive integers:
 *   3 ▷ 5 ▷ 7 ▷ … ▷ 2·3 ▷ 2·5 ▷ … ▷ 4·3 ▷ … ▷ 2ⁿ·3 ▷ … ▷ 2³ ▷ 2² ▷ 2 ▷ 1.
 * A continuous map of an interval with a point of period p has points of
 * every period q with p ▷ q. Period 3 comes first: it implies every period
 * (and Li–Yorke chaos); powers of two come last and do not imply chaos.
 */

/** n = 2^m · q with q odd. */
export function twoAdic(n: number): { m: number; q: number } {
  let m = 0;
  let q = n;
  while (q % 2 === 0 && q > 0) {
    q /= 2;
    m++;
  }
  return { m, q };
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && twoAdic(n).q === 1;
}

/** Negative when a comes before b in Sharkovsky's order (a ▷ b). */
export function sharkovskyCompare(a: number, b: number): number {
  const A = twoAdic(a);
  const B = twoAdic(b);
  const aPow = A.q === 1;
  const bPow = B.q === 1;
  if (aPow !== bPow) return aPow ? 1 : -1; // powers of two come last
  if (aPow) return B.m - A.m; // … 8, 4, 2, 1
  if (A.m !== B.m) return A.m - B.m; // odd, then 2·odd, then 4·odd …
  return A.q - B.q;
}

export function sharkovskySort(periods: number[]): number[] {
  return [...new Set(periods)].sort(sharkovskyCompare);
}

/** True if period p implies period q by Sharkovsky's theorem (p ▷ q or p = q). */
export function implies(p: number, q: number): boolean {
  return p === q || sharkovskyCompare(p, q) < 0;
}
