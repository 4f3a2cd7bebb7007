/**
 * Columns as a matrix (issue #17): a batch of RNN columns against itself
 * (bit for bit, whatever the other columns, with the wasm kernels and the
 * JavaScript ones) and against the one-column maps (within rounding where
 * the columns differ in g: a batch computes g·(W·h), the map (g·W)·h; bit
 * for bit where they share g, as a batch over σ_b or the input amplitude).
 */
import { describe, expect, it } from 'vitest';
import { buildColumnsND, buildMapND, type ModelParams } from '../../../src/core/models';
import { runColumnBatch, startTangent, type ColumnBatchResult, type ColumnProjection } from '../../../src/core/vector/columnBatch';
import { runColumnND, runColumnsND, histogramColumnsND, probeRangeND, projectionFor, theoryColumns, windowOfColumns, type SweepBaseND } from '../../../src/core/vector/diagramND';
import { decodeHash } from '../../../src/params/url';
import { diagramJob } from '../../../src/params/requests';
import { meanField } from '../../../src/core/vector/meanField';
import { allocHistogram } from '../../../src/core/map1d/bifurcation';
import { kernelsActive, setKernelsEnabled } from '../../../src/core/linalg/simd';
import { Rng } from '../../../src/core/linalg/rng';

const rnn: ModelParams = { model: 'rnn', act: 'tanh', g: 2, sb: 0.1, k: 24, seed: 3, wl: 'gauss', inp: 'none', ia: 0.5, ip: 20, a: 1.4, b: 0.3, x0: 0.1, out: 'identity', init: 'he', w: 1, r: 3.7, mu: 1.9 };
const meanProj = (n: number): ColumnProjection => ({ w: new Float64Array(n).fill(1 / n), centre: new Float64Array(n) });

function run(p: ModelParams, param: 'g' | 'sb' | 'ia', values: number[], transient: number, keep: number, proj: ColumnProjection | null): { r: ColumnBatchResult; pts: Float64Array } {
  const batch = buildColumnsND(p, null, param, values)!;
  expect(batch).not.toBeNull();
  const pts = new Float64Array(values.length * keep);
  const r = runColumnBatch(batch, { transient, keep, pts, proj });
  return { r, pts };
}

/** Column c of a run as plain arrays (for toEqual: bit for bit, NaN equal to NaN). */
function columnOf(x: { r: ColumnBatchResult; pts: Float64Array }, c: number, keep: number) {
  return { n: x.r.recorded[c], diverged: x.r.diverged[c], lambda: x.r.lambda[c], se: x.r.lambdaStderr[c], pts: [...x.pts.subarray(c * keep, (c + 1) * keep)] };
}

