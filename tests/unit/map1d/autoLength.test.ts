/** The 1-D λ with ls = auto (core/runLength.ts): it stops at a checkpoint once its standard error is below tol. */
import { describe, expect, it } from 'vitest';
import { analyseOrbit } from '../../../src/core/map1d/orbit';
import { LogisticMap } from '../../../src/core/models';
import { TOL_CHECK_EVERY, TOL_MIN_STEPS } from '../../../src/core/runLength';

describe('1-D λ with a tolerance', () => {
  it('logistic r = 3.9: stops once the error is below tol, and a checkpoint earlier it was not', () => {
    const m = new LogisticMap(3.9);
    const a = analyseOrbit(m, 0.1, 1000, 1_000_000, { tol: 2e-3 });
    expect(a.stopped).toBe('tol');
    expect(a.tol).toBe(2e-3);
    expect(a.steps % TOL_CHECK_EVERY).toBe(0);
    expect(a.stderr).toBeLessThan(2e-3);
    const before = analyseOrbit(m, 0.1, 1000, a.steps - TOL_CHECK_EVERY);
    if (a.steps - TOL_CHECK_EVERY >= TOL_MIN_STEPS) expect(before.stderr).toBeGreaterThanOrEqual(2e-3);
    // the same numbers as a fixed run of that length (the tolerance only decides where to stop)
    const fixed = analyseOrbit(m, 0.1, 1000, a.steps);
    expect(fixed.lambda).toBe(a.lambda);
    expect(fixed.stderr).toBe(a.stderr);
    expect(fixed.period).toBe(a.period);
    expect(fixed.stopped).toBe('steps');
    // the convergence trace: increasing steps, the last at most the run's, thinned to fit
    expect(a.traceT.length).toBeGreaterThan(50);
    expect(a.traceT.length).toBeLessThanOrEqual(200);
    for (let i = 1; i < a.traceT.length; i++) expect(a.traceT[i]).toBeGreaterThan(a.traceT[i - 1]);
    expect(a.traceT[a.traceT.length - 1]).toBeLessThanOrEqual(a.steps);
    for (let i = 0; i < a.traceT.length; i++) expect(Number.isFinite(a.trace[i])).toBe(true);
  });

  it('a periodic orbit (r = 3.2, a 2-cycle) has an error of 0: it stops at the first checkpoint, λ exact to rounding', () => {
    const a = analyseOrbit(new LogisticMap(3.2), 0.1, 1000, 1_000_000, { tol: 1e-3 });
    expect(a.stopped).toBe('tol');
    expect(a.steps).toBe(TOL_MIN_STEPS);
    expect(a.period).toBe(2);
    // λ = ½ ln|f′(x₁) f′(x₂)| = ½ ln|r²(1 − 2x₁)(1 − 2x₂)| = ½ ln|4 + 2r − r²|
    expect(a.lambda).toBeCloseTo(0.5 * Math.log(Math.abs(4 + 2 * 3.2 - 3.2 * 3.2)), 10);
  });

  it('a tolerance out of reach runs to the cap and says so', () => {
    const a = analyseOrbit(new LogisticMap(4), 0.3, 100, 20_000, { tol: 1e-6 });
    expect(a.stopped).toBe('cap');
    expect(a.steps).toBe(20_000);
  });
});
