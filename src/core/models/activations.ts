/**
 * Activation functions φ with their derivatives, as small numeric codes so the
 * hot loops can switch once outside the inner loop.
 */
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
