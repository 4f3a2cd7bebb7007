/**
 * The chaos-probability sweep's scheduler, free of workers and React so
 * it can be tested with fake workers:
 *
 * - calibration: a few networks per width timed on one worker give the
 *   estimated time of the whole sweep ("≈ 12 s on 2 workers") before it starts;
 * - a run starts on request only; its tasks (planTasks: rounds of samples over
 *   every (width, g) cell, so every curve appears early) are pulled by every
 *   worker of the pool, a worker taking the next batch when its last returns;
 * - counts accumulate progressively and are published after every batch;
 * - cancel stops dispatching and marks the lane's job stale in every worker
 *   (running batches stop within one ~8 ms slice); their late results are dropped;
 * - a change of a parameter the sweep depends on while it runs restarts it;
 *   a finished (or cancelled) sweep stays on screen, marked outdated once the
 *   parameters no longer match (this lifecycle, the workers pulling batches
 *   and the crash retries are RestartableRun's, shared with the τ sweep).
 *
 * The counts equal runSweep's for the same config: tasks partition the samples
 * and runTask is independent of batching.
 */
import { gGrid, planTasks, wilson, type CellCounts, type CellTask, type SweepConfig } from '../core/interval/sweep';
import type { Params } from '../params/spec';
import type { Calibration, SweepOutcome } from '../../workers/sweep.api';
import { RestartableRun, type RunRecord, type RunState } from './restartableRun';

/** The parameters a sweep depends on (g, x0, k … do not matter to it). */
export const SWEEP_DEPENDS_ON = ['act', 'out', 'init', 'sb', 'seed', 'sw', 'sg0', 'sg1', 'sgn', 'sn'] as const satisfies readonly (keyof Params)[];

/** Samples per task: a round of this many networks for every cell. */
export const SWEEP_BATCH = 10;

export type SweepLane = 'sweep' | 'sweep-cal';

export function sweepConfigOf(p: Pick<Params, (typeof SWEEP_DEPENDS_ON)[number]>): SweepConfig {
  return { act: p.act, out: p.out, init: p.init, sb: p.sb, seed: p.seed, widths: [...p.sw], gs: gGrid(p.sg0, p.sg1, p.sgn), samples: p.sn };
}

export function sweepKey(cfg: SweepConfig): string {
  return JSON.stringify([cfg.act, cfg.out, cfg.init, cfg.sb, cfg.seed, cfg.widths, cfg.gs, cfg.samples, cfg.maxCells ?? null]);
}

/**
 * planTasks's rounds, each round's tasks from the most to the least costly
 * width: the last tasks of a run are then the short ones, so no worker idles
 * long while another finishes a big task (the counts do not depend on the order).
 */
export function planSweepTasks(cfg: SweepConfig, batch: number, costPerNetwork: readonly number[] = cfg.widths): CellTask[] {
  return planTasks(cfg, batch)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.s0 - b.t.s0 || costPerNetwork[b.t.ki] - costPerNetwork[a.t.ki] || a.i - b.i)
    .map((x) => x.t);
}

/** One worker as the scheduler sees it. */
export interface SweepWorker {
  calibrate(cfg: SweepConfig, jobId: number): Promise<SweepOutcome<Calibration>>;
  run(cfg: SweepConfig, tasks: CellTask[], jobId: number): Promise<SweepOutcome<CellCounts[]>>;
  /** Jobs of the lane older than jobId are stale (fire and forget). */
  cancelBefore(lane: SweepLane, jobId: number): void;
}

export type SweepState = 'idle' | RunState;

export interface SweepEstimate {
  /** Key of the config it was made for. */
  key: string;
  totalMs: number;
  workers: number;
  msPerNetwork: number[];
}

export interface SweepView {
  state: SweepState;
  /** The config the counts belong to (null before the first run). */
  cfg: SweepConfig | null;
  key: string;
  counts: CellCounts[][] | null;
  /** Networks tested so far and in all. */
  done: number;
  total: number;
  /** performance.now() times; endedAt is null while running. */
  startedAt: number;
  endedAt: number | null;
  /** Estimated time left when the view was made (null: unknown). */
  remainingMs: number | null;
  updatedAt: number;
  /** The current parameters' config, and whether the counts shown are for it. */
  currentCfg: SweepConfig | null;
  currentKey: string;
  outdated: boolean;
  /** Estimate for the current parameters (null until calibrated). */
  estimate: SweepEstimate | null;
  estimating: boolean;
  /** Runs restarted because a parameter changed while they ran. */
  restarts: number;
  message: string | null;
  workers: number;
}

export interface SweepManagerOptions {
  workers: SweepWorker[];
  onView(v: SweepView): void;
  now?: () => number;
  /** Target duration of one worker call (tasks are grouped up to it). */
  targetCallMs?: number;
  batch?: number;
  /** Crashed calls retried before the run gives up. */
  maxRetries?: number;
}

