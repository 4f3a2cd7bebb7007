/**
 * Error bars of the spectrum (issue #11): the batch means of all exponents
 * share their batches, each exponent's error is the scalar estimator's on its
 * own series, and λᵢ ± 2 s.e. (and D_KY ± 2 s.e., by the delta method) cover
 * the exact values of a triangular map with a known spectrum.
 */
import { describe, expect, it } from 'vitest';
import type { MapND } from '../../../src/core/models';
import { HenonMap } from '../../../src/core/models';
import { BatchMeans, VectorBatchMeans } from '../../../src/core/linalg/batchMeans';
import { Rng } from '../../../src/core/linalg/rng';
import { SpectrumRun, kaplanYorke, summaryGradients } from '../../../src/core/vector/spectrum';
import { buildMapND } from '../../../src/core/models';
import { AUTO_FLOP_BUDGET, AUTO_MIN_CAP, TOL_CHECK_EVERY, TOL_MIN_STEPS, costCap, expectedSteps } from '../../../src/core/runLength';
import { flopsPerStep } from '../../../src/core/jobs/spectrumJob';
import { decodeHash } from '../../../src/params/url';
import { modelParams } from '../../../src/params/requests';

/**
 * (x, y) ↦ (T(x), c(x)·y + x/10) with T the skew tent map (peak at a) and
 * c(x) = c₀ + c₁x. Its Jacobian is lower triangular, so the exponents are the
 * averages of ln|T′| and ln c under T's invariant measure — uniform on [0, 1]:
 * λ₁ = −a ln a − (1 − a) ln(1 − a), λ₂ = ∫₀¹ ln(c₀ + c₁x) dx.
 */
class SkewProduct implements MapND {
  readonly n = 2;
  constructor(
    private readonly x0: number,
    private readonly a = 0.3,
    private readonly c0 = 0.1,
    private readonly c1 = 0.3,
  ) {}
  initialState() {
    return Float64Array.of(this.x0, 0);
  }
  private slope(x: number) {
    return x < this.a ? 1 / this.a : -1 / (1 - this.a);
  }
  step(x: Float64Array, next: Float64Array) {
    const u = x[0];
    next[0] = u < this.a ? u / this.a : (1 - u) / (1 - this.a);
    next[1] = (this.c0 + this.c1 * u) * x[1] + u / 10;
  }
  jacobian(x: Float64Array, J: Float64Array) {
    J[0] = this.slope(x[0]);
    J[1] = 0;
    J[2] = this.c1 * x[1] + 0.1;
    J[3] = this.c0 + this.c1 * x[0];
  }
  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, _t: number, logDet: boolean) {
    const J = new Float64Array(4);
    this.jacobian(x, J);
    for (let c = 0; c < k; c++) {
      Y[c] = J[0] * Q[c] + J[1] * Q[k + c];
      Y[k + c] = J[2] * Q[c] + J[3] * Q[k + c];
    }
    this.step(x, next);
    return logDet ? Math.log(Math.abs(J[0] * J[3])) : 0;
  }
}

const A = 0.3;
const LAMBDA1 = -A * Math.log(A) - (1 - A) * Math.log(1 - A);
// ∫₀¹ ln(0.1 + 0.3x) dx = [(u ln u − u)/0.3] from u = 0.1 to 0.4
const LAMBDA2 = (0.4 * Math.log(0.4) - 0.4 - (0.1 * Math.log(0.1) - 0.1)) / 0.3;
const KY = 1 + LAMBDA1 / Math.abs(LAMBDA2);

describe('vector batch means', () => {
  it('each component’s error is the scalar estimator’s on that component, bit for bit', () => {
    const rng = new Rng(7);
    const v = new VectorBatchMeans(3);
    const s = [new BatchMeans(), new BatchMeans(), new BatchMeans()];
    let prev = 0;
    for (let t = 0; t < 50_000; t++) {
      prev = 0.9 * prev + rng.normal();
      const row = [prev, rng.normal(), 2 * prev - rng.uniform()];
      v.add(row);
      row.forEach((r, i) => s[i].add(r));
    }
    for (let i = 0; i < 3; i++) expect(v.stderr(i)).toBe(s[i].stderr);
    expect(v.batches).toBe(s[0].batches);
    expect(v.batches).toBeGreaterThanOrEqual(32);
  });

  it('the error of a linear combination is the estimator’s on the combined series (correlations count)', () => {
    const rng = new Rng(11);
    const v = new VectorBatchMeans(2);
    const sum = new BatchMeans();
    const diff = new BatchMeans();
    for (let t = 0; t < 40_000; t++) {
      const z = rng.normal();
      const row = [z + 0.1 * rng.normal(), z];
      v.add(row);
      sum.add(row[0] + row[1]);
      diff.add(row[0] - row[1]);
    }
    expect(v.stderrOf([1, 1])).toBeCloseTo(sum.stderr, 12);
    expect(v.stderrOf([1, -1])).toBeCloseTo(diff.stderr, 12);
    // strongly correlated components: the difference is far better known than either
    expect(v.stderrOf([1, -1])).toBeLessThan(0.2 * v.stderr(0));
    // independence would add the variances: the sum's error is about twice the error of one
    expect(v.stderrOf([1, 1]) / v.stderr(1)).toBeGreaterThan(1.8);
  });

  it('too few batches: NaN, not a number that looks like an error', () => {
    const v = new VectorBatchMeans(2);
    for (let t = 0; t < 10; t++) v.add([t, -t]);
    expect(v.stderr(0)).toBeNaN();
    expect(v.stderrOf([1, 1])).toBeNaN();
  });
});

