/**
 * The gated networks' column batch (core/models/gatedColumns.ts, issue #17):
 * a column does not depend on its batch (any batch, wasm or JavaScript
 * kernels); over the input amplitude the columns are the one-column runs bit
 * for bit; over g they agree with them to rounding (a batch computes
 * g·(W_hh·h), the map (g·W_hh)·h).
 */
import { describe, expect, it } from 'vitest';
import { buildColumnsND, buildMapND, hasColumnBatch, hasExactColumnBatch, type ModelParams } from '../../../src/core/models';
import { runColumnBatch, type ColumnBatchResult, type ColumnProjection } from '../../../src/core/vector/columnBatch';
import { runColumnND } from '../../../src/core/vector/diagramND';
import { gatedColumns } from '../../../src/core/models/gatedColumns';
import { drawGated, gatedMap } from '../../../src/core/models/gated';
import { LSTM_SPEC } from '../../../src/core/models/lstm';
import { GRU_SPEC } from '../../../src/core/models/gru';
import { stateDimension } from '../../../src/core/models';
import { kernelsActive, setKernelsEnabled } from '../../../src/core/linalg/simd';
import { Rng } from '../../../src/core/linalg/rng';
import { repeatColumns } from '../../../src/core/linalg/dense';

const base: ModelParams = { model: 'gru', act: 'tanh', g: 1, sb: 0.1, k: 16, seed: 3, wl: 'gauss', inp: 'none', ia: 0.5, ip: 20, a: 1.4, b: 0.3, x0: 0.1, out: 'identity', init: 'he', w: 1, r: 3.7, mu: 1.9 };
const meanProj = (n: number): ColumnProjection => ({ w: new Float64Array(n).fill(1 / n), centre: new Float64Array(n) });

function run(p: ModelParams, param: 'g' | 'ia', values: number[], transient: number, keep: number): { r: ColumnBatchResult; pts: Float64Array } {
  const batch = buildColumnsND(p, null, param, values);
  expect(batch).not.toBeNull();
  const pts = new Float64Array(values.length * keep);
  const r = runColumnBatch(batch!, { transient, keep, pts, proj: meanProj(stateDimension(p, null)) });
  return { r, pts };
}

/** An n × C batch whose every column is x. */
function columnsOf(x: Float64Array, C: number): Float64Array {
  const X = new Float64Array(x.length * C);
  repeatColumns(x.length, C, x, X);
  return X;
}

function columnOf(x: { r: ColumnBatchResult; pts: Float64Array }, c: number, keep: number) {
  return { n: x.r.recorded[c], diverged: x.r.diverged[c], lambda: x.r.lambda[c], se: x.r.lambdaStderr[c], pts: [...x.pts.subarray(c * keep, (c + 1) * keep)] };
}

