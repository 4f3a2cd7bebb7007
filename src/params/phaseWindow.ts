/**
 * The phase diagram's axes and window in the link (px, py, px0 … py1):
 * which parameters a model offers as axes, their defaults, and the rules a
 * link's values are held to (as the orbit diagram's window, url.ts).
 */
import { SWEEPABLE, appliesTo, modelOf, sweepableFor, type Model } from '../core/models';
import { PARAM_SPECS, SWEEP_DEFAULT_RANGE, kRange, type Params, type PhaseAxisParam } from './spec';
import { snapSignificant } from './format';

/** The parameters a model offers as axes of its phase diagram: the orbit diagram's it reads, then its width k. */
export function phaseAxesFor(model: Model): PhaseAxisParam[] {
  const own = sweepableFor(model);
  const more = SWEEPABLE.filter((k) => appliesTo(k, model) && !own.includes(k));
  return [...own, ...more, ...(modelOf(model).k ? (['k'] as const) : [])];
}

/** The default axes: the model's first parameter across, σ_b (else its next parameter, the initial state last) up. */
export function defaultPhaseAxes(model: Model): [PhaseAxisParam, PhaseAxisParam | null] {
  const axes = phaseAxesFor(model);
  const x = axes[0];
  const rest = axes.filter((k) => k !== x);
  const y = rest.includes('sb') ? 'sb' : (rest.find((k) => k !== 'x0' && k !== 'k') ?? rest.find((k) => k !== 'x0') ?? rest[0] ?? null);
  return [x, y];
}

/** The default range of an axis: the orbit diagram's window, for k the model's widths from 2 up to 128. */
export function phaseDefaultRange(key: PhaseAxisParam, model: Model): [number, number] {
  if (key !== 'k') return SWEEP_DEFAULT_RANGE[key];
  const [lo, hi] = kRange(model);
  return [Math.max(lo, 2), Math.min(hi, 128)];
}

/** The range an axis may span: the parameter table's, for k the model's. */
function axisLimits(key: PhaseAxisParam, model: Model): [number, number] {
  if (key === 'k') return kRange(model);
  const s = PARAM_SPECS[key];
  return [s.min, s.max];
}

export interface PhaseWindow {
  px0: number;
  px1: number;
  py0: number;
  py1: number;
}

export function phaseWindowOf(p: Params): PhaseWindow {
  return { px0: p.px0, px1: p.px1, py0: p.py0, py1: p.py1 };
}

/** The default window of the current axes. */
export function defaultPhaseWindow(p: Pick<Params, 'px' | 'py' | 'model'>): PhaseWindow {
  const [px0, px1] = phaseDefaultRange(p.px, p.model);
  const [py0, py1] = phaseDefaultRange(p.py, p.model);
  return { px0, px1, py0, py1 };
}

function minWidth(a: number, b: number): number {
  return 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Axes the model reads and that differ (else its defaults), each end inside
 * its parameter's range, a non-empty window (else the default one), ends
 * kept to 10 significant digits. `told`: the link set phase keys, so a
 * change is worth a warning.
 */
export function normalisePhase(p: Params, warnings: string[], told: boolean): void {
  const axes = phaseAxesFor(p.model);
  const [dx, dy] = defaultPhaseAxes(p.model);
  if (!axes.includes(p.px)) {
    if (told) warnings.push(`The phase diagram’s parameter "${p.px}" does not apply to the ${p.model} model; using ${dx}.`);
    p.px = dx;
    [p.px0, p.px1] = phaseDefaultRange(p.px, p.model);
  }
  if (!axes.includes(p.py) || p.py === p.px) {
    const y = dy !== null && dy !== p.px ? dy : (axes.find((k) => k !== p.px) ?? null);
    if (y !== null) {
      if (told) warnings.push(`The phase diagram’s vertical parameter "${p.py}" ${p.py === p.px ? 'is the horizontal one' : `does not apply to the ${p.model} model`}; using ${y}.`);
      p.py = y;
      [p.py0, p.py1] = phaseDefaultRange(p.py, p.model);
    }
  }
  const fix = (key: PhaseAxisParam, a: number, b: number, what: string): [number, number] => {
    const [min, max] = axisLimits(key, p.model);
    const [d0, d1] = phaseDefaultRange(key, p.model);
    let lo = Number.isFinite(a) ? Math.min(max, Math.max(min, a)) : d0;
    let hi = Number.isFinite(b) ? Math.min(max, Math.max(min, b)) : d1;
    if ((lo !== a || hi !== b) && told && Number.isFinite(a) && Number.isFinite(b)) warnings.push(`The phase diagram’s ${what} range was outside the range of ${key}; it was clipped.`);
    if (!(hi - lo > minWidth(lo, hi))) {
      if (told) warnings.push(`The phase diagram’s ${what} range was empty or reversed; using the default range of ${key}.`);
      [lo, hi] = [d0, d1];
    }
    return [snapSignificant(lo, 10), snapSignificant(hi, 10)];
  };
  [p.px0, p.px1] = fix(p.px, p.px0, p.px1, 'horizontal');
  [p.py0, p.py1] = fix(p.py, p.py0, p.py1, 'vertical');
}
