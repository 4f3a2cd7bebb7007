/**
 * Activation functions φ with their derivatives, as small numeric codes so the
 * hot loops can switch once outside the inner loop.
 */
import { down, downF, trigRange, up, upF, type Iv } from '../linalg/interval';
import { EXP_TABLE_AT, arenaOf } from '../linalg/simd';
import { cos, sigmoid, sin, tanh } from '../linalg/elementary';

export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'htanh', 'linear', 'sin'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Numeric codes (plain constants: they survive per-file transpilation). */
export const Act = { Tanh: 0, Relu: 1, Sigmoid: 2, HardTanh: 3, Linear: 4, Sin: 5 } as const;
export type Act = (typeof Act)[keyof typeof Act];

export function actCode(a: Activation): Act {
  return ACTIVATIONS.indexOf(a) as Act;
}

export interface ActivationInfo {
  id: Activation;
  label: string;
  /** Plain-text formula for φ(z). */
  formula: string;
  /** Range of φ over the reals. */
  range: [number, number];
  /** True when φ is piecewise linear (ReLU maps have exact periodic points). */
  piecewiseLinear: boolean;
}

export const ACTIVATION_INFO: Record<Activation, ActivationInfo> = {
  tanh: { id: 'tanh', label: 'tanh', formula: 'tanh(z)', range: [-1, 1], piecewiseLinear: false },
  relu: { id: 'relu', label: 'ReLU', formula: 'max(0, z)', range: [0, Infinity], piecewiseLinear: true },
  sigmoid: { id: 'sigmoid', label: 'sigmoid', formula: '1 / (1 + e^(−z))', range: [0, 1], piecewiseLinear: false },
  htanh: { id: 'htanh', label: 'hard tanh', formula: 'max(−1, min(1, z))', range: [-1, 1], piecewiseLinear: true },
  linear: { id: 'linear', label: 'linear', formula: 'z', range: [-Infinity, Infinity], piecewiseLinear: true },
  sin: { id: 'sin', label: 'sine', formula: 'sin(z)', range: [-1, 1], piecewiseLinear: false },
};

/** φ(z) for any activation code (not for hot loops), with the portable functions of linalg/elementary.ts: the same bits in every engine. */
export function phi(act: Act, z: number): number {
  switch (act) {
    case Act.Tanh:
      return tanh(z);
    case Act.Relu:
      return z > 0 ? z : 0;
    case Act.Sigmoid:
      return sigmoid(z);
    case Act.HardTanh:
      return z > 1 ? 1 : z < -1 ? -1 : z;
    case Act.Linear:
      return z;
    case Act.Sin:
      return sin(z);
  }
}

/** φ′(z); at the kinks of piecewise-linear φ the right derivative (in z) is used. */
export function dphi(act: Act, z: number): number {
  switch (act) {
    case Act.Tanh: {
      const t = tanh(z);
      return 1 - t * t;
    }
    case Act.Relu:
      return z >= 0 ? 1 : 0;
    case Act.Sigmoid: {
      const s = sigmoid(z);
      return s * (1 - s);
    }
    case Act.HardTanh:
      return z >= 1 || z < -1 ? 0 : 1;
    case Act.Linear:
      return 1;
    case Act.Sin:
      return cos(z);
  }
}

/**
 * out_i = tanh(z_i), and d_i = 1 − out_i² when d is given, for i < n: by the
 * wasm kernel `tanh_vec` (two at a time) when all the arrays live in one arena,
 * else by the portable tanh; the two give the same bits (tests/unit/linalg/simd.test.ts).
 */
export function tanhInto(n: number, z: Float64Array, out: Float64Array, d: Float64Array | null): void {
  const ar = arenaOf(z, out, d);
  if (ar) ar.k.tanh_vec(n, z.byteOffset, out.byteOffset, d ? d.byteOffset : 0, EXP_TABLE_AT);
  else if (d)
    for (let i = 0; i < n; i++) {
      const h = tanh(z[i]);
      out[i] = h;
      d[i] = 1 - h * h;
    }
  else for (let i = 0; i < n; i++) out[i] = tanh(z[i]);
}

