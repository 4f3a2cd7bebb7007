/**
 * Annealed mean-field theory of the random 1-D network of Paper B,
 * f(x) = Σᵢ₌₁..ₖ aᵢ φ(wᵢx + bᵢ) + c, the analogue for one input of the random
 * RNN's (Poole et al. 2016; core/vector/meanField.ts). With the weights drawn
 * afresh at every step, x_t is N(0, q_t) for wide k, and
 *
 *   q ← k·σ_a²·E[φ(wx + b)²] + σ_c²,      χ₁ = k·σ_a²·E[w²·φ′(wx + b)²]  at the fixed point q*,
 *
 * x ~ N(0, q), w ~ N(0, σ_w²), b ~ N(0, σ_b²) (σ_w = g·s₁, σ_b = σ_b·s₁,
 * σ_a = g·s₂, σ_c = σ_b·s₂ of the law, core/models/laws.ts). χ₁ = E[f′(x)²]
 * is the mean squared slope: χ₁ < 1 orders the annealed map (by Jensen, its
 * λ = E ln|f′| ≤ ½ ln χ₁ < 0), χ₁ = 1 is the mean-field edge. A fixed network
 * (quenched weights, finite k) parts from it: that gap is the finite-size
 * effect the phase view shows.
 *
 * Given x, u = wx + b ~ N(0, V) with V = σ_w²x² + σ_b², and w | u is Gaussian
 * with E[w² | u] = σ_w²σ_b²/V + (σ_w²·x·u/V)², so both expectations are
 * one-dimensional Gaussian moments of φ at variance V — M0 = E[φ(u)²],
 * M1 = E[φ′(u)²], M2 = E[u²φ′(u)²] — integrated over x:
 *
 *   E[φ(wx+b)²] = E_x[M0(V)],   E[w²φ′(wx+b)²] = E_x[(σ_w²σ_b²/V)·M1(V) + (σ_w⁴x²/V²)·M2(V)].
 *
 * The moments are in closed form for linear, ReLU, hard tanh and sine; for
 * the smooth tanh and sigmoid they are tabulated once over ln V by adaptive
 * Gauss–Kronrod quadrature (core/linalg/quadrature.ts, 10⁻¹² relative) and
 * interpolated (6-point Lagrange, step 0.05 in ln V: about 10⁻¹⁰ relative).
 * The integral over x is adaptive Gauss–Kronrod, cut at the scale σ_b/σ_w
 * where the integrand has its narrow features (V changes from σ_b² to
 * σ_w²x²) and at the Gaussian's. Laws with Gaussian weights only (not
 * "torch": uniform weights make u non-Gaussian given x), and the identity
 * output. The critical g is the smallest g with χ₁ = 1 (χ₁ need not grow
 * with g for bounded φ).
 */
import type { Activation } from '../models/activations';
import { initLaw, type InitScheme } from '../models/laws';
import { centralMass, truncatedSecondMoment } from '../linalg/special';
import { gaussianExpectation } from '../linalg/quadrature';
import { bracketedRoot } from '../linalg/roots';
import { exp, log, sigmoid, tanh } from '../linalg/elementary';

/** M0 = E[φ(u)²], M1 = E[φ′(u)²], M2 = E[u²φ′(u)²] for u ~ N(0, V). */
export function gaussianMoments(act: Activation, V: number): [number, number, number] {
  switch (act) {
    case 'linear':
      return [V, 1, V];
    case 'relu':
      return [V / 2, V > 0 ? 0.5 : 0, V / 2];
    case 'htanh': {
      if (!(V > 0)) return [0, 1, 0];
      const a = 1 / Math.sqrt(V);
      const inner = truncatedSecondMoment(a); // E[z²; |z| < a]
      return [V * inner + (1 - centralMass(a)), centralMass(a), V * inner];
    }
    case 'sin': {
      const e = exp(-2 * V);
      return [(1 - e) / 2, (1 + e) / 2, V / 2 + ((V - 4 * V * V) * e) / 2];
    }
    case 'tanh':
    case 'sigmoid':
      return smoothMoments(act, V);
  }
}