describe('a column does not depend on its batch', () => {
  const cases: { name: string; p: ModelParams; param: 'g' | 'sb' | 'ia'; values: number[] }[] = [
    { name: 'tanh over g (odd count, the fused kernel)', p: rnn, param: 'g', values: [0.3, 0.9, 1.4, 2.2, 3.1, 4.5, 7] },
    { name: 'tanh over σ_b, sine input', p: { ...rnn, inp: 'sine', ia: 0.8, ip: 7 }, param: 'sb', values: [0, 0.5, 1, 2, 3] },
    { name: 'tanh over g, 19 columns (the fused kernel’s blocks of 8, then a pair and an odd one)', p: rnn, param: 'g', values: Array.from({ length: 19 }, (_, i) => 0.3 + 0.35 * i) },
    { name: 'tanh over the input amplitude, sine input, 10 columns (a block of 8 and a pair)', p: { ...rnn, inp: 'sine', ip: 9 }, param: 'ia', values: Array.from({ length: 10 }, (_, i) => 0.25 * i) },
    { name: 'tanh over the input amplitude, constant input', p: { ...rnn, inp: 'const' }, param: 'ia', values: [-1, 0, 0.4, 2] },
    { name: 'ReLU over g, some columns diverge', p: { ...rnn, act: 'relu', sb: 0.5 }, param: 'g', values: [0.5, 1.2, 1.6, 2.5, 6] },
    { name: 'sine over g, projected on one unit', p: { ...rnn, act: 'sin' }, param: 'g', values: [0.5, 1.5, 3] },
    { name: "Paper A's PLRNN over g (some columns diverge)", p: { ...rnn, model: 'plrnn', k: 20 }, param: 'g', values: [0.5, 1, 2, 3.5, 8] },
  ];
  for (const { name, p, param, values } of cases)
    it(name, () => {
      const keep = 150;
      const proj = name.includes('one unit') ? { w: Float64Array.from({ length: p.k }, (_, i) => (i === 5 ? 1 : 0)), centre: new Float64Array(p.k) } : meanProj(p.k);
      const all = run(p, param, values, 200, keep, proj);
      for (let c = 0; c < values.length; c++) {
        const alone = run(p, param, [values[c]], 200, keep, proj);
        expect(columnOf(all, c, keep)).toEqual(columnOf(alone, 0, keep));
      }
      // the JavaScript kernels: the same bits
      expect(kernelsActive()).toBe(true);
      setKernelsEnabled(false);
      try {
        const js = run(p, param, values, 200, keep, proj);
        for (let c = 0; c < values.length; c++) expect(columnOf(js, c, keep)).toEqual(columnOf(all, c, keep));
      } finally {
        setKernelsEnabled(true);
      }
      if (p.act === 'relu') {
        expect(all.r.diverged[values.length - 1]).toBe(1);
        expect(all.r.diverged[0]).toBe(0);
        expect(all.r.lambda[values.length - 1]).toBeNaN();
      }
    });

  it('a centred projection (PC1-like) against its definition', () => {
    const n = rnn.k;
    const rng = new Rng(5);
    const proj = { w: Float64Array.from({ length: n }, () => rng.normal()), centre: Float64Array.from({ length: n }, () => 0.1 * rng.normal()) };
    const keep = 40;
    const a = run(rnn, 'g', [1.5, 2.5], 100, keep, proj);
    const b = run(rnn, 'g', [1.5, 2.5], 100, keep, null);
    expect([...a.r.lambda]).toEqual([...b.r.lambda]);
    // the projection of the final state of a 1-step-longer run equals the last recorded point
    const batch = buildColumnsND(rnn, null, 'g', [1.5])!;
    const X = new Float64Array(n);
    const Xn = new Float64Array(n);
    batch.initialStates(X);
    for (let t = 0; t < 100 + keep; t++) {
      batch.step(X, Xn, t);
      X.set(Xn);
    }
    let y = 0;
    for (let i = 0; i < n; i++) y += proj.w[i] * (X[i] - proj.centre[i]);
    expect(a.pts[keep - 1]).toBe(y);
  });
});

