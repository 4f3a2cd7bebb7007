/**
 * The mean field's Gaussian moments (issue #11, defect 1): every activation
 * to 10⁻⁹ relative over q ∈ [0, 100], against closed forms and against an
 * independent adaptive Simpson quadrature written here (in u = √q z, split
 * at the kinks), and the fixed points and critical lines that follow.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, LAW_SIGMA2, type Activation } from '../../../src/core/models';
import { activationMoments, criticalG, gaussExpect, meanField } from '../../../src/core/vector/meanField';

/** Adaptive Simpson on [a, b] to an absolute tolerance (Lyness 1969's stopping rule). */
function simpson(f: (x: number) => number, a: number, b: number, tol: number, depth = 60): number {
  const m = (a + b) / 2;
  const fa = f(a);
  const fm = f(m);
  const fb = f(b);
  const whole = ((b - a) / 6) * (fa + 4 * fm + fb);
  const rec = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, d: number): number => {
    const m = (a + b) / 2;
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const flm = f(lm);
    const frm = f(rm);
    const left = ((m - a) / 6) * (fa + 4 * flm + fm);
    const right = ((b - m) / 6) * (fm + 4 * frm + fb);
    const diff = left + right - whole;
    if (d <= 0 || Math.abs(diff) <= 15 * tol) return left + right + diff / 15;
    return rec(a, m, fa, flm, fm, left, tol / 2, d - 1) + rec(m, b, fm, frm, fb, right, tol / 2, d - 1);
  };
  return rec(a, b, fa, fm, fb, whole, tol, depth);
}

/** The activations and their a.e. derivatives, written here independently of the app. */
const PHI: Record<Activation, [(u: number) => number, (u: number) => number]> = {
  tanh: [Math.tanh, (u) => 1 / Math.cosh(u) ** 2],
  relu: [(u) => Math.max(0, u), (u) => (u > 0 ? 1 : 0)],
  sigmoid: [(u) => 1 / (1 + Math.exp(-u)), (u) => Math.exp(-u) / (1 + Math.exp(-u)) ** 2],
  htanh: [(u) => Math.max(-1, Math.min(1, u)), (u) => (Math.abs(u) < 1 ? 1 : 0)],
  linear: [(u) => u, () => 1],
  sin: [Math.sin, Math.cos],
};

/** E[f(u)], u ~ N(0, q), by adaptive Simpson over |u| ≤ 12√q split at the kinks and at ±1, ±4 (f's scale). */
function reference(f: (u: number) => number, q: number): number {
  const s = Math.sqrt(q);
  const L = 12 * s;
  const dens = (u: number) => f(u) * Math.exp((-0.5 * u * u) / q) / (s * Math.sqrt(2 * Math.PI));
  const cuts = [-L, L, 0, ...[1, 4, s, 3 * s].flatMap((c) => [-c, c])].filter((c) => Math.abs(c) <= L);
  const pts = [...new Set(cuts)].sort((a, b) => a - b);
  let sum = 0;
  for (let i = 0; i + 1 < pts.length; i++) sum += simpson(dens, pts[i], pts[i + 1], 1e-15);
  return sum;
}

const QS = [1e-4, 0.01, 0.1, 0.5, 1, 2, 3.9, 10, 30, 100];

