/**
 * The 1-D network of Paper B, f(x) = σ_out(Σᵢ aᵢ φ(wᵢx + bᵢ) + c), and the
 * laws it is drawn from.
 *
 * Every law is "scale × z" with z drawn once from the seed, so the same seed
 * with another g (or bias scale) gives the same network up to that scale.
 * Draw order from one stream: z for w[0..k), b[0..k), a[0..k), then c.
 */
import { Rng } from '../linalg/rng';

export const INIT_SCHEMES = ['he', 'xavier', 'lecun', 'normal', 'torch'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

export const OUTPUTS = ['identity', 'act', 'clip'] as const;
export type OutputMode = (typeof OUTPUTS)[number];

/** Weights of a 1-D network (at g = 1, bias scale 1 when they are a base). */
export interface Net1dWeights {
  w: Float64Array;
  b: Float64Array;
  a: Float64Array;
  c: number;
}

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

/** Draw a width-k network from the seed, with weight scale g and bias scale sb. */
export function drawNet1d(scheme: InitScheme, k: number, seed: number, g: number, sb: number): Net1dWeights {
  const law = initLaw(scheme, k);
  const rng = new Rng(seed);
  const z = law.dist === 'normal' ? () => rng.normal() : () => 2 * rng.uniform() - 1;
  const w = new Float64Array(k);
  const b = new Float64Array(k);
  const a = new Float64Array(k);
  const gw = g * law.s1;
  const bw = sb * law.s1;
  const ga = g * law.s2;
  for (let i = 0; i < k; i++) w[i] = gw * z();
  for (let i = 0; i < k; i++) b[i] = bw * z();
  for (let i = 0; i < k; i++) a[i] = ga * z();
  const c = sb * law.s2 * z();
  return { w, b, a, c };
}

/** Scale imported weights the way g and the bias scale act on a seeded network. */
export function scaleNet1d(net: Net1dWeights, g: number, sb: number): Net1dWeights {
  const k = net.w.length;
  const w = new Float64Array(k);
  const b = new Float64Array(k);
  const a = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    w[i] = g * net.w[i];
    b[i] = sb * net.b[i];
    a[i] = g * net.a[i];
  }
  return { w, b, a, c: sb * net.c };
}
