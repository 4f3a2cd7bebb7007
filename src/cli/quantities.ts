/**
 * The quantities the CLI computes, from the same core as the app's workers
 * (buildMap, orbit, analyseOrbit, sweepPoints), and their JSON / CSV forms.
 * No NaN or Infinity is ever printed: a missing value is null (JSON) or an
 * empty field (CSV).
 */
import { columnValues, sweepPoints, type SweepBase } from '../core/bifurcation';
import { buildMap, isModel1D, type ModelParams } from '../core/models';
import { analyseOrbit, classifyOrbit, orbit, type OrbitKind } from '../core/orbit';
import type { SweepParam } from '../core/models';
import { periodicPoints } from '../core/periodic';
import { lapsOfIterates } from '../core/laps';
import { gGrid, planTasks, runTask, wilson, type CellCounts, type SweepConfig } from '../core/sweep';
import { ACTIVATION_INFO, type Activation } from '../core/activations';
import type { InitScheme, OutputMode } from '../core/net1d';
import type { Stability } from '../core/fixedPoints';
import type { Params } from '../params/spec';
import { MAX_BIFURCATION_POINTS, UsageError, type CliArgs } from './args';
import { stateHash, stateWithRunSettings, type RunState } from './state';

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

export type Output =
  | { quantity: 'orbit'; data: OrbitOutput }
  | { quantity: 'lyapunov'; data: LyapunovOutput }
  | { quantity: 'bifurcation'; data: BifurcationOutput }
  | { quantity: 'periodic'; data: PeriodicOutput }
  | { quantity: 'laps'; data: LapsOutput }
  | { quantity: 'chaos-probability'; data: ChaosProbabilityOutput };

/** Reports progress of a long computation (stderr in the CLI). */
export type Progress = (message: string) => void;

/** The 1-D model of the state; the 1-D quantities refuse the vector models. */
function oneD(s: RunState): ModelParams {
  if (!isModel1D(s.params.model)) throw new UsageError(`this quantity is computed for the 1-D models (neuron, net1d, logistic, tent), not for model=${s.params.model}`);
  return s.params as unknown as ModelParams;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function computeOrbit(s: RunState, stepsArg: number | null): OrbitOutput {
  const steps = stepsArg ?? s.params.T;
  const p = stateWithRunSettings(s, { T: steps });
  const o = orbit(buildMap(oneD(s), s.imported), s.params.x0, steps);
  const out: OrbitOutput = { x: Array.from(o.x.subarray(0, o.len)), diverged: o.diverged, steps, state: stateHash(s, p) };
  if (o.diverged) out.divergedAt = o.len;
  return out;
}

export function computeLyapunov(s: RunState, stepsArg: number | null, transientArg: number | null): LyapunovOutput {
  const steps = stepsArg ?? s.params.ls;
  const transient = transientArg ?? s.params.lt;
  const p = stateWithRunSettings(s, { ls: steps, lt: transient });
  const a = analyseOrbit(buildMap(oneD(s), s.imported), s.params.x0, transient, steps);
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

export function computeBifurcation(s: RunState, colsArg: number | null, transientArg: number | null, keepArg: number | null): BifurcationOutput {
  const cols = colsArg ?? DEFAULT_COLS;
  const transient = transientArg ?? s.params.bt;
  const keep = keepArg ?? s.params.bn;
  if (cols * keep > MAX_BIFURCATION_POINTS) {
    throw new UsageError(`--cols × --keep = ${cols} × ${keep} exceeds ${MAX_BIFURCATION_POINTS} points`);
  }
  const p = stateWithRunSettings(s, { bt: transient, bn: keep });
  const base: SweepBase = { params: { ...oneD(s), x0: s.params.x0 }, imported: s.imported, param: s.params.bp, transient, keep };
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
  const r = periodicPoints(buildMap(oneD(s), s.imported), { maxPeriod });
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
  const r = lapsOfIterates(buildMap(oneD(s), s.imported), { T, window: windowArg });
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

export function compute(args: CliArgs, s: RunState, progress?: Progress): Output {
  switch (args.quantity) {
    case 'orbit':
      return { quantity: 'orbit', data: computeOrbit(s, args.steps) };
    case 'lyapunov':
      return { quantity: 'lyapunov', data: computeLyapunov(s, args.steps, args.transient) };
    case 'bifurcation':
      return { quantity: 'bifurcation', data: computeBifurcation(s, args.cols, args.transient, args.keep) };
    case 'periodic':
      return { quantity: 'periodic', data: computePeriodic(s, args.maxPeriod) };
    case 'laps':
      return { quantity: 'laps', data: computeLaps(s, args.steps, args.window) };
    case 'chaos-probability':
      return { quantity: 'chaos-probability', data: computeChaosProbability(s, args, progress) };
  }
}

/** Shortest round-trip decimal; empty for a missing value. */
function csvNumber(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '' : String(v);
}

export function toCsv(out: Output): string {
  const lines: string[] = [];
  switch (out.quantity) {
    case 'orbit':
      lines.push('t,x');
      out.data.x.forEach((x, t) => lines.push(`${t},${csvNumber(x)}`));
      break;
    case 'lyapunov': {
      const d = out.data;
      lines.push('lambda,steps,transient,period,kind');
      lines.push(`${csvNumber(d.lambdaMax)},${d.steps},${d.transient},${d.period},${d.kind}`);
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
