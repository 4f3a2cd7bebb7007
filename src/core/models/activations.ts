/**
 * Activation functions φ with their derivatives, as small numeric codes so the
 * hot loops can switch once outside the inner loop.
 */
import { down, downF, trigRange, up, upF, type Iv } from '../linalg/interval';

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

/** φ(z) for any activation code (not for hot loops). */
export function phi(act: Act, z: number): number {
  switch (act) {
    case Act.Tanh:
      return Math.tanh(z);
    case Act.Relu:
      return z > 0 ? z : 0;
    case Act.Sigmoid:
      return 1 / (1 + Math.exp(-z));
    case Act.HardTanh:
      return z > 1 ? 1 : z < -1 ? -1 : z;
    case Act.Linear:
      return z;
    case Act.Sin:
      return Math.sin(z);
  }
}

/** φ′(z); at the kinks of piecewise-linear φ the right derivative (in z) is used. */
export function dphi(act: Act, z: number): number {
  switch (act) {
    case Act.Tanh: {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case Act.Relu:
      return z >= 0 ? 1 : 0;
    case Act.Sigmoid: {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
    case Act.HardTanh:
      return z >= 1 || z < -1 ? 0 : 1;
    case Act.Linear:
      return 1;
    case Act.Sin:
      return Math.cos(z);
  }
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
  switch (act) {
    case Act.Tanh:
    case Act.Sigmoid: {
      // φ increases, and φ′ = h(φ) with h(t) = 1 − t² (tanh) or t(1 − t) (σ):
      // φ′ over [lo, hi] is h over the enclosure T of φ, unimodal with its peak at t₀
      const tanh = act === Act.Tanh;
      const pl = phi(act, lo);
      const ph = lo === hi ? pl : phi(act, hi);
      const a = Math.max(tanh ? -1 : 0, downF(pl));
      const b = Math.min(1, upF(ph));
      f.lo = a;
      f.hi = b;
      const t0 = tanh ? 0 : 0.5;
      const peak = tanh ? 1 : 0.25;
      d.lo = Math.max(0, Math.min(hDown(tanh, a), hDown(tanh, b)));
      d.hi = a <= t0 && t0 <= b ? peak : Math.min(peak, Math.max(hUp(tanh, a), hUp(tanh, b)));
      return;
    }
    case Act.Sin: {
      const sl = Math.sin(lo);
      const sh = lo === hi ? sl : Math.sin(hi);
      trigRange(lo, hi, sl, sh, 0, f);
      const cl = Math.cos(lo);
      const ch = lo === hi ? cl : Math.cos(hi);
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
