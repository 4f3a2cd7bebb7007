/** Drawing helpers of the training lab's plots (bands, log domains, marks) and its layout hooks. */
import { useEffect, useRef, useState } from 'react';
import { strokeSeries, type Scale } from '../../chart/Plot';
import { useSize } from '../../chart/useSize';

export const MARGIN = { top: 8, right: 20, bottom: 38, left: 58 };
export const EMPTY = new Float64Array(0);
/** Okabe–Ito: data grey-blue, model vermillion, D_H green. */
export const MODEL_COLOR = '#D55E00';
export const DH_COLOR = '#009E73';
export const BPTT_COLOR = '#CC79A7';

/** The clock while something runs (elapsed times). */
export function useTicking(on: boolean): void {
  const [, set] = useState(0);
  useEffect(() => {
    if (!on) return;
    const id = setInterval(() => set((t) => t + 1), 500);
    return () => clearInterval(id);
  }, [on]);
}

// ---------------------------------------------------------------------------
// Series helpers

/** Bucketed mean, min and max of v[0 … n) into at most `buckets` points (x = step numbers 1 … n). */
export function buckets(v: Float64Array, n: number, count: number): { x: Float64Array; mean: Float64Array; lo: Float64Array; hi: Float64Array } {
  const b = Math.max(1, Math.min(n, count));
  const x = new Float64Array(b);
  const mean = new Float64Array(b);
  const lo = new Float64Array(b);
  const hi = new Float64Array(b);
  for (let k = 0; k < b; k++) {
    const a = Math.floor((k * n) / b);
    const e = Math.max(a + 1, Math.floor(((k + 1) * n) / b));
    let s = 0;
    let c = 0;
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = a; i < e; i++) {
      const y = v[i];
      if (!(y > 0) || !Number.isFinite(y)) continue;
      s += y;
      c++;
      if (y < mn) mn = y;
      if (y > mx) mx = y;
    }
    x[k] = (a + e + 1) / 2;
    mean[k] = c ? s / c : NaN;
    lo[k] = c ? mn : NaN;
    hi[k] = c ? mx : NaN;
  }
  return { x, mean, lo, hi };
}

export function logDomain(vals: ArrayLike<number>[], fallback: [number, number]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of vals)
    for (let i = 0; i < v.length; i++) {
      const y = v[i];
      if (y > 0 && Number.isFinite(y)) {
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
  if (!(lo < Infinity)) return fallback;
  if (hi / lo < 10) {
    const mid = Math.sqrt(hi * lo);
    return [mid / 4, mid * 4];
  }
  return [lo / 1.5, hi * 1.5];
}

export function rgba(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

export function bandAndLine(ctx: CanvasRenderingContext2D, x: Scale, y: Scale, s: ReturnType<typeof buckets>, color: string): void {
  ctx.fillStyle = rgba(color, 0.18);
  ctx.beginPath();
  let open = false;
  const n = s.x.length;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && Number.isFinite(s.lo[i]);
    if (ok && !open) {
      open = true;
      let j = i;
      ctx.moveTo(x(s.x[i]), y(s.hi[i]));
      while (j + 1 < n && Number.isFinite(s.lo[j + 1])) ctx.lineTo(x(s.x[++j]), y(s.hi[j]));
      for (let k = j; k >= i; k--) ctx.lineTo(x(s.x[k]), y(s.lo[k]));
      ctx.closePath();
      i = j;
      open = false;
    }
  }
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  strokeSeries(ctx, x, y, s.x, s.mean);
}

/** Which two coordinates of the data the phase portrait shows (delay plot x_t, x_{t+1} for one dimension). */
export function phaseAxes(n: number, kind: string | undefined, columns: string[] | undefined): { i: number; j: number; delay: boolean; labels: [string, string] } {
  if (n === 1) {
    const c = columns?.[0] ?? 'x';
    return { i: 0, j: 0, delay: true, labels: [`${c}(t)`, `${c}(t + 1)`] };
  }
  if (n >= 3 && kind === 'lorenz') return { i: 0, j: 2, delay: false, labels: ['x', 'z'] };
  return { i: 0, j: 1, delay: false, labels: [columns?.[0] ?? 'coordinate 1', columns?.[1] ?? 'coordinate 2'] };
}

export function useBox(): [React.RefObject<HTMLDivElement | null>, { width: number; height: number }] {
  const ref = useRef<HTMLDivElement>(null);
  return [ref, useSize(ref)];
}

export function drawMarks(ctx: CanvasRenderingContext2D, x: Scale, y: Scale, xs: Float64Array, ys: Float64Array, color: string): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  strokeSeries(ctx, x, y, xs, ys);
  ctx.fillStyle = color;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i])) continue;
    ctx.beginPath();
    ctx.arc(x(xs[i]), y(ys[i]), 2.6, 0, 2 * Math.PI);
    ctx.fill();
  }
}

export function meanTail(v: Float64Array, n: number, k: number): number {
  let s = 0;
  let c = 0;
  for (let i = Math.max(0, n - k); i < n; i++) {
    if (Number.isFinite(v[i])) {
      s += v[i];
      c++;
    }
  }
  return c ? s / c : NaN;
}
