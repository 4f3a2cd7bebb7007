/**
 * The phase view's scheduler (issue #15), free of workers and React so it
 * can be tested with fake workers. Its lifecycle (start, cancel, restart on a
 * change, workers pulling batches, crash retries) is RestartableRun's, as
 * for the chaos-probability sweep; here:
 *
 * - the cells are handed out coarse to fine (core/jobs/phaseOrder.ts), in
 *   batches of about targetCallMs by the cost model's estimate, so the first
 *   answers already cover the whole map;
 * - the mean-field critical line (when an axis is g and the model has a mean
 *   field) is one more batch, taken first by one worker: its quadrature takes
 *   ~0.1 s per point, and the cells need not wait for it;
 * - a cell's numbers are phaseJob's for the same request (phaseCellsJob).
 */
import { columnValues } from '../core/map1d/bifurcation';
import { criticalLineAxis, type PhaseCells, type PhaseJobRequest, type PhaseQuantity } from '../core/jobs/phaseJob';
import { progressiveOrder } from '../core/jobs/phaseOrder';
import { PHASE_BATCH_MIN_CELLS, phaseBatchAxis, phaseFixedIndex } from '../core/jobs/phaseBatch';
import type { Outcome } from '../../workers/outcome';
import { RestartableRun, type RunRecord, type RunState } from './restartableRun';

/** Points of the critical line evenly across the window (a smooth curve; each is one quadrature root, ~0.1 s). */
export const CRITICAL_LINE_POINTS = 17;

export interface PhaseConfig {
  req: PhaseJobRequest;
  /** requestKey of req: equal keys, equal maps. */
  key: string;
  /** Reference seconds of one cell (core/cost.ts), null: not known in advance (p3, p2). */
  cellS: number | null;
}

export interface PhaseLine {
  axis: 'x' | 'y';
  /** Values of the non-g axis, and the critical g at each (NaN: none up to g = 20). */
  at: number[];
  g: Float64Array;
}

/** The map being filled in: per cell (row-major, rows are y), NaN / null where not computed. */
export interface PhaseMap {
  quantity: PhaseQuantity;
  nx: number;
  ny: number;
  xs: readonly number[];
  ys: readonly number[];
  value: Float64Array;
  stderr: Float64Array;
  low: Float64Array;
  high: Float64Array;
  count: Int32Array;
  kind: (string | null)[];
  diverged: Uint8Array;
  computed: Uint8Array;
}

export type PhaseBatch = { kind: 'cells'; cells: number[] } | { kind: 'line'; at: number[] };
export type PhaseAnswer = PhaseCells | Float64Array;

export interface PhaseWorker {
  cells(req: PhaseJobRequest, cells: number[], jobId: number): Promise<Outcome<PhaseCells>>;
  line(req: PhaseJobRequest, at: number[], jobId: number): Promise<Outcome<Float64Array>>;
  /** Jobs of the phase lane older than jobId are stale (fire and forget). */
  cancelBefore(jobId: number): void;
}

export interface PhaseView {
  state: 'idle' | RunState;
  /** The run's request and map (null before the first run). */
  req: PhaseJobRequest | null;
  map: PhaseMap | null;
  line: PhaseLine | null;
  /** Whether the run's map will have a critical line (it may still be computing). */
  lineExpected: boolean;
  key: string;
  done: number;
  total: number;
  startedAt: number;
  endedAt: number | null;
  /** Estimated ms left when the view was made (null: unknown). */
  remainingMs: number | null;
  updatedAt: number;
  currentKey: string;
  outdated: boolean;
  /** Reference seconds of the current config's whole map (null: not known in advance). */
  estimateS: number | null;
  restarts: number;
  message: string | null;
  workers: number;
}

interface Run extends RunRecord {
  cfg: PhaseConfig;
  map: PhaseMap;
  order: number[];
  next: number;
  retry: PhaseBatch[];
  line: PhaseLine | null;
  linePending: PhaseBatch | null;
  lineDone: boolean;
  done: number;
}

export interface PhaseManagerOptions {
  workers: PhaseWorker[];
  onView(v: PhaseView): void;
  now?: () => number;
  /** Target duration of one call, by the cost model (cells are grouped up to it). */
  targetCallMs?: number;
  maxRetries?: number;
  /** Points of the critical line (default CRITICAL_LINE_POINTS). */
  linePoints?: number;
}

/** Most cells in one call (a cancel is noticed between cells anyway). */
const MAX_BATCH = 64;
/** Milliseconds of work a worker is handed at a time (by the cost model's estimate). */
export const PHASE_TARGET_CALL_MS = 60;

