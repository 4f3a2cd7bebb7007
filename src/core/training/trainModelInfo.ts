/** The models of the training lab in words (a light module: the views read it). */
export type TrainModelKind = 'plrnn' | 'rnn' | 'gru' | 'lstm';

/**
 * Short name, the latent state's letter, the formula with its read-out (x_t
 * marks a subscript) and the part of the state teacher forcing replaces or mixes
 * (gatedTrain.ts for the GRU and LSTM: h; the LSTM's c is kept).
 */
export const TRAIN_MODEL_INFO: Record<TrainModelKind, { name: string; units: string; formula: string; forced: string }> = {
  plrnn: { name: 'PLRNN', units: 'M', formula: 'z_{t+1} = A z_t + W·ReLU(z_t) + h, x̂_t = B z_t', forced: 'z' },
  rnn: { name: 'tanh RNN', units: 'N', formula: 'h_{t+1} = tanh(W h_t + b), x̂_t = B h_t', forced: 'z' },
  gru: { name: 'GRU', units: 'M', formula: 'h_{t+1} = (1 − z_t)⊙n_t + z_t⊙h_t (PyTorch’s nn.GRU, x = 0), x̂_t = B h_t', forced: 'h' },
  lstm: { name: 'LSTM', units: 'M', formula: 'c_{t+1} = f_t⊙c_t + i_t⊙g_t, h_{t+1} = o_t⊙tanh(c_{t+1}) (PyTorch’s nn.LSTM, x = 0), x̂_t = B h_t', forced: 'h' },
};
