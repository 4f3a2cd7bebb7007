/**
 * Dense kernels on flat Float64Arrays, row-major (element (i, j) of an m × k
 * matrix at A[i·k + j]), allocation-free: work buffers come from the caller.
 * Loops are blocked for V8 (register tiles: fewer loads per flop), in the
 * spirit of the reference kernels in ../shared/bench-reference/js.
 */

/** C = A·B with A m × n, B n × k. Each C(i, c) is summed in ascending j. */
export function matmul(m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = i * n;
    const a1 = a0 + n;
    const r0 = i * k;
    const r1 = r0 + k;
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
      C[r0 + c] = s0;
      C[r1 + c] = s1;
    }
  }
  for (; i < m; i++)
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * B[j * k + c];
      C[i * k + c] = s;
    }
}

/** y = A·x (+ b) for A m × n. */
export function matvec(m: number, n: number, A: Float64Array, x: Float64Array, b: Float64Array | null, y: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    const ai = i * n;
    for (let j = 0; j < n; j++) s += A[ai + j] * x[j];
    y[i] = b ? s + b[i] : s;
  }
}

/** Replace a (numerically) null column c by a unit vector orthogonal to columns 0 … c−1. */
function fillNullColumn(m: number, k: number, A: Float64Array, c: number): void {
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

/** ln|det M| of an n × n matrix by LU with partial pivoting (−Infinity if singular). */
export function logAbsDet(n: number, M: Float64Array, work?: Float64Array): number {
  const A = work ?? new Float64Array(n * n);
  A.set(M.subarray(0, n * n));
  let s = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(A[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(A[r * n + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (best === 0) return -Infinity;
    if (p !== c)
      for (let j = 0; j < n; j++) {
        const t = A[c * n + j];
        A[c * n + j] = A[p * n + j];
        A[p * n + j] = t;
      }
    const piv = A[c * n + c];
    s += Math.log(Math.abs(piv));
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / piv;
      if (f === 0) continue;
      for (let j = c + 1; j < n; j++) A[r * n + j] -= f * A[c * n + j];
    }
  }
  return s;
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