interface Run extends RunRecord {
  cfg: SweepConfig;
  tasks: CellTask[];
  next: number;
  retry: CellTask[];
  counts: CellCounts[][];
  done: number;
  total: number;
  /** Relative cost per network of each width (calibrated ms, or the width). */
  cost: number[];
  calibrated: boolean;
  totalCost: number;
  doneCost: number;
}

function zeroCounts(cfg: SweepConfig): CellCounts[][] {
  return cfg.widths.map(() => cfg.gs.map(() => ({ n: 0, p3: 0, p2: 0 })));
}

/** Calibrations are kept per law, g range and width: another seed or sample count needs none. */
function calKey(cfg: SweepConfig, k: number): string {
  const gs = cfg.gs;
  return `${cfg.act}|${cfg.out}|${cfg.init}|${cfg.sb}|${cfg.maxCells ?? ''}|${gs[0]}|${gs[Math.floor((gs.length - 1) / 2)]}|${gs[gs.length - 1]}|${k}`;
}

/** Start / cancel / restart on a config change: RestartableRun; here the tasks, their grouping, the counts and the calibration. */
export class SweepManager extends RestartableRun<SweepConfig, Run, SweepWorker, CellTask[], CellCounts[], SweepView> {
  private readonly targetCallMs: number;
  private readonly batch: number;

  private active = false;
  /** ms per network by (law, g range, width). */
  private readonly cal = new Map<string, number>();
  private calSeq = 0;
  private calPending: string | null = null;

  constructor(opts: SweepManagerOptions) {
    if (!opts.workers.length) throw new Error('the sweep needs at least one worker');
    super({ workers: opts.workers, onView: opts.onView, now: opts.now ?? (() => performance.now()), maxCrashes: opts.maxRetries ?? 3 * opts.workers.length });
    this.targetCallMs = opts.targetCallMs ?? 40;
    this.batch = opts.batch ?? SWEEP_BATCH;
  }

  /** The current parameters' config; restarts a running sweep when it changed. */
  setConfig(cfg: SweepConfig): void {
    const key = sweepKey(cfg);
    if (key !== this.key) this.configure(cfg, key);
  }

  /** The sweep view is on screen: calibrate so the estimate can be shown. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) this.maybeCalibrate();
  }

  /** The estimate for the current config, if every width is calibrated. */
  estimate(): SweepEstimate | null {
    const cfg = this.cfg;
    if (!cfg) return null;
    const ms = cfg.widths.map((k) => this.cal.get(calKey(cfg, k)));
    if (ms.some((v) => v === undefined)) return null;
    const perNet = ms as number[];
    const serial = perNet.reduce((s, v) => s + v, 0) * cfg.gs.length * cfg.samples;
    const W = Math.min(this.workers.length, cfg.widths.length * cfg.gs.length * Math.ceil(cfg.samples / this.batch));
    return { key: this.key, totalMs: serial / Math.max(1, W), workers: this.workers.length, msPerNetwork: perNet };
  }

  override view(): SweepView {
    const r = this.run;
    const t = this.now();
    let remainingMs: number | null = null;
    if (r && r.state === 'running') {
      if (r.doneCost > 0) remainingMs = ((t - r.startedAt) * (r.totalCost - r.doneCost)) / r.doneCost;
      else {
        const e = this.estimate();
        remainingMs = e && e.key === r.key ? e.totalMs : null;
      }
    }
    return {
      state: r?.state ?? 'idle',
      cfg: r?.cfg ?? null,
      key: r?.key ?? '',
      counts: r ? r.counts.map((row) => row.map((c) => ({ ...c }))) : null,
      done: r?.done ?? 0,
      total: r?.total ?? (this.cfg ? this.cfg.widths.length * this.cfg.gs.length * this.cfg.samples : 0),
      startedAt: r?.startedAt ?? 0,
      endedAt: r?.endedAt ?? null,
      remainingMs,
      updatedAt: t,
      currentCfg: this.cfg,
      currentKey: this.key,
      outdated: !!r && r.key !== this.key,
      estimate: this.estimate(),
      estimating: this.calPending !== null,
      restarts: this.restarts,
      message: r?.message ?? null,
      workers: this.workers.length,
    };
  }

  protected override newRun(cfg: SweepConfig, record: RunRecord): Run {
    const e = this.estimate();
    // without a calibration the width stands for the cost (it grows with it)
    const cost = cfg.widths.map((k, i) => (e ? e.msPerNetwork[i] : k));
    const total = cfg.widths.length * cfg.gs.length * cfg.samples;
    return {
      ...record,
      cfg,
      tasks: planSweepTasks(cfg, this.batch, cost),
      next: 0,
      retry: [],
      counts: zeroCounts(cfg),
      done: 0,
      total,
      cost,
      calibrated: e !== null,
      totalCost: cost.reduce((s, c) => s + c, 0) * cfg.gs.length * cfg.samples,
      doneCost: 0,
      state: total > 0 ? 'running' : 'done',
    };
  }

