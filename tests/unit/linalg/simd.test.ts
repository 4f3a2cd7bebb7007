/**
 * The WebAssembly SIMD kernels (wasm/kernels.wat, src/core/simd.ts) against
 * their JavaScript twins in linalg.ts, on random inputs of many shapes: every
 * kernel performs the same floating-point operations in the same order, so the
 * results must be identical bit for bit (tolerance 0), and so must whole runs
 * (Lyapunov spectra, the gradient meter) with the wasm path on and off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { assembleWat } from '../../../wasm/compile';
import { SIMD_PROBE, arenaDoubles, createArena, installKernels, kernelInfo, kernelsActive, packRowPairs, setKernelsEnabled, simdSupported, type Arena } from '../../../src/core/linalg/simd';
import { matTvec, matmul, matvec, matvec2, matvecPairs, sumSquares2 } from '../../../src/core/linalg/dense';
import { qrMgsBlocked, qrMgsBlockedWork } from '../../../src/core/linalg/qr';
import { Rng } from '../../../src/core/linalg/rng';
import { PlrnnMap, RnnMap, drawPlrnn, drawRnn } from '../../../src/core/models';
import { SpectrumRun, type SpectrumResult } from '../../../src/core/vector/spectrum';
import { MeterRun } from '../../../src/core/gradients/meterRun';
import { spectrumJob, type SpectrumJobResult } from '../../../src/core/jobs/spectrumJob';
import { runToEnd } from '../../../src/core/job';
import { buildMapND, type ModelParams } from '../../../src/core/models';
import { computeVectorPanel } from '../../../src/core/jobs/panelND';
import { tanh } from '../../../src/core/linalg/elementary';
import { tanhInto } from '../../../src/core/models/activations';
import { buildMap } from '../../../src/core/models';

const wasmOn = process.env.RNN_LAB_KERNELS !== 'js';

afterEach(() => setKernelsEnabled(true));

function rand(rng: Rng, len: number, scale = 1): Float64Array {
  const a = new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = scale * rng.normal();
  return a;
}

/** Copies of `arrays` in a fresh arena (plus `extra` doubles of room). */
function inArena(arrays: Float64Array[], extra: number[] = []): { ar: Arena; views: Float64Array[]; extra: Float64Array[] } {
  const ar = createArena(arenaDoubles(...arrays.map((a) => a.length), ...extra));
  if (!ar) throw new Error('no arena');
  const views = arrays.map((a) => {
    const v = ar.alloc(a.length);
    v.set(a);
    return v;
  });
  return { ar, views, extra: extra.map((l) => ar.alloc(l)) };
}

function expectIdentical(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ++;
  expect(differ).toBe(0);
}

describe('loader', () => {
  it('the SIMD probe is the encoding of its WAT text', async () => {
    const bytes = await assembleWat('(module (func (result v128) (f64x2.mul (v128.const f64x2 1 1) (v128.const f64x2 1 1))))');
    expect(Array.from(SIMD_PROBE)).toEqual(Array.from(bytes));
  });

  it.runIf(wasmOn)('the kernels are installed for the tests (Node has SIMD) and can be switched off', () => {
    expect(simdSupported()).toBe(true);
    expect(kernelsActive()).toBe(true);
    expect(kernelInfo().mode).toBe('wasm-simd');
    setKernelsEnabled(false);
    expect(kernelInfo().mode).toBe('js');
    expect(createArena(100)).toBeNull();
    const map = new RnnMap(drawRnn(16, 'gauss', 1, 0.1).weights, 2, 'tanh', new Float64Array(16), new Float64Array(16), { kind: 'none', amplitude: 0, period: 1 });
    expect(new SpectrumRun(map, map.initialState(), { k: 4, transient: 0, steps: 1 }).kernels).toBe('js');
    setKernelsEnabled(true);
    expect(new SpectrumRun(map, map.initialState(), { k: 4, transient: 0, steps: 1 }).kernels).toBe('wasm-simd');
  });

  it('without WebAssembly SIMD (validate rejects the probe) nothing is installed and the JS path is reported', async () => {
    const real = WebAssembly.validate;
    WebAssembly.validate = () => false;
    try {
      expect(simdSupported()).toBe(false);
      expect(await installKernels(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))).toBe(false);
      expect(kernelInfo().simd).toBe(false);
    } finally {
      WebAssembly.validate = real;
    }
  });

  it.runIf(wasmOn)('an arena never grows after creation: its views stay valid', () => {
    const ar = createArena(arenaDoubles(1000, 3))!;
    const a = ar.alloc(1000);
    const b = ar.alloc(3);
    expect(a.byteOffset % 16).toBe(0);
    expect(b.byteOffset % 16).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 8000);
    expect(() => ar.alloc(ar.free + 1)).toThrow();
    expect(a.buffer).toBe(ar.buffer);
  });
});

