/**
 * A phase map (issue #15): one quantity over a grid of two parameters —
 * λ_max, Paper B's P(period 3) or P(2-cycle), or the kind of the orbit — cell
 * by cell, as a job (core/job.ts) that yields its partial result, so a worker
 * can show the map filling in and the CLI can split it into shards (shard.ts).
 *
 * Each cell runs what the one-cell quantity runs, not a copy of it:
 * - lambda-mean: the mean of lambda-max over the seeds seed … seed + seeds − 1
 *   (the seeded networks of the model at the cell's values);
 * - lambda-max and kind: the lyapunov quantity's run (lyapunovJob.ts) of the
 *   request with the two parameters set — the request `lyapunovRequest`
 *   (params/requests.ts) builds for the cell's state (tested);
 * - p3 and p2: chaos-probability's networks (interval/sweep.ts `runTask`,
 *   the same seeds) for one width and g, with the Wilson interval.
 * When one axis is g and the model has a mean-field theory (the random RNN),
 * the critical g for each value of the other axis comes along
 * (vector/meanField.ts `criticalG`, as lyapunov's meanField.criticalG).
 */
import { buildMapND, columnCostOf, isModel1D, meanFieldSigmas, modelOf, randomLaw1d, stateDimension, type MapND, type ModelParams, type RandomNet1dLaw } from '../models';
import { columnBatchS, map1dEvalsS, tangentStepsS, vectorStepsS } from '../cost';
import { CHAOS_LAMBDA_THRESHOLD, classifyOrbit, type OrbitKind } from '../map1d/orbit';
import { runTask, wilson, type SweepConfig } from '../interval/sweep';
import { criticalG } from '../vector/meanField';
import { criticalG1d, net1dSigmas } from '../map1d/meanField1d';
import { SPECTRUM_ARENA_MIN_N, SpectrumRun } from '../vector/spectrum';
import { createArena, kernelsActive, type Arena } from '../linalg/simd';
import { stateDiverged } from '../divergence';
import { clockNow, pacer, type Job, type Pacer } from '../job';
import { lambdaMaxOf, lyapunovJob, type LambdaMax, type LyapunovRequest, type LyapunovRun } from './lyapunovJob';
import { PHASE_BATCH_MIN_CELLS, phaseBatchAxis, phaseBatchRuns, phaseCellGroups, type BatchArena } from './phaseBatch';
import type { ColumnBatchResult } from '../vector/columnBatch';
import { vectorPeriod } from './panelND';
import { shardCells, type Shard } from './shard';

import type { PhaseQuantity } from './phaseQuantities';
export { PHASE_QUANTITIES, type PhaseQuantity } from './phaseQuantities';

/** The model keys that hold a number (the candidates for an axis; the parameter table says which are continuous). */
export type NumericModelKey = { [K in keyof ModelParams]: ModelParams[K] extends number ? K : never }[keyof ModelParams];

export interface PhaseAxis {
  param: NumericModelKey;
  /** The values, in order (columnValues(…, 'inclusive') of the range: the orbit diagram's grid). */
  values: number[];
}

export interface PhaseJobRequest {
  quantity: PhaseQuantity;
  /** Columns (x) and rows (y): cell c = row·nx + column. */
  x: PhaseAxis;
  y: PhaseAxis;
  /** lambda-max, kind: the lyapunov run of the state; a cell sets its two values in `params`. */
  lyapunov: LyapunovRequest | null;
  /** p3, p2: Paper B's sweep of one width and g (widths [k], gs [g]); a cell sets g (gs[0]) and σ_b. */
  sweep: SweepConfig | null;
  /** Only this shard's cells (shard.ts); null: all. */
  shard: Shard | null;
  /** lambda-mean: the seeds averaged (from the state's seed on); 1 for the other quantities. */
  seeds: number;
}

/** What one cell gives (the quantities' fields that do not apply stay NaN / null). */
export interface PhaseCellValue {
  value: number;
  stderr: number;
  low: number;
  high: number;
  count: number;
  kind: string | null;
  diverged: boolean;
}

/** Some cells of a map, in the order asked (what a worker returns for one batch of the app's phase view). */
export interface PhaseCells {
  cells: number[];
  value: Float64Array;
  stderr: Float64Array;
  low: Float64Array;
  high: Float64Array;
  count: Int32Array;
  kind: (string | null)[];
  diverged: Uint8Array;
}

