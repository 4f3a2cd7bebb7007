import { describe, expect, it } from 'vitest';
import { Matrix, EigenvalueDecomposition } from 'ml-matrix';
import { HenonMap, PlrnnMap, RnnMap, drawPlrnn, drawRnn, LAW_SIGMA2, W_LAWS, type MapND } from '../../../src/core/models';
import { spectrumSummary, SpectrumRun, kaplanYorke, lyapunovSpectrum, positiveSum, twoTrajectoryLambda, twoTrajectorySteps } from '../../../src/core/vector/spectrum';
import { pacer } from '../../../src/core/job';
import { matmul } from '../../../src/core/linalg/dense';
import { orthonormalityDefect, qrMgs, qrRobust } from '../../../src/core/linalg/qr';
import { logAbsDet } from '../../../src/core/linalg/lu';
import { criticalG, meanField, varianceMap } from '../../../src/core/vector/meanField';
import { Rng } from '../../../src/core/linalg/rng';

const NONE = { kind: 'none' as const, amplitude: 0, period: 1 };

function rnn(n: number, g: number, seed = 1, act: 'tanh' | 'relu' = 'tanh', sb = 0.1) {
  const d = drawRnn(n, 'gauss', seed, sb);
  return new RnnMap(d.weights, g, act, d.h0, d.v, NONE);
}

/** A linear map x ↦ M x (for the oracle test). */
class LinearMap implements MapND {
  constructor(
    readonly n: number,
    private readonly M: Float64Array,
  ) {}
  initialState() {
    return new Float64Array(this.n).fill(1);
  }
  step(x: Float64Array, next: Float64Array) {
    next.set(x);
  }
  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, _t: number, logDet: boolean) {
    matmul(this.n, this.n, k, this.M, Q, Y);
    next.set(x);
    return logDet ? logAbsDet(this.n, this.M) : 0;
  }
  jacobian(_x: Float64Array, J: Float64Array) {
    J.set(this.M);
  }
}

describe('linear algebra', () => {
  it('MGS QR: Q orthonormal and Q·R reproduces the matrix', () => {
    const rng = new Rng(3);
    const m = 9;
    const k = 5;
    const A = Float64Array.from({ length: m * k }, () => rng.normal());
    const Q = Float64Array.from(A);
    const r = new Float64Array(k);
    qrMgs(m, k, Q, r, new Float64Array(k));
    expect(orthonormalityDefect(m, k, Q)).toBeLessThan(1e-14);
    // |det| of a square matrix = Π R_ii
    const S = Float64Array.from({ length: 36 }, () => rng.normal());
    const Sq = Float64Array.from(S);
    const rs = new Float64Array(6);
    qrMgs(6, 6, Sq, rs, new Float64Array(6));
    expect(rs.reduce((s, v) => s + Math.log(v), 0)).toBeCloseTo(logAbsDet(6, S), 12);
    // column norms of A equal those of R's columns: check the first
    expect(r[0]).toBeCloseTo(Math.hypot(...Array.from({ length: m }, (_, i) => A[i * k])), 13);
  });
});

