/**
 * Worker methods of the training lab, spread into the compute API by
 * createComputeApi. A training run lives in the worker between calls:
 *
 * - trainCreate(setup, id): build the data and the model (evaluated once at
 *   step 0); returns what the page shows before the first step;
 * - trainAdvance(id, budgetMs): train until the budget is used up, return the
 *   losses, gradient norms and evaluations of those steps. The page calls it
 *   again and again while the run is not paused: pause is simply not calling,
 *   so a paused run keeps its state exactly;
 * - trainDrop(id): forget a run (reset, or a changed parameter);
 * - trainPreview(data): the data's description, λ_max, τ_pred and first rows
 *   (shown before any training);
 * - tauSweepTask: one model of the τ sweep, trained to the end in ~8 ms slices
 *   (a newer job of the lane — setLatest — stops it within one slice), its
 *   progress reported through `onProgress` (a Comlink proxy).
 */
import { buffersOf, type JobMeta, type Outcome } from './outcome';
import { transfer } from 'comlink';
import { TrainJob, dataInfo, tauTask, type DataInfo, type DataSpec, type TauResult, type TauTask, type TrainChunk, type TrainInfo, type TrainSetup } from '../src/core/jobs/trainJob';
import type { TrainConfig } from '../src/core/training/trainLoop';
import { SLICE_MS, now, yieldNow } from './cooperative';

export interface TrainingApiContext {
  isStale(lane: string, jobId: number): boolean;
}

export type TrainingJobMeta = JobMeta;
export type TrainingOutcome<T> = Outcome<T>;

/** Runs kept per worker (the page drops the ones it no longer shows; this bounds a leak). */
const MAX_RUNS = 3;

const NEVER_STALE: TrainingApiContext = { isStale: () => false };

export function createTrainingApi(ctx: TrainingApiContext = NEVER_STALE) {
  const runs = new Map<number, TrainJob>();
  function ok<T>(jobId: number, value: T): TrainingOutcome<T> {
    return transfer({ ok: true as const, jobId, value }, buffersOf(value));
  }
  const failed = (jobId: number, e: unknown): TrainingOutcome<never> => ({ ok: false, jobId, code: 'ERROR', message: e instanceof Error ? e.message : String(e) });

  return {
    trainCreate(setup: TrainSetup, id: number): TrainingOutcome<TrainInfo> {
      try {
        runs.delete(id);
        const job = new TrainJob(setup);
        runs.set(id, job);
        while (runs.size > MAX_RUNS) runs.delete(runs.keys().next().value!);
        return ok(id, job.info());
      } catch (e) {
        return failed(id, e);
      }
    },

    trainAdvance(id: number, budgetMs: number): TrainingOutcome<TrainChunk> {
      const job = runs.get(id);
      if (!job) return { ok: false, jobId: id, code: 'CANCELLED', message: 'this training run is no longer in the worker' };
      try {
        return ok(id, job.advance(Math.max(1, Math.min(1000, budgetMs)), now));
      } catch (e) {
        runs.delete(id);
        return failed(id, e);
      }
    },

    trainDrop(id: number): void {
      runs.delete(id);
    },

    trainPreview(data: DataSpec): TrainingOutcome<DataInfo> {
      try {
        return ok(0, dataInfo(data));
      } catch (e) {
        return failed(0, e);
      }
    },

    async tauSweepTask(data: DataSpec, base: TrainConfig, task: TauTask, meta: TrainingJobMeta, onProgress?: (steps: number) => void): Promise<TrainingOutcome<TauResult>> {
      try {
        if (ctx.isStale(meta.lane, meta.jobId)) return { ok: false, jobId: meta.jobId, code: 'CANCELLED', message: 'superseded by a newer request' };
        const gen = tauTask(data, base, task, now);
        let t0 = now();
        let told = t0;
        let r = gen.next();
        while (!r.done) {
          const t = now();
          if (t - t0 > SLICE_MS) {
            if (onProgress && t - told > 150) {
              onProgress(r.value);
              told = t;
            }
            await yieldNow();
            if (ctx.isStale(meta.lane, meta.jobId)) return { ok: false, jobId: meta.jobId, code: 'CANCELLED', message: 'superseded by a newer request' };
            t0 = now();
          }
          r = gen.next();
        }
        return { ok: true, jobId: meta.jobId, value: r.value };
      } catch (e) {
        return failed(meta.jobId, e);
      }
    },
  };
}
