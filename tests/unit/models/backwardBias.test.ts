/**
 * The bias gradient of a map's backward pass (`DiffModel.backward`'s gBias,
 * which the training lab trains) against central finite differences of
 * L = w·F(x) in each bias entry; and gBias leaves grad and gx as they are
 * without it.
 */
import { describe, expect, it } from 'vitest';
import { PlrnnMap, RnnMap, drawPlrnn, drawRnn, type DiffModel } from '../../../src/core/models';

function check(name: string, model: DiffModel, bias: Float64Array, x: Float64Array) {
  const n = model.n;
  const w = Float64Array.from({ length: n }, (_, i) => Math.cos(1 + 2.3 * i));
  const out = new Float64Array(n);
  const loss = () => {
    model.step(x, out, 3);
    return out.reduce((s, v, i) => s + v * w[i], 0);
  };
  const gBias = new Float64Array(n);
  const grad = new Float64Array(model.theta.length);
  const gx = new Float64Array(n);
  model.backward(x, 3, w, grad, gx, gBias);
  const grad0 = new Float64Array(model.theta.length);
  const gx0 = new Float64Array(n);
  model.backward(x, 3, w, grad0, gx0);
  expect(Array.from(grad), name).toEqual(Array.from(grad0));
  expect(Array.from(gx), name).toEqual(Array.from(gx0));
  for (let i = 0; i < n; i++) {
    const v = bias[i];
    const h = 1e-6;
    bias[i] = v + h;
    const lp = loss();
    bias[i] = v - h;
    const lm = loss();
    bias[i] = v;
    expect(Math.abs(gBias[i] - (lp - lm) / (2 * h)), `${name} b[${i}]`).toBeLessThan(1e-8);
  }
}

describe('DiffModel.backward: the bias gradient', () => {
  it('tanh RNN and PLRNN: ∂L/∂b equals finite differences', () => {
    const rd = drawRnn(5, 'gauss', 3, 0.4);
    check('rnn', new RnnMap(rd.weights, 1.7, 'tanh', rd.h0, rd.v), rd.weights.b, rd.h0);
    const pl = drawPlrnn(5, 2);
    const x = pl.z0.map((v, i) => v + (i % 2 ? 0.4 : -0.4));
    check('plrnn', new PlrnnMap(pl.weights, 1.3, pl.z0), pl.weights.h, x);
  });
});
