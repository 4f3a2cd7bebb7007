/**
 * From the parameters of a link to the requests of the jobs that compute each
 * view. Pure, and shared by the app's engine and the CLI, so both compute the
 * same thing for the same link, and what each view depends on is stated once
 * (tested: a change to anything else does not recompute it).
 */
import { MODEL_PARAM_KEYS, appliesTo, columnCostOf, hasColumnBatch, hasMeanField, isModel1D, modelOf, stateDimension, type ImportedData, type ModelParams } from '../core/models';
import type { Panel1dRequest } from '../core/jobs/panel1d';
import type { SweepBaseND } from '../core/vector/diagramND';
import type { VectorPanelRequest } from '../core/jobs/panelND';
import { flopsPerStep, type SpectrumJobRequest } from '../core/jobs/spectrumJob';
import type { LyapunovRequest } from '../core/jobs/lyapunovJob';
import type { ExpressivityRequest, PeriodicViewRequest } from '../core/jobs/paperB';
import type { SweepBase } from '../core/map1d/bifurcation';
import type { EigenRequest } from '../core/vector/eigen';
import type { GradientRequest } from '../core/gradients/gradientPlan';
import { digestF64 } from '../core/linalg/hash';
import { AUTO, PARAM_SPECS, lyapunovStepsCap, type Params } from './spec';
import { costCap, type RunLength } from '../core/runLength';
import { batchedDiagramColumnsWithin, diagramColumnsWithin, meanFieldColumnS } from '../core/cost';

/** Fixed values for the model keys that do not apply to a model (any valid value: it is never read). */
const NEUTRAL: Omit<ModelParams, 'model'> = { act: 'tanh', out: 'identity', g: 1, sb: 0, k: 2, init: 'he', seed: 0, w: 0, b: 0, r: 0, mu: 0, wl: 'gauss', inp: 'none', ia: 0, ip: 20, a: 0, x0: 0 };

/**
 * The model part of the state: the keys that apply to the model, the others
 * at fixed values, so a change of a key the model does not read asks for nothing.
 */
export function modelParams(p: Params): ModelParams {
  const out: ModelParams = { model: p.model, ...NEUTRAL };
  const o = out as unknown as Record<string, unknown>;
  for (const key of MODEL_PARAM_KEYS) if (key !== 'model' && appliesTo(key, p.model)) o[key] = p[key];
  return out;
}

export function periodicRequest(p: Params, imported: ImportedData | null, draft: boolean): PeriodicViewRequest {
  return { params: { ...modelParams(p), x0: p.x0, d0: p.d0, se: p.se, pc: p.pc }, imported, draft };
}

export function expressivityRequest(p: Params, imported: ImportedData | null, draft: boolean): ExpressivityRequest {
  return { params: { ...modelParams(p), xt: p.xt, xg: p.xg, xn: p.xn, xp: p.xp }, imported, draft };
}

export function panel1dRequest(p: Params, imported: ImportedData | null, draft: boolean): Panel1dRequest {
  return {
    params: {
      ...modelParams(p),
      x0: p.x0,
      d0: p.d0,
      T: p.T,
      fk: p.fk,
      // while dragging, a shorter λ run keeps every animation frame (final on release)
      lt: draft ? Math.min(p.lt, 300) : p.lt,
      ...panel1dLength(p, draft),
    },
    imported,
    samples: 600,
  };
}

/** The 1-D λ run: while dragging a short fixed one, else `lyapunovRunLength`. */
function panel1dLength(p: Params, draft: boolean): { ls: number; tol: number } {
  const len = lyapunovRunLength(p);
  return draft ? { ls: Math.min(len.steps, 1500), tol: 0 } : { ls: len.steps, tol: len.tol };
}

export interface DiagramJob {
  base: SweepBase;
  /** Set for a vector model (then `base` is a placeholder). */
  nd?: SweepBaseND;
  lo: number;
  hi: number;
  cols: number;
  rows: number;
  yRange: [number, number] | null;
  quality: 'draft' | 'final';
}

export function diagramJob(p: Params, imported: ImportedData | null, size: { cols: number; rows: number }, draft: boolean): DiagramJob {
  const vector = !isModel1D(p.model);
  const transient = draft ? Math.min(p.bt, vector ? 200 : 300) : p.bt;
  const keep = draft ? Math.min(p.bn, vector ? 100 : 150) : p.bn;
  const params = modelParams(p);
  // The swept parameter's own value does not change the diagram (only its cursor).
  (params as unknown as Record<string, number>)[p.bp] = 0;
  const base: SweepBase = { params, imported: vector ? null : imported, param: p.bp, transient, keep };
  const nd: SweepBaseND | undefined = vector ? { params, imported, param: p.bp, transient, keep, proj: p.proj, unit: p.unit } : undefined;
  // A vector map costs ~N² per step: fewer columns (the canvas scales them up); in column batches
  // (one matrix product a step for all columns) as many as the cost model's budget allows, as a
  // 1-D network's (core/cost.ts). Without batches: about 1.2·10⁹ flops for a final diagram.
  // A batch is faster than the same columns one by one, so it never gets fewer of them.
  const n = stateDimension(modelParams(p), imported);
  const oneByOneCols = Math.max(24, Math.round(1.2e9 / ((n * n + 4) * (p.bt + p.bn) * 4)));
  const maxCols = vector
    ? draft
      ? 48
      : hasColumnBatch(p.model, p.bp)
        ? Math.max(oneByOneCols, batchedDiagramColumnsWithin(n, p.bt, p.bn, meanFieldColumnS(hasMeanField(p.model)), columnCostOf(p.model)))
        : oneByOneCols
    : draft
      ? 240
      : diagramColumnsWithin(modelOf(p.model).k ? p.k : 0, p.bt, p.bn);
  const cols = Math.min(size.cols, maxCols);
  const rows = draft ? Math.min(size.rows, 240) : size.rows;
  return {
    base,
    nd,
    lo: p.bx0,
    hi: p.bx1,
    cols: Math.max(1, cols),
    rows: Math.max(1, rows),
    yRange: p.by0 !== null && p.by1 !== null ? [p.by0, p.by1] : null,
    quality: draft ? 'draft' : 'final',
  };
}

