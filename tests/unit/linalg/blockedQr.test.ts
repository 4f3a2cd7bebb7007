/**
 * The blocked QR of wide frames (src/core/linalg/blockedQr.ts, issue #17):
 * orthonormal Q, Q·R = A, diag R equal to the reference block-4 MGS's within
 * rounding, every kernel bit-identical to its WebAssembly twin, and whole
 * Lyapunov spectra at N = 256 equal to the reference kernel's within 1e-12.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { arenaDoubles, createArena, kernelsActive, setKernelsEnabled } from '../../../src/core/linalg/simd';
import { orthonormalityDefect, qrMgsBlocked, qrMgsBlockedWork } from '../../../src/core/linalg/qr';
import {
  gemmNnSub,
  gemmTnSlabs,
  gramLower,
  packRows4,
  packSlabs,
  qrBlocked,
  qrBlockedWork,
  QR_PANEL,
  slabLength,
  trsmUnitLower,
  unpackSlabs,
} from '../../../src/core/linalg/blockedQr';
import { Rng } from '../../../src/core/linalg/rng';
import { RnnMap } from '../../../src/core/models';
import { SPECTRUM_BLOCKED_QR_MIN_K, SpectrumRun } from '../../../src/core/vector/spectrum';

const wasmOn = process.env.RNN_LAB_KERNELS !== 'js';

afterEach(() => setKernelsEnabled(true));

function gaussian(rng: Rng, len: number, grade = 0, k = 1): Float64Array {
  const a = new Float64Array(len);
  // grade > 0: column c scaled by e^(−grade·c), as a product of Jacobians makes frames
  for (let i = 0; i < len; i++) a[i] = rng.normal() * Math.exp(-grade * (i % k));
  return a;
}

/** max |(QᵀA)_ac| below the diagonal, max |Q·triu(QᵀA) − A|, and diag(QᵀA), all relative to max |A|. */
function factorChecks(m: number, k: number, A: Float64Array, Q: Float64Array): { lower: number; residual: number; diag: Float64Array } {
  const R = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += Q[i * k + a] * A[i * k + c];
      R[a * k + c] = s;
    }
  let scale = 0;
  for (const v of A) scale = Math.max(scale, Math.abs(v));
  let lower = 0;
  for (let a = 0; a < k; a++) for (let c = 0; c < a; c++) lower = Math.max(lower, Math.abs(R[a * k + c]));
  let residual = 0;
  for (let i = 0; i < m; i++)
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let a = 0; a <= c; a++) s += Q[i * k + a] * R[a * k + c];
      residual = Math.max(residual, Math.abs(s - A[i * k + c]));
    }
  const diag = new Float64Array(k);
  for (let a = 0; a < k; a++) diag[a] = R[a * k + a];
  return { lower: lower / scale, residual: residual / scale, diag };
}

function identicalCount(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ++;
  return differ;
}

// (m, k, panel): k a multiple of the panel or not, k < m, N = 256 with the default panel and with 32 (panels of panels)
const SHAPES: [number, number, number][] = [
  [256, 256, QR_PANEL],
  [256, 256, 32],
  [256, 200, 16],
  [100, 77, 16],
  [64, 40, 8],
  [50, 37, 12],
  [129, 129, 16],
];

