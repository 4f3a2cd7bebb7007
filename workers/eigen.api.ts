/**
 * Worker methods of the eigenvalue view, spread into the compute API by
 * createComputeApi. The computation runs in steps (eigenViewSteps): the matrix
 * spectrum, then one Newton start at a time; between steps the worker yields
 * once a slice is used up, so a newer request (setLatest of the lane) drops
 * this one before its next Newton start.
 */
import { buffersOf, type JobMeta, type Outcome } from './outcome';
import { transfer } from 'comlink';
import { eigenViewSteps, type EigenRequest, type EigenResult } from '../src/core/vector/eigen';
import { SLICE_MS, now, yieldNow } from './cooperative';

export interface EigenApiContext {
  isStale(lane: string, jobId: number): boolean;
}

export type EigenJobMeta = JobMeta;
export type EigenOutcome<T> = Outcome<T>;

/** Without a context nothing is ever stale (compute.api passes its lanes' isStale). */
const NEVER_STALE: EigenApiContext = { isStale: () => false };

export function createEigenApi(ctx: EigenApiContext = NEVER_STALE) {
  const cancelled = (m: EigenJobMeta): EigenOutcome<never> => ({ ok: false, jobId: m.jobId, code: 'CANCELLED', message: 'superseded by a newer request' });

  return {
    async eigenView(req: EigenRequest, meta: EigenJobMeta): Promise<EigenOutcome<EigenResult>> {
      try {
        if (ctx.isStale(meta.lane, meta.jobId)) return cancelled(meta);
        const steps = eigenViewSteps(req);
        let t0 = now();
        let r = steps.next();
        while (!r.done) {
          if (now() - t0 > SLICE_MS) {
            await yieldNow();
            if (ctx.isStale(meta.lane, meta.jobId)) return cancelled(meta);
            t0 = now();
          }
          r = steps.next();
        }
        const out: EigenOutcome<EigenResult> = { ok: true, jobId: meta.jobId, value: r.value };
        return transfer(out, buffersOf(r.value));
      } catch (e) {
        return { ok: false, jobId: meta.jobId, code: 'ERROR', message: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
