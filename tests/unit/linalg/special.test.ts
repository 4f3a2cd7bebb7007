/** erf, erfc and the truncated Gaussian moment against tabulated values (to 16 digits) and identities. */
import { describe, expect, it } from 'vitest';
import { erf, erfc, truncatedSecondMoment, centralMass, normalPdf } from '../../../src/core/linalg/special';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('erf and erfc', () => {
  it('match tabulated values on both sides of the series/fraction switch', () => {
    const table: [number, number][] = [
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [1.9, 0.9927904292352575],
      [2.1, 0.997020533343667],
      [3, 0.9999779095030014],
    ];
    for (const [x, v] of table) {
      expect(rel(erf(x), v), `erf(${x})`).toBeLessThan(2e-15);
      expect(rel(erf(-x), -v)).toBeLessThan(2e-15);
    }
    const tails: [number, number][] = [
      [1, 0.15729920705028513],
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12],
      [10, 2.088487583762545e-45],
    ];
    for (const [x, v] of tails) expect(rel(erfc(x), v), `erfc(${x})`).toBeLessThan(5e-15);
    expect(erfc(-2)).toBeCloseTo(2 - erfc(2), 15);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });

  it('E[z²; |z| < a] is continuous where its series hands over, and → 1 as a → ∞', () => {
    // by parts: E[z²; |z| < a] = P(|z| < a) − 2aϕ(a); the series branch below a = ½
    const a = 0.5;
    expect(rel(truncatedSecondMoment(a - 1e-12), centralMass(a) - 2 * a * normalPdf(a))).toBeLessThan(1e-11);
    // small a: 2ϕ(0)·a³/3 to leading order
    expect(rel(truncatedSecondMoment(1e-4), (2 / Math.sqrt(2 * Math.PI)) * (1e-12 / 3 - 1e-20 / 10))).toBeLessThan(1e-14);
    expect(truncatedSecondMoment(12)).toBeCloseTo(1, 14);
    expect(truncatedSecondMoment(0)).toBe(0);
  });
});