export interface PhaseResult {
  quantity: PhaseQuantity;
  nx: number;
  ny: number;
  /** The cells this job computes (its shard's, or all), ascending, and how many of them are done. */
  cells: number[];
  done: number;
  /** Per cell (row-major), NaN where there is no number: a diverged orbit, λ = −∞ (a superstable 1-D orbit), a cell not computed. */
  value: Float64Array;
  /** λ_max: its standard error (batch means); p3, p2: the Wilson interval's half-width. */
  stderr: Float64Array;
  /** p3, p2: the 95 % Wilson interval and the networks counted (with period 3, or with a 2-cycle); lambda-mean: count, the seeds averaged. */
  low: Float64Array | null;
  high: Float64Array | null;
  count: Int32Array | null;
  /** kind: the kind of each cell's orbit ('fixed point', 'period p', 'chaotic', 'aperiodic', 'diverged'); null where not computed. */
  kind: (string | null)[] | null;
  diverged: Uint8Array;
  /** 1 where the cell has been computed. */
  computed: Uint8Array;
  /** The critical g for each value of the other axis (NaN where there is none up to g = 20), when one axis is g and the model has a mean field. */
  criticalG: { axis: 'x' | 'y'; values: Float64Array } | null;
}

export interface PhaseClock {
  now(): number;
  /** Milliseconds between partial results (default 200). */
  reportMs?: number;
}

/** Steps run after the λ run of a vector map to find its period (the last 4 × 64 states, as the Explore panel's test). */
export const KIND_TAIL_STEPS = 256;

/** The category of a cell for `kind`: 'fixed point', 'period p', 'chaotic', 'aperiodic' (no period up to 64, λ ≤ 10⁻³) or 'diverged'. */
export function kindCategory(kind: OrbitKind, period: number): string {
  if (kind === 'periodic') return period === 1 ? 'fixed point' : `period ${period}`;
  return kind;
}

/** The lyapunov request of a cell: the state's with the two axis values set in its model parameters. */
export function phaseCellRequest(base: LyapunovRequest, x: PhaseAxis['param'], xv: number, y: PhaseAxis['param'], yv: number): LyapunovRequest {
  return { ...base, params: { ...base.params, [x]: xv, [y]: yv } };
}

/** The sweep configuration of a cell (g, σ_b or the width set). */
export function phaseCellSweep(base: SweepConfig, set: readonly (readonly [PhaseAxis['param'], number])[]): SweepConfig {
  const cfg: SweepConfig = { ...base };
  for (const [key, v] of set) {
    if (key === 'g') cfg.gs = [v];
    else if (key === 'sb') cfg.sb = v;
    else if (key === 'k') cfg.widths = [v];
    else throw new Error(`${key} is not a parameter of Paper B's networks`);
  }
  return cfg;
}

/**
 * The random law of the map at a cell's parameters, where an annealed mean
 * field applies: the random RNN's (core/vector/meanField.ts) or a drawn 1-D
 * network's of Paper B (core/map1d/meanField1d.ts; Gaussian laws only).
 */
type CriticalLaw = { kind: 'rnn'; p: ModelParams; lawSigma2: number; sigmaB2: number } | { kind: 'net1d'; law: RandomNet1dLaw };

function criticalLawAt(req: Pick<PhaseJobRequest, 'x' | 'y' | 'lyapunov' | 'sweep'>, set: Record<string, number>): CriticalLaw | null {
  if (req.lyapunov) {
    const p: ModelParams = { ...req.lyapunov.params, ...set };
    const m = meanFieldSigmas(p, req.lyapunov.imported);
    if (m) return { kind: 'rnn', p, lawSigma2: m.lawSigma2, sigmaB2: m.sigmaB2 };
    const law = randomLaw1d(p, req.lyapunov.imported);
    return law && net1dSigmas(law.init, law.k, 1, law.sb) ? { kind: 'net1d', law } : null;
  }
  const c = req.sweep;
  if (!c || c.out !== 'identity') return null;
  const law: RandomNet1dLaw = { act: c.act, init: c.init, k: set.k ?? c.widths[0], sb: set.sb ?? c.sb };
  return net1dSigmas(law.init, law.k, 1, law.sb) ? { kind: 'net1d', law } : null;
}

