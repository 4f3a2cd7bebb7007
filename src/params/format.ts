/** Canonical number formatting and snapping for the parameter table. */
import { log10 } from '../core/linalg/elementary';

/** Decimals implied by a step (0.001 → 3). */
export function stepDecimals(step: number): number {
  if (step >= 1) return 0;
  return Math.min(12, Math.max(0, Math.ceil(-log10(step) - 1e-9)));
}

/** Round to the step grid (measured from zero), without float dust. */
export function snapToStep(v: number, step: number): number {
  const d = stepDecimals(step);
  const snapped = Math.round(v / step) * step;
  const r = Number(snapped.toFixed(d));
  return r === 0 ? 0 : r; // no −0
}

/** Shortest decimal for a value already on a step grid: 1.500 → "1.5". */
export function formatStep(v: number, step: number): string {
  const s = v.toFixed(stepDecimals(step));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Keep `digits` significant digits (log-scale and view quantities). */
export function snapSignificant(v: number, digits: number): number {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? 0 : v;
  const r = Number(v.toPrecision(digits));
  return r === 0 ? 0 : r;
}

/** Shortest string that reads back as the same double ("1e-8", "0.25"). */
export function formatShortest(v: number): string {
  const s = String(v);
  return s.replace('e+', 'e');
}

/** Strict number parser: the whole string must be a finite decimal. */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}
