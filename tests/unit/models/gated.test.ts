/**
 * The gated models (core/models/gated.ts, gru.ts, lstm.ts): the step against
 * an independent numpy implementation of PyTorch's equations (nn.GRU, nn.LSTM,
 * one and two layers), the analytic Jacobian and tangent step against central
 * finite differences, ln|det J| against an LU of the Jacobian, the backward
 * pass against finite differences, and the Lyapunov spectrum (sum rule, 2H
 * exponents for the LSTM, λ_max from order to chaos as g grows).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ELMAN_SPEC, GRU_SPEC, LSTM_SPEC, buildMapND, drawGated, gatedDimension, gatedMap, modelND, type GatedMap, type GatedWeights } from '../../../src/core/models';
import type { InputSpec, MapND, RnnWeights } from '../../../src/core/models';
import { Rng } from '../../../src/core/linalg/rng';
import { logAbsDet } from '../../../src/core/linalg/lu';
import { SpectrumRun } from '../../../src/core/vector/spectrum';
import { setKernelsEnabled } from '../../../src/core/linalg/simd';
import { modelParams } from '../../../src/params/requests';
import { decodeHash } from '../../../src/params/url';
import { computeVectorPanel } from '../../../src/core/jobs/panelND';
import { spectrumJob } from '../../../src/core/jobs/spectrumJob';
import { computeEigenView } from '../../../src/core/vector/eigen';
import { computeGradients } from '../../../src/core/gradients/gradients';
import { columnMap, projectionFor, runColumnND } from '../../../src/core/vector/diagramND';
import { runToEnd } from '../../../src/core/job';
import { diagramJob, eigenRequest, gradientRequest, spectrumRequest, vectorPanelRequest } from '../../../src/params/requests';
import { numpyMissing } from '../support/numpy';

const missing = numpyMissing();
if (missing) console.log(`gated.test.ts: the numpy comparison is skipped: ${missing}`);

const SPECS = { gru: GRU_SPEC, lstm: LSTM_SPEC, elman: ELMAN_SPEC } as const;
/** The Elman stack with ReLU (nn.RNN(nonlinearity='relu')). */
const ELMAN_RELU = { ...ELMAN_SPEC, ...ELMAN_SPEC.withParams!(modelParams(decodeHash('#model=elman&act=relu').params)) };
type Kind = keyof typeof SPECS;
const SINE: InputSpec = { kind: 'sine', amplitude: 0.7, period: 13 };

function makeMap(kind: Kind, H: number, layers: number, seed: number, g: number, input?: InputSpec): GatedMap {
  return gatedMap(SPECS[kind], drawGated(kind, H, layers, seed), g, input);
}

/** Random states: every coordinate N(0, s²). */
function states(n: number, count: number, seed: number, s = 1): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Float64Array.from(rng.normals(n), (v) => s * v));
}

/**
 * PyTorch's documented equations in numpy (np.tanh, σ = 1/(1 + e^(−x)), BLAS
 * products): nn.GRU / nn.LSTM of several layers, one step of a sequence, layer
 * l > 0 fed the new h of layer l − 1.
 */
const PYTORCH_EQUATIONS = String.raw`
import json, sys
import numpy as np

def sig(x):
    return 1.0 / (1.0 + np.exp(-x))

d = json.load(sys.stdin)
H, kind, g = d["H"], d["kind"], d["g"]
layers = [{k: np.array(v, dtype=float) for k, v in L.items()} for L in d["layers"]]
out = []
for case in d["cases"]:
    s = np.array(case["s"], dtype=float)
    x = np.array([case["u"]], dtype=float)
    S = 2 * H if kind == "lstm" else H
    nxt = []
    for l, L in enumerate(layers):
        W_ih = L["Wih"].reshape(-1, x.size)
        W_hh = g * L["Whh"].reshape(-1, H)
        b_ih, b_hh = L["bih"], L["bhh"]
        st = s[l * S : (l + 1) * S]
        h = st[:H]
        gi = W_ih @ x + b_ih
        gh = W_hh @ h + b_hh
        if kind == "elman":
            h2 = np.maximum(gi + gh, 0.0) if d["act"] == "relu" else np.tanh(gi + gh)
            nxt.append(h2)
        elif kind == "gru":
            r = sig(gi[:H] + gh[:H])
            z = sig(gi[H:2*H] + gh[H:2*H])
            n = np.tanh(gi[2*H:] + r * gh[2*H:])
            h2 = (1 - z) * n + z * h
            nxt.append(h2)
        else:
            c = st[H:]
            a = gi + gh
            i, f, gg, o = sig(a[:H]), sig(a[H:2*H]), np.tanh(a[2*H:3*H]), sig(a[3*H:])
            c2 = f * c + i * gg
            h2 = o * np.tanh(c2)
            nxt.append(np.concatenate([h2, c2]))
        x = h2
    out.append(np.concatenate(nxt).tolist())
json.dump(out, sys.stdout)
`;

