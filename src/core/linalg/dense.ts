/**
 * Dense kernels on flat Float64Arrays, row-major (element (i, j) of an m × k
 * matrix at A[i·k + j]), allocation-free: work buffers come from the caller.
 * Loops are blocked for V8 (register tiles: fewer loads per flop), in the
 * spirit of the reference kernels in ../shared/bench-reference/js.
 *
 * These JavaScript kernels are the reference. When every array of a call is a
 * view of one wasm arena (src/core/simd.ts), `matmul`, `qrMgsBlocked`,
 * `matTvec`, `matvecPairs` and `sumSquares2` run their WebAssembly SIMD twins
 * instead (wasm/kernels.wat), which give the same bits.
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

/** Replace a (numerically) null column c by a unit vector orthogonal to columns 0 … c−1. */
export function fillNullColumn(m: number, k: number, A: Float64Array, c: number): void {
  for (let p = 0; p < m; p++) {
    for (let i = 0; i < m; i++) A[i * k + c] = i === p ? 1 : 0;
    for (let pass = 0; pass < 2; pass++)
      for (let j = 0; j < c; j++) {
        let d = 0;
        for (let i = 0; i < m; i++) d += A[i * k + j] * A[i * k + c];
        for (let i = 0; i < m; i++) A[i * k + c] -= d * A[i * k + j];
      }
    let s = 0;
    for (let i = 0; i < m; i++) s += A[i * k + c] * A[i * k + c];
    if (s > 0.25) {
      const inv = 1 / Math.sqrt(s);
      for (let i = 0; i < m; i++) A[i * k + c] *= inv;
      return;
    }
  }
}

/**
 * Thin QR of A (m × k, k ≤ m) in place by right-looking modified Gram–Schmidt:
 * A becomes Q (orthonormal columns) and rdiag the diagonal of R (≥ 0). A null
 * column (rank loss, e.g. ReLU Jacobians) gets R_cc = 0 and any unit vector
 * orthogonal to the others. `w` is a work vector of length k.
 */
export function qrMgs(m: number, k: number, A: Float64Array, rdiag: Float64Array, w: Float64Array): void {
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const x = A[i * k + c];
      s += x * x;
    }
    const r = Math.sqrt(s);
    rdiag[c] = r;
    if (r === 0) fillNullColumn(m, k, A, c);
    else {
      const inv = 1 / r;
      for (let i = 0; i < m; i++) A[i * k + c] *= inv;
    }
    if (c + 1 === k) break;
    const j0 = c + 1;
    let j = j0;
    for (; j + 4 <= k; j += 4) {
      let w0 = 0;
      let w1 = 0;
      let w2 = 0;
      let w3 = 0;
      for (let i = 0, ri = 0; i < m; i++, ri += k) {
        const q = A[ri + c];
        w0 += q * A[ri + j];
        w1 += q * A[ri + j + 1];
        w2 += q * A[ri + j + 2];
        w3 += q * A[ri + j + 3];
      }
      w[j] = w0;
      w[j + 1] = w1;
      w[j + 2] = w2;
      w[j + 3] = w3;
    }
    for (; j < k; j++) {
      let s0 = 0;
      for (let i = 0; i < m; i++) s0 += A[i * k + c] * A[i * k + j];
      w[j] = s0;
    }
    let i = 0;
    for (; i + 2 <= m; i += 2) {
      const r0 = i * k;
      const r1 = r0 + k;
      const q0 = A[r0 + c];
      const q1 = A[r1 + c];
      for (let jj = j0; jj < k; jj++) {
        const wj = w[jj];
        A[r0 + jj] -= q0 * wj;
        A[r1 + jj] -= q1 * wj;
      }
    }
    for (; i < m; i++) {
      const ri = i * k;
      const q = A[ri + c];
      for (let jj = j0; jj < k; jj++) A[ri + jj] -= q * w[jj];
    }
  }
}

/** Work length `qrMgsBlocked` needs for an m × k matrix. */
export function qrMgsBlockedWork(k: number): number {
  return 4 * Math.max(k, 1);
}

