/**
 * The one cost model (issue #13): what a job will cost, in seconds of one
 * reference core (the machine of docs/benchmarks.md, about a laptop core),
 * estimated from its parameters before it starts, and a meter that counts
 * what an adaptive job (the certified search for periodic points, the laps of
 * the iterates) spends while it runs, where no estimate can be known in
 * advance (`#tab=periodic&act=sin&k=32` takes 100 s, `k=64` under one).
 *
 * Both count work (operations and map evaluations), never time: a link is
 * gated, or stopped by the meter, at the same point on every machine.
 * The app starts by itself what fits START_BUDGET_S; beyond it a view shows
 * the estimate and waits for Start (compute/lanes.ts). The CLI never gates.
 */

/** Reference seconds of work a link may start by itself; the slowest default view (periodic points of the default network) takes about 3. */
export const START_BUDGET_S = 5;

/** Reference seconds a progressive job (running estimates on screen, a Stop button: the spectrum) may run in all by itself. */
export const PROGRESSIVE_BUDGET_S = 60;

/** How much more a click on Start allows a job whose cost is not known in advance (or is just above the estimate). */
export const START_GROWTH = 4;

/**
 * Reference costs (nanoseconds) of the operations the estimates count,
 * calibrated by `npm run bench:cost` (bench/cost.ts) on the reference machine.
 */
export const NS = {
  /** One multiply-add of a matrix-vector product (the wasm SIMD kernels, ~3 GFLOP/s). */
  madd: 0.35,
  /** One multiply-add of the matrix product of a column batch (the register-blocked wasm GEMM, ~12 GFLOP/s; DIAG-64 in docs/benchmarks.md). */
  gemmMadd: 0.16,
  /** One unit of one column of a batch besides the product: its activation (most of it: a tanh), bias, tangent, norm and projection. */
  batchUnit: 24,
  /** λ_MF of one diagram column: the variance map's root with tabulated moments (tanh, σ; core/vector/diagramND.ts) or closed forms. */
  meanFieldColumn: 1e4,
  /** One unit of a vector map's step besides its product (activation, bias, state copy). */
  unit: 12,
  /** What every step of a vector map costs whatever its size (calls, bookkeeping, the λ run's batches). */
  step: 2800,
  /** One unit of a 1-D network evaluated (f or f′): an activation and a few multiply-adds. */
  netUnit: 14,
  /** The same for a piecewise-linear activation (ReLU, hard tanh, linear: no transcendental function). */
  netUnitLinear: 2,
  /** One unit of a 1-D network enclosed over an interval (outward-rounded arithmetic). */
  netUnitEnclose: 60,
  /** One evaluation of a map without units (logistic, tent, …). */
  mapEval: 8,
  /** One linear piece produced by composing piecewise-linear maps. */
  piece: 240,
} as const;

/** The work meter of the job running now (set by the worker's driver around each slice; none in the CLI). */
let active: WorkMeter | null = null;

export interface WorkMeter {
  /** Reference nanoseconds charged so far. */
  spentNs: number;
  /** Charging beyond this throws OverBudget. */
  limitNs: number;
}

/** Thrown by `charge` when a job has used its allowance; the driver turns it into an OVER_BUDGET outcome. */
export class OverBudget extends Error {
  readonly spentS: number;
  constructor(spentNs: number) {
    super(`stopped after ≈ ${Math.round(spentNs / 1e9)} s of work (the budget a link may start by itself)`);
    this.name = 'OverBudget';
    this.spentS = spentNs / 1e9;
  }
}

/** Charge `ns` reference nanoseconds to the running job's meter (a no-op without one). */
export function charge(ns: number): void {
  const m = active;
  if (m === null) return;
  m.spentNs += ns;
  if (m.spentNs > m.limitNs) throw new OverBudget(m.spentNs);
}

