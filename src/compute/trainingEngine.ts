/**
 * The training lab's runner on the engine's workers.
 *
 * One training run at a time, on the first pool worker, which keeps the model
 * between calls: the page asks it for one chunk of steps after another
 * (~100 ms each) while the run is not paused, and publishes the losses,
 * gradient norms and evaluations in `trainingSlot` (at most once per frame).
 *
 * - Start: a new run for the link's parameters (the seed gives the same run);
 *   Pause: no further chunk is asked for (the one in flight is kept: the
 *   state is "pausing" until it is back, then "paused"); Resume; Reset: the
 *   run is dropped.
 * - A change of a parameter the run depends on resets it (never continues a
 *   different run); a finished run stays on screen until then.
 * - The τ sweep: small models for every τ of `tsw` (and plain BPTT as the
 *   reference), spread over the whole pool, progressive, cancellable; a change
 *   of what it depends on restarts a running sweep and marks a finished one outdated.
 *
 * The user's CSV lives in `csvSlot` (this page only: never in the link).
 */
import type { Params, TrainMethod } from '../params/spec';
import type { CsvTable } from '../core/training/csvData';
import { selectColumns } from '../core/training/csvData';
import { predictabilityTime } from '../core/training/lorenz';
import { knownTauPred, rnnDataSpec, trainConfigOf } from '../params/trainRequests';
import type { TrainConfig } from '../core/training/trainLoop';
import { TAU_SWEEP_MAX_STEPS, dataKey, evalEveryFor, tauTasks, type DataInfo, type DataSpec, type EvalSummary, type TauResult, type TauTask, type TrainChunk, type TrainInfo, type TrainSetup } from '../core/jobs/trainJob';
import type { createTrainingApi, TrainingOutcome } from '../../workers/training.api';
import { partialSink } from './partials';
import type { EngineContext, EnginePlugin, Follower } from './lanes';
import { ResultSlot } from './results';
import type { RemoteApi, WorkerHandle } from './workerHandle';

// ---------------------------------------------------------------------------
// The user's CSV (kept in this page)

export interface CsvChoice {
  /** File name or "pasted text". */
  name: string;
  table: CsvTable;
  /** Chosen columns (indices). */
  chosen: number[];
  /** Increases with every new file, so a run knows its data changed. */
  id: number;
}

export const csvSlot = new ResultSlot<CsvChoice>();
let csvSeq = 0;

/** Put a parsed table in place of the current one (columns: the first three by default). */
export function setCsv(name: string, table: CsvTable, chosen?: number[]): void {
  csvSlot.set({ name, table, chosen: chosen ?? Array.from({ length: Math.min(3, table.columns.length) }, (_, i) => i), id: ++csvSeq });
}

export function chooseCsvColumns(chosen: number[]): void {
  const c = csvSlot.get();
  if (c) csvSlot.set({ ...c, chosen: [...chosen].sort((a, b) => a - b), id: ++csvSeq });
}

// ---------------------------------------------------------------------------
// From the link to a run (the mapping of the keys is in core/training/trainParams.ts, shared with the CLI)

export { knownTauPred, rnnDataSpec, trainConfigOf };

export function dataSpecOf(p: Params, csv: CsvChoice | null): DataSpec | { error: string } {
  switch (p.td) {
    case 'lorenz':
      return { kind: 'lorenz' };
    case 'logistic':
      return { kind: 'logistic' };
    case 'rnn':
      return { kind: 'rnn', rnn: rnnDataSpec(p) };
    case 'csv': {
      if (!csv) return { error: 'Paste or drop a CSV file first (it stays in this browser: the link does not carry it).' };
      if (!csv.chosen.length) return { error: 'Choose at least one column of the CSV.' };
      return { kind: 'csv', values: selectColumns(csv.table, csv.chosen), n: csv.chosen.length, columns: csv.chosen.map((c) => csv.table.columns[c]), name: csv.name, id: csv.id };
    }
  }
}

/** The parameters that matter for a method (τ only for sparse forcing, α only for GTF, the norm only for clipping). */
function methodKeys(m: TrainMethod, p: Params): unknown[] {
  return m === 'stf' ? [p.ttau] : m === 'gtf' ? [p.talpha] : m === 'clip' ? [p.tclip] : [];
}

function dataKeyOf(p: Params, csv: CsvChoice | null): unknown {
  if (p.td === 'rnn') return rnnDataSpec(p);
  if (p.td === 'csv') return csv ? [csv.id, csv.chosen] : null;
  return null;
}

