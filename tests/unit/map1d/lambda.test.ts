/**
 * The one 1-D λ loop (core/map1d/lambda.ts) against analytic exponents:
 * λ = ln 2 for the logistic map at r = 4 (conjugate to the tent map with μ = 2,
 * Ulam & von Neumann 1947), λ = ln μ for the tent map (|f′| = μ everywhere),
 * λ = ln|a| for a linear map; the floor for f′ = 0; the divergence bound.
 */
import { describe, expect, it } from 'vitest';
import { LOG_DERIVATIVE_FLOOR, LambdaRun1D, logDerivative } from '../../../src/core/map1d/lambda';
import { LogisticMap, TentMap, type Map1D } from '../../../src/core/models';
import { DIVERGENCE_BOUND } from '../../../src/core/divergence';
import { analyseOrbit } from '../../../src/core/map1d/orbit';
import { runColumn } from '../../../src/core/map1d/bifurcation';

/** f(x) = a·x + c. */
function linear(a: number, c = 0): Map1D {
  const map = {
    d: 0,
    piecewiseLinear: true,
    f: (x: number) => a * x + c,
    fd(x: number) {
      map.d = a;
      return a * x + c;
    },
    pieces: () => null,
  };
  return map as unknown as Map1D;
}

describe('the 1-D λ loop', () => {
  it('logistic map at r = 4: λ = ln 2 to the statistical error of 10⁶ steps', () => {
    const run = new LambdaRun1D(new LogisticMap(4), 0.1234);
    expect(run.skip(1000)).toBe(true);
    expect(run.advance(1_000_000)).toBe(true);
    expect(run.steps).toBe(1_000_000);
    expect(Math.abs(run.lambda - Math.LN2)).toBeLessThan(3e-3);
  });

  it('tent map: λ = ln μ on every step (to summation rounding)', () => {
    for (const mu of [1.3, 1.7, 1.95]) {
      const run = new LambdaRun1D(new TentMap(mu), 0.3);
      run.skip(100);
      run.advance(5000);
      expect(Math.abs(run.lambda - Math.log(mu))).toBeLessThan(1e-12);
    }
  });

  it('superstable orbit (logistic r = 2 from x = ½, f′ = 0): every step floored, flagged', () => {
    const run = new LambdaRun1D(new LogisticMap(2), 0.5);
    run.advance(10);
    expect(run.superstable).toBe(true);
    expect(Math.abs(run.lambda / LOG_DERIVATIVE_FLOOR - 1)).toBeLessThan(1e-15);
    expect(logDerivative(0)).toBe(LOG_DERIVATIVE_FLOOR);
    expect(logDerivative(1e-320)).toBe(LOG_DERIVATIVE_FLOOR); // subnormal: below the floor
    expect(logDerivative(-Math.E)).toBe(1);
  });

  it('linear map x ↦ 2x from 1: diverges at the step that crosses the bound, counted from the start', () => {
    const crossing = Math.ceil(Math.log2(DIVERGENCE_BOUND)); // 2^20 > 10⁶
    const run = new LambdaRun1D(linear(2), 1);
    expect(run.skip(5)).toBe(true);
    expect(run.advance(100)).toBe(false);
    expect(run.divergedAt).toBe(crossing);
    expect(run.steps).toBe(crossing - 5 - 1);
    expect(run.lambda).toBeNaN();
    expect(run.advance(1)).toBe(false);
    // a start beyond the bound has diverged at step 0
    expect(new LambdaRun1D(linear(0.5), 2e6).divergedAt).toBe(0);
    expect(new LambdaRun1D(linear(0.5), NaN).diverged).toBe(true);
  });

  it('in pieces or in one go: the same bits; the ring holds the last states', () => {
    const map = new LogisticMap(3.9);
    const one = new LambdaRun1D(map, 0.2);
    one.advance(1000);
    const pieces = new LambdaRun1D(map, 0.2);
    const ring = new Float64Array(7);
    for (const n of [1, 2, 3, 128, 500, 366]) pieces.advance(n, ring);
    expect(pieces.acc).toBe(one.acc);
    expect(pieces.x).toBe(one.x);
    // the states 994 … 1000 sit in the ring at (t − 1) mod 7
    const ref = new LambdaRun1D(map, 0.2);
    const all = new Float64Array(1000);
    ref.advance(1000, all);
    for (let t = 994; t <= 1000; t++) expect(ring[(t - 1) % 7]).toBe(all[t - 1]);
  });

  it('the orbit analysis and the diagram column use it: the same λ bits for the same orbit', () => {
    const map = new LogisticMap(3.7);
    const a = analyseOrbit(map, 0.3, 500, 2000);
    const pts = new Float64Array(2000);
    const c = runColumn(map, 0.3, 500, 2000, pts, 0);
    const run = new LambdaRun1D(map, 0.3);
    run.skip(500);
    run.advance(2000);
    expect(a.lambda).toBe(run.lambda);
    expect(c.lambda).toBe(run.lambda);
    // the orbit diagram's column carries the same standard error as the readouts
    expect(c.lambdaStderr).toBe(a.stderr);
    expect(c.lambdaStderr).toBe(run.stderr);
    expect(c.lambdaStderr).toBeGreaterThan(0);
    expect(a.tail[a.tail.length - 1]).toBe(run.x);
    expect(a.trace[a.trace.length - 1]).toBe(run.lambda);
  });
});
