/**
 * The quantities the CLI computes, from the same core as the app's workers
 * (buildMap, orbit, analyseOrbit, sweepPoints), and their JSON / CSV forms.
 * No NaN or Infinity is ever printed: a missing value is null (JSON) or an
 * empty field (CSV).
 */
import { columnValues, sweepPoints, type SweepBase } from '../core/map1d/bifurcation';
import { MODEL_LIST, buildMap, buildMapND, isModel1D, meanFieldSigmas, type MeanFieldSigmas, type ModelParams } from '../core/models';
import { analyseOrbit, classifyOrbit, orbit, type OrbitKind } from '../core/map1d/orbit';
import type { SweepParam } from '../core/models';
import { periodicPoints } from '../core/interval/periodic';
import { lapsOfIterates } from '../core/interval/laps';
import { gGrid, planTasks, runTask, wilson, type CellCounts, type SweepConfig } from '../core/interval/sweep';
import { ACTIVATION_INFO, type Activation } from '../core/models/activations';
import type { InitScheme, OutputMode } from '../core/models';
import type { Stability } from '../core/map1d/fixedPoints';
import type { Params } from '../params/spec';
import type { MapND } from '../core/models';
import { SpectrumRun, spectrumSummary, twoTrajectoryLambda } from '../core/vector/spectrum';
import { criticalG, meanField } from '../core/vector/meanField';
import { computeEigenView } from '../core/vector/eigen';
import { eigenRequest, gradientRequest, modelParams } from '../params/requests';
import { gradientSteps } from '../core/gradients/gradients';
import type { GradientRequest, GradientResult } from '../core/gradients/gradientPlan';
import { computeTrain, trainCsv, type TrainOutput } from './train';
import { MAX_BIFURCATION_POINTS, UsageError, type CliArgs, type Quantity } from './args';
import { stateHash, stateWithRunSettings, type RunState } from './state';
import { stateDiverged } from '../core/divergence';

export const DEFAULT_COLS = 200;

export interface OrbitOutput {
  x: number[];
  diverged: boolean;
  /** Index of the first point beyond the bound (x has exactly that many values). */
  divergedAt?: number;
  steps: number;
  state: string;
}

export interface LyapunovOutput {
  exponents: (number | null)[];
  lambdaMax: number | null;
  /** Steps actually averaged (fewer than asked if the orbit diverged). */
  steps: number;
  transient: number;
  period: number;
  kind: OrbitKind;
  superstable: boolean;
  diverged: boolean;
  divergedAt?: number;
  state: string;
}

/** orbit of a vector model (rnn, plrnn, henon): the states h₀ … h_T. */
export interface OrbitNDOutput {
  /** states[t] = h_t (N numbers); states[0] = the initial state. */
  states: number[][];
  /** Units N. */
  n: number;
  diverged: boolean;
  /** Index of the first state beyond the bound (states has exactly that many). */
  divergedAt?: number;
  steps: number;
  state: string;
}

export interface MeanFieldOutput {
  /** Fixed point q* of the variance map (null if it diverges). */
  qStar: number | null;
  chi1: number | null;
  /** ½ ln χ₁ per step: the mean-field λ_max. */
  lambda: number | null;
  /** The g at which χ₁ = 1 for this φ, law and σ_b (null if none in (0, 20]). */
  criticalG: number | null;
  /** σ_w² = g²·N·Var(Wᵢⱼ) and σ_b² used. */
  sigmaW2: number;
  sigmaB2: number;
  /** Where σ_w² and σ_b² come from. */
  source: 'law' | 'imported';
  /** The variance map has no finite fixed point (unbounded φ, σ_w² too large): q*, χ₁, λ are null. */
  diverged: boolean;
  notes: string[];
}

/** lyapunov of a vector model: the spectrum. */
export interface LyapunovNDOutput {
  /** λ₁ ≥ … ≥ λ_k per step (natural log); null where not finite. */
  exponents: (number | null)[];
  lambdaMax: number | null;
  steps: number;
  transient: number;
  /** Exponents computed (k) and units (N). */
  k: number;
  n: number;
  positive: number;
  /** Kaplan–Yorke dimension (null when the k exponents computed do not reach a negative sum, k < N). */
  kaplanYorke: number | null;
  /** Σ λ⁺ (a lower bound when k < N and λ_k > 0). */
  entropy: number | null;
  /** ln 2 / λ_max steps (null unless λ_max > 0). */
  predictabilityTime: number | null;
  /** λ_max by two nearby trajectories (renormalised every step), the same transient and steps. */
  twoTrajectory: number | null;
  /** Full spectrum only: Σλᵢ and ⟨ln|det J|⟩ along the same orbit (they must agree). */
  sumRule?: { sum: number | null; meanLogDet: number | null };
  meanField?: MeanFieldOutput;
  diverged: boolean;
  /** A Jacobian was singular on the way (ReLU units off): the smallest exponents are floored. */
  singular: boolean;
  state: string;
}

