import { describe, expect, it } from 'vitest';
import { Matrix, SingularValueDecomposition, EigenvalueDecomposition } from 'ml-matrix';
import { BUDGET, DRAFT, planGradients, type GradientRequest, type GradientResult } from '../../../src/core/gradients/gradientPlan';
import { GradedTriangle } from '../../../src/core/gradients/gradedTriangle';
import { MeterRun, sampleHorizons } from '../../../src/core/gradients/meterRun';
import { computeGradients, gradientSteps } from '../../../src/core/gradients/gradients';
import { forcedCurve, lsqSlope, meterStats } from '../../../src/core/gradients/meterStats';
import { bpttGradient, makeData, type DiffModel } from '../../../src/core/gradients/bptt';
import { drive } from '../../../workers/driver';
import { Act, HenonMap, LogisticMap, NetMap, PlrnnMap, RnnMap, TentMap, contractingReference, drawPlrnn, drawRnn } from '../../../src/core/models';
import { lyapunovSpectrum } from '../../../src/core/vector/spectrum';
import { buildMapND, type ModelParams } from '../../../src/core/models';
import { drawNet1d } from '../../../src/core/models';
import { decodeHash } from '../../../src/params/url';
import { modelParams } from '../../../src/params/requests';

const NONE = { kind: 'none' as const, amplitude: 0, period: 1 };

function rnnMap(n: number, g: number, seed = 1) {
  const d = drawRnn(n, 'gauss', seed, 0.1);
  return new RnnMap(d.weights, g, 'tanh', d.h0, d.v, NONE);
}

const VP: ModelParams = { model: 'rnn', act: 'tanh', g: 2, sb: 0.1, k: 32, seed: 6, wl: 'gauss', inp: 'none', ia: 0.5, ip: 20, a: 1.4, b: 0.3, x0: 0.1, out: 'identity', init: 'he', w: 1, r: 3.7, mu: 1.9 };

function ndRequest(p: Partial<ModelParams>, extra: Partial<GradientRequest> = {}): GradientRequest {
  return { model: { params: { ...VP, ...p }, imported: null }, horizon: 300, windows: 20, tau: 0, alpha: 0, lt: 1000, ls: 10000, ...extra };
}

function toMatrix(n: number, a: Float64Array): Matrix {
  return new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n))));
}

describe('the product in QR form is exact', () => {
  it('ln σ₁ (QR form and direct product) and all ln σᵢ equal an explicit SVD of J_T ⋯ J_{T−h+1}', () => {
    const n = 8;
    const H = 40;
    const map = rnnMap(n, 2.5);
    const graded = new MeterRun({ kind: 'nd', map, x0: map.initialState() }, { horizon: H, windows: 1, transient: 200, svSamples: 40, svWindows: 1 });
    graded.advance(1e9);
    const direct = new MeterRun({ kind: 'nd', map, x0: map.initialState() }, { horizon: H, windows: 1, transient: 200, svWindows: 0, powerTol: 1e-15, powerMaxIter: 2000 });
    direct.advance(1e9);
    // the same window, multiplied out
    let x: Float64Array = map.initialState();
    let nx: Float64Array = new Float64Array(n);
    for (let t = 0; t < 200; t++) {
      map.step(x, nx, t);
      [x, nx] = [nx, x];
    }
    const states: Float64Array[] = [];
    for (let t = 0; t < H; t++) {
      states.push(Float64Array.from(x));
      map.step(x, nx, 200 + t);
      [x, nx] = [nx, x];
    }
    let P = Matrix.eye(n);
    const J = new Float64Array(n * n);
    for (let h = 1; h <= H; h++) {
      map.jacobian(states[H - h], J, 0);
      P = P.mmul(toMatrix(n, J));
      const s = new SingularValueDecomposition(P, { autoTranspose: true }).diagonal;
      expect(graded.curves[h - 1]).toBeCloseTo(Math.log(s[0]), 11);
      expect(direct.curves[h - 1]).toBeCloseTo(Math.log(s[0]), 11);
      // the direct product's Frobenius norm
      expect(direct.frobenius[h - 1]).toBeCloseTo(0.5 * Math.log(s.reduce((a, v) => a + v * v, 0)), 10);
      const si = Array.from(graded.svH).indexOf(h);
      if (si >= 0)
        for (let i = 0; i < n; i++) {
          // an explicit SVD resolves σᵢ only down to ~1e-16·σ₁
          if (s[i] > 1e-9 * s[0]) expect(graded.svSum[si * n + i]).toBeCloseTo(Math.log(s[i]), 6);
        }
    }
  });

  it('graded Jacobi resolves singular values e^±1000 apart (a triangular product far beyond the double range)', () => {
    const k = 3;
    const tri = new GradedTriangle(k);
    // R = [[e², 1, 0], [0, 1, 1], [0, 0, e⁻³]]: after 400 steps σ₁ ≈ e^800, σ₃ ≈ e^−1200
    const R = Float64Array.of(Math.exp(2), 1, 0, 0, 1, 1, 0, 0, Math.exp(-3));
    const h = 400;
    for (let i = 0; i < h; i++) tri.apply(R);
    const out = new Float64Array(k);
    tri.logSingularValues(out);
    // σ₁ against the product of R/e² multiplied out (its other rows underflow harmlessly)
    const S = toMatrix(3, R).div(Math.exp(2));
    let M = Matrix.eye(3);
    for (let i = 0; i < h; i++) M = M.mmul(S);
    const s1 = 2 * h + Math.log(new SingularValueDecomposition(M).diagonal[0]);
    expect(out[0]).toBeCloseTo(s1, 9);
    expect(tri.logSigma1()).toBeCloseTo(s1, 9);
    // σ₁σ₂σ₃ = |det R|^h = e^{(2 + 0 − 3)·h}
    expect(out[0] + out[1] + out[2]).toBeCloseTo(-h, 8);
    // the others are e^{0·h} and e^{−3h} up to bounded factors
    expect(Math.abs(out[1])).toBeLessThan(1);
    expect(Math.abs(out[2] + 3 * h)).toBeLessThan(1);
  });
});

