/**
 * The frame product on packed operands (src/core/linalg/packedGemm.ts, issue
 * #17): `matmulPacked` gives `matmul`'s bits on odd shapes, with and without
 * the row scale, in JavaScript and in WebAssembly; the RNN's arena map uses it
 * from RNN_PACKED_MIN_N units on (a full spectrum keeping its frame in slabs
 * between the product and `qrBlockedSlabs`), and a whole spectrum at N = 256
 * keeps the bits of the run with `matmul` and `qrBlocked`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { arenaDoubles, createArena, kernelsActive, setKernelsEnabled } from '../../../src/core/linalg/simd';
import { matmul } from '../../../src/core/linalg/dense';
import { matmulPacked } from '../../../src/core/linalg/packedGemm';
import { packRows4, packSlabs, qrBlocked, qrBlockedSlabs, qrBlockedSlabsWork, qrBlockedWork, slabLength, unpackSlabs } from '../../../src/core/linalg/blockedQr';
import { Rng } from '../../../src/core/linalg/rng';
import { RnnMap } from '../../../src/core/models';
import { RNN_PACKED_MIN_N, setRnnPackedProduct } from '../../../src/core/models/rnn';
import { SpectrumRun } from '../../../src/core/vector/spectrum';

const wasmOn = process.env.RNN_LAB_KERNELS !== 'js';

afterEach(() => {
  setKernelsEnabled(true);
  setRnnPackedProduct(true);
});

function gaussian(rng: Rng, len: number): Float64Array {
  return Float64Array.from({ length: len }, () => rng.normal());
}

/** Indices where a and b differ as bits (Object.is: −0 ≠ +0, NaN = NaN). */
function differing(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let c = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) c++;
  return c;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 2],
  [7, 13, 9],
  [37, 29, 11],
  [64, 64, 64],
  [101, 67, 53],
  [130, 256, 6],
  [256, 256, 256],
];

/** `matmulPacked` on packed copies of A (m × n) and B (n × k). */
function packedProduct(m: number, n: number, k: number, A: Float64Array, B: Float64Array, d: Float64Array | null, C: Float64Array, Ar: Float64Array, Bs: Float64Array): void {
  packRows4(m, n, A, 0, n, Ar);
  packSlabs(n, k, B, 0, k, Bs);
  matmulPacked(m, n, k, Ar, Bs, C, d);
}

describe('matmulPacked', () => {
  it('gives matmul’s bits on odd shapes, with and without the row scale (JavaScript)', () => {
    setKernelsEnabled(false);
    const rng = new Rng(3);
    for (const [m, n, k] of SHAPES) {
      const A = gaussian(rng, m * n);
      const B = gaussian(rng, n * k);
      const d = gaussian(rng, m);
      for (const scale of [null, d]) {
        const ref = new Float64Array(m * k);
        matmul(m, n, k, A, B, ref, scale);
        const C = new Float64Array(m * k);
        packedProduct(m, n, k, A, B, scale, C, new Float64Array(slabLength(n, m)), new Float64Array(slabLength(n, k)));
        expect(differing(C, ref), `${m} × ${n} × ${k}, d ${scale ? 'on' : 'off'}`).toBe(0);
      }
    }
  });

  it.runIf(wasmOn)('the WebAssembly kernel gives the same bits (and leaves C beyond m × k alone)', () => {
    expect(kernelsActive()).toBe(true);
    const rng = new Rng(4);
    for (const [m, n, k] of SHAPES) {
      const A0 = gaussian(rng, m * n);
      const B0 = gaussian(rng, n * k);
      const d0 = gaussian(rng, m);
      // with a signed zero and a NaN among the inputs
      A0[0] = -0;
      if (n > 2) B0[n * k - 1] = NaN;
      const ar = createArena(arenaDoubles(m * n, n * k, m, m * k + 2, slabLength(n, m), slabLength(n, k)));
      if (!ar) throw new Error('no arena');
      const A = ar.alloc(m * n);
      A.set(A0);
      const B = ar.alloc(n * k);
      B.set(B0);
      const d = ar.alloc(m);
      d.set(d0);
      const Cw = ar.alloc(m * k + 2);
      const Ar = ar.alloc(slabLength(n, m));
      const Bs = ar.alloc(slabLength(n, k));
      for (const scale of [null, d]) {
        Cw.fill(7);
        packedProduct(m, n, k, A, B, scale, Cw.subarray(0, m * k), Ar, Bs);
        expect(Cw[m * k]).toBe(7);
        expect(Cw[m * k + 1]).toBe(7);
        const ref = new Float64Array(m * k);
        matmul(m, n, k, A0, B0, ref, scale ? d0 : null);
        expect(differing(Cw.subarray(0, m * k), ref), `${m} × ${n} × ${k}, d ${scale ? 'on' : 'off'}`).toBe(0);
        // and the JavaScript twin on the same packed operands
        const Cj = new Float64Array(m * k);
        matmulPacked(m, n, k, Float64Array.from(Ar), Float64Array.from(Bs), Cj, scale ? d0 : null);
        expect(differing(Cj, ref)).toBe(0);
      }
    }
  });
});

