/**
 * The CLI's dispatch: the quantity a parsed command asks for, computed by its
 * family's module (map1dQuantities, vectorQuantities, chaosProbability,
 * gradientsQuantity, train, phase), as one Output. (`merge` is main's: merge.ts.)
 */
import { isModel1D } from '../core/models';
import { computeTrain, type TrainOutput } from './train';
import { UsageError, type CliArgs } from './args';
import type { RunState } from './state';
import type { Progress } from './quantitySupport';
import { computeBifurcation, computeLaps, computeLyapunov, computeOrbit, computePeriodic, type BifurcationOutput, type LapsOutput, type LyapunovOutput, type OrbitOutput, type PeriodicOutput } from './map1dQuantities';
import { computeEigen, computeLyapunovND, computeOrbitND, type EigenOutput, type LyapunovNDOutput, type OrbitNDOutput } from './vectorQuantities';
import { computeChaosProbability, type ChaosProbabilityOutput } from './chaosProbability';
import { computeGradientsCli, type GradientsOutput } from './gradientsQuantity';
import { computePhase, type PhaseOutput } from './phase';

export type Output =
  | { quantity: 'orbit'; data: OrbitOutput | OrbitNDOutput }
  | { quantity: 'lyapunov'; data: LyapunovOutput | LyapunovNDOutput }
  | { quantity: 'eigen'; data: EigenOutput }
  | { quantity: 'bifurcation'; data: BifurcationOutput }
  | { quantity: 'periodic'; data: PeriodicOutput }
  | { quantity: 'laps'; data: LapsOutput }
  | { quantity: 'chaos-probability'; data: ChaosProbabilityOutput }
  | { quantity: 'gradients'; data: GradientsOutput }
  | { quantity: 'train'; data: TrainOutput }
  | { quantity: 'phase'; data: PhaseOutput };

export function compute(args: CliArgs, s: RunState, progress?: Progress): Output {
  switch (args.quantity) {
    case 'orbit':
      return { quantity: 'orbit', data: !isModel1D(s.params.model) ? computeOrbitND(s, args.steps) : computeOrbit(s, args.steps) };
    case 'lyapunov':
      if (!isModel1D(s.params.model)) return { quantity: 'lyapunov', data: computeLyapunovND(s, args, progress) };
      if (args.exponents !== null) throw new UsageError(`--exponents applies to the vector models (rnn, plrnn, henon), not to model=${s.params.model}`);
      return { quantity: 'lyapunov', data: computeLyapunov(s, args.steps, args.transient) };
    case 'eigen':
      return { quantity: 'eigen', data: computeEigen(s) };
    case 'bifurcation':
      return { quantity: 'bifurcation', data: computeBifurcation(s, args.cols, args.transient, args.keep) };
    case 'periodic':
      return { quantity: 'periodic', data: computePeriodic(s, args.maxPeriod) };
    case 'laps':
      return { quantity: 'laps', data: computeLaps(s, args.steps, args.window) };
    case 'chaos-probability':
      return { quantity: 'chaos-probability', data: computeChaosProbability(s, args, progress) };
    case 'gradients':
      return { quantity: 'gradients', data: computeGradientsCli(s, args, progress) };
    case 'train':
      return { quantity: 'train', data: computeTrain(s, args.steps, progress) };
    case 'phase':
      return { quantity: 'phase', data: computePhase(s, args, progress) };
    case 'merge':
      throw new Error('merge joins files, it computes nothing (main runs mergeFiles)');
  }
}
