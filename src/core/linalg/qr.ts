/**
 * Thin QR factorisations of m × k matrices (k ≤ m), row-major, in place: A
 * becomes Q and the diagonal of R (≥ 0) goes to `rdiag`. One modified
 * Gram–Schmidt (column at a time, or in blocks of 4 columns), optionally with
 * the whole R, and one robust fallback (CGS2) for (nearly) dependent columns.
 * `qrMgsBlocked` runs its WebAssembly SIMD twin (wasm/kernels.wat, the same
 * bits) when every array is a view of one wasm arena and R is not asked for.
 */
import { arenaOf } from './simd';

/** Column c of A minus its projections on columns 0 … c−1, applied twice (CGS2: orthogonal to rounding). */
function projectOutTwice(m: number, k: number, A: Float64Array, c: number): void {
  for (let pass = 0; pass < 2; pass++)
    for (let j = 0; j < c; j++) {
      let d = 0;
      for (let i = 0; i < m; i++) d += A[i * k + j] * A[i * k + c];
      for (let i = 0; i < m; i++) A[i * k + c] -= d * A[i * k + j];
    }
}

/** Replace a (numerically) null column c by a unit vector orthogonal to columns 0 … c−1. */
export function fillNullColumn(m: number, k: number, A: Float64Array, c: number): void {
  for (let p = 0; p < m; p++) {
    for (let i = 0; i < m; i++) A[i * k + c] = i === p ? 1 : 0;
    projectOutTwice(m, k, A, c);
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
 *
 * With `R` (k × k, row-major) the whole upper triangle is kept (the gradient
 * meter's graded products need it; `w` is then unused). With `nullTol` > 0 a
 * column that keeps at most that fraction of its norm after the projections
 * on the earlier ones also counts as null (R_cc = 0).
 */
export function qrMgs(m: number, k: number, A: Float64Array, rdiag: Float64Array, w: Float64Array, R: Float64Array | null = null, nullTol = 0): void {
  if (R) R.fill(0);
  if (nullTol > 0) {
    // rdiag[c] holds column c's squared norm until column c is reached
    rdiag.fill(0, 0, k);
    for (let i = 0, ri = 0; i < m; i++, ri += k) for (let c = 0; c < k; c++) rdiag[c] += A[ri + c] * A[ri + c];
  }
  // the projections of the later columns on q_c: row c of R, or the work vector
  const P = R ?? w;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const x = A[i * k + c];
      s += x * x;
    }
    const r = Math.sqrt(s);
    const isNull = r === 0 || (nullTol > 0 && !(r > nullTol * Math.sqrt(rdiag[c])));
    rdiag[c] = isNull ? 0 : r;
    if (R) R[c * k + c] = rdiag[c];
    if (isNull) fillNullColumn(m, k, A, c);
    else {
      const inv = 1 / r;
      for (let i = 0; i < m; i++) A[i * k + c] *= inv;
    }
    if (c + 1 === k) break;
    const j0 = c + 1;
    const po = R ? c * k : 0;
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
      P[po + j] = w0;
      P[po + j + 1] = w1;
      P[po + j + 2] = w2;
      P[po + j + 3] = w3;
    }
    for (; j < k; j++) {
      let s0 = 0;
      for (let i = 0; i < m; i++) s0 += A[i * k + c] * A[i * k + j];
      P[po + j] = s0;
    }
    let i = 0;
    for (; i + 2 <= m; i += 2) {
      const r0 = i * k;
      const r1 = r0 + k;
      const q0 = A[r0 + c];
      const q1 = A[r1 + c];
      for (let jj = j0; jj < k; jj++) {
        const wj = P[po + jj];
        A[r0 + jj] -= q0 * wj;
        A[r1 + jj] -= q1 * wj;
      }
    }
    for (; i < m; i++) {
      const ri = i * k;
      const q = A[ri + c];
      for (let jj = j0; jj < k; jj++) A[ri + jj] -= q * P[po + jj];
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
function blockPivot(m: number, k: number, A: Float64Array, rdiag: Float64Array, c: number, s: number, R: Float64Array | null): number {
  const r = Math.sqrt(s);
  rdiag[c] = r;
  if (R) R[c * k + c] = r;
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
 * `work` needs `qrMgsBlockedWork(k)` = 4k doubles. With `R` the whole upper
 * triangle is kept (w is row c₀ … c₀+3 of R; JavaScript only). A null column
 * is detected only when exactly null (R_cc = 0): callers that expect rank loss
 * check the diagonal and redo the step with `qrMgs`'s tolerance or `qrRobust`.
 */
export function qrMgsBlocked(m: number, k: number, A: Float64Array, rdiag: Float64Array, work: Float64Array, R: Float64Array | null = null): void {
  if (work.length < 4 * k) throw new Error(`qrMgsBlocked: work needs ${4 * k} doubles, got ${work.length}`);
  if (R) R.fill(0);
  const ar = R ? null : arenaOf(A, rdiag, work);
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
    let inv = blockPivot(m, k, A, rdiag, a, s, R);
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
    const ra = a * k;
    if (R) {
      R[ra + a + 1] = w1;
      R[ra + a + 2] = w2;
      R[ra + a + 3] = w3;
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
    inv = blockPivot(m, k, A, rdiag, a + 1, s, R);
    w2 = 0;
    w3 = 0;
    for (let i = 0, ri = a + 1; i < m; i++, ri += k) {
      const q = A[ri] * inv;
      A[ri] = q;
      w2 += q * A[ri + 1];
      w3 += q * A[ri + 2];
    }
    if (R) {
      R[ra + k + a + 2] = w2;
      R[ra + k + a + 3] = w3;
    }
    s = 0;
    for (let i = 0, ri = a + 1; i < m; i++, ri += k) {
      const q = A[ri];
      const x = A[ri + 1] - q * w2;
      A[ri + 1] = x;
      A[ri + 2] -= q * w3;
      s += x * x;
    }
    inv = blockPivot(m, k, A, rdiag, a + 2, s, R);
    w3 = 0;
    for (let i = 0, ri = a + 2; i < m; i++, ri += k) {
      const q = A[ri] * inv;
      A[ri] = q;
      w3 += q * A[ri + 1];
    }
    if (R) R[ra + 2 * k + a + 3] = w3;
    s = 0;
    for (let i = 0, ri = a + 2; i < m; i++, ri += k) {
      const x = A[ri + 1] - A[ri] * w3;
      A[ri + 1] = x;
      s += x * x;
    }
    inv = blockPivot(m, k, A, rdiag, a + 3, s, R);
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
    if (R)
      for (let jj = j0; jj < k; jj++) {
        R[ra + jj] = P[jj];
        R[ra + k + jj] = P[k + jj];
        R[ra + 2 * k + jj] = P[k2 + jj];
        R[ra + 3 * k + jj] = P[k3 + jj];
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
    if (R) R[c * k + c] = rdiag[c];
    for (let jj = c + 1; jj < k; jj++) {
      let w = 0;
      for (let i = 0, ri = 0; i < m; i++, ri += k) w += A[ri + c] * A[ri + jj];
      if (R) R[c * k + jj] = w;
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
    for (let i = 0; i < m; i++) orig += A[i * k + c] * A[i * k + c];
    orig = Math.sqrt(orig);
    projectOutTwice(m, k, A, c);
    let r = 0;
    for (let i = 0; i < m; i++) r += A[i * k + c] * A[i * k + c];
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