/** The axis (x or y) that is not g, when the other one is g and the map has a mean-field theory (null: no critical line). */
export function criticalLineAxis(req: Pick<PhaseJobRequest, 'x' | 'y' | 'lyapunov' | 'sweep'>): 'x' | 'y' | null {
  const along = req.x.param === 'g' ? 'y' : req.y.param === 'g' ? 'x' : null;
  if (!along) return null;
  return criticalLawAt(req, { [req[along].param]: req[along].values[0] }) ? along : null;
}

/** The mean-field critical g at one value of the non-g axis (NaN where there is none up to g = 20). */
export function criticalGAt(req: Pick<PhaseJobRequest, 'x' | 'y' | 'lyapunov' | 'sweep'>, along: 'x' | 'y', v: number): number {
  const law = criticalLawAt(req, { [req[along].param]: v });
  if (!law) return NaN;
  if (law.kind === 'rnn') return criticalG(law.p.act, law.lawSigma2, law.sigmaB2);
  return criticalG1d(law.law.act, law.law.init, law.law.k, law.law.sb);
}

/** The critical line: criticalG for each value of the non-g axis (null unless an axis is g and the model has a mean field). */
export function phaseCriticalLine(req: PhaseJobRequest): PhaseResult['criticalG'] {
  const along = criticalLineAxis(req);
  if (!along) return null;
  return { axis: along, values: Float64Array.from(req[along].values, (v) => criticalGAt(req, along, v)) };
}

/**
 * The critical line at `at` (values of the non-g axis, e.g. finer than the
 * map's), one value per step: each takes ~0.1 s of quadrature, so a worker
 * can drop a line that went stale between two of them.
 */
export function* criticalLineJob(req: Pick<PhaseJobRequest, 'x' | 'y' | 'lyapunov' | 'sweep'>, at: readonly number[]): Job<Float64Array, never> {
  const along = criticalLineAxis(req);
  const out = new Float64Array(at.length).fill(NaN);
  if (!along) return out;
  for (let i = 0; i < at.length; i++) {
    out[i] = criticalGAt(req, along, at[i]);
    yield;
  }
  return out;
}

/**
 * Reference seconds (core/cost.ts) of one cell of a λ_max or kind map (of
 * its widest cell when k is an axis): its
 * λ run (a 1-D map evaluates f and f′ per step; a vector map carries k
 * tangent vectors, the transient counted as if it did too) and for kind the
 * tail of a vector map; a column of a batch where cells run as column
 * batches (phaseBatch.ts). Null for p3 and p2, whose certified searches take
 * a time not known in advance.
 */
export function phaseCellCostS(req: PhaseJobRequest): number | null {
  const base = req.lyapunov;
  if (!base) return null;
  const steps = base.transient + base.steps;
  // a width axis: the widest cell (the estimate is an upper bound)
  const widths = [req.x, req.y].filter((a) => a.param === 'k').flatMap((a) => a.values);
  const p = widths.length ? { ...base.params, k: Math.max(...widths) } : base.params;
  if (isModel1D(p.model)) return map1dEvalsS(modelOf(p.model).k ? p.k : 0, 2 * steps) * req.seeds;
  const n = stateDimension(p, base.imported);
  // cells that run as column batches (phaseBatch.ts) cost a column of a batch
  const run = phaseBatchAxis(req) ? columnBatchS(n, base.transient, base.steps, columnCostOf(p.model)) : tangentStepsS(n, base.k, steps);
  return (run + (req.quantity === 'kind' ? vectorStepsS(n, KIND_TAIL_STEPS) : 0)) * req.seeds;
}

/**
 * The phase map as a job: yields its partial result (the same object, filled
 * in) once before the first cell (with the critical line) and then at most
 * every reportMs, and returns it.
 */
