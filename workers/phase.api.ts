/**
 * Worker methods of the phase view (the jobs are in core/jobs/phaseJob.ts),
 * spread into the compute API by createComputeApi:
 *
 * - phaseCells: a batch of cells of a map, one cell run after another, so a
 *   cancel (setLatest of the lane) is noticed within one slice;
 * - phaseLine: the mean-field critical line at some values of the non-g axis.
 */
import type { JobMeta } from './outcome';
import { criticalLineJob, phaseCellsJob, type PhaseJobRequest } from '../src/core/jobs/phaseJob';
import type { Driver } from './driver';

export function createPhaseApi(driver: Driver) {
  return {
    phaseCells: (req: PhaseJobRequest, cells: number[], meta: JobMeta) => driver.run('phaseCells', meta, () => phaseCellsJob(req, cells)),
    phaseLine: (req: PhaseJobRequest, at: number[], meta: JobMeta) => driver.run('phaseLine', meta, () => criticalLineJob(req, at)),
  };
}
