/**
 * How long a Lyapunov run averages (issue #11, "runs that stop when they are
 * good enough"): a fixed number of steps (tol = 0), or up to `steps` steps —
 * the cap — stopping at the first checkpoint where the standard error of every
 * exponent the run computes (batch means, core/linalg/batchMeans.ts) is below
 * tol. Checkpoints are counts of measured steps, never times, so a link gives
 * the same numbers on every machine and in the CLI.
 */
export interface RunLength {
  /** Steps averaged, or with tol > 0 the most that may be. */
  steps: number;
  /** 0: a fixed length; > 0: stop once every standard error is below it. */
  tol: number;
}

/** Measured steps between two checks of the errors (a multiple of the 1-D loop's 128-step pieces). */
export const TOL_CHECK_EVERY = 1024;
/** No stop before this many measured steps: enough batches for an error that means something. */
export const TOL_MIN_STEPS = 2048;

/** Why a run ended: its fixed length, every error below tol, or the cap with an error still above it. */
export type StopReason = 'steps' | 'tol' | 'cap';

/** Whether `done` measured steps is a checkpoint of a run with a tolerance. */
export function isCheckpoint(done: number): boolean {
  return done >= TOL_MIN_STEPS && done % TOL_CHECK_EVERY === 0;
}

/** Why a run that is over stopped. */
export function stopReason(len: RunLength, converged: boolean): StopReason {
  return len.tol > 0 ? (converged ? 'tol' : 'cap') : 'steps';
}

/**
 * Steps a run with a tolerance will likely take in all (for progress and the
 * time left): the error falls as 1/√n, so n·(se/tol)², within [n, cap].
 */
export function expectedSteps(len: RunLength, done: number, worstStderr: number): number {
  if (!(len.tol > 0) || !(worstStderr > 0) || !Number.isFinite(worstStderr)) return len.steps;
  return Math.min(len.steps, Math.max(done, TOL_MIN_STEPS, Math.ceil(done * (worstStderr / len.tol) * (worstStderr / len.tol))));
}

/** Arithmetic a run with a tolerance may spend (≈ 10 s of one core): the full spectrum of a large network is capped by cost, not by steps. */
export const AUTO_FLOP_BUDGET = 1e11;
/** …but never capped below the fixed length the lab used before tolerances (so auto never averages fewer steps for cost). */
export const AUTO_MIN_CAP = 10000;

/** The cap of a run with a tolerance whose step costs `flopsPerStep`: the step cap, lowered to the flop budget. */
export function costCap(len: RunLength, flopsPerStep: number): RunLength {
  if (!(len.tol > 0)) return len;
  return { steps: Math.min(len.steps, Math.max(AUTO_MIN_CAP, Math.floor(AUTO_FLOP_BUDGET / flopsPerStep))), tol: len.tol };
}
