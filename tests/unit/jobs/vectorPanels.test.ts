import { describe, expect, it } from 'vitest';
import { computeVectorPanel } from '../../../src/core/jobs/panelND';
import { principalPlane } from '../../../src/core/linalg/pca';
import { columnArena, histogramColumnsND, projectionFor, runColumnND, theoryColumns, type SweepBaseND } from '../../../src/core/vector/diagramND';
import { sizeScanJob, spectrumJob, type SizeScanRequest, type SizeScanResult, type SpectrumJobRequest, type SpectrumJobResult } from '../../../src/core/jobs/spectrumJob';
import { drive } from '../../../workers/driver';
import { allocHistogram, columnValues } from '../../../src/core/map1d/bifurcation';
import { buildMapND, type ModelParams } from '../../../src/core/models';
import { SpectrumRun, lyapunovSpectrum } from '../../../src/core/vector/spectrum';
import { meanField } from '../../../src/core/vector/meanField';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

const rnn: ModelParams = { model: 'rnn', act: 'tanh', g: 2, sb: 0.1, k: 32, seed: 6, wl: 'gauss', inp: 'none', ia: 0.5, ip: 20, a: 1.4, b: 0.3, x0: 0.1, out: 'identity', init: 'he', w: 1, r: 3.7, mu: 1.9 };
const henon: ModelParams = { ...rnn, model: 'henon' };
const hooks = (partials: SpectrumJobResult[] = []) => ({
  yieldNow: () => Promise.resolve(),
  now: () => performance.now(),
  sliceMs: 5,
  stale: () => false,
  partial: (p: SpectrumJobResult) => partials.push(structuredClone(p)),
  reportMs: 0,
});
type Hooks = ReturnType<typeof hooks>;

/** The jobs as the worker's driver runs them (null: cancelled). */
async function runSpectrumJob(req: SpectrumJobRequest, h: Hooks): Promise<SpectrumJobResult | null> {
  const out = await drive(1, () => spectrumJob(req, { now: h.now, sliceMs: h.sliceMs, reportMs: h.reportMs }), { stale: h.stale, onPartial: h.partial, reportMs: 0, slicing: h });
  return out.ok ? out.value : null;
}
async function runSizeScan(req: SizeScanRequest, h: Hooks & { partialScan(p: SizeScanResult): void }): Promise<SizeScanResult | null> {
  const out = await drive(1, () => sizeScanJob(req, { now: h.now, sliceMs: h.sliceMs }), { stale: h.stale, onPartial: h.partialScan, reportMs: 0, slicing: h });
  return out.ok ? out.value : null;
}

