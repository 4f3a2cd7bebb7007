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

/**
 * Every cycle is a cycle of f of that minimal period. One step of f maps each
 * point to the next to within rounding, and the points are distinct; where the
 * cycle is not too unstable for it (|Π f′| < 10⁶), fᵖ(x) = x to 1e-9 by
 * iterating and fᵠ(x) ≠ x for q < p.
 */
function checkCycles(map: { f(x: number): number }, r: PeriodicResult) {
  for (const c of r.cycles) {
    expect(new Set(c.points).size).toBe(c.period);
    for (let j = 0; j < c.period; j++) {
      const x = c.points[j];
      expect(Math.abs(map.f(x) - c.points[(j + 1) % c.period])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
    }
    if (!(Math.abs(c.multiplier) < 1e6)) continue;
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
    // what the notebook counted: more roots of f⁴ − x than of f − x, which is the 2-cycle
    const cert = periodicPoints(m, { maxPeriod: 4, forceCertified: true, window: [-1, 1] });
    expect(cert.method).toBe('certified');
    expect(cert.periods).toEqual([2, 1]);
  });

  it('logistic r = 3.2: a stable 2-cycle and no 3-cycle; not Li–Yorke', () => {
    const m = new LogisticMap(3.2);
    const r = periodicPoints(m, { maxPeriod: 8 });
    expect(r.method).toBe('certified');
    expect(r.complete).toBe(true);
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

  it('exact and certified methods agree on random ReLU networks', () => {
    let compared = 0;
    let complete = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const net = drawNet1d('he', 6, seed, 2.5, 1);
      const m = new NetMap(net, Act.Relu, 'clip');
      const ex = periodicPoints(m, { maxPeriod: 4 });
      const ce = periodicPoints(m, { maxPeriod: 4, forceCertified: true, maxCells: 50_000 });
      expect(ex.method).toBe('exact');
      expect(ce.method).toBe('certified');
      const all = (r: PeriodicResult) => [...r.cycles, ...r.unverified];
      const same = (a: { period: number; points: number[] }, b: { period: number; points: number[] }) => a.period === b.period && Math.abs(a.points[0] - b.points[0]) < 1e-9;
      // a proof never invents a cycle
      for (const c of all(ce)) expect(all(ex).some((e) => same(e, c)), `seed ${seed}: certified ${c.period}-cycle at ${c.points[0]}`).toBe(true);
      // and where it says complete, it found every cycle
      for (const c of all(ex)) {
        const found = all(ce).some((g) => same(g, c));
        if (!ce.incomplete.some((i) => i.period === c.period)) expect(found, `seed ${seed} period ${c.period}`).toBe(true);
        if (found) compared++;
      }
      if (ce.complete) complete++;
      checkCycles(m, ex);
      checkCycles(m, ce);
    }
    expect(compared).toBeGreaterThan(130);
    // a root on a kink or on the window's edge (clip's flat pieces put many fixed points at 0 or 1) is still proved
    expect(complete).toBeGreaterThan(70);
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
          const r = periodicPoints(m, { maxPeriod: 5, maxCells: 5_000 });
          checkCycles(m, r);
          for (const c of r.cycles) expect(c.points.length).toBe(c.period);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000); // a property test: many random models (slow on a loaded machine)

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

  it('logistic r = 3: no 2-cycle (2/3 is a triple root of f²(x) − x), and the list says it is not proved complete there', () => {
    const res = periodicPoints(new LogisticMap(3), { maxPeriod: 4 });
    expect(res.cycles.filter((c) => c.period === 2)).toEqual([]);
    expect(res.complete).toBe(false);
    const two = res.incomplete.find((i) => i.period === 2)!;
    expect(two.exhausted).toBe(false);
    // the undecided cells are a small neighbourhood of the tangency, not the rest of [0, 1]
    expect(two.cells.length).toBe(1);
    expect(two.cells[0][0]).toBeLessThan(2 / 3);
    expect(two.cells[0][1]).toBeGreaterThan(2 / 3);
    expect(two.cells[0][1] - two.cells[0][0]).toBeLessThan(1e-3);
    expect(res.notes.join(' ')).toMatch(/Periods 2 and 4 are not certified complete: fᵖ\(x\) − x could not be separated from 0 in \[0\.666/);
    expect(res.notes.join(' ')).toMatch(/tangency/);
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

/** Points of minimal period p of a map with 2ᵖ points of period p: Σ_{d|p} μ(p/d) 2^d. */
const MINIMAL_2P: Record<number, number> = { 1: 2, 2: 2, 3: 6, 4: 12, 5: 30, 6: 54, 7: 126, 8: 240 };

/** Cycles per period. */
const countsOf = (r: PeriodicResult) => {
  const n: Record<number, number> = {};
  for (const c of [...r.cycles, ...r.unverified]) n[c.period] = (n[c.period] ?? 0) + 1;
  return n;
};

/**
 * Independent of the interval proof: fᵖ(x) − x changes sign across each listed
 * point (so a root lies within δ of it, by the intermediate value theorem), and
 * the listed points of one period are more than 2δ apart (so the roots are
 * distinct). δ shrinks with the multiplier M: g moves by about |M − 1|·δ over
 * δ, and the roots of a steep fᵖ are about 1/|M| apart.
 */
function signChangesAtEveryPoint(map: { f(x: number): number }, r: PeriodicResult, delta: number) {
  const g = (x: number, p: number) => iterate(map as never, x, p) - x;
  for (let p = 1; p <= r.maxPeriod; p++) {
    const pts = r.cycles
      .filter((c) => c.period === p)
      .flatMap((c) => c.points.map((x) => ({ x, d: Math.min(delta * Math.max(1, Math.abs(x)), 0.25 / Math.abs(c.multiplier)) })))
      .sort((a, b) => a.x - b.x);
    for (let i = 0; i < pts.length; i++) {
      const { x, d } = pts[i];
      expect(Math.sign(g(x - d, p)) * Math.sign(g(x + d, p)), `period ${p} at ${x}`).toBe(-1);
      if (i > 0) expect(x - pts[i - 1].x).toBeGreaterThan(d + pts[i - 1].d);
    }
  }
}

describe('certified periodic points of smooth maps', () => {
  it('logistic r = 4: exactly 2ᵖ points of period p (the necklace counts), proved complete', () => {
    const m = new LogisticMap(4);
    const r = periodicPoints(m, { maxPeriod: 8 });
    expect(r.method).toBe('certified');
    expect(r.complete).toBe(true);
    expect(r.incomplete).toEqual([]);
    for (let p = 1; p <= 8; p++) {
      const pts = r.cycles.filter((c) => c.period === p).reduce((n, c) => n + c.points.length, 0);
      expect(pts, `period ${p}`).toBe(MINIMAL_2P[p]);
    }
    // conjugate to the tent map: x = sin²(πθ/2) with θ a periodic point of the tent map, θ = 2j/(2ᵖ ± 1)
    const fixed = r.cycles.filter((c) => c.period === 1).map((c) => c.points[0]);
    expect(fixed[0]).toBe(0);
    expect(fixed[1]).toBeCloseTo(0.75, 14);
    const three = r.cycles.filter((c) => c.period === 3).flatMap((c) => c.points).sort((a, b) => a - b);
    const want = [2 / 9, 4 / 9, 8 / 9, 2 / 7, 4 / 7, 6 / 7].map((t) => Math.sin((Math.PI * t) / 2) ** 2).sort((a, b) => a - b);
    three.forEach((x, i) => expect(x).toBeCloseTo(want[i], 12));
    // conjugacy away from the end points: every cycle but the fixed point 0 (f′(0) = 4) has |Π f′| = 2ᵖ
    for (const c of r.cycles) if (c.points[0] > 0) expect(Math.abs(c.multiplier) / 2 ** c.period).toBeCloseTo(1, 6);
    checkCycles(m, r);
    signChangesAtEveryPoint(m, r, 1e-9);
  });

  it('5·sin(x + 0.3): at least 901 cycles of period 8, each a sign change of f⁸(x) − x', () => {
    const m = new NetMap({ w: Float64Array.of(1), b: Float64Array.of(0.3), a: Float64Array.of(5), c: 0 }, Act.Sin, 'identity');
    const r = periodicPoints(m, { maxPeriod: 8 });
    expect(r.complete).toBe(true);
    expect(r.window).toEqual([expect.closeTo(-5, 9), expect.closeTo(5, 9)]);
    expect(countsOf(r)[8]).toBeGreaterThanOrEqual(901);
    checkCycles(m, r);
    signChangesAtEveryPoint(m, r, 1e-7);
  }, 60_000);

  it('the default network: 8 cycles of period 4, 18 of period 5, more than 107 of period 8, with the window stated', () => {
    const m = new NetMap(drawNet1d('he', 16, 6, 2.7, 1), Act.Tanh, 'identity');
    const r = periodicPoints(m, { maxPeriod: 8 });
    expect(r.method).toBe('certified');
    expect(r.complete).toBe(true);
    const n = countsOf(r);
    expect(n[4]).toBe(8);
    expect(n[5]).toBe(18);
    expect(n[8]).toBeGreaterThan(107);
    // the window is f's range, not the crude bound c ± Σ|aᵢ| (every periodic point is an image)
    const [lo, hi] = r.window!;
    let fmin = Infinity;
    let fmax = -Infinity;
    for (let i = 0; i <= 20000; i++) {
      const y = m.f(-20 + (40 * i) / 20000);
      fmin = Math.min(fmin, y);
      fmax = Math.max(fmax, y);
    }
    expect(lo).toBeLessThanOrEqual(fmin);
    expect(hi).toBeGreaterThanOrEqual(fmax);
    expect(hi - lo).toBeLessThan(1.01 * (fmax - fmin) + 1e-3);
    checkCycles(m, r);
    signChangesAtEveryPoint(m, r, 1e-9);
  }, 60_000);

  it('a spent cell budget is reported as such, not as a complete list', () => {
    const m = new NetMap({ w: Float64Array.of(1), b: Float64Array.of(0.3), a: Float64Array.of(5), c: 0 }, Act.Sin, 'identity');
    const r = periodicPoints(m, { maxPeriod: 8, maxCells: 1000 });
    expect(r.complete).toBe(false);
    const eight = r.incomplete.find((i) => i.period === 8)!;
    expect(eight.exhausted).toBe(true);
    expect(r.notes.join(' ')).toMatch(/Period 8 is not certified complete: the search budget ran out/);
    // what was listed is still proved
    checkCycles(m, r);
    expect(countsOf(r)[8] ?? 0).toBeLessThan(901);
  });
});