/** What a training run depends on: a change of any of these resets it. */
export function trainKey(p: Params, csv: CsvChoice | null): string {
  return JSON.stringify([p.td, dataKeyOf(p, csv), p.tmod, p.tM, p.tmeth, methodKeys(p.tmeth, p), p.tT, p.tlr, p.tep, p.seed]);
}

/** What the τ sweep depends on (it sets the method and τ itself). */
export function sweepKey(p: Params, csv: CsvChoice | null): string {
  return JSON.stringify([p.td, dataKeyOf(p, csv), p.tmod, p.tM, p.tT, p.tlr, p.tep, p.seed, p.tsw]);
}

// ---------------------------------------------------------------------------
// The workers as the runner sees them

type TrainingApi = ReturnType<typeof createTrainingApi>;
type TrainingRemote = { [K in keyof TrainingApi]: (...args: Parameters<TrainingApi[K]>) => Promise<Awaited<ReturnType<TrainingApi[K]>>> };
/** The training methods of a worker (spread into the compute API). */
const training = (api: RemoteApi): TrainingRemote => api as unknown as TrainingRemote;

export interface TrainingWorker {
  create(setup: TrainSetup, id: number): Promise<TrainingOutcome<TrainInfo>>;
  advance(id: number, budgetMs: number): Promise<TrainingOutcome<TrainChunk>>;
  drop(id: number): void;
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
    preview: (data) => h.call((api) => training(api).trainPreview(data)),
    tauTask: (data, base, task, jobId, onProgress) => {
      const progress = partialSink(onProgress);
      return h.call((api) => training(api).tauSweepTask(data, base, task, { lane: TAU_LANE, jobId }, progress.callback)).finally(progress.close);
    },
    cancelBefore: (jobId) => h.notify((api) => api.setLatest(TAU_LANE, jobId)),
  };
}

// ---------------------------------------------------------------------------
// The training run

export type TrainState = 'idle' | 'starting' | 'running' | 'pausing' | 'paused' | 'done' | 'error';

export interface TrainRunView {
  state: TrainState;
  /** trainKey of the run (or of the parameters while idle). */
  key: string;
  setup: TrainSetup | null;
  info: TrainInfo | null;
  /** The data of the current parameters (before a run starts; null until the worker answered). */
  data: DataInfo | null;
  /** loss[i], gradNorm[i]: step i + 1; filled up to stepsDone. */
  loss: Float64Array;
  gradNorm: Float64Array;
  stepsDone: number;
  total: number;
  evals: EvalSummary[];
  /** The latest free-running reconstruction (rows × n). */
  recon: Float64Array | null;
  /** An error, or why the run was reset. */
  message: string | null;
  /** Training time so far (pauses excluded), ms. */
  elapsedMs: number;
  /** Increases with every update (the arrays are filled in place). */
  version: number;
}

export interface TrainingManagerOptions {
  worker: TrainingWorker;
  onView(v: TrainRunView): void;
  now?: () => number;
  /** Time per chunk of steps in the worker (default 100 ms). */
  chunkMs?: number;
}

interface Run {
  id: number;
  key: string;
  setup: TrainSetup;
  info: TrainInfo | null;
  loss: Float64Array;
  gradNorm: Float64Array;
  stepsDone: number;
  evals: EvalSummary[];
  recon: Float64Array | null;
  state: TrainState;
  message: string | null;
  elapsedMs: number;
  /** The chunk loop is running. */
  looping: boolean;
}

export class TrainingManager {
  private readonly worker: TrainingWorker;
  private readonly onView: (v: TrainRunView) => void;
  private readonly now: () => number;
  private readonly chunkMs: number;
  private run: Run | null = null;
  private seq = 0;
  private version = 0;
  private key = '';
  private setup: TrainSetup | null = null;
  private setupError: string | null = null;
  private resetMessage: string | null = null;
  private disposed = false;
  private dataPreview: { key: string; info: DataInfo } | null = null;
  private previewAsked = '';

  constructor(opts: TrainingManagerOptions) {
    this.worker = opts.worker;
    this.onView = opts.onView;
    this.now = opts.now ?? (() => performance.now());
    this.chunkMs = opts.chunkMs ?? 100;
  }

  get state(): TrainState {
    return this.run?.state ?? 'idle';
  }

