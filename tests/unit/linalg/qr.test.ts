/**
 * The one QR of core/linalg/qr.ts: modified Gram–Schmidt, column at a time or
 * in blocks of 4, with the diagonal of R or the whole R; the robust CGS2.
 */
import { describe, expect, it } from 'vitest';
import { orthonormalityDefect, qrMgs, qrMgsBlocked, qrMgsBlockedWork, qrRobust } from '../../../src/core/linalg/qr';
import { Rng } from '../../../src/core/linalg/rng';

const SHAPES = [
  [9, 9],
  [12, 7],
  [64, 64],
  [30, 13],
  [5, 1],
  [7, 4],
];

/** max |Q·R − A| for R upper triangular k × k. */
function reconstructionError(m: number, k: number, Q: Float64Array, R: Float64Array, A: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c <= j; c++) s += Q[i * k + c] * R[c * k + j];
      worst = Math.max(worst, Math.abs(s - A[i * k + j]));
    }
  return worst;
}

describe('QR by modified Gram–Schmidt', () => {
  it('Q orthonormal, R upper triangular with R_ii ≥ 0 and Q·R = A, column at a time and blocked; the two agree to rounding', () => {
    const rng = new Rng(5);
    for (const [m, k] of SHAPES) {
      const A = Float64Array.from({ length: m * k }, () => rng.normal());
      const Q1 = Float64Array.from(A);
      const Q2 = Float64Array.from(A);
      const R1 = new Float64Array(k * k).fill(7); // stale values must be cleared
      const R2 = new Float64Array(k * k).fill(7);
      const d1 = new Float64Array(k);
      const d2 = new Float64Array(k);
      qrMgs(m, k, Q1, d1, new Float64Array(k), R1);
      qrMgsBlocked(m, k, Q2, d2, new Float64Array(qrMgsBlockedWork(k)), R2);
      for (const [Q, R, d] of [
        [Q1, R1, d1],
        [Q2, R2, d2],
      ]) {
        expect(orthonormalityDefect(m, k, Q)).toBeLessThan(1e-13);
        expect(reconstructionError(m, k, Q, R, A)).toBeLessThan(1e-12);
        for (let i = 0; i < k; i++) {
          expect(R[i * k + i]).toBe(d[i]);
          expect(d[i]).toBeGreaterThan(0);
          for (let j = 0; j < i; j++) expect(R[i * k + j]).toBe(0);
        }
      }
      let diff = 0;
      for (let i = 0; i < m * k; i++) diff = Math.max(diff, Math.abs(Q1[i] - Q2[i]));
      expect(diff).toBeLessThan(1e-12);
    }
  });

  it('keeping the whole R changes no bit of Q or of diag R', () => {
    const rng = new Rng(11);
    for (const [m, k] of SHAPES) {
      const A = Float64Array.from({ length: m * k }, () => rng.normal());
      for (const blocked of [false, true]) {
        const run = (R: Float64Array | null) => {
          const Q = Float64Array.from(A);
          const d = new Float64Array(k);
          if (blocked) qrMgsBlocked(m, k, Q, d, new Float64Array(qrMgsBlockedWork(k)), R);
          else qrMgs(m, k, Q, d, new Float64Array(k), R);
          return { Q, d };
        };
        const plain = run(null);
        const full = run(new Float64Array(k * k));
        expect(full.Q).toEqual(plain.Q);
        expect(full.d).toEqual(plain.d);
      }
    }
  });

  it('a dependent column: R_cc = 0 and a unit vector orthogonal to the others, with the null tolerance and with CGS2', () => {
    const m = 6;
    const k = 3;
    const rng = new Rng(2);
    const A = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      A[i * k] = rng.normal();
      A[i * k + 1] = 2 * A[i * k]; // parallel to column 0: rounding leaves a tiny remainder
      A[i * k + 2] = rng.normal();
    }
    const Q = Float64Array.from(A);
    const R = new Float64Array(k * k);
    const d = new Float64Array(k);
    qrMgs(m, k, Q, d, new Float64Array(k), R, 1e-13);
    expect(d[1]).toBe(0);
    expect(R[1 * k + 1]).toBe(0);
    expect(d[0]).toBeGreaterThan(0);
    expect(d[2]).toBeGreaterThan(0);
    expect(orthonormalityDefect(m, k, Q)).toBeLessThan(1e-12);
    // Q·R = A still holds: the replaced column carries no weight
    expect(reconstructionError(m, k, Q, R, A)).toBeLessThan(1e-12);
    const Qr = Float64Array.from(A);
    const dr = new Float64Array(k);
    qrRobust(m, k, Qr, dr);
    expect(dr[1]).toBe(0);
    expect(orthonormalityDefect(m, k, Qr)).toBeLessThan(1e-12);
    for (const c of [0, 2]) expect(Math.abs(dr[c] - d[c])).toBeLessThan(1e-12 * d[c]);
  });

  it('an exactly null column is replaced in every variant', () => {
    const m = 5;
    const k = 4;
    const rng = new Rng(3);
    const A = Float64Array.from({ length: m * k }, (_, i) => (i % k === 2 ? 0 : rng.normal()));
    for (const run of [
      (Q: Float64Array, d: Float64Array) => qrMgs(m, k, Q, d, new Float64Array(k)),
      (Q: Float64Array, d: Float64Array) => qrMgsBlocked(m, k, Q, d, new Float64Array(qrMgsBlockedWork(k))),
      (Q: Float64Array, d: Float64Array) => qrRobust(m, k, Q, d),
    ]) {
      const Q = Float64Array.from(A);
      const d = new Float64Array(k);
      run(Q, d);
      expect(d[2]).toBe(0);
      expect(orthonormalityDefect(m, k, Q)).toBeLessThan(1e-12);
    }
  });
});