export function* phaseJob(req: PhaseJobRequest, pace: Pacer = pacer(), clock: PhaseClock = { now: clockNow }): Job<PhaseResult, PhaseResult> {
  const nx = req.x.values.length;
  const ny = req.y.values.length;
  const total = nx * ny;
  const q = req.quantity;
  const counts = q === 'p3' || q === 'p2';
  const nan = () => new Float64Array(total).fill(NaN);
  const out: PhaseResult = {
    quantity: q,
    nx,
    ny,
    cells: shardCells(total, req.shard),
    done: 0,
    value: nan(),
    stderr: nan(),
    low: counts ? nan() : null,
    high: counts ? nan() : null,
    count: counts || q === 'lambda-mean' ? new Int32Array(total) : null,
    kind: q === 'kind' ? new Array<string | null>(total).fill(null) : null,
    diverged: new Uint8Array(total),
    computed: new Uint8Array(total),
    criticalG: phaseCriticalLine(req),
  };
  const reportMs = clock.reportMs ?? 200;
  // the critical line (if any) before the first cell: a view can draw it at once
  yield out;
  let lastReport = clock.now();
  const arena = counts ? null : sharedArena(req);
  const holder: BatchArena = { arena: null };
  for (const group of phaseCellGroups(req, out.cells)) {
    const values = yield* phaseGroup(req, group, pace, arena, holder);
    group.forEach((c, i) => {
      const v = values[i];
      out.value[c] = v.value;
      out.stderr[c] = v.stderr;
      if (out.low) out.low[c] = v.low;
      if (out.high) out.high[c] = v.high;
      if (out.count) out.count[c] = v.count;
      if (out.kind) out.kind[c] = v.kind;
      out.diverged[c] = v.diverged ? 1 : 0;
      out.computed[c] = 1;
      out.done++;
    });
    if (clock.now() - lastReport >= reportMs) {
      lastReport = clock.now();
      yield out;
    }
  }
  return out;
}

/**
 * Some cells of the map (row-major indices, any order): what phaseJob
 * computes for them, bit for bit (the same cell runs), as compact arrays.
 */
export function* phaseCellsJob(req: PhaseJobRequest, cells: readonly number[], pace: Pacer = pacer()): Job<PhaseCells> {
  const n = cells.length;
  const out: PhaseCells = {
    cells: [...cells],
    value: new Float64Array(n),
    stderr: new Float64Array(n),
    low: new Float64Array(n),
    high: new Float64Array(n),
    count: new Int32Array(n),
    kind: new Array<string | null>(n).fill(null),
    diverged: new Uint8Array(n),
  };
  const counts = req.quantity === 'p3' || req.quantity === 'p2';
  const arena = counts ? null : sharedArena(req);
  const holder: BatchArena = { arena: null };
  // where each cell goes in the answer (a cell asked twice gets its value twice)
  const slots = new Map<number, number[]>();
  cells.forEach((c, i) => slots.set(c, [...(slots.get(c) ?? []), i]));
  for (const group of phaseCellGroups(req, [...slots.keys()])) {
    const values = yield* phaseGroup(req, group, pace, arena, holder);
    group.forEach((c, j) => {
      const v = values[j];
      for (const i of slots.get(c)!) {
        out.value[i] = v.value;
        out.stderr[i] = v.stderr;
        out.low[i] = v.low;
        out.high[i] = v.high;
        out.count[i] = v.count;
        out.kind[i] = v.kind;
        out.diverged[i] = v.diverged ? 1 : 0;
      }
    });
  }
  return out;
}

/**
 * The values of one batch of cells (a group of `phaseCellGroups`), in its
 * order: the cells' own runs one by one, or one column batch of them
 * (phaseBatch.ts), which gives the same bits.
 */
export function* phaseGroup(req: PhaseJobRequest, cells: readonly number[], pace: Pacer, arena: Arena | null, holder: BatchArena): Job<PhaseCellValue[]> {
  const out: PhaseCellValue[] = [];
  // without the wasm kernels a batch is no faster (its JavaScript GEMM is not faster than the matvecs)
  if (cells.length >= PHASE_BATCH_MIN_CELLS && phaseBatchAxis(req) && kernelsActive()) return yield* batchedLyapunovCells(req, cells, pace, holder);
  for (const c of cells) out.push(yield* phaseCell(req, c, pace, arena));
  return out;
}

/** One cell c (row-major: row c / nx of y, column c mod nx of x). */
export function* phaseCell(req: PhaseJobRequest, c: number, pace: Pacer, arena: Arena | null): Job<PhaseCellValue> {
  const nx = req.x.values.length;
  if (!(c >= 0 && c < nx * req.y.values.length)) throw new Error(`cell ${c} is not in the ${nx} × ${req.y.values.length} map`);
  const xv = req.x.values[c % nx];
  const yv = req.y.values[Math.floor(c / nx)];
  return req.quantity === 'p3' || req.quantity === 'p2' ? yield* countCell(req, xv, yv, pace) : yield* lyapunovCell(req, xv, yv, pace, arena);
}