describe('the meter slope’s standard error', () => {
  it('is sd(window slopes)/√w: windows with known slopes, as straight lines over h', () => {
    const H = 40;
    const slopes = [0.1, 0.14, 0.08, 0.12, 0.11, 0.09];
    const w = slopes.length;
    const curves = new Float64Array(w * H);
    slopes.forEach((sl, i) => {
      for (let h = 1; h <= H; h++) curves[i * H + h - 1] = sl * h + 0.3 * i + (h % 3 === 0 ? 1e-3 : 0);
    });
    const st = meterStats(curves, H, w, 0, 0);
    // the offsets on every third h are the same in every window: they shift the slopes alike
    const fitted = slopes.map((_, i) => lsqSlope(Float64Array.from({ length: H }, (_, j) => j + 1), curves.subarray(i * H, i * H + H), 20, H));
    const m = fitted.reduce((a, b) => a + b, 0) / w;
    const sd = Math.sqrt(fitted.reduce((a, b) => a + (b - m) ** 2, 0) / (w - 1));
    expect(st.slopeStderr).toBeCloseTo(sd / Math.sqrt(w), 12);
    expect(st.freeSlopeStderr).toBeCloseTo(sd / Math.sqrt(w), 12);
    // sparse forcing with τ below the fit range: every window is flat there, no error
    expect(meterStats(curves, H, w, 5, 0).slopeStderr).toBe(0);
    // one window: no error
    expect(meterStats(curves, H, 1, 0, 0).slopeStderr).toBeNaN();
  });
});

