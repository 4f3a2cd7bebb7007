/**
 * From the link's parameters to a training run (the app's runner and the CLI
 * read them the same way, so the same link gives the same run everywhere).
 */
import type { Params } from './spec';
import { LORENZ_DT, lorenzLambdaPerStep, predictabilityTime } from '../core/training/lorenz';
import type { RnnDataSpec } from '../core/training/trainData';
import type { TrainConfig } from '../core/training/trainLoop';

/**
 * The random RNN whose trajectory is the 'rnn' data: the Explore view's RNN
 * when the link's model is rnn (its N, g, law, φ, σ_b and seed; input ignored),
 * else the lab's default RNN (N = 64, g = 2, Gaussian law, tanh, σ_b = 0.1) with the link's seed.
 */
export function rnnDataSpec(p: Params): RnnDataSpec {
  if (p.model === 'rnn') return { k: p.k, g: p.g, sb: p.sb, wl: p.wl, act: p.act, seed: p.seed };
  return { k: 64, g: 2, sb: 0.1, wl: 'gauss', act: 'tanh', seed: p.seed };
}

/** The training run of the link (tmod, tM, tmeth, ttau, talpha, tclip, tT, tlr, tep, tms, seed). */
export function trainConfigOf(p: Params): TrainConfig {
  return { model: p.tmod, m: p.tM, method: p.tmeth, tau: p.ttau, alpha: p.talpha, clip: p.tclip, T: p.tT, lr: p.tlr, steps: p.tep, seed: p.seed, measures: p.tms };
}

/** τ_pred of the data when it is known without running anything (Lorenz, logistic map). */
export function knownTauPred(p: Params): number | null {
  if (p.td === 'lorenz') return predictabilityTime(lorenzLambdaPerStep(LORENZ_DT));
  if (p.td === 'logistic') return 1;
  return null;
}