describe('gated column batches', () => {
  it('are registered for g and the input amplitude, bit for bit over the amplitude only', () => {
    for (const id of ['gru', 'lstm', 'elman'] as const) {
      expect(hasColumnBatch(id, 'g')).toBe(true);
      expect(hasColumnBatch(id, 'ia')).toBe(true);
      expect(hasExactColumnBatch(id, 'ia')).toBe(true);
      expect(hasExactColumnBatch(id, 'g')).toBe(false);
    }
  });

  const exactCases: { name: string; p: ModelParams; values: number[] }[] = [
    { name: 'GRU, sine input, 24 units (the wasm GEMM)', p: { ...base, k: 24, g: 3, inp: 'sine', ip: 9 }, values: [0, 0.4, 1.1, 3] },
    { name: 'LSTM, constant input (state h then c)', p: { ...base, model: 'lstm', k: 12, g: 4, inp: 'const' }, values: [-1, 0, 0.7] },
    { name: 'Elman stack (tanh), sine input', p: { ...base, model: 'elman', act: 'tanh', k: 16, g: 2.5, inp: 'sine', ip: 6 }, values: [0.2, 1.5, 3] },
    { name: 'Elman stack (ReLU) at a large g: every column diverges, at the same step', p: { ...base, model: 'elman', act: 'relu', k: 16, g: 6, inp: 'const' }, values: [0, 0.5] },
    { name: 'GRU of 4 units (below the arena: the JavaScript kernels)', p: { ...base, k: 4, g: 6, inp: 'sine', ip: 7 }, values: [0.5, 2] },
  ];
  for (const { name, p, values } of exactCases)
    it(`over the input amplitude, the one-column runs bit for bit: ${name}`, () => {
      const keep = 300;
      const b = run(p, 'ia', values, 120, keep);
      const n = stateDimension(p, null);
      for (let c = 0; c < values.length; c++) {
        const pts = new Float64Array(keep);
        const one = runColumnND(buildMapND({ ...p, ia: values[c] }), meanProj(n), 120, keep, pts, 0);
        const col = columnOf(b, c, keep);
        expect(col.diverged === 1).toBe(one.diverged);
        expect(col.n).toBe(one.n);
        expect(col.pts.slice(0, one.n)).toEqual([...pts.subarray(0, one.n)]);
        if (one.diverged) continue;
        expect([col.lambda, col.se]).toEqual([one.lambda, one.lambdaStderr]);
        expect(Number.isFinite(col.lambda)).toBe(true);
      }
      if (p.act === 'relu') expect([...b.r.diverged]).toEqual([1, 1]);
      // the columns differ (the amplitude matters), so the equality above is not vacuous
      else expect(new Set(values.map((_, c) => b.r.lambda[c])).size).toBe(values.length);
    });

  it('a column is the same in any batch, with the wasm kernels and the JavaScript ones', () => {
    const p: ModelParams = { ...base, model: 'lstm', k: 16, inp: 'sine', ip: 11, ia: 0.8 };
    const gs = [0.5, 2, 4.5, 7, 11];
    const keep = 200;
    const all = run(p, 'g', gs, 100, keep);
    for (let c = 0; c < gs.length; c++) expect(columnOf(all, c, keep)).toEqual(columnOf(run(p, 'g', [gs[c]], 100, keep), 0, keep));
    expect(kernelsActive()).toBe(true);
    setKernelsEnabled(false);
    try {
      const js = run(p, 'g', gs, 100, keep);
      for (let c = 0; c < gs.length; c++) expect(columnOf(js, c, keep)).toEqual(columnOf(all, c, keep));
    } finally {
      setKernelsEnabled(true);
    }
  });

  it('over g, one step and its tangent agree with the one-column map to rounding', () => {
    for (const model of ['gru', 'lstm', 'elman'] as const) {
      const p: ModelParams = { ...base, model, k: 20, inp: 'const', ia: 0.3 };
      const gs = [0.8, 2.5, 6];
      const batch = buildColumnsND(p, null, 'g', gs)!;
      const n = batch.n;
      const C = gs.length;
      const rng = new Rng(7);
      const x = Float64Array.from({ length: n }, () => rng.normal());
      const q = Float64Array.from({ length: n }, () => rng.normal());
      const X = columnsOf(x, C);
      const Q = columnsOf(q, C);
      const Xn = new Float64Array(n * C);
      const Y = new Float64Array(n * C);
      batch.tangentStep(X, Xn, Q, Y, 0);
      let differs = 0;
      for (let c = 0; c < C; c++) {
        const next = new Float64Array(n);
        const y = new Float64Array(n);
        buildMapND({ ...p, g: gs[c] }).tangentStep(x, next, q, y, 1, 0, false);
        for (let i = 0; i < n; i++) {
          expect(Math.abs(Xn[i * C + c] - next[i])).toBeLessThan(1e-13 * (1 + Math.abs(next[i])));
          expect(Math.abs(Y[i * C + c] - y[i])).toBeLessThan(1e-12 * (1 + Math.abs(y[i])));
          if (Y[i * C + c] !== y[i]) differs++;
        }
      }
      // g·(W·q) and (g·W)·q round differently somewhere: this is the "within rounding" case, not bitwise
      expect(differs).toBeGreaterThan(0);
    }
  });

  it('over g, whole runs give the one-column λ_max (ordered columns to 1e-11, chaotic ones within their error bars)', () => {
    const p: ModelParams = { ...base, k: 16 };
    const gs = [0.5, 2, 14];
    const keep = 1500;
    const b = run(p, 'g', gs, 300, keep);
    let chaotic = 0;
    for (let c = 0; c < gs.length; c++) {
      const one = runColumnND(buildMapND({ ...p, g: gs[c] }), meanProj(16), 300, keep, new Float64Array(keep), 0);
      expect(one.diverged).toBe(false);
      if (one.lambda < -0.02) expect(Math.abs(b.r.lambda[c] - one.lambda)).toBeLessThan(1e-11);
      else {
        chaotic++;
        expect(Math.abs(b.r.lambda[c] - one.lambda)).toBeLessThan(4 * Math.hypot(b.r.lambdaStderr[c], one.lambdaStderr) + 1e-9);
      }
    }
    // g = 0.5 is ordered (λ < 0); a strong g is chaotic for this GRU
    expect(b.r.lambda[0]).toBeLessThan(-0.02);
    expect(chaotic).toBeGreaterThan(0);
  });

  it('stacks of layers: over the input amplitude the one-column runs bit for bit, over g within rounding', () => {
    for (const [spec, H] of [[GRU_SPEC, 10], [LSTM_SPEC, 6]] as const) {
      const d = drawGated(spec.kind, H, 2, 5);
      const n = d.x0.length;
      expect(n).toBe(spec.kind === 'lstm' ? 4 * H : 2 * H);
      const p: ModelParams = { ...base, model: spec.kind, k: H, g: 5, inp: 'sine', ip: 8 };
      const input = { kind: 'sine' as const, amplitude: 0, period: 8 };
      const proj = meanProj(n);
      const keep = 300;
      const amps = [0.2, 1.4];
      const batch = gatedColumns(spec, d, p, 'ia', amps)!;
      expect(batch.n).toBe(n);
      const pts = new Float64Array(amps.length * keep);
      const b = runColumnBatch(batch, { transient: 100, keep, pts, proj });
      for (let c = 0; c < amps.length; c++) {
        const onePts = new Float64Array(keep);
        const one = runColumnND(gatedMap(spec, d, p.g, { ...input, amplitude: amps[c] }), proj, 100, keep, onePts, 0);
        expect(one.diverged).toBe(false);
        expect([...pts.subarray(c * keep, (c + 1) * keep)]).toEqual([...onePts]);
        expect([b.lambda[c], b.lambdaStderr[c]]).toEqual([one.lambda, one.lambdaStderr]);
      }
      expect(b.lambda[0]).not.toBe(b.lambda[1]);
      // over g: one step and its tangent to rounding
      const gs = [0.7, 4, 9];
      const gb = gatedColumns(spec, d, { ...p, inp: 'const', ia: 0.4 }, 'g', gs)!;
      const C = gs.length;
      const rng = new Rng(3);
      const x = Float64Array.from({ length: n }, () => rng.normal());
      const q = Float64Array.from({ length: n }, () => rng.normal());
      const X = columnsOf(x, C);
      const Q = columnsOf(q, C);
      const Xn = new Float64Array(n * C);
      const Y = new Float64Array(n * C);
      gb.tangentStep(X, Xn, Q, Y, 0);
      for (let c = 0; c < C; c++) {
        const next = new Float64Array(n);
        const yy = new Float64Array(n);
        gatedMap(spec, d, gs[c], { kind: 'const', amplitude: 0.4, period: 1 }).tangentStep(x, next, q, yy, 1, 0, false);
        for (let i = 0; i < n; i++) {
          expect(Math.abs(Xn[i * C + c] - next[i])).toBeLessThan(1e-13 * (1 + Math.abs(next[i])));
          expect(Math.abs(Y[i * C + c] - yy[i])).toBeLessThan(1e-12 * (1 + Math.abs(yy[i])));
        }
      }
    }
  });

  it('varies only g and the input amplitude', () => {
    expect(gatedColumns(GRU_SPEC, drawGated('gru', 8, 1, 1), base, 'sb', [1, 2])).toBeNull();
    expect(gatedColumns(GRU_SPEC, drawGated('gru', 8, 1, 1), base, 'g', [1, 2])).not.toBeNull();
  });
});
