/**
 * The single neuron x ← φ(g·w·x + b): the 1-D network with one
 * unit, a = 1 and c = 0, so it shares the network's map (net1d.ts).
 */
import { ACTIVATION_INFO, actCode, maxSlope } from './activations';
import { fmt } from '../format';
import { NetMap, netMapSource } from './net1d';
import { pyNumber } from './numpy';
import type { Model1DModule, ModelParams, Net1dWeights } from './types';

function neuronNet(p: ModelParams, g = p.g): Net1dWeights {
  return { w: Float64Array.of(g * p.w), b: Float64Array.of(p.b), a: Float64Array.of(1), c: 0 };
}

export const neuron: Model1DModule<never> = {
  id: 'neuron',
  family: '1d',
  label: 'Single neuron (M1)',
  name: 'single neuron',
  params: ['act', 'g', 'w', 'b', 'x0'],
  k: null,
  sweepable: ['g', 'w', 'b', 'x0'],
  defaults: { b: 0, bt: 1000, bn: 500 },
  unitInterval: false,
  importer: null,

  map: (p) => new NetMap(neuronNet(p), actCode(p.act), 'identity'),
  network: (p) => ({ net: neuronNet(p), act: p.act, out: 'identity' }),
  diff: (p, _imported, at) => ({ model: new NetMap(neuronNet(p, at ?? p.g), actCode(p.act), 'identity', '(g·w, a)'), x0: Float64Array.of(p.x0) }),
  contracting(p) {
    const b = Math.abs(p.w) * maxSlope(p.act);
    const at = b > 0 ? 0.5 / b : 1;
    return { at, label: `g = ${at.toPrecision(3)} (|g·w|·max φ′ = ½)` };
  },

  formula: (p) => ({
    text: 'x_{t+1} = φ(g·w·x_t + b)',
    detail: `φ(z) = ${ACTIVATION_INFO[p.act].formula}, g = ${fmt(p.g, 5)}, w = ${fmt(p.w, 5)}, b = ${fmt(p.b, 5)}`,
  }),
  caption: (p) => `single neuron · ${p.act} · g = ${p.g} · w = ${p.w} · b = ${p.b} · x₀ = ${p.x0}`,
  tag: (p) => `neuron-g${p.g}-w${p.w}-b${p.b}`,

  numpy: {
    map: (p) =>
      netMapSource(
        p,
        'identity',
        `# The single neuron x <- phi(g*w*x + b): one unit with a = 1, c = 0.
W_NEURON, B_NEURON = ${pyNumber(p.w)}, ${pyNumber(p.b)}


def network(g, sb, w=W_NEURON, b=B_NEURON):
    """The unit's weight g*w, its bias b, a = 1 and c = 0 (w or b swept: arrays, one row per map)."""
    return g * w, np.asarray(b, dtype=float), np.ones(1), np.zeros(np.shape(g))
`,
      ),
    sweep(param) {
      switch (param) {
        case 'x0':
          return '    m, start = Map(), values';
        case 'w':
          return '    m, start = Map(w=values), X0';
        case 'b':
          return '    m, start = Map(b=values), X0';
        default:
          return '    m, start = Map(values), X0';
      }
    },
  },
};