function pytorchSteps(w: GatedWeights, g: number, cases: { s: Float64Array; u: number }[], act = 'tanh'): number[][] {
  const input = JSON.stringify({
    act,
    H: w.H,
    kind: w.kind,
    g,
    layers: w.layers.map((L) => ({ Wih: [...L.Wih], Whh: [...L.Whh], bih: [...L.bih], bhh: [...L.bhh] })),
    cases: cases.map((c) => ({ s: [...c.s], u: c.u })),
  });
  const r = spawnSync('python3', ['-c', PYTORCH_EQUATIONS], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as number[][];
}

describe('the draw', () => {
  it('follows PyTorch: U(±1/√H) for every tensor, in the order weight_ih, weight_hh, bias_ih, bias_hh per layer, then the start', () => {
    for (const kind of ['gru', 'lstm', 'elman'] as const) {
      const G = { gru: 3, lstm: 4, elman: 1 }[kind];
      const H = 20;
      const { weights, x0 } = drawGated(kind, H, 2, 9);
      expect(weights.layers.map((l) => [l.I, l.Wih.length, l.Whh.length, l.bih.length, l.bhh.length])).toEqual([
        [1, G * H, G * H * H, G * H, G * H],
        [H, G * H * H, G * H * H, G * H, G * H],
      ]);
      const all = weights.layers.flatMap((l) => [...l.Wih, ...l.Whh, ...l.bih, ...l.bhh]);
      const s = 1 / Math.sqrt(H);
      expect(Math.max(...all.map(Math.abs))).toBeLessThan(s);
      const v = all.reduce((a, b) => a + b * b, 0) / all.length;
      expect(Math.abs(v / (s * s / 3) - 1)).toBeLessThan(0.05); // Var U(±s) = s²/3
      // the same Rng stream: the first entry of weight_ih, then weight_hh right after it
      const rng = new Rng(9);
      expect(weights.layers[0].Wih[0]).toBe(s * (2 * rng.uniform() - 1));
      for (let i = 1; i < G * H; i++) rng.uniform();
      expect(weights.layers[0].Whh[0]).toBe(s * (2 * rng.uniform() - 1));
      expect(x0.length).toBe(gatedDimension(kind, H, 2));
      // one layer is the prefix of two: the same seed draws the same first layer
      const one = drawGated(kind, H, 1, 9).weights.layers[0];
      expect([...one.Whh]).toEqual([...weights.layers[0].Whh]);
    }
  });

  it('g scales weight_hh only, and the link builds the draw of its seed', () => {
    const p = modelParams(decodeHash('#model=gru&k=8&g=2.5&seed=4').params);
    const m = buildMapND(p) as GatedMap;
    const d = drawGated('gru', 8, 1, 4);
    expect([...m.theta]).toEqual([...d.weights.layers[0].Whh].map((v) => 2.5 * v));
    expect([...m.initialState()]).toEqual([...d.x0]);
    expect(modelND('lstm').dimension(modelParams(decodeHash('#model=lstm&k=16').params), null)).toBe(32);
  });
});

describe.skipIf(missing !== null)('the step against PyTorch’s equations in numpy', () => {
  for (const kind of ['gru', 'lstm', 'elman', 'elman-relu'] as const)
    for (const layers of [1, 2])
      it(`${kind}, ${layers} layer${layers > 1 ? 's' : ''}, with and without an input: within 1e-14 relative (to max(|value|, 1))`, () => {
        const H = 12;
        const g = 3;
        const relu = kind === 'elman-relu';
        const gk = relu ? 'elman' : kind;
        const spec = relu ? ELMAN_RELU : SPECS[gk];
        const d = drawGated(gk, H, layers, 5);
        const n = gatedDimension(gk, H, layers);
        const xs = states(n, 20, 77, 1.5);
        const maps = { none: gatedMap(spec, d, g), sine: gatedMap(spec, d, g, SINE) };
        const cases: { s: Float64Array; u: number }[] = [];
        const ours: Float64Array[] = [];
        xs.forEach((s, c) => {
          const t = 3 + c;
          for (const which of ['none', 'sine'] as const) {
            const next = new Float64Array(n);
            maps[which].step(s, next, t);
            ours.push(next);
            cases.push({ s, u: which === 'none' ? 0 : SINE.amplitude * Math.sin((2 * Math.PI * t) / SINE.period) });
          }
        });
        const theirs = pytorchSteps(d.weights, g, cases, relu ? 'relu' : 'tanh');
        // relative to max(|value|, 1): the terms are O(1) (gates, tanh, states ~ N(0, 1.5²)), and a
        // value near 0 is a difference of such terms (h′ = (1 − z)n + zh, c′ = fc + ig), whose
        // last-bit differences (np.tanh against the app's tanh, BLAS sums) are then large relative to it
        let worst = 0;
        let worstRel = 0;
        ours.forEach((a, c) => {
          for (let i = 0; i < n; i++) {
            const b = theirs[c][i];
            worst = Math.max(worst, Math.abs(a[i] - b) / Math.max(Math.abs(b), 1));
            if (Math.abs(b) >= 0.1) worstRel = Math.max(worstRel, Math.abs(a[i] - b) / Math.abs(b));
          }
        });
        expect(worst).toBeLessThan(1e-14);
        expect(worstRel).toBeLessThan(1e-14);
      });
});

/** ‖A − B‖_F / ‖B‖_F. */
function relErr(A: ArrayLike<number>, B: ArrayLike<number>): number {
  let d = 0;
  let b = 0;
  for (let i = 0; i < B.length; i++) {
    d += (A[i] - B[i]) ** 2;
    b += B[i] ** 2;
  }
  return Math.sqrt(d / b);
}

/** The Jacobian by central differences, column j = (F(x + εe_j) − F(x − εe_j)) / 2ε. */
function fdJacobian(map: GatedMap, x: Float64Array, t: number, eps = 1e-6): Float64Array {
  const n = map.n;
  const J = new Float64Array(n * n);
  const yp = new Float64Array(n);
  const ym = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] += eps;
    xm[j] -= eps;
    map.step(xp, yp, t);
    map.step(xm, ym, t);
    for (let i = 0; i < n; i++) J[i * n + j] = (yp[i] - ym[i]) / (2 * eps);
  }
  return J;
}

