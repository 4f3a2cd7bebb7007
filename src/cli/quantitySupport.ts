/**
 * What the CLI's quantity modules share: the model of the state (1-D or
 * vector, with the message that refuses the other family), finite-or-null for
 * the printed numbers, and the progress callback with its reporting cadence.
 */
import { MODEL_LIST, buildMapND, isModel1D, type ModelParams } from '../core/models';
import type { MapND } from '../core/models';
import { modelParams } from '../params/requests';
import { UsageError, type Quantity } from './args';
import type { RunState } from './state';

/** Reports progress of a long computation (stderr in the CLI). */
export type Progress = (message: string) => void;

/** Progress lines only for runs that take a while: the first after 2 s, then every 5 s. */
export const PROGRESS_FIRST_MS = 2000;
export const PROGRESS_EVERY_MS = 5000;

/** The ids of a family's models, for messages. */
export function familyNames(family: '1d' | 'vector'): string {
  return MODEL_LIST.filter((m) => m.family === family)
    .map((m) => m.id)
    .join(', ');
}

/** The 1-D model of the state; the 1-D quantities refuse the vector models. */
export function oneD(s: RunState, q: Quantity): ModelParams {
  if (!isModel1D(s.params.model)) {
    throw new UsageError(`${q} is computed for the 1-D models (${familyNames('1d')}), not for model=${s.params.model}; for the vector models use orbit, lyapunov or eigen`);
  }
  return modelParams(s.params);
}

/** The vector map of the state (seeded or imported), as the app's workers build it. */
export function vectorMap(s: RunState): MapND {
  return buildMapND(modelParams(s.params), s.imported);
}

export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