describe('gradient meter (Paper A)', () => {
  it('a chaotic tanh RNN: the meter slope equals the QR λ_max (± 0.02), and the singular values give the top exponents', () => {
    const req = ndRequest({ k: 32, g: 2.5, seed: 1 }); // λ_max ≈ 0.15
    const r = computeGradients(req);
    const map = buildMapND(req.model.params as ModelParams, null);
    const spec = lyapunovSpectrum(map, map.initialState(), { k: 3, transient: 1000, steps: 20000 });
    expect(spec.lambdas[0]).toBeGreaterThan(0.05);
    expect(r.windowsDone).toBe(20);
    expect(Math.abs(r.slope - spec.lambdas[0])).toBeLessThan(0.02);
    expect(Math.abs(r.lambdaMax - spec.lambdas[0])).toBeLessThan(0.02);
    // the errors: positive, and the slope agrees with λ_max to within them
    expect(r.slopeStderr).toBeGreaterThan(0);
    expect(r.lambdaMaxStderr).toBeGreaterThan(0);
    expect(Math.abs(r.slope - spec.lambdas[0])).toBeLessThan(4 * Math.hypot(r.slopeStderr, spec.errors.lambdas[0]));
    expect(r.fullSet).toBe(true);
    // ln σ₁ from the singular values equals the meter's first windows (same products)
    expect(Math.abs(r.svSlopes[0] - spec.lambdas[0])).toBeLessThan(0.05);
    expect(r.tauPred).toBeCloseTo(Math.LN2 / r.lambdaMax, 12);
    expect(r.alphaFlat).toBeCloseTo(1 - Math.exp(-r.lambdaMax), 12);
    expect(r.bptt).not.toBeNull();
  });

  it('a contracting network (g = 0.5): negative slope, equal to λ_max at the fixed point', () => {
    const r = computeGradients(ndRequest({ k: 32, g: 0.5 }, { windows: 4, horizon: 200 }));
    expect(r.slope).toBeLessThan(-0.3);
    expect(Math.abs(r.slope - r.lambdaMax)).toBeLessThan(0.01);
  });

  it('a stable 2-cycle of the logistic map (r = 3.2): slope = ½·ln|f′(x₁)f′(x₂)|', () => {
    const r = computeGradients({
      model: { params: { ...modelParams(decodeHash('#model=logistic&r=3.2').params), x0: 0.3 }, imported: null },
      horizon: 300,
      windows: 5,
      tau: 0,
      alpha: 0,
      lt: 1000,
      ls: 2000,
    });
    const rr = 3.2;
    const disc = Math.sqrt((rr + 1) * (rr - 3));
    const x1 = (rr + 1 + disc) / (2 * rr);
    const x2 = (rr + 1 - disc) / (2 * rr);
    const m = rr * (1 - 2 * x1) * rr * (1 - 2 * x2);
    expect(r.slope).toBeCloseTo(0.5 * Math.log(Math.abs(m)), 4);
    // every window of a cycle has the same slope (to the windows' phase): an error of ~0
    expect(r.slopeStderr).toBeLessThan(1e-3);
    expect(r.n).toBe(1);
  });

  it('a stable 2-cycle of the Hénon map (a = 0.9, b = 0.3): slope = ½·ln ρ(J(x₂)J(x₁))', () => {
    const a = 0.9;
    const b = 0.3;
    const map = new HenonMap(a, b, 0.1);
    let x: Float64Array = map.initialState();
    let nx: Float64Array = new Float64Array(2);
    for (let t = 0; t < 5000; t++) {
      map.step(x, nx);
      [x, nx] = [nx, x];
    }
    const x1 = Float64Array.from(x);
    map.step(x1, nx);
    const x2 = Float64Array.from(nx);
    const J1 = new Float64Array(4);
    const J2 = new Float64Array(4);
    map.jacobian(x1, J1);
    map.jacobian(x2, J2);
    const C = toMatrix(2, J2).mmul(toMatrix(2, J1));
    const e = new EigenvalueDecomposition(C);
    const rho = Math.max(...e.realEigenvalues.map((re, i) => Math.hypot(re, e.imaginaryEigenvalues[i])));
    expect(rho).toBeLessThan(1);
    const r = computeGradients(ndRequest({ model: 'henon', a, b, x0: 0.1 }, { horizon: 400, windows: 3 }));
    expect(r.slope).toBeCloseTo(0.5 * Math.log(rho), 3);
  });

  it('no overflow at H = 5000 on a chaotic network: every value finite, far beyond e^709', () => {
    const r = computeGradients(ndRequest({ k: 16, g: 3, seed: 2 }, { horizon: 5000, windows: 1, ls: 20000 }));
    expect(r.H).toBe(5000);
    expect(r.logNorm.every((v) => Number.isFinite(v))).toBe(true);
    expect(r.logNorm[4999]).toBeGreaterThan(709); // the raw product would be Infinity
    expect(Array.from(r.sv).every((v) => Number.isFinite(v))).toBe(true);
    // one window: the fit over h = 2500 … 5000 of a single orbit piece
    expect(Math.abs(r.slope - r.lambdaMax)).toBeLessThan(0.03);
  });

  it('GTF α shifts the slope by ln(1 − α); sparse forcing τ leaves the curve up to τ and caps it after', () => {
    const base = computeGradients(ndRequest({ k: 16, g: 3, seed: 2 }, { windows: 4, horizon: 200 }));
    const gtf = computeGradients(ndRequest({ k: 16, g: 3, seed: 2 }, { windows: 4, horizon: 200, alpha: 0.3 }));
    expect(gtf.slope - base.slope).toBeCloseTo(Math.log(0.7), 10);
    // α ≥ 1 − e^{−λ_max} flattens it
    const flat = computeGradients(ndRequest({ k: 16, g: 3, seed: 2 }, { windows: 4, horizon: 200, alpha: base.alphaFlat }));
    expect(flat.slope).toBeCloseTo(base.freeSlope - base.lambdaMax, 10);
    const tau = 25;
    const stf = computeGradients(ndRequest({ k: 16, g: 3, seed: 2 }, { windows: 4, horizon: 200, tau }));
    for (let h = 1; h <= 200; h++) expect(stf.logNorm[h - 1]).toBe(base.logNorm[Math.min(h, tau) - 1]);
    expect(stf.slope).toBeCloseTo(0, 12);
    expect(stf.scaling).toBeCloseTo(tau * stf.lambdaMax, 12);
    expect(stf.free).toEqual(base.free);
  });

  it('forcedCurve: min(h, τ) steps, each scaled by 1 − α', () => {
    const free = Float64Array.from({ length: 10 }, (_, i) => 0.5 * (i + 1));
    const c = forcedCurve(free, 4, 0.5);
    expect(Array.from(c)).toEqual(Array.from({ length: 10 }, (_, i) => 0.5 * Math.min(i + 1, 4) + Math.min(i + 1, 4) * Math.log(0.5)));
    expect(lsqSlope([1, 2, 3, 4], [1, 3, 5, 7], 1, 4)).toBeCloseTo(2, 14);
    expect(Array.from(sampleHorizons(300, 16))).toContain(300);
    expect(sampleHorizons(5, 16).length).toBe(5);
  });

  it('the band holds the mean; more windows give q10–q90; the finite-time spread shrinks with the horizon', () => {
    const short = computeGradients(ndRequest({ k: 16, g: 3, seed: 2 }, { windows: 12, horizon: 40 }));
    const long = computeGradients(ndRequest({ k: 16, g: 3, seed: 2 }, { windows: 12, horizon: 400 }));
    expect(long.bandKind).toBe('q10-q90');
    for (let h = 0; h < long.H; h++) {
      expect(long.bandLo[h]).toBeLessThanOrEqual(long.bandHi[h]);
    }
    expect(long.finiteTime.sd).toBeLessThan(short.finiteTime.sd);
  });

  it('the app keeps to its budget (fewer windows for a large N, small drafts); the CLI measures everything', () => {
    const big = planGradients(ndRequest({ k: 512 }), 512);
    expect(big.windows).toBeLessThan(20);
    expect(big.k).toBe(16);
    expect(big.flops.meter).toBeLessThanOrEqual(BUDGET.final.meter * 1.0001 + 3e9);
    const d = planGradients(ndRequest({ k: 64 }, { draft: true }), 64);
    expect(d.H).toBe(DRAFT.horizon);
    expect(d.windows).toBeLessThanOrEqual(DRAFT.windows);
    const all = planGradients(ndRequest({ k: 512 }, { unlimited: true }), 512);
    expect(all.windows).toBe(20);
    expect(all.ls).toBe(10000);
    const small = planGradients(ndRequest({ k: 64 }), 64);
    expect(small.windows).toBe(20); // the default view is not capped
  });

  it('the worker runner reports partial results, and stops when the job goes stale', async () => {
    // the job as the worker's driver runs it (null: cancelled)
    const runGradientJob = async (r: GradientRequest, h: { yieldNow(): Promise<void>; now(): number; sliceMs: number; stale(): boolean; partial(p: GradientResult): void; reportMs?: number }) => {
      const out = await drive(1, () => gradientSteps(r, h.now), { stale: h.stale, onPartial: h.partial, reportMs: h.reportMs ?? 150, slicing: h });
      return out.ok ? out.value : null;
    };
    const req = ndRequest({ k: 16, g: 3, seed: 2 }, { windows: 6, horizon: 100 });
    const partials: GradientResult[] = [];
    const done = await runGradientJob(req, { yieldNow: () => Promise.resolve(), now: () => performance.now(), sliceMs: 1, stale: () => false, partial: (p) => partials.push(p), reportMs: 0 });
    expect(done?.stage).toBe('done');
    expect(partials.length).toBeGreaterThan(3);
    expect(partials.some((p) => p.windowsDone > 0 && p.windowsDone < 6)).toBe(true);
    // the same as the one-call version
    expect(Array.from(done!.logNorm)).toEqual(Array.from(computeGradients(req).logNorm));
    let calls = 0;
    const stale = await runGradientJob(req, { yieldNow: () => Promise.resolve(), now: () => performance.now(), sliceMs: 0, stale: () => ++calls > 2, partial: () => undefined });
    expect(stale).toBeNull();
  });

  it('every model of the lab gives a finite meter and BPTT curves', () => {
    const cases: GradientRequest[] = [
      ndRequest({ model: 'plrnn', k: 8, g: 2 }, { windows: 2, horizon: 60 }),
      ndRequest({ model: 'henon' }, { windows: 2, horizon: 60 }),
      ndRequest({ k: 8, act: 'relu', g: 1.5 }, { windows: 2, horizon: 60 }),
      ndRequest({ k: 8, inp: 'sine', ia: 0.5 }, { windows: 2, horizon: 60 }),
    ];
    for (const hash of ['#model=net1d', '#model=neuron&g=3', '#model=logistic&r=4', '#model=tent&mu=1.9']) {
      const p = decodeHash(hash).params;
      cases.push({ model: { params: modelParams(p), imported: null }, horizon: 60, windows: 2, tau: 0, alpha: 0, lt: 500, ls: 2000 });
    }
    for (const req of cases) {
      const r = computeGradients(req);
      expect(r.diverged).toBe(false);
      expect(r.logNorm.every((v) => Number.isFinite(v)), req.model.params.model).toBe(true);
      expect(r.bptt!.current.every((v) => Number.isFinite(v)), req.model.params.model).toBe(true);
      expect(r.bptt!.reference.every((v) => Number.isFinite(v)), req.model.params.model).toBe(true);
    }
  });
});

