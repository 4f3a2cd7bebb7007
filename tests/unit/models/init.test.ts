import { describe, expect, it } from 'vitest';
import { drawNet1d, initLaw, lawVariance, INIT_SCHEMES, scaleNet1d } from '../../../src/core/models';
import { networkOf, type ModelParams } from '../../../src/core/models';
import { modelParams } from '../../../src/params/requests';
import { defaultParams } from '../../../src/params/url';

/** Sample variance (mean known to be 0) of many draws. */
function meanSquare(values: number[]): number {
  return values.reduce((s, v) => s + v * v, 0) / values.length;
}

const EXPECTED: Record<string, { w: number; b: number; a: (k: number) => number; c: (k: number) => number }> = {
  // w and a are multiplied by g, b and c by σ_b; variances at g = σ_b = 1
  he: { w: 2, b: 2, a: (k) => 2 / k, c: (k) => 2 / k },
  xavier: { w: 0, b: 0, a: (k) => 2 / (k + 1), c: (k) => 2 / (k + 1) },
  lecun: { w: 1, b: 1, a: (k) => 1 / k, c: (k) => 1 / k },
  normal: { w: 1, b: 1, a: () => 1, c: () => 1 },
  torch: { w: 1 / 3, b: 1 / 3, a: (k) => 1 / (3 * k), c: (k) => 1 / (3 * k) },
};

describe('initialisation laws', () => {
  const k = 32;
  const g = 1.7;
  const sb = 0.6;
  for (const scheme of INIT_SCHEMES) {
    it(`${scheme}: weights and biases have the stated variances (scaled by g² and σ_b²)`, () => {
      const ws: number[] = [];
      const bs: number[] = [];
      const as: number[] = [];
      const cs: number[] = [];
      for (let seed = 0; seed < 3000; seed++) {
        const n = drawNet1d(scheme, k, seed, g, sb);
        if (seed < 400) {
          ws.push(...n.w);
          bs.push(...n.b);
          as.push(...n.a);
        }
        cs.push(n.c);
      }
      const e = EXPECTED[scheme];
      const wExp = scheme === 'xavier' ? 2 / (1 + k) : e.w;
      const bExp = scheme === 'xavier' ? 2 / (1 + k) : e.b;
      // relative standard error of a variance estimate from n normals is √(2/n): ~1.25 % at n = 12 800, ~2.6 % at n = 3000
      expect(meanSquare(ws) / (g * g * wExp)).toBeCloseTo(1, 1);
      expect(Math.abs(meanSquare(ws) / (g * g * wExp) - 1)).toBeLessThan(0.05);
      expect(Math.abs(meanSquare(bs) / (sb * sb * bExp) - 1)).toBeLessThan(0.05);
      expect(Math.abs(meanSquare(as) / (g * g * e.a(k)) - 1)).toBeLessThan(0.05);
      expect(Math.abs(meanSquare(cs) / (sb * sb * e.c(k)) - 1)).toBeLessThan(0.11);
      // and the law object agrees
      const { v1, v2 } = lawVariance(initLaw(scheme, k));
      expect(v1).toBeCloseTo(wExp, 12);
      expect(v2).toBeCloseTo(e.a(k), 12);
    });
  }

  it('uniform (PyTorch) weights stay inside ±g/√fan_in', () => {
    const n = drawNet1d('torch', 100, 3, 2, 1);
    expect(Math.max(...n.w.map(Math.abs))).toBeLessThanOrEqual(2);
    expect(Math.max(...n.a.map(Math.abs))).toBeLessThanOrEqual(2 / 10);
  });

  it('the same seed with another g gives the same network up to that scale', () => {
    const a = drawNet1d('he', 16, 7, 1, 1);
    const b = drawNet1d('he', 16, 7, 2.5, 1);
    for (let i = 0; i < 16; i++) {
      expect(b.w[i]).toBeCloseTo(2.5 * a.w[i], 12);
      expect(b.a[i]).toBeCloseTo(2.5 * a.a[i], 12);
      expect(b.b[i]).toBe(a.b[i]);
    }
    expect(b.c).toBe(a.c);
  });

  it('imported weights are scaled by g (weights) and σ_b (biases)', () => {
    const net = { w: Float64Array.of(1, -2), b: Float64Array.of(0.5, 0), a: Float64Array.of(3, 4), c: 0.25 };
    const s = scaleNet1d(net, 2, 3);
    expect([...s.w]).toEqual([2, -4]);
    expect([...s.a]).toEqual([6, 8]);
    expect([...s.b]).toEqual([1.5, 0]);
    expect(s.c).toBe(0.75);
    const p = { ...modelParams(defaultParams()), model: 'net1d', g: 1, sb: 1 } as ModelParams;
    expect(networkOf(p, net)!.net.w).toEqual(net.w);
  });
});
