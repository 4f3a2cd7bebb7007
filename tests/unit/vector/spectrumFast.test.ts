/**
 * The fast paths of the Lyapunov spectrum (bench/k2explore.ts, docs/benchmarks.md
 * "Lyapunov spectra"): the 4-row and fused matvecs, diag(d) fused into matmul,
 * the block-4 MGS and SpectrumRun's k = 1 path, against the straightforward
 * computation they replace.
 */
import { describe, expect, it } from 'vitest';
import { RnnMap, drawRnn } from '../../../src/core/models';
import { SpectrumRun } from '../../../src/core/vector/spectrum';
import { matmul, matvec, matvec2 } from '../../../src/core/linalg/dense';
import { orthonormalityDefect, qrMgs, qrMgsBlocked, qrMgsBlockedWork } from '../../../src/core/linalg/qr';
import { Rng } from '../../../src/core/linalg/rng';
import { log, tanh } from '../../../src/core/linalg/elementary';

const NONE = { kind: 'none' as const, amplitude: 0, period: 1 };

function gaussian(len: number, seed: number): Float64Array {
  const r = new Rng(seed);
  return Float64Array.from({ length: len }, () => r.normal());
}

/** Textbook y = A x (+ b): one running sum per row, ascending j. */
function matvecRef(m: number, n: number, A: Float64Array, x: Float64Array, b: Float64Array | null): Float64Array {
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
    y[i] = b ? s + b[i] : s;
  }
  return y;
}

/** Textbook C = A B. */
function matmulRef(m: number, n: number, k: number, A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(m * k);
  for (let i = 0; i < m; i++)
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * B[j * k + c];
      C[i * k + c] = s;
    }
  return C;
}

describe('fast kernels give the textbook results bit for bit', () => {
  it('matvec (4 rows a sweep) and matvec2 (two vectors in one sweep)', () => {
    for (const [m, n] of [
      [1, 1],
      [3, 5],
      [7, 7],
      [64, 64],
      [37, 19],
    ]) {
      const A = gaussian(m * n, m + 10 * n);
      const x = gaussian(n, 1);
      const u = gaussian(n, 2);
      const b = gaussian(m, 3);
      const y = new Float64Array(m);
      matvec(m, n, A, x, b, y);
      expect(y).toEqual(matvecRef(m, n, A, x, b));
      matvec(m, n, A, x, null, y);
      expect(y).toEqual(matvecRef(m, n, A, x, null));
      const v = new Float64Array(m);
      matvec2(m, n, A, x, b, y, u, v);
      expect(y).toEqual(matvecRef(m, n, A, x, b));
      expect(v).toEqual(matvecRef(m, n, A, u, null));
    }
  });

  it('matmul with the row scaling fused (C = diag(d)·A·B) equals the product, then the scaling', () => {
    for (const [m, n, k] of [
      [64, 64, 64],
      [5, 7, 3],
      [9, 4, 10],
      [1, 3, 1],
    ]) {
      const A = gaussian(m * n, 1);
      const B = gaussian(n * k, 2);
      const d = gaussian(m, 3);
      const want = matmulRef(m, n, k, A, B);
      const C = new Float64Array(m * k);
      matmul(m, n, k, A, B, C);
      expect(C).toEqual(want);
      for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) want[i * k + c] *= d[i];
      matmul(m, n, k, A, B, C, d);
      expect(C).toEqual(want);
    }
  });
});

describe('block-4 MGS (qrMgsBlocked) against column-at-a-time MGS (qrMgs)', () => {
  it('same Q and R to rounding, orthonormal to ~ε, for every shape and remainder k mod 4', () => {
    for (const [m, k] of [
      [9, 5],
      [20, 20],
      [33, 13],
      [64, 64],
      [64, 8],
      [10, 1],
      [10, 2],
      [10, 3],
      [10, 4],
      [130, 67],
    ]) {
      // graded columns (norms from 1 to e^-6) as in a Lyapunov frame
      const A = gaussian(m * k, m * 100 + k);
      for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) A[i * k + c] *= Math.exp((-6 * c) / k);
      const Q1 = Float64Array.from(A);
      const Q2 = Float64Array.from(A);
      const r1 = new Float64Array(k);
      const r2 = new Float64Array(k);
      qrMgs(m, k, Q1, r1, new Float64Array(k));
      qrMgsBlocked(m, k, Q2, r2, new Float64Array(qrMgsBlockedWork(k)));
      expect(orthonormalityDefect(m, k, Q2)).toBeLessThan(1e-13);
      for (let c = 0; c < k; c++) expect(Math.abs(Math.log(r2[c]) - Math.log(r1[c])), `log r${c}`).toBeLessThan(1e-13);
      let dq = 0;
      for (let i = 0; i < m * k; i++) dq = Math.max(dq, Math.abs(Q2[i] - Q1[i]));
      expect(dq).toBeLessThan(1e-12);
      if (k < 4) {
        expect(Q2).toEqual(Q1); // no block: the same code path as qrMgs
        expect(r2).toEqual(r1);
      }
    }
  });

  it('a null column gets R_cc = 0 and a unit vector orthogonal to the others, as in qrMgs', () => {
    // (only exact zeros, like qrMgs: a column that is zero up to rounding, e.g. a repeated
    // one, is normalised noise in both and the frame loses orthogonality)
    const m = 12;
    const k = 9;
    const A = gaussian(m * k, 5);
    for (let i = 0; i < m; i++) {
      A[i * k + 2] = 0; // inside the first block
      A[i * k + 4] = 0; // first column of the second block
      A[i * k + 8] = 0; // in the remainder (k mod 4 = 1)
    }
    const Q = Float64Array.from(A);
    const r = new Float64Array(k);
    qrMgsBlocked(m, k, Q, r, new Float64Array(qrMgsBlockedWork(k)));
    expect([r[2], r[4], r[8]]).toEqual([0, 0, 0]);
    expect(orthonormalityDefect(m, k, Q)).toBeLessThan(1e-13);
    const Q1 = Float64Array.from(A);
    const r1 = new Float64Array(k);
    qrMgs(m, k, Q1, r1, new Float64Array(k));
    for (let c = 0; c < k; c++) expect(Math.abs(r[c] - r1[c])).toBeLessThan(1e-13);
  });

  it('asks for its work buffer', () => {
    expect(() => qrMgsBlocked(8, 8, new Float64Array(64), new Float64Array(8), new Float64Array(8))).toThrow(/work/);
  });
});

