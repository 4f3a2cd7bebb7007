/**
 * Standard errors by batch means, against series whose variance of the mean is
 * known in closed form, and coverage of λ ± 2 s.e. on chaotic maps with a known λ.
 */
import { describe, expect, it } from 'vitest';
import { BatchMeans } from '../../../src/core/linalg/batchMeans';
import { Rng } from '../../../src/core/linalg/rng';
import { analyseOrbit } from '../../../src/core/map1d/orbit';
import { LogisticMap, NetMap } from '../../../src/core/models';
import { Act } from '../../../src/core/models/activations';

const N = 1 << 15;

/** Mean over seeds of (estimated s.e.)/(true s.e.), and the spread of the means over seeds / true s.e. */
function calibrate(series: (rng: Rng, add: (v: number) => void) => void, trueSe: number, seeds = 60) {
  let ratio = 0;
  const means: number[] = [];
  for (let s = 1; s <= seeds; s++) {
    const bm = new BatchMeans();
    series(new Rng(s), (v) => bm.add(v));
    ratio += bm.stderr / trueSe;
    means.push(bm.mean);
  }
  const m = means.reduce((a, b) => a + b, 0) / seeds;
  const sd = Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / (seeds - 1));
  return { ratio: ratio / seeds, spread: sd / trueSe };
}

describe('batch means', () => {
  it('i.i.d. values: the standard error is σ/√n', () => {
    const { ratio, spread } = calibrate((rng, add) => {
      for (let i = 0; i < N; i++) add(3 + 2 * rng.normal());
    }, 2 / Math.sqrt(N));
    expect(ratio).toBeGreaterThan(0.93);
    expect(ratio).toBeLessThan(1.05);
    // the means really do scatter by that much
    expect(spread).toBeGreaterThan(0.75);
    expect(spread).toBeLessThan(1.3);
  });

  it('AR(1), φ = 0.8: the standard error is σ/((1 − φ)√n), 5× the naive i.i.d. one', () => {
    const phi = 0.8;
    const trueSe = 1 / ((1 - phi) * Math.sqrt(N));
    const { ratio, spread } = calibrate((rng, add) => {
      let x = rng.normal() / Math.sqrt(1 - phi * phi); // stationary start
      for (let i = 0; i < N; i++) {
        add(x);
        x = phi * x + rng.normal();
      }
    }, trueSe);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.05);
    expect(spread).toBeGreaterThan(0.75);
    expect(spread).toBeLessThan(1.3);
  });

  it('keeps 32–64 equal batches however long the run, and says nothing with too few', () => {
    const bm = new BatchMeans();
    for (let i = 0; i < 10; i++) bm.add(i);
    expect(Number.isNaN(bm.stderr)).toBe(true);
    for (let i = 0; i < 100_000; i++) {
      bm.add(1);
      if (bm.n > 64) {
        expect(bm.batches).toBeGreaterThanOrEqual(32);
        expect(bm.batches).toBeLessThanOrEqual(63);
      }
    }
    expect(bm.mean).toBeCloseTo((45 + 100_000) / 100_010, 12);
    const c = new BatchMeans();
    for (let i = 0; i < 5000; i++) c.add(0.25);
    expect(c.stderr).toBe(0);
  });
});

describe('λ ± 2 standard errors covers the true exponent in 90–98 % of runs (where its error falls as 1/√n)', () => {
  const coverage = (make: () => NetMap | LogisticMap, lambda: number) => {
    const rng = new Rng(2026);
    let hit = 0;
    let runs = 0;
    for (let s = 0; s < 200; s++) {
      const a = analyseOrbit(make(), 0.05 + 0.9 * rng.uniform(), 200, 1 << 13);
      expect(Number.isFinite(a.stderr)).toBe(true);
      expect(a.stderr).toBeGreaterThan(0);
      runs++;
      if (Math.abs(a.lambda - lambda) <= 2 * a.stderr) hit++;
    }
    return hit / runs;
  };

  it('logistic r = 4: λ = ln 2, and the interval is conservative there', () => {
    // Conjugate to the tent map by x = sin²(πθ/2): ln|f′(xₜ)| = ln 2 + u(xₜ₊₁) − u(xₜ) with
    // u = ln|h′∘h⁻¹|, a coboundary, so the sum telescopes and the error of the mean falls
    // as 1/n, not 1/√n. Batch means (a variance estimator) then overstates it: coverage ≈ 100 %.
    const c = coverage(() => new LogisticMap(4), Math.LN2);
    expect(c).toBeGreaterThanOrEqual(0.9);
  });

  it('skew tent with peak at a = 0.3 (uniform invariant density): λ = −a ln a − (1 − a) ln(1 − a)', () => {
    // x/a on [0, a], (1 − x)/(1 − a) on [a, 1], as a ReLU network
    const a = 0.3;
    const tent = () => new NetMap({ w: Float64Array.of(1, 1), b: Float64Array.of(0, -a), a: Float64Array.of(1 / a, -(1 / a + 1 / (1 - a))), c: 0 }, Act.Relu, 'identity');
    const c = coverage(tent, -a * Math.log(a) - (1 - a) * Math.log(1 - a));
    expect(c).toBeGreaterThanOrEqual(0.9);
    expect(c).toBeLessThanOrEqual(0.98);
  });
});
