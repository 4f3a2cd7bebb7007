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
 * - trainNetwork(id): the run's model as it stands, as a network the other
 *   views import (core/training/trainedNetwork.ts), or null when the run is gone;
 * - trainPreview(data): the data's description, λ_max, τ_pred and first rows
 *   (shown before any training);
 * - tauSweepTask: one model of the τ sweep, trained to the end (a newer job
 *   of the lane — setLatest — stops it within one slice), its progress
 *   reported through `onProgress` (a Comlink proxy) at most every 150 ms.
 *
 * All of them are jobs (core/jobs/trainJob.ts) run by the driver, so a run's
 * chunk shares the worker slice by slice with the views' jobs.
 */
import type { JobMeta, Outcome } from './outcome';
import { TrainJob, createTrainJob, dataInfoJob, tauTask, type DataInfo, type DataSpec, type TauResult, type TauTask, type TrainChunk, type TrainInfo, type TrainSetup } from '../src/core/jobs/trainJob';
import type { TrainConfig } from '../src/core/training/trainLoop';
import { trainedNetwork, type TrainedNetwork } from '../src/core/training/trainedNetwork';
import { now } from './cooperative';
import { createDriver, type Driver } from './driver';

export type TrainingJobMeta = JobMeta;
export type TrainingOutcome<T> = Outcome<T>;

/** Runs kept per worker (the page drops the ones it no longer shows; this bounds a leak). */
const MAX_RUNS = 3;

/** The runs' own lane: identified by the run id, never superseded (the page stops calling instead). */
const RUN_LANE = 'training-run';
const never = () => false;

export function createTrainingApi(driver: Driver = createDriver()) {
  const runs = new Map<number, TrainJob>();

  return {
    trainCreate(setup: TrainSetup, id: number): Promise<TrainingOutcome<TrainInfo>> {
      runs.delete(id);
      const keep = (job: TrainJob) => {
        runs.set(id, job);
        while (runs.size > MAX_RUNS) runs.delete(runs.keys().next().value!);
      };
      return driver.run('trainCreate', { lane: RUN_LANE, jobId: id }, () => createTrainJob(setup, keep), { stale: never });
    },

    async trainAdvance(id: number, budgetMs: number): Promise<TrainingOutcome<TrainChunk>> {
      const job = runs.get(id);
      if (!job) return { ok: false, jobId: id, code: 'CANCELLED', message: 'this training run is no longer in the worker' };
      const out = await driver.run('trainAdvance', { lane: RUN_LANE, jobId: id }, () => job.advanceSteps(Math.max(1, Math.min(1000, budgetMs)), now), { stale: never });
      // a run that threw is not resumed
      if (!out.ok) runs.delete(id);
      return out;
    },

    trainDrop(id: number): void {
      runs.delete(id);
    },

    trainNetwork(id: number): TrainedNetwork | null {
      const job = runs.get(id);
      return job ? trainedNetwork(job.trainer.layout, job.trainer.theta) : null;
    },

    trainPreview: (data: DataSpec): Promise<TrainingOutcome<DataInfo>> => driver.run('trainPreview', { lane: RUN_LANE, jobId: 0 }, () => dataInfoJob(data), { stale: never }),

    tauSweepTask: (data: DataSpec, base: TrainConfig, task: TauTask, meta: TrainingJobMeta, onProgress?: (steps: number) => void): Promise<TrainingOutcome<TauResult>> =>
      driver.run('tauSweepTask', meta, () => tauTask(data, base, task, now), { onPartial: onProgress, reportMs: 150 }),
  };
}
