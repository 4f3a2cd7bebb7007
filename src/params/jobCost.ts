/**
 * What each view's job will cost, estimated from its request before it starts
 * (the cost model of core/cost.ts, in reference seconds): counts of map steps,
 * tangent steps and evaluations, as the jobs in core/jobs run them. Pure and
 * shared by the engine (which gates on it) and `npm run bench:cost` (which
 * checks it against measured times).
 *
 * `null`: not known in advance — the job's own meter (core/cost.ts `charge`)
 * stops it at the budget instead (the certified searches of Paper B's views).
 */
import { columnCostOf, hasColumnBatch, hasMeanField, modelOf, stateDimension, type ImportedData, type ModelParams } from '../core/models';
import { NS, PROGRESSIVE_BUDGET_S, columnBatchS, map1dEvalsS, meanFieldColumnS, tangentStepsS, vectorStepsS } from '../core/cost';
import { TOL_MIN_STEPS, costCap } from '../core/runLength';
import { flopsPerStep, type SpectrumJobRequest } from '../core/jobs/spectrumJob';
import type { Panel1dRequest } from '../core/jobs/panel1d';
import type { VectorPanelRequest } from '../core/jobs/panelND';
import type { EigenRequest } from '../core/vector/eigen';
import { JACOBIAN_EIGEN_MAX_N, planFor } from '../core/vector/eigen';
import { PCA_ROWS_WIDE } from '../core/linalg/pca';
import type { DiagramJob } from './requests';

/** An estimate: seconds to the first result shown, and in all (equal unless the job is progressive). */
export interface CostEstimate {
  firstS: number;
  totalS: number;
}

const whole = (s: number): CostEstimate => ({ firstS: s, totalS: s });

/** Units a 1-D map's evaluation costs (its network's width), 0 for a map without units. */
export function map1dUnits(params: ModelParams): number {
  return modelOf(params.model).k ? params.k : 0;
}

export function panel1dCost(req: Panel1dRequest): CostEstimate {
  const p = req.params;
  const units = map1dUnits(p);
  // orbit and twin, the samples of f and its iterates, the λ run (f and f′ each step)
  const samples = (req.samples ?? 600) * (1 + p.fk.reduce((a, b) => a + b, 0));
  return whole(map1dEvalsS(units, 2 * p.T + samples + p.lt + 2 * p.ls));
}

/** The principal plane of a tail of `rows` states (core/linalg/pca.ts): the scatter matrix up to 256 units, else the data itself at PCA_ROWS_WIDE rows. */
function principalPlaneS(n: number, rows: number): number {
  if (n <= 2) return 0;
  const madds = n <= 256 ? (rows * n * n) / 2 + 120 * n * n : 120 * 2 * Math.min(rows, PCA_ROWS_WIDE) * n;
  return (madds * NS.madd * 3) / 1e9; // plain JavaScript loops: about 3× the kernels' cost per multiply-add
}

export function vectorPanelCost(req: VectorPanelRequest, imported: ImportedData | null): CostEstimate {
  const p = req.params;
  const n = stateDimension(p, imported);
  const lt = req.draft ? Math.min(p.lt, 150) : p.lt;
  const ls = req.draft ? Math.min(p.ls, 450) : p.ls;
  const tail = req.draft ? 300 : 3000;
  return whole(vectorStepsS(n, 2 * p.T + lt + tail) + tangentStepsS(n, 1, ls) + principalPlaneS(n, tail));
}

/** The spectrum job's stages (core/jobs/spectrumJob.ts): each runs the transient, then its steps (with a tolerance: up to its cost cap). */
export function spectrumCost(req: SpectrumJobRequest, imported: ImportedData | null): CostEstimate {
  const p = req.params;
  const n = stateDimension(p, imported);
  const steps = Math.max(10, Math.round(req.draft ? Math.min(p.ls, 2000) : p.ls));
  const tol = req.draft ? 0 : Math.max(0, p.tol);
  const kFull = p.nk > 0 ? Math.min(n, p.nk) : n;
  const kTop = Math.min(kFull, 8);
  const ks = [1];
  if (kTop > 1 && !req.draft) ks.push(kTop);
  if (kFull > kTop && !req.draft) ks.push(kFull);
  const stage = (k: number) => vectorStepsS(n, p.lt) + tangentStepsS(n, k, costCap({ steps, tol }, flopsPerStep(n, k)).steps);
  // the first running estimate with an error: the transient and TOL_MIN_STEPS steps of λ_max
  const firstS = vectorStepsS(n, p.lt) + tangentStepsS(n, 1, Math.min(steps, TOL_MIN_STEPS));
  // λ_max, the two-trajectory cross-check over at most 20 000 steps, then the other stages
  const totalS = stage(1) + vectorStepsS(n, 2 * (p.lt + Math.min(steps, 20000))) + ks.slice(1).reduce((s, k) => s + stage(k), 0);
  return { firstS, totalS };
}

/**
 * The part of a spectrum request that fits `allowanceS` (a progressive job:
 * PROGRESSIVE_BUDGET_S in all): all exponents, else the top 8, else λ_max
 * only (null: not even that). Its stages are those of the whole request,
 * bit for bit; the view then offers the rest with its estimate.
 */
export function spectrumWithin(req: SpectrumJobRequest, imported: ImportedData | null, allowanceS: number): SpectrumJobRequest | null {
  const n = stateDimension(req.params, imported);
  const kFull = req.params.nk > 0 ? Math.min(n, req.params.nk) : n;
  for (const k of [kFull, Math.min(kFull, 8), 1]) {
    const part = k === kFull ? req : { ...req, params: { ...req.params, nk: k } };
    const e = spectrumCost(part, imported);
    if (e.firstS <= allowanceS && e.totalS <= Math.max(allowanceS, PROGRESSIVE_BUDGET_S)) return part;
  }
  return null;
}

export function diagramCost(job: DiagramJob, imported: ImportedData | null): CostEstimate {
  const base = job.nd ?? job.base;
  const steps = job.cols * (base.transient + base.keep);
  if (job.nd) {
    const n = stateDimension(job.nd.params, imported);
    // every column: the transient, then keep steps with one tangent vector (its λ); in column batches where the model has them
    const theory = meanFieldColumnS(hasMeanField(job.nd.params.model));
    if (hasColumnBatch(job.nd.params.model, job.nd.param)) return whole(job.cols * (columnBatchS(n, base.transient, base.keep, columnCostOf(job.nd.params.model)) + theory));
    return whole(vectorStepsS(n, job.cols * base.transient) + tangentStepsS(n, 1, job.cols * base.keep));
  }
  return whole(map1dEvalsS(map1dUnits(job.base.params), steps + job.cols * base.keep));
}

export function eigenCost(req: EigenRequest): CostEstimate {
  const n = stateDimension(req.params, req.imported);
  const plan = planFor(n, req.draft === true && n > 64);
  const starts = (plan.basic ? 2 : 0) + plan.orbit.length + plan.random * (plan.antithetic ? 2 : 1) + plan.modes;
  // the matrix's eigenvalues (Hessenberg QR with vectors, ~50 n³ measured; cached while only g moves), Newton steps (an LU each, n³/3; about
  // ten before they converge or stall), each point's Jacobian eigenvalues up to JACOBIAN_EIGEN_MAX_N
  const n3 = n * n * n;
  const madds = 50 * n3 + starts * Math.min(plan.maxIter, 10) * (n3 / 3 + n * n) + (n <= JACOBIAN_EIGEN_MAX_N ? 3 * 3 * n3 : 0);
  return whole((madds * NS.madd * 2) / 1e9);
}
