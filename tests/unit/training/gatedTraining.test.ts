/**
 * The GRU and the LSTM of the training lab (issue #14, core/training/gatedTrain.ts):
 * hand-written BPTT gradients of every parameter (W_hh, the biases, B through
 * its pseudo-inverse) against central finite differences for plain BPTT,
 * sparse and generalised teacher forcing; forcing sets h and keeps the LSTM's
 * c; the trained model is the models' GatedMap (free run, λ_max); PyTorch's
 * initialisation from the seed; a short run lowers the loss.
 */
import { describe, expect, it } from 'vitest';
import { lorenzData } from '../../../src/core/training/trainData';
import { encode, generate, initParams, layoutOf, lossAndGrad, modelMap, pinv, trainableMask, type Forcing, type ModelLayout, type TrainModelKind } from '../../../src/core/training/trainModels';
import { Trainer } from '../../../src/core/training/trainLoop';
import { GatedMap } from '../../../src/core/models';
import { lyapunovSpectrum } from '../../../src/core/vector/spectrum';
import { Rng } from '../../../src/core/linalg/rng';
import { decodeHash } from '../../../src/params/url';

const lorenz = lorenzData();
const GATED: TrainModelKind[] = ['gru', 'lstm'];

/**
 * The largest relative error of the gradient against central differences (as
 * training.test.ts measures it), here the fourth-order central stencil
 * (8(L(θ+h) − L(θ−h)) − (L(θ+2h) − L(θ−2h)))/12h at h = 1e-4: its truncation
 * error is O(h⁴) and its rounding error ~ε·L/h, so it resolves 1e-6 where the
 * two-point difference at h = 1e-6 is itself only good to about that.
 */
function fdError(L: ModelLayout, th: Float64Array, data: Float64Array, starts: number[], T: number, f: Forcing): number {
  const g = new Float64Array(L.size);
  lossAndGrad(L, th, data, starts, T, f, g);
  const mask = trainableMask(L);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < L.size; i++) scale = Math.max(scale, Math.abs(g[i]));
  for (let i = 0; i < L.size; i++) {
    expect(mask[i]).toBe(1);
    const h = 1e-4 * Math.max(1, Math.abs(th[i]));
    const a = th[i];
    const at = (dh: number) => {
      th[i] = a + dh;
      const v = lossAndGrad(L, th, data, starts, T, f, null);
      th[i] = a;
      return v;
    };
    const fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
    worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(Math.abs(fd), Math.abs(g[i]), 1e-3 * scale));
  }
  return worst;
}

const METHODS: Forcing[] = [
  { method: 'bptt', tau: 0, alpha: 0 },
  { method: 'stf', tau: 4, alpha: 0 },
  { method: 'gtf', tau: 0, alpha: 0.3 },
];

/** θ from the seed, with the recurrent weights scaled up (larger gates, more curvature than PyTorch's start). */
function randomTheta(L: ModelLayout, seed: number, gain: number): Float64Array {
  const th = initParams(L, seed);
  for (let i = L.offW; i < L.offH; i++) th[i] *= gain;
  return th;
}

describe('GRU and LSTM: BPTT gradients match central finite differences (1e-6 relative)', () => {
  for (const kind of GATED)
    for (const f of METHODS)
      it(`${kind}, ${f.method}`, () => {
        const L = layoutOf(kind, 4, 3);
        expect(fdError(L, initParams(L, 7), lorenz.x, [3, 120], 11, f)).toBeLessThan(1e-6);
        expect(fdError(L, randomTheta(L, 11, 3), lorenz.x, [50], 9, f)).toBeLessThan(1e-6);
      });

  it('on random small problems: random data, N > M and N < M', () => {
    const rng = new Rng(5);
    const x = new Float64Array(200 * 4);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(0.2 * i) + 0.5 * rng.normal();
    for (const kind of GATED)
      for (const [m, n] of [
        [3, 4],
        [5, 2],
      ]) {
        const xs = Float64Array.from({ length: 200 * n }, (_, i) => x[Math.floor(i / n) * 4 + (i % n)]);
        const L = layoutOf(kind, m, n);
        for (const f of [...METHODS, { method: 'gtf', tau: 0, alpha: 0.7 } as Forcing]) expect(fdError(L, randomTheta(L, m * 10 + n, 2), xs, [10, 77], 8, f)).toBeLessThan(1e-6);
      }
  });
});