describe('the Jacobian, the tangent step and ln|det J|', () => {
  const cases = [
    ['gru', 1, 1],
    ['gru', 1, 6],
    ['gru', 2, 4],
    ['lstm', 1, 1],
    ['lstm', 1, 6],
    ['lstm', 2, 4],
    ['elman', 1, 3],
    ['elman', 2, 4],
  ] as const;
  it.each(cases)('%s, %i layer(s), g = %d: analytic = central differences (< 1e-6 relative), tangent = J·Q, ln|det J| = LU', (kind, layers, g) => {
    const H = 7;
    const map = makeMap(kind, H, layers, 11, g, SINE);
    const n = map.n;
    for (const [c, x] of states(n, 4, 31 + g).entries()) {
      const t = 5 + c;
      const J = new Float64Array(n * n);
      map.jacobian(x, J, t);
      expect(relErr(J, fdJacobian(map, x, t))).toBeLessThan(1e-6);
      // the tangent step of a random frame is J·Q, its state the step's, its ln|det| the LU's
      const k = 5;
      const Q = Float64Array.from(new Rng(c).normals(n * k));
      const Y = new Float64Array(n * k);
      const next = new Float64Array(n);
      const ld = map.tangentStep(x, next, Q, Y, k, t, true);
      const JQ = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let col = 0; col < k; col++) for (let j = 0; j < n; j++) JQ[i * k + col] += J[i * n + j] * Q[j * k + col];
      expect(relErr(Y, JQ)).toBeLessThan(1e-13);
      const step = new Float64Array(n);
      map.step(x, step, t);
      expect([...next]).toEqual([...step]);
      expect(Math.abs(ld - logAbsDet(n, J))).toBeLessThan(1e-9 * Math.max(1, Math.abs(ld)));
      // one tangent vector (W·x and W·q in one sweep) gives the bits of the frame's first column
      const q = Float64Array.from({ length: n }, (_, i) => Q[i * k]);
      const y = new Float64Array(n);
      map.tangentStep(x, next, q, y, 1, t, false);
      expect([...y]).toEqual(Array.from({ length: n }, (_, i) => Y[i * k]));
    }
  });
});

