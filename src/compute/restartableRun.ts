/**
 * A long run on the worker pool that is started on request, can be cancelled
 * and restarts when its config changes: the lifecycle the chaos-probability
 * sweep (sweep.ts) and the training lab's τ sweep (tauSweep.ts) share.
 *
 * - One run at a time, for the current config. Start begins one (the restart
 *   count goes back to 0); Cancel ends it ('cancelled', endedAt) and marks its
 *   job stale in every worker, so the calls in flight stop within a slice and
 *   their late answers are dropped.
 * - Every worker pulls the run's batches, asking for the next one when its
 *   last is back. A crashed call (the worker is restarted by the next call) is
 *   requeued, up to maxCrashes in all; a worker's ERROR fails the run.
 * - A config of another key while a run is running restarts it under a new job
 *   id (the old one goes stale), or cancels it when the new config cannot run;
 *   a finished run stays, and the view tells from its key whether it is outdated.
 * - Every change of state or progress is emitted as a view, never after dispose.
 *
 * A manager says what differs through the hooks below: when a config can run,
 * how a run is made, batched, dispatched and accounted, how a worker is told
 * that a job is stale, and what happens once a run is over.
 */
import type { Outcome } from '../../workers/outcome';

export type RunState = 'running' | 'done' | 'cancelled' | 'error';

/** What the lifecycle keeps of a run; a manager's run adds its tasks and progress. */
export interface RunRecord {
  jobId: number;
  /** Key of the config the run is for. */
  key: string;
  state: RunState;
  /** now() times; endedAt is null while running. */
  startedAt: number;
  endedAt: number | null;
  message: string | null;
  /** Calls whose worker crashed so far. */
  crashes: number;
}

export interface RestartableRunOptions<W, V> {
  workers: readonly W[];
  onView(v: V): void;
  now: () => number;
  /** Crashed calls redone before the run fails. */
  maxCrashes: number;
}

/**
 * Cfg: the config; R: the run; W: a worker; Batch: what one call does;
 * Res: what it returns; V: the view emitted.
 */
export abstract class RestartableRun<Cfg, R extends RunRecord, W, Batch, Res, V> {
  protected readonly workers: readonly W[];
  protected readonly now: () => number;
  private readonly onView: (v: V) => void;
  private readonly maxCrashes: number;

  /** The current config and its key ('' before the first). */
  protected cfg: Cfg | null = null;
  protected key = '';
  protected run: R | null = null;
  /** Runs restarted since the last Start because the config changed. */
  protected restarts = 0;
  protected disposed = false;
  private jobSeq = 0;

  constructor(opts: RestartableRunOptions<W, V>) {
    this.workers = opts.workers;
    this.onView = opts.onView;
    this.now = opts.now;
    this.maxCrashes = opts.maxCrashes;
  }

  get running(): boolean {
    return this.run?.state === 'running';
  }

  start(): void {
    if (!this.cfg || !this.canRun(this.cfg) || this.running || this.disposed) return;
    this.restarts = 0;
    this.begin();
  }

  cancel(): void {
    const r = this.run;
    if (!r || r.state !== 'running') return;
    r.state = 'cancelled';
    r.endedAt = this.now();
    this.markStale(r.jobId + 1);
    this.emit();
    this.workersIdle();
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  abstract view(): V;

  // ---- hooks ----------------------------------------------------------------

  /** Whether a run can start for this config (default: always). */
  protected canRun(_cfg: Cfg): boolean {
    return true;
  }

  /** A new run for the config, from the lifecycle's part of it (state 'running', or 'done' when there is nothing to do). */
  protected abstract newRun(cfg: Cfg, record: RunRecord): R;

  /** The next batch for a worker that is free (null: nothing is left to hand out). */
  protected abstract take(run: R): Batch | null;

  /** One call on a worker. */
  protected abstract dispatch(w: W, run: R, batch: Batch): Promise<Outcome<Res>>;

  /** The batch of a crashed call, to be handed out again. */
  protected abstract requeue(run: R, batch: Batch): void;

  /** Account a batch's result; true when the run is complete. */
  protected abstract accept(run: R, batch: Batch, result: Res): boolean;

  /** Tell a worker that the jobs of this manager's lane older than jobId are stale (fire and forget). */
  protected abstract markStaleOn(w: W, jobId: number): void;

  /** A run is complete; called before its 'done' view is emitted. */
  protected finished(_run: R): void {}

  /**
   * The workers are free of this manager's run, or the config changed
   * without a restart: after such a change (before its view is emitted),
   * after a cancel and after a complete run (after the view). Not after an
   * error. Default: nothing.
   */
  protected workersIdle(): void {}

  // ---- the lifecycle --------------------------------------------------------

  /** Take the current parameters' config: a running run of another key is restarted (or cancelled if the config cannot run). */
  protected configure(cfg: Cfg, key: string): void {
    this.cfg = cfg;
    this.key = key;
    const r = this.run;
    if (r && r.state === 'running' && r.key !== key) {
      this.restarts++;
      if (this.canRun(cfg)) this.begin();
      else this.cancel();
      return;
    }
    this.workersIdle();
    this.emit();
  }

  /** The run is the current one and still running: what every late answer is checked against. */
  protected isCurrent(run: R): boolean {
    return this.run === run && run.state === 'running';
  }

  protected emit(): void {
    if (!this.disposed) this.onView(this.view());
  }

  private markStale(jobId: number): void {
    for (const w of this.workers) this.markStaleOn(w, jobId);
  }

  private begin(): void {
    const cfg = this.cfg!;
    const old = this.run;
    const jobId = ++this.jobSeq;
    // Everything older than this run is stale in every worker.
    if (old && old.state === 'running') {
      old.state = 'cancelled';
      this.markStale(jobId);
    }
    const run = this.newRun(cfg, { jobId, key: this.key, state: 'running', startedAt: this.now(), endedAt: null, message: null, crashes: 0 });
    this.run = run;
    this.emit();
    if (run.state === 'running') for (const w of this.workers) void this.pump(run, w);
  }

  private async pump(run: R, w: W): Promise<void> {
    while (this.isCurrent(run)) {
      const batch = this.take(run);
      if (batch === null) return;
      let out: Outcome<Res>;
      try {
        out = await this.dispatch(w, run, batch);
      } catch (e) {
        // A crashed worker: it is restarted by the next call; the batch is redone.
        if (!this.isCurrent(run)) return;
        if (++run.crashes > this.maxCrashes) {
          this.fail(run, e instanceof Error ? e.message : String(e));
          return;
        }
        this.requeue(run, batch);
        continue;
      }
      if (!this.isCurrent(run)) return; // cancelled or restarted meanwhile
      if (!out.ok) {
        if (out.code === 'ERROR') this.fail(run, out.message);
        return; // CANCELLED: only a newer job does that, and it has its own pumps
      }
      if (this.accept(run, batch, out.value)) {
        run.state = 'done';
        run.endedAt = this.now();
        this.finished(run);
        this.emit();
        this.workersIdle();
        return;
      }
      this.emit();
    }
  }

  private fail(run: R, message: string): void {
    run.state = 'error';
    run.message = message;
    run.endedAt = this.now();
    this.markStale(run.jobId + 1);
    this.emit();
  }
}