/** Normalise column c of A (m × k) in place; returns its norm (a null column is replaced, as in qrMgs). */
function normaliseColumn(m: number, k: number, A: Float64Array, c: number): number {
  let s = 0;
  for (let i = 0, ri = c; i < m; i++, ri += k) {
    const x = A[ri];
    s += x * x;
  }
  const r = Math.sqrt(s);
  if (r === 0) fillNullColumn(m, k, A, c);
  else {
    const inv = 1 / r;
    for (let i = 0, ri = c; i < m; i++, ri += k) A[ri] *= inv;
  }
  return r;
}

/**
 * Column c's norm r = √s goes to rdiag[c]; returns the factor that normalises it
 * (1/r), or 1 after replacing a null column by a unit vector orthogonal to the
 * columns before it (as qrMgs does).
 */
function blockPivot(m: number, k: number, A: Float64Array, rdiag: Float64Array, c: number, s: number): number {
  const r = Math.sqrt(s);
  rdiag[c] = r;
  if (r !== 0) return 1 / r;
  fillNullColumn(m, k, A, c);
  return 1;
}

/**
 * The same factorisation as `qrMgs` (modified Gram–Schmidt: Q, and diag R ≥ 0),
 * organised in blocks of 4 columns so that most of the work runs as register-tiled
 * products instead of rank-1 updates (about twice as fast in V8).
 *
 * For each block Q_b = [q_c … q_{c+3}] (itself orthonormalised by MGS), the four
 * projections (I − q q^T) that MGS applies one after the other to every later
 * column a are applied at once in their compact form
 *   a ← a − Q_b·w,  w = (I + L)⁻¹·(Q_bᵀ a),  L = strictly lower part of Q_bᵀQ_b,
 * which is the sequential product exactly in exact arithmetic (L carries the
 * rounding-level non-orthogonality of Q_b, as MGS does; without L this would be
 * block classical Gram–Schmidt). It keeps MGS's loss of orthogonality
 * O(ε·cond A) (Björck 1994; "inverse compact WY" MGS, Świrydowicz et al. 2020).
 * Results differ from `qrMgs` by rounding only (‖ΔQ‖ ~ ε·cond A).
 *
 * `work` needs `qrMgsBlockedWork(k)` = 4k doubles.
 */
