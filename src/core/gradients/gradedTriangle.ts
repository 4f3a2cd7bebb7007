/**
 * The accumulated triangular factor of the gradient meter's QR products,
 * R⁽ʰ⁾ = R_h ⋯ R₁, kept graded as D·U so that it never overflows (the method
 * is described in meterRun.ts): its update, ln σ₁ by subspace iteration and
 * all ln σᵢ by one-sided Jacobi on log-scaled rows.
 */
import { LOG_DERIVATIVE_FLOOR } from '../map1d/lambda';
import { exp, log } from '../linalg/elementary';

/**
 * The accumulated triangular factor R⁽ʰ⁾ = R_h ⋯ R₁ kept graded as D·U (see the
 * header of meterRun.ts): ln|D_ii| in `ld`, U unit upper triangular (k × k, row-major).
 */
export class GradedTriangle {
  readonly k: number;
  readonly ld: Float64Array;
  readonly U: Float64Array;
  /** Some R_ii was 0 (a singular Jacobian): that ln σ was floored. */
  singular = false;
  private readonly row: Float64Array;
  private readonly e: Float64Array;
  private readonly v: Float64Array;
  private readonly v1: Float64Array;
  private readonly u: Float64Array;
  private readonly u1: Float64Array;
  private readonly dt: Float64Array;
  private readonly rows: Float64Array;
  private readonly ell: Float64Array;
  /** Power iterations used (all horizons so far). */
  powerIterations = 0;

  constructor(k: number) {
    this.k = k;
    this.ld = new Float64Array(k);
    this.U = new Float64Array(k * k);
    this.row = new Float64Array(k);
    this.e = new Float64Array(k);
    this.v = new Float64Array(k);
    this.v1 = new Float64Array(k);
    this.u = new Float64Array(k);
    this.u1 = new Float64Array(k);
    this.dt = new Float64Array(k);
    this.rows = new Float64Array(k * k);
    this.ell = new Float64Array(k);
    this.reset();
  }

  reset(): void {
    const k = this.k;
    this.ld.fill(0);
    this.U.fill(0);
    for (let i = 0; i < k; i++) this.U[i * k + i] = 1;
    this.resetVectors();
    this.singular = false;
  }

  /** R⁽ʰ⁺¹⁾ = R·R⁽ʰ⁾ for the upper-triangular R (k × k) of the newest step. */
  apply(R: Float64Array): void {
    const k = this.k;
    const { ld, U, row, e } = this;
    for (let i = 0; i < k; i++) {
      const ri = i * k;
      const rii = R[ri + i];
      if (!(rii > 0)) {
        // a null direction: σᵢ of the product is 0; floor its log, restart its row
        ld[i] += LOG_DERIVATIVE_FLOOR;
        for (let j = i + 1; j < k; j++) U[ri + j] = 0;
        this.singular = true;
        continue;
      }
      const inv = 1 / rii;
      const li = ld[i];
      for (let m = i + 1; m < k; m++) {
        const r = R[ri + m];
        e[m] = r === 0 ? 0 : r * inv * exp(Math.min(700, ld[m] - li));
      }
      for (let j = i; j < k; j++) row[j] = U[ri + j];
      for (let m = i + 1; m < k; m++) {
        const em = e[m];
        if (em === 0) continue;
        const rm = m * k;
        for (let j = m; j < k; j++) row[j] += em * U[rm + j];
      }
      for (let j = i + 1; j < k; j++) U[ri + j] = row[j];
      ld[i] = li + log(rii);
    }
  }

  /** max ln|D_ii|. */
  private top(): number {
    let L = -Infinity;
    for (const v of this.ld) if (v > L) L = v;
    return L;
  }

  /**
   * ln σ₁ of D·U by subspace iteration with two vectors on (D̃U)ᵀ(D̃U),
   * D̃ = D/max D, warm-started from the last call's pair, σ₁ from the 2 × 2
   * Rayleigh–Ritz matrix (as MeterRun's direct product); stops at a relative
   * change of `tol`.
   */
  logSigma1(maxIter = 200, tol = 1e-13): number {
    const k = this.k;
    const { U, v, v1, u, u1, dt, ld } = this;
    const L = this.top();
    for (let i = 0; i < k; i++) dt[i] = exp(ld[i] - L);
    if (k === 1) return L;
    let sig = 0;
    for (let it = 0; it < maxIter; it++) {
      // u = D̃U v, u1 = D̃U v1
      for (let i = 0; i < k; i++) {
        const ri = i * k;
        let s = 0;
        let s1 = 0;
        for (let j = i; j < k; j++) {
          const x = U[ri + j];
          s += x * v[j];
          s1 += x * v1[j];
        }
        u[i] = s * dt[i];
        u1[i] = s1 * dt[i];
      }
      let g00 = 0;
      let g01 = 0;
      let g11 = 0;
      for (let i = 0; i < k; i++) {
        g00 += u[i] * u[i];
        g01 += u[i] * u1[i];
        g11 += u1[i] * u1[i];
      }
      const half = 0.5 * (g00 - g11);
      const snew = Math.sqrt(0.5 * (g00 + g11) + Math.sqrt(half * half + g01 * g01));
      // (v, v1) ← orthonormal basis of (D̃U)ᵀ(u, u1)
      const w = this.row;
      const w1 = this.e;
      w.fill(0);
      w1.fill(0);
      for (let i = 0; i < k; i++) {
        const ri = i * k;
        const a = u[i] * dt[i];
        const b = u1[i] * dt[i];
        if (a === 0 && b === 0) continue;
        for (let j = i; j < k; j++) {
          const x = U[ri + j];
          w[j] += x * a;
          w1[j] += x * b;
        }
      }
      this.powerIterations++;
      if (!orthonormalPair(k, w, w1, v, v1)) {
        this.resetVectors();
        return snew > 0 ? L + log(snew) : LOG_DERIVATIVE_FLOOR;
      }
      if (Math.abs(snew - sig) <= tol * snew) {
        sig = snew;
        break;
      }
      sig = snew;
    }
    return sig > 0 ? L + log(sig) : LOG_DERIVATIVE_FLOOR;
  }