  /** The current parameters; a run for other parameters is reset. */
  setConfig(key: string, setup: TrainSetup | { error: string }): void {
    if (key === this.key && !('error' in setup) === (this.setupError === null)) return;
    const changed = this.key !== '' && key !== this.key;
    this.key = key;
    this.setup = 'error' in setup ? null : setup;
    this.setupError = 'error' in setup ? setup.error : null;
    if (this.run && this.run.key !== key) {
      const was = this.run.state;
      this.drop();
      this.resetMessage = was === 'idle' ? null : 'Reset: a training parameter changed. Press Start to train with the new settings.';
    } else if (changed && !this.run) this.resetMessage = null;
    this.askPreview();
    this.emit();
  }

  /** Ask the worker for the data of the current parameters (the latest answer for the latest data wins). */
  private askPreview(): void {
    const data = this.setup?.data;
    if (!data) return;
    const key = dataKey(data);
    if (this.dataPreview?.key === key || this.previewAsked === key) return;
    this.previewAsked = key;
    this.worker.preview(data).then(
      (out) => {
        if (this.previewAsked !== key || !out.ok) return;
        this.dataPreview = { key, info: out.value };
        this.emit();
      },
      () => undefined,
    );
  }

  start(): void {
    if (this.disposed || !this.setup) return;
    const st = this.state;
    if (st === 'running' || st === 'starting' || st === 'pausing') return;
    this.drop();
    this.resetMessage = null;
    const setup = this.setup;
    const id = ++this.seq;
    const total = setup.cfg.steps;
    const run: Run = {
      id,
      key: this.key,
      setup,
      info: null,
      loss: new Float64Array(total),
      gradNorm: new Float64Array(total),
      stepsDone: 0,
      evals: [],
      recon: null,
      state: 'starting',
      message: null,
      elapsedMs: 0,
      looping: false,
    };
    this.run = run;
    this.emit();
    this.worker.create(setup, id).then(
      (out) => {
        if (this.run !== run) return;
        if (!out.ok) return this.fail(run, out.message);
        run.info = out.value;
        run.state = 'running';
        this.emit();
        void this.loop(run);
      },
      (e: unknown) => {
        if (this.run === run) this.fail(run, e instanceof Error ? e.message : String(e));
      },
    );
  }

  pause(): void {
    const r = this.run;
    if (!r) return;
    if (r.state === 'running') {
      r.state = r.looping ? 'pausing' : 'paused';
      this.emit();
    }
  }

  resume(): void {
    const r = this.run;
    if (!r || (r.state !== 'paused' && r.state !== 'pausing')) return;
    r.state = 'running';
    this.emit();
    if (!r.looping) void this.loop(r);
  }

  reset(): void {
    this.drop();
    this.resetMessage = null;
    this.emit();
  }

  dispose(): void {
    this.drop();
    this.disposed = true;
  }

  private drop(): void {
    if (this.run) this.worker.drop(this.run.id);
    this.run = null;
  }

  private fail(run: Run, message: string): void {
    run.state = 'error';
    run.message = message;
    this.emit();
  }

  private async loop(run: Run): Promise<void> {
    run.looping = true;
    try {
      while (this.run === run && run.state === 'running') {
        const t0 = this.now();
        let out: TrainingOutcome<TrainChunk>;
        try {
          out = await this.worker.advance(run.id, this.chunkMs);
        } catch (e) {
          if (this.run === run) this.fail(run, `${e instanceof Error ? e.message : String(e)} Press Reset, then Start.`);
          return;
        }
        if (this.run !== run) return;
        run.elapsedMs += this.now() - t0;
        if (!out.ok) return this.fail(run, out.message);
        this.append(run, out.value);
        if (out.value.error) {
          run.state = 'error';
          run.message = `Training diverged: ${out.value.error}.`;
        } else if (out.value.done) run.state = 'done';
        this.emit();
      }
    } finally {
      run.looping = false;
      if (this.run === run && run.state === 'pausing') {
        run.state = 'paused';
        this.emit();
      }
    }
  }

  private append(run: Run, c: TrainChunk): void {
    const i0 = c.from - 1;
    run.loss.set(c.loss.subarray(0, Math.max(0, Math.min(c.loss.length, run.loss.length - i0))), i0);
    run.gradNorm.set(c.gradNorm.subarray(0, Math.max(0, Math.min(c.gradNorm.length, run.gradNorm.length - i0))), i0);
    run.stepsDone = c.stepsDone;
    run.evals.push(...c.evals);
    if (c.recon) run.recon = c.recon;
  }

