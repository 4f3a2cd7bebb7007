/**
 * The CLI's quantities of the 1-D maps (logistic, tent, neuron, net1d): orbit,
 * lyapunov (with the orbit's period and kind), bifurcation (the orbit diagram's
 * columns), periodic (cycles up to a period) and laps (laps of the iterates),
 * from the same core as the app's workers (buildMap, orbit, analyseOrbit, sweepPoints).
 */
import { columnValues, sweepPoints, type SweepBase } from '../core/map1d/bifurcation';
import { buildMap } from '../core/models';
import { classifyOrbit, orbit, type OrbitKind } from '../core/map1d/orbit';
import { lambdaMaxOf, lyapunovJob } from '../core/jobs/lyapunovJob';
import { runToEnd } from '../core/job';
import type { SweepParam } from '../core/models';
import { periodicPoints, type Cycle, type IncompletePeriod } from '../core/interval/periodic';
import { lapsOfIterates } from '../core/interval/laps';
import type { Stability } from '../core/map1d/fixedPoints';
import { MAX_BIFURCATION_POINTS, UsageError } from './args';
import { stateHash, stateWithRunSettings, type RunState } from './state';
import { finiteOrNull, oneD } from './quantitySupport';
import { lyapunovRequest } from '../params/requests';
import type { StopReason } from '../core/runLength';

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
  /** Standard error of each exponent by batch means (null where the exponent is, or too few steps). */
  stderr: (number | null)[];
  lambdaMax: number | null;
  /** Steps actually averaged (fewer than asked if the orbit diverged, or with ls = auto once the error is below tol). */
  steps: number;
  transient: number;
  /** With ls = auto, the tolerance on the standard error (null for a fixed length). */
  tol: number | null;
  /** Why the run ended: 'steps' (its fixed length), 'tol' (the error fell below tol), 'cap' (ls = auto reached the cap first); null if it diverged. */
  stopped: StopReason | null;
  period: number;
  kind: OrbitKind;
  superstable: boolean;
  diverged: boolean;
  divergedAt?: number;
  state: string;
}

export interface BifurcationOutput {
  name: SweepParam;
  param: number[];
  points: number[][];
  lambda: (number | null)[];
  /** Each column's λ standard error by batch means over its kept steps (null where diverged or too few). */
  stderr: (number | null)[];
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
  /** Exact roots of linear pieces so unstable that iterating f cannot confirm them to 1e-9 (as the app lists them apart). */
  unverified: PeriodicCycleOutput[];
  /** A period that is not a power of two: Li–Yorke chaos. */
  liYorke: boolean;
  /** Minimal periods found, in Sharkovsky's order (3 first, powers of two last). */
  periods: number[];
  period3: boolean;
  /** exact: roots of the linear pieces of fᵖ; certified: interval Newton over `window`. */
  method: 'exact' | 'certified';
  maxPeriod: number;
  /** Every cycle up to maxPeriod in `window` is listed (a theorem, not an estimate); false: see `incomplete`. */
  complete: boolean;
  /** Periods whose list is not proved complete: where, and why. */
  incomplete: IncompletePeriod[];
  /** Periods p for which fᵖ is the identity on an interval (a continuum of cycles, not listed). */
  continuum: number[];
  /** The interval searched (null: all of ℝ, exact method). */
  window: [number, number] | null;
  /** Cells the certified search examined. */
  cells?: number;
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

export function computeOrbit(s: RunState, stepsArg: number | null): OrbitOutput {
  const steps = stepsArg ?? s.params.T;
  const p = stateWithRunSettings(s, { T: steps });
  const o = orbit(buildMap(oneD(s, 'orbit'), s.imported), s.params.x0, steps);
  const out: OrbitOutput = { x: Array.from(o.x.subarray(0, o.len)), diverged: o.diverged, steps, state: stateHash(s, p) };
  if (o.diverged) out.divergedAt = o.len;
  return out;
}

export function computeLyapunov(s: RunState, stepsArg: number | null, transientArg: number | null): LyapunovOutput {
  // --steps: a fixed length; otherwise the link's ls (auto: up to the cap, stopping at tol)
  oneD(s, 'lyapunov');
  const req = lyapunovRequest(s.params, s.imported, { steps: stepsArg, transient: transientArg, exponents: null });
  const p = stateWithRunSettings(s, { ls: stepsArg ?? s.params.ls, lt: req.transient });
  const run = runToEnd(lyapunovJob(req));
  if (run.family !== '1d') throw new Error('a map of the line gave a vector run');
  const a = run.analysis;
  const lm = lambdaMaxOf(run);
  const out: LyapunovOutput = {
    exponents: [lm.lambda],
    stderr: [lm.stderr],
    lambdaMax: lm.lambda,
    steps: a.steps,
    transient: req.transient,
    tol: req.tol > 0 ? req.tol : null,
    stopped: a.stopped,
    period: a.period,
    kind: classifyOrbit(a),
    superstable: a.superstable,
    diverged: a.diverged,
    state: stateHash(s, p),
  };
  if (a.diverged) out.divergedAt = a.divergedAt;
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
    stderr: Array.from(r.lambdaStderr, (l, j) => (diverged[j] ? null : finiteOrNull(l))),
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
  // As the app's periodic view at final quality (the default cell budget for smooth maps).
  const r = periodicPoints(buildMap(oneD(s, 'periodic'), s.imported), { maxPeriod });
  const cycle = (c: Cycle): PeriodicCycleOutput => ({
    period: c.period,
    points: c.points,
    multiplier: finiteOrNull(c.multiplier),
    stable: c.stability === 'stable',
    stability: c.stability,
  });
  const out: PeriodicOutput = {
    cycles: r.cycles.map(cycle),
    unverified: r.unverified.map(cycle),
    liYorke: r.liYorke,
    periods: r.periods,
    period3: r.period3,
    method: r.method,
    maxPeriod: r.maxPeriod,
    complete: r.complete,
    incomplete: r.incomplete,
    continuum: r.continuum,
    window: r.window,
    notes: r.notes,
    state: stateHash(s, s.params),
  };
  if (r.cells !== undefined) out.cells = r.cells;
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