describe('vector Explore panel', () => {
  it('Hénon: chaotic, λ_max ≈ 0.42, the attractor in (x, y), twins separate', () => {
    const r = computeVectorPanel({ params: { ...henon, d0: 1e-8, T: 200, lt: 1000, ls: 20000, unit: 0 }, imported: null });
    expect(r.n).toBe(2);
    expect(r.kind).toBe('chaotic');
    expect(Math.abs(r.lambda - 0.419)).toBeLessThan(0.02);
    // with its standard error, which covers the attractor's λ₁ = 0.41922
    expect(r.lambdaStderr).toBeGreaterThan(0);
    expect(Math.abs(r.lambda - 0.41922)).toBeLessThan(4 * r.lambdaStderr);
    expect(r.phase.xLabel).toBe('x');
    expect(r.phase.xs.length).toBeGreaterThan(1000);
    // every phase point is on the attractor: |x| < 1.3, |y| < 0.4
    expect(Math.max(...r.phase.xs.map(Math.abs))).toBeLessThan(1.3);
    expect(r.sepMax[r.sepMax.length - 1]).toBeGreaterThan(-1);
    expect(r.meanField).toBeNull();
  });

  it('a contracting RNN settles on a fixed point with λ_max < 0; the mean field predicts order', () => {
    const r = computeVectorPanel({ params: { ...rnn, g: 0.5, d0: 1e-8, T: 100, lt: 500, ls: 2000, unit: 3 }, imported: null });
    expect(r.kind).toBe('fixed point');
    expect(r.lambda).toBeLessThan(0);
    expect(r.units[0]).toBe(3);
    expect(r.meanField!.chi1).toBeLessThan(1);
    expect(r.meanField!.lambda).toBeLessThan(0);
  });

  it('the simulated variances follow the mean-field variance map (large N)', () => {
    const r = computeVectorPanel({ params: { ...rnn, k: 400, g: 1.5, d0: 1e-8, T: 10, lt: 10, ls: 20, unit: 0 }, imported: null });
    const mf = r.meanField!;
    // interpolate F at the simulated q_t and compare with q_{t+1}, after the first step
    const F = (q: number) => {
      const i = Math.min(mf.qs.length - 2, Math.floor((q / mf.qs[mf.qs.length - 1]) * (mf.qs.length - 1)));
      const t = (q - mf.qs[i]) / (mf.qs[i + 1] - mf.qs[i]);
      return mf.Fq[i] + t * (mf.Fq[i + 1] - mf.Fq[i]);
    };
    for (let t = 1; t < 10; t++) expect(Math.abs(mf.simulated[t + 1] - F(mf.simulated[t])) / mf.simulated[t + 1]).toBeLessThan(0.1);
    expect(mf.qStar).toBeCloseTo(meanField('tanh', 1.5 * 1.5, 0.01).qStar, 10);
  });

  it('principal plane: orthonormal directions along the largest variance', () => {
    const n = 3;
    const rows = 200;
    const states = new Float64Array(rows * n);
    for (let t = 0; t < rows; t++) {
      states[t * n] = 5 * Math.sin(t);
      states[t * n + 1] = 0.1 * Math.cos(3 * t);
      states[t * n + 2] = 1 + 2 * Math.cos(t);
    }
    const pc = principalPlane(states, n, rows, 0);
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(dot(pc.v1, pc.v1)).toBeCloseTo(1, 10);
    expect(Math.abs(dot(pc.v1, pc.v2))).toBeLessThan(1e-8);
    expect(Math.abs(pc.v1[0])).toBeGreaterThan(0.9);
    expect(Math.abs(pc.v2[2])).toBeGreaterThan(0.9);
  });

  it('the principal plane equals the top two eigenvectors of the covariance (ml-matrix), by the scatter matrix (n ≤ 256) and by the data (n > 256)', () => {
    for (const n of [12, 300]) {
      const rows = 400;
      const rng = mulberry(n);
      // correlated data with a clear gap between the 2nd and 3rd variances
      const scales = Array.from({ length: n }, (_, i) => (i === 0 ? 20 : i === 1 ? 10 : 1));
      const mix = Array.from({ length: n }, () => Array.from({ length: n }, () => rng() - 0.5));
      const states = new Float64Array(rows * n);
      const z = new Float64Array(n);
      for (let t = 0; t < rows; t++) {
        for (let i = 0; i < n; i++) z[i] = (rng() - 0.5) * scales[i];
        for (let i = 0; i < n; i++) {
          let v = 0.3;
          for (let j = 0; j < n; j++) v += mix[i][j] * z[j] * (i === j ? 4 : 0.2);
          states[t * n + i] = v;
        }
      }
      const pc = principalPlane(states, n, rows, 50);
      const X = new Matrix(rows - 50, n);
      for (let t = 50; t < rows; t++) for (let i = 0; i < n; i++) X.set(t - 50, i, states[t * n + i]);
      const means = X.mean('column');
      for (let t = 0; t < rows - 50; t++) for (let i = 0; i < n; i++) X.set(t, i, X.get(t, i) - means[i]);
      const eig = new EigenvalueDecomposition(X.transpose().mmul(X), { assumeSymmetric: true });
      const order = eig.realEigenvalues.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]);
      for (const [k, v] of [pc.v1, pc.v2].entries()) {
        const e = eig.eigenvectorMatrix.getColumn(order[k][1]);
        const cos = Math.abs(v.reduce((s, x, i) => s + x * e[i], 0));
        expect(cos, `n = ${n}, PC ${k + 1}`).toBeGreaterThan(1 - 1e-9);
      }
    }
  });
});

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('vector orbit diagram', () => {
  const base: SweepBaseND = { params: henon, imported: null, param: 'a', transient: 500, keep: 200, proj: 'unit', unit: 0 };

  it('Hénon over a: a fixed point at small a (x* known), chaos at 1.4; counts conserved', () => {
    const proj = projectionFor(base, 0.1, 1.4);
    const pts = new Float64Array(200);
    const a = 0.2;
    const r = runColumnND(buildMapND({ ...henon, a }), proj, 500, 200, pts, 0);
    const xStar = (-(1 - 0.3) + Math.sqrt((1 - 0.3) ** 2 + 4 * a)) / (2 * a);
    expect(r.period).toBe(1);
    expect(pts[199]).toBeCloseTo(xStar, 9);
    expect(r.lambda).toBeLessThan(0);
    const chaos = runColumnND(buildMapND(henon), proj, 500, 2000, new Float64Array(2000), 0);
    expect(Math.abs(chaos.lambda - 0.419)).toBeLessThan(0.05);
    // its standard error is λ_max's of the same run (batch means), and covers the attractor's λ₁ = 0.41922
    expect(chaos.lambdaStderr).toBeGreaterThan(0);
    expect(Math.abs(chaos.lambda - 0.41922)).toBeLessThan(4 * chaos.lambdaStderr);
    const m = buildMapND(henon);
    const direct = new SpectrumRun(m, m.initialState(), { k: 1, transient: 500, steps: 2000 });
    direct.advance(Infinity);
    expect(chaos.lambdaStderr).toBe(direct.result().errors.lambdas[0]);
    expect(r.lambdaStderr).toBeLessThan(1e-3);
    const values = columnValues(1, 1.4, 20, 'centers');
    const h = allocHistogram(20, 50);
    histogramColumnsND(base, proj, values, 0, 20, -1.5, 1.5, 50, h);
    let total = 0;
    for (const c of h.counts) total += c;
    expect(total + h.outside).toBe(20 * 200 - [...h.diverged].reduce((s, d, j) => s + (d ? 200 : 0) + j * 0, 0));
  });

  it('a column is the spectrum run with k = 1: λ_max bit for bit, its points the projected orbit, with or without a shared arena', () => {
    const b2: SweepBaseND = { params: rnn, imported: null, param: 'g', transient: 300, keep: 3000, proj: 'mean', unit: 0 };
    const proj = projectionFor(b2, 1, 3);
    const pts = new Float64Array(3000);
    const r = runColumnND(buildMapND({ ...rnn, g: 2.5 }), proj, 300, 3000, pts, 0);
    const m = buildMapND({ ...rnn, g: 2.5 });
    const qr = lyapunovSpectrum(m, m.initialState(), { k: 1, transient: 300, steps: 3000 });
    expect(r.lambda).toBe(qr.lambdas[0]);
    expect(r.lambda).toBeGreaterThan(0); // g = 2.5: chaotic
    // the projected states of a plain orbit (step only, no tangent vector)
    let x: Float64Array = m.initialState();
    let nx: Float64Array = new Float64Array(m.n);
    for (let t = 0; t < 300 + 3000; t++) {
      m.step(x, nx, t);
      [x, nx] = [nx, x];
      if (t >= 300) {
        let y = 0;
        for (let i = 0; i < m.n; i++) y += proj.w[i] * (x[i] - proj.centre[i]);
        expect(pts[t - 300]).toBe(y);
      }
    }
    const arena = columnArena(m);
    expect(arena).not.toBeNull(); // N = 32 runs in the wasm arena (when the kernels load)
    const pts2 = new Float64Array(3000);
    for (let rep = 0; rep < 2; rep++) {
      const r2 = runColumnND(buildMapND({ ...rnn, g: 2.5 }), proj, 300, 3000, pts2, 0, arena);
      expect(r2.lambda).toBe(r.lambda);
      expect(pts2).toEqual(pts);
    }
  });

  it('the mean-field curve of an RNN diagram is ln g below the transition (zero bias)', () => {
    const b3: SweepBaseND = { params: { ...rnn, sb: 0 }, imported: null, param: 'g', transient: 10, keep: 10, proj: 'mean', unit: 0 };
    const th = theoryColumns(b3, Float64Array.of(0.3, 0.7, 2))!;
    expect(th[0]).toBeCloseTo(Math.log(0.3), 6);
    expect(th[1]).toBeCloseTo(Math.log(0.7), 6);
    expect(th[2]).toBeGreaterThan(0);
    expect(theoryColumns({ ...b3, params: henon }, Float64Array.of(1))).toBeNull();
  });
});

