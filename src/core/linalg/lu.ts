/**
 * LU factorisation with partial pivoting: solving (Newton's method for fixed
 * points) and ln|det| (the sum rule of the Lyapunov spectrum). Flat row-major
 * n × n matrices, work buffers from the caller.
 */
import { log } from './elementary';

/** Panel width of the blocked LU: the trailing matrix is streamed once per panel, not once per column. */
const LU_BLOCK = 16;

/**
 * In-place LU with partial pivoting of an n × n row-major matrix (right-looking,
 * blocked: panel, then U₁₂ = L₁₁⁻¹A₁₂, then A₂₂ −= L₂₁U₁₂ row by row). Rows are
 * swapped whole, so luSolve applies `piv` in order. False if (numerically)
 * singular: a pivot at most relTiny·n·max|Aᵢⱼ| (0: only an exact zero pivot).
 */
export function luFactor(n: number, A: Float64Array, piv: Int32Array, relTiny = 1e-15): boolean {
  let amax = 0;
  for (let i = 0; i < n * n; i++) amax = Math.max(amax, Math.abs(A[i]));
  const tiny = amax * n * relTiny;
  if (!(amax > 0)) return false;
  for (let k0 = 0; k0 < n; k0 += LU_BLOCK) {
    const k1 = Math.min(n, k0 + LU_BLOCK);
    // 1. the panel: columns k0 … k1−1, all rows below
    for (let c = k0; c < k1; c++) {
      let p = c;
      let best = Math.abs(A[c * n + c]);
      for (let r = c + 1; r < n; r++) {
        const v = Math.abs(A[r * n + c]);
        if (v > best) {
          best = v;
          p = r;
        }
      }
      if (!(best > tiny)) return false;
      piv[c] = p;
      const rc = c * n;
      if (p !== c) {
        const rp = p * n;
        for (let j = 0; j < n; j++) {
          const t = A[rc + j];
          A[rc + j] = A[rp + j];
          A[rp + j] = t;
        }
      }
      const inv = 1 / A[rc + c];
      for (let r = c + 1; r < n; r++) {
        const rr = r * n;
        const f = A[rr + c] * inv;
        A[rr + c] = f;
        if (f === 0) continue;
        for (let j = c + 1; j < k1; j++) A[rr + j] -= f * A[rc + j];
      }
    }
    if (k1 === n) break;
    // 2. U₁₂ = L₁₁⁻¹·A₁₂ (unit lower triangular L₁₁)
    for (let i = k0 + 1; i < k1; i++) {
      const ri = i * n;
      for (let q = k0; q < i; q++) {
        const l = A[ri + q];
        if (l === 0) continue;
        const rq = q * n;
        for (let j = k1; j < n; j++) A[ri + j] -= l * A[rq + j];
      }
    }
    // 3. A₂₂ −= L₂₁·U₁₂, one row at a time (the row stays in cache over the panel)
    for (let r = k1; r < n; r++) {
      const rr = r * n;
      let q = k0;
      for (; q + 4 <= k1; q += 4) {
        const l0 = A[rr + q];
        const l1 = A[rr + q + 1];
        const l2 = A[rr + q + 2];
        const l3 = A[rr + q + 3];
        const r0 = q * n;
        const r1 = r0 + n;
        const r2 = r1 + n;
        const r3 = r2 + n;
        for (let j = k1; j < n; j++) A[rr + j] -= l0 * A[r0 + j] + l1 * A[r1 + j] + l2 * A[r2 + j] + l3 * A[r3 + j];
      }
      for (; q < k1; q++) {
        const l = A[rr + q];
        const rq = q * n;
        for (let j = k1; j < n; j++) A[rr + j] -= l * A[rq + j];
      }
    }
  }
  return true;
}

/** Solve (LU) x = b in place after luFactor. */
export function luSolve(n: number, LU: Float64Array, piv: Int32Array, b: Float64Array): void {
  for (let c = 0; c < n; c++) {
    const p = piv[c];
    if (p !== c) {
      const t = b[c];
      b[c] = b[p];
      b[p] = t;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= LU[ri + j] * b[j];
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    const ri = i * n;
    for (let j = i + 1; j < n; j++) s -= LU[ri + j] * b[j];
    b[i] = s / LU[ri + i];
  }
}

/** ln|det M| of an n × n matrix by LU with partial pivoting (−Infinity if singular). */
export function logAbsDet(n: number, M: Float64Array, work?: Float64Array, piv: Int32Array = new Int32Array(n)): number {
  const A = work ?? new Float64Array(n * n);
  A.set(M.subarray(0, n * n));
  if (!luFactor(n, A, piv, 0)) return -Infinity;
  let s = 0;
  for (let c = 0; c < n; c++) s += log(Math.abs(A[c * n + c]));
  return s;
}