  view(): TrainRunView {
    const r = this.run;
    const total = r ? r.setup.cfg.steps : (this.setup?.cfg.steps ?? 0);
    return {
      state: r?.state ?? 'idle',
      key: r?.key ?? this.key,
      setup: r?.setup ?? this.setup,
      info: r?.info ?? null,
      data: r?.info ?? (this.setup && this.dataPreview?.key === dataKey(this.setup.data) ? this.dataPreview.info : null),
      loss: r?.loss ?? new Float64Array(0),
      gradNorm: r?.gradNorm ?? new Float64Array(0),
      stepsDone: r?.stepsDone ?? 0,
      total,
      evals: r ? r.evals.slice() : [],
      recon: r?.recon ?? null,
      message: r?.message ?? this.resetMessage ?? this.setupError,
      elapsedMs: r?.elapsedMs ?? 0,
      version: ++this.version,
    };
  }

  /** Why Start is not possible (null when it is). */
  get blocked(): string | null {
    return this.setup ? null : this.setupError;
  }

  private emit(): void {
    if (!this.disposed) this.onView(this.view());
  }
}

// ---------------------------------------------------------------------------
// The τ sweep

export type TauSweepState = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

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

interface SweepRun {
  jobId: number;
  key: string;
  data: DataSpec;
  base: TrainConfig;
  tasks: TauTask[];
  next: number;
  /** Tasks whose worker crashed, to be trained again. */
  retry: number[];
  results: (TauResult | null)[];
  progress: number[];
  state: TauSweepState;
  startedAt: number;
  endedAt: number | null;
  message: string | null;
  crashes: number;
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

export class TauSweepManager {
  private readonly workers: TrainingWorker[];
  private readonly onView: (v: TauSweepView) => void;
  private readonly now: () => number;
  private cfg: TauSweepConfig | null = null;
  private run: SweepRun | null = null;
  private jobSeq = 0;
  private restarts = 0;
  private disposed = false;

  constructor(workers: TrainingWorker[], onView: (v: TauSweepView) => void, now: () => number = () => performance.now()) {
    if (!workers.length) throw new Error('the τ sweep needs at least one worker');
    this.workers = workers;
    this.onView = onView;
    this.now = now;
  }

  get running(): boolean {
    return this.run?.state === 'running';
  }

  setConfig(cfg: TauSweepConfig): void {
    if (this.cfg && cfg.key === this.cfg.key && cfg.error === this.cfg.error) return;
    this.cfg = cfg;
    if (this.running && this.run!.key !== cfg.key) {
      this.restarts++;
      if (cfg.data) this.begin();
      else this.cancel();
      return;
    }
    this.emit();
  }

  start(): void {
    if (!this.cfg?.data || this.running || this.disposed) return;
    this.restarts = 0;
    this.begin();
  }