export function qrMgsBlocked(m: number, k: number, A: Float64Array, rdiag: Float64Array, work: Float64Array): void {
  if (work.length < 4 * k) throw new Error(`qrMgsBlocked: work needs ${4 * k} doubles, got ${work.length}`);
  const ar = arenaOf(A, rdiag, work);
  if (ar) {
    ar.k.qr_mgs_blocked(m, k, A.byteOffset, rdiag.byteOffset, work.byteOffset);
    return;
  }
  const P = work; // 4 × k: row p holds w_p for the later columns
  const k2 = 2 * k;
  const k3 = 3 * k;
  let c0 = 0;
  for (; c0 + 4 <= k; c0 += 4) {
    // ---- the block's 4 columns by MGS (right-looking inside the block), in 8 sweeps
    // over the rows: each column's scaling is fused with its projections on the
    // later block columns, and each update with the next column's norm (same
    // operations in the same order as column-at-a-time MGS).
    const a = c0;
    let s = 0;
    for (let i = 0, ri = a; i < m; i++, ri += k) {
      const x = A[ri];
      s += x * x;
    }
    let inv = blockPivot(m, k, A, rdiag, a, s);
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    for (let i = 0, ri = a; i < m; i++, ri += k) {
      const q = A[ri] * inv;
      A[ri] = q;
      w1 += q * A[ri + 1];
      w2 += q * A[ri + 2];
      w3 += q * A[ri + 3];
    }
    s = 0;
    for (let i = 0, ri = a; i < m; i++, ri += k) {
      const q = A[ri];
      const x = A[ri + 1] - q * w1;
      A[ri + 1] = x;
      A[ri + 2] -= q * w2;
      A[ri + 3] -= q * w3;
      s += x * x;
    }
    inv = blockPivot(m, k, A, rdiag, a + 1, s);
    w2 = 0;
    w3 = 0;
    for (let i = 0, ri = a + 1; i < m; i++, ri += k) {
      const q = A[ri] * inv;
      A[ri] = q;
      w2 += q * A[ri + 1];
      w3 += q * A[ri + 2];
    }
    s = 0;
    for (let i = 0, ri = a + 1; i < m; i++, ri += k) {
      const q = A[ri];
      const x = A[ri + 1] - q * w2;
      A[ri + 1] = x;
      A[ri + 2] -= q * w3;
      s += x * x;
    }
    inv = blockPivot(m, k, A, rdiag, a + 2, s);
    w3 = 0;
    for (let i = 0, ri = a + 2; i < m; i++, ri += k) {
      const q = A[ri] * inv;
      A[ri] = q;
      w3 += q * A[ri + 1];
    }
    s = 0;
    for (let i = 0, ri = a + 2; i < m; i++, ri += k) {
      const x = A[ri + 1] - A[ri] * w3;
      A[ri + 1] = x;
      s += x * x;
    }
    inv = blockPivot(m, k, A, rdiag, a + 3, s);
    const j0 = c0 + 4;
    // last column's scaling, fused with L: the strictly lower part of Q_bᵀQ_b (rounding-level)
    let g10 = 0, g20 = 0, g21 = 0, g30 = 0, g31 = 0, g32 = 0; // prettier-ignore
    for (let i = 0, ri = a; i < m; i++, ri += k) {
      const q0 = A[ri];
      const q1 = A[ri + 1];
      const q2 = A[ri + 2];
      const q3 = A[ri + 3] * inv;
      A[ri + 3] = q3;
      g10 += q1 * q0;
      g20 += q2 * q0;
      g21 += q2 * q1;
      g30 += q3 * q0;
      g31 += q3 * q1;
      g32 += q3 * q2;
    }
    if (j0 === k) return;
    // ---- w = (I + L)⁻¹·Q_bᵀ·A[:, j0:k], two columns per sweep (4 × 2 register tile)
    let j = j0;
    for (; j + 2 <= k; j += 2) {
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0; // prettier-ignore
      for (let i = 0, ri = 0; i < m; i++, ri += k) {
        const a0 = A[ri + j];
        const a1 = A[ri + j + 1];
        const rq = ri + c0;
        let q = A[rq];
        s00 += q * a0;
        s01 += q * a1;
        q = A[rq + 1];
        s10 += q * a0;
        s11 += q * a1;
        q = A[rq + 2];
        s20 += q * a0;
        s21 += q * a1;
        q = A[rq + 3];
        s30 += q * a0;
        s31 += q * a1;
      }
      s10 -= g10 * s00;
      s11 -= g10 * s01;
      s20 -= g20 * s00;
      s21 -= g20 * s01;
      s20 -= g21 * s10;
      s21 -= g21 * s11;
      s30 -= g30 * s00;
      s31 -= g30 * s01;
      s30 -= g31 * s10;
      s31 -= g31 * s11;
      s30 -= g32 * s20;
      s31 -= g32 * s21;
      P[j] = s00;
      P[j + 1] = s01;
      P[k + j] = s10;
      P[k + j + 1] = s11;
      P[k2 + j] = s20;
      P[k2 + j + 1] = s21;
      P[k3 + j] = s30;
      P[k3 + j + 1] = s31;
    }
    if (j < k) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      for (let i = 0, ri = 0; i < m; i++, ri += k) {
        const a = A[ri + j];
        const rq = ri + c0;
        s0 += A[rq] * a;
        s1 += A[rq + 1] * a;
        s2 += A[rq + 2] * a;
        s3 += A[rq + 3] * a;
      }
      s1 -= g10 * s0;
      s2 -= g20 * s0;
      s2 -= g21 * s1;
      s3 -= g30 * s0;
      s3 -= g31 * s1;
      s3 -= g32 * s2;
      P[j] = s0;
      P[k + j] = s1;
      P[k2 + j] = s2;
      P[k3 + j] = s3;
    }
    // ---- A[:, j0:k] −= Q_b·w: two rows per sweep, their 8 q's held in registers
    let i = 0;
    for (; i + 2 <= m; i += 2) {
      const r0 = i * k + c0;
      const r1 = r0 + k;
      const q00 = A[r0], q01 = A[r0 + 1], q02 = A[r0 + 2], q03 = A[r0 + 3]; // prettier-ignore
      const q10 = A[r1], q11 = A[r1 + 1], q12 = A[r1 + 2], q13 = A[r1 + 3]; // prettier-ignore
      const o0 = r0 - c0;
      const o1 = r1 - c0;
      for (let jj = j0; jj < k; jj++) {
        const w0 = P[jj];
        const w1 = P[k + jj];
        const w2 = P[k2 + jj];
        const w3 = P[k3 + jj];
        A[o0 + jj] = A[o0 + jj] - q00 * w0 - q01 * w1 - q02 * w2 - q03 * w3;
        A[o1 + jj] = A[o1 + jj] - q10 * w0 - q11 * w1 - q12 * w2 - q13 * w3;
      }
    }
    if (i < m) {
      const o0 = i * k;
      const q00 = A[o0 + c0], q01 = A[o0 + c0 + 1], q02 = A[o0 + c0 + 2], q03 = A[o0 + c0 + 3]; // prettier-ignore
      for (let jj = j0; jj < k; jj++) A[o0 + jj] = A[o0 + jj] - q00 * P[jj] - q01 * P[k + jj] - q02 * P[k2 + jj] - q03 * P[k3 + jj];
    }
  }
  // ---- the last k mod 4 columns (all of them when k < 4): plain MGS
  for (let c = c0; c < k; c++) {
    rdiag[c] = normaliseColumn(m, k, A, c);
    for (let jj = c + 1; jj < k; jj++) {
      let w = 0;
      for (let i = 0, ri = 0; i < m; i++, ri += k) w += A[ri + c] * A[ri + jj];
      for (let i = 0, ri = 0; i < m; i++, ri += k) A[ri + jj] -= A[ri + c] * w;
    }
  }
}

