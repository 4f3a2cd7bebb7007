/**
 * From model parameters (the numeric part of the app state) to a Map1D.
 * Pure: the same parameters give bit-identical maps in the app, the workers
 * and the CLI.
 */
import { actCode, type Activation } from './activations';
import { LogisticMap, NetMap, TentMap, type Map1D } from './maps';
import { drawNet1d, scaleNet1d, type InitScheme, type Net1dWeights, type OutputMode } from './net1d';

export const MODELS_1D = ['neuron', 'net1d', 'logistic', 'tent'] as const;
export type Model1D = (typeof MODELS_1D)[number];

/** Every model of the lab: the 1-D maps, then the vector maps (core/models/vector.ts). */
export const MODELS = [...MODELS_1D, 'rnn', 'plrnn', 'henon'] as const;
export type Model = (typeof MODELS)[number];

export function isModel1D(m: Model): m is Model1D {
  return (MODELS_1D as readonly string[]).includes(m);
}

export interface ModelParams {
  model: Model1D;
  act: Activation;
  out: OutputMode;
  /** Weight scale: multiplies the standard deviation of every weight. */
  g: number;
  /** Bias scale: multiplies the standard deviation of every bias. */
  sb: number;
  k: number;
  init: InitScheme;
  seed: number;
  /** Single neuron: x ← φ(g·w·x + b). */
  w: number;
  b: number;
  /** Logistic parameter. */
  r: number;
  /** Tent slope. */
  mu: number;
}

/**
 * The weights the map uses, for a network model (after g and sb). Imported
 * weights (M6) replace the seeded draw; g and sb still scale them.
 */
export function effectiveNet(p: ModelParams, imported?: Net1dWeights | null): Net1dWeights {
  if (p.model === 'neuron') {
    return { w: Float64Array.of(p.g * p.w), b: Float64Array.of(p.b), a: Float64Array.of(1), c: 0 };
  }
  if (imported) return scaleNet1d(imported, p.g, p.sb);
  return drawNet1d(p.init, p.k, p.seed, p.g, p.sb);
}

export function buildMap(p: ModelParams, imported?: Net1dWeights | null): Map1D {
  switch (p.model) {
    case 'logistic':
      return new LogisticMap(p.r);
    case 'tent':
      return new TentMap(p.mu);
    case 'neuron':
      return new NetMap(effectiveNet(p), actCode(p.act), 'identity');
    case 'net1d':
      return new NetMap(effectiveNet(p, imported), actCode(p.act), p.out);
  }
}

/** Parameters a diagram can sweep (numeric, and meaningful for the model). */
export const SWEEPABLE = ['g', 'sb', 'x0', 'w', 'b', 'r', 'mu', 'a', 'ia'] as const;
export type SweepParam = (typeof SWEEPABLE)[number];

export function sweepableFor(model: Model): SweepParam[] {
  switch (model) {
    case 'rnn':
      return ['g', 'sb', 'ia'];
    case 'plrnn':
      return ['g'];
    case 'henon':
      return ['a', 'b'];
    case 'logistic':
      return ['r', 'x0'];
    case 'tent':
      return ['mu', 'x0'];
    case 'neuron':
      return ['g', 'w', 'b', 'x0'];
    case 'net1d':
      return ['g', 'sb', 'x0'];
  }
}

export function defaultSweepParam(model: Model): SweepParam {
  return sweepableFor(model)[0];
}