/** The three moments of tanh or sigmoid at u ~ N(0, V), by adaptive quadrature (the table's entries). */
function smoothMomentsExact(act: 'tanh' | 'sigmoid', V: number): [number, number, number] {
  const s = Math.sqrt(V);
  const f = act === 'tanh' ? tanh : sigmoid;
  const sq = (v: number) => v * v;
  const d = act === 'tanh' ? (u: number) => 1 - sq(tanh(u)) : (u: number) => sigmoid(u) * (1 - sigmoid(u));
  // the sigmoid's 1 − σ² and σ² tails: cut at its slower scale too
  const features = act === 'sigmoid' ? [4, 16] : [];
  return [
    gaussianExpectation((u) => sq(f(u)), s, 1e-12, features),
    gaussianExpectation((u) => sq(d(u)), s, 1e-12, features),
    gaussianExpectation((u) => u * u * sq(d(u)), s, 1e-12, features),
  ];
}

/** ln V of the table's first entry and its step; below it the moments are their V → 0 expansions. */
const TABLE_LO = -30;
const TABLE_HI = 50;
const TABLE_STEP = 0.05;
const tables = new Map<'tanh' | 'sigmoid', Float64Array[]>();
const V_LO = exp(TABLE_LO);

/** The table of an activation, its entries computed when first used (NaN until then): a map touches a narrow range of V. */
function table(act: 'tanh' | 'sigmoid'): Float64Array[] {
  let t = tables.get(act);
  if (!t) {
    const n = Math.round((TABLE_HI - TABLE_LO) / TABLE_STEP) + 1;
    t = [new Float64Array(n).fill(NaN), new Float64Array(n), new Float64Array(n)];
    tables.set(act, t);
  }
  return t;
}

function entry(act: 'tanh' | 'sigmoid', t: Float64Array[], i: number): void {
  if (!Number.isNaN(t[0][i])) return;
  const m = smoothMomentsExact(act, exp(TABLE_LO + i * TABLE_STEP));
  t[1][i] = m[1];
  t[2][i] = m[2];
  t[0][i] = m[0];
}

function smoothMoments(act: 'tanh' | 'sigmoid', V: number): [number, number, number] {
  if (!(V > V_LO)) {
    // V → 0: φ(u)² ≈ φ(0)² + (φ′(0)² + φ(0)φ″(0))·u², φ′(u)² ≈ φ′(0)² (tanh: 0, 1; sigmoid: ½, ¼, φ″(0) = 0)
    return act === 'tanh' ? [V, 1, V] : [0.25 + V / 16, 1 / 16, V / 16];
  }
  const x = (log(V) - TABLE_LO) / TABLE_STEP;
  const t = table(act);
  const n = t[0].length;
  const i = Math.min(n - 4, Math.max(2, Math.floor(x)));
  const f = x - i;
  // 6-point Lagrange on nodes i − 2 … i + 3 (offsets −2 … 3 from i)
  const out: [number, number, number] = [0, 0, 0];
  for (let a = -2; a <= 3; a++) {
    entry(act, t, i + a);
    let c = 1;
    for (let b = -2; b <= 3; b++) if (b !== a) c *= (f - b) / (a - b);
    for (let j = 0; j < 3; j++) out[j] += c * t[j][i + a];
  }
  return out;
}

/** The law's standard deviations at (g, σ_b, k): σ_w, σ_b of layer 1, and k·σ_a², σ_c² of the output layer. */
export interface Net1dSigmas {
  sigmaW: number;
  sigmaB: number;
  /** k·σ_a². */
  kSigmaA2: number;
  sigmaC2: number;
}

/** The mean-field variances of a law, or null for one without Gaussian weights ("torch"). */
export function net1dSigmas(init: InitScheme, k: number, g: number, sb: number): Net1dSigmas | null {
  const law = initLaw(init, k);
  if (law.dist !== 'normal') return null;
  return { sigmaW: g * law.s1, sigmaB: sb * law.s1, kSigmaA2: k * g * law.s2 * g * law.s2, sigmaC2: sb * law.s2 * sb * law.s2 };
}

