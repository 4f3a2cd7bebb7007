import { sin } from '../linalg/elementary';
/**
 * The laws random networks are drawn from, and the inputs a random RNN can be
 * driven by: shared by the model modules, the parameter table and the mean
 * field theory.
 */

/** Initialisation schemes of the 1-D network (Paper B's setting). */
export const INIT_SCHEMES = ['he', 'xavier', 'lecun', 'normal', 'torch'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

/** What is applied to a 1-D network's output before it is fed back. */
export const OUTPUTS = ['identity', 'act', 'clip'] as const;
export type OutputMode = (typeof OUTPUTS)[number];

/**
 * The law of one scheme for width k: weights are g·s·z, biases σ_b·s·z, with
 * s the per-layer scale below and z ~ N(0, 1) (or U(−1, 1) for "torch").
 * Layer 1 has fan_in = 1, fan_out = k; the output layer fan_in = k, fan_out = 1.
 */
export interface InitLaw {
  dist: 'normal' | 'uniform';
  /** Scale of layer 1 (w and b). */
  s1: number;
  /** Scale of the output layer (a and c). */
  s2: number;
}

export function initLaw(scheme: InitScheme, k: number): InitLaw {
  switch (scheme) {
    case 'he': // N(0, 2/fan_in)
      return { dist: 'normal', s1: Math.sqrt(2), s2: Math.sqrt(2 / k) };
    case 'xavier': // N(0, 2/(fan_in + fan_out)), the same for both layers
      return { dist: 'normal', s1: Math.sqrt(2 / (1 + k)), s2: Math.sqrt(2 / (k + 1)) };
    case 'lecun': // N(0, 1/fan_in)
      return { dist: 'normal', s1: 1, s2: Math.sqrt(1 / k) };
    case 'normal': // N(0, 1)
      return { dist: 'normal', s1: 1, s2: 1 };
    case 'torch': // nn.Linear default: U(±1/√fan_in) for weights and biases
      return { dist: 'uniform', s1: 1, s2: 1 / Math.sqrt(k) };
  }
}

/** Variance of one weight of layer 1 / layer 2 under a law, for g = 1. */
export function lawVariance(law: InitLaw): { v1: number; v2: number } {
  const m = law.dist === 'normal' ? 1 : 1 / 3; // Var U(−1, 1) = 1/3
  return { v1: law.s1 * law.s1 * m, v2: law.s2 * law.s2 * m };
}

/** Laws of a random RNN's recurrent matrix W (g scales it). */
export const W_LAWS = ['gauss', 'orth', 'he', 'xavier', 'torch'] as const;
export type WLaw = (typeof W_LAWS)[number];

/** Variance of one entry of W (times N) under each law at g = 1: σ_w² of mean-field theory. */
export const LAW_SIGMA2: Record<WLaw, number> = { gauss: 1, orth: 1, he: 2, xavier: 1, torch: 1 / 3 };

/** Inputs along a fixed random direction v: h ← φ(gWh + b + u_t·v). */
export const INPUTS = ['none', 'const', 'sine'] as const;
export type InputKind = (typeof INPUTS)[number];

export interface InputSpec {
  kind: InputKind;
  amplitude: number;
  period: number;
}

export const NO_INPUT: InputSpec = { kind: 'none', amplitude: 0, period: 1 };

/** u_t of an input (0 without one). */
export function inputAt(input: InputSpec, t: number): number {
  return input.kind === 'none' ? 0 : input.kind === 'const' ? input.amplitude : input.amplitude * sin((2 * Math.PI * t) / input.period);
}
