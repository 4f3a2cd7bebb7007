/**
 * Phase maps (core/jobs/phaseJob.ts) from a state: which parameters may be
 * an axis, the most cells a map may have, and the job's request. Shared by the
 * CLI's `phase` and the app's phase view.
 */
import { MODEL_LIST, MODEL_PARAM_KEYS, appliesTo, isModel1D, modelOf, type ImportedData, type ModelId } from '../core/models';
import { columnValues } from '../core/map1d/bifurcation';
import type { PhaseAxis, PhaseJobRequest, PhaseQuantity } from '../core/jobs/phaseJob';
import type { SweepConfig } from '../core/interval/sweep';
import type { Shard } from '../core/jobs/shard';
import { PARAM_SPECS, kRange, type ParamKey, type Params } from './spec';
import { lyapunovRequest, type LyapunovSettings } from './requests';

/** Most cells of one map (512 × 512): a larger map is split into several runs. */
export const MAX_PHASE_CELLS = 512 * 512;

/** The parameters of Paper B's random networks that p3 and p2 may sweep: g, σ_b and the width k. */
const PAPER_B_AXES = ['g', 'sb', 'k'] as const;

/**
 * The axes of a model's λ_max and kind maps: the continuous parameters of the
 * table that it reads, and its width k (a whole number: the axis takes the
 * distinct integers nearest to its even grid) where it has one.
 */
function axisModelKeys(model: ModelId): string[] {
  const continuous = MODEL_PARAM_KEYS.filter((k) => k !== 'model' && PARAM_SPECS[k as ParamKey].kind === 'float' && appliesTo(k, model));
  return modelOf(model).k ? [...continuous, 'k'] : continuous;
}

/** The parameters that may be an axis of a map of `quantity` for `model`. */
export function phaseAxisKeys(model: ModelId, quantity: PhaseQuantity): string[] {
  return quantity === 'p3' || quantity === 'p2' ? [...PAPER_B_AXES] : axisModelKeys(model);
}

/**
 * The values of an axis from `from` to `to`, both ends included: `count`
 * evenly spaced (the orbit diagram's closed grid, the same bits as its
 * columns); for the width k the distinct whole numbers nearest to them.
 */
export function phaseAxisValues(key: string, from: number, to: number, count: number): number[] {
  const even = Array.from(columnValues(from, to, count, 'inclusive'));
  if (key !== 'k') return even;
  return [...new Set(even.map((v) => Math.round(v)))];
}

/** Why `key` cannot be an axis of this map (null: it can). */
export function phaseAxisProblem(key: string, model: ModelId, quantity: PhaseQuantity): string | null {
  const allowed = phaseAxisKeys(model, quantity);
  if (allowed.includes(key)) return null;
  if (!(key in PARAM_SPECS)) return `unknown parameter "${key}" (an axis is one of ${allowed.join(', ')})`;
  if (quantity === 'p3' || quantity === 'p2') return `${quantity} counts Paper B's random 1-D networks: an axis is ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}, not ${key}`;
  const spec = PARAM_SPECS[key as ParamKey];
  if ((MODEL_PARAM_KEYS as readonly string[]).includes(key) && spec.kind !== 'float') {
    return `${key} is not a continuous parameter; an axis of model=${model} is one of ${allowed.join(', ')}`;
  }
  if ((MODEL_PARAM_KEYS as readonly string[]).includes(key)) return `model=${model} has no parameter ${key}; an axis is one of ${allowed.join(', ')}`;
  return `${key} is not a parameter of the model; an axis of model=${model} is one of ${allowed.join(', ')}`;
}

/** The range of an axis parameter: the parameter table's, the model's for its width k. */
export function phaseAxisRange(key: string, model?: ModelId): [number, number] {
  if (key === 'k') return model ? kRange(model) : [PARAM_SPECS.k.min, PARAM_SPECS.k.max];
  const s = PARAM_SPECS[key as ParamKey];
  return s.kind === 'float' ? [s.min, s.max] : [-Infinity, Infinity];
}