describe('mean field: the Gaussian moments of every activation', () => {
  for (const act of ACTIVATIONS)
    it(`${act}: E[φ²] and E[φ′²] to 10⁻⁹ relative for q from 10⁻⁴ to 100 (independent adaptive Simpson)`, () => {
      const [f, df] = PHI[act];
      for (const q of QS) {
        const m = activationMoments(act, q);
        const phi2 = reference((u) => f(u) ** 2, q);
        const dphi2 = reference((u) => df(u) ** 2, q);
        expect(Math.abs(m.phi2 - phi2) / phi2, `${act} E[φ²] at q = ${q}`).toBeLessThan(1e-9);
        expect(Math.abs(m.dphi2 - dphi2) / dphi2, `${act} E[φ′²] at q = ${q}`).toBeLessThan(1e-9);
      }
    });

  it('closed forms: hard tanh through erf, sine, ReLU, linear', () => {
    // P(|z| < 1) = erf(1/√2) and P(|z| < 1/√3.9) = erf(1/√7.8), to 16 digits
    expect(activationMoments('htanh', 1).dphi2).toBeCloseTo(0.6826894921370859, 14);
    expect(activationMoments('htanh', 3.9).dphi2).toBeCloseTo(0.38740284715290335, 12);
    expect(activationMoments('sin', 0.7).phi2).toBeCloseTo((1 - Math.exp(-1.4)) / 2, 15);
    expect(activationMoments('sin', 0.7).dphi2).toBeCloseTo((1 + Math.exp(-1.4)) / 2, 15);
    expect(activationMoments('relu', 5)).toEqual({ phi2: 2.5, dphi2: 0.5 });
    expect(activationMoments('linear', 5)).toEqual({ phi2: 5, dphi2: 1 });
    // the limits at q = 0
    expect(activationMoments('relu', 0).dphi2).toBe(0.5);
    expect(activationMoments('htanh', 0)).toEqual({ phi2: 0, dphi2: 1 });
    expect(activationMoments('tanh', 0)).toEqual({ phi2: 0, dphi2: 1 });
  });

  it('a narrow integrand at large q: E[sech⁴(√q z)] ≈ (4/3 − (π² − 6)/(18q))/√(2πq)', () => {
    for (const q of [400, 1e4, 1e8]) {
      const asym = (4 / 3 - (Math.PI ** 2 - 6) / (18 * q)) / Math.sqrt(2 * Math.PI * q);
      // the expansion's next term is O(1/q²) relative
      expect(Math.abs(gaussExpect((u) => 1 / Math.cosh(u) ** 4, q) - asym) / asym).toBeLessThan(Math.max(0.2 / q ** 2, 1e-11));
    }
    expect(gaussExpect((u) => u ** 4, 2.5)).toBeCloseTo(3 * 2.5 ** 2, 11);
    expect(gaussExpect(Math.cos, 3)).toBeCloseTo(Math.exp(-1.5), 14);
  });
});

describe('mean field: fixed points and critical lines', () => {
  it('hard tanh, g = 1.5, σ_b = 0 (Gaussian law): q* = 1.26256, χ₁ = 1.40966, λ_MF = 0.17168', () => {
    const mf = meanField('htanh', 1.5 ** 2 * LAW_SIGMA2.gauss, 0);
    expect(mf.qStar).toBeCloseTo(1.26256, 5);
    expect(mf.chi1).toBeCloseTo(1.40966, 5);
    expect(mf.lambda).toBeCloseTo(0.17168, 4);
    expect(mf.lambda).toBeCloseTo(0.5 * Math.log(mf.chi1), 15);
    // q* is a fixed point of the closed-form variance map
    const m = activationMoments('htanh', mf.qStar);
    expect(2.25 * m.phi2).toBeCloseTo(mf.qStar, 12);
  });

  it('ReLU, He law: χ₁ = g² for every σ_b, so the critical g is 1 and g = 0.999 is ordered', () => {
    const g = 0.999;
    const mf = meanField('relu', g * g * LAW_SIGMA2.he, 0.1 ** 2);
    expect(mf.chi1).toBeCloseTo(g * g, 14);
    expect(mf.lambda).toBeCloseTo(Math.log(g), 13);
    expect(mf.lambda).toBeLessThan(0);
    expect(criticalG('relu', LAW_SIGMA2.he, 0.1 ** 2)).toBeCloseTo(1, 9);
  });

  it('tanh: χ₁ = 1.096310 at σ_w² = 4, σ_b = 1; the critical g at σ_b = 1 is 1.85559', () => {
    expect(meanField('tanh', 4, 1).chi1).toBeCloseTo(1.09631, 6);
    expect(criticalG('tanh', 1, 1)).toBeCloseTo(1.85559, 5);
  });
});