describe('progressive spectrum job', () => {
  it('λ_max first, then the top 8, then all N; each stage as the one-shot computation', async () => {
    const partials: SpectrumJobResult[] = [];
    const out = (await runSpectrumJob({ params: { ...rnn, k: 16, lt: 200, ls: 1500, tol: 0, nk: 0 }, imported: null }, hooks(partials)))!;
    expect(out.stage).toBe('done');
    expect(out.lambdaMax!.k).toBe(1);
    expect(out.top!.k).toBe(8);
    expect(out.full!.k).toBe(16);
    const m = buildMapND({ ...rnn, k: 16 });
    const direct = lyapunovSpectrum(m, m.initialState(), { k: 16, transient: 200, steps: 1500 });
    for (let i = 0; i < 16; i++) expect(out.full!.lambdas[i]).toBeCloseTo(direct.lambdas[i], 12);
    // λ₁ from one tangent vector equals the QR λ₁ of the full frame only statistically; the top-8 stage's λ₁ is the same as the full's
    expect(out.top!.lambdas[0]).toBeCloseTo(out.full!.lambdas[0], 1);
    expect(Math.abs(out.full!.lambdas.reduce((s, v) => s + v, 0) - out.full!.meanLogDet)).toBeLessThan(1e-8);
    expect(out.meanField).not.toBeNull();
    expect(out.twoTrajectory!.steps).toBe(1500);
    // partial reports arrived in stage order
    const order = partials.map((p) => p.stage);
    expect(order.indexOf('lambda-max')).toBeLessThan(order.lastIndexOf('full'));
  });

  it('a draft computes λ_max only, and a stale job stops', async () => {
    const out = (await runSpectrumJob({ params: { ...rnn, lt: 100, ls: 5000, tol: 0, nk: 0 }, imported: null, draft: true }, hooks()))!;
    expect(out.top).toBeNull();
    expect(out.lambdaMax!.steps).toBe(2000);
    let n = 0;
    const stopped = await runSpectrumJob({ params: { ...rnn, k: 64, lt: 100, ls: 100000, tol: 0, nk: 0 }, imported: null }, { ...hooks(), stale: () => ++n > 3 });
    expect(stopped).toBeNull();
  });

  it('size scan: full spectra for every N, λ₁ similar across sizes', async () => {
    const out = (await runSizeScan({ params: { ...rnn, g: 3 }, sizes: [16, 32], transient: 200, steps: 600 }, { ...hooks(), partialScan: () => undefined }))!;
    expect(out.done).toBe(true);
    expect(out.spectra[0]!.length).toBe(16);
    expect(out.spectra[1]!.length).toBe(32);
    // 600-step estimates of two networks of different size: a finite-size shift plus a statistical error of a few 0.01 each
    expect(Math.abs(out.spectra[0]![0] - out.spectra[1]![0])).toBeLessThan(0.3);
  });
});
