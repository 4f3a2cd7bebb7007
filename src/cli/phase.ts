/**
 * The CLI's phase quantity: a map of λ_max, Paper B's P(period 3) or
 * P(2-cycle), or the orbit's kind over a grid of two parameters
 * (core/jobs/phaseJob.ts), whole or one shard of it (`--shard i/n`, joined
 * by `merge`, merge.ts). Each cell runs what lyapunov (or chaos-probability
 * for one width and g) runs for the cell's state.
 */
import { isModel1D, stateDimension } from '../core/models';
import { phaseJob, type PhaseAxis, type PhaseJobRequest, type PhaseQuantity, type PhaseResult } from '../core/jobs/phaseJob';
import { NO_PAUSE } from '../core/job';
import { ACTIVATION_INFO } from '../core/models/activations';
import type { Params } from '../params/spec';
import { modelParams } from '../params/requests';
import { phaseAxisProblem, phaseAxisRange, phaseAxisValues, phaseModelProblem, phaseRequest } from '../params/phase';
import { UsageError, type AxisSpec, type CliArgs } from './args';
import { stateHash, stateWithRunSettings, type RunState } from './state';
import { PROGRESS_EVERY_MS, PROGRESS_FIRST_MS, finiteOrNull, type Progress } from './quantitySupport';

type Grid<T> = T[][];

export interface PhaseOutput {
  x: { param: string; values: number[] };
  y: { param: string; values: number[] };
  quantity: PhaseQuantity;
  /** value[row][column]: row i is y.values[i], column j is x.values[j]. null: diverged, λ = −∞, or (a shard) not computed. kind: a category string. */
  value: Grid<number | string | null>;
  /** λ_max: its standard error (batch means); p3, p2: half the width of the 95 % Wilson interval; kind: null. */
  stderr: Grid<number | null>;
  /** The critical g of the mean-field theory for each value of the other axis (`axis`), when one axis is g and the model has one (the random RNN); else null. */
  meanField: { criticalG: (number | null)[] | null; axis: 'x' | 'y' | null };
  diverged: Grid<boolean | null>;
  /** p3, p2: the Wilson interval, the networks counted (with a 3-cycle, or a 2-cycle) of `samples`, and how cycles are found. */
  low?: Grid<number | null>;
  high?: Grid<number | null>;
  count?: Grid<number | null>;
  samples?: number;
  method?: 'exact' | 'certified';
  confidence?: 0.95;
  /** lambda-mean: the seeds averaged per cell (seed … seed + seeds − 1), and per cell how many of them did not diverge. */
  seeds?: number;
  /** lambda-max, lambda-mean, kind: the λ run of every cell (as lyapunov's fields). */
  steps?: number;
  transient?: number;
  tol?: number | null;
  /** Vector models: the exponents computed per cell (λ_max is the first). */
  exponents?: number;
  model: string;
  state: string;
  /** A shard's part (--shard): which shard, and the cells it computed (row-major indices c = row·|x| + column). */
  shard?: { index: number; count: number };
  cells?: number[];
}

function axisOf(which: 'x' | 'y', a: AxisSpec, s: RunState, q: PhaseQuantity): PhaseAxis {
  const problem = phaseAxisProblem(a.param, s.params.model, q);
  if (problem) throw new UsageError(`--${which}: ${problem}`);
  const [min, max] = phaseAxisRange(a.param, s.params.model);
  if (a.from < min || a.to > max) throw new UsageError(`--${which}: ${a.param} runs from ${min} to ${max} (got ${a.from} … ${a.to})`);
  // the orbit diagram's closed grid (the same bits as its columns); for k its distinct whole numbers
  return { param: a.param as PhaseAxis['param'], values: phaseAxisValues(a.param, a.from, a.to, a.count) };
}

export function computePhase(s: RunState, args: CliArgs, progress?: Progress): PhaseOutput {
  if (!args.x || !args.y) throw new UsageError('phase needs both axes: --x PARAM:FROM:TO:COUNT and --y PARAM:FROM:TO:COUNT');
  const q = args.phaseQuantity;
  const model = s.params.model;
  const modelProblem = phaseModelProblem(model, q, s.imported !== null);
  if (modelProblem) throw new UsageError(modelProblem);
  const x = axisOf('x', args.x, s, q);
  const y = axisOf('y', args.y, s, q);
  if (s.imported && (x.param === 'k' || y.param === 'k')) throw new UsageError('an imported network has the width of its file: k cannot be an axis');
  const counting = q === 'p3' || q === 'p2';
  const vector = !isModel1D(model);
  if (!counting && args.exponents !== null) {
    if (!vector) throw new UsageError(`--exponents applies to the vector models (rnn, plrnn, henon), not to model=${model}`);
    const n = stateDimension(modelParams(s.params), s.imported);
    if (args.exponents > n) throw new UsageError(`--exponents must be between 0 and ${n} for this model (N = ${n} units; 0 means all)`);
  }
  // λ_max alone (one tangent vector, as the spectrum's first stage and the vector diagram's columns) unless --exponents
  const exponents = vector ? (args.exponents ?? 1) : null;
  const req = phaseRequest(s.params, s.imported, { quantity: q, x, y, steps: args.steps, transient: args.transient, exponents, samples: args.samples, shard: args.shard });

  const patch: Partial<Params> = {};
  if (req.lyapunov) {
    patch.ls = args.steps ?? s.params.ls;
    patch.lt = req.lyapunov.transient;
    if (exponents !== null) patch.nk = exponents;
  }
  if (args.samples !== null) patch.sn = args.samples;
  const state = stateHash(s, stateWithRunSettings(s, patch));

  const r = runPhase(req, progress);
  return phaseOutput(req, r, model, state);
}

