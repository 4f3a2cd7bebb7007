/**
 * A model of the training lab as a network of the lab's other views (issue
 * #14: "what does the trained network do?"): its latent map, at g = 1, as the
 * weights an import would bring — the PLRNN's A, W, h; the tanh RNN's W, b;
 * the GRU's and LSTM's PyTorch tensors (weight_ih = 0: the lab trains them
 * without input). The readout B is not part of the map and is left out.
 * Built so that the imported model's step at g = 1 is the trained map's step
 * bit for bit (tests/unit/training/trainedNetwork.test.ts).
 */
import type { GatedWeights } from '../models/gated';
import type { ImportedData, ModelId, ModelParams } from '../models';
import { gatedModelWeights, isGatedKind } from './gatedTrain';
import type { ModelLayout } from './trainModels';

export interface TrainedNetwork {
  model: ModelId;
  weights: ImportedData;
  /** Parameters the trained map fixes (the RNN's tanh). */
  patch: Partial<ModelParams>;
}

export function trainedNetwork(L: ModelLayout, th: Float64Array): TrainedNetwork {
  const m = L.m;
  if (isGatedKind(L.kind)) {
    const weights: GatedWeights = gatedModelWeights(L, th);
    return { model: L.kind, weights, patch: {} };
  }
  if (L.kind === 'plrnn') {
    const A = th.slice(L.offA, L.offA + m);
    const W = th.slice(L.offW, L.offW + m * m);
    for (let i = 0; i < m; i++) W[i * m + i] = 0; // W's diagonal is A's (trainModels.ts)
    return { model: 'plrnn', weights: { A, W, h: th.slice(L.offH, L.offH + m) }, patch: {} };
  }
  return { model: 'rnn', weights: { W: th.slice(L.offW, L.offW + m * m), b: th.slice(L.offH, L.offH + m) }, patch: { act: 'tanh' } };
}
