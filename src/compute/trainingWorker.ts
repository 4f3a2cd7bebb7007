/**
 * A pool worker as the training runner and the τ sweep see it: the training
 * methods of the compute API (create / advance / drop a model the worker keeps,
 * the data preview, one τ-sweep model with its progress) and the τ-sweep lane's
 * cancel.
 */
import type { TrainConfig } from '../core/training/trainLoop';
import type { DataInfo, DataSpec, TauResult, TauTask, TrainChunk, TrainInfo, TrainSetup } from '../core/jobs/trainJob';
import type { TrainedNetwork } from '../core/training/trainedNetwork';
import type { createTrainingApi, TrainingOutcome } from '../../workers/training.api';
import { partialSink } from './partials';
import type { RemoteApi, WorkerHandle } from './workerHandle';

type TrainingApi = ReturnType<typeof createTrainingApi>;
type TrainingRemote = { [K in keyof TrainingApi]: (...args: Parameters<TrainingApi[K]>) => Promise<Awaited<ReturnType<TrainingApi[K]>>> };
/** The training methods of a worker (spread into the compute API). */
const training = (api: RemoteApi): TrainingRemote => api as unknown as TrainingRemote;

export interface TrainingWorker {
  create(setup: TrainSetup, id: number): Promise<TrainingOutcome<TrainInfo>>;
  advance(id: number, budgetMs: number): Promise<TrainingOutcome<TrainChunk>>;
  drop(id: number): void;
  /** The run's model as it stands, as a network to import (null: the run is gone). */
  network(id: number): Promise<TrainedNetwork | null>;
  preview(data: DataSpec): Promise<TrainingOutcome<DataInfo>>;
  tauTask(data: DataSpec, base: TrainConfig, task: TauTask, jobId: number, onProgress: (steps: number) => void): Promise<TrainingOutcome<TauResult>>;
  cancelBefore(jobId: number): void;
}

export const TAU_LANE = 'tausweep';

export function trainingWorkerOf(h: WorkerHandle): TrainingWorker {
  return {
    create: (setup, id) => h.call((api) => training(api).trainCreate(setup, id)),
    advance: (id, budget) => h.call((api) => training(api).trainAdvance(id, budget)),
    drop: (id) => h.notify((api) => training(api).trainDrop(id)),
    network: (id) => h.call((api) => training(api).trainNetwork(id)),
    preview: (data) => h.call((api) => training(api).trainPreview(data)),
    tauTask: (data, base, task, jobId, onProgress) => {
      const progress = partialSink(onProgress);
      return h.call((api) => training(api).tauSweepTask(data, base, task, { lane: TAU_LANE, jobId }, progress.callback)).finally(progress.close);
    },
    cancelBefore: (jobId) => h.notify((api) => api.setLatest(TAU_LANE, jobId)),
  };
}
