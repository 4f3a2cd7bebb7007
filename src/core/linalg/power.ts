/** Norms by power iteration. */
import { matvec } from './dense';

/** ‖M‖₂ of an n × n matrix by power iteration on MᵀM. */
export function spectralNorm(n: number, M: Float64Array, iters = 300): number {
  const v = new Float64Array(n).fill(1 / Math.sqrt(n));
  const u = new Float64Array(n);
  let sig = 0;
  for (let it = 0; it < iters; it++) {
    matvec(n, n, M, v, null, u);
    let s = 0;
    for (const x of u) s += x * x;
    const snew = Math.sqrt(s);
    v.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[j] += M[i * n + j] * u[i];
    let vn = 0;
    for (const x of v) vn += x * x;
    vn = Math.sqrt(vn);
    if (!(vn > 0)) return snew;
    for (let j = 0; j < n; j++) v[j] /= vn;
    if (Math.abs(snew - sig) <= 1e-12 * snew) return snew;
    sig = snew;
  }
  return sig;
}

/** ‖M‖_F/√n = √(n·mean Mᵢⱼ²) of an n × n matrix: the circular law's radius estimated from a matrix. */
export function frobeniusRms(n: number, M: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n * n; i++) s += M[i] * M[i];
  return Math.sqrt(s / n);
}
