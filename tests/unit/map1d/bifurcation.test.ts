import { describe, expect, it } from 'vitest';
import { allocHistogram, columnValues, histogramColumns, padRange, probeRange, sweepPoints, type SweepBase } from '../../../src/core/map1d/bifurcation';
import { defaultParams } from '../../../src/params/url';
import { computePanel1d, niceDomain } from '../../../src/core/jobs/panel1d';
import { panel1dRequest } from '../../../src/params/requests';

function logisticBase(transient = 2000, keep = 200): SweepBase {
  return { params: { ...defaultParams(), model: 'logistic', x0: 0.1 }, imported: null, param: 'r', transient, keep };
}

describe('orbit diagram kernel', () => {
  it('column values: pixel centres or a closed grid', () => {
    expect([...columnValues(0, 1, 4, 'centers')]).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect([...columnValues(0, 3, 4, 'inclusive')]).toEqual([0, 1, 2, 3]);
  });

  it('the logistic map: fixed point, then a 2-cycle, then chaos, with the right λ', () => {
    const values = Float64Array.of(2.8, 3.2, 3.5, 4);
    const s = sweepPoints(logisticBase(), values);
    expect(s.period[0]).toBe(1);
    expect(s.points[0][0]).toBeCloseTo(1 - 1 / 2.8, 10);
    expect(s.lambda[0]).toBeCloseTo(Math.log(Math.abs(2 - 2.8)), 6);
    expect(s.period[1]).toBe(2);
    expect(s.period[2]).toBe(4);
    expect(s.period[3]).toBe(0);
    expect(Math.abs(s.lambda[3] - Math.LN2)).toBeLessThan(0.05);
  });

  it('histogram counts are conserved and land in the right rows', () => {
    const base = logisticBase(1000, 300);
    const values = columnValues(2.8, 4, 50, 'centers');
    const rows = 100;
    const h = allocHistogram(50, rows);
    histogramColumns(base, values, 0, 50, 0, 1, rows, h);
    let total = 0;
    for (const c of h.counts) total += c;
    expect(total + h.outside).toBe(50 * 300);
    expect(h.outside).toBe(0);
    // column 0 (r ≈ 2.812): every point in the row of 1 − 1/r
    const r0 = values[0];
    const row = Math.floor((1 - 1 / r0) * rows);
    expect(h.counts[row]).toBe(300);
  });

  it('marks diverging columns and keeps their λ out of the picture', () => {
    const base: SweepBase = { params: { ...defaultParams(), model: 'logistic', x0: 1.5 }, imported: null, param: 'r', transient: 100, keep: 50 };
    const h = allocHistogram(3, 10);
    histogramColumns(base, Float64Array.of(3, 3.5, 4), 0, 3, 0, 1, 10, h);
    expect([...h.diverged]).toEqual([1, 1, 1]);
    expect(h.counts.every((c) => c === 0)).toBe(true);
  });

  it('sweeping x0 reuses one map: each column starts from its own x0', () => {
    const base: SweepBase = { params: { ...defaultParams(), model: 'logistic', r: 3.2, x0: 0.1 }, imported: null, param: 'x0', transient: 0, keep: 1 };
    const s = sweepPoints(base, Float64Array.of(0.1, 0.5));
    expect(s.points[0][0]).toBeCloseTo(3.2 * 0.1 * 0.9, 14);
    expect(s.points[1][0]).toBeCloseTo(3.2 * 0.25, 14);
  });

  it('the automatic state range covers the attractor', () => {
    const [lo, hi] = probeRange(logisticBase(), 2.8, 4);
    expect(lo).toBeLessThanOrEqual(0.02);
    expect(hi).toBeGreaterThanOrEqual(1);
    expect(padRange(NaN, NaN)).toEqual([-1, 1]);
    const [a, b] = padRange(0.5, 0.5);
    expect(a).toBeLessThan(0.5);
    expect(b).toBeGreaterThan(0.5);
  });
});

describe('panel computation', () => {
  it('cobweb domain, iterates and twin orbits for the logistic map', () => {
    const p = { ...defaultParams(), model: 'logistic' as const, r: 4, x0: 0.2, d0: 1e-8, T: 100, fk: [2, 3] };
    const res = computePanel1d(panel1dRequest(p, null, false));
    expect(res.domain).toEqual([0, 1]);
    expect(res.iterates.map((i) => i.k)).toEqual([1, 2, 3]);
    const i = 137;
    const x = res.xs[i];
    const f = (v: number) => 4 * v * (1 - v);
    expect(res.iterates[1].ys[i]).toBeCloseTo(f(f(x)), 12);
    expect(res.iterates[2].ys[i]).toBeCloseTo(f(f(f(x))), 12);
    expect(res.orbit.length).toBe(101);
    expect(res.twin[0] - res.orbit[0]).toBeCloseTo(1e-8, 15);
    // chaos: the twins separate to order one and come back close (scrambling)
    expect(res.sepMax[res.sepMax.length - 1]).toBeGreaterThan(-1);
    expect(res.sepMin[res.sepMin.length - 1]).toBeLessThan(-1.5);
    expect(res.kind).toBe('chaotic');
    expect(res.fixedPoints.map((fp) => fp.stability)).toEqual(['unstable', 'unstable']);
  });

  it('a diverging net reports it instead of producing NaN', () => {
    const p = { ...defaultParams(), act: 'relu' as const, g: 4, seed: 2 };
    const res = computePanel1d(panel1dRequest(p, null, false));
    expect(res.kind).toBe('diverged');
    expect(res.orbitDiverged).toBe(true);
    expect([...res.orbit].every(Number.isFinite)).toBe(true);
    expect(res.domain.every(Number.isFinite)).toBe(true);
  });

  it('nice domains are never empty', () => {
    const [a, b] = niceDomain(0.3, 0.3);
    expect(b - a).toBeGreaterThanOrEqual(0.2);
    expect(niceDomain(NaN, 1)).toEqual([-1, 1]);
  });
});
