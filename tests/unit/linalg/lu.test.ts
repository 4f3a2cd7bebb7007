import { describe, expect, it } from 'vitest';
import { logAbsDet, luFactor, luSolve } from '../../../src/core/linalg/lu';
import { Rng } from '../../../src/core/linalg/rng';

describe('LU', () => {
  it('LU with partial pivoting solves systems (blocked and unblocked sizes) and reports singular matrices', () => {
    const rng = new Rng(11);
    for (const n of [1, 3, 16, 17, 40, 100]) {
      const A = Float64Array.from({ length: n * n }, () => rng.normal());
      const x = Float64Array.from({ length: n }, () => rng.normal());
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] += A[i * n + j] * x[j];
      const LU = Float64Array.from(A);
      const piv = new Int32Array(n);
      expect(luFactor(n, LU, piv)).toBe(true);
      luSolve(n, LU, piv, b);
      for (let i = 0; i < n; i++) expect(b[i]).toBeCloseTo(x[i], 9);
    }
    expect(luFactor(2, Float64Array.of(1, 2, 2, 4), new Int32Array(2))).toBe(false);
    expect(luFactor(2, new Float64Array(4), new Int32Array(2))).toBe(false);
  });
  it('ln|det| against products of known factors: triangular, permuted, scaled orthogonal, singular', () => {
    // det of a triangular matrix is the product of its diagonal
    const T = Float64Array.of(2, 5, -1, 0, -3, 4, 0, 0, 0.5);
    expect(logAbsDet(3, T)).toBeCloseTo(Math.log(3), 14);
    // a row swap changes the sign only
    const P = Float64Array.of(0, 0, 0.5, 0, -3, 4, 2, 5, -1);
    expect(logAbsDet(3, P)).toBeCloseTo(Math.log(3), 14);
    // a rotation scaled by s has |det| = s^n
    const c = Math.cos(0.7);
    const sn = Math.sin(0.7);
    expect(logAbsDet(2, Float64Array.of(4 * c, -4 * sn, 4 * sn, 4 * c))).toBeCloseTo(2 * Math.log(4), 13);
    // det(AB) = det A · det B on random matrices
    const rng = new Rng(3);
    const n = 20;
    const A = Float64Array.from({ length: n * n }, () => rng.normal());
    const B = Float64Array.from({ length: n * n }, () => rng.normal());
    const AB = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) AB[i * n + j] += A[i * n + k] * B[k * n + j];
    expect(logAbsDet(n, AB)).toBeCloseTo(logAbsDet(n, A) + logAbsDet(n, B), 9);
    // singular: an exact zero pivot
    expect(logAbsDet(2, Float64Array.of(1, 2, 2, 4))).toBe(-Infinity);
    expect(logAbsDet(2, new Float64Array(4))).toBe(-Infinity);
  });
});