describe('the delta method’s gradients of the derived numbers', () => {
  it('match finite differences of the Kaplan–Yorke dimension', () => {
    const l = [0.4, 0.1, -0.3, -0.9];
    const g = summaryGradients(l, 4);
    expect(g.kaplanYorke).not.toBeNull();
    const h = 1e-6;
    for (let i = 0; i < l.length; i++) {
      const up = l.slice();
      const dn = l.slice();
      up[i] += h;
      dn[i] -= h;
      expect(g.kaplanYorke![i]).toBeCloseTo((kaplanYorke(up) - kaplanYorke(dn)) / (2 * h), 6);
    }
    expect(Array.from(g.entropy!)).toEqual([1, 1, 0, 0]);
  });

  it('a partial spectrum whose sum stays positive has no D_KY, hence no error for it', () => {
    expect(summaryGradients([0.4, 0.1], 5).kaplanYorke).toBeNull();
    expect(Array.from(summaryGradients([0.4, 0.1], 2).kaplanYorke!)).toEqual([0, 0]);
  });
});

describe('spectrum error bars cover the exact exponents of a skew product with a known spectrum', () => {
  it('λ₁, λ₂ and D_KY ± 2 s.e. contain the exact values in 90–98 % of 200 runs', () => {
    const rng = new Rng(2027);
    const hits = [0, 0, 0];
    const runs = 200;
    for (let s = 0; s < runs; s++) {
      const map = new SkewProduct(0.05 + 0.9 * rng.uniform());
      const r = new SpectrumRun(map, map.initialState(), { k: 2, transient: 100, steps: 1 << 13, frameSeed: s + 1 });
      r.advance(Infinity);
      const res = r.result();
      const e = res.errors;
      for (const v of [e.lambdas[0], e.lambdas[1], e.kaplanYorke]) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThan(0);
      }
      if (Math.abs(res.lambdas[0] - LAMBDA1) <= 2 * e.lambdas[0]) hits[0]++;
      if (Math.abs(res.lambdas[1] - LAMBDA2) <= 2 * e.lambdas[1]) hits[1]++;
      if (Math.abs(kaplanYorke(res.lambdas) - KY) <= 2 * e.kaplanYorke) hits[2]++;
    }
    for (const h of hits) {
      expect(h / runs).toBeGreaterThanOrEqual(0.9);
      expect(h / runs).toBeLessThanOrEqual(0.98);
    }
  });

  it('the error falls as 1/√steps', () => {
    const se = (steps: number, x0: number) => {
      const map = new SkewProduct(x0);
      const r = new SpectrumRun(map, map.initialState(), { k: 2, transient: 100, steps });
      r.advance(Infinity);
      return r.result().errors.lambdas[0];
    };
    // 16× the steps: 4× smaller, averaged over orbits (one estimate from 32–64 batches scatters by ~15 %)
    let ratio = 0;
    const starts = [0.11, 0.23, 0.37, 0.41, 0.52, 0.66, 0.78, 0.93];
    for (const x0 of starts) ratio += se(1 << 12, x0) / se(1 << 16, x0) / starts.length;
    expect(ratio).toBeGreaterThan(3.2);
    expect(ratio).toBeLessThan(5);
  });

  it('at a stable fixed point (Hénon a = 0.2, b = 0.3) only the frame’s alignment varies: the error is small and falls as 1/steps; a diverged run has none', () => {
    const se = (steps: number) => {
      const r = new SpectrumRun(new HenonMap(0.2, 0.3, 0.1), Float64Array.of(0.1, 0.1), { k: 2, transient: 2000, steps });
      r.advance(Infinity);
      return r.result().errors;
    };
    const short = se(4000);
    const long = se(64_000);
    for (let i = 0; i < 2; i++) {
      expect(short.lambdas[i]).toBeLessThan(1e-3);
      expect(short.lambdas[i] / long.lambdas[i]).toBeGreaterThan(10);
    }
    const wild = new HenonMap(3, 0.3, 2);
    const d = new SpectrumRun(wild, Float64Array.of(2, 2), { k: 2, transient: 0, steps: 4000 });
    d.advance(Infinity);
    expect(d.result().diverged).toBe(true);
    expect(d.result().errors.lambdas[0]).toBeNaN();
    expect(d.result().errors.kaplanYorke).toBeNaN();
  });
});