/**
 * Thin QR by classical Gram–Schmidt applied twice (CGS2): slower than the MGS
 * kernels but orthonormal to rounding even when columns are (nearly) dependent,
 * e.g. a ReLU Jacobian that switched units off. A column whose part orthogonal
 * to the earlier ones is below 1e-13 of its norm counts as null: R_cc = 0 and
 * any unit vector orthogonal to the others takes its place.
 */
export function qrRobust(m: number, k: number, A: Float64Array, rdiag: Float64Array): void {
  for (let c = 0; c < k; c++) {
    let orig = 0;
    for (let i = 0; i < m; i++) orig += A[i * k + c] ** 2;
    orig = Math.sqrt(orig);
    for (let pass = 0; pass < 2; pass++)
      for (let j = 0; j < c; j++) {
        let d = 0;
        for (let i = 0; i < m; i++) d += A[i * k + j] * A[i * k + c];
        for (let i = 0; i < m; i++) A[i * k + c] -= d * A[i * k + j];
      }
    let r = 0;
    for (let i = 0; i < m; i++) r += A[i * k + c] ** 2;
    r = Math.sqrt(r);
    if (!(r > 1e-13 * orig) || r === 0) {
      rdiag[c] = 0;
      fillNullColumn(m, k, A, c);
      continue;
    }
    rdiag[c] = r;
    for (let i = 0; i < m; i++) A[i * k + c] /= r;
  }
}

/** A Haar-random orthogonal n × n matrix: QR of a Gaussian matrix with diag(R) made positive. */
export function randomOrthogonal(n: number, normal: () => number): Float64Array {
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) Q[i] = normal();
  qrMgs(n, n, Q, new Float64Array(n), new Float64Array(n));
  return Q; // MGS gives R with a positive diagonal already
}

/** Frobenius-orthonormality defect max |QᵀQ − I| of an m × k matrix. */
export function orthonormalityDefect(m: number, k: number, Q: Float64Array): number {
  let worst = 0;
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += Q[i * k + a] * Q[i * k + b];
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  return worst;
}
