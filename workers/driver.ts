/**
 * The one driver of the workers' jobs. Every worker method is a request, a job
 * (a generator in src/core, see core/job.ts) and this driver, which
 *
 * - runs the job in slices of ~SLICE_MS and gives the thread back between
 *   them (yieldNow), so queued messages are read: a newer request's
 *   `setLatest`, or another lane's job, which then runs its own slices in
 *   between (jobs on one worker interleave slice by slice);
 * - checks between slices whether the job went stale (its lane moved on) and
 *   then drops it: CANCELLED within one slice;
 * - forwards partial results, at most one per `reportMs`;
 * - returns the final result with its buffers transferred, and expected
 *   failures (cancelled, an exception) as values (`Outcome`).
 *
 * No DOM and no worker globals: tests run it in Node.
 */
import { transfer } from 'comlink';
import type { Job } from '../src/core/job';
import { SLICE_MS, now, yieldNow } from './cooperative';
import { buffersOf, type JobMeta, type Outcome } from './outcome';
import { OverBudget, meterOf, withMeter } from '../src/core/cost';

/** How the driver slices time (injectable for tests). */
export interface Slicing {
  sliceMs: number;
  now(): number;
  yieldNow(): Promise<void>;
}

export const WORKER_SLICING: Slicing = { sliceMs: SLICE_MS, now, yieldNow };

export interface DriveOptions<P> {
  /** The job was superseded: asked before it starts and after every slice. */
  stale?(): boolean;
  /** Partial results (a Comlink proxy): the first at once, then at most one per reportMs. */
  onPartial?(p: P): void;
  /** Milliseconds between partial results (default 100; 0: every one the job yields). */
  reportMs?: number;
  /** Every final value, before its buffers are transferred (tests). */
  onResult?(value: unknown): void;
  slicing?: Slicing;
  /** Reference seconds of work allowed (core/cost.ts); none: unlimited. */
  limitS?: number;
}

export const cancelledOutcome = (jobId: number): Outcome<never> => ({ ok: false, jobId, code: 'CANCELLED', message: 'superseded by a newer request' });

export const failedOutcome = (jobId: number, e: unknown): Outcome<never> => ({ ok: false, jobId, code: 'ERROR', message: e instanceof Error ? e.message : String(e) });

/** Run a job to its outcome in time slices. `start` makes the job (not called if already stale). */
export async function drive<R, P>(jobId: number, start: () => Job<R, P>, o: DriveOptions<P> = {}): Promise<Outcome<R>> {
  const { sliceMs, now: clock, yieldNow: pause } = o.slicing ?? WORKER_SLICING;
  const stale = o.stale ?? (() => false);
  const reportMs = o.reportMs ?? 100;
  if (stale()) return cancelledOutcome(jobId);
  let job: Job<R, P> | null = null;
  // what the job charges (core/cost.ts) goes to its own meter, slice by slice
  const meter = o.limitS !== undefined ? meterOf(o.limitS) : null;
  try {
    job = start();
    let t0 = clock();
    let told = -Infinity;
    for (;;) {
      const j = job;
      const r = withMeter(meter, () => j.next());
      if (r.done) {
        o.onResult?.(r.value);
        return transfer({ ok: true as const, jobId, value: r.value }, buffersOf(r.value));
      }
      const t = clock();
      if (r.value !== undefined && o.onPartial && t - told >= reportMs) {
        told = t;
        o.onPartial(r.value);
      }
      if (t - t0 >= sliceMs) {
        await pause();
        if (stale()) {
          // let the job release what it holds (its `finally` blocks)
          job.return(undefined as never);
          return cancelledOutcome(jobId);
        }
        t0 = clock();
      }
    }
  } catch (e) {
    if (e instanceof OverBudget) return { ok: false, jobId, code: 'OVER_BUDGET', message: e.message, spentS: e.spentS };
    return failedOutcome(jobId, e);
  }
}

/** A job running in this worker (for tests and the browser tests' probe). */
export interface RunningJob extends JobMeta {
  name: string;
}

export interface Driver {
  /** Run a named job of a lane; stale once the lane's latest job is newer. */
  run<R, P = never>(name: string, meta: JobMeta, start: () => Job<R, P>, o?: Pick<DriveOptions<P>, 'onPartial' | 'reportMs' | 'stale'>): Promise<Outcome<R>>;
  /** Jobs of `lane` older than `jobId` are stale. */
  setLatest(lane: string, jobId: number): void;
  isStale(meta: JobMeta): boolean;
  /** The jobs running now. */
  running(): RunningJob[];
}

export interface DriverOptions {
  /** Staleness from elsewhere (tests); by default the driver's own table, fed by setLatest. */
  isStale?(lane: string, jobId: number): boolean;
  onResult?(value: unknown): void;
  slicing?: Slicing;
}

/** The driver of one worker: the lanes' latest job ids and the jobs running. */
export function createDriver(opts: DriverOptions = {}): Driver {
  const latest = new Map<string, number>();
  const running = new Set<RunningJob>();
  const isStale = (m: JobMeta) => (opts.isStale ? opts.isStale(m.lane, m.jobId) : (latest.get(m.lane) ?? 0) > m.jobId);
  return {
    async run(name, meta, start, o = {}) {
      const entry: RunningJob = { name, lane: meta.lane, jobId: meta.jobId };
      running.add(entry);
      try {
        return await drive(meta.jobId, start, { ...o, stale: o.stale ?? (() => isStale(meta)), onResult: opts.onResult, slicing: opts.slicing, limitS: meta.limitS });
      } finally {
        running.delete(entry);
      }
    },
    setLatest(lane, jobId) {
      if (jobId > (latest.get(lane) ?? 0)) latest.set(lane, jobId);
    },
    isStale,
    running: () => [...running].map((r) => ({ ...r })),
  };
}
