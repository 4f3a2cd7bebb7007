import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { periodicPoints, iterate, type PeriodicResult } from '../../../src/core/interval/periodic';
import { compose, evalPieces, type Piece } from '../../../src/core/models/piecewise';
import { netPieces, tentPieces } from '../../../src/core/models';
import { LogisticMap, NetMap, TentMap } from '../../../src/core/models';
import { Act, ACTIVATIONS, actCode } from '../../../src/core/models/activations';
import { drawNet1d, OUTPUTS } from '../../../src/core/models';
import { sharkovskyCompare, sharkovskySort, implies, isPowerOfTwo } from '../../../src/core/interval/sharkovsky';

/** Paper B's tent network 2·ReLU(x) − 4·ReLU(x − ½). */
const tentNet = () => new NetMap({ w: Float64Array.of(1, 1), b: Float64Array.of(0, -0.5), a: Float64Array.of(2, -4), c: 0 }, Act.Relu, 'identity');

/** Every cycle satisfies fᵖ(x) = x and has that minimal period; all points distinct. */
function checkCycles(map: { f(x: number): number }, r: PeriodicResult) {
  for (const c of r.cycles) {
    for (const x of c.points) {
      let y = x;
      for (let i = 0; i < c.period; i++) y = map.f(y);
      expect(Math.abs(y - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
      for (let q = 1; q < c.period; q++) {
        let z = x;
        for (let i = 0; i < q; i++) z = map.f(z);
        expect(Math.abs(z - x)).toBeGreaterThan(1e-9 * Math.max(1, Math.abs(x)));
      }
    }
  }
}

const sorted = (a: number[]) => [...a].sort((x, y) => x - y);

describe('Sharkovsky order', () => {
  it('orders 3 first and the powers of two last, descending', () => {
    expect(sharkovskySort([1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 10])).toEqual([3, 5, 7, 6, 10, 12, 16, 8, 4, 2, 1]);
    expect(sharkovskyCompare(3, 5)).toBeLessThan(0);
    expect(implies(3, 8)).toBe(true);
    expect(implies(5, 3)).toBe(false);
    expect(implies(6, 10)).toBe(true);
    expect(implies(4, 6)).toBe(false);
    expect([1, 2, 4, 8, 16].every(isPowerOfTwo)).toBe(true);
    expect([3, 6, 12].some(isPowerOfTwo)).toBe(false);
  });
});

describe('piecewise-linear machinery', () => {
  it('the pieces of a ReLU network reproduce the network everywhere', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom('relu', 'htanh', 'linear'), fc.constantFrom(...OUTPUTS), (k, seed, act, out) => {
        const net = drawNet1d('he', k, seed, 1.5, 1);
        const m = new NetMap(net, actCode(act as 'relu'), out);
        const ps = netPieces(net, actCode(act as 'relu'), out)!;
        for (let i = 0; i < 50; i++) {
          const x = -6 + 0.2413 * i;
          expect(evalPieces(ps, x)).toBeCloseTo(m.f(x), 9);
        }
      }),
      { numRuns: 200 },
    );
    expect(netPieces(drawNet1d('he', 4, 1, 1, 1), Act.Tanh, 'identity')).toBeNull();
  });

  it('composition agrees with applying the maps one after the other', () => {
    const f = netPieces(drawNet1d('he', 12, 5, 2, 1), Act.Relu, 'identity')!;
    const g = netPieces(drawNet1d('he', 9, 8, 2, 1), Act.Relu, 'clip')!;
    const fg = compose(f, g)!;
    for (let i = 0; i < 400; i++) {
      const x = -5 + 0.025 * i;
      expect(evalPieces(fg, x)).toBeCloseTo(evalPieces(f, evalPieces(g, x)), 9);
    }
    // the tent map composed t times has 2^t pieces on [0, 1]
    let T: Piece[] = tentPieces(2);
    for (let t = 2; t <= 6; t++) T = compose(tentPieces(2), T)!;
    expect(T.filter((p) => p.b > 0 && p.a < 1).length).toBe(64);
  });
});

