/**
 * Mean-field theory of the random RNN h ← φ(g·W h + b), Wᵢⱼ ~ N(0, σ_w²/N),
 * bᵢ ~ N(0, σ_b²) (Poole et al. 2016, Molgedey et al. 1992):
 *   variance map    q ← σ_w²·E[φ(√q z)²] + σ_b²,  z ~ N(0, 1)
 *   slope           χ₁ = σ_w²·E[φ′(√q* z)²] at the fixed point q*
 *   λ_MF            = ½ ln χ₁   (chaos iff χ₁ > 1)
 * with σ_w² = g² times the law's N·Var(Wᵢⱼ). Expectations by Gauss–Hermite quadrature.
 */
import { actCode, dphi, phi, type Activation } from '../models/activations';

/** Nodes and weights for E[f(z)], z ~ N(0, 1): E ≈ Σ wᵢ f(xᵢ). */
export function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  // physicists' Gauss–Hermite (Golub–Welsch via Newton on Hₙ, as in Numerical Recipes' gauher)
  const xs = new Float64Array(n);
  const ws = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  const PIM4 = 0.7511255444649425; // π^(−1/4)
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * xs[0];
    else if (i === 3) z = 1.91 * z - 0.91 * xs[1];
    else z = 2 * z - xs[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15) break;
    }
    xs[i] = z;
    xs[n - 1 - i] = -z;
    ws[i] = 2 / (pp * pp);
    ws[n - 1 - i] = ws[i];
  }
  // to the standard normal: x → √2·x, w → w/√π
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.SQRT2 * xs[i];
    w[i] = ws[i] / Math.sqrt(Math.PI);
  }
  return { x, w };
}

const GH = gaussHermite(80);

/**
 * E[f(√q·z)] for z ~ N(0, 1). Gauss–Hermite while √q is moderate; for large q
 * the integrand f(√q z) is a narrow spike on the z scale (e.g. φ′² for tanh),
 * which quadrature nodes would miss, so it is integrated in u = √q z instead
 * (composite Simpson, step 0.01 in u, over ±10√q).
 */
export function gaussExpect(f: (u: number) => number, q: number): number {
  const s = Math.sqrt(Math.max(0, q));
  if (s <= 2) {
    let e = 0;
    for (let i = 0; i < GH.x.length; i++) e += GH.w[i] * f(s * GH.x[i]);
    return e;
  }
  const L = 10 * s;
  const step = Math.max(0.01, s / 2000); // resolve f's own scale (~1) and the Gaussian's (√q)
  const n = 2 * Math.ceil(L / step);
  const h = (2 * L) / n;
  const norm = 1 / (s * Math.sqrt(2 * Math.PI));
  let acc = 0;
  for (let i = 0; i <= n; i++) {
    const u = -L + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    acc += w * f(u) * Math.exp((-0.5 * u * u) / q);
  }
  return (acc * h * norm) / 3;
}

/** The variance map q ↦ σ_w²·E[φ(√q z)²] + σ_b². */
export function varianceMap(act: Activation, sigmaW2: number, sigmaB2: number): (q: number) => number {
  const c = actCode(act);
  return (q) => sigmaW2 * gaussExpect((u) => phi(c, u) ** 2, q) + sigmaB2;
}

export interface MeanField {
  /** Fixed point of the variance map (reached from q = 1). */
  qStar: number;
  chi1: number;
  /** ½ ln χ₁ (per step). */
  lambda: number;
  /** The map diverges (unbounded φ with σ_w² large): no finite q*. */
  diverged: boolean;
}

export function meanField(act: Activation, sigmaW2: number, sigmaB2: number): MeanField {
  const c = actCode(act);
  const F = varianceMap(act, sigmaW2, sigmaB2);
  const h = (q: number) => F(q) - q;
  // The variance map is increasing, so iterating from q = 1 moves monotonically to
  // the first fixed point in that direction: bracket it and bisect (iterating would
  // crawl near the transition, where q* → 0 only like 1/t).
  let q: number;
  let lo: number;
  let hi: number;
  if (h(1) >= 0) {
    lo = 1;
    hi = 2;
    while (h(hi) > 0) {
      lo = hi;
      hi *= 2;
      if (hi > 1e10) return { qStar: Infinity, chi1: NaN, lambda: NaN, diverged: true };
    }
  } else {
    hi = 1;
    lo = 0.5;
    while (h(lo) < 0) {
      hi = lo;
      lo /= 2;
      if (lo < 1e-300) break;
    }
  }
  if (lo < 1e-300) q = 0;
  else {
    for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
      const m = 0.5 * (lo + hi);
      if (h(m) >= 0) lo = m;
      else hi = m;
    }
    q = 0.5 * (lo + hi);
  }
  // at q* = 0 take the limit q → 0⁺ (for ReLU E[φ′²] is ½ for every q > 0, not φ′(0)²)
  const chi1 = sigmaW2 * gaussExpect((u) => dphi(c, u) ** 2, Math.max(q, 1e-12));
  return { qStar: q, chi1, lambda: 0.5 * Math.log(chi1), diverged: false };
}

/**
 * Recent critical g by (activation, law, σ_b², gMax). The bisection below costs
 * ~0.1 s and does not depend on g, which a lecturer drags: every frame of a
 * drag would pay it again.
 */
const criticalCache = new Map<string, number>();

/** The g at which χ₁ = 1 (order → chaos), for σ_w² = g²·lawSigma2; NaN if none in (0, gMax]. */
export function criticalG(act: Activation, lawSigma2: number, sigmaB2: number, gMax = 20): number {
  const key = `${act}|${lawSigma2}|${sigmaB2}|${gMax}`;
  const hit = criticalCache.get(key);
  if (hit !== undefined) return hit;
  const g = criticalGUncached(act, lawSigma2, sigmaB2, gMax);
  if (criticalCache.size >= 64) criticalCache.delete(criticalCache.keys().next().value as string);
  criticalCache.set(key, g);
  return g;
}

function criticalGUncached(act: Activation, lawSigma2: number, sigmaB2: number, gMax: number): number {
  const chi = (g: number) => {
    const mf = meanField(act, g * g * lawSigma2, sigmaB2);
    return mf.diverged ? Infinity : mf.chi1;
  };
  let lo = 1e-6;
  let hi = gMax;
  if (!(chi(lo) < 1) || !(chi(hi) > 1)) return NaN;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const m = 0.5 * (lo + hi);
    if (chi(m) > 1) hi = m;
    else lo = m;
  }
  return 0.5 * (lo + hi);
}