describe('Lyapunov spectrum (QR every step)', () => {
  it('Hénon (1.4, 0.3): 0.419 and −1.623, sum = ln 0.3', () => {
    const m = new HenonMap(1.4, 0.3, 0.1);
    const r = lyapunovSpectrum(m, m.initialState(), { k: 2, transient: 1000, steps: 200000 });
    expect(r.lambdas[0]).toBeCloseTo(0.419, 1);
    expect(Math.abs(r.lambdas[0] - 0.419)).toBeLessThan(0.01);
    expect(Math.abs(r.lambdas[1] + 1.623)).toBeLessThan(0.01);
    expect(Math.abs(r.lambdas[0] + r.lambdas[1] - Math.log(0.3))).toBeLessThan(1e-9);
    expect(Math.abs(r.meanLogDet - Math.log(0.3))).toBeLessThan(1e-10);
  });

  it('a linear map’s spectrum is log|eigenvalues| (ml-matrix as oracle)', () => {
    const n = 6;
    const rng = new Rng(11);
    const M = Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n));
    const m = new LinearMap(n, M);
    const r = lyapunovSpectrum(m, m.initialState(), { k: n, transient: 0, steps: 4000 });
    const evd = new EigenvalueDecomposition(new Matrix(Array.from({ length: n }, (_, i) => Array.from(M.subarray(i * n, i * n + n)))));
    const logs = evd.realEigenvalues.map((re, i) => Math.log(Math.hypot(re, evd.imaginaryEigenvalues[i]))).sort((a, b) => b - a);
    // convergence is O(1/T) for a linear map, limited by the gaps between |μᵢ|
    logs.forEach((l, i) => expect(Math.abs(r.lambdas[i] - l), `λ${i + 1}`).toBeLessThan(5e-3));
  });

  it('a tanh RNN with g = 0.5 has only negative exponents', () => {
    const m = rnn(32, 0.5);
    const r = lyapunovSpectrum(m, m.initialState(), { k: 32, transient: 500, steps: 2000 });
    expect(Math.max(...r.lambdas)).toBeLessThan(0);
  });

  it('the sum rule Σλ = ⟨ln|det J|⟩ holds to 1e-8 on random RNNs and PLRNNs', () => {
    for (const seed of [1, 2, 3]) {
      const a = rnn(24, 2, seed);
      const ra = lyapunovSpectrum(a, a.initialState(), { k: 24, transient: 200, steps: 1500 });
      expect(Math.abs(ra.lambdas.reduce((s, v) => s + v, 0) - ra.meanLogDet)).toBeLessThan(1e-8);
      const p = drawPlrnn(12, seed);
      const b = new PlrnnMap(p.weights, 1.5, p.z0);
      const rb = lyapunovSpectrum(b, b.initialState(), { k: 12, transient: 200, steps: 1500 });
      expect(rb.diverged).toBe(false);
      expect(rb.singular).toBe(false);
      expect(Math.abs(rb.lambdas.reduce((s, v) => s + v, 0) - rb.meanLogDet)).toBeLessThan(1e-8);
    }
  });

  it('keeps the frame orthonormal and sorts the exponents', () => {
    const m = rnn(20, 3);
    const run = new SpectrumRun(m, m.initialState(), { k: 10, transient: 100, steps: 3000 });
    run.advance(1600);
    expect(orthonormalityDefect(20, 10, run.frame())).toBeLessThan(1e-12);
    run.advance(10000);
    const r = run.result();
    expect(r.done).toBe(true);
    for (let i = 1; i < 10; i++) expect(r.lambdas[i]).toBeLessThanOrEqual(r.lambdas[i - 1] + 1e-9);
    expect(r.traceT.length).toBeGreaterThan(10);
    expect(r.traceL.length).toBe(r.traceT.length * 10);
  });

  it('the two-trajectory λ_max agrees with the QR λ₁', () => {
    const m = rnn(64, 3, 1);
    const qr = lyapunovSpectrum(m, m.initialState(), { k: 1, transient: 1000, steps: 20000 });
    const tt = twoTrajectoryLambda(m, m.initialState(), 1000, 20000);
    expect(qr.lambdas[0]).toBeGreaterThan(0.05);
    expect(Math.abs(tt.lambda - qr.lambdas[0])).toBeLessThan(0.02);
    // as a job that pauses (the spectrum job's cross-check, issue #13): the same bits
    const paced = twoTrajectorySteps(m, m.initialState(), 1000, 20000, pacer(() => performance.now(), 0.01));
    let r = paced.next();
    let pauses = 0;
    while (!r.done) {
      pauses++;
      r = paced.next();
    }
    expect(pauses).toBeGreaterThan(0);
    expect(r.value).toEqual(tt);
  });

  it('derived quantities: Kaplan–Yorke dimension and entropy rate', () => {
    expect(kaplanYorke([0.419, -1.623])).toBeCloseTo(1 + 0.419 / 1.623, 12);
    expect(kaplanYorke([-0.1, -0.5])).toBe(0);
    expect(positiveSum([0.5, 0.2, -1])).toBeCloseTo(0.7, 15);
  });

  it('the same seed with another g is the same network up to that scale, for every law', () => {
    for (const law of W_LAWS) {
      const a = drawRnn(8, law, 5, 0.3);
      const b = drawRnn(8, law, 5, 0.3);
      expect([...a.weights.W]).toEqual([...b.weights.W]);
      // N·Var(Wᵢⱼ) close to the law's σ_w²
      const big = drawRnn(200, law, 9, 0);
      const v = big.weights.W.reduce((s, x) => s + x * x, 0) / 200;
      expect(Math.abs(v - LAW_SIGMA2[law]) / LAW_SIGMA2[law]).toBeLessThan(0.03);
    }
  });
});