describe('periodic points', () => {
  it('the tent network has the 3-cycles {2/7, 4/7, 6/7} and {2/9, 4/9, 8/9}', () => {
    const m = tentNet();
    const r = periodicPoints(m, { maxPeriod: 3 });
    expect(r.method).toBe('exact');
    const threes = r.cycles.filter((c) => c.period === 3).map((c) => sorted(c.points));
    expect(threes).toHaveLength(2);
    const want = [
      [2 / 9, 4 / 9, 8 / 9],
      [2 / 7, 4 / 7, 6 / 7],
    ];
    for (const w of want) expect(threes.some((c) => c.every((v, i) => Math.abs(v - w[i]) < 1e-12))).toBe(true);
    for (const c of r.cycles.filter((c) => c.period === 3)) {
      expect(Math.abs(c.multiplier)).toBeCloseTo(8, 12);
      expect(c.stability).toBe('unstable');
    }
    expect(r.period3).toBe(true);
    expect(r.liYorke).toBe(true);
    expect(r.periods[0]).toBe(3);
    checkCycles(m, r);
  });

  it('the tent map has 2^p − (points of smaller period) periodic points of each period, all found exactly', () => {
    // number of points of minimal period p of the full tent map: Σ_{d|p} μ(p/d) 2^d
    const minimal: Record<number, number> = { 1: 2, 2: 2, 3: 6, 4: 12, 5: 30, 6: 54, 7: 126, 8: 240 };
    const m = new TentMap(2);
    const r = periodicPoints(m, { maxPeriod: 8 });
    for (let p = 1; p <= 8; p++) {
      const pts = r.cycles.filter((c) => c.period === p).reduce((s, c) => s + c.points.length, 0);
      expect(pts, `period ${p}`).toBe(minimal[p]);
    }
    checkCycles(m, r);
    expect(r.pieceCounts.slice(0, 4)).toEqual([2, 4, 8, 16]);
  });

  it('a steep tent (slope 14.58): every period up to 8 with the exact number of points, unstable ones listed apart', () => {
    const g = 2.7;
    const m = new NetMap({ w: Float64Array.of(g, g), b: Float64Array.of(0, -0.5), a: Float64Array.of(2 * g, -4 * g), c: 0 }, Act.Relu, 'identity');
    const r = periodicPoints(m, { maxPeriod: 8 });
    // a full 2-shift on its invariant Cantor set: Σ_{d|p} μ(p/d) 2^d points of minimal period p
    const minimal: Record<number, number> = { 1: 2, 2: 2, 3: 6, 4: 12, 5: 30, 6: 54, 7: 126, 8: 240 };
    for (let p = 1; p <= 8; p++) {
      const pts = [...r.cycles, ...r.unverified].filter((c) => c.period === p).reduce((n, c) => n + c.points.length, 0);
      expect(pts, `period ${p}`).toBe(minimal[p]);
    }
    expect(r.periods).toEqual([3, 5, 7, 6, 8, 4, 2, 1]);
    expect(r.unverified.length).toBeGreaterThan(0);
    expect(r.notes.join(' ')).toMatch(/so unstable/);
    // the reported (verified) cycles pass the 1e-9 test; the unverified ones are true cycles of f all the same:
    // one step of f maps each point to the next to within rounding
    checkCycles(m, { ...r, cycles: r.cycles });
    for (const c of r.unverified) {
      for (let j = 0; j < c.period; j++) {
        const next = c.points[(j + 1) % c.period];
        expect(Math.abs(m.f(c.points[j]) - next)).toBeLessThan(1e-12);
      }
    }
  });

  it('Paper B’s Fig. 7 network has a fixed point and a stable 2-cycle, not a 3-cycle (the f⁴ bug)', () => {
    const m = new NetMap({ w: Float64Array.of(-1.8627, 0.376), b: Float64Array.of(0.8274, -0.8103), a: Float64Array.of(0.7913, -1.0071), c: 0 }, Act.Relu, 'identity');
    const r = periodicPoints(m, { maxPeriod: 8 });
    expect(r.periods).toEqual([2, 1]);
    expect(r.period3).toBe(false);
    expect(r.liYorke).toBe(false);
    expect(r.cycles.find((c) => c.period === 2)?.stability).toBe('stable');
    // what the notebook counted: more sign changes of f⁴ − x than of f − x, which is the 2-cycle
    const grid = periodicPoints(m, { maxPeriod: 4, forceGrid: true, window: [-1, 1], grid: 163 });
    expect(grid.periods).toEqual([2, 1]);
  });

  it('logistic r = 3.2: a stable 2-cycle and no 3-cycle; not Li–Yorke', () => {
    const m = new LogisticMap(3.2);
    const r = periodicPoints(m, { maxPeriod: 8 });
    expect(r.method).toBe('grid');
    expect(r.periods).toEqual([2, 1]);
    const two = r.cycles.find((c) => c.period === 2)!;
    expect(two.stability).toBe('stable');
    expect(two.multiplier).toBeCloseTo(4 + 2 * 3.2 - 3.2 * 3.2, 9);
    expect(r.period3).toBe(false);
    expect(r.liYorke).toBe(false);
    checkCycles(m, r);
  });

  it('logistic r = 3.83: a stable 3-cycle (the period-3 window), so every period exists', () => {
    const m = new LogisticMap(3.83);
    const r = periodicPoints(m, { maxPeriod: 8 });
    const threes = r.cycles.filter((c) => c.period === 3);
    expect(threes.length).toBe(2); // the stable one and its unstable saddle-node partner
    expect(threes.some((c) => c.stability === 'stable')).toBe(true);
    expect(r.period3).toBe(true);
    expect(r.liYorke).toBe(true);
    // Sharkovsky: period 3 implies all periods
    for (let p = 1; p <= 8; p++) expect(r.periods).toContain(p);
    checkCycles(m, r);
  });

  it('exact and grid methods agree on random ReLU networks', () => {
    let compared = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const net = drawNet1d('he', 6, seed, 2.5, 1);
      const m = new NetMap(net, Act.Relu, 'clip');
      const ex = periodicPoints(m, { maxPeriod: 4 });
      const gr = periodicPoints(m, { maxPeriod: 4, forceGrid: true, grid: 100001, window: [0, 1] });
      expect(ex.method).toBe('exact');
      expect(gr.method).toBe('grid');
      // the grid can only miss roots (tangencies, flat pieces on the diagonal), never invent them
      for (const c of gr.cycles) expect(ex.cycles.some((e) => e.period === c.period && Math.abs(e.points[0] - c.points[0]) < 1e-7)).toBe(true);
      // transversal cycles (|multiplier| ≠ 1, not at a clip edge) are found by both
      for (const c of ex.cycles) {
        if (Math.abs(Math.abs(c.multiplier) - 1) < 1e-6 || c.multiplier === 0) continue;
        expect(gr.cycles.some((g) => g.period === c.period && Math.abs(g.points[0] - c.points[0]) < 1e-7), `seed ${seed} period ${c.period}`).toBe(true);
        compared++;
      }
      checkCycles(m, ex);
      checkCycles(m, gr);
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('every reported cycle is a true cycle of its minimal period, for any model', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACTIVATIONS),
        fc.constantFrom(...OUTPUTS),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (act, out, k, g, seed) => {
          const m = new NetMap(drawNet1d('he', k, seed, g, 1), actCode(act), out);
          const r = periodicPoints(m, { maxPeriod: 5, grid: 4001 });
          checkCycles(m, r);
          for (const c of r.cycles) expect(c.points.length).toBe(c.period);
        },
      ),
      { numRuns: 60 },
    );
  }, 30_000); // a property test: many random models (slow on a loaded machine)

  it('reports a continuum instead of listing infinitely many cycles', () => {
    // f(x) = −x (linear unit): every point has period 2
    const m = new NetMap({ w: Float64Array.of(1), b: Float64Array.of(0), a: Float64Array.of(-1), c: 0 }, Act.Linear, 'identity');
    const r = periodicPoints(m, { maxPeriod: 4 });
    expect(r.continuum).toContain(2);
    expect(r.cycles.filter((c) => c.period === 1).map((c) => c.points[0])).toEqual([0]);
  });

  it('iterate stops at divergence', () => {
    expect(Number.isNaN(iterate(new LogisticMap(4), 2, 50))).toBe(true);
  });
});

