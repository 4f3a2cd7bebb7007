/**
 * Worker method of the gradient meter, spread into the compute API by
 * createComputeApi. The job (core/gradients/gradients.ts) runs in time slices: between
 * slices the worker yields, so a newer request (setLatest of the lane) stops
 * this one; partial results (λ_max, then each window of the meter, the BPTT
 * panel) go to `onPartial` (a Comlink proxy) as they come.
 */
import type { JobMeta, Outcome } from './outcome';
import { transfer } from 'comlink';
import { runGradientJob, type GradientRequest, type GradientResult } from '../src/core/gradients/gradients';
import { SLICE_MS, now, yieldNow } from './cooperative';

export interface GradientsApiContext {
  isStale(lane: string, jobId: number): boolean;
}

export type GradientsJobMeta = JobMeta;
export type GradientsOutcome<T> = Outcome<T>;

/** The buffers of a result's typed arrays (each once). */
function buffersOf(r: GradientResult): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView) => {
    if (a.buffer instanceof ArrayBuffer) seen.add(a.buffer);
  };
  for (const a of [r.logNorm, r.bandLo, r.bandHi, r.free, r.svH, r.sv, r.svSlopes]) add(a);
  if (r.bptt) for (const a of [r.bptt.T, r.bptt.current, r.bptt.reference]) add(a);
  return [...seen];
}

/** Without a context nothing is ever stale (compute.api passes its lanes' isStale). */
const NEVER_STALE: GradientsApiContext = { isStale: () => false };

export function createGradientsApi(ctx: GradientsApiContext = NEVER_STALE) {
  const cancelled = (m: GradientsJobMeta): GradientsOutcome<never> => ({ ok: false, jobId: m.jobId, code: 'CANCELLED', message: 'superseded by a newer request' });

  return {
    /**
     * The gradient meter and the BPTT panel for one state; `onPartial`
     * receives the growing result (structured-cloned; the final one is transferred).
     */
    async gradientMeter(req: GradientRequest, meta: GradientsJobMeta, onPartial?: (p: GradientResult) => void): Promise<GradientsOutcome<GradientResult>> {
      try {
        if (ctx.isStale(meta.lane, meta.jobId)) return cancelled(meta);
        const out = await runGradientJob(req, {
          yieldNow,
          now,
          sliceMs: SLICE_MS,
          stale: () => ctx.isStale(meta.lane, meta.jobId),
          partial: (p) => onPartial?.(p),
        });
        if (!out) return cancelled(meta);
        const res: GradientsOutcome<GradientResult> = { ok: true, jobId: meta.jobId, value: out };
        return transfer(res, buffersOf(out));
      } catch (e) {
        return { ok: false, jobId: meta.jobId, code: 'ERROR', message: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

export type GradientsApi = ReturnType<typeof createGradientsApi>;