describe('mean-field theory', () => {
  it('λ_MF = ln g below the transition for tanh with zero bias; the transition is at g = 1', () => {
    for (const g of [0.3, 0.6, 0.9]) {
      const mf = meanField('tanh', g * g, 0);
      expect(mf.qStar).toBeLessThan(1e-6);
      expect(mf.lambda).toBeCloseTo(Math.log(g), 6);
    }
    expect(criticalG('tanh', 1, 0)).toBeCloseTo(1, 6);
    const above = meanField('tanh', 4, 0);
    expect(above.qStar).toBeGreaterThan(0.1);
    expect(above.lambda).toBeGreaterThan(0);
    // a bias moves the transition to larger g
    expect(criticalG('tanh', 1, 0.1)).toBeGreaterThan(1);
  });

  it('the critical g for ReLU is √2 with W ~ N(0, g²/N) — σ_w² = 2, He initialisation', () => {
    expect(criticalG('relu', 1, 0)).toBeCloseTo(Math.SQRT2, 6);
    expect(criticalG('relu', LAW_SIGMA2.he, 0)).toBeCloseTo(1, 6);
    expect(meanField('relu', 1, 0).chi1).toBeCloseTo(0.5, 10);
  });

  it('the variance map has q* as a fixed point', () => {
    const F = varianceMap('tanh', 2.25, 0.01);
    const mf = meanField('tanh', 2.25, 0.01);
    expect(F(mf.qStar)).toBeCloseTo(mf.qStar, 12);
  });

  it('λ_MF is close to the simulated λ_max of a large random tanh network', () => {
    const g = 2;
    const m = rnn(200, g, 2, 'tanh', 0);
    const r = lyapunovSpectrum(m, m.initialState(), { k: 1, transient: 500, steps: 3000 });
    const mf = meanField('tanh', g * g, 0);
    expect(Math.abs(r.lambdas[0] - mf.lambda)).toBeLessThan(0.1);
  });
});

describe('rank loss', () => {
  it('CGS2 keeps Q orthonormal when columns are dependent, and flags the null ones', () => {
    const rng = new Rng(5);
    const m = 6;
    const k = 4;
    const A = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      const x = rng.normal();
      const y = rng.normal();
      A[i * k] = x;
      A[i * k + 1] = y;
      A[i * k + 2] = x + 1e-17 * y; // equal to column 0 up to rounding
      A[i * k + 3] = rng.normal();
    }
    const Q = Float64Array.from(A);
    const r = new Float64Array(k);
    qrRobust(m, k, Q, r);
    expect(orthonormalityDefect(m, k, Q)).toBeLessThan(1e-14);
    expect(r[2]).toBe(0);
    expect(r[3]).toBeGreaterThan(0);
  });

  it('a ReLU RNN whose units switch off keeps an orthonormal frame; its contracting exponents are floored', () => {
    const d = drawRnn(16, 'gauss', 3, 1);
    // strongly negative biases: most units are off at any time (rank-deficient Jacobians)
    const b = d.weights.b.map((v) => v - 2);
    const m = new RnnMap({ W: d.weights.W, b }, 1.5, 'relu', d.h0, d.v, NONE);
    const run = new SpectrumRun(m, m.initialState(), { k: 16, transient: 100, steps: 500 });
    run.advance(600);
    expect(orthonormalityDefect(16, 16, run.frame())).toBeLessThan(1e-10);
    const res = run.result();
    expect(res.singular).toBe(true);
    expect(res.lambdas[15]).toBeLessThan(-100);
  });
});

describe('spectrum summary (the view, its export and the CLI)', () => {
  it('Hénon: one positive exponent, D_KY = 1 + λ₁/|λ₂|, entropy λ₁, the sum ln b', () => {
    const l = [0.41922, -1.62319];
    const s = spectrumSummary(l, 2, false);
    expect(s).toMatchObject({ finite: true, positive: 1, entropy: 0.41922 });
    expect(s.kaplanYorke).toBeCloseTo(1 + 0.41922 / 1.62319, 14);
    expect(s.predictabilityTime).toBeCloseTo(Math.LN2 / 0.41922, 14);
    expect(s.sum).toBeCloseTo(-1.20397, 12);
  });

  it('partial spectra: D_KY only once the partial sums turn negative, no sum; a diverged run reports nothing', () => {
    expect(spectrumSummary([0.3, 0.1, -0.2], 10, false)).toMatchObject({ kaplanYorke: null, sum: null, positive: 2 });
    expect(spectrumSummary([0.3, 0.1, -0.5], 10, false).kaplanYorke).toBeCloseTo(2 + 0.4 / 0.5, 14);
    expect(spectrumSummary([-0.1, -0.2], 2, false)).toMatchObject({ kaplanYorke: 0, entropy: 0, positive: 0, predictabilityTime: null });
    for (const [l, d] of [[[0.2, -0.1], true], [[NaN, -1], false], [[], false]] as [number[], boolean][])
      expect(spectrumSummary(l, 2, d)).toEqual({ finite: false, positive: 0, kaplanYorke: null, entropy: null, predictabilityTime: null, sum: null });
  });
});