  /** The next tasks for one call: retried ones first, grouped up to the target duration. */
  protected override take(run: Run): CellTask[] | null {
    if (run.retry.length) return [run.retry.shift()!];
    const out: CellTask[] = [];
    let ms = 0;
    while (run.next < run.tasks.length) {
      const t = run.tasks[run.next];
      const c = run.cost[t.ki] * (t.s1 - t.s0);
      if (out.length && (!run.calibrated || ms + c > this.targetCallMs)) break;
      out.push(t);
      run.next++;
      ms += c;
      if (out.length >= 32) break;
    }
    return out.length ? out : null;
  }

  protected override dispatch(w: SweepWorker, run: Run, tasks: CellTask[]): Promise<SweepOutcome<CellCounts[]>> {
    return w.run(run.cfg, tasks, run.jobId);
  }

  protected override requeue(run: Run, tasks: CellTask[]): void {
    run.retry.push(...tasks);
  }

  protected override accept(run: Run, tasks: CellTask[], counts: CellCounts[]): boolean {
    tasks.forEach((t, i) => {
      const c = counts[i];
      const cell = run.counts[t.ki][t.gi];
      cell.n += c.n;
      cell.p3 += c.p3;
      cell.p2 += c.p2;
      run.done += c.n;
      run.doneCost += c.n * run.cost[t.ki];
    });
    return run.done >= run.total;
  }

  protected override markStaleOn(w: SweepWorker, jobId: number): void {
    w.cancelBefore('sweep', jobId);
  }

  /**
   * After a whole run, rescale its widths' calibration by how long it really
   * took, so the next estimate includes JIT warm-up, messaging and the cost's
   * dependence on g that a few networks at one g do not show.
   */
  protected override finished(run: Run): void {
    if (!run.calibrated || run.endedAt === null) return;
    const W = Math.min(this.workers.length, run.tasks.length);
    const predicted = run.totalCost / Math.max(1, W);
    const actual = run.endedAt - run.startedAt;
    if (!(predicted > 0) || !(actual > 50)) return;
    const factor = Math.min(5, Math.max(0.2, actual / predicted));
    run.cfg.widths.forEach((k, i) => this.cal.set(calKey(run.cfg, k), run.cost[i] * factor));
  }

  protected override workersIdle(): void {
    this.maybeCalibrate();
  }

  /** Time the widths the estimate still lacks (not while a sweep runs: it would skew both). */
  private maybeCalibrate(): void {
    const cfg = this.cfg;
    if (!cfg || !this.active || this.running || this.disposed) return;
    const missing = cfg.widths.filter((k) => !this.cal.has(calKey(cfg, k)));
    if (!missing.length) return;
    const pendingKey = missing.map((k) => calKey(cfg, k)).join(';');
    if (this.calPending === pendingKey) return;
    this.calPending = pendingKey;
    const jobId = ++this.calSeq;
    const w = this.workers[0];
    w.cancelBefore('sweep-cal', jobId);
    const sub: SweepConfig = { ...cfg, widths: missing };
    w.calibrate(sub, jobId).then(
      (out) => {
        if (jobId !== this.calSeq) return; // a newer calibration was asked for
        this.calPending = null;
        if (out.ok) {
          out.value.msPerNetwork.forEach((ms, i) => this.cal.set(calKey(cfg, missing[i]), Math.max(1e-3, ms)));
          this.maybeCalibrate(); // the config may have moved on meanwhile
        }
        this.emit();
      },
      () => {
        if (jobId !== this.calSeq) return;
        this.calPending = null;
        this.emit();
      },
    );
  }
}

export interface SweepCurves {
  width: number;
  n: number[];
  p3: number[];
  p3Low: number[];
  p3High: number[];
  p2: number[];
  p2Low: number[];
  p2High: number[];
}

/** Fractions and 95 % Wilson bounds per width (NaN where no sample is in yet). */
export function sweepCurves(cfg: SweepConfig, counts: CellCounts[][]): SweepCurves[] {
  return cfg.widths.map((width, ki) => {
    const row = counts[ki];
    const c: SweepCurves = { width, n: [], p3: [], p3Low: [], p3High: [], p2: [], p2Low: [], p2High: [] };
    for (const cell of row) {
      c.n.push(cell.n);
      if (cell.n === 0) {
        for (const a of [c.p3, c.p3Low, c.p3High, c.p2, c.p2Low, c.p2High]) a.push(NaN);
        continue;
      }
      const [l3, h3] = wilson(cell.p3, cell.n);
      const [l2, h2] = wilson(cell.p2, cell.n);
      c.p3.push(cell.p3 / cell.n);
      c.p3Low.push(l3);
      c.p3High.push(h3);
      c.p2.push(cell.p2 / cell.n);
      c.p2Low.push(l2);
      c.p2High.push(h2);
    }
    return c;
  });
}
