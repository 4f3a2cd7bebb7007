/**
 * The GRU and the LSTM as trainable models of the training lab (issue #14):
 * PyTorch's nn.GRU and nn.LSTM with zero input (x = 0), one layer of M units,
 * read out linearly without bias from h, x̂ = B h (B is N × M).
 *
 * - GRU (gates r, z, n): r = σ(W_hr h + b_ir + b_hr), z = σ(W_hz h + b_iz + b_hz),
 *   n = tanh(b_in + r ⊙ (W_hn h + b_hn)), h′ = (1 − z) ⊙ n + z ⊙ h. With x = 0
 *   the two bias vectors add up in r and z but not in n, so both are trained:
 *   θ = W_hh (3M × M), b_ih (3M), b_hh (3M), B.
 * - LSTM (gates i, f, g, o): c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′), every gate
 *   from W_hh h + b; b_ih and b_hh only appear summed with x = 0, so one bias
 *   vector b (4M) is trained: θ = W_hh (4M × M), b, B. The latent state is
 *   z = (h, c), 2M numbers (h first, as models/lstm.ts orders it).
 *
 * Teacher forcing (sparse as in Paper A, Mikhaeil et al. 2022; generalised as
 * in Hess et al. 2023) acts on the part of the state that is read out: it
 * puts h̃ = B⁺x in place of h (B⁺ = pinv(B), a function of B inside the
 * gradient as for the PLRNN and the RNN, trainModels.ts), and the LSTM's cell state c is kept
 * (not forced: the data say nothing about it). Generalised teacher forcing
 * mixes h only, h ← (1 − α)·h + α·B⁺x, c untouched. At a window's start (and
 * at the start of a free run from x₀) there is no c to keep: the LSTM starts
 * from c = 0.
 *
 * The step and its backward pass are models/gated.ts's (GatedMap with the
 * cells of models/gru.ts and models/lstm.ts at g = 1, weight_ih = 0 for no
 * input, the LSTM's b as bias_ih and bias_hh = 0), so the trained model is the
 * same map as the Explore view's GRU and LSTM, with its tangent step for λ_max.
 * Initialisation as PyTorch's: every tensor U(−1/√M, 1/√M), from the run's
 * seed (trainModels.ts initParams draws θ in its layout order).
 */
import { GATES, GatedMap, STATE_PER_UNIT, type GatedWeights } from '../models/gated';
import { GRU_SPEC } from '../models/gru';
import { LSTM_SPEC } from '../models/lstm';

import type { ModelLayout } from './trainModels';
import type { TrainModelKind } from './trainModelInfo';

const SPECS = { gru: GRU_SPEC, lstm: LSTM_SPEC } as const;

/** The gated models the training lab trains. */
type GatedKind = 'gru' | 'lstm';

export function isGatedKind(kind: TrainModelKind): kind is GatedKind {
  return kind === 'gru' || kind === 'lstm';
}

/**
 * θ's layout: W_hh (G·M × M, PyTorch's row blocks), then the GRU's b_ih and
 * b_hh (3M each, offH and offH2) or the LSTM's b (4M, offH; offH2 = −1), then
 * B (N × M). The state has d = M (GRU) or 2M (LSTM) numbers.
 */
export function gatedLayout(kind: GatedKind, m: number, n: number): ModelLayout {
  const GM = GATES[kind] * m;
  const offW = 0;
  const offH = GM * m;
  const offH2 = kind === 'gru' ? offH + GM : -1;
  const offB = kind === 'gru' ? offH2 + GM : offH + GM;
  return { kind, m, n, d: STATE_PER_UNIT[kind] * m, size: offB + n * m, offA: -1, offW, offH, offH2, offB };
}

/** Lengths of the map's θ (g·W_hh) and of its bias gradient (b_ih then b_hh, GatedMap.backward). */
export function gatedGradSizes(kind: GatedKind, m: number): { theta: number; bias: number } {
  const GM = GATES[kind] * m;
  return { theta: GM * m, bias: 2 * GM };
}

/** The trained network's PyTorch tensors at g = 1: one layer, no input (weight_ih = 0), the LSTM's b as bias_ih. */
export function gatedModelWeights(L: ModelLayout, th: Float64Array): GatedWeights {
  const kind = L.kind as GatedKind;
  const m = L.m;
  const GM = GATES[kind] * m;
  const bih = th.slice(L.offH, L.offH + GM);
  const bhh = kind === 'gru' ? th.slice(L.offH2, L.offH2 + GM) : new Float64Array(GM);
  return { kind, H: m, layers: [{ I: 1, Wih: new Float64Array(GM), Whh: th.slice(L.offW, L.offW + GM * m), bih, bhh }] };
}

/** The trained network as a GatedMap at g = 1 (no input), z0 its starting state (h, and for the LSTM c). */
export function gatedModelMap(L: ModelLayout, th: Float64Array, z0: Float64Array): GatedMap {
  return new GatedMap(SPECS[L.kind as GatedKind], gatedModelWeights(L, th), 1, z0);
}

/** grad += the map's gradient in θ's layout: W_hh from gTheta; b_ih, b_hh (GRU) or b (LSTM: its ∂L/∂b_ih) from gBias. */
export function addGatedGradient(L: ModelLayout, gTheta: Float64Array, gBias: Float64Array, grad: Float64Array): void {
  const kind = L.kind as GatedKind;
  const GM = GATES[kind] * L.m;
  for (let k = 0; k < GM * L.m; k++) grad[L.offW + k] += gTheta[k];
  for (let r = 0; r < GM; r++) grad[L.offH + r] += gBias[r];
  if (kind === 'gru') for (let r = 0; r < GM; r++) grad[L.offH2 + r] += gBias[GM + r];
}