describe('at a period-doubling bifurcation', () => {
  /** The logistic map's 2-cycle, the roots of r²x² − r(r+1)x + (r+1) = 0 (real for r > 3). */
  const twoCycle = (r: number) => {
    const s = Math.sqrt((r + 1) * (r - 3));
    return [(r + 1 - s) / (2 * r), (r + 1 + s) / (2 * r)];
  };

  it('logistic r = 3: no 2-cycle (2/3 is a triple root of f²(x) − x, found twice within its conditioning)', () => {
    const res = periodicPoints(new LogisticMap(3), { maxPeriod: 4 });
    expect(res.cycles.filter((c) => c.period === 2)).toEqual([]);
    expect(res.cycles.map((c) => c.period)).toEqual([1, 1]);
    const fixed = res.cycles.find((c) => c.points[0] > 0.5)!;
    expect(fixed.points[0]).toBeCloseTo(2 / 3, 12);
    expect(fixed.multiplier).toBeCloseTo(-1, 12);
  });

  it('just past it (r = 3.0001, 3.01) the born 2-cycle is found, at its closed-form points', () => {
    for (const r of [3.0001, 3.01]) {
      const two = periodicPoints(new LogisticMap(r), { maxPeriod: 4 }).cycles.filter((c) => c.period === 2);
      expect(two).toHaveLength(1);
      const [a, b] = twoCycle(r);
      expect(two[0].points[0]).toBeCloseTo(a, 9);
      expect(two[0].points[1]).toBeCloseTo(b, 9);
      // its multiplier 4 + 2r − r² → 1 as r → 3
      expect(two[0].multiplier).toBeCloseTo(4 + 2 * r - r * r, 6);
    }
  });
});
