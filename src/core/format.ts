/** Number formatting for readouts and model formulas: never shows NaN or Infinity as such. */
export function fmt(v: number, digits = 4): string {
  if (Number.isNaN(v)) return '—';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(Math.max(1, digits - 2)) : Number(v.toPrecision(digits)).toString();
  return s.replace('-', '−');
}

/** n in superscript digits: sup(12) = "¹²" (a minus as ⁻). */
export function sup(n: number): string {
  return scriptDigits(n, '⁰¹²³⁴⁵⁶⁷⁸⁹', '⁻');
}

/** n in subscript digits: sub(12) = "₁₂" (a minus as ₋). */
export function sub(n: number): string {
  return scriptDigits(n, '₀₁₂₃₄₅₆₇₈₉', '₋');
}

function scriptDigits(n: number, digits: string, minus: string): string {
  return String(n)
    .split('')
    .map((d) => (d === '-' ? minus : digits[Number(d)]))
    .join('');
}

/** "3.1 s", "12 s", "4 min 10 s". */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = ms / 1000;
  if (s < 0.95) return `${(Math.max(0.1, s)).toFixed(1)} s`;
  if (s < 9.95) return `${s.toFixed(1)} s`;
  if (s < 90) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s - 60 * m);
  return r ? `${m} min ${r} s` : `${m} min`;
}

/** 12 345 (thin grouping that reads in every locale). */
export function fmtCount(n: number): string {
  return n.toLocaleString('en').replace(/,/g, ' ');
}

/** Shorten and flatten a user string (or an error's message) for a one-line message. */
export function oneLine(s: string, max = 60): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