describe('slab output and the QR on slabs', () => {
  function slabProduct(m: number, n: number, k: number, A: Float64Array, B: Float64Array, d: Float64Array | null, ar: ReturnType<typeof createArena>): Float64Array {
    const alloc = (len: number) => (ar ? ar.alloc(len) : new Float64Array(len));
    const Aa = alloc(A.length);
    Aa.set(A);
    const Ba = alloc(B.length);
    Ba.set(B);
    const da = d ? alloc(d.length) : null;
    if (d && da) da.set(d);
    const Ar = alloc(slabLength(n, m));
    const Bs = alloc(slabLength(n, k));
    const Cs = alloc(slabLength(m, k));
    Cs.fill(7);
    packRows4(m, n, Aa, 0, n, Ar);
    packSlabs(n, k, Ba, 0, k, Bs);
    matmulPacked(m, n, k, Ar, Bs, Cs, da, true);
    return Float64Array.from(Cs);
  }

  it('matmulPacked with slabOut gives the slab layout of matmul’s product (padding +0), in JavaScript and WebAssembly', () => {
    const rng = new Rng(8);
    for (const [m, n, k] of SHAPES) {
      const A = gaussian(rng, m * n);
      const B = gaussian(rng, n * k);
      const d = gaussian(rng, m);
      for (const scale of [null, d]) {
        const ref = new Float64Array(m * k);
        matmul(m, n, k, A, B, ref, scale);
        const refS = new Float64Array(slabLength(m, k));
        packSlabs(m, k, ref, 0, k, refS);
        setKernelsEnabled(false);
        expect(differing(slabProduct(m, n, k, A, B, scale, null), refS), `JS ${m} × ${n} × ${k}`).toBe(0);
        setKernelsEnabled(true);
        if (wasmOn) {
          const ar = createArena(arenaDoubles(m * n, n * k, m, slabLength(n, m), slabLength(n, k), slabLength(m, k)));
          expect(ar).not.toBeNull();
          expect(differing(slabProduct(m, n, k, A, B, scale, ar), refS), `wasm ${m} × ${n} × ${k}`).toBe(0);
        }
      }
    }
  });

  it('qrBlockedSlabs gives qrBlocked’s bits (also through a rank loss, and with k ≤ the panel)', () => {
    const cases: [number, number, number | null][] = [
      [256, 256, null],
      [100, 77, null],
      [90, 70, 37],
      [40, 12, null],
    ];
    for (const [m, k, nullCol] of cases) {
      const A = gaussian(new Rng(m + k), m * k);
      if (nullCol !== null) for (let i = 0; i < m; i++) A[i * k + nullCol] = 0;
      const ar = wasmOn ? createArena(arenaDoubles(m * k, k, qrBlockedWork(m, k), slabLength(m, k), k, qrBlockedSlabsWork(m, k))) : null;
      const alloc = (len: number) => (ar ? ar.alloc(len) : new Float64Array(len));
      const Q = alloc(m * k);
      Q.set(A);
      const rd = alloc(k);
      qrBlocked(m, k, Q, rd, alloc(qrBlockedWork(m, k)));
      const S = alloc(slabLength(m, k));
      packSlabs(m, k, A, 0, k, S);
      const rdS = alloc(k);
      qrBlockedSlabs(m, k, S, rdS, alloc(qrBlockedSlabsWork(m, k)));
      const Qs = new Float64Array(m * k);
      unpackSlabs(m, k, S, Qs, 0, k);
      expect(differing(Qs, Q), `${m} × ${k}`).toBe(0);
      expect(differing(rdS, rd)).toBe(0);
      if (nullCol !== null) expect(rdS[nullCol]).toBe(0);
      // the padding stays +0
      for (let c = k; c % 4; c++) for (let i = 0; i < m; i++) expect(Object.is(S[4 * m * (c >> 2) + 4 * i + (c & 3)], 0)).toBe(true);
    }
  });
});