export interface EigenFixedPointOutput {
  point: number[];
  norm: number;
  residual: number;
  origin: boolean;
  /** ρ(J(h*)), null when not computed (N > jacobianEigenMaxN). */
  spectralRadius: number | null;
  unstableDims: number | null;
  stability: string;
  eigenvalues: { re: number[]; im: number[] } | null;
  from: string[];
}

export interface EigenOutput {
  /** Eigenvalues of the recurrent matrix (empty for Hénon), by modulus. */
  re: number[];
  im: number[];
  spectralRadius: number | null;
  /** ‖·‖₂ of the matrix. */
  norm2: number | null;
  /** Which matrix: "gW" (RNN), "g(diag(A) + W)" (PLRNN); null for Hénon. */
  matrix: string | null;
  circularLaw: { radius: number; kind: string; formula: string } | null;
  /** PLRNN: the spectrum of gW alone. */
  offDiagonal?: { re: number[]; im: number[]; spectralRadius: number };
  fixedPoints: EigenFixedPointOutput[];
  starts: { name: string; outcome: string; iterations: number; residual: number | null; fixedPoint: number }[];
  failed: number;
  singular: number;
  jacobianEigenMaxN: number;
  n: number;
  g: number;
  model: string;
  notes: string[];
  state: string;
}

export interface BifurcationOutput {
  name: SweepParam;
  param: number[];
  points: number[][];
  lambda: (number | null)[];
  period: number[];
  diverged: boolean[];
  cols: number;
  transient: number;
  keep: number;
  state: string;
}

export interface PeriodicCycleOutput {
  period: number;
  /** The cycle in order, from its smallest point. */
  points: number[];
  /** Π f′ over the cycle (null if not finite). */
  multiplier: number | null;
  stable: boolean;
  stability: Stability;
}

export interface PeriodicOutput {
  cycles: PeriodicCycleOutput[];
  /** A period that is not a power of two: Li–Yorke chaos. */
  liYorke: boolean;
  /** Minimal periods found, in Sharkovsky's order (3 first, powers of two last). */
  periods: number[];
  period3: boolean;
  method: 'exact' | 'grid';
  maxPeriod: number;
  /** Periods p for which fᵖ is the identity on an interval (a continuum of cycles, not listed). */
  continuum: number[];
  /** The interval searched (null: all of ℝ, exact method). */
  window: [number, number] | null;
  gridPoints?: number;
  notes: string[];
  state: string;
}

export interface LapsOutput {
  t: number[];
  laps: number[];
  /** Factor by which the laps multiply per iteration, exp(entropy); null if not defined. */
  growthRate: number | null;
  crossings: number[];
  fixedPoints: number[];
  level: number;
  /** Topological-entropy estimate (nats per step). */
  entropy: number | null;
  window: [number, number];
  method: 'exact' | 'grid';
  gridPoints?: number;
  notes: string[];
  state: string;
}

export interface ChaosProbabilityOutput {
  g: number[];
  widths: number[];
  /** p3[i][j]: fraction of the networks of width widths[i] at g[j] with a point of period 3. */
  p3: number[][];
  p3Low: number[][];
  p3High: number[][];
  /** The same for a 2-cycle. */
  p2: number[][];
  p2Low: number[][];
  p2High: number[][];
  /** Networks per (width, g). */
  samples: number;
  counts: { n: number[][]; p3: number[][]; p2: number[][] };
  config: { act: Activation; out: OutputMode; init: InitScheme; sb: number; seed: number };
  /** exact: linear pieces of f³ (piecewise-linear φ); grid: sign changes of fᵖ(x) − x on 2001 points. */
  method: 'exact' | 'grid';
  confidence: 0.95;
  state: string;
}

