import { describe, expect, it } from 'vitest';
import { lapsOfIterates, iterateGraph, signChanges, countPieces, defaultWindow, dynamicalCore } from '../../../src/core/interval/laps';
import { persistence, perturb, lapsOfComposition } from '../../../src/core/interval/persistence';
import { scrambledPairs } from '../../../src/core/interval/scrambling';
import { gGrid, planTasks, runSweep, runTask, sampleSeed, wilson, type SweepConfig } from '../../../src/core/interval/sweep';
import { LogisticMap, NetMap, TentMap } from '../../../src/core/models';
import { Act } from '../../../src/core/models/activations';
import { Rng } from '../../../src/core/linalg/rng';
import { periodicPoints } from '../../../src/core/interval/periodic';
import { drawNet1d } from '../../../src/core/models';

const tentNet = { w: Float64Array.of(1, 1), b: Float64Array.of(0, -0.5), a: Float64Array.of(2, -4), c: 0 };
/** The minimal period-3 map of the digest (§4 item 4) on [1, 3]: x + 1 on [1, 2], 7 − 2x on [2, 3]. */
const period3Net = { w: Float64Array.of(1, 1), b: Float64Array.of(0, -2), a: Float64Array.of(1, -3), c: 1 };

describe('laps and crossings', () => {
  it('the tent network: laps of fᵗ = 2ᵗ for t ≤ 10, growth 2, entropy ln 2', () => {
    const r = lapsOfIterates(new NetMap(tentNet, Act.Relu, 'identity'), { T: 10, window: [0, 1] });
    expect(r.method).toBe('exact');
    expect(r.laps).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    // fᵗ − x changes sign 2ᵗ times: 2ᵗ fixed points of fᵗ
    expect(r.fixedPoints).toEqual(r.laps);
    // the level ½ is crossed 2ᵗ times (the peaks reach 1, the valleys 0)
    expect(r.crossings).toEqual(r.laps);
    expect(r.growthRate).toBeCloseTo(2, 10);
    expect(r.entropy).toBeCloseTo(Math.LN2, 10);
  });

  it('the minimal period-3 map: Fibonacci lap counts, growth → golden ratio, entropy ln φ', () => {
    const m = new NetMap(period3Net, Act.Relu, 'identity');
    expect(m.f(1)).toBe(2);
    expect(m.f(2)).toBe(3);
    expect(m.f(3)).toBe(1);
    const r = lapsOfIterates(m, { T: 14, window: [1, 3] });
    expect(r.laps).toEqual([2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987]);
    const phi = (1 + Math.sqrt(5)) / 2;
    expect(r.laps[13] / r.laps[12]).toBeCloseTo(phi, 5);
    expect(r.growthRate).toBeCloseTo(phi, 3);
    expect(r.entropy).toBeCloseTo(0.4812, 3);
    // and it has a 3-cycle {1, 2, 3}
    const p = periodicPoints(m, { maxPeriod: 3 });
    expect(p.cycles.some((c) => c.period === 3 && c.points.join() === '1,2,3')).toBe(true);
  });

  it('grid counts for a smooth map are a lower bound that matches where resolved', () => {
    // logistic r = 4 is conjugate to the tent map: 2ᵗ laps on [0, 1]
    const r = lapsOfIterates(new LogisticMap(4), { T: 8, window: [0, 1], grid: 200001 });
    expect(r.method).toBe('grid');
    expect(r.laps).toEqual([2, 4, 8, 16, 32, 64, 128, 256]);
    // 2ᵗ fixed points of fᵗ; on a grid, a lower bound (the steepest corners may hide a pair)
    r.fixedPoints.forEach((n, i) => expect(n).toBeLessThanOrEqual(r.laps[i]));
    expect(r.fixedPoints.slice(0, 6)).toEqual(r.laps.slice(0, 6));
    expect(r.growthRate).toBeCloseTo(2, 6);
  });

  it('exact and grid lap counts agree for a ReLU map', () => {
    const m = new NetMap(drawNet1d('he', 6, 11, 2, 1), Act.Relu, 'clip');
    const ex = lapsOfIterates(m, { T: 5, window: [0, 1] });
    const gr = lapsOfIterates(m, { T: 5, window: [0, 1], forceGrid: true, grid: 400001 });
    expect(gr.laps).toEqual(ex.laps);
  });

  it('the graph of fᵗ is exact (corner points) for PL maps', () => {
    const g = iterateGraph(new TentMap(2), [0, 1], 3);
    expect(g.exact).toBe(true);
    expect(g.xs.length).toBe(9);
    expect([...g.ys]).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('the window of an unbounded ReLU map is its dynamical core', () => {
    expect(defaultWindow(new NetMap(tentNet, Act.Relu, 'identity'))).toEqual([0, 1]);
    expect(defaultWindow(new NetMap(period3Net, Act.Relu, 'identity'))).toEqual([1, 3]);
    expect(lapsOfIterates(new NetMap(period3Net, Act.Relu, 'identity'), { T: 8 }).laps).toEqual([2, 3, 5, 8, 13, 21, 34, 55]);
    expect(dynamicalCore([{ a: -Infinity, b: Infinity, s: 2, r: 0 }])).toBeNull();
    // an expanding map whose core keeps growing: none
    expect(dynamicalCore([{ a: -Infinity, b: 0, s: -3, r: 0 }, { a: 0, b: Infinity, s: 3, r: 0 }])).toBeNull();
    // default: the laps of the tent network are 2ᵗ without giving a window
    expect(lapsOfIterates(new NetMap(tentNet, Act.Relu, 'identity'), { T: 6 }).laps).toEqual([2, 4, 8, 16, 32, 64]);
  });

  it('sign changes ignore zeros', () => {
    expect(signChanges([1, 0, -1, 0, 0, -2, 3])).toBe(2);
    expect(signChanges([0, 0])).toBe(0);
    expect(countPieces([{ a: 0, b: 1, s: 1, r: 0 }], 0.5)).toEqual({ laps: 1, crossings: 1, fixed: 0 });
    expect(countPieces([{ a: 0, b: 1, s: 2, r: 0 }], 0.5).fixed).toBe(1);
  });
});

describe('persistence under perturbation', () => {
  it('σ = 0: recurrent and feed-forward compositions are the same map (2⁶ laps)', () => {
    const r = persistence(tentNet, Act.Relu, 'identity', [0, 1], { t: 6, sigmas: [0], draws: 3 });
    expect(r.recurrent[0]).toEqual({ mean: 64, min: 64, max: 64 });
    expect(r.feedforward[0]).toEqual({ mean: 64, min: 64, max: 64 });
  });

  it('perturbed: the recurrent net keeps more laps than the feed-forward stack (Paper B)', () => {
    const r = persistence(tentNet, Act.Relu, 'identity', [0, 1], { t: 6, sigmas: [0.1, 0.2], draws: 40, seed: 3 });
    for (let i = 0; i < 2; i++) expect(r.recurrent[i].mean).toBeGreaterThan(r.feedforward[i].mean);
  });

  it('perturb is reproducible and has the asked spread', () => {
    const a = perturb(tentNet, 0.1, new Rng(5));
    const b = perturb(tentNet, 0.1, new Rng(5));
    expect([...a.w]).toEqual([...b.w]);
    const many: number[] = [];
    const rng = new Rng(9);
    for (let i = 0; i < 5000; i++) many.push(perturb(tentNet, 0.1, rng).c);
    const v = many.reduce((s, x) => s + x * x, 0) / many.length;
    expect(Math.sqrt(v)).toBeCloseTo(0.1, 2);
    expect(lapsOfComposition([new NetMap(tentNet, Act.Relu, 'identity')], [0, 1])).toBe(2);
  });
});

describe('scrambled pairs', () => {
  it('most nearby pairs of the detuned tent map scramble; none of a contracting map do', () => {
    const detuned = new NetMap({ w: Float64Array.of(1, 1), b: Float64Array.of(1e-5, -0.502), a: Float64Array.of(1.9999, -4), c: 0 }, Act.Relu, 'identity');
    const r = scrambledPairs(detuned, [0, 1], { pairs: 100, d0: 1e-7, T1: 50, T2: 3000, eps: 1e-3, eta: 0.1 });
    expect(r.counted).toBe(100);
    expect(r.fraction).toBeGreaterThan(0.8);
    // pairs that merge for good are not scrambled: the exact tent map collapses onto 0 in floating point
    const merged = scrambledPairs(new NetMap(tentNet, Act.Relu, 'identity'), [0, 1], { pairs: 100, d0: 1e-7, T1: 50, T2: 3000 });
    expect(merged.scrambled).toBe(0);
    const calm = scrambledPairs(new LogisticMap(2.8), [0.1, 0.9], { pairs: 50 });
    expect(calm.scrambled).toBe(0);
    expect(calm.eta).toBeCloseTo(0.08, 12);
  });
});

describe('chaos-probability sweep', () => {
  const cfg: SweepConfig = { act: 'relu', out: 'identity', init: 'he', sb: 1, seed: 7, widths: [2, 16], gs: gGrid(0.5, 3.5, 4), samples: 30 };

  it('is reproducible for a fixed seed, whatever the batching', () => {
    const a = runSweep(cfg).counts;
    const b = runSweep(cfg).counts;
    expect(a).toEqual(b);
    // the same counts when done in batches of 7 (as the worker pool does)
    const c = cfg.widths.map(() => cfg.gs.map(() => ({ n: 0, p3: 0, p2: 0 })));
    for (const t of planTasks(cfg, 7)) {
      const r = runTask(cfg, t);
      c[t.ki][t.gi].n += r.n;
      c[t.ki][t.gi].p3 += r.p3;
      c[t.ki][t.gi].p2 += r.p2;
    }
    expect(c).toEqual(a);
    expect(a[1][0].n).toBe(30);
  });

  it('period 3 implies a 2-cycle (Sharkovsky), so P(3) ≤ P(2) in every cell, and chaos grows with g', () => {
    const { counts } = runSweep({ ...cfg, samples: 60 });
    for (const row of counts) for (const c of row) expect(c.p3).toBeLessThanOrEqual(c.p2);
    for (const row of counts) expect(row[row.length - 1].p3).toBeGreaterThan(row[0].p3);
  });

  it('every network counted as having period 3 really has a 3-cycle', () => {
    let found = 0;
    for (let s = 0; s < 40; s++) {
      const net = drawNet1d('he', 8, sampleSeed(7, 8, s), 3, 1);
      const m = new NetMap(net, Act.Relu, 'identity');
      const r = periodicPoints(m, { maxPeriod: 3 });
      for (const c of r.cycles.filter((c) => c.period === 3)) {
        found++;
        let x = c.points[0];
        for (let i = 0; i < 3; i++) x = m.f(x);
        expect(Math.abs(x - c.points[0])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('Wilson intervals', () => {
    const [lo, hi] = wilson(10, 100);
    expect(lo).toBeCloseTo(0.0552, 3);
    expect(hi).toBeCloseTo(0.1744, 3);
    expect(wilson(0, 20)[0]).toBe(0);
    expect(wilson(20, 20)[1]).toBe(1);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
});
