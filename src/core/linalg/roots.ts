/** Root finding shared by the mean-field theories (core/vector/meanField.ts, core/map1d/meanField1d.ts). */

/**
 * The root of a decreasing-through-zero h in [lo, hi] (h(lo) ≥ 0 > h(hi)) to
 * 10⁻¹⁵ relative: false position with the Illinois modification (each
 * quadrature costs about a millisecond, and bisection needs ~50 of them),
 * with a bisection step whenever an interval fails to halve, so a root where h
 * is tangent (q* → 0 at the transition) is still found in few steps.
 */
export function bracketedRoot(h: (q: number) => number, lo: number, hi: number): number {
  let fLo = h(lo);
  let fHi = h(hi);
  let side = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const width = hi - lo;
    let m = fLo - fHi > 0 ? lo + (fLo * width) / (fLo - fHi) : 0.5 * (lo + hi);
    if (!(m > lo && m < hi)) m = 0.5 * (lo + hi);
    const fm = h(m);
    if (fm >= 0) {
      lo = m;
      fLo = fm;
      if (side === 1) fHi /= 2; // Illinois: the kept end's value is halved when it stays twice
      side = 1;
    } else {
      hi = m;
      fHi = fm;
      if (side === -1) fLo /= 2;
      side = -1;
    }
    if (hi - lo > 0.5 * width) {
      // not halved: one bisection step
      const b = 0.5 * (lo + hi);
      const fb = h(b);
      if (fb >= 0) {
        lo = b;
        fLo = fb;
      } else {
        hi = b;
        fHi = fb;
      }
      side = 0;
    }
  }
  return 0.5 * (lo + hi);
}
