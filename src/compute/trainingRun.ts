/**
 * The training lab's run: one at a time, on the first pool worker, which keeps
 * the model between calls. The page asks it for one chunk of steps after
 * another (~100 ms each) while the run is not paused; every chunk's losses,
 * gradient norms and evaluations go into the view.
 *
 * - Start: a new run for the link's parameters (the seed gives the same run);
 *   Pause: no further chunk is asked for (the one in flight is kept: the
 *   state is "pausing" until it is back, then "paused"); Resume; Reset: the
 *   run is dropped.
 * - A change of a parameter the run depends on resets it (never continues a
 *   different run); a finished run stays on screen until then.
 */
import { dataKey, type DataInfo, type EvalSummary, type TrainChunk, type TrainInfo, type TrainSetup } from '../core/jobs/trainJob';
import type { TrainingOutcome } from '../../workers/training.api';
import type { TrainingWorker } from './trainingWorker';
import type { TrainedNetwork } from '../core/training/trainedNetwork';

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

  /** The current run's model (between two chunks: the worker runs one call at a time), or null without a run. */
  network(): Promise<TrainedNetwork | null> {
    return this.run ? this.worker.network(this.run.id) : Promise.resolve(null);
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