describe('the backward pass (θ = g·W_hh of every layer)', () => {
  it.each([
    ['gru', 1],
    ['gru', 2],
    ['lstm', 1],
    ['lstm', 2],
    ['elman', 1],
    ['elman', 2],
  ] as const)('%s, %i layer(s): gx = Jᵀ·gOut and ∂L/∂θ against central differences', (kind, layers) => {
    const H = 5;
    const map = makeMap(kind, H, layers, 3, 4, SINE);
    const n = map.n;
    const [x, gOut] = states(n, 2, 8);
    const t = 2;
    const grad = new Float64Array(map.theta.length);
    const gx = new Float64Array(n);
    map.backward(x, t, gOut, grad, gx);
    const J = new Float64Array(n * n);
    map.jacobian(x, J, t);
    const JtG = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) JtG[j] += J[i * n + j] * gOut[i];
    expect(relErr(gx, JtG)).toBeLessThan(1e-13);
    const y = new Float64Array(n);
    const loss = () => {
      map.step(x, y, t);
      let s = 0;
      for (let i = 0; i < n; i++) s += gOut[i] * y[i];
      return s;
    };
    const fd = new Float64Array(map.theta.length);
    const eps = 1e-6;
    for (let m = 0; m < map.theta.length; m++) {
      const v = map.theta[m];
      map.theta[m] = v + eps;
      const lp = loss();
      map.theta[m] = v - eps;
      const lm = loss();
      map.theta[m] = v;
      fd[m] = (lp - lm) / (2 * eps);
    }
    expect(relErr(grad, fd)).toBeLessThan(1e-7);
  });
});

/** The full spectrum of a link after a transient. */
function spectrum(hash: string, steps: number, k?: number) {
  const map = buildMapND(modelParams(decodeHash(hash).params));
  const run = new SpectrumRun(map, map.initialState(), { k: k ?? map.n, transient: 1000, steps });
  run.advance(1000 + steps);
  return run.result();
}

describe('the Lyapunov spectrum', () => {
  it.each(['#model=gru&k=12&g=3', '#model=lstm&k=8&g=3', '#model=gru&k=10&g=8&seed=1', '#model=lstm&k=8&g=8&seed=1&inp=sine'])(
    'the sum rule Σλ = ⟨ln|det J|⟩ (%s)',
    (hash) => {
      const r = spectrum(hash, 3000);
      const sum = r.lambdas.reduce((a, b) => a + b, 0);
      const se = r.errors.lambdas.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - r.meanLogDet)).toBeLessThan(se);
      // in fact to rounding: Σ ln R_ii = ln|det(J Q)| = ln|det J| every step
      expect(Math.abs(sum - r.meanLogDet)).toBeLessThan(1e-9 * Math.abs(r.meanLogDet));
    },
  );

  it('the LSTM has 2H exponents (h and c), the GRU H', () => {
    expect(spectrum('#model=lstm&k=6&g=2', 500).lambdas.length).toBe(12);
    expect(spectrum('#model=gru&k=6&g=2', 500).lambdas.length).toBe(6);
  });

  it('λ_max: negative at small g (ordered at PyTorch’s initialisation), positive at large g (chaos)', () => {
    const lmax = (hash: string) => {
      const r = spectrum(hash, 6000, 1);
      return { l: r.lambdas[0], se: r.errors.lambdas[0] };
    };
    for (const model of ['gru', 'lstm'])
      for (const g of [0.5, 1, 2]) {
        const { l } = lmax(`#model=${model}&k=16&g=${g}`);
        expect(l, `${model} g = ${g}`).toBeLessThan(-0.15);
      }
    // chaos at large g (a much larger g than PyTorch's default, g = 1)
    for (const hash of ['#model=gru&k=16&g=8&seed=1', '#model=gru&k=128&g=10', '#model=lstm&k=16&g=10&seed=1', '#model=lstm&k=64&g=8']) {
      const { l, se } = lmax(hash);
      expect(l, hash).toBeGreaterThan(0.05);
      expect(l - 5 * se, hash).toBeGreaterThan(0);
    }
  });
});

