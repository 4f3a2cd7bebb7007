/**
 * Colours of the phase diagram's cells, one scale per quantity:
 * - λ_max: diverging, white at 0, blue below (order), red above (chaos), so
 *   the edge of chaos is where the colour passes through white;
 * - P(period 3), P(2-cycle): sequential (viridis) over 0 … 1;
 * - the kind of the orbit: one colour per category.
 * Pure (no DOM), so the legend, the map and the tests agree.
 */
import { interpolateRdBu, interpolateViridis, schemeTableau10 } from 'd3-scale-chromatic';
import { rgb } from 'd3-color';
import type { PhaseQuantity } from '../../core/jobs/phaseQuantities';

export interface PhaseColorScale {
  /** The value range the scale spans (λ: lo < 0 < hi). */
  domain: [number, number];
  color(v: number): string;
}

/** λ_max beyond this is clipped: the transition, not the deep order of a superstable orbit, is what the map shows. */
export const LAMBDA_CLIP = 2;

/** The diverging λ scale over the finite values (at least ±0.05, so noise about 0 stays pale). */
export function lambdaScale(values: ArrayLike<number>): PhaseColorScale {
  let lo = -0.05;
  let hi = 0.05;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  lo = Math.max(lo, -LAMBDA_CLIP);
  hi = Math.min(hi, LAMBDA_CLIP);
  return {
    domain: [lo, hi],
    // RdBu runs red (0) → white (0.5) → blue (1): order (v < 0) to the blue half
    color: (v) => interpolateRdBu(v < 0 ? 0.5 + 0.5 * Math.min(1, v / lo) : 0.5 - 0.5 * Math.min(1, v / hi)),
  };
}

/** Viridis from 0 to the largest upper Wilson bound, rounded up to a tenth (at least 0.2), as the chaos-probability charts. */
export function probabilityScale(high: ArrayLike<number> = []): PhaseColorScale {
  let top = 0;
  for (let i = 0; i < high.length; i++) if (Number.isFinite(high[i])) top = Math.max(top, high[i]);
  const hi = Math.max(0.2, Math.min(1, Math.ceil((top + 0.02) * 10) / 10));
  return { domain: [0, hi], color: (v) => interpolateViridis(Math.min(1, Math.max(0, v / hi))) };
}

/** Fixed colours for the kinds that are always there; the periods take the next colours of Tableau 10 in order. */
const KIND_FIXED: Record<string, string> = { 'fixed point': '#4e79a7', chaotic: '#e15759', aperiodic: '#bab0ac', diverged: '#79706e' };
const PERIOD_COLORS = schemeTableau10.filter((c) => !Object.values(KIND_FIXED).includes(c));

/** Categories in legend order: fixed point, period 2, 3, … (ascending), aperiodic, chaotic, diverged. */
export function kindOrder(kinds: Iterable<string | null>): string[] {
  const set = new Set<string>();
  for (const k of kinds) if (k) set.add(k);
  const period = (k: string) => (k.startsWith('period ') ? Number(k.slice(7)) : NaN);
  const periods = [...set].filter((k) => Number.isFinite(period(k))).sort((a, b) => period(a) - period(b));
  return [...(set.has('fixed point') ? ['fixed point'] : []), ...periods, ...['aperiodic', 'chaotic', 'diverged'].filter((k) => set.has(k))];
}

/** The colour of each category of `order` (periods beyond the palette share its last colour). */
export function kindColors(order: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  for (const k of order) out.set(k, KIND_FIXED[k] ?? PERIOD_COLORS[Math.min(i++, PERIOD_COLORS.length - 1)]);
  return out;
}

/** RGBA bytes of a CSS colour. */
export function rgbaOf(css: string): [number, number, number, number] {
  const c = rgb(css);
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b), Math.round(c.opacity * 255)];
}

export function quantityLabel(q: PhaseQuantity): string {
  return q === 'lambda-max' ? 'λ_max' : q === 'lambda-mean' ? 'mean λ_max' : q === 'p3' ? 'P(period-3 point)' : q === 'p2' ? 'P(2-cycle)' : 'kind of orbit';
}
