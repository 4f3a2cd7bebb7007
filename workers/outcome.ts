/**
 * What every worker API shares: a job's lane and id, its outcome (expected
 * failures are values, not exceptions), and the buffers a result transfers.
 * Kept apart from compute.api so the plug-in APIs it spreads in can import it.
 */

export interface JobMeta {
  /** Independent stream of requests (one per panel). */
  lane: string;
  /** Increasing per lane; a job older than the lane's latest is stale. */
  jobId: number;
  /** Reference seconds of work the job may spend (core/cost.ts); beyond them it ends OVER_BUDGET. None: unlimited. */
  limitS?: number;
}

export type Outcome<T> =
  | { ok: true; jobId: number; value: T }
  | { ok: false; jobId: number; code: 'CANCELLED' | 'ERROR'; message: string }
  /** The job used its allowance of work (JobMeta.limitS) before it was done: the view asks for Start. */
  | { ok: false; jobId: number; code: 'OVER_BUDGET'; message: string; spentS: number };

/** Unique buffers of every typed array reachable from a result. */
export function buffersOf(value: unknown, seen = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) seen.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) buffersOf(v, seen);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) buffersOf(v, seen);
  }
  return [...seen];
}
