/**
 * The training lab's τ sweep: small models for every τ of `tsw` (and plain
 * BPTT as the reference), spread over the whole pool, progressive and
 * cancellable; a change of what it depends on restarts a running sweep and
 * marks a finished one outdated. The lifecycle (Start, Cancel, restart on a
 * change, the workers pulling models, crash retries) is RestartableRun's,
 * shared with the chaos-probability sweep; here the models and their progress.
 */
import { predictabilityTime } from '../core/training/lorenz';
import type { TrainConfig } from '../core/training/trainLoop';
import { TAU_SWEEP_MAX_STEPS, tauTasks, type DataSpec, type TauResult, type TauTask } from '../core/jobs/trainJob';
import type { TrainingOutcome } from '../../workers/training.api';
import { RestartableRun, type RunRecord, type RunState } from './restartableRun';
import type { TrainingWorker } from './trainingWorker';

export type TauSweepState = 'idle' | RunState;

export interface TauSweepView {
  state: TauSweepState;
  /** The τ values of the run shown (or of the parameters while idle). */
  taus: number[];
  tasks: TauTask[];
  results: (TauResult | null)[];
  /** Training steps done and in all (over every model). */
  stepsDone: number;
  stepsTotal: number;
  stepsPerModel: number;
  startedAt: number;
  endedAt: number | null;
  /** τ_pred of the data (null: unknown). */
  tauPred: number | null;
  /** The results are for other parameters than the current ones. */
  outdated: boolean;
  restarts: number;
  message: string | null;
  workers: number;
  /** Model, data and sizes of the sweep (for the caption). */
  base: TrainConfig | null;
  dataLabel: string;
}

interface SweepRun extends RunRecord {
  data: DataSpec;
  base: TrainConfig;
  tasks: TauTask[];
  next: number;
  /** Tasks whose worker crashed, to be trained again. */
  retry: number[];
  results: (TauResult | null)[];
  progress: number[];
  dataLabel: string;
}

export interface TauSweepConfig {
  key: string;
  data: DataSpec | null;
  base: TrainConfig;
  taus: number[];
  tauPred: number | null;
  dataLabel: string;
  error: string | null;
}

/** One call trains one model: a batch is the index of its task. */
export class TauSweepManager extends RestartableRun<TauSweepConfig, SweepRun, TrainingWorker, number, TauResult, TauSweepView> {
  constructor(workers: TrainingWorker[], onView: (v: TauSweepView) => void, now: () => number = () => performance.now()) {
    if (!workers.length) throw new Error('the τ sweep needs at least one worker');
    super({ workers, onView, now, maxCrashes: 2 * workers.length });
  }

  setConfig(cfg: TauSweepConfig): void {
    if (this.cfg && cfg.key === this.cfg.key && cfg.error === this.cfg.error) return;
    this.configure(cfg, cfg.key);
  }

  override view(): TauSweepView {
    const r = this.run;
    const cfg = this.cfg;
    const base = r?.base ?? cfg?.base ?? null;
    const per = base ? Math.min(base.steps, TAU_SWEEP_MAX_STEPS) : 0;
    const taus = r ? [...new Set(r.tasks.filter((t) => t.method === 'stf').map((t) => t.tau))] : (cfg?.taus ?? []);
    const tasks = r?.tasks ?? (cfg ? tauTasks(cfg.taus, cfg.base.seed) : []);
    const results = r?.results ?? tasks.map(() => null);
    const learnt = results.find((x) => x && x.dataLambda !== null && x.dataLambda > 0);
    return {
      state: r?.state ?? 'idle',
      taus,
      tasks,
      results,
      stepsDone: r ? r.progress.reduce((s, v, i) => s + (results[i] ? per : Math.min(per, v)), 0) : 0,
      stepsTotal: tasks.length * per,
      stepsPerModel: per,
      startedAt: r?.startedAt ?? 0,
      endedAt: r?.endedAt ?? null,
      tauPred: cfg?.tauPred ?? (learnt ? predictabilityTime(learnt.dataLambda!) : null),
      outdated: !!r && !!cfg && r.key !== cfg.key,
      restarts: this.restarts,
      message: r?.message ?? (r ? null : (cfg?.error ?? null)),
      workers: this.workers.length,
      base,
      dataLabel: r?.dataLabel ?? cfg?.dataLabel ?? '',
    };
  }

  /** Without data (a CSV still to be chosen) there is nothing to train on. */
  protected override canRun(cfg: TauSweepConfig): boolean {
    return !!cfg.data;
  }

  protected override newRun(cfg: TauSweepConfig, record: RunRecord): SweepRun {
    const tasks = tauTasks(cfg.taus, cfg.base.seed);
    return {
      ...record,
      data: cfg.data!,
      base: cfg.base,
      tasks,
      next: 0,
      retry: [],
      results: tasks.map(() => null),
      progress: tasks.map(() => 0),
      dataLabel: cfg.dataLabel,
    };
  }

  protected override take(run: SweepRun): number | null {
    return run.retry.length ? run.retry.shift()! : run.next < run.tasks.length ? run.next++ : null;
  }

  protected override dispatch(w: TrainingWorker, run: SweepRun, i: number): Promise<TrainingOutcome<TauResult>> {
    return w.tauTask(run.data, run.base, run.tasks[i], run.jobId, (steps) => {
      if (!this.isCurrent(run)) return;
      run.progress[i] = steps;
      this.emit();
    });
  }

  /** A crashed worker is restarted by the next call: the model is trained again from the start. */
  protected override requeue(run: SweepRun, i: number): void {
    run.progress[i] = 0;
    run.retry.push(i);
  }

  protected override accept(run: SweepRun, i: number, result: TauResult): boolean {
    run.results[i] = result;
    return run.results.every((r) => r !== null);
  }

  protected override markStaleOn(w: TrainingWorker, jobId: number): void {
    w.cancelBefore(jobId);
  }
}