/** The order the cells are handed out: coarse to fine, a level column by column when cells of one column run as one batch (core/jobs/phaseBatch.ts). */
export function phaseCellOrder(req: PhaseJobRequest): number[] {
  return progressiveOrder(req.x.values.length, req.y.values.length, undefined, phaseBatchAxis(req) === 'y');
}

/** Cells a worker takes at a time: about targetCallMs of work by the cost model (at least 1, at most MAX_BATCH and what is left). */
export function phaseBatchSize(cellS: number | null, targetCallMs: number, left: number): number {
  const perCellMs = cellS === null ? Infinity : 1000 * cellS;
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(targetCallMs / perCellMs), left));
}

/**
 * The next cells a worker takes from `order` at `next`: `n` of them (small
 * batches: the first ones, the coarse levels, spread over every worker) and,
 * where cells of a column run as one batch, more of the last cell's column
 * in this stretch of the order (up to 2n cells in all, at most MAX_BATCH), so
 * that a batch is not cut into pieces too small to run as one. Cells so
 * costly that fewer than PHASE_BATCH_MIN_CELLS fit in a call run one by one
 * anyway: they are not grouped, so each comes back as soon as it is done.
 */
export function nextPhaseCells(req: PhaseJobRequest, order: readonly number[], next: number, n: number): number[] {
  let end = Math.min(order.length, next + n);
  const fixed = phaseFixedIndex(req);
  if (fixed && n >= PHASE_BATCH_MIN_CELLS && end > next) {
    const last = fixed(order[end - 1]);
    const most = Math.min(MAX_BATCH, 2 * n);
    while (end < order.length && end - next < most && fixed(order[end]) === last) end++;
  }
  return order.slice(next, end);
}

/** Every batch of cells of a map in the order handed out (nextPhaseCells), for `cellS` reference seconds a cell (the bench's view of the scheduler). */
export function phaseCellBatches(req: PhaseJobRequest, cellS: number | null, targetCallMs = PHASE_TARGET_CALL_MS): number[][] {
  const order = phaseCellOrder(req);
  const out: number[][] = [];
  for (let next = 0; next < order.length; ) {
    const cells = nextPhaseCells(req, order, next, phaseBatchSize(cellS, targetCallMs, order.length - next));
    out.push(cells);
    next += cells.length;
  }
  return out;
}

export function emptyPhaseMap(req: PhaseJobRequest): PhaseMap {
  const nx = req.x.values.length;
  const ny = req.y.values.length;
  const total = nx * ny;
  return {
    quantity: req.quantity,
    nx,
    ny,
    xs: req.x.values,
    ys: req.y.values,
    value: new Float64Array(total).fill(NaN),
    stderr: new Float64Array(total).fill(NaN),
    low: new Float64Array(total).fill(NaN),
    high: new Float64Array(total).fill(NaN),
    count: new Int32Array(total),
    kind: new Array<string | null>(total).fill(null),
    diverged: new Uint8Array(total),
    computed: new Uint8Array(total),
  };
}

/**
 * Where the critical line is computed: `points` values evenly across the
 * non-g axis's window, and four more in its first 5 %, where the line rises
 * steeply when the window starts at σ_b = 0 (g_c − 1 grows like a power of
 * σ_b below one). Null: no line.
 */
export function criticalLinePoints(req: PhaseJobRequest, points = CRITICAL_LINE_POINTS): { axis: 'x' | 'y'; at: number[] } | null {
  const axis = criticalLineAxis(req);
  if (!axis) return null;
  const v = req[axis].values;
  const lo = v[0];
  const hi = v[v.length - 1];
  const even = Array.from(columnValues(lo, hi, points, 'inclusive'));
  const near = points > 4 ? [0.005, 0.015, 0.03, 0.045].map((f) => lo + f * (hi - lo)) : [];
  return { axis, at: [...even, ...near].sort((a, b) => a - b) };
}

export class PhaseManager extends RestartableRun<PhaseConfig, Run, PhaseWorker, PhaseBatch, PhaseAnswer, PhaseView> {
  private readonly targetCallMs: number;
  private readonly linePoints: number;

  constructor(opts: PhaseManagerOptions) {
    if (!opts.workers.length) throw new Error('the phase diagram needs at least one worker');
    super({ workers: opts.workers, onView: opts.onView, now: opts.now ?? (() => performance.now()), maxCrashes: opts.maxRetries ?? 3 * opts.workers.length });
    this.targetCallMs = opts.targetCallMs ?? PHASE_TARGET_CALL_MS;
    this.linePoints = opts.linePoints ?? CRITICAL_LINE_POINTS;
  }

