/** Number formatting for readouts: never shows NaN or Infinity as such. */
export function fmt(v: number, digits = 4): string {
  if (Number.isNaN(v)) return '—';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(Math.max(1, digits - 2)) : Number(v.toPrecision(digits)).toString();
  return s.replace('-', '−');
}

export function sup(n: number): string {
  const map = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return String(n)
    .split('')
    .map((d) => (d === '-' ? '⁻' : map[Number(d)]))
    .join('');
}