  private resetVectors(): void {
    const k = this.k;
    for (let i = 0; i < k; i++) {
      this.row[i] = 1;
      this.e[i] = i % 2 ? 1 : -1;
    }
    if (k === 1) {
      this.v[0] = 1;
      return;
    }
    orthonormalPair(k, this.row, this.e, this.v, this.v1);
  }

  /**
   * All ln σᵢ of D·U, in decreasing order, into out (length k): one-sided
   * Jacobi on the rows, each row kept as e^ℓ·r with ‖r‖ = 1, so rows whose
   * scales differ beyond the double range still rotate correctly. Rows count
   * as orthogonal when |cos| ≤ tol: the singular values are then exact to
   * about tol² (relative).
   */
  logSingularValues(out: Float64Array, tol = 1e-8, maxSweeps = 40): number {
    const k = this.k;
    const { rows, ell, U, ld } = this;
    for (let i = 0; i < k; i++) {
      const ri = i * k;
      let s = 0;
      for (let j = 0; j < k; j++) {
        const x = j < i ? 0 : U[ri + j];
        rows[ri + j] = x;
        s += x * x;
      }
      const nrm = Math.sqrt(s);
      for (let j = 0; j < k; j++) rows[ri + j] /= nrm;
      ell[i] = ld[i] + log(nrm);
    }
    let sweeps = 0;
    for (; sweeps < maxSweeps; sweeps++) {
      let rotated = false;
      for (let p = 0; p < k - 1; p++)
        for (let q = p + 1; q < k; q++) {
          // b: the row with the larger scale, s: the other; ρ = e^{ℓs − ℓb} ≤ 1
          const bigP = ell[p] >= ell[q];
          const b = bigP ? p : q;
          const sm = bigP ? q : p;
          const ob = b * k;
          const os = sm * k;
          let dot = 0;
          let nb = 0;
          let ns = 0;
          for (let j = 0; j < k; j++) {
            const x = rows[ob + j];
            const y = rows[os + j];
            dot += x * y;
            nb += x * x;
            ns += y * y;
          }
          if (!(Math.abs(dot) > tol * Math.sqrt(nb * ns))) continue;
          rotated = true;
          const rho = exp(ell[sm] - ell[b]);
          const x = rho * rho * ns - nb; // β − α in units of e^{2ℓb}
          const y = 2 * rho * dot; // 2γ
          const den = x + (x >= 0 ? 1 : -1) * Math.sqrt(x * x + y * y);
          const t = y / den;
          const tOverRho = (2 * dot) / den;
          const c = 1 / Math.sqrt(1 + t * t);
          const s = c * t;
          const sRho = s * rho;
          const cT = c * tOverRho;
          for (let j = 0; j < k; j++) {
            const xb = rows[ob + j];
            const xs = rows[os + j];
            rows[ob + j] = c * xb - sRho * xs;
            rows[os + j] = cT * xb + c * xs;
          }
          renormRow(rows, ell, b, k);
          renormRow(rows, ell, sm, k);
        }
      if (!rotated) break;
    }
    for (let i = 0; i < k; i++) out[i] = ell[i];
    out.sort((a, b) => b - a);
    return sweeps;
  }
}

function renormRow(rows: Float64Array, ell: Float64Array, i: number, k: number): void {
  const o = i * k;
  let s = 0;
  for (let j = 0; j < k; j++) s += rows[o + j] * rows[o + j];
  if (!(s > 0)) {
    ell[i] = -Infinity;
    return;
  }
  const nrm = Math.sqrt(s);
  const inv = 1 / nrm;
  for (let j = 0; j < k; j++) rows[o + j] *= inv;
  ell[i] += log(nrm);
}

/** One-vector power iterations per horizon before the direct product switches to two vectors. */
export const ONE_VECTOR_ITERATIONS = 4;

/** u, u1 ← an orthonormal basis of span(z, z1) (Gram–Schmidt twice); false if z = 0. */
export function orthonormalPair(n: number, z: Float64Array, z1: Float64Array, u: Float64Array, u1: Float64Array): boolean {
  let a = 0;
  for (let i = 0; i < n; i++) a += z[i] * z[i];
  if (!(a > 0)) return false;
  a = 1 / Math.sqrt(a);
  for (let i = 0; i < n; i++) u[i] = z[i] * a;
  for (let pass = 0; pass < 2; pass++) {
    let d = 0;
    for (let i = 0; i < n; i++) d += u[i] * z1[i];
    for (let i = 0; i < n; i++) z1[i] -= d * u[i];
  }
  let b = 0;
  for (let i = 0; i < n; i++) b += z1[i] * z1[i];
  if (b > 1e-300) {
    b = 1 / Math.sqrt(b);
    for (let i = 0; i < n; i++) u1[i] = z1[i] * b;
    return true;
  }
  // rank one: any unit vector orthogonal to u
  let best = 0;
  for (let i = 1; i < n; i++) if (Math.abs(u[i]) < Math.abs(u[best])) best = i;
  for (let i = 0; i < n; i++) u1[i] = (i === best ? 1 : 0) - u[best] * u[i];
  let c = 0;
  for (let i = 0; i < n; i++) c += u1[i] * u1[i];
  c = 1 / Math.sqrt(c);
  for (let i = 0; i < n; i++) u1[i] *= c;
  return true;
}