describe('runs that stop when they are good enough (ls = auto, tol)', () => {
  const rnnMap = () => buildMapND({ ...modelParams(decodeHash('#model=rnn&k=16&g=2.5&seed=3').params) });

  it('the spectrum stops at the first checkpoint where every error is below tol, whatever the slicing', () => {
    const map = rnnMap();
    const opts = { k: 4, transient: 200, steps: 200_000, tol: 3e-3 };
    const whole = new SpectrumRun(map, map.initialState(), opts);
    whole.advance(Infinity);
    const a = whole.result();
    expect(a.stopped).toBe('tol');
    expect(a.steps % TOL_CHECK_EVERY).toBe(0);
    expect(a.steps).toBeGreaterThanOrEqual(TOL_MIN_STEPS);
    expect(a.steps).toBeLessThan(200_000);
    for (const se of a.errors.lambdas) expect(se).toBeLessThan(3e-3);
    // one checkpoint earlier some error was still above tol
    const shorter = new SpectrumRun(map, map.initialState(), { ...opts, tol: 0, steps: a.steps - TOL_CHECK_EVERY });
    shorter.advance(Infinity);
    if (a.steps - TOL_CHECK_EVERY >= TOL_MIN_STEPS) expect(Math.max(...shorter.result().errors.lambdas)).toBeGreaterThanOrEqual(3e-3);
    // the same steps and bits when advanced in odd pieces (as a worker slices it by time)
    const sliced = new SpectrumRun(map, map.initialState(), opts);
    for (let n = 1; !sliced.finished; n = (n * 7) % 997 + 1) sliced.advance(n);
    const b = sliced.result();
    expect(b.steps).toBe(a.steps);
    expect(Array.from(b.lambdas)).toEqual(Array.from(a.lambdas));
    expect(Array.from(b.errors.lambdas)).toEqual(Array.from(a.errors.lambdas));
  });

  it('a tolerance out of reach stops at the cap and says so; no tolerance runs the fixed length', () => {
    const map = rnnMap();
    const cap = new SpectrumRun(map, map.initialState(), { k: 2, transient: 100, steps: 5000, tol: 1e-7 });
    cap.advance(Infinity);
    expect(cap.result().stopped).toBe('cap');
    expect(cap.result().steps).toBe(5000);
    const fixed = new SpectrumRun(map, map.initialState(), { k: 2, transient: 100, steps: 5000 });
    fixed.advance(Infinity);
    expect(fixed.result().stopped).toBe('steps');
    expect(Array.from(fixed.result().lambdas)).toEqual(Array.from(cap.result().lambdas));
  });

  it('with a tolerance, a stage of many exponents is capped by its cost (never below 10⁴ steps); a fixed length is not', () => {
    const cap = { steps: 312_500, tol: 1e-3 };
    expect(costCap(cap, flopsPerStep(64, 1)).steps).toBe(312_500);
    const full64 = costCap(cap, flopsPerStep(64, 64)).steps;
    expect(full64).toBe(Math.floor(AUTO_FLOP_BUDGET / flopsPerStep(64, 64)));
    expect(full64).toBeGreaterThan(AUTO_MIN_CAP);
    expect(full64).toBeLessThan(312_500);
    expect(costCap({ steps: 78_125, tol: 1e-3 }, flopsPerStep(256, 256)).steps).toBe(AUTO_MIN_CAP);
    expect(costCap({ steps: 5_000, tol: 1e-3 }, flopsPerStep(256, 256)).steps).toBe(5_000);
    expect(costCap({ steps: 312_500, tol: 0 }, flopsPerStep(64, 64)).steps).toBe(312_500);
  });

  it('the expected length from the errors so far: n·(se/tol)², within the cap', () => {
    expect(expectedSteps({ steps: 1e6, tol: 1e-3 }, 4096, 4e-3)).toBe(4096 * 16);
    expect(expectedSteps({ steps: 5e4, tol: 1e-3 }, 4096, 4e-3)).toBe(5e4);
    expect(expectedSteps({ steps: 5e4, tol: 0 }, 4096, 4e-3)).toBe(5e4);
    expect(expectedSteps({ steps: 5e4, tol: 1e-3 }, 100, NaN)).toBe(5e4);
  });
});