describe('GRU and LSTM: layout, forcing and the trained map', () => {
  it('θ: W_hh, b_ih and b_hh (GRU) or b (LSTM), B; the LSTM’s state is (h, c)', () => {
    const gru = layoutOf('gru', 5, 3);
    expect(gru).toMatchObject({ d: 5, offW: 0, offH: 75, offH2: 90, offB: 105, size: 120 });
    const lstm = layoutOf('lstm', 5, 3);
    expect(lstm).toMatchObject({ d: 10, offW: 0, offH: 100, offH2: -1, offB: 120, size: 135 });
  });

  it('PyTorch’s initialisation: every number U(−1/√M, 1/√M) from the seed', () => {
    for (const kind of GATED) {
      const L = layoutOf(kind, 9, 3);
      const a = initParams(L, 4);
      expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(1 / 3);
      expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.3);
      expect(Array.from(initParams(L, 4))).toEqual(Array.from(a));
      expect(Array.from(initParams(L, 5))).not.toEqual(Array.from(a));
    }
  });

  it('encode puts B⁺x in h and 0 in the LSTM’s c; forcing keeps c (a window forced at every step still depends on c)', () => {
    const L = layoutOf('lstm', 4, 3);
    const th = initParams(L, 2);
    const z0 = encode(L, th, lorenz.x.subarray(0, 3));
    expect(z0).toHaveLength(8);
    const P = pinv(th.subarray(L.offB), 3, 4);
    for (let i = 0; i < 4; i++) expect(z0[i]).toBeCloseTo(P[i * 3] * lorenz.x[0] + P[i * 3 + 1] * lorenz.x[1] + P[i * 3 + 2] * lorenz.x[2], 14);
    for (let i = 4; i < 8; i++) expect(z0[i]).toBe(0);
    // with τ = 1 the GRU's loss over 3 steps is the sum of one-step losses (h is all of its state) …
    const one = (kind: TrainModelKind, s: number, T: number) => {
      const Lk = layoutOf(kind, 4, 3);
      return lossAndGrad(Lk, initParams(Lk, 2), lorenz.x, [s], T, { method: 'stf', tau: 1, alpha: 0 }, null) * T;
    };
    expect(one('gru', 20, 3)).toBeCloseTo(one('gru', 20, 1) + one('gru', 21, 1) + one('gru', 22, 1), 12);
    // … the LSTM's is not: c runs on through the forcing
    expect(Math.abs(one('lstm', 20, 3) - (one('lstm', 20, 1) + one('lstm', 21, 1) + one('lstm', 22, 1)))).toBeGreaterThan(1e-8);
  });

  it('α = 1 is forcing at every step, α = 0 is plain BPTT', () => {
    for (const kind of GATED) {
      const L = layoutOf(kind, 4, 3);
      const th = initParams(L, 1);
      const grad = (f: Forcing) => {
        const g = new Float64Array(L.size);
        return { loss: lossAndGrad(L, th, lorenz.x, [7, 90], 12, f, g), g };
      };
      const a1 = grad({ method: 'gtf', tau: 0, alpha: 1 });
      const t1 = grad({ method: 'stf', tau: 1, alpha: 0 });
      expect(a1.loss).toBeCloseTo(t1.loss, 14);
      a1.g.forEach((v, i) => expect(v).toBeCloseTo(t1.g[i], 12));
      const a0 = grad({ method: 'gtf', tau: 0, alpha: 0 });
      const b = grad({ method: 'bptt', tau: 0, alpha: 0 });
      a0.g.forEach((v, i) => expect(v).toBeCloseTo(b.g[i], 12));
    }
  });

  it('the trained model is a GatedMap: the same orbit as generate, read out from h, λ_max by QR', () => {
    for (const kind of GATED) {
      const L = layoutOf(kind, 6, 3);
      const th = randomTheta(L, 3, 2);
      const z0 = encode(L, th, lorenz.x.subarray(0, 3));
      const map = modelMap(L, th, z0);
      expect(map).toBeInstanceOf(GatedMap);
      expect(map.n).toBe(L.d);
      const g = generate(L, th, z0, 40);
      let z = Float64Array.from(z0);
      const nz = new Float64Array(L.d);
      for (let t = 0; t < 40; t++) {
        map.step(z, nz, t);
        z = Float64Array.from(nz);
      }
      g.zEnd!.forEach((v, i) => expect(v).toBeCloseTo(z[i], 12));
      for (let k = 0; k < 3; k++) {
        let v = 0;
        for (let i = 0; i < 6; i++) v += th[L.offB + k * 6 + i] * z[i];
        expect(g.x[39 * 3 + k]).toBeCloseTo(v, 12);
      }
      const sp = lyapunovSpectrum(map, z0, { k: 1, transient: 100, steps: 500 });
      expect(Number.isFinite(sp.lambdas[0])).toBe(true);
    }
  });

  it('a short run on Lorenz-63 lowers the loss and is evaluated (D_stsp, D_H, λ_max)', () => {
    for (const kind of GATED) {
      const tr = new Trainer(lorenz, { model: kind, m: 8, method: 'gtf', tau: 0, alpha: 0.2, clip: 1, T: 30, lr: 5e-3, steps: 60, seed: 3, batch: 4 });
      const loss = tr.steps(60).map((s) => s.loss);
      loss.forEach((v) => expect(Number.isFinite(v)).toBe(true));
      const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
      expect(mean(loss.slice(-10))).toBeLessThan(mean(loss.slice(0, 10)));
      const ev = tr.evaluate({ genSteps: 2000, lyapSteps: 300 });
      expect(Number.isFinite(ev.dStsp)).toBe(true);
      expect(ev.dH).toBeGreaterThanOrEqual(0);
      expect(ev.dH).toBeLessThanOrEqual(1);
      if (!ev.diverged) expect(ev.lambdaMax === null || Number.isFinite(ev.lambdaMax)).toBe(true);
    }
  });

  it('the link keeps tmod=gru and tmod=lstm', () => {
    expect(decodeHash('#tab=training&tmod=lstm').params.tmod).toBe('lstm');
    expect(decodeHash('#tab=training&tmod=gru').params.tmod).toBe('gru');
  });
});
