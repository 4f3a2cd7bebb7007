/**
 * Mean-field theory of the random RNN h ← φ(g·W h + b), Wᵢⱼ ~ N(0, σ_w²/N),
 * bᵢ ~ N(0, σ_b²) (Poole et al. 2016, Molgedey et al. 1992):
 *   variance map    q ← σ_w²·E[φ(√q z)²] + σ_b²,  z ~ N(0, 1)
 *   slope           χ₁ = σ_w²·E[φ′(√q* z)²] at the fixed point q*
 *   λ_MF            = ½ ln χ₁   (chaos iff χ₁ > 1)
 * with σ_w² = g² times the law's N·Var(Wᵢⱼ). The expectations are exact where
 * closed forms exist and adaptive quadrature elsewhere (`activationMoments`).
 */
import { bracketedRoot } from '../linalg/roots';
import type { Activation } from '../models/activations';
import { gaussianExpectation } from '../linalg/quadrature';
import { centralMass, erfc, truncatedSecondMoment } from '../linalg/special';
import { exp, expm1, log, sigmoid, tanh } from '../linalg/elementary';

/**
 * E[f(√q·z)] for z ~ N(0, 1): adaptive Gauss–Kronrod on a line cut at f's
 * and the Gaussian's scales (core/linalg/quadrature.ts), about 10⁻¹² relative.
 */
export function gaussExpect(f: (u: number) => number, q: number): number {
  return gaussianExpectation(f, Math.sqrt(Math.max(0, q)));
}

/** E[φ(√q z)²] and E[φ′(√q z)²], z ~ N(0, 1). */
export interface ActivationMoments {
  phi2: number;
  dphi2: number;
}

/**
 * The two Gaussian moments of the mean-field theory, to about 10⁻¹² relative
 * for every q ≥ 0: in closed form where one exists (linear; ReLU; hard tanh
 * through erf, with s = √q and a = 1/s:
 *   E[φ′²] = P(|z| < a),  E[φ²] = q·E[z²; |z| < a] + P(|z| > a);
 * sine: E[sin²] = (1 − e^(−2q))/2, E[cos²] = (1 + e^(−2q))/2), and by adaptive
 * quadrature for the smooth tanh and sigmoid. φ′ is the a.e. derivative: at
 * q = 0 the moments are the limits q → 0⁺ (ReLU's E[φ′²] is ½ for every q > 0).
 */
export function activationMoments(act: Activation, q: number): ActivationMoments {
  const qq = Math.max(0, q);
  const s = Math.sqrt(qq);
  switch (act) {
    case 'linear':
      return { phi2: qq, dphi2: 1 };
    case 'relu':
      return { phi2: qq / 2, dphi2: 0.5 };
    case 'htanh': {
      if (s === 0) return { phi2: 0, dphi2: 1 };
      const a = 1 / s;
      const inside = centralMass(a);
      return { phi2: qq * truncatedSecondMoment(a) + (a > 2 ? erfc(a / Math.SQRT2) : 1 - inside), dphi2: inside };
    }
    case 'sin': {
      // (1 − e^(−2q))/2 without cancellation for small q
      return { phi2: -0.5 * expm1(-2 * qq), dphi2: 0.5 * (1 + exp(-2 * qq)) };
    }
    case 'tanh':
      return {
        phi2: gaussianExpectation(tanhSquared, s),
        // sech u = 2e^(−|u|)/(1 + e^(−2|u|)): no cancellation in its tails (1 − tanh² would lose them)
        dphi2: gaussianExpectation((u) => {
          const e = exp(-Math.abs(u));
          const sech = (2 * e) / (1 + e * e);
          return sech * sech * (sech * sech);
        }, s),
      };
    case 'sigmoid':
      return {
        phi2: gaussianExpectation(sigmoidSquared, s),
        // σ′(u) = e^(−|u|)/(1 + e^(−|u|))², even and without overflow
        dphi2: gaussianExpectation((u) => {
          const e = exp(-Math.abs(u));
          const d = e / ((1 + e) * (1 + e));
          return d * d;
        }, s),
      };
  }
}

/** The variance map q ↦ σ_w²·E[φ(√q z)²] + σ_b². */
export function varianceMap(act: Activation, sigmaW2: number, sigmaB2: number): (q: number) => number {
  return (q) => sigmaW2 * phiSquared(act, q) + sigmaB2;
}

/** E[φ(√q z)²] alone: activationMoments(act, q).phi2, the same bits, without the derivative's quadrature (the variance map needs only this). */
function phiSquared(act: Activation, q: number): number {
  if (act === 'tanh') return gaussianExpectation(tanhSquared, Math.sqrt(Math.max(0, q)));
  if (act === 'sigmoid') return gaussianExpectation(sigmoidSquared, Math.sqrt(Math.max(0, q)));
  return activationMoments(act, q).phi2;
}

function tanhSquared(u: number): number {
  const t = tanh(u);
  return t * t;
}

function sigmoidSquared(u: number): number {
  const v = sigmoid(u);
  return v * v;
}

/** E[φ²] and E[φ′²] at variance q: `activationMoments` (quadrature to 1e-12), or a faster provider (a table). */
export type MomentsOf = (act: Activation, q: number) => ActivationMoments;

export interface MeanField {
  /** Fixed point of the variance map (reached from q = 1). */
  qStar: number;
  chi1: number;
  /** ½ ln χ₁ (per step). */
  lambda: number;
  /** The map diverges (unbounded φ with σ_w² large): no finite q*. */
  diverged: boolean;
}

export function meanField(act: Activation, sigmaW2: number, sigmaB2: number, moments: MomentsOf | null = null): MeanField {
  const F = moments ? (q: number) => sigmaW2 * moments(act, q).phi2 + sigmaB2 : varianceMap(act, sigmaW2, sigmaB2);
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
    q = bracketedRoot(h, lo, hi);
  }
  // at q* = 0 the moments are the limits q → 0⁺ (activationMoments)
  const chi1 = sigmaW2 * (moments ?? activationMoments)(act, q).dphi2;
  return { qStar: q, chi1, lambda: 0.5 * log(chi1), diverged: false };
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
  const lo = 1e-6;
  const hi = gMax;
  if (!(chi(lo) < 1) || !(chi(hi) > 1)) return NaN;
  return bracketedRoot((g) => 1 - chi(g), lo, hi);
}