const emptyCell = (): PhaseCellValue => ({ value: NaN, stderr: NaN, low: NaN, high: NaN, count: 0, kind: null, diverged: false });

/** One wasm arena for the spectrum runs of every cell (reset before each): the axes do not change the map's size. */
export function sharedArena(req: PhaseJobRequest): Arena | null {
  const base = req.lyapunov;
  if (!base || isModel1D(base.params.model)) return null;
  const map = buildMapND(base.params, base.imported);
  return map.n >= SPECTRUM_ARENA_MIN_N ? createArena(SpectrumRun.arenaNeed(map, Math.min(map.n, base.k))) : null;
}

function* lyapunovCell(req: PhaseJobRequest, xv: number, yv: number, pace: Pacer, arena: Arena | null): Job<PhaseCellValue> {
  if (!req.lyapunov) throw new Error(`${req.quantity} needs the lyapunov request`);
  if (req.quantity === 'lambda-mean') return yield* meanOverSeeds(req, xv, yv, pace, arena);
  arena?.reset();
  const run = yield* lyapunovJob(phaseCellRequest(req.lyapunov, req.x.param, xv, req.y.param, yv), pace, { arena });
  const lm = lambdaMaxOf(run);
  const out = emptyCell();
  out.diverged = lm.diverged;
  if (req.quantity === 'lambda-max') {
    out.value = lm.lambda ?? NaN;
    out.stderr = lm.stderr ?? NaN;
    return out;
  }
  const k = yield* orbitKind(run, pace);
  out.kind = kindCategory(k.kind, k.period);
  if (k.kind === 'diverged') out.diverged = true;
  return out;
}

/**
 * lambda-mean: λ_max of the networks of seeds seed … seed + seeds − 1 at the
 * cell's values (each the lambda-max cell of that seed, bit for bit), their
 * mean (summed in seed order) and its standard error over the seeds (the
 * spread of the networks, not the runs' own errors). Seeds whose orbit
 * diverges are left out and counted (`count` holds the seeds averaged); a
 * cell is diverged when every seed diverged.
 */
function* meanOverSeeds(req: PhaseJobRequest, xv: number, yv: number, pace: Pacer, arena: Arena | null): Job<PhaseCellValue> {
  const base = phaseCellRequest(req.lyapunov!, req.x.param, xv, req.y.param, yv);
  const lambdas: number[] = [];
  for (let s = 0; s < req.seeds; s++) {
    arena?.reset();
    const run = yield* lyapunovJob({ ...base, params: { ...base.params, seed: base.params.seed + s } }, pace, { arena });
    const lm = lambdaMaxOf(run);
    if (!lm.diverged && lm.lambda !== null && Number.isFinite(lm.lambda)) lambdas.push(lm.lambda);
  }
  return meanOfSeeds(lambdas);
}

/** lambda-mean's cell from the λ_max of its seeds that did not diverge (in seed order). */
function meanOfSeeds(lambdas: readonly number[]): PhaseCellValue {
  const out = emptyCell();
  const n = lambdas.length;
  out.count = n;
  if (n === 0) {
    out.diverged = true;
    return out;
  }
  let sum = 0;
  for (const l of lambdas) sum += l;
  const mean = sum / n;
  let ss = 0;
  for (const l of lambdas) ss += (l - mean) * (l - mean);
  out.value = mean;
  out.stderr = n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN;
  return out;
}

/** Column i of a batch as `lambdaMaxOf` gives a one-cell run: no number where it diverged or is not finite. */
function columnLambda(r: ColumnBatchResult, i: number): LambdaMax {
  const diverged = r.diverged[i] === 1;
  const lambda = diverged || !Number.isFinite(r.lambda[i]) ? null : r.lambda[i];
  const stderr = lambda === null || !Number.isFinite(r.lambdaStderr[i]) ? null : r.lambdaStderr[i];
  return { lambda, stderr, diverged, superstable: false };
}