describe('against the one-column maps', () => {
  it('one step: g·(W·h) and (g·W)·h agree to a few ulps of Σ|g·Wᵢⱼ·hⱼ|', () => {
    for (const act of ['tanh', 'relu', 'sigmoid'] as const) {
      const p = { ...rnn, act, k: 40 };
      const gs = [0.7, 1.9, 3.3];
      const batch = buildColumnsND(p, null, 'g', gs)!;
      const n = p.k;
      const rng = new Rng(9);
      const x = Float64Array.from({ length: n }, () => rng.normal());
      const X = new Float64Array(n * gs.length);
      for (let i = 0; i < n; i++) for (let c = 0; c < gs.length; c++) X[i * gs.length + c] = x[i];
      const Xn = new Float64Array(n * gs.length);
      batch.step(X, Xn, 0);
      for (let c = 0; c < gs.length; c++) {
        const map = buildMapND({ ...p, g: gs[c] });
        const next = new Float64Array(n);
        map.step(x, next, 0);
        const W = (map as unknown as { Wg: Float64Array }).Wg;
        for (let i = 0; i < n; i++) {
          let abs = 0;
          for (let j = 0; j < n; j++) abs += Math.abs(W[i * n + j] * x[j]);
          expect(Math.abs(Xn[i * gs.length + c] - next[i])).toBeLessThanOrEqual(4 * n * 2.2e-16 * abs + 2.2e-16);
        }
      }
    }
  });

  it('the PLRNN: one step and whole runs as the one-column map (ordered columns to 1e-12)', () => {
    const p = { ...rnn, model: 'plrnn' as const, k: 16 };
    const gs = [0.6, 1.3, 2.6];
    const batch = buildColumnsND(p, null, 'g', gs)!;
    const n = p.k;
    const rng = new Rng(4);
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const X = new Float64Array(n * gs.length);
    for (let i = 0; i < n; i++) for (let c = 0; c < gs.length; c++) X[i * gs.length + c] = x[i];
    const Xn = new Float64Array(n * gs.length);
    const q = Float64Array.from({ length: n }, () => rng.normal());
    const Q = new Float64Array(n * gs.length);
    for (let i = 0; i < n; i++) for (let c = 0; c < gs.length; c++) Q[i * gs.length + c] = q[i];
    const Y = new Float64Array(n * gs.length);
    batch.tangentStep(X, Xn, Q, Y, 0);
    for (let c = 0; c < gs.length; c++) {
      const map = buildMapND({ ...p, g: gs[c] });
      const next = new Float64Array(n);
      const y = new Float64Array(n);
      map.tangentStep(x, next, q, y, 1, 0, false);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(Xn[i * gs.length + c] - next[i])).toBeLessThan(1e-14 * (1 + Math.abs(next[i])) * n);
        expect(Math.abs(Y[i * gs.length + c] - y[i])).toBeLessThan(1e-14 * (1 + Math.abs(y[i])) * n);
      }
    }
    const keep = 1500;
    const b = run(p, 'g', gs, 300, keep, meanProj(n));
    for (let c = 0; c < gs.length; c++) {
      const one = runColumnND(buildMapND({ ...p, g: gs[c] }), meanProj(n), 300, keep, new Float64Array(keep), 0);
      expect(b.r.diverged[c] === 1).toBe(one.diverged);
      if (one.lambda < -0.05) expect(Math.abs(b.r.lambda[c] - one.lambda)).toBeLessThan(1e-12);
      else if (!one.diverged) expect(Math.abs(b.r.lambda[c] - one.lambda)).toBeLessThan(4 * Math.hypot(b.r.lambdaStderr[c], one.lambdaStderr) + 1e-9);
    }
  });

  it('whole runs: the same λ_max (stable columns to 1e-12, chaotic ones within their error bars), the same start tangent', () => {
    const p = { ...rnn, k: 32 };
    const gs = [0.5, 0.8, 2.5, 3.5];
    const keep = 2000;
    const proj = meanProj(p.k);
    const b = run(p, 'g', gs, 300, keep, proj);
    for (let c = 0; c < gs.length; c++) {
      const pts = new Float64Array(keep);
      const one = runColumnND(buildMapND({ ...p, g: gs[c] }), proj, 300, keep, pts, 0);
      expect(one.n).toBe(keep);
      expect(b.r.recorded[c]).toBe(keep);
      if (one.lambda < -0.05) {
        expect(Math.abs(b.r.lambda[c] - one.lambda)).toBeLessThan(1e-12);
        // on the fixed point, the projected states agree to rounding
        expect(Math.abs(b.pts[c * keep + keep - 1] - pts[keep - 1])).toBeLessThan(1e-13);
      } else {
        expect(one.lambda).toBeGreaterThan(0);
        expect(Math.abs(b.r.lambda[c] - one.lambda)).toBeLessThan(4 * Math.hypot(b.r.lambdaStderr[c], one.lambdaStderr));
      }
    }
    // the start vector is SpectrumRun's (seeded normals, normalised)
    const q = startTangent(8);
    expect(q.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 14);
  });

  it('columns of one g (over σ_b or the input amplitude) are the one-column runs bit for bit: λ_max, error, points, divergence', () => {
    const cases: { p: ModelParams; param: 'sb' | 'ia'; values: number[] }[] = [
      { p: { ...rnn, k: 32, g: 2.5 }, param: 'sb', values: [0, 0.3, 1, 2.5, 4] },
      { p: { ...rnn, k: 20, g: 1.7, inp: 'sine', ip: 9 }, param: 'ia', values: [0, 0.4, 1.1, 3] },
      { p: { ...rnn, k: 16, g: 1.1, act: 'relu' }, param: 'sb', values: [0, 0.5, 2, 5] },
      { p: { ...rnn, k: 16, g: 9, act: 'relu', sb: 0.5 }, param: 'ia', values: [0, 1] }, // both diverge
      { p: { ...rnn, k: 6, g: 3 }, param: 'sb', values: [0.2, 1.5] }, // below the arena's size: the JavaScript kernels
    ];
    for (const { p, param, values } of cases) {
      const keep = 400;
      const proj = meanProj(p.k);
      const b = run(p, param, values, 150, keep, proj);
      for (let c = 0; c < values.length; c++) {
        const pts = new Float64Array(keep);
        const one = runColumnND(buildMapND({ ...p, [param]: values[c] }), proj, 150, keep, pts, 0);
        const col = columnOf(b, c, keep);
        expect(col.diverged === 1).toBe(one.diverged);
        expect(col.n).toBe(one.n);
        expect(col.pts.slice(0, one.n)).toEqual([...pts.subarray(0, one.n)]);
        if (!one.diverged) expect([col.lambda, col.se]).toEqual([one.lambda, one.lambdaStderr]);
      }
      if (p.g === 9) expect([...b.r.diverged]).toEqual([1, 1]);
    }
  });

  it('a divergent ReLU column stops at the step the one-column run stops (±1 for rounding)', () => {
    const p = { ...rnn, act: 'relu' as const, sb: 0.5, k: 16 };
    const b = run(p, 'g', [8], 0, 400, meanProj(16));
    const one = runColumnND(buildMapND({ ...p, g: 8 }), meanProj(16), 0, 400, new Float64Array(400), 0);
    expect(one.diverged).toBe(true);
    expect(b.r.diverged[0]).toBe(1);
    expect(Math.abs(b.r.recorded[0] - one.n)).toBeLessThanOrEqual(1);
  });
});