/** The job to the end, with a progress line on stderr after 2 s and then every 5 s. */
function runPhase(req: PhaseJobRequest, progress?: Progress): PhaseResult {
  const t0 = Date.now();
  // the time left from the cells' pace (the critical line comes first: its first partial result has no cell)
  let tCells = t0;
  let nextReport = t0 + PROGRESS_FIRST_MS;
  const job = phaseJob(req, NO_PAUSE, { now: Date.now, reportMs: 500 });
  for (;;) {
    const step = job.next();
    if (step.done) return step.value;
    const r = step.value;
    const now = Date.now();
    if (r && r.done === 0) tCells = now;
    if (r && progress && now >= nextReport && r.done > 0 && r.done < r.cells.length) {
      const total = r.cells.length;
      const left = ((now - tCells) * (total - r.done)) / r.done;
      const shard = req.shard ? ` (shard ${req.shard.index}/${req.shard.count})` : '';
      progress(`phase: ${r.done} / ${total} cells${shard} (${Math.floor((100 * r.done) / total)} %), ${Math.round((now - t0) / 1000)} s elapsed, about ${Math.round(left / 1000)} s left`);
      nextReport = now + PROGRESS_EVERY_MS;
    }
  }
}

function phaseOutput(req: PhaseJobRequest, r: PhaseResult, model: string, state: string): PhaseOutput {
  const { nx, ny } = r;
  const grid = <T>(f: (c: number) => T): Grid<T | null> => Array.from({ length: ny }, (_, i) => Array.from({ length: nx }, (_, j) => (r.computed[i * nx + j] ? f(i * nx + j) : null)));
  const num = (a: Float64Array) => (c: number) => finiteOrNull(a[c]);
  const line = r.criticalG;
  const sw = req.sweep;
  const ly = req.lyapunov;
  // the key order is the document's: a shard's extra keys come last, so the merged parts print as the whole run
  const out: PhaseOutput = {
    x: { param: req.x.param, values: req.x.values },
    y: { param: req.y.param, values: req.y.values },
    quantity: r.quantity,
    value: r.kind ? grid((c) => r.kind![c]) : grid(num(r.value)),
    stderr: r.kind ? grid(() => null) : grid(num(r.stderr)),
    meanField: { criticalG: line ? Array.from(line.values, finiteOrNull) : null, axis: line ? line.axis : null },
    diverged: grid((c) => r.diverged[c] === 1),
    ...(sw && {
      low: grid(num(r.low!)),
      high: grid(num(r.high!)),
      count: grid((c) => r.count![c]),
      samples: sw.samples,
      method: ACTIVATION_INFO[sw.act].piecewiseLinear ? ('exact' as const) : ('certified' as const),
      confidence: 0.95 as const,
    }),
    ...(req.quantity === 'lambda-mean' && { seeds: req.seeds, count: grid((c) => r.count![c]) }),
    ...(ly && {
      steps: ly.steps,
      transient: ly.transient,
      tol: ly.tol > 0 ? ly.tol : null,
      ...(!isModel1D(ly.params.model) && { exponents: ly.k }),
    }),
    model,
    state,
  };
  if (req.shard) {
    out.shard = { index: req.shard.index, count: req.shard.count };
    out.cells = r.cells;
  }
  return out;
}

/** CSV, long form: one row per cell (row-major), the two parameters, value and stderr (p3, p2: the Wilson bounds; lambda-max, kind: diverged). */
export function phaseCsv(d: PhaseOutput, csvNumber: (v: number | null) => string): string[] {
  const counting = d.low !== undefined;
  const lines = [[d.x.param, d.y.param, 'value', 'stderr', ...(counting ? ['low', 'high'] : ['diverged'])].join(',')];
  d.y.values.forEach((yv, i) =>
    d.x.values.forEach((xv, j) => {
      const v = d.value[i][j];
      const extra = counting ? [csvNumber(d.low![i][j]), csvNumber(d.high![i][j])] : [d.diverged[i][j] === null ? '' : String(d.diverged[i][j])];
      lines.push([csvNumber(xv), csvNumber(yv), typeof v === 'string' ? v : csvNumber(v), csvNumber(d.stderr[i][j]), ...extra].join(','));
    }),
  );
  return lines;
}
