/**
 * Dense kernels on flat Float64Arrays, row-major (element (i, j) of an m × k
 * matrix at A[i·k + j]), allocation-free: work buffers come from the caller.
 * Loops are blocked for V8 (register tiles: fewer loads per flop; the ratios to
 * C are in docs/benchmarks.md). The QR factorisations are in qr.ts.
 *
 * These JavaScript kernels are the reference. When every array of a call is a
 * view of one wasm arena (simd.ts), `matmul`, `matTvec`, `matvecPairs` and
 * `sumSquares2` run their WebAssembly SIMD twins instead (wasm/kernels.wat),
 * which give the same bits.
 */
import { arenaOf } from './simd';

/**
 * C = A·B with A m × n, B n × k; with `rowScale` d, C = diag(d)·A·B (row i of
 * the product times d_i, as a separate scaling pass would give it). Each C(i, c)
 * is summed in ascending j. 2 × 4 register tiles: in V8 (no SIMD, a bounds check
 * per load) 3 × 4, 4 × 4, 2 × 8, 4 × 2 tiles, a transposed B and C's axpy order
 * were measured no faster (some of them are in bench/k2explore.ts).
 */
export function matmul(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array, rowScale: Float64Array | null = null): void {
  const ar = arenaOf(A, B, C, rowScale);
  if (ar) {
    ar.k.matmul(m, n, k, A.byteOffset, B.byteOffset, C.byteOffset, rowScale ? rowScale.byteOffset : 0);
    return;
  }
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = i * n;
    const a1 = a0 + n;
    const r0 = i * k;
    const r1 = r0 + k;
    const d0 = rowScale ? rowScale[i] : 1;
    const d1 = rowScale ? rowScale[i + 1] : 1;
    let c = 0;
    for (; c + 4 <= k; c += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
      for (let j = 0, bj = c; j < n; j++, bj += k) {
        const x0 = A[a0 + j];
        const x1 = A[a1 + j];
        const b0 = B[bj];
        const b1 = B[bj + 1];
        const b2 = B[bj + 2];
        const b3 = B[bj + 3];
        s00 += x0 * b0;
        s01 += x0 * b1;
        s02 += x0 * b2;
        s03 += x0 * b3;
        s10 += x1 * b0;
        s11 += x1 * b1;
        s12 += x1 * b2;
        s13 += x1 * b3;
      }
      if (rowScale) {
        s00 *= d0;
        s01 *= d0;
        s02 *= d0;
        s03 *= d0;
        s10 *= d1;
        s11 *= d1;
        s12 *= d1;
        s13 *= d1;
      }
      C[r0 + c] = s00;
      C[r0 + c + 1] = s01;
      C[r0 + c + 2] = s02;
      C[r0 + c + 3] = s03;
      C[r1 + c] = s10;
      C[r1 + c + 1] = s11;
      C[r1 + c + 2] = s12;
      C[r1 + c + 3] = s13;
    }
    for (; c < k; c++) {
      let s0 = 0;
      let s1 = 0;
      for (let j = 0; j < n; j++) {
        const bb = B[j * k + c];
        s0 += A[a0 + j] * bb;
        s1 += A[a1 + j] * bb;
      }
      C[r0 + c] = rowScale ? s0 * d0 : s0;
      C[r1 + c] = rowScale ? s1 * d1 : s1;
    }
  }
  for (; i < m; i++)
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * B[j * k + c];
      C[i * k + c] = rowScale ? s * rowScale[i] : s;
    }
}

/**
 * y = A·x (+ b) for A m × n. Each y_i is one running sum in ascending j, then
 * + b_i: the textbook loop's result bit for bit (the reference kernels' order).
 * Four rows per sweep so x_j is loaded once for four rows and four independent
 * sums are in flight (a single sum is bound by the latency of the adds).
 */
export function matvec(m: number, n: number, A: Float64Array, x: Float64Array, b: Float64Array | null, y: Float64Array): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * n;
    const a1 = a0 + n;
    const a2 = a1 + n;
    const a3 = a2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      s0 += A[a0 + j] * xj;
      s1 += A[a1 + j] * xj;
      s2 += A[a2 + j] * xj;
      s3 += A[a3 + j] * xj;
    }
    if (b) {
      y[i] = s0 + b[i];
      y[i + 1] = s1 + b[i + 1];
      y[i + 2] = s2 + b[i + 2];
      y[i + 3] = s3 + b[i + 3];
    } else {
      y[i] = s0;
      y[i + 1] = s1;
      y[i + 2] = s2;
      y[i + 3] = s3;
    }
  }
  for (; i < m; i++) {
    let s = 0;
    const ai = i * n;
    for (let j = 0; j < n; j++) s += A[ai + j] * x[j];
    y[i] = b ? s + b[i] : s;
  }
}