describe('the orbit diagram', () => {
  const base: SweepBaseND = { params: rnn, imported: null, param: 'g', transient: 200, keep: 100, proj: 'mean', unit: 0 };
  const values = Float64Array.from({ length: 13 }, (_, j) => 0.25 + 0.3 * j);

  it('batches whatever the shares: one histogram from any split of the columns', () => {
    const proj = meanProj(rnn.k);
    const whole = allocHistogram(13, 40);
    histogramColumnsND(base, proj, values, 0, 13, -1, 1, 40, whole);
    const split = allocHistogram(13, 40);
    for (const [j0, j1] of [
      [0, 5],
      [5, 6],
      [6, 13],
    ])
      histogramColumnsND(base, proj, values, j0, j1, -1, 1, 40, split);
    expect([...split.counts]).toEqual([...whole.counts]);
    expect([...split.lambda]).toEqual([...whole.lambda]);
    expect([...split.period]).toEqual([...whole.period]);
    // a column count that is not a multiple of anything: 13 columns, each a full keep
    let total = 0;
    for (const c of whole.counts) total += c;
    expect(total + whole.outside).toBe(13 * 100);
  });

  it("its mean-field curve: λ_MF from the tabulated moments within 1e-10 of the quadrature's, the same on a second call (remembered)", () => {
    for (const act of ['tanh', 'sigmoid'] as const) {
      const b = { ...base, params: { ...rnn, act, sb: 0.3 } };
      const gs = Float64Array.from({ length: 40 }, (_, j) => 0.1 + 0.1 * j);
      const t = theoryColumns(b, gs)!;
      for (let j = 0; j < gs.length; j++) {
        const exact = meanField(act, gs[j] * gs[j], 0.09);
        expect(Math.abs(t[j] - exact.lambda), `${act} g = ${gs[j]}`).toBeLessThan(1e-10);
      }
      expect([...theoryColumns(b, gs)!]).toEqual([...t]);
    }
  });

  it('a model without a batch (Hénon) runs its columns one by one', () => {
    const henon = { ...base, params: { ...rnn, model: 'henon' as const }, param: 'a' as const };
    expect(buildColumnsND(henon.params, null, 'a', [1, 1.2])).toBeNull();
    const seen: number[] = [];
    runColumnsND(henon, { w: Float64Array.of(1, 0), centre: new Float64Array(2) }, Float64Array.of(1, 1.2, 1.4), 0, 3, (j, r) => {
      seen.push(j);
      expect(r.n).toBe(100);
    });
    expect(seen).toEqual([0, 1, 2]);
  });
});

describe('the vector orbit diagram’s state window', () => {
  it('leaves out a probe column far larger than the median one, and diverged columns', () => {
    const inf = Infinity;
    // columns of a bounded orbit around ±0.5, one on its way out (|y| ≈ 2·10⁵), one without points (diverged)
    const lo = Float64Array.of(-0.5, -0.4, -0.6, 1e3, inf, -0.45);
    const hi = Float64Array.of(0.5, 0.3, 0.55, 2e5, -inf, 0.5);
    expect(windowOfColumns(lo, hi)).toEqual([-0.6, 0.55]);
    // columns that grow steadily with the parameter stay (within 100× the median)
    expect(windowOfColumns(Float64Array.of(0, 0, 0, 0), Float64Array.of(1, 3, 10, 40))).toEqual([0, 40]);
  });

  it('a ReLU Elman stack just below its divergence: the window of the bounded columns, not 10⁵', () => {
    const base = diagramJob(decodeHash('#model=elman&act=relu&k=32&g=6').params, null, { cols: 200, rows: 100 }, false).nd!;
    // the probe's columns include a bounded stretch (g ≲ 2.9) and columns past the divergence
    const [y0, y1] = probeRangeND(base, projectionFor(base, 0, 4), 0, 4);
    expect(y1 - y0).toBeLessThan(10);
    expect(y1 - y0).toBeGreaterThan(0.01);
  });
});