/** Run `fn` with `meter` charged by every `charge` inside it (jobs interleave slice by slice, so each slice sets its own). */
export function withMeter<T>(meter: WorkMeter | null, fn: () => T): T {
  const prev = active;
  active = meter;
  try {
    return fn();
  } finally {
    active = prev;
  }
}

/** A meter allowing `limitS` reference seconds. */
export function meterOf(limitS: number): WorkMeter {
  return { spentNs: 0, limitNs: limitS * 1e9 };
}

/** Reference seconds of `steps` steps of an n-dimensional vector map (its product and units). */
export function vectorStepsS(n: number, steps: number): number {
  return (steps * (n * n * NS.madd + n * NS.unit + NS.step)) / 1e9;
}

/** Reference seconds of the Lyapunov steps with k tangent vectors (product with the Jacobian and re-orthonormalisation, core/jobs/spectrumJob.ts flopsPerStep). */
export function tangentStepsS(n: number, k: number, steps: number): number {
  return (steps * ((n * n * k + n * k * k) * NS.madd + n * NS.unit)) / 1e9 + vectorStepsS(n, steps);
}

/**
 * What a step of one column of a model's column batch costs besides its
 * size: the product's multiply-adds in units of n² (a GRU's W_hh has 3H rows
 * for H = n state numbers: 3), and the reference nanoseconds of one state
 * number's other work (activations, gates, tangent; calibrated against the
 * tanh RNN's in docs/benchmarks.md).
 */
export interface ColumnCostShape {
  productN2: number;
  unitNs: number;
}

/** The random RNN's batch (core/models/rnnColumns.ts): W is n × n, a unit is a fused tanh. */
export const RNN_COLUMN_COST: ColumnCostShape = { productN2: 1, unitNs: NS.batchUnit };

/** Reference seconds of one column of a column batch (core/vector/columnBatch.ts): `transient` state steps, then `keep` steps with a tangent vector. */
export function columnBatchS(n: number, transient: number, keep: number, shape: ColumnCostShape = RNN_COLUMN_COST): number {
  const unit = n * shape.unitNs;
  const product = shape.productN2 * n * n * NS.gemmMadd;
  return (transient * (product + unit) + keep * (2 * product + unit)) / 1e9;
}

/** Reference seconds of `evals` evaluations of a 1-D map of `units` units (0: a map without units). */
export function map1dEvalsS(units: number, evals: number): number {
  return (evals * (units > 0 ? units * NS.netUnit : NS.mapEval)) / 1e9;
}

/** Reference seconds a final orbit diagram is sized to (about a second on two workers). */
export const DIAGRAM_BUDGET_S = 2;

/** Columns of a 1-D map's orbit diagram that fit `seconds` (at least 24: fewer would not show a diagram). */
export function diagramColumnsWithin(units: number, transient: number, keep: number, seconds = DIAGRAM_BUDGET_S): number {
  return Math.max(24, Math.floor(seconds / map1dEvalsS(units, transient + 2 * keep)));
}

/** Columns of an n-dimensional map's orbit diagram run in batches that fit `seconds` (at least 24), each with `extraS` more (its mean-field λ). */
export function batchedDiagramColumnsWithin(n: number, transient: number, keep: number, extraS = 0, shape: ColumnCostShape = RNN_COLUMN_COST, seconds = DIAGRAM_BUDGET_S): number {
  return Math.max(24, Math.floor(seconds / (columnBatchS(n, transient, keep, shape) + extraS)));
}

/** Reference seconds of a diagram column's mean-field λ (0 for a model without the theory). */
export function meanFieldColumnS(hasTheory: boolean): number {
  return hasTheory ? NS.meanFieldColumn / 1e9 : 0;
}

/** "≈ 40 s", "≈ 3 min", "≈ 2 h": an estimate for the Start button. */
export function fmtWork(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'an unknown time';
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `≈ ${Math.round(seconds)} s`;
  if (seconds < 5400) return `≈ ${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `≈ ${Math.round(seconds / 3600)} h`;
  return `≈ ${Math.round(seconds / 86400)} days`;
}