describe.runIf(wasmOn)('each wasm kernel equals its JS twin bit for bit (random inputs)', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 2, 5],
    [4, 4, 4],
    [5, 7, 3],
    [8, 8, 1],
    [9, 13, 6],
    [16, 16, 16],
    [17, 31, 10],
    [48, 48, 48],
    [64, 64, 64],
    [65, 33, 7],
  ];

  it('matmul, with and without the row scaling', () => {
    const rng = new Rng(11);
    for (const [m, n, k] of shapes) {
      const A = rand(rng, m * n);
      const B = rand(rng, n * k);
      const d = rand(rng, m);
      for (const scale of [null, d]) {
        const C = new Float64Array(m * k);
        matmul(m, n, k, A, B, C, scale);
        const { ar, views } = inArena([A, B, d, new Float64Array(m * k)]);
        matmul(m, n, k, views[0], views[1], views[3], scale ? views[2] : null);
        expect(ar.owns(views[3])).toBe(true);
        expectIdentical(views[3], C);
      }
    }
  });

  it('matvec and matvec2 on the row-pair packed matrix (matvec_packed, matvec2_packed)', () => {
    const rng = new Rng(12);
    for (const [m, n] of shapes) {
      const A = rand(rng, m * n);
      const x = rand(rng, n);
      const u = rand(rng, n);
      const b = rand(rng, m);
      for (const withB of [true, false]) {
        const y = new Float64Array(m);
        const y2 = new Float64Array(m);
        const v2 = new Float64Array(m);
        matvec(m, n, A, x, withB ? b : null, y);
        matvec2(m, n, A, x, withB ? b : null, y2, u, v2);
        const P = packRowPairs(m, n, A, new Float64Array(m * n));
        const { ar, views } = inArena([P, x, u, b, new Float64Array(m), new Float64Array(m), new Float64Array(m)]);
        const [Pw, xw, uw, bw, yw, y2w, v2w] = views;
        ar.k.matvec_packed(m, n, Pw.byteOffset, xw.byteOffset, withB ? bw.byteOffset : 0, yw.byteOffset);
        ar.k.matvec2_packed(m, n, Pw.byteOffset, xw.byteOffset, withB ? bw.byteOffset : 0, y2w.byteOffset, uw.byteOffset, v2w.byteOffset);
        expectIdentical(yw, y);
        expectIdentical(y2w, y2);
        expectIdentical(v2w, v2);
      }
    }
  });

  it('qrMgsBlocked (block-4 MGS): random, graded and rank-deficient matrices', () => {
    const rng = new Rng(13);
    const cases: Float64Array[] = [];
    const dims: [number, number][] = [];
    for (const [m, , k0] of shapes) {
      const k = Math.min(m, k0);
      const A = rand(rng, m * k);
      cases.push(A);
      dims.push([m, k]);
      // graded columns (as a product of Jacobians makes them)
      const G = Float64Array.from(A, (v, i) => v * Math.exp(-3 * (i % k)));
      cases.push(G);
      dims.push([m, k]);
      if (k >= 3) {
        // an exactly null column and a repeated one (rank loss: ReLU units off)
        const R = Float64Array.from(A);
        for (let i = 0; i < m; i++) {
          R[i * k + 1] = 0;
          R[i * k + (k - 1)] = R[i * k];
        }
        cases.push(R);
        dims.push([m, k]);
      }
    }
    cases.forEach((A, c) => {
      const [m, k] = dims[c];
      const Q = Float64Array.from(A);
      const rd = new Float64Array(k);
      qrMgsBlocked(m, k, Q, rd, new Float64Array(qrMgsBlockedWork(k)));
      const { views } = inArena([A, new Float64Array(k), new Float64Array(qrMgsBlockedWork(k))]);
      qrMgsBlocked(m, k, views[0], views[1], views[2]);
      expectIdentical(views[0], Q);
      expectIdentical(views[1], rd);
    });
  });

  it('the gradient meter’s kernels: Aᵀu, A·y in lane order, Σx², scaling, row scaling, column norms', () => {
    const rng = new Rng(14);
    for (const [m, n] of shapes) {
      const A = rand(rng, m * n);
      const u = rand(rng, m);
      const y = rand(rng, n);
      const yT = new Float64Array(n);
      const z = new Float64Array(m);
      matTvec(m, n, A, u, yT);
      matvecPairs(m, n, A, y, z);
      const s = sumSquares2(m * n, A);
      const { ar, views } = inArena([A, u, y, new Float64Array(n), new Float64Array(m), new Float64Array(m * n), new Float64Array(n)]);
      const [Aw, uw, yw, yTw, zw, Jw, nw] = views;
      matTvec(m, n, Aw, uw, yTw);
      matvecPairs(m, n, Aw, yw, zw);
      expectIdentical(yTw, yT);
      expectIdentical(zw, z);
      expect(Object.is(sumSquares2(m * n, Aw), s)).toBe(true);
      // scale_rows: J = diag(u)·A
      const J = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) J[i * n + j] = u[i] * A[i * n + j];
      ar.k.scale_rows(m, n, Aw.byteOffset, uw.byteOffset, Jw.byteOffset);
      expectIdentical(Jw, J);
      // col_sumsq: Σ_i A(i, c)² in ascending i
      const norms = new Float64Array(n);
      for (let i = 0; i < m; i++) for (let c = 0; c < n; c++) norms[c] += A[i * n + c] * A[i * n + c];
      ar.k.col_sumsq(m, n, Aw.byteOffset, nw.byteOffset);
      expectIdentical(nw, norms);
      // scale
      const sc = Float64Array.from(A, (v) => v * 0.37);
      ar.k.scale(m * n, Aw.byteOffset, 0.37);
      expectIdentical(Aw, sc);
    }
  });
});