/** gradients: Paper A's gradient meter (core/gradients/gradients.ts), as the app's Gradient meter view computes it. */
export interface GradientsOutput {
  /** Horizons h = T − t = 1 … H. */
  horizon: number[];
  /** Mean over the windows of ln‖J_T ⋯ J_t+1‖₂ (natural log), with forcing (tau, alpha) applied. */
  logNorm: (number | null)[];
  /** Least-squares slope of logNorm over h ∈ [fitFrom, H] (per step): λ_max without forcing. */
  slope: number | null;
  fitFrom: number;
  /** The spread over the windows: min–max (fewer than 10 windows) or the 10 % and 90 % quantiles. */
  band: { lo: (number | null)[]; hi: (number | null)[]; kind: 'minmax' | 'q10-q90' };
  /** The meter without forcing, and its slope. */
  free: (number | null)[];
  freeSlope: number | null;
  /** λ_max by QR (one tangent vector) over lambdaSteps steps after the transient lt. */
  lambdaMax: number | null;
  lambdaSteps: number;
  /** ln 2/λ_max (null unless λ_max > 0). */
  tauPred: number | null;
  tau: number;
  alpha: number;
  /** ln of the forcing bound e^(λ_max·τ)·(1 − α)^τ (null without τ or λ_max ≤ 0). */
  bound: number | null;
  /** 1 − e^(−λ_max): the GTF α that flattens the meter (null unless λ_max > 0). */
  alphaFlat: number | null;
  windows: number;
  /** Finite-time exponents ln σ₁(P_H)/H over the windows. */
  finiteTime: { mean: number | null; sd: number | null };
  /** All (N ≤ 64) or the top 16 singular values of the product, mean over the first windows, at sampled horizons. */
  singularValues: { horizon: number[]; logSigma: (number | null)[][]; slopes: (number | null)[]; k: number; n: number; exact: boolean; windows: number };
  /** ln‖∂L_T/∂θ‖ by BPTT on the model's own noisy orbit, and for the contracting reference. */
  bptt: { T: number[]; current: (number | null)[]; reference: (number | null)[]; theta: string; referenceSetting: string; noise: number } | null;
  diverged: boolean;
  singular: boolean;
  state: string;
}

export type Output =
  | { quantity: 'orbit'; data: OrbitOutput | OrbitNDOutput }
  | { quantity: 'lyapunov'; data: LyapunovOutput | LyapunovNDOutput }
  | { quantity: 'eigen'; data: EigenOutput }
  | { quantity: 'bifurcation'; data: BifurcationOutput }
  | { quantity: 'periodic'; data: PeriodicOutput }
  | { quantity: 'laps'; data: LapsOutput }
  | { quantity: 'chaos-probability'; data: ChaosProbabilityOutput }
  | { quantity: 'gradients'; data: GradientsOutput }
  | { quantity: 'train'; data: TrainOutput };

/** Reports progress of a long computation (stderr in the CLI). */
export type Progress = (message: string) => void;

/** The ids of a family's models, for messages. */
function familyNames(family: '1d' | 'vector'): string {
  return MODEL_LIST.filter((m) => m.family === family)
    .map((m) => m.id)
    .join(', ');
}

/** The 1-D model of the state; the 1-D quantities refuse the vector models. */
function oneD(s: RunState, q: Quantity): ModelParams {
  if (!isModel1D(s.params.model)) {
    throw new UsageError(`${q} is computed for the 1-D models (${familyNames('1d')}), not for model=${s.params.model}; for the vector models use orbit, lyapunov or eigen`);
  }
  return modelParams(s.params);
}

