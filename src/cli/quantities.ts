/**
 * The quantities the CLI computes, from the same core as the app's workers
 * (buildMap, orbit, analyseOrbit, sweepPoints), and their JSON / CSV forms.
 * No NaN or Infinity is ever printed: a missing value is null (JSON) or an
 * empty field (CSV).
 */
import { columnValues, sweepPoints, type SweepBase } from '../core/bifurcation';
import { buildMap } from '../core/models';
import { analyseOrbit, classifyOrbit, orbit, type OrbitKind } from '../core/orbit';
import type { SweepParam } from '../core/models';
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

export type Output = { quantity: 'orbit'; data: OrbitOutput } | { quantity: 'lyapunov'; data: LyapunovOutput } | { quantity: 'bifurcation'; data: BifurcationOutput };

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function computeOrbit(s: RunState, stepsArg: number | null): OrbitOutput {
  const steps = stepsArg ?? s.params.T;
  const p = stateWithRunSettings(s, { T: steps });
  const o = orbit(buildMap(s.params, s.imported), s.params.x0, steps);
  const out: OrbitOutput = { x: Array.from(o.x.subarray(0, o.len)), diverged: o.diverged, steps, state: stateHash(s, p) };
  if (o.diverged) out.divergedAt = o.len;
  return out;
}

export function computeLyapunov(s: RunState, stepsArg: number | null, transientArg: number | null): LyapunovOutput {
  const steps = stepsArg ?? s.params.ls;
  const transient = transientArg ?? s.params.lt;
  const p = stateWithRunSettings(s, { ls: steps, lt: transient });
  const a = analyseOrbit(buildMap(s.params, s.imported), s.params.x0, transient, steps);
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
  const base: SweepBase = { params: s.params, imported: s.imported, param: s.params.bp, transient, keep };
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

export function compute(args: CliArgs, s: RunState): Output {
  switch (args.quantity) {
    case 'orbit':
      return { quantity: 'orbit', data: computeOrbit(s, args.steps) };
    case 'lyapunov':
      return { quantity: 'lyapunov', data: computeLyapunov(s, args.steps, args.transient) };
    case 'bifurcation':
      return { quantity: 'bifurcation', data: computeBifurcation(s, args.cols, args.transient, args.keep) };
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
  }
  return `${lines.join('\n')}\n`;
}

export function toJson(out: Output): string {
  // Belt and braces: JSON.stringify would print NaN/±Infinity as null anyway.
  return `${JSON.stringify(out.data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`;
}