describe('qrBlocked on random frames', () => {
  it.each(SHAPES)('m = %i, k = %i, panels of %i: orthonormal Q, Q·R = A, diag R = the reference MGS’s', (m, k, b) => {
    const rng = new Rng(1000 + m + k + b);
    for (const grade of [0, 0.05]) {
      const A = gaussian(rng, m * k, grade, k);
      const Q = Float64Array.from(A);
      const rd = new Float64Array(k);
      qrBlocked(m, k, Q, rd, new Float64Array(qrBlockedWork(m, k, b)), b);
      const ref = Float64Array.from(A);
      const rdRef = new Float64Array(k);
      qrMgsBlocked(m, k, ref, rdRef, new Float64Array(qrMgsBlockedWork(k)));
      // MGS loses orthogonality like ε·cond A (square Gaussian matrices: cond ~ 10³): as the reference does
      const defect = orthonormalityDefect(m, k, Q);
      expect(defect).toBeLessThan(1e-12);
      expect(defect).toBeLessThan(4 * orthonormalityDefect(m, k, ref) + 1e-14);
      // QᵀA upper triangular and Q·triu(QᵀA) = A, to the same ε·cond A as the reference
      const { lower, residual, diag } = factorChecks(m, k, A, Q);
      const refChecks = factorChecks(m, k, A, ref);
      expect(lower).toBeLessThan(1e-11);
      expect(residual).toBeLessThan(1e-11);
      expect(lower).toBeLessThan(4 * refChecks.lower + 1e-13);
      expect(residual).toBeLessThan(4 * refChecks.residual + 1e-13);
      let worstRef = 0;
      let worstDiag = 0;
      for (let c = 0; c < k; c++) {
        expect(rd[c]).toBeGreaterThan(0);
        worstRef = Math.max(worstRef, Math.abs(rd[c] - rdRef[c]) / rdRef[c]);
        worstDiag = Math.max(worstDiag, Math.abs(rd[c] - diag[c]) / rd[c]);
      }
      expect(worstRef).toBeLessThan(1e-12);
      // diag(QᵀA) recomputed carries the ε·cond A of Q's columns (the smallest R_cc are ~1e-6 in the graded case)
      expect(worstDiag).toBeLessThan(1e-10);
      // not the reference's bits: the blocked path really ran (for k above the panel)
      if (k > b) expect(identicalCount(Q, ref)).toBeGreaterThan(0);
    }
  });

  it('rank loss: an exactly null column in a later panel gives R_cc = 0 and a Q still orthonormal', () => {
    const m = 90;
    const k = 70;
    const A = gaussian(new Rng(77), m * k);
    for (let i = 0; i < m; i++) A[i * k + 37] = 0; // null, in the third panel of 16
    const Q = Float64Array.from(A);
    const rd = new Float64Array(k);
    qrBlocked(m, k, Q, rd, new Float64Array(qrBlockedWork(m, k, 16)), 16);
    expect(rd[37]).toBe(0);
    expect(orthonormalityDefect(m, k, Q)).toBeLessThan(1e-13);
    // the columns before the null one keep their R_cc
    const ref = Float64Array.from(A);
    const rdRef = new Float64Array(k);
    qrMgsBlocked(m, k, ref, rdRef, new Float64Array(qrMgsBlockedWork(k)));
    for (let c = 0; c < k; c++) expect(Math.abs(rd[c] - rdRef[c])).toBeLessThanOrEqual(1e-12 * rdRef[c]);
  });

  it('checks its arguments: panel width, work length', () => {
    expect(() => qrBlocked(8, 8, new Float64Array(64), new Float64Array(8), new Float64Array(1000), 6)).toThrow(/multiple of 4/);
    expect(() => qrBlocked(64, 64, new Float64Array(64 * 64), new Float64Array(64), new Float64Array(10), 16)).toThrow(/work needs/);
  });
});

describe.runIf(wasmOn)('the WebAssembly twins give the JavaScript kernels’ bits', () => {
  /** Views of copies of `arrays` in one fresh arena. */
  function inArena(arrays: Float64Array[]): Float64Array[] {
    const ar = createArena(arenaDoubles(...arrays.map((a) => a.length)));
    if (!ar) throw new Error('no arena');
    return arrays.map((a) => {
      const v = ar.alloc(a.length);
      v.set(a);
      return v;
    });
  }

  it('packing, the Gram matrix, both products and the triangular solve, on odd shapes', () => {
    expect(kernelsActive()).toBe(true);
    const rng = new Rng(5);
    for (const [m, p, r, lds] of [
      [37, 8, 13, 29],
      [64, 16, 48, 64],
      [101, 12, 7, 120],
      [256, 16, 240, 256],
    ]) {
      const src = gaussian(rng, m * lds);
      const X = gaussian(rng, slabLength(m, p));
      const Xr = gaussian(rng, slabLength(p, m));
      const B = gaussian(rng, slabLength(m, r));
      const L = gaussian(rng, p * p, 0);
      const G = gaussian(rng, slabLength(p, r));
      const C = gaussian(rng, slabLength(m, r));
      // JavaScript (plain arrays)
      const js = {
        slabs: new Float64Array(slabLength(m, lds - 3)),
        rows4: new Float64Array(slabLength(lds - 3, m)),
        unpacked: Float64Array.from(src),
        gram: new Float64Array(p * p),
        tn: new Float64Array(slabLength(p, r)),
        trsm: Float64Array.from(G),
        nn: Float64Array.from(C),
      };
      packSlabs(m, lds - 3, src, 2, lds, js.slabs);
      packRows4(m, lds - 3, src, 1, lds, js.rows4);
      unpackSlabs(m, p, X, js.unpacked, 3, lds);
      gramLower(m, p, X, js.gram);
      gemmTnSlabs(p, r, m, X, B, js.tn);
      trsmUnitLower(p, r, L, js.trsm);
      gemmNnSub(m, r, p, Xr, js.trsm, js.nn);
      // wasm (views of one arena)
      const [wsrc, wX, wXr, wB, wL, wG, wC, wslabs, wrows4, wunp, wgram, wtn] = inArena([
        src,
        X,
        Xr,
        B,
        L,
        G,
        C,
        new Float64Array(js.slabs.length),
        new Float64Array(js.rows4.length),
        src,
        new Float64Array(p * p),
        new Float64Array(js.tn.length),
      ]);
      packSlabs(m, lds - 3, wsrc, 2, lds, wslabs);
      packRows4(m, lds - 3, wsrc, 1, lds, wrows4);
      unpackSlabs(m, p, wX, wunp, 3, lds);
      gramLower(m, p, wX, wgram);
      gemmTnSlabs(p, r, m, wX, wB, wtn);
      trsmUnitLower(p, r, wL, wG);
      gemmNnSub(m, r, p, wXr, wG, wC);
      expect(identicalCount(wslabs, js.slabs)).toBe(0);
      expect(identicalCount(wrows4, js.rows4)).toBe(0);
      expect(identicalCount(wunp, js.unpacked)).toBe(0);
      expect(identicalCount(wgram, js.gram)).toBe(0);
      expect(identicalCount(wtn, js.tn)).toBe(0);
      expect(identicalCount(wG, js.trsm)).toBe(0);
      expect(identicalCount(wC, js.nn)).toBe(0);
      // and they computed something: L's upper part is zero, its lower part is not
      expect(js.gram[1]).toBe(0);
      expect(js.gram[p]).not.toBe(0);
      expect(identicalCount(js.nn, C)).toBeGreaterThan(0);
    }
  });

  it.each(SHAPES)('qrBlocked m = %i, k = %i, panels of %i: the same Q and diag R in wasm and in JavaScript', (m, k, b) => {
    const A = gaussian(new Rng(31 + k), m * k, 0.03, k);
    const Q = Float64Array.from(A);
    const rd = new Float64Array(k);
    qrBlocked(m, k, Q, rd, new Float64Array(qrBlockedWork(m, k, b)), b);
    const [wQ, wrd, ww] = inArena([A, new Float64Array(k), new Float64Array(qrBlockedWork(m, k, b))]);
    qrBlocked(m, k, wQ, wrd, ww, b);
    expect(identicalCount(wQ, Q)).toBe(0);
    expect(identicalCount(wrd, rd)).toBe(0);
  });
});