/** Modified Gram–Schmidt on the columns V[0], V[1], … in place; adds ln of each column's norm to `logs` (when given). */
function orthonormalise(V: Float64Array[], logs: Float64Array | null): void {
  const m = V[0].length;
  for (let j = 0; j < V.length; j++) {
    for (let i = 0; i < j; i++) {
      let d = 0;
      for (let c = 0; c < m; c++) d += V[i][c] * V[j][c];
      for (let c = 0; c < m; c++) V[j][c] -= d * V[i][c];
    }
    const norm = Math.hypot(...V[j]);
    for (let c = 0; c < m; c++) V[j][c] /= norm;
    if (logs) logs[j] += Math.log(norm);
  }
}

describe('the spectrum against tangents pushed by finite differences of the step alone', () => {
  it.each([
    ['gru', 16, 8],
    ['lstm', 16, 10],
    ['elman', 16, 5],
  ] as [Kind, number, number][])('%s, H = %s, g = %s (chaotic): every exponent within 1e-6 of a QR run whose J·q are central differences of step()', (kind, H, g) => {
    const map = makeMap(kind, H, 1, 1, g);
    const n = map.n;
    const transient = 400;
    const steps = 1500;
    const run = new SpectrumRun(map, map.initialState(), { k: n, transient, steps });
    // both from the identity frame at the end of the transient (the run's frame is a live view)
    const frame = run.frame();
    frame.fill(0);
    for (let i = 0; i < n; i++) frame[i * n + i] = 1;
    run.advance(transient + steps);
    const ref = run.result().lambdas;
    // the same orbit; J·q by central differences (ε = 1e-6) of the step function, Gram–Schmidt every step
    let x: Float64Array = map.initialState();
    let nx: Float64Array = new Float64Array(n);
    const plus = new Float64Array(n);
    const minus = new Float64Array(n);
    const xp = new Float64Array(n);
    const xm = new Float64Array(n);
    let Q = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
    const sums = new Float64Array(n);
    const eps = 1e-6;
    for (let t = 0; t < transient + steps; t++) {
      if (t < transient) {
        // the transient moves the state only (as SpectrumRun's): the frame starts at t = transient
        map.step(x, nx, t);
        [x, nx] = [nx, x];
        continue;
      }
      const V = Q.map((q) => {
        for (let i = 0; i < n; i++) {
          xp[i] = x[i] + eps * q[i];
          xm[i] = x[i] - eps * q[i];
        }
        map.step(xp, plus, t);
        map.step(xm, minus, t);
        return Float64Array.from({ length: n }, (_, i) => (plus[i] - minus[i]) / (2 * eps));
      });
      orthonormalise(V, sums);
      Q = V;
      map.step(x, nx, t);
      [x, nx] = [nx, x];
    }
    const fd = [...sums].map((v) => v / steps);
    expect(ref.length).toBe(n);
    for (let i = 0; i < n; i++) expect(Math.abs(fd[i] - ref[i]), `exponent ${i + 1}: ${fd[i]} vs ${ref[i]}`).toBeLessThan(1e-6);
    expect(ref[0]).toBeGreaterThan(0.05); // a chaotic case, not only contraction
  });
});

describe('the wasm kernels (the map bound to a run’s arena)', () => {
  it.each([
    ['gru', 1],
    ['lstm', 2],
    ['elman', 2],
  ] as [Kind, number][])('%s, %s layer(s): the full spectrum is the same, bit for bit, with the SIMD kernels and with the JavaScript ones', (kind, layers) => {
    const run = () => {
      const map = makeMap(kind, 12, layers, 3, 5);
      const r = new SpectrumRun(map, map.initialState(), { k: map.n, transient: 50, steps: 300 });
      r.advance(350);
      return r;
    };
    const fast = run();
    expect(fast.kernels).toBe('wasm-simd');
    const a = fast.result();
    setKernelsEnabled(false);
    try {
      const slow = run();
      expect(slow.kernels).toBe('js');
      const b = slow.result();
      expect([...a.lambdas]).toEqual([...b.lambdas]);
      expect(a.meanLogDet).toBe(b.meanLogDet);
    } finally {
      setKernelsEnabled(true);
    }
  });
});