describe.runIf(wasmOn)('tanh_vec (the portable tanh two at a time) equals the JavaScript tanh bit for bit', () => {
  /** Arguments over every branch of tanh: tiny, the Taylor part, the thresholds 1/8 and 22, large, subnormal, ±0, ±∞, NaN. */
  function tanhArgs(count: number): Float64Array {
    const rng = new Rng(21);
    const out = new Float64Array(count);
    const special = [0, -0, Infinity, -Infinity, NaN, 22, -22, 21.999999999999996, 0.125, -0.125, 0.12499999999999999, 3.725290298461914e-9, 3.7252902984619136e-9, 5e-324, -5e-324, 1e300, -1e300, 19.06, 0.34657359027997264];
    out.set(special.slice(0, count));
    for (let i = special.length; i < count; i++) {
      const u = rng.uniform();
      const v = rng.uniform();
      const sign = u < 0.5 ? -1 : 1;
      out[i] = sign * (u < 0.15 ? 2 ** (-40 * v) : u < 0.2 ? 2 ** (-1074 * v) : u < 0.25 ? 2 ** (60 * v) : 30 * v);
    }
    return out;
  }

  it('10⁶ arguments, odd and even lengths, with and without 1 − tanh²', () => {
    for (const n of [1_000_001, 2, 3]) {
      const z = tanhArgs(n);
      const t = new Float64Array(n);
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        t[i] = tanh(z[i]);
        d[i] = 1 - t[i] * t[i];
      }
      const { views, extra } = inArena([z], [n, n]);
      tanhInto(n, views[0], extra[0], extra[1]);
      expectIdentical(extra[0], t);
      expectIdentical(extra[1], d);
      extra[0].fill(0);
      tanhInto(n, views[0], extra[0], null);
      expectIdentical(extra[0], t);
    }
  }, 120_000);

  it('a 1-D tanh network (k = 16) iterates the same orbit, λ and f′ on both paths', () => {
    const run = (on: boolean) => {
      setKernelsEnabled(on);
      const p: ModelParams = { model: 'net1d', act: 'tanh', out: 'identity', g: 2.7, sb: 1, k: 16, init: 'he', seed: 6, w: 1, b: 0, r: 3.7, mu: 1.9, wl: 'gauss', inp: 'none', ia: 0, ip: 20, a: 0, x0: 0.1 };
      const map = buildMap(p, null);
      const xs: number[] = [];
      const ds: number[] = [];
      let x = 0.3;
      for (let t = 0; t < 5000; t++) {
        ds.push(map.fd(x), map.d);
        x = map.f(x);
        xs.push(x);
      }
      return { xs, ds };
    };
    const on = run(true);
    const off = run(false);
    expectIdentical(on.xs, off.xs);
    expectIdentical(on.ds, off.ds);
  }, 60_000);
});

