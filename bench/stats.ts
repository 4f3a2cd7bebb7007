/** Small timing and statistics helpers for the benchmark harness. */

/** Seconds elapsed while running `fn` (monotonic clock). */
export function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

/** Median of the element-wise ratios num[i] / den[i] (pairs taken in the same round). */
export function medianRatio(num: readonly number[], den: readonly number[]): number {
  const r: number[] = [];
  for (let i = 0; i < Math.min(num.length, den.length); i++) r.push(num[i] / den[i]);
  return median(r);
}

/** Distance in units in the last place between two finite doubles (0 if bit-identical). */
export function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const buf = new DataView(new ArrayBuffer(8));
  const ordered = (x: number): bigint => {
    buf.setFloat64(0, x);
    const bits = buf.getBigInt64(0);
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}

/** Format seconds with a unit that suits the size. */
export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s >= 1) return `${s.toFixed(3)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(s >= 0.1 ? 1 : 2)} ms`;
  return `${(s * 1e6).toFixed(1)} µs`;
}

export function fmtRatio(r: number | undefined): string {
  return r === undefined || !Number.isFinite(r) ? '–' : `${r.toFixed(2)}×`;
}