describe('the full spectrum at N = 256 with the blocked QR', () => {
  // the reference M2 network of bench/k2.ts at N = 256: W = (2/√N)·z, b = 0.1·z
  const n = 256;
  const rng = new Rng(42);
  const W = new Float64Array(n * n);
  const sc = 2 / Math.sqrt(n);
  for (let i = 0; i < n * n; i++) W[i] = sc * rng.normal();
  const b = Float64Array.from({ length: n }, () => 0.1 * rng.normal());
  const h0 = Float64Array.from({ length: n }, () => rng.normal());
  const map = new RnnMap({ W, b }, 1, 'tanh', h0, new Float64Array(n), { kind: 'none', amplitude: 0, period: 1 });

  it('runs from k = 256 on, and gives the reference kernel’s spectrum within 1e-12; the sum rule holds', () => {
    expect(SPECTRUM_BLOCKED_QR_MIN_K).toBeLessThanOrEqual(n);
    const opts = { k: n, transient: 10, steps: 150 };
    const blocked = new SpectrumRun(map, h0, opts);
    blocked.advance(160);
    const reference = new SpectrumRun(map, h0, { ...opts, qr: 'mgs' });
    reference.advance(160);
    const a = blocked.result();
    const r = reference.result();
    expect(a.steps).toBe(150);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(a.lambdas[i] - r.lambdas[i]));
    expect(worst).toBeLessThan(1e-12);
    // the two runs took different paths (not the same bits)
    expect(identicalCount(a.lambdas, r.lambdas)).toBeGreaterThan(0);
    let sum = 0;
    for (const l of a.lambdas) sum += l;
    expect(Math.abs(sum - a.meanLogDet)).toBeLessThan(1e-10);
    expect(a.lambdas[0]).toBeGreaterThan(0); // g = 2: chaotic
    // as orthonormal as the reference kernel's frame (MGS: ε·cond of the step's product)
    expect(orthonormalityDefect(n, n, blocked.frame())).toBeLessThan(Math.max(1e-11, 4 * orthonormalityDefect(n, n, reference.frame())));
  }, 90_000);

  it.runIf(wasmOn)('the same bits with the JavaScript kernels', () => {
    const opts = { k: n, transient: 0, steps: 12 };
    const wasm = new SpectrumRun(map, h0, opts);
    expect(wasm.kernels).toBe('wasm-simd');
    wasm.advance(12);
    setKernelsEnabled(false);
    const js = new SpectrumRun(map, h0, opts);
    expect(js.kernels).toBe('js');
    js.advance(12);
    expect(identicalCount(wasm.result().lambdas, js.result().lambdas)).toBe(0);
    expect(identicalCount(wasm.frame(), js.frame())).toBe(0);
  }, 60_000);
});
