/**
 * Worker method of the eigenvalue view, spread into the compute API by
 * createComputeApi: the job (eigenViewSteps) pauses after the matrix
 * spectrum and after every Newton step, so a newer request (setLatest of the
 * lane) drops this one within a slice.
 */
import type { JobMeta, Outcome } from './outcome';
import { eigenViewSteps, type EigenRequest } from '../src/core/vector/eigen';
import { createDriver, type Driver } from './driver';

export type EigenJobMeta = JobMeta;
export type EigenOutcome<T> = Outcome<T>;

/** Without a driver of the compute API, one of its own (nothing stale until told). */
export function createEigenApi(driver: Driver = createDriver()) {
  return {
    eigenView: (req: EigenRequest, meta: EigenJobMeta) => driver.run('eigenView', meta, () => eigenViewSteps(req)),
  };
}