  /** The current parameters' map (null: none can be drawn); restarts a running map when it changed. */
  setConfig(cfg: PhaseConfig | null): void {
    const key = cfg?.key ?? '';
    if (key !== this.key || (cfg === null) !== (this.cfg === null)) this.configure(cfg as PhaseConfig, key);
  }

  protected override canRun(cfg: PhaseConfig | null): boolean {
    return cfg !== null;
  }

  /** The run shown is complete (or running) for the current config. */
  get current(): { state: RunState; key: string } | null {
    return this.run ? { state: this.run.state, key: this.run.key } : null;
  }

  /** Reference seconds of the current config's map. */
  estimateS(): number | null {
    const c = this.cfg;
    if (!c || c.cellS === null) return null;
    return c.cellS * c.req.x.values.length * c.req.y.values.length;
  }

  override view(): PhaseView {
    const r = this.run;
    const t = this.now();
    let remainingMs: number | null = null;
    const total = r ? r.map.nx * r.map.ny : 0;
    if (r && r.state === 'running') {
      if (r.done > 0) remainingMs = ((t - r.startedAt) * (total - r.done)) / r.done;
      else if (r.cfg.cellS !== null) remainingMs = (1000 * r.cfg.cellS * total) / this.workers.length;
    }
    return {
      state: r?.state ?? 'idle',
      req: r?.cfg.req ?? null,
      map: r?.map ?? null,
      line: r?.line ?? null,
      lineExpected: !!r && (r.linePending !== null || r.line !== null),
      key: r?.key ?? '',
      done: r?.done ?? 0,
      total,
      startedAt: r?.startedAt ?? 0,
      endedAt: r?.endedAt ?? null,
      remainingMs,
      updatedAt: t,
      currentKey: this.key,
      outdated: !!r && r.key !== this.key,
      estimateS: this.estimateS(),
      restarts: this.restarts,
      message: r?.message ?? null,
      workers: this.workers.length,
    };
  }

  protected override newRun(cfg: PhaseConfig, record: RunRecord): Run {
    const map = emptyPhaseMap(cfg.req);
    const pts = criticalLinePoints(cfg.req, this.linePoints);
    return {
      ...record,
      cfg,
      map,
      order: phaseCellOrder(cfg.req),
      next: 0,
      retry: [],
      line: null,
      linePending: pts ? { kind: 'line', at: pts.at } : null,
      lineDone: pts === null,
      done: 0,
      state: map.nx * map.ny > 0 ? 'running' : 'done',
    };
  }

  protected override take(run: Run): PhaseBatch | null {
    if (run.retry.length) return run.retry.shift()!;
    if (run.linePending) {
      const b = run.linePending;
      run.linePending = null;
      return b;
    }
    if (run.next >= run.order.length) return null;
    const cells = nextPhaseCells(run.cfg.req, run.order, run.next, phaseBatchSize(run.cfg.cellS, this.targetCallMs, run.order.length - run.next));
    run.next += cells.length;
    return { kind: 'cells', cells };
  }

  protected override dispatch(w: PhaseWorker, run: Run, b: PhaseBatch): Promise<Outcome<PhaseAnswer>> {
    return b.kind === 'cells' ? w.cells(run.cfg.req, b.cells, run.jobId) : w.line(run.cfg.req, b.at, run.jobId);
  }

  protected override requeue(run: Run, b: PhaseBatch): void {
    run.retry.push(b);
  }

  protected override accept(run: Run, b: PhaseBatch, res: PhaseAnswer): boolean {
    if (b.kind === 'line') {
      run.line = { axis: criticalLineAxis(run.cfg.req)!, at: b.at, g: res as Float64Array };
      run.lineDone = true;
    } else {
      const r = res as PhaseCells;
      const m = run.map;
      r.cells.forEach((c, i) => {
        if (m.computed[c]) return;
        m.value[c] = r.value[i];
        m.stderr[c] = r.stderr[i];
        m.low[c] = r.low[i];
        m.high[c] = r.high[i];
        m.count[c] = r.count[i];
        m.kind[c] = r.kind[i];
        m.diverged[c] = r.diverged[i];
        m.computed[c] = 1;
        run.done++;
      });
    }
    return run.done >= run.map.nx * run.map.ny && run.lineDone;
  }

  protected override markStaleOn(w: PhaseWorker, jobId: number): void {
    w.cancelBefore(jobId);
  }
}
