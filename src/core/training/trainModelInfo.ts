/** The models of the training lab in words (a light module: the views read it). */
export type TrainModelKind = 'plrnn' | 'rnn';

/** Short name, the latent state's letter, and the formula with its read-out. */
export const TRAIN_MODEL_INFO: Record<TrainModelKind, { name: string; units: string; formula: string }> = {
  plrnn: { name: 'PLRNN', units: 'M', formula: 'zₜ₊₁ = A zₜ + W·ReLU(zₜ) + h, x̂ₜ = B zₜ' },
  rnn: { name: 'tanh RNN', units: 'N', formula: 'hₜ₊₁ = tanh(W hₜ + b), x̂ₜ = B hₜ' },
};