/**
 * The straightforward spectrum of h ← tanh(gW h + b) (the lab's portable tanh and log): textbook products, a
 * separate diag(d) pass and column-at-a-time MGS every step, from the same
 * start frame as SpectrumRun.
 */
function straightforwardSpectrum(n: number, g: number, seed: number, k: number, transient: number, steps: number, Q0: Float64Array): Float64Array {
  const dr = drawRnn(n, 'gauss', seed, 0.1);
  const W = dr.weights.W.map((w) => g * w);
  const b = dr.weights.b;
  let x = Float64Array.from(dr.h0);
  for (let t = 0; t < transient; t++) x = matvecRef(n, n, W, x, b).map((v) => tanh(v));
  let Q: Float64Array = Float64Array.from(Q0);
  const acc = new Float64Array(k);
  const rd = new Float64Array(k);
  const w = new Float64Array(k);
  for (let t = 0; t < steps; t++) {
    const z = matvecRef(n, n, W, x, b);
    const Y = matmulRef(n, n, k, W, Q);
    for (let i = 0; i < n; i++) {
      const h = tanh(z[i]);
      x[i] = h;
      for (let c = 0; c < k; c++) Y[i * k + c] *= 1 - h * h;
    }
    qrMgs(n, k, Y, rd, w);
    for (let c = 0; c < k; c++) acc[c] += log(rd[c]);
    Q = Y;
  }
  return acc.map((a) => a / steps);
}

function fastSpectrum(n: number, g: number, seed: number, k: number, transient: number, steps: number): { lambdas: Float64Array; Q0: Float64Array } {
  const dr = drawRnn(n, 'gauss', seed, 0.1);
  const map = new RnnMap(dr.weights, g, 'tanh', dr.h0, dr.v, NONE);
  const run = new SpectrumRun(map, map.initialState(), { k, transient, steps });
  const Q0 = Float64Array.from(run.frame());
  run.advance(transient + steps);
  return { lambdas: run.result().lambdas, Q0 };
}

describe('SpectrumRun (fast paths) against the straightforward computation', () => {
  it('non-chaotic (g = 0.5, fixed point): the same exponents to 1e-12, full spectrum and top k = 10 of 20', () => {
    for (const [n, k] of [
      [32, 32],
      [20, 10],
    ]) {
      const fast = fastSpectrum(n, 0.5, 3, k, 300, 1500);
      const ref = straightforwardSpectrum(n, 0.5, 3, k, 300, 1500, fast.Q0);
      for (let i = 0; i < k; i++) expect(Math.abs(fast.lambdas[i] - ref[i]), `λ${i + 1}`).toBeLessThan(1e-12);
    }
  });

  it('chaotic (g = 2): the state is computed bit for bit as before, so the exponents differ only by tangent-space rounding', () => {
    const n = 48;
    const fast = fastSpectrum(n, 2, 7, n, 500, 2000);
    const ref = straightforwardSpectrum(n, 2, 7, n, 500, 2000, fast.Q0);
    expect(fast.lambdas[0]).toBeGreaterThan(0.05); // chaotic
    // statistically equal would mean ~3e-2 (the spread of a T = 2000 estimate); the
    // frame is attracted to the Lyapunov vectors, so rounding in Q does not grow
    for (let i = 0; i < n; i++) expect(Math.abs(fast.lambdas[i] - ref[i]), `λ${i + 1}`).toBeLessThan(1e-9);
  });

  it('λ_max alone (k = 1: fused matvec, normalised without qrMgs) is bit-identical to the straightforward run', () => {
    for (const g of [0.5, 2]) {
      const fast = fastSpectrum(40, g, 4, 1, 200, 3000);
      const ref = straightforwardSpectrum(40, g, 4, 1, 200, 3000, fast.Q0);
      expect(fast.lambdas[0]).toBe(ref[0]);
    }
  });
});
