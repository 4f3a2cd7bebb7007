/**
 * The principal plane of a long orbit (core/linalg/pca.ts). Above 256 units it
 * works on an evenly spread subset of the rows (a 512-unit tail took seconds on
 * every slider release): it must still find the plane the scatter matrix finds.
 */
import { describe, expect, it } from 'vitest';
import { PCA_ROWS_WIDE, principalPlane } from '../../../src/core/linalg/pca';
import { Rng } from '../../../src/core/linalg/rng';

/** rows states in ℝⁿ: two strong directions (amplitudes 5 and 2) plus small noise. */
function orbit(n: number, rows: number, seed: number) {
  const rng = new Rng(seed);
  const unit = (v: Float64Array) => {
    const s = Math.hypot(...v);
    return v.map((x) => x / s);
  };
  const d1 = unit(rng.normals(n));
  let d2 = rng.normals(n);
  const dot = d2.reduce((s, x, i) => s + x * d1[i], 0);
  d2 = unit(d2.map((x, i) => x - dot * d1[i]));
  const states = new Float64Array(rows * n);
  for (let t = 0; t < rows; t++) {
    const a = 5 * Math.sin(0.37 * t);
    const b = 2 * Math.cos(1.13 * t);
    for (let i = 0; i < n; i++) states[t * n + i] = 0.3 + a * d1[i] + b * d2[i] + 0.05 * rng.normal();
  }
  return { states, d1, d2 };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('principal plane', () => {
  for (const n of [200, 300, 512]) {
    it(`finds the two strong directions of ${n} units (${n > 256 ? `≤ ${PCA_ROWS_WIDE} of the rows` : 'scatter matrix'})`, () => {
      const { states, d1, d2 } = orbit(n, 3000, n);
      const pc = principalPlane(states, n, 3000, 0);
      expect(Math.abs(dot(pc.v1, d1))).toBeGreaterThan(0.999);
      expect(Math.abs(dot(pc.v2, d2))).toBeGreaterThan(0.999);
      // orthonormal
      expect(dot(pc.v1, pc.v1)).toBeCloseTo(1, 10);
      expect(dot(pc.v2, pc.v2)).toBeCloseTo(1, 10);
      expect(Math.abs(dot(pc.v1, pc.v2))).toBeLessThan(1e-8);
    });
  }
});