// ------------------------------------------------------------------ BPTT --

/** Central finite differences of L_T with respect to every parameter. */
function fdGradient(model: DiffModel, y: Float64Array, opts: Parameters<typeof bpttGradient>[2]): Float64Array {
  const th = model.theta;
  const g = new Float64Array(th.length);
  for (let i = 0; i < th.length; i++) {
    const v = th[i];
    const h = 1e-6 * Math.max(1, Math.abs(v));
    th[i] = v + h;
    const lp = bpttGradient(model, y, opts).loss;
    th[i] = v - h;
    const lm = bpttGradient(model, y, opts).loss;
    th[i] = v;
    g[i] = (lp - lm) / (2 * h);
  }
  return g;
}

function relErr(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return Math.sqrt(d / s);
}

function smallModels(): { name: string; model: DiffModel; x0: Float64Array }[] {
  const rd = drawRnn(4, 'gauss', 3, 0.2);
  const pl = drawPlrnn(4, 6);
  // an imported PLRNN may have a non-zero W diagonal (fixed, not a parameter): J must include it
  const plw = { ...pl.weights, W: pl.weights.W.map((w, i) => (i % 5 === 0 ? -0.2 : w)) };
  return [
    { name: 'rnn tanh', model: new RnnMap(rd.weights, 1.8, 'tanh', rd.h0, rd.v), x0: rd.h0 },
    { name: 'rnn sine input', model: new RnnMap(rd.weights, 1.8, 'sin', rd.h0, rd.v, { kind: 'sine', amplitude: 0.4, period: 7 }), x0: rd.h0 },
    { name: 'plrnn', model: new PlrnnMap(pl.weights, 1.5, pl.z0), x0: pl.z0.map((v) => v + 0.3) },
    { name: 'plrnn, W with a diagonal', model: new PlrnnMap(plw, 1.5, pl.z0), x0: pl.z0.map((v) => v + 0.3) },
    { name: 'net1d tanh', model: new NetMap(drawNet1d('he', 5, 6, 2.2, 1), Act.Tanh, 'identity'), x0: Float64Array.of(0.1) },
    { name: 'net1d sigmoid, output φ', model: new NetMap(drawNet1d('he', 4, 2, 3, 1), Act.Sigmoid, 'act'), x0: Float64Array.of(0.1) },
    { name: 'logistic', model: new LogisticMap(3.9), x0: Float64Array.of(0.3) },
    { name: 'tent', model: new TentMap(1.7), x0: Float64Array.of(0.31) },
    { name: 'henon', model: new HenonMap(1.4, 0.3, 0.1), x0: Float64Array.of(0.1, 0) },
  ];
}