/** q ↦ k·σ_a²·E[φ(wx + b)²] + σ_c² and χ₁(q), for x ~ N(0, q). */
export function maps(act: Activation, s: Net1dSigmas): { next(q: number): number; chi(q: number): number } {
  const sw2 = s.sigmaW * s.sigmaW;
  const sb2 = s.sigmaB * s.sigmaB;
  // where V = σ_w²x² + σ_b² turns from σ_b² to σ_w²x²
  const narrow = s.sigmaW > 0 ? s.sigmaB / s.sigmaW : 0;
  const features = narrow > 0 ? [narrow / 4, narrow, 4 * narrow] : [];
  const overX = (F: (x: number) => number, q: number) => gaussianExpectation(F, Math.sqrt(q), 1e-11, features);
  return {
    next: (q) => s.kSigmaA2 * overX((x) => gaussianMoments(act, sw2 * x * x + sb2)[0], q) + s.sigmaC2,
    chi: (q) =>
      s.kSigmaA2 *
      overX((x) => {
        const V = sw2 * x * x + sb2;
        if (!(V > 0)) return 0; // σ_w = σ_b = 0: w = 0, no slope
        const [, m1, m2] = gaussianMoments(act, V);
        return (sw2 * sb2 * m1) / V + ((sw2 * sw2 * x * x) / (V * V)) * m2;
      }, q),
  };
}

/** Smallest q followed: below it q* is 0 and χ₁ is its limit q → 0⁺. */
const Q_MIN = 1e-24;

/**
 * q* (the stable fixed point of the variance map) and χ₁ there. ReLU and
 * linear φ in closed form: the variance map is affine in q with slope χ₁ (for
 * ReLU E[φ(u)²] = V/2 and, by the symmetry (w, b) → (−w, −b),
 * E[w²·1{wx + b > 0}] = σ_w²/2 whatever q), so q* is finite iff χ₁ < 1. The
 * bounded activations (|φ| ≤ 1): the root of F(q) − q in (0, k·σ_a² + σ_c²],
 * or q* = 0 where the map contracts at 0.
 */
export function meanField1d(act: Activation, s: Net1dSigmas): { qStar: number; chi1: number; diverged: boolean } {
  const sw2 = s.sigmaW * s.sigmaW;
  const sb2 = s.sigmaB * s.sigmaB;
  if (act === 'relu' || act === 'linear') {
    const c = act === 'relu' ? 0.5 : 1;
    const chi1 = s.kSigmaA2 * sw2 * c;
    const q = chi1 < 1 ? (s.kSigmaA2 * sb2 * c + s.sigmaC2) / (1 - chi1) : Infinity;
    return { qStar: q, chi1, diverged: !Number.isFinite(q) };
  }
  const m = maps(act, s);
  const h = (q: number) => m.next(q) - q;
  let q = 0;
  if (h(Q_MIN) > 0) {
    const hi = (s.kSigmaA2 + s.sigmaC2) * (1 + 1e-9) + Q_MIN;
    q = h(hi) < 0 ? bracketedRoot(h, Q_MIN, hi) : hi;
  }
  return { qStar: q, chi1: m.chi(Math.max(q, Q_MIN)), diverged: false };
}

/** The g at which χ₁ = 1 for a law and σ_b, k (NaN where there is none in (0, gMax], or for a law without Gaussian weights). */
export function criticalG1d(act: Activation, init: InitScheme, k: number, sb: number, gMax = 20): number {
  if (!net1dSigmas(init, k, 1, sb)) return NaN;
  const chi = (g: number) => meanField1d(act, net1dSigmas(init, k, g, sb)!).chi1;
  // the first crossing on a grid of g (χ₁ need not be monotone), then bisection on it
  const grid = Array.from({ length: 25 }, (_, i) => 1e-3 * exp((i / 24) * log(gMax / 1e-3)));
  let lo = NaN;
  let hi = NaN;
  if (!(chi(grid[0]) < 1)) return NaN;
  for (let i = 1; i < grid.length; i++) {
    if (chi(grid[i]) >= 1) {
      lo = grid[i - 1];
      hi = grid[i];
      break;
    }
  }
  if (Number.isNaN(hi)) return NaN;
  // bisection on the sign of χ₁ − 1, to 1e-9 relative
  for (let i = 0; i < 200 && hi - lo > 1e-9 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (chi(mid) < 1) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