/** out_i = φ(z_i), and d_i = φ′(z_i) when d is given (tanh through `tanhInto`). */
export function activateInto(act: Act, n: number, z: Float64Array, out: Float64Array, d: Float64Array | null): void {
  if (act === Act.Tanh) return tanhInto(n, z, out, d);
  for (let i = 0; i < n; i++) out[i] = phi(act, z[i]);
  if (d) for (let i = 0; i < n; i++) d[i] = dphi(act, z[i]);
}

/** Largest |φ′| over ℝ (1 for every φ of the lab but the logistic sigmoid's ¼). */
export function maxSlope(act: Activation): number {
  return act === 'sigmoid' ? 0.25 : 1;
}

/** h(t) = 1 − t² (tanh) or t(1 − t) (σ), rounded down / up. */
function hDown(tanh: boolean, t: number): number {
  return tanh ? down(1 - up(t * t)) : down(t * down(1 - t));
}
function hUp(tanh: boolean, t: number): number {
  return tanh ? up(1 - down(t * t)) : up(t * up(1 - t));
}

/**
 * Enclosures of φ and φ′ over z ∈ [lo, hi] (core/linalg/interval.ts): every
 * φ(z) lies in `f`, every φ′(z) in `d`, with the same φ as `phi` computes.
 * At a kink φ′ takes both one-sided values. For the certified periodic-point
 * search (core/interval/certified.ts).
 */
export function encloseActivation(act: Act, lo: number, hi: number, f: Iv, d: Iv): void {
  if (act === Act.Tanh || act === Act.Sigmoid) {
    const pl = phi(act, lo);
    encloseMonotone(act, pl, lo === hi ? pl : phi(act, hi), f, d);
  } else encloseOther(act, lo, hi, f, d);
}

/**
 * As encloseActivation for tanh and σ given pl = φ(lo) and ph = φ(hi) (a caller
 * that computed many of them at once, e.g. by tanhInto): φ increases, and
 * φ′ = h(φ) with h(t) = 1 − t² (tanh) or t(1 − t) (σ), so φ′ over [lo, hi] is
 * h over the enclosure of φ, unimodal with its peak at t₀.
 */
export function encloseMonotone(act: Act, pl: number, ph: number, f: Iv, d: Iv): void {
  const tanh = act === Act.Tanh;
  const a = Math.max(tanh ? -1 : 0, downF(pl));
  const b = Math.min(1, upF(ph));
  f.lo = a;
  f.hi = b;
  const t0 = tanh ? 0 : 0.5;
  const peak = tanh ? 1 : 0.25;
  d.lo = Math.max(0, Math.min(hDown(tanh, a), hDown(tanh, b)));
  d.hi = a <= t0 && t0 <= b ? peak : Math.min(peak, Math.max(hUp(tanh, a), hUp(tanh, b)));
}

/** encloseActivation for the other activations (sine and the piecewise-linear ones). */
function encloseOther(act: Act, lo: number, hi: number, f: Iv, d: Iv): void {
  switch (act) {
    case Act.Sin: {
      const sl = sin(lo);
      const sh = lo === hi ? sl : sin(hi);
      trigRange(lo, hi, sl, sh, 0, f);
      const cl = cos(lo);
      const ch = lo === hi ? cl : cos(hi);
      trigRange(lo, hi, cl, ch, Math.PI / 2, d);
      return;
    }
    case Act.Relu:
      f.lo = lo > 0 ? lo : 0;
      f.hi = hi > 0 ? hi : 0;
      d.lo = lo > 0 ? 1 : 0;
      d.hi = hi >= 0 ? 1 : 0;
      return;
    case Act.HardTanh:
      f.lo = Math.max(-1, Math.min(1, lo));
      f.hi = Math.max(-1, Math.min(1, hi));
      d.lo = lo > -1 && hi < 1 ? 1 : 0;
      d.hi = hi >= -1 && lo <= 1 ? 1 : 0;
      return;
    case Act.Linear:
      f.lo = lo;
      f.hi = hi;
      d.lo = 1;
      d.hi = 1;
      return;
  }
}