  cancel(): void {
    const r = this.run;
    if (!r || r.state !== 'running') return;
    r.state = 'cancelled';
    r.endedAt = this.now();
    for (const w of this.workers) w.cancelBefore(r.jobId + 1);
    this.emit();
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  private begin(): void {
    const cfg = this.cfg!;
    const old = this.run;
    const jobId = ++this.jobSeq;
    if (old && old.state === 'running') {
      old.state = 'cancelled';
      for (const w of this.workers) w.cancelBefore(jobId);
    }
    const tasks = tauTasks(cfg.taus, cfg.base.seed);
    const run: SweepRun = {
      jobId,
      key: cfg.key,
      data: cfg.data!,
      base: cfg.base,
      tasks,
      next: 0,
      retry: [],
      results: tasks.map(() => null),
      progress: tasks.map(() => 0),
      state: 'running',
      startedAt: this.now(),
      endedAt: null,
      message: null,
      crashes: 0,
      dataLabel: cfg.dataLabel,
    };
    this.run = run;
    this.emit();
    for (const w of this.workers) void this.pump(run, w);
  }

  private async pump(run: SweepRun, w: TrainingWorker): Promise<void> {
    while (this.run === run && run.state === 'running') {
      const i = run.retry.length ? run.retry.shift()! : run.next < run.tasks.length ? run.next++ : -1;
      if (i < 0) return;
      const task = run.tasks[i];
      let out: TrainingOutcome<TauResult>;
      try {
        out = await w.tauTask(run.data, run.base, task, run.jobId, (steps) => {
          if (this.run !== run || run.state !== 'running') return;
          run.progress[i] = steps;
          this.emit();
        });
      } catch (e) {
        if (this.run !== run || run.state !== 'running') return;
        // a crashed worker is restarted by the next call: the model is trained again
        if (++run.crashes > 2 * this.workers.length) {
          run.state = 'error';
          run.message = e instanceof Error ? e.message : String(e);
          run.endedAt = this.now();
          this.emit();
          return;
        }
        run.progress[i] = 0;
        run.retry.push(i);
        continue;
      }
      if (this.run !== run || run.state !== 'running') return;
      if (!out.ok) {
        if (out.code === 'ERROR') {
          run.state = 'error';
          run.message = out.message;
          run.endedAt = this.now();
          for (const x of this.workers) x.cancelBefore(run.jobId + 1);
          this.emit();
        }
        return;
      }
      run.results[i] = out.value;
      if (run.results.every((r) => r !== null)) {
        run.state = 'done';
        run.endedAt = this.now();
      }
      this.emit();
    }
  }

  view(): TauSweepView {
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

  private emit(): void {
    if (!this.disposed) this.onView(this.view());
  }
}

// ---------------------------------------------------------------------------
// Wiring to the store and the page

export const trainingSlot = new ResultSlot<TrainRunView>();
export const tauSweepSlot = new ResultSlot<TauSweepView>();

interface Controls {
  training: TrainingManager;
  sweep: TauSweepManager;
}
let controls: Controls | null = null;

/** The view's buttons; inert until the engine started the runner. */
export const trainingControl = {
  get available(): boolean {
    return controls !== null;
  },
  start: () => controls?.training.start(),
  pause: () => controls?.training.pause(),
  resume: () => controls?.training.resume(),
  reset: () => controls?.training.reset(),
  startSweep: () => controls?.sweep.start(),
  cancelSweep: () => controls?.sweep.cancel(),
};

const DATA_LABELS: Record<Params['td'], string> = {
  lorenz: 'Lorenz-63',
  logistic: 'logistic map r = 4',
  rnn: 'random RNN',
  csv: 'your CSV',
};

/** Publish to a slot at most once per animation frame (state changes at once). */
function framePublisher<T extends { state: string }>(slot: ResultSlot<T>): (v: T) => void {
  let pending: T | null = null;
  let frame = false;
  const raf = (run: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 16));
  const flush = () => {
    frame = false;
    if (pending) slot.set(pending);
    pending = null;
  };
  return (v) => {
    pending = v;
    const shown = slot.get();
    if (!shown || shown.state !== v.state) flush();
    else if (!frame) {
      frame = true;
      raf(flush);
    }
  };
}

export function startTraining(ctx: EngineContext): EnginePlugin {
  const { store, pool } = ctx;
  const publishRun = framePublisher(trainingSlot);
  const publishSweep = framePublisher(tauSweepSlot);
  const training = new TrainingManager({
    worker: trainingWorkerOf(pool[0]),
    onView: (v) => {
      store.getState().setJob('training', v.state === 'running' || v.state === 'starting' || v.state === 'pausing' ? { state: 'running' } : v.state === 'error' ? { state: 'error', message: v.message ?? 'error' } : { state: 'idle' });
      publishRun(v);
    },
  });
  const sweep: TauSweepManager = new TauSweepManager(pool.map(trainingWorkerOf), (v) => {
    store.getState().setJob('tausweep', v.state === 'running' ? { state: 'running' } : v.state === 'error' ? { state: 'error', message: v.message ?? 'error' } : { state: 'idle' });
    publishSweep(v);
  });

  let appliedKeys = '';
  const apply = () => {
    const p = store.getState().params;
    const csv = p.td === 'csv' ? csvSlot.get() : null;
    const tk = trainKey(p, csv);
    const sk = sweepKey(p, csv);
    if (`${tk}|${sk}` === appliedKeys) return;
    appliedKeys = `${tk}|${sk}`;
    const data = dataSpecOf(p, csv);
    const cfg = trainConfigOf(p);
    const err = 'error' in data ? data.error : null;
    training.setConfig(tk, err !== null ? { error: err } : { data: data as DataSpec, cfg, evalEvery: evalEveryFor(cfg.steps) });
    sweep.setConfig({
      key: sk,
      data: err !== null ? null : (data as DataSpec),
      base: cfg,
      taus: [...p.tsw].sort((a, b) => a - b),
      tauPred: knownTauPred(p),
      dataLabel: p.td === 'csv' && csv ? csv.name : DATA_LABELS[p.td],
      error: err,
    });
  };
  apply();
  const unsubCsv = csvSlot.subscribe(apply);
  // While a slider is dragged the run is not reset at every pixel: on release.
  const follower: Follower = Object.assign((s: { dragging: boolean }) => void (s.dragging || apply()), {
    reset() {
      /* nothing is cached per request */
    },
  });
  controls = { training, sweep };
  return {
    followers: [follower],
    stop() {
      unsubCsv();
      training.dispose();
      sweep.dispose();
      controls = null;
    },
  };
}