function spectrum(on: boolean, make: () => { map: import('../../../src/core/models').MapND; x0: Float64Array }, k: number, transient: number, steps: number): SpectrumResult & { kernels: string } {
  setKernelsEnabled(on);
  const { map, x0 } = make();
  const run = new SpectrumRun(map, x0, { k, transient, steps });
  // in two slices, as a worker runs it
  run.advance(transient + Math.floor(steps / 2));
  run.advance(steps);
  return { ...run.result(), kernels: run.kernels };
}

function expectSameSpectrum(a: SpectrumResult, b: SpectrumResult): void {
  expectIdentical(a.lambdas, b.lambdas);
  expectIdentical(a.traceL, b.traceL);
  expect(Object.is(a.meanLogDet, b.meanLogDet)).toBe(true);
  expect(a.singular).toBe(b.singular);
  expect(a.diverged).toBe(b.diverged);
}

describe.runIf(wasmOn)('whole runs: wasm path and JS path give identical results', () => {
  const rnn = (n: number, g: number, act: 'tanh' | 'relu' | 'sin', input: 'none' | 'sine' = 'none') => () => {
    const d = drawRnn(n, 'gauss', 7, 0.3);
    const map = new RnnMap(d.weights, g, act, d.h0, d.v, { kind: input, amplitude: 0.5, period: 17 });
    return { map, x0: map.initialState() };
  };

  it('chaotic tanh RNN (N = 48, g = 2): full spectrum, top 10, λ_max', () => {
    for (const k of [48, 10, 1]) {
      const w = spectrum(true, rnn(48, 2, 'tanh'), k, 200, 600);
      const j = spectrum(false, rnn(48, 2, 'tanh'), k, 200, 600);
      expect(w.kernels).toBe('wasm-simd');
      expect(j.kernels).toBe('js');
      expect(w.lambdas[0]).toBeGreaterThan(0);
      expectSameSpectrum(w, j);
    }
  });

  it('odd size with a sine input (N = 37), and ReLU with rank loss (N = 24, singular Jacobians)', () => {
    expectSameSpectrum(spectrum(true, rnn(37, 1.8, 'sin', 'sine'), 37, 100, 400), spectrum(false, rnn(37, 1.8, 'sin', 'sine'), 37, 100, 400));
    const w = spectrum(true, rnn(24, 1.2, 'relu'), 24, 100, 400);
    expectSameSpectrum(w, spectrum(false, rnn(24, 1.2, 'relu'), 24, 100, 400));
  });

  it('PLRNN (frame in the arena, map in JS): identical', () => {
    const make = () => {
      const d = drawPlrnn(20, 3);
      return { map: new PlrnnMap(d.weights, 1.3, d.z0), x0: d.z0 };
    };
    expectSameSpectrum(spectrum(true, make, 20, 100, 300), spectrum(false, make, 20, 100, 300));
  });

  it('the gradient meter (direct product and QR form) gives identical curves', () => {
    for (const svWindows of [0, 1]) {
      const curves = [true, false].map((on) => {
        setKernelsEnabled(on);
        const d = drawRnn(32, 'gauss', 5, 0.1);
        const map = new RnnMap(d.weights, 1.6, 'tanh', d.h0, d.v, { kind: 'none', amplitude: 0, period: 1 });
        const run = new MeterRun({ kind: 'nd', map, x0: d.h0 }, { horizon: 120, windows: 2, transient: 200, svWindows, powerTol: 1e-13, powerMaxIter: 200 });
        run.advance(run.totalUnits);
        return { curves: Array.from(run.curves), frob: Array.from(run.frobenius), sv: Array.from(run.svSum), it: run.powerIterations };
      });
      expectIdentical(curves[0].curves, curves[1].curves);
      expectIdentical(curves[0].frob, curves[1].frob);
      expectIdentical(curves[0].sv, curves[1].sv);
      expect(curves[0].it).toBe(curves[1].it);
    }
  });

  it('the progressive spectrum job of the app (N = 24): every stage identical', async () => {
    const params: ModelParams & { lt: number; ls: number; tol: number; nk: number } = {
      model: 'rnn', act: 'tanh', g: 2.2, sb: 0.2, k: 24, seed: 4, wl: 'gauss', inp: 'none', ia: 0, ip: 10, a: 1.4, b: 0.3, x0: 0.1, lt: 100, ls: 500, tol: 0, nk: 0, out: 'identity', init: 'he', w: 1, r: 3.7, mu: 1.9,
    };
    const run = async (on: boolean): Promise<SpectrumJobResult> => {
      setKernelsEnabled(on);
      let t = 0;
      return runToEnd(spectrumJob({ params, imported: null }, { now: () => (t += 1), sliceMs: 8 }));
    };
    const w = await run(true);
    const j = await run(false);
    expectSameSpectrum(w.lambdaMax!, j.lambdaMax!);
    expectSameSpectrum(w.top!, j.top!);
    expectSameSpectrum(w.full!, j.full!);
    expect(buildMapND(params).n).toBe(24);
  });

  it('the vector Explore panel reuses one scratch arena frame after frame: every frame identical to the JavaScript kernels', () => {
    const base = { model: 'rnn', act: 'tanh', g: 1.5, sb: 0.1, k: 64, seed: 6, wl: 'gauss', inp: 'none', ia: 0.5, ip: 20, a: 1.4, b: 0.3, x0: 0.1, out: 'identity', init: 'he', w: 1, r: 3.7, mu: 1.9 } as const;
    const frames = [1.5, 2.5, 1.5, 0.8].map((g) => ({ params: { ...base, g, d0: 1e-8, T: 200, lt: 1000, ls: 3000, unit: 0 }, imported: null, draft: true }));
    const run = (on: boolean) => {
      setKernelsEnabled(on);
      return frames.map((f) => computeVectorPanel(f));
    };
    const js = run(false);
    const wasm = run(true);
    for (let i = 0; i < frames.length; i++) {
      expect(wasm[i].lambda, `frame ${i}`).toBe(js[i].lambda);
      expect([...wasm[i].values]).toEqual([...js[i].values]);
      expect([...wasm[i].phase.xs]).toEqual([...js[i].phase.xs]);
      expect([...wasm[i].logSep]).toEqual([...js[i].logSep]);
    }
    // the first and third frames are the same state: the reused arena leaves nothing behind
    expect(wasm[2].lambda).toBe(wasm[0].lambda);
    expect([...wasm[2].phase.ys]).toEqual([...wasm[0].phase.ys]);
  });
});
