/** The models of the training lab in words (a light module: the views read it). */
export type TrainModelKind = 'plrnn' | 'rnn';

/** Short name, the latent state's letter, and the formula with its read-out (x_t marks a subscript). */
export const TRAIN_MODEL_INFO: Record<TrainModelKind, { name: string; units: string; formula: string }> = {
  plrnn: { name: 'PLRNN', units: 'M', formula: 'z_{t+1} = A z_t + W·ReLU(z_t) + h, x̂_t = B z_t' },
  rnn: { name: 'tanh RNN', units: 'N', formula: 'h_{t+1} = tanh(W h_t + b), x̂_t = B h_t' },
};
