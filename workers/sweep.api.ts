/**
 * Worker methods of the chaos-probability sweep, spread into the compute
 * API by createComputeApi; the jobs are in core/jobs/sweepJob.ts.
 *
 * - sweepCalibrate: ms per network for each width (at the middle g), so the
 *   page can show the estimated time before a long run.
 * - sweepTasks: a batch of (width, g, samples) cells, one network at a time,
 *   so that a cancel (setLatest of the lane) is noticed within one slice.
 *   Counts come back as small plain objects.
 */
import type { JobMeta, Outcome } from './outcome';
import type { CellTask, SweepConfig } from '../src/core/interval/sweep';
import { sweepCalibrateJob, sweepTasksJob, type CalibrateOptions } from '../src/core/jobs/sweepJob';
import { now } from './cooperative';
import type { Driver } from './driver';
export { calibrationGs, type CalibrateOptions, type Calibration } from '../src/core/jobs/sweepJob';

export type SweepJobMeta = JobMeta;
export type SweepOutcome<T> = Outcome<T>;

export function createSweepApi(driver: Driver) {
  return {
    sweepCalibrate: (cfg: SweepConfig, meta: SweepJobMeta, opts: CalibrateOptions = {}) => driver.run('sweepCalibrate', meta, () => sweepCalibrateJob(cfg, opts, now)),
    sweepTasks: (cfg: SweepConfig, tasks: CellTask[], meta: SweepJobMeta) => driver.run('sweepTasks', meta, () => sweepTasksJob(cfg, tasks)),
  };
}