describe('the full spectrum at N = 256 with the packed product', () => {
  // the reference M2 network of bench/k2.ts at N = 256: W = (2/√N)·z, b = 0.1·z
  const n = 256;
  const rng = new Rng(42);
  const W = new Float64Array(n * n);
  const sc = 2 / Math.sqrt(n);
  for (let i = 0; i < n * n; i++) W[i] = sc * rng.normal();
  const b = Float64Array.from({ length: n }, () => 0.1 * rng.normal());
  const h0 = Float64Array.from({ length: n }, () => rng.normal());
  const map = new RnnMap({ W, b }, 1, 'tanh', h0, new Float64Array(n), { kind: 'none', amplitude: 0, period: 1 });

  it.runIf(wasmOn)('gives the bits of the same run with matmul (a few hundred steps)', () => {
    expect(RNN_PACKED_MIN_N).toBeLessThanOrEqual(n);
    const opts = { k: n, transient: 20, steps: 280 };
    const packed = new SpectrumRun(map, h0, opts);
    expect(packed.kernels).toBe('wasm-simd');
    packed.advance(300);
    setRnnPackedProduct(false);
    const plain = new SpectrumRun(map, h0, opts);
    plain.advance(300);
    const a = packed.result();
    const r = plain.result();
    expect(a.steps).toBe(280);
    expect(differing(a.lambdas, r.lambdas)).toBe(0);
    expect(a.meanLogDet).toBe(r.meanLogDet);
    expect(differing(packed.frame(), plain.frame())).toBe(0);
    expect(a.lambdas[0]).toBeGreaterThan(0);
  }, 120_000);

  it.runIf(wasmOn)('the frame stays a row-major view callers may set (Q0 = I as bench/k2.ts), also between advances', () => {
    const runs = [true, false].map((on) => {
      setRnnPackedProduct(on);
      const run = new SpectrumRun(map, h0, { k: n, transient: 0, steps: 40 });
      const Q = run.frame();
      Q.fill(0);
      for (let i = 0; i < n; i++) Q[i * n + i] = 1;
      run.advance(15);
      const mid = Float64Array.from(run.frame());
      run.advance(25);
      return { mid, end: Float64Array.from(run.frame()), lambdas: run.result().lambdas };
    });
    expect(differing(runs[0].mid, runs[1].mid)).toBe(0);
    expect(differing(runs[0].end, runs[1].end)).toBe(0);
    expect(differing(runs[0].lambdas, runs[1].lambdas)).toBe(0);
  }, 60_000);

  it.runIf(wasmOn)('and a part of the spectrum (k = 100 < n) too', () => {
    const opts = { k: 100, transient: 0, steps: 30 };
    const packed = new SpectrumRun(map, h0, opts);
    packed.advance(30);
    setRnnPackedProduct(false);
    const plain = new SpectrumRun(map, h0, opts);
    plain.advance(30);
    expect(differing(packed.result().lambdas, plain.result().lambdas)).toBe(0);
    expect(differing(packed.frame(), plain.frame())).toBe(0);
  }, 60_000);
});