describe('a stack of layers', () => {
  /** Exponents of the products of the blocks J[r0…r1) × [r0…r1) along the stack's orbit (QR by modified Gram–Schmidt). */
  function blockExponents(map: GatedMap, x0: Float64Array, r0: number, r1: number, transient: number, steps: number): number[] {
    const n = map.n;
    const m = r1 - r0;
    const J = new Float64Array(n * n);
    let Q = Array.from({ length: m }, (_, j) => Float64Array.from({ length: m }, (_, i) => (i === j ? 1 : 0)));
    const sums = new Float64Array(m);
    let x: Float64Array = Float64Array.from(x0);
    let next: Float64Array = new Float64Array(n);
    for (let t = 0; t < transient + steps; t++) {
      map.jacobian(x, J, t);
      const V = Q.map((q) => Float64Array.from({ length: m }, (_, i) => {
        let acc = 0;
        for (let k = 0; k < m; k++) acc += J[(r0 + i) * n + r0 + k] * q[k];
        return acc;
      }));
      orthonormalise(V, t >= transient ? sums : null);
      Q = V;
      map.step(x, next, t);
      [x, next] = [next, x];
    }
    return [...sums].map((v) => v / steps);
  }

  it.each([
    ['lstm', 4, 3, 7, false],
    ['elman', 16, 5, 1, true],
  ] as [Kind, number, number, number, boolean][])('a 2-layer %s (H = %i, g = %i, seed %i): the spectrum of layer 1 plus the conditional exponents of layer 2 (block lower-triangular Jacobian)', (kind, H, g, seed, chaotic) => {
    const d = drawGated(kind, H, 2, seed);
    const stack = gatedMap(SPECS[kind], d, g);
    const S = gatedDimension(kind, H);
    expect(stack.n).toBe(2 * S);
    // the Jacobian is block lower triangular: layer 1 does not read layer 2
    const J = new Float64Array(stack.n * stack.n);
    stack.jacobian(d.x0, J, 0);
    for (let i = 0; i < S; i++) for (let j = S; j < 2 * S; j++) expect(J[i * stack.n + j]).toBe(0);

    const T = 6000;
    const full = new SpectrumRun(stack, d.x0, { k: stack.n, transient: 500, steps: T });
    full.advance(500 + T);
    const whole = full.result().lambdas;
    // layer 1 alone (the same orbit: it is not fed by layer 2)
    const first = gatedMap(SPECS[kind], { weights: { kind, H, layers: [d.weights.layers[0]] }, x0: d.x0.slice(0, S) }, g);
    const own = new SpectrumRun(first, d.x0.slice(0, S), { k: S, transient: 500, steps: T });
    own.advance(500 + T);
    const conditional = blockExponents(stack, d.x0, S, 2 * S, 500, T);
    const union = [...own.result().lambdas, ...conditional].sort((a, b) => b - a);
    expect(union.length).toBe(whole.length);
    if (!chaotic)
      for (let i = 0; i < whole.length; i++) expect(Math.abs(union[i] - whole[i]), `exponent ${i + 1}`).toBeLessThan(0.01 + 0.002 * Math.abs(whole[i]));
    else {
      // a chaotic first layer; the two layers' exponents come in near pairs (similar layers), and where
      // an exponent of one layer is close to one of the other, each converges slowly but their sum does not
      expect(whole[0]).toBeGreaterThan(0.1);
      for (let i = 0; i < 4; i++) expect(Math.abs(union[i] - whole[i]), `exponent ${i + 1}`).toBeLessThan(0.005);
      for (let i = 0; i < whole.length; i++) expect(Math.abs(union[i] - whole[i]), `exponent ${i + 1}`).toBeLessThan(0.04 + 0.005 * Math.abs(whole[i]));
      const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum(union) - sum(whole))).toBeLessThan(0.01);
    }
  });

  it('one Elman layer is the rnn model with W = weight_hh, b = bias_ih + bias_hh: each step within rounding, λ_max within the error bars', () => {
    const H = 24;
    const g = 4;
    const d = drawGated('elman', H, 1, 9);
    const stack = gatedMap(ELMAN_SPEC, d, g);
    const [l] = d.weights.layers;
    const rnnW: RnnWeights = { W: l.Whh, b: Float64Array.from(l.bih, (v, i) => v + l.bhh[i]) };
    const p = modelParams({ ...decodeHash('#model=rnn&act=tanh').params, k: H, g });
    const rnn = buildMapND(p, rnnW);
    for (const x of states(H, 5, 4)) {
      const a = new Float64Array(H);
      const b = new Float64Array(H);
      stack.step(x, a, 0);
      rnn.step(x, b, 0);
      for (let i = 0; i < H; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-14);
    }
    const lmax = (map: MapND) => {
      const r = new SpectrumRun(map, d.x0, { k: 1, transient: 500, steps: 20000 });
      r.advance(20500);
      return { l: r.result().lambdas[0], se: r.result().errors.lambdas[0] };
    };
    const a = lmax(stack);
    const b = lmax(rnn);
    expect(a.l).toBeGreaterThan(0.05);
    expect(Math.abs(a.l - b.l)).toBeLessThan(4 * Math.hypot(a.se, b.se));
  });
});