export function vectorPanelRequest(p: Params, imported: ImportedData | null, draft: boolean): VectorPanelRequest {
  return { params: { ...modelParams(p), d0: p.d0, T: p.T, lt: p.lt, ls: fixedLyapunovSteps(p), unit: p.unit }, imported, draft };
}

export function spectrumRequest(p: Params, imported: ImportedData | null, draft: boolean): SpectrumJobRequest {
  const len = lyapunovRunLength(p);
  return { params: { ...modelParams(p), lt: p.lt, ls: len.steps, tol: len.tol, nk: p.nk }, imported, draft };
}

/**
 * How long the λ runs of these parameters average (core/runLength.ts): `ls`
 * steps, or for ls = auto up to the model's cap (lyapunovStepsCap), stopping
 * once every standard error is below `tol`.
 */
export function lyapunovRunLength(p: Params): RunLength {
  return p.ls === AUTO ? { steps: lyapunovStepsCap(p), tol: p.tol } : { steps: p.ls, tol: 0 };
}

/** The run settings the CLI's lyapunov takes besides the link (null: the link's). */
export interface LyapunovSettings {
  /** A fixed number of averaged steps, whatever the link's ls. */
  steps: number | null;
  /** Discarded steps (else lt). */
  transient: number | null;
  /** Vector maps: the k largest exponents, 0 = all N (else nk); clamped to N. */
  exponents: number | null;
}

/**
 * The lyapunov quantity's run (core/jobs/lyapunovJob.ts) for a state: the
 * model part, the transient, the length (a fixed one, or the link's: ls = auto
 * stops at tol, capped as the app's spectrum stage of k exponents) and for a
 * vector map the number of exponents. The CLI's lyapunov and every cell of a
 * phase map call this, so a cell computes what lyapunov prints for its state.
 */
export function lyapunovRequest(p: Params, imported: ImportedData | null, run: LyapunovSettings): LyapunovRequest {
  const params = modelParams(p);
  const transient = run.transient ?? p.lt;
  if (isModel1D(p.model)) {
    const len = run.steps !== null ? { steps: run.steps, tol: 0 } : lyapunovRunLength(p);
    return { params, imported, transient, steps: len.steps, tol: len.tol, k: 1 };
  }
  const n = stateDimension(params, imported);
  const kArg = Math.min(n, run.exponents ?? p.nk);
  const k = kArg === 0 ? n : kArg;
  const len = run.steps !== null ? { steps: run.steps, tol: 0 } : costCap(lyapunovRunLength(p), flopsPerStep(n, k));
  return { params, imported, transient, steps: len.steps, tol: len.tol, k };
}

/** Views that average a fixed number of steps (the 2-D explore panel, the gradient meter): ls = auto is the spec's fixed stand-in there. */
export function fixedLyapunovSteps(p: Params): number {
  return p.ls === AUTO ? Math.min(PARAM_SPECS.ls.auto, lyapunovStepsCap(p)) : p.ls;
}

/**
 * The eigenvalue view (null for the maps of the line): only what it depends on.
 * An input enters only when constant (a sine input is zero at t = 0: the fixed
 * points are those of the unforced map). `draft` (a slider is being dragged):
 * fewer Newton starts for N > 64, none for N > 128.
 */
export function eigenRequest(p: Params, imported: ImportedData | null, draft = false): EigenRequest | null {
  if (isModel1D(p.model)) return null;
  const params = modelParams(p);
  if (params.inp !== 'const') {
    params.ia = NEUTRAL.ia;
    params.ip = NEUTRAL.ip;
  } else params.ip = NEUTRAL.ip;
  const req: EigenRequest = { params, imported: modelOf(p.model).importer ? imported : null };
  if (draft) req.draft = true;
  return req;
}

/** The gradient meter; `unlimited`: measure everything asked for, whatever it costs (the CLI). */
export function gradientRequest(p: Params, imported: ImportedData | null, draft: boolean, unlimited = false): GradientRequest {
  const req: GradientRequest = { model: { params: modelParams(p), imported }, horizon: p.gh, windows: p.gwn, tau: p.tau, alpha: p.alpha, lt: p.lt, ls: fixedLyapunovSteps(p), draft };
  if (unlimited) req.unlimited = true;
  return req;
}

/** Stable key of a request: equal keys need no recomputation. */
export function requestKey(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (v instanceof Float64Array ? digestF64(v) : v));
}
