/** What a cell of a phase map shows (core/jobs/phaseJob.ts): kept apart so the parameter table can name them without the job's imports. */
export const PHASE_QUANTITIES = ['lambda-max', 'lambda-mean', 'p3', 'p2', 'kind'] as const;
export type PhaseQuantity = (typeof PHASE_QUANTITIES)[number];