/** The one-width, one-g sweep of Paper B's networks of the state (its k, act, out, init, σ_b, seed), `samples` networks per cell. */
export function paperBCellConfig(p: Params, samples: number): SweepConfig {
  return { act: p.act, out: p.out, init: p.init, sb: p.sb, seed: p.seed, widths: [p.k], gs: [p.g], samples };
}

export interface PhaseSettings extends LyapunovSettings {
  quantity: PhaseQuantity;
  x: PhaseAxis;
  y: PhaseAxis;
  /** p3, p2: networks per cell (else the link's sn). */
  samples: number | null;
  shard: Shard | null;
}

/**
 * The phase job's request: lambda-max and kind run `lyapunovRequest` of the
 * state (each cell sets its two values in the request's model parameters,
 * which is the request of the cell's state: the axes are continuous keys the
 * model reads, and the run's length does not depend on them); p3 and p2 the
 * sweep of the state's networks.
 */
export function phaseRequest(p: Params, imported: ImportedData | null, set: PhaseSettings): PhaseJobRequest {
  const counts = set.quantity === 'p3' || set.quantity === 'p2';
  return {
    quantity: set.quantity,
    x: set.x,
    y: set.y,
    lyapunov: counts ? null : lyapunovRequest(p, imported, set),
    sweep: counts ? paperBCellConfig(p, set.samples ?? p.sn) : null,
    shard: set.shard,
    seeds: set.quantity === 'lambda-mean' ? (set.samples ?? p.sn) : 1,
  };
}

/** The keys of Paper B's random networks: a model that reads them all draws them (net1d), so its link says which networks p3 and p2 count. */
const PAPER_B_KEYS = ['k', 'act', 'out', 'init', 'seed', 'g', 'sb'] as const;

/** Why a map of `quantity` does not apply to the model (null: it does): p3 and p2 count the random networks of a model that draws Paper B's. */
export function phaseModelProblem(model: ModelId, quantity: PhaseQuantity, imported = false): string | null {
  if (quantity === 'lambda-mean') {
    if (!appliesTo('seed', model)) return `lambda-mean averages λ_max over seeded networks; model=${model} has no seed`;
    if (imported) return 'lambda-mean averages λ_max over seeded networks; an imported network has one set of weights (use lambda-max)';
  }
  if ((quantity === 'p3' || quantity === 'p2') && !PAPER_B_KEYS.every((k) => appliesTo(k, model))) {
    const which = MODEL_LIST.filter((m) => PAPER_B_KEYS.every((k) => appliesTo(k, m.id))).map((m) => `model=${m.id}`);
    return `${quantity} counts Paper B's random 1-D networks (${which.join(', ')}: the link's k, act, out, init, seed), not model=${model}`;
  }
  return null;
}

/** The phase view's quantity, axes and run length from the link (px, py, px0 … py1, pn, pq, pls; the transient is lt). */
export function phaseSettingsOf(p: Params): PhaseSettings {
  const axis = (param: ParamKey, lo: number, hi: number): PhaseAxis => ({ param: param as PhaseAxis['param'], values: phaseAxisValues(param, lo, hi, p.pn) });
  return {
    quantity: p.pq,
    x: axis(p.px, p.px0, p.px1),
    y: axis(p.py, p.py0, p.py1),
    steps: p.pls,
    transient: null,
    // λ_max alone: one tangent vector, as the CLI's phase
    exponents: isModel1D(p.model) ? null : 1,
    samples: null,
    shard: null,
  };
}

/** Why the link's phase diagram cannot be drawn (null: it can): a quantity the model does not have, or an axis it cannot take. */
export function phaseProblemOf(p: Params, imported = false): string | null {
  const q = p.pq;
  const model = phaseModelProblem(p.model, q, imported);
  if (model) return model;
  if (p.px === p.py) return `Both axes are ${p.px}: choose two different parameters.`;
  for (const [which, key] of [
    ['horizontal', p.px],
    ['vertical', p.py],
  ] as const) {
    const problem = phaseAxisProblem(key, p.model, q);
    if (problem) return `The ${which} axis: ${problem}.`;
    if (key === 'k' && imported) return `The ${which} axis: an imported network has the width of its file; the width k cannot be an axis.`;
  }
  return null;
}