/** The vector map of the state (seeded or imported), as the app's workers build it. */
function vectorMap(s: RunState): MapND {
  return buildMapND(modelParams(s.params), s.imported);
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function computeOrbit(s: RunState, stepsArg: number | null): OrbitOutput {
  const steps = stepsArg ?? s.params.T;
  const p = stateWithRunSettings(s, { T: steps });
  const o = orbit(buildMap(oneD(s, 'orbit'), s.imported), s.params.x0, steps);
  const out: OrbitOutput = { x: Array.from(o.x.subarray(0, o.len)), diverged: o.diverged, steps, state: stateHash(s, p) };
  if (o.diverged) out.divergedAt = o.len;
  return out;
}

export function computeLyapunov(s: RunState, stepsArg: number | null, transientArg: number | null): LyapunovOutput {
  const steps = stepsArg ?? s.params.ls;
  const transient = transientArg ?? s.params.lt;
  const p = stateWithRunSettings(s, { ls: steps, lt: transient });
  const a = analyseOrbit(buildMap(oneD(s, 'lyapunov'), s.imported), s.params.x0, transient, steps);
  const lambda = a.diverged ? null : finiteOrNull(a.lambda);
  const out: LyapunovOutput = {
    exponents: [lambda],
    lambdaMax: lambda,
    steps: a.steps,
    transient,
    period: a.period,
    kind: classifyOrbit(a),
    superstable: a.superstable,
    diverged: a.diverged,
    state: stateHash(s, p),
  };
  if (a.diverged) out.divergedAt = a.divergedAt;
  return out;
}

/** Largest vector orbit printed: (T + 1)·N numbers (as the 1-D orbit's 10⁷). */
export const MAX_ORBIT_NUMBERS = 1e7;

export function computeOrbitND(s: RunState, stepsArg: number | null): OrbitNDOutput {
  const steps = stepsArg ?? s.params.T;
  const map = vectorMap(s);
  const n = map.n;
  if ((steps + 1) * n > MAX_ORBIT_NUMBERS) {
    throw new UsageError(`an orbit of ${steps} steps of ${n} units is ${(steps + 1) * n} numbers; at most ${MAX_ORBIT_NUMBERS} are printed (lower --steps)`);
  }
  const p = stateWithRunSettings(s, { T: steps });
  let x: Float64Array = map.initialState();
  let next: Float64Array = new Float64Array(n);
  const states: number[][] = [Array.from(x)];
  let divergedAt = -1;
  for (let t = 0; t < steps; t++) {
    map.step(x, next, t); // t: the input u_t of an input-driven RNN
    [x, next] = [next, x];
    if (stateDiverged(x)) {
      divergedAt = t + 1;
      break;
    }
    states.push(Array.from(x));
  }
  const out: OrbitNDOutput = { states, n, diverged: divergedAt >= 0, steps, state: stateHash(s, p) };
  if (divergedAt >= 0) out.divergedAt = divergedAt;
  return out;
}

/** The mean-field theory of the state's random network (σ_w², σ_b² from the law, or measured on imported weights). */
function meanFieldOf(s: RunState, m: MeanFieldSigmas): MeanFieldOutput {
  const source = s.imported ? 'imported' : 'law';
  const mf = meanField(s.params.act, m.sigmaW2, m.sigmaB2);
  const notes: string[] = [];
  if (s.params.wl === 'orth' && source === 'law') notes.push('An orthogonal W is not i.i.d.: the mean field uses its N·Var(Wᵢⱼ) = 1, an approximation.');
  if (s.params.inp !== 'none') notes.push('The mean field ignores the input u_t.');
  return {
    qStar: mf.diverged ? null : finiteOrNull(mf.qStar),
    chi1: mf.diverged ? null : finiteOrNull(mf.chi1),
    lambda: mf.diverged ? null : finiteOrNull(mf.lambda),
    criticalG: finiteOrNull(criticalG(s.params.act, m.lawSigma2, m.sigmaB2)),
    sigmaW2: m.sigmaW2,
    sigmaB2: m.sigmaB2,
    source,
    diverged: mf.diverged,
    notes,
  };
}

/** Steps per slice of a long spectrum run (progress is checked between slices). */
const SPECTRUM_SLICE = 2000;

export function computeLyapunovND(s: RunState, args: Pick<CliArgs, 'steps' | 'transient' | 'exponents'>, progress?: Progress): LyapunovNDOutput {
  const steps = args.steps ?? s.params.ls;
  const transient = args.transient ?? s.params.lt;
  const map = vectorMap(s);
  const n = map.n;
  const kArg = args.exponents ?? s.params.nk;
  if (kArg > n) throw new UsageError(`--exponents must be between 0 and ${n} for this model (N = ${n} units; 0 means all)`);
  const k = kArg === 0 ? n : kArg;
  const patch: Partial<Params> = { ls: steps, lt: transient };
  if (args.exponents !== null) patch.nk = args.exponents;
  const p = stateWithRunSettings(s, patch);

  const run = new SpectrumRun(map, map.initialState(), { k, transient, steps });
  const total = transient + steps;
  const t0 = Date.now();
  let nextReport = t0 + PROGRESS_FIRST_MS;
  for (let done = 0; done < total && !run.finished; ) {
    const chunk = Math.min(SPECTRUM_SLICE, total - done);
    run.advance(chunk);
    done += chunk;
    const now = Date.now();
    if (progress && now >= nextReport && done < total && !run.finished) {
      const left = ((now - t0) * (total - done)) / done;
      progress(`lyapunov: ${done} / ${total} steps (${Math.floor((100 * done) / total)} %), ${Math.round((now - t0) / 1000)} s elapsed, about ${Math.round(left / 1000)} s left`);
      nextReport = now + PROGRESS_EVERY_MS;
    }
  }
  const r = run.result();
  const lambdas = Array.from(r.lambdas);
  const summary = spectrumSummary(lambdas, n, r.diverged || r.steps === 0);
  const finite = summary.finite;
  const exponents = lambdas.map((v) => (finite ? finiteOrNull(v) : null));
  const lambdaMax = exponents[0] ?? null;
  const tt = twoTrajectoryLambda(vectorMap(s), map.initialState(), transient, steps);
  const out: LyapunovNDOutput = {
    exponents,
    lambdaMax,
    steps: r.steps,
    transient,
    k,
    n,
    positive: summary.positive,
    kaplanYorke: summary.kaplanYorke,
    entropy: summary.entropy,
    predictabilityTime: summary.predictabilityTime,
    twoTrajectory: tt.diverged ? null : finiteOrNull(tt.lambda),
    diverged: r.diverged,
    singular: r.singular,
    state: stateHash(s, p),
  };
  if (k === n) {
    out.sumRule = { sum: summary.sum === null ? null : finiteOrNull(summary.sum), meanLogDet: finite ? finiteOrNull(r.meanLogDet) : null };
  }
  const sigmas = meanFieldSigmas(modelParams(s.params), s.imported);
  if (sigmas) out.meanField = meanFieldOf(s, sigmas);
  return out;
}

export function computeEigen(s: RunState): EigenOutput {
  const req = eigenRequest(s.params, s.imported);
  if (!req) throw new UsageError(`eigen is computed for the vector models (${familyNames('vector')}), not for model=${s.params.model}`);
  const r = computeEigenView(req);
  const arr = (a: Float64Array) => Array.from(a);
  const out: EigenOutput = {
    re: r.matrix ? arr(r.matrix.re) : [],
    im: r.matrix ? arr(r.matrix.im) : [],
    spectralRadius: r.matrix ? r.matrix.spectralRadius : null,
    norm2: r.matrix ? r.matrix.norm2 : null,
    matrix: r.matrix ? r.matrix.label : null,
    circularLaw: r.circularLaw,
    fixedPoints: r.fixedPoints.map((f) => ({
      point: arr(f.point),
      norm: f.norm,
      residual: f.residual,
      origin: f.origin,
      spectralRadius: finiteOrNull(f.spectralRadius),
      unstableDims: f.unstableDims >= 0 ? f.unstableDims : null,
      stability: f.stability,
      eigenvalues: f.eig ? { re: arr(f.eig.re), im: arr(f.eig.im) } : null,
      from: f.from,
    })),
    starts: r.starts.map((t) => ({ ...t, residual: finiteOrNull(t.residual) })),
    failed: r.failed,
    singular: r.singular,
    jacobianEigenMaxN: r.jacobianEigenMaxN,
    n: r.n,
    g: r.g,
    model: r.model,
    notes: r.notes,
    state: stateHash(s, s.params),
  };
  if (r.offDiagonal) out.offDiagonal = { re: arr(r.offDiagonal.re), im: arr(r.offDiagonal.im), spectralRadius: r.offDiagonal.spectralRadius };
  return out;
}

export function computeBifurcation(s: RunState, colsArg: number | null, transientArg: number | null, keepArg: number | null): BifurcationOutput {
  const cols = colsArg ?? DEFAULT_COLS;
  const transient = transientArg ?? s.params.bt;
  const keep = keepArg ?? s.params.bn;
  if (cols * keep > MAX_BIFURCATION_POINTS) {
    throw new UsageError(`--cols × --keep = ${cols} × ${keep} exceeds ${MAX_BIFURCATION_POINTS} points`);
  }
  const p = stateWithRunSettings(s, { bt: transient, bn: keep });
  const base: SweepBase = { params: oneD(s, 'bifurcation'), imported: s.imported, param: s.params.bp, transient, keep };
  const values = columnValues(s.params.bx0, s.params.bx1, cols, 'inclusive');
  const r = sweepPoints(base, values);
  const diverged = Array.from(r.diverged, (d) => d === 1);
  return {
    name: s.params.bp,
    param: Array.from(values),
    points: r.points.map((pts) => Array.from(pts)),
    lambda: Array.from(r.lambda, (l, j) => (diverged[j] ? null : finiteOrNull(l))),
    period: Array.from(r.period),
    diverged,
    cols,
    transient,
    keep,
    state: stateHash(s, p),
  };
}

export const DEFAULT_MAX_PERIOD = 8;

export function computePeriodic(s: RunState, maxPeriodArg: number | null): PeriodicOutput {
  const maxPeriod = maxPeriodArg ?? DEFAULT_MAX_PERIOD;
  // As the app's periodic view at final quality (the default grid for smooth maps).
  const r = periodicPoints(buildMap(oneD(s, 'periodic'), s.imported), { maxPeriod });
  const out: PeriodicOutput = {
    cycles: r.cycles.map((c) => ({
      period: c.period,
      points: c.points,
      multiplier: finiteOrNull(c.multiplier),
      stable: c.stability === 'stable',
      stability: c.stability,
    })),
    liYorke: r.liYorke,
    periods: r.periods,
    period3: r.period3,
    method: r.method,
    maxPeriod: r.maxPeriod,
    continuum: r.continuum,
    window: r.window,
    notes: r.notes,
    state: stateHash(s, s.params),
  };
  if (r.gridPoints !== undefined) out.gridPoints = r.gridPoints;
  return out;
}

export function computeLaps(s: RunState, stepsArg: number | null, windowArg: [number, number] | null): LapsOutput {
  const T = stepsArg ?? s.params.xt;
  const p = stateWithRunSettings(s, { xt: T });
  const r = lapsOfIterates(buildMap(oneD(s, 'laps'), s.imported), { T, window: windowArg });
  const out: LapsOutput = {
    t: r.t,
    laps: r.laps,
    growthRate: finiteOrNull(r.growthRate),
    crossings: r.crossings,
    fixedPoints: r.fixedPoints,
    level: r.level,
    entropy: finiteOrNull(r.entropy),
    window: r.window,
    method: r.method,
    notes: r.notes,
    state: stateHash(s, p),
  };
  if (r.gridPoints !== undefined) out.gridPoints = r.gridPoints;
  return out;
}

/**
 * Write a group of run settings into the state only if the link can carry all
 * of them (a group, such as --g's sg0, sg1, sgn, is never half applied).
 */
function withGroups(s: RunState, groups: Partial<Params>[]): Params {
  let params = s.params;
  for (const patch of groups) {
    const next = stateWithRunSettings({ ...s, params }, patch);
    const all = (Object.keys(patch) as (keyof Params)[]).every((k) => JSON.stringify(next[k]) === JSON.stringify(patch[k]));
    if (all) params = next;
  }
  return params;
}

/** The sweep of the link (act, out, init, sb, seed, sw, sg0, sg1, sgn, sn) with the run's overrides. */
export function chaosConfig(s: RunState, args: Pick<CliArgs, 'samples' | 'widths' | 'gRange'>): SweepConfig {
  const p = s.params;
  const gs = args.gRange ? gGrid(args.gRange.lo, args.gRange.hi, args.gRange.n) : gGrid(p.sg0, p.sg1, p.sgn);
  return { act: p.act, out: p.out, init: p.init, sb: p.sb, seed: p.seed, widths: args.widths ?? [...p.sw], gs, samples: args.samples ?? p.sn };
}

/** Progress lines only for runs that take a while: the first after 2 s, then every 5 s. */
const PROGRESS_FIRST_MS = 2000;
const PROGRESS_EVERY_MS = 5000;

export function computeChaosProbability(s: RunState, args: Pick<CliArgs, 'samples' | 'widths' | 'gRange'>, progress?: Progress): ChaosProbabilityOutput {
  if (!isModel1D(s.params.model)) {
    throw new UsageError(`chaos-probability sweeps 1-D networks (Paper B's net1d), not model=${s.params.model}; for the vector models use orbit, lyapunov or eigen`);
  }
  const cfg = chaosConfig(s, args);
  const groups: Partial<Params>[] = [];
  if (args.samples !== null) groups.push({ sn: cfg.samples });
  if (args.widths !== null) groups.push({ sw: cfg.widths });
  if (args.gRange !== null) groups.push({ sg0: args.gRange.lo, sg1: args.gRange.hi, sgn: args.gRange.n });
  const state = stateHash(s, withGroups(s, groups));

  // runSweep's counts, computed task by task so that a long run can report progress
  // (the counts do not depend on the batching: tested against runSweep).
  const counts: CellCounts[][] = cfg.widths.map(() => cfg.gs.map(() => ({ n: 0, p3: 0, p2: 0 })));
  const total = cfg.widths.length * cfg.gs.length * cfg.samples;
  const t0 = Date.now();
  let nextReport = t0 + PROGRESS_FIRST_MS;
  let done = 0;
  for (const task of planTasks(cfg, 10)) {
    const c = runTask(cfg, task);
    const cell = counts[task.ki][task.gi];
    cell.n += c.n;
    cell.p3 += c.p3;
    cell.p2 += c.p2;
    done += c.n;
    const now = Date.now();
    if (progress && now >= nextReport && done < total) {
      const left = ((now - t0) * (total - done)) / done;
      progress(`chaos-probability: ${done} / ${total} networks (${Math.floor((100 * done) / total)} %), ${Math.round((now - t0) / 1000)} s elapsed, about ${Math.round(left / 1000)} s left`);
      nextReport = now + PROGRESS_EVERY_MS;
    }
  }

  const grid = (f: (c: CellCounts) => number) => counts.map((row) => row.map(f));
  const bounds = (which: 'p3' | 'p2', side: 0 | 1) => grid((c) => wilson(c[which], c.n)[side]);
  return {
    g: cfg.gs,
    widths: cfg.widths,
    p3: grid((c) => c.p3 / c.n),
    p3Low: bounds('p3', 0),
    p3High: bounds('p3', 1),
    p2: grid((c) => c.p2 / c.n),
    p2Low: bounds('p2', 0),
    p2High: bounds('p2', 1),
    samples: cfg.samples,
    counts: { n: grid((c) => c.n), p3: grid((c) => c.p3), p2: grid((c) => c.p2) },
    config: { act: cfg.act, out: cfg.out, init: cfg.init, sb: cfg.sb, seed: cfg.seed },
    method: ACTIVATION_INFO[cfg.act].piecewiseLinear ? 'exact' : 'grid',
    confidence: 0.95,
    state,
  };
}

/** The app's request of the gradient meter (params/requests.ts), measured in full. */
export function gradientsRequest(s: RunState, H: number, W: number): GradientRequest {
  return gradientRequest({ ...s.params, gh: H, gwn: W }, s.imported, false, true);
}

export function computeGradientsCli(s: RunState, args: Pick<CliArgs, 'horizon' | 'windows'>, progress?: Progress): GradientsOutput {
  const H = args.horizon ?? s.params.gh;
  const W = args.windows ?? s.params.gwn;
  const p = stateWithRunSettings(s, { gh: H, gwn: W });
  const req = gradientsRequest(s, H, W);
  const it = gradientSteps(req);
  const t0 = Date.now();
  let nextReport = t0 + PROGRESS_FIRST_MS;
  let r: GradientResult;
  for (;;) {
    const step = it.next();
    if (step.done) {
      r = step.value;
      break;
    }
    const now = Date.now();
    if (progress && step.value && now >= nextReport) {
      const v = step.value;
      const left = v.progress > 0 ? ((now - t0) * (1 - v.progress)) / v.progress : NaN;
      progress(`gradients: ${v.windowsDone} / ${v.windows} windows (${Math.floor(100 * v.progress)} %), ${Math.round((now - t0) / 1000)} s elapsed${Number.isFinite(left) ? `, about ${Math.round(left / 1000)} s left` : ''}`);
      nextReport = now + PROGRESS_EVERY_MS;
    }
  }
  const arr = (a: ArrayLike<number>) => Array.from(a, (v) => finiteOrNull(v));
  const k = r.k;
  return {
    horizon: Array.from({ length: r.H }, (_, i) => i + 1),
    logNorm: arr(r.logNorm),
    slope: finiteOrNull(r.slope),
    fitFrom: r.fitFrom,
    band: { lo: arr(r.bandLo), hi: arr(r.bandHi), kind: r.bandKind },
    free: arr(r.free),
    freeSlope: finiteOrNull(r.freeSlope),
    lambdaMax: finiteOrNull(r.lambdaMax),
    lambdaSteps: r.lambdaSteps,
    tauPred: finiteOrNull(r.tauPred),
    tau: r.tau,
    alpha: r.alpha,
    bound: finiteOrNull(r.bound),
    alphaFlat: finiteOrNull(r.alphaFlat),
    windows: r.windowsDone,
    finiteTime: { mean: finiteOrNull(r.finiteTime.mean), sd: finiteOrNull(r.finiteTime.sd) },
    singularValues: {
      horizon: Array.from(r.svH),
      logSigma: Array.from(r.svH, (_, j) => arr(r.sv.subarray(j * k, j * k + k))),
      slopes: arr(r.svSlopes),
      k,
      n: r.n,
      exact: r.fullSet,
      windows: r.svWindows,
    },
    bptt: r.bptt
      ? { T: Array.from(r.bptt.T), current: arr(r.bptt.current), reference: arr(r.bptt.reference), theta: r.bptt.thetaLabel, referenceSetting: r.bptt.referenceLabel, noise: r.bptt.noise }
      : null,
    diverged: r.diverged,
    singular: r.singular,
    state: stateHash(s, p),
  };
}

export function compute(args: CliArgs, s: RunState, progress?: Progress): Output {
  switch (args.quantity) {
    case 'orbit':
      return { quantity: 'orbit', data: !isModel1D(s.params.model) ? computeOrbitND(s, args.steps) : computeOrbit(s, args.steps) };
    case 'lyapunov':
      if (!isModel1D(s.params.model)) return { quantity: 'lyapunov', data: computeLyapunovND(s, args, progress) };
      if (args.exponents !== null) throw new UsageError(`--exponents applies to the vector models (rnn, plrnn, henon), not to model=${s.params.model}`);
      return { quantity: 'lyapunov', data: computeLyapunov(s, args.steps, args.transient) };
    case 'eigen':
      return { quantity: 'eigen', data: computeEigen(s) };
    case 'bifurcation':
      return { quantity: 'bifurcation', data: computeBifurcation(s, args.cols, args.transient, args.keep) };
    case 'periodic':
      return { quantity: 'periodic', data: computePeriodic(s, args.maxPeriod) };
    case 'laps':
      return { quantity: 'laps', data: computeLaps(s, args.steps, args.window) };
    case 'chaos-probability':
      return { quantity: 'chaos-probability', data: computeChaosProbability(s, args, progress) };
    case 'gradients':
      return { quantity: 'gradients', data: computeGradientsCli(s, args, progress) };
    case 'train':
      return { quantity: 'train', data: computeTrain(s, args.steps, progress) };
  }
}

/** Shortest round-trip decimal; empty for a missing value. */
function csvNumber(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '' : String(v);
}

export function toCsv(out: Output): string {
  if (out.quantity === 'train') return trainCsv(out.data);
  const lines: string[] = [];
  switch (out.quantity) {
    case 'orbit': {
      const d = out.data;
      if ('states' in d) {
        // wide: one row per step, one column per unit
        lines.push(['t', ...Array.from({ length: d.n }, (_, i) => `x${i}`)].join(','));
        d.states.forEach((h, t) => lines.push(`${t},${h.map((v) => csvNumber(v)).join(',')}`));
      } else {
        lines.push('t,x');
        d.x.forEach((x, t) => lines.push(`${t},${csvNumber(x)}`));
      }
      break;
    }
    case 'lyapunov': {
      const d = out.data;
      if ('k' in d) {
        lines.push('i,lambda');
        d.exponents.forEach((l, i) => lines.push(`${i + 1},${csvNumber(l)}`));
      } else {
        lines.push('lambda,steps,transient,period,kind');
        lines.push(`${csvNumber(d.lambdaMax)},${d.steps},${d.transient},${d.period},${d.kind}`);
      }
      break;
    }
    case 'eigen': {
      // long: every eigenvalue of the matrix, then of each fixed point's Jacobian
      const d = out.data;
      lines.push('set,i,re,im,modulus');
      const rows = (set: string, re: number[], im: number[]) =>
        re.forEach((r, i) => lines.push(`${set},${i + 1},${csvNumber(r)},${csvNumber(im[i])},${csvNumber(Math.hypot(r, im[i]))}`));
      rows('matrix', d.re, d.im);
      d.fixedPoints.forEach((f, j) => f.eigenvalues && rows(`fixed point ${j}`, f.eigenvalues.re, f.eigenvalues.im));
      break;
    }
    case 'bifurcation': {
      const d = out.data;
      lines.push('param,x');
      d.points.forEach((pts, j) => {
        const v = csvNumber(d.param[j]);
        for (const x of pts) lines.push(`${v},${csvNumber(x)}`);
      });
      break;
    }
    case 'periodic': {
      // one row per point of every cycle
      lines.push('cycle,period,j,x,multiplier,stability');
      out.data.cycles.forEach((c, i) => c.points.forEach((x, j) => lines.push(`${i},${c.period},${j},${csvNumber(x)},${csvNumber(c.multiplier)},${c.stability}`)));
      break;
    }
    case 'laps': {
      const d = out.data;
      lines.push('t,laps,crossings,fixedPoints');
      d.t.forEach((t, i) => lines.push(`${t},${d.laps[i]},${d.crossings[i]},${d.fixedPoints[i]}`));
      break;
    }
    case 'gradients': {
      const d = out.data;
      lines.push('horizon,logNorm,bandLo,bandHi,free');
      d.horizon.forEach((h, i) => lines.push([h, d.logNorm[i], d.band.lo[i], d.band.hi[i], d.free[i]].map((v) => csvNumber(v)).join(',')));
      break;
    }
    case 'chaos-probability': {
      const d = out.data;
      lines.push('width,g,n,p3,p3Low,p3High,p2,p2Low,p2High');
      d.widths.forEach((k, i) =>
        d.g.forEach((g, j) =>
          lines.push(
            [k, g, d.counts.n[i][j], d.p3[i][j], d.p3Low[i][j], d.p3High[i][j], d.p2[i][j], d.p2Low[i][j], d.p2High[i][j]].map((v) => csvNumber(v)).join(','),
          ),
        ),
      );
      break;
    }
  }
  return `${lines.join('\n')}\n`;
}

export function toJson(out: Output): string {
  // Belt and braces: JSON.stringify would print NaN/±Infinity as null anyway.
  return `${JSON.stringify(out.data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`;
}