/** λ cells (lambda-max, lambda-mean, kind) of one batch: what lyapunovCell gives each of them, from one column batch a seed. */
function* batchedLyapunovCells(req: PhaseJobRequest, cells: readonly number[], pace: Pacer, holder: BatchArena): Job<PhaseCellValue[]> {
  if (req.quantity === 'lambda-mean') {
    const lambdas: number[][] = cells.map(() => []);
    for (let s = 0; s < req.seeds; s++) {
      const r = yield* phaseBatchRuns(req, cells, s, false, pace, holder);
      cells.forEach((_, i) => {
        const lm = columnLambda(r, i);
        if (!lm.diverged && lm.lambda !== null) lambdas[i].push(lm.lambda);
      });
    }
    return lambdas.map(meanOfSeeds);
  }
  const kind = req.quantity === 'kind';
  const r = yield* phaseBatchRuns(req, cells, 0, kind, pace, holder);
  const L = req.lyapunov!;
  const nx = req.x.values.length;
  const C = cells.length;
  const out: PhaseCellValue[] = [];
  for (let i = 0; i < C; i++) {
    const lm = columnLambda(r, i);
    const v = emptyCell();
    v.diverged = lm.diverged;
    if (!kind) {
      v.value = lm.lambda ?? NaN;
      v.stderr = lm.stderr ?? NaN;
    } else {
      const c = cells[i];
      const map = buildMapND(phaseCellRequest(L, req.x.param, req.x.values[c % nx], req.y.param, req.y.values[Math.floor(c / nx)]).params, L.imported);
      const end = Float64Array.from({ length: map.n }, (_, j) => r.end![j * C + i]);
      const k = lm.diverged ? { kind: 'diverged' as const, period: 0 } : yield* orbitKindFrom(map, end, L.transient + L.steps, r.lambda[i], pace);
      v.kind = kindCategory(k.kind, k.period);
      if (k.kind === 'diverged') v.diverged = true;
    }
    out.push(v);
  }
  return out;
}

/**
 * The kind of a cell's orbit: a map of the line's from its λ run (what
 * lyapunov prints: period up to 64 on the last 256 points, chaotic if λ > 10⁻³);
 * a vector map's from KIND_TAIL_STEPS more steps after its λ run, with the
 * Explore panel's period test and the same threshold on λ_max.
 */
function* orbitKind(run: LyapunovRun, pace: Pacer): Job<{ kind: OrbitKind; period: number }> {
  if (run.family === '1d') return { kind: classifyOrbit(run.analysis), period: run.analysis.period };
  const r = run.result;
  if (r.diverged) return { kind: 'diverged', period: 0 };
  return yield* orbitKindFrom(run.map, run.end, run.t, r.lambdas[0], pace);
}

/** The kind of a vector map's orbit from its state `end` at step t after a λ run that gave `lambda`. */
function* orbitKindFrom(map: MapND, end: Float64Array, t: number, lambda: number, pace: Pacer): Job<{ kind: OrbitKind; period: number }> {
  const n = map.n;
  const states = new Float64Array(n * (KIND_TAIL_STEPS + 1));
  states.set(end, 0);
  let x = Float64Array.from(end);
  let nx = new Float64Array(n);
  for (let s = 1; s <= KIND_TAIL_STEPS; s++) {
    map.step(x, nx, t + s - 1);
    if (stateDiverged(nx)) return { kind: 'diverged', period: 0 };
    states.set(nx, s * n);
    [x, nx] = [nx, x];
    if (pace.tick(n * n)) yield* pace.pause();
  }
  const period = yield* vectorPeriod(states, n, KIND_TAIL_STEPS + 1, pace);
  return { kind: period > 0 ? 'periodic' : lambda > CHAOS_LAMBDA_THRESHOLD ? 'chaotic' : 'aperiodic', period };
}

function* countCell(req: PhaseJobRequest, xv: number, yv: number, pace: Pacer): Job<PhaseCellValue> {
  if (!req.sweep) throw new Error(`${req.quantity} needs the sweep configuration`);
  const cfg = phaseCellSweep(req.sweep, [
    [req.x.param, xv],
    [req.y.param, yv],
  ]);
  let n = 0;
  let hits = 0;
  // one network at a time, as the sweep's worker job (the counts do not depend on the batching)
  for (let s = 0; s < cfg.samples; s++) {
    const r = runTask(cfg, { ki: 0, gi: 0, s0: s, s1: s + 1 });
    n += r.n;
    hits += req.quantity === 'p3' ? r.p3 : r.p2;
    if (pace.tick()) yield* pace.pause();
  }
  const [lo, hi] = wilson(hits, n);
  return { value: hits / n, stderr: (hi - lo) / 2, low: lo, high: hi, count: hits, kind: null, diverged: false };
}