describe('BPTT (hand-written) against central finite differences', () => {
  for (const { name, model, x0 } of smallModels())
    it(`${name}: ∂L/∂θ to 1e-5 relative, without and with forcing`, () => {
      const data = makeData(model, x0, 50, 20, 0.05, 11)!;
      for (const opts of [{ T: 12 }, { T: 20, tau: 6 }, { T: 15, alpha: 0.3 }, { T: 20, tau: 5, alpha: 0.2 }]) {
        const o = { ...opts, t0: data.t0 };
        const r = bpttGradient(model, data.y, o);
        expect(r.scale).toBe(0);
        expect(relErr(r.grad, fdGradient(model, data.y, o)), `${name} ${JSON.stringify(opts)}`).toBeLessThan(1e-5);
      }
    });

  it('with forcing every τ steps the gradient is the sum of the gradients of independent length-τ chunks, and no product is longer than τ', () => {
    const rd = drawRnn(6, 'gauss', 4, 0.1);
    const model = new RnnMap(rd.weights, 2.5, 'tanh', rd.h0, rd.v);
    const T = 48;
    const tau = 8;
    const data = makeData(model, rd.h0, 100, T, 0.01)!;
    const n = 6;
    const whole = bpttGradient(model, data.y, { T, tau, t0: data.t0 });
    const sum = new Float64Array(whole.grad.length);
    let loss = 0;
    for (let c = 0; c * tau < T; c++) {
      // chunk c: from the data point y_{cτ}, predicting y_{cτ+1} … y_{(c+1)τ}
      const len = Math.min(tau, T - c * tau);
      const y = data.y.slice(c * tau * n, (c * tau + len + 1) * n);
      const r = bpttGradient(model, y, { T: len, lossScale: 1 / T, t0: data.t0 + c * tau });
      for (let i = 0; i < sum.length; i++) sum[i] += r.grad[i];
      loss += r.loss;
      expect(r.longestProduct).toBe(len - 1);
    }
    expect(whole.loss).toBeCloseTo(loss, 13);
    expect(relErr(whole.grad, sum)).toBeLessThan(1e-12);
    expect(whole.longestProduct).toBe(tau - 1);
    expect(bpttGradient(model, data.y, { T, t0: data.t0 }).longestProduct).toBe(T - 1);
  });

  it('chaos: ln‖∂L/∂θ‖ grows about like λ_max·T; a contracting network keeps it bounded; huge gradients do not overflow', () => {
    const req = ndRequest({ k: 16, g: 3, seed: 2 }); // λ_max ≈ 0.19
    const map = buildMapND(req.model.params as ModelParams, null);
    const lam = lyapunovSpectrum(map, map.initialState(), { k: 1, transient: 1000, steps: 20000 }).lambdas[0];
    const d = drawRnn(16, 'gauss', 2, 0.1);
    const chaotic = new RnnMap(d.weights, 3, 'tanh', d.h0, d.v);
    const data = makeData(chaotic, d.h0, 1000, 3000)!;
    const at = (T: number) => bpttGradient(chaotic, data.y, { T, t0: data.t0 }).logNorm;
    const growth = (at(400) - at(200)) / 200;
    expect(growth).toBeGreaterThan(0.5 * lam);
    expect(growth).toBeLessThan(1.5 * lam);
    const huge = bpttGradient(chaotic, data.y, { T: 3000, t0: data.t0 });
    expect(huge.scale).toBeGreaterThan(0); // rescaled on the way
    expect(huge.logNorm).toBeGreaterThan(300);
    expect(Number.isFinite(huge.logNorm)).toBe(true);
    const ref = contractingReference({ ...VP, k: 16, seed: 2 }, null);
    const calm = new RnnMap(d.weights, ref.at, 'tanh', d.h0, d.v);
    const cd = makeData(calm, d.h0, 100, 400)!;
    const c1 = bpttGradient(calm, cd.y, { T: 100, t0: cd.t0 }).logNorm;
    const c2 = bpttGradient(calm, cd.y, { T: 400, t0: cd.t0 }).logNorm;
    expect(c2 - c1).toBeLessThan(1);
  });
});
