/**
 * The error function and the Gaussian moments built from it, to about 10⁻¹⁵
 * relative: what the mean-field theory's closed forms (hard tanh) need. Only
 * the lab's portable exp (elementary.ts) and IEEE basic operations, so every
 * engine gets the same bits.
 */
import { exp } from './elementary';

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const SQRT_PI = 1.7724538509055159; // √π

/**
 * erf(x) for x ≥ 0 by the series erf x = (2/√π) e^(−x²) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)),
 * whose terms are all positive (no cancellation; Abramowitz & Stegun 7.1.6).
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * exp(-x2) * sum;
}

/**
 * erfc(x) for x ≥ 2 by its continued fraction (A & S 7.1.14),
 * erfc x = (e^(−x²)/√π) · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))), evaluated by
 * the modified Lentz method.
 */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    D = x + a * D;
    D = D === 0 ? 1 / tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return exp(-x * x) / (SQRT_PI * f);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const v = a < 2 ? erfSeries(a) : 1 - erfcFraction(a);
  return x < 0 ? -v : v;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < 2 ? 1 - erfSeries(x) : erfcFraction(x);
}

/** The standard normal density ϕ(z). */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * exp(-0.5 * z * z);
}

/** P(|z| < a) for z ~ N(0, 1), a ≥ 0. */
export function centralMass(a: number): number {
  return erf(a / Math.SQRT2);
}

/**
 * E[z²; |z| < a] = P(|z| < a) − 2a·ϕ(a) for z ~ N(0, 1), a ≥ 0. For small a the
 * difference cancels, so it is summed as the series 2ϕ(0)·Σ (−1)ⁿ a^(2n+3) / (2ⁿ n! (2n+3)).
 */
export function truncatedSecondMoment(a: number): number {
  if (!(a > 0)) return 0;
  if (a >= 0.5) return centralMass(a) - 2 * a * normalPdf(a);
  const a2 = a * a;
  let term = a2 * a; // n = 0: a³ / 3 after the division below
  let sum = 0;
  for (let n = 0; n < 60; n++) {
    const t = term / (2 * n + 3);
    sum += t;
    if (Math.abs(t) < 1e-18 * Math.abs(sum)) break;
    term *= -a2 / (2 * (n + 1));
  }
  return 2 * INV_SQRT_2PI * sum;
}