/**
 * y = A·x (+ b) and v = A·u in one sweep over A (A m × n): the state and one
 * tangent vector of a map whose Jacobian is diag(·)·A. Each row of A is loaded
 * once for both products; every sum is accumulated as in `matvec`, so y and v
 * equal two `matvec` calls bit for bit.
 */
export function matvec2(m: number, n: number, A: Float64Array, x: Float64Array, b: Float64Array | null, y: Float64Array, u: Float64Array, v: Float64Array): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * n;
    const a1 = a0 + n;
    const a2 = a1 + n;
    const a3 = a2 + n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0; // prettier-ignore
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      const uj = u[j];
      let a = A[a0 + j];
      s0 += a * xj;
      t0 += a * uj;
      a = A[a1 + j];
      s1 += a * xj;
      t1 += a * uj;
      a = A[a2 + j];
      s2 += a * xj;
      t2 += a * uj;
      a = A[a3 + j];
      s3 += a * xj;
      t3 += a * uj;
    }
    if (b) {
      y[i] = s0 + b[i];
      y[i + 1] = s1 + b[i + 1];
      y[i + 2] = s2 + b[i + 2];
      y[i + 3] = s3 + b[i + 3];
    } else {
      y[i] = s0;
      y[i + 1] = s1;
      y[i + 2] = s2;
      y[i + 3] = s3;
    }
    v[i] = t0;
    v[i + 1] = t1;
    v[i + 2] = t2;
    v[i + 3] = t3;
  }
  for (; i < m; i++) {
    let s = 0;
    let t = 0;
    const ai = i * n;
    for (let j = 0; j < n; j++) {
      const a = A[ai + j];
      s += a * x[j];
      t += a * u[j];
    }
    y[i] = b ? s + b[i] : s;
    v[i] = t;
  }
}

/** X (n × cols, row-major) with every column equal to x: the start of a column batch (core/vector/columnBatch.ts). */
export function repeatColumns(n: number, cols: number, x: ArrayLike<number>, X: Float64Array): void {
  for (let i = 0; i < n; i++) X.fill(x[i], i * cols, i * cols + cols);
}

/** y = Aᵀ·u for A m × n: y_j = Σ_i u_i·A(i, j), summed in ascending i. */
export function matTvec(m: number, n: number, A: Float64Array, u: Float64Array, y: Float64Array): void {
  const ar = arenaOf(A, u, y);
  if (ar) {
    ar.k.mat_t_vec(m, n, A.byteOffset, u.byteOffset, y.byteOffset);
    return;
  }
  y.fill(0, 0, n);
  for (let i = 0, ri = 0; i < m; i++, ri += n) {
    const a = u[i];
    for (let j = 0; j < n; j++) y[j] += a * A[ri + j];
  }
}

/**
 * z = A·y for A m × n, each z_i summed in two interleaved running sums (even and
 * odd j) that are added at the end, then the last term when n is odd: the order
 * a SIMD unit of two lanes runs in (`matvec_pairs` of kernels.wat gives the same
 * bits). Twice the additions in flight of `matvec`'s single sum per row; not the
 * reference kernels' order, so use it where that order does not matter (power
 * iterations).
 */
export function matvecPairs(m: number, n: number, A: Float64Array, y: Float64Array, z: Float64Array): void {
  const ar = arenaOf(A, y, z);
  if (ar) {
    ar.k.matvec_pairs(m, n, A.byteOffset, y.byteOffset, z.byteOffset);
    return;
  }
  const n2 = n & ~1;
  for (let i = 0, ri = 0; i < m; i++, ri += n) {
    let s0 = 0;
    let s1 = 0;
    for (let j = 0; j < n2; j += 2) {
      s0 += A[ri + j] * y[j];
      s1 += A[ri + j + 1] * y[j + 1];
    }
    let s = s0 + s1;
    if (n2 < n) s += A[ri + n2] * y[n2];
    z[i] = s;
  }
}

/** Σ x_i² over the first `len` entries in two interleaved sums (even, odd i), as `matvecPairs` sums. */
export function sumSquares2(len: number, x: Float64Array): number {
  const ar = arenaOf(x);
  if (ar) return ar.k.sumsq2(len, x.byteOffset);
  const l2 = len & ~1;
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < l2; i += 2) {
    const a = x[i];
    const b = x[i + 1];
    s0 += a * a;
    s1 += b * b;
  }
  let s = s0 + s1;
  if (l2 < len) s += x[l2] * x[l2];
  return s;
}