describe('the views of a vector model run the gated models (their jobs, as the workers and the CLI run them)', () => {
  it.each([
    ['#model=gru&k=32&g=3', 32],
    ['#model=lstm&k=16', 32],
    ['#model=elman&k=16', 16],
  ])('%s: Explore, the spectrum, the eigenvalues (Jacobians at Newton’s fixed points), the gradient meter, the orbit diagram', (hash, n) => {
    const p = decodeHash(hash).params;
    // Explore: λ_max < 0, an ordered network
    const panel = computeVectorPanel(vectorPanelRequest(p, null, false));
    expect(panel.n).toBe(n);
    expect(panel.lambda).toBeLessThan(0);
    // the spectrum view: all n exponents, the sum rule
    const spec = runToEnd(spectrumJob(spectrumRequest(p, null, false), { now: () => 0 }));
    const full = spec.full!;
    expect(full.k).toBe(n);
    const sum = full.lambdas.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - full.meanLogDet)).toBeLessThan(1e-9 * Math.abs(sum));
    // the eigenvalue view: no matrix, the fixed points by Newton with their Jacobian's eigenvalues;
    // the orbit settles on a stable one, where λ_max = ln ρ(J(h*))
    const eig = computeEigenView(eigenRequest(p, null)!);
    expect(eig.matrix).toBeNull();
    expect(eig.fixedPoints.length).toBeGreaterThan(0);
    const map = buildMapND(modelParams(p));
    let x: Float64Array = map.initialState();
    let nx: Float64Array = new Float64Array(n);
    for (let t = 0; t < 4000; t++) {
      map.step(x, nx, t);
      [x, nx] = [nx, x];
    }
    const dist = (a: Float64Array) => Math.hypot(...a.map((v, i) => v - x[i]));
    const fp = eig.fixedPoints.reduce((a, b) => (dist(a.point) <= dist(b.point) ? a : b));
    expect(dist(fp.point)).toBeLessThan(1e-9);
    expect(fp.stability).toBe('stable');
    const r = spectrum(hash, 4000, 1);
    expect(Math.abs(r.lambdas[0] - Math.log(fp.spectralRadius))).toBeLessThan(1e-3);
    // the gradient meter: products along the orbit shrink at λ_max; BPTT runs on the model and its g = 0 reference
    const grad = computeGradients(gradientRequest({ ...p, gh: 60, gwn: 3 }, null, false, true));
    expect(grad.diverged).toBe(false);
    expect(Math.abs(grad.slope - grad.lambdaMax)).toBeLessThan(0.05);
    expect(grad.bptt!.referenceLabel).toMatch(p.model === 'elman' ? /^g = 0\.\d+ \(every layer’s ‖gW_hh‖₂/ : /^g = 0 /);
    for (const v of [...grad.bptt!.current, ...grad.bptt!.reference]) expect(Number.isFinite(v)).toBe(true);
    // the orbit diagram over g: ordered columns at small g, finite everywhere
    const base = diagramJob({ ...p, bp: 'g', bt: 300, bn: 100 }, null, { cols: 10, rows: 50 }, false).nd!;
    const proj = projectionFor(base, 0, 10);
    const pts = new Float64Array(base.keep);
    const cols = [0.5, 5, 10].map((g) => runColumnND(columnMap(base, g), proj, base.transient, base.keep, pts, 0));
    expect(cols[0].lambda).toBeLessThan(-0.2);
    for (const c of cols) expect(Number.isFinite(c.lambda) && !c.diverged).toBe(true);
  });
});
