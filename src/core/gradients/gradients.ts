/**
 * Gradient meter (Paper A).
 *
 * Loss gradients are sums of Jacobian products ∂z_T/∂z_t = J_T ⋯ J_{t+1}
 * (Paper A eq. 6). The meter shows ln‖J_T ⋯ J_{t+1}‖₂ against the horizon
 * h = T − t along an orbit on the attractor: its slope is λ_max (Oseledets),
 * positive for chaos (Theorem 2: gradients explode), negative for a stable cycle
 * (Theorem 1), where it equals (1/k)·ln ρ of the cycle Jacobian.
 *
 * How the products are measured (no overflow at any horizon):
 *
 * - Windows: after `transient` steps the orbit is cut into `windows`
 *   consecutive windows of H steps. In each, the products end at the window's
 *   last step T and reach back h = 1 … H steps — the BPTT direction, as in
 *   ChaosRNN's figure and the reference kernel K3: P_h = J_T J_{T−1} ⋯ J_{T−h+1}.
 * - QR form: P_hᵀ = J_{T−h+1}ᵀ ⋯ J_Tᵀ is carried as a frame, P_hᵀ·Q₀ = Q_h·R⁽ʰ⁾,
 *   re-orthonormalised every step (P_{h+1}ᵀ Q₀ = J_{T−h}ᵀ Q_h R⁽ʰ⁾ = Q_{h+1} R_{h+1} R⁽ʰ⁾),
 *   so R⁽ʰ⁾ = R_h ⋯ R₁ has the singular values of P_h (Q₀ orthogonal).
 * - R⁽ʰ⁾ itself overflows, so it is kept graded: R⁽ʰ⁾ = D_h·U_h with D_h =
 *   diag(R⁽ʰ⁾) stored as logs (the running sums Σ ln|R_ii| of the Lyapunov
 *   spectrum, §3.1) and U_h unit upper triangular (its rows stay bounded: row i
 *   of R⁽ʰ⁾ grows like e^{λᵢh}). Update: R_{h+1} D U = D·(D⁻¹R_{h+1}D)·U.
 * - ln σ₁(P_h) at every horizon: power iteration on D̃U (D̃ = D/max D, warm
 *   started from the previous horizon). All ln σᵢ at sampled horizons: one-sided
 *   Jacobi on the rows of D·U, each row kept as (log scale, vector), so rows
 *   e^{±700} apart rotate exactly (in the limit a rotation is a Gram–Schmidt step).
 * - Up to N = 64 the frame has all N columns: σᵢ are the product's singular
 *   values exactly. Above, the top 16 of P_h·Q₀ for a seeded random orthonormal
 *   Q₀ (a randomized estimate: a bounded offset at short horizons, the same slopes).
 * - 1-D maps: J = f′(x), the product is Σ ln|f′| directly.
 *
 * Teacher forcing, for data that are the model's own orbit (the forcing then
 * leaves the state where it is and only cuts the gradient's chains):
 * - sparse forcing every τ steps: no product in the gradient is longer than τ;
 *   the meter shows the longest product that still enters, ln‖P_{min(h, τ)}‖
 *   (the same curve up to τ, flat after it; the bound ≈ λ_max·τ);
 * - generalised forcing with α: every Jacobian is scaled by (1 − α), the curve
 *   gains h·ln(1 − α) and its slope λ_max + ln(1 − α) is ≤ 0 for α ≥ 1 − e^{−λ_max}.
 *
 * All logarithms are natural. Pure: no DOM, no workers.
 */
import { matTvec, matmul, matvecPairs, sumSquares2 } from '../linalg/dense';
import { qrMgs, qrMgsBlocked } from '../linalg/qr';
import { arenaDoubles, createArena, type Arena } from '../linalg/simd';
import { buildMap, buildMapND, contractingReference, diffSetup, isModel1D, type ImportedData, type Map1D, type ModelParams } from '../models';
import { LOG_DERIVATIVE_FLOOR, LambdaRun1D } from '../map1d/lambda';
import { Rng } from '../linalg/rng';
import { SpectrumRun } from '../vector/spectrum';
import type { DiffModel, MapND } from '../models';
import { BPTT_NOISE, bpttCurveSteps, makeData } from './bptt';
import { pacer, runToEnd, type Job } from '../job';
import { isDiverged } from '../divergence';

/** Largest N for which the frame holds every column (all singular values, exact). */
export const FULL_SET_MAX = 64;
/** Singular values estimated above FULL_SET_MAX. */
export const TOP_K = 16;
/** Horizons at which all singular values are computed (at most). */
export const SV_SAMPLES = 16;

// ------------------------------------------------------------ kernels --

/**
 * The accumulated triangular factor R⁽ʰ⁾ = R_h ⋯ R₁ kept graded as D·U (see the
 * header): ln|D_ii| in `ld`, U unit upper triangular (k × k, row-major).
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
        e[m] = r === 0 ? 0 : r * inv * Math.exp(Math.min(700, ld[m] - li));
      }
      for (let j = i; j < k; j++) row[j] = U[ri + j];
      for (let m = i + 1; m < k; m++) {
        const em = e[m];
        if (em === 0) continue;
        const rm = m * k;
        for (let j = m; j < k; j++) row[j] += em * U[rm + j];
      }
      for (let j = i + 1; j < k; j++) U[ri + j] = row[j];
      ld[i] = li + Math.log(rii);
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
    for (let i = 0; i < k; i++) dt[i] = Math.exp(ld[i] - L);
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
        return snew > 0 ? L + Math.log(snew) : LOG_DERIVATIVE_FLOOR;
      }
      if (Math.abs(snew - sig) <= tol * snew) {
        sig = snew;
        break;
      }
      sig = snew;
    }
    return sig > 0 ? L + Math.log(sig) : LOG_DERIVATIVE_FLOOR;
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
      ell[i] = ld[i] + Math.log(nrm);
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
          const rho = Math.exp(ell[sm] - ell[b]);
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
  ell[i] += Math.log(nrm);
}

// ------------------------------------------------------------- the run --

export type MeterSystem = { kind: 'nd'; map: MapND; x0: Float64Array } | { kind: '1d'; map: Map1D; x0: number };

export interface MeterSpec {
  /** Longest horizon H. */
  horizon: number;
  windows: number;
  /** Steps discarded before the first window. */
  transient: number;
  /** Map time of the start state (input-driven maps; default 0). */
  t0?: number;
  /** Frame columns (default: all N up to FULL_SET_MAX, else TOP_K). */
  frameK?: number;
  /** Horizons with all singular values (default SV_SAMPLES). */
  svSamples?: number;
  /**
   * Windows measured in QR form, with all singular values (default SV_WINDOWS);
   * the others (N ≤ 64) only need σ₁ and use the direct product. Above N = 64
   * every window is in QR form (the direct product would cost N³ a step).
   */
  svWindows?: number;
  frameSeed?: number;
  /** Power iteration: relative tolerance and most iterations per horizon. */
  powerTol?: number;
  powerMaxIter?: number;
}

/** Windows measured in QR form by default (the rest need σ₁ only). */
export const SV_WINDOWS = 2;

/** Horizons 1 … H sampled evenly (at most `count`, always 1 and H). */
export function sampleHorizons(H: number, count: number): Int32Array {
  const s = Math.max(1, Math.min(H, count));
  const out: number[] = [];
  for (let i = 0; i < s; i++) {
    const h = s === 1 ? H : Math.round(1 + ((H - 1) * i) / (s - 1));
    if (!out.length || out[out.length - 1] !== h) out.push(h);
  }
  return Int32Array.from(out);
}

/**
 * The meter's raw measurement, incremental (`advance`) so a worker can slice it:
 * per window the curve ln σ₁(P_h), h = 1 … H, and, for the windows in QR form,
 * all ln σᵢ at the sampled horizons (summed over those windows).
 *
 * Two exact ways to ln σ₁(P_h) (N ≤ 64; they agree to rounding, tested):
 * - QR form (above), which also gives every σᵢ;
 * - the direct product, as the reference kernel K3: P_h = P_{h−1}·J_{T−h+1}
 *   renormalised by its Frobenius norm every step (the logs summed), σ₁ by
 *   power iteration on P Pᵀ warm-started from the previous left vector. About
 *   twice as fast (one n³ product a step, no QR): used for the other windows.
 */
export class MeterRun {
  readonly n: number;
  readonly k: number;
  readonly H: number;
  readonly windows: number;
  readonly svH: Int32Array;
  /** Per window, ln σ₁(P_h) at h = index + 1 (windows × H). */
  readonly curves: Float64Array;
  /** Σ over the windows in QR form of ln σᵢ at the sampled horizons (svH.length × k). */
  readonly svSum: Float64Array;
  /** ln‖P_h‖_F per window and horizon, for the windows measured by the direct product (NaN in the others). */
  readonly frobenius: Float64Array;
  /** Windows that went into svSum. */
  svWindowsDone = 0;
  windowsDone = 0;
  diverged = false;
  /** A Jacobian was singular (ReLU units off, f′ = 0): some ln σ were floored. */
  singular = false;
  private readonly sys: MeterSystem;
  private readonly transient: number;
  private readonly svWindows: number;
  private readonly powerTol: number;
  private readonly powerMaxIter: number;
  private units = 0;
  private phase: 'transient' | 'collect' | 'product' = 'transient';
  private h = 0;
  private j = 0;
  private sample = 0;
  private graded = true;
  // state
  private x: Float64Array;
  private next: Float64Array;
  private x1: number;
  /** The window's states (1-D: ln|f′| at them). */
  private readonly states: Float64Array;
  /** Map time of the window's first state, and of the next state step. */
  private windowStart = 0;
  private stateT = 0;
  private readonly J: Float64Array;
  // QR form
  private readonly Q0: Float64Array;
  private Q: Float64Array;
  private Y: Float64Array;
  private readonly Ycopy: Float64Array;
  private readonly JT: Float64Array;
  private readonly R: Float64Array;
  private readonly qrWork: Float64Array;
  private readonly colNorms: Float64Array;
  private readonly rdiag: Float64Array;
  private readonly tri: GradedTriangle;
  private readonly svOut: Float64Array;
  // direct product
  private P: Float64Array;
  private P2: Float64Array;
  private readonly u: Float64Array;
  private readonly u1: Float64Array;
  private readonly y: Float64Array;
  private readonly y1: Float64Array;
  private readonly z: Float64Array;
  private readonly z1: Float64Array;
  private logScale = 0;
  private dead = false;
  private directIterations = 0;
  /** The wasm arena holding the buffers, or null (JS kernels). */
  private readonly arena: Arena | null;

  constructor(sys: MeterSystem, spec: MeterSpec) {
    this.n = sys.kind === 'nd' ? sys.map.n : 1;
    const n = this.n;
    this.k = Math.max(1, Math.min(n, Math.floor(spec.frameK ?? (n <= FULL_SET_MAX ? n : TOP_K))));
    this.H = Math.max(1, Math.floor(spec.horizon));
    this.windows = Math.max(1, Math.floor(spec.windows));
    this.transient = Math.max(0, Math.floor(spec.transient));
    this.stateT = Math.max(0, Math.floor(spec.t0 ?? 0));
    this.svWindows = Math.max(0, Math.floor(spec.svWindows ?? SV_WINDOWS));
    this.powerTol = spec.powerTol ?? 1e-12;
    this.powerMaxIter = spec.powerMaxIter ?? 100;
    this.svH = sampleHorizons(this.H, spec.svSamples ?? SV_SAMPLES);
    this.curves = new Float64Array(this.windows * this.H);
    this.svSum = new Float64Array(this.svH.length * this.k);
    this.frobenius = new Float64Array(this.windows * this.H).fill(NaN);
    const k = this.k;
    const nd = sys.kind === 'nd';
    const direct = nd && k === n && this.windows > this.svWindows;
    // the wasm fast path (src/core/simd.ts): the orbit, the Jacobians and both products in one arena
    const nn = nd ? n * n : 0;
    const nk = nd ? n * k : 0;
    const dn = direct ? n : 0;
    const dnn = direct ? n * n : 0;
    this.arena =
      nd && n >= 8
        ? createArena(arenaDoubles(n, n, this.H * n, nn, nk, nk, nk, nk, nn, k * k, 4 * k, k, dnn, dnn, dn, dn, dn, dn, dn, dn) + (sys.map.arenaDoubles?.() ?? 0))
        : null;
    const ar = this.arena;
    const alloc = (len: number) => (ar ? ar.alloc(len) : new Float64Array(len));
    this.sys = ar && sys.kind === 'nd' && sys.map.bind ? { ...sys, map: sys.map.bind(ar) } : sys;
    this.x = alloc(nd ? n : 1);
    if (sys.kind === 'nd') this.x.set(sys.x0.subarray(0, n));
    this.next = alloc(n);
    this.x1 = sys.kind === '1d' ? sys.x0 : 0;
    this.states = alloc(this.H * n);
    this.J = alloc(nn);
    this.Q0 = alloc(nk);
    this.Q = alloc(nk);
    this.Y = alloc(nk);
    this.Ycopy = alloc(nk);
    this.JT = alloc(nn);
    this.R = alloc(k * k);
    this.qrWork = alloc(4 * k);
    this.colNorms = alloc(k);
    this.rdiag = new Float64Array(k);
    this.tri = new GradedTriangle(k);
    this.svOut = new Float64Array(k);
    this.P = alloc(dnn);
    this.P2 = alloc(dnn);
    this.u = alloc(dn);
    this.u1 = alloc(dn);
    this.y = alloc(dn);
    this.y1 = alloc(dn);
    this.z = alloc(dn);
    this.z1 = alloc(dn);
    if (nd) {
      const rng = new Rng(spec.frameSeed ?? 4242);
      for (let i = 0; i < this.Q0.length; i++) this.Q0[i] = rng.normal();
      qrMgs(n, k, this.Q0, new Float64Array(k), new Float64Array(k));
    }
  }

  get finished(): boolean {
    return this.diverged || this.windowsDone >= this.windows;
  }

  /** Steps (state or product) done so far, of `totalUnits`. */
  get unitsDone(): number {
    return this.units;
  }

  get totalUnits(): number {
    return this.transient + this.windows * 2 * this.H;
  }

  /** Power iterations of the spectral norm so far (both ways). */
  get powerIterations(): number {
    return this.tri.powerIterations + this.directIterations;
  }

  /** The orbit's current state (a copy) and its map time. */
  state(): { x: Float64Array; t: number } {
    return { x: this.sys.kind === 'nd' ? Float64Array.from(this.x) : Float64Array.of(this.x1), t: this.stateT };
  }

  /** Whether window w is measured in QR form (all σᵢ) rather than by the direct product. */
  inQrForm(w: number): boolean {
    return this.sys.kind === 'nd' && (this.k < this.n || w < this.svWindows);
  }

  /** Up to `count` more steps (state steps and product steps both count one). */
  advance(count: number): void {
    let left = Math.max(1, Math.floor(count));
    while (left > 0 && !this.finished) {
      if (this.phase === 'transient') {
        if (this.j >= this.transient) {
          this.phase = 'collect';
          this.j = 0;
          continue;
        }
        if (!this.stateStep(null)) return;
        this.j++;
      } else if (this.phase === 'collect') {
        if (this.j === 0) this.windowStart = this.stateT;
        if (!this.stateStep(this.j)) return;
        this.j++;
        if (this.j === this.H) {
          this.phase = 'product';
          this.h = 0;
          this.sample = 0;
          this.startProduct();
        }
      } else {
        this.productStep();
        if (this.h === this.H) {
          if (this.graded && this.sys.kind === 'nd') this.svWindowsDone++;
          if (this.sys.kind === '1d') this.svWindowsDone++;
          this.windowsDone++;
          this.phase = 'collect';
          this.j = 0;
        }
      }
      this.units++;
      left--;
    }
  }

  /** One state step; stores the state before it at slot `slot`. False if the orbit left |x| ≤ 10⁶. */
  private stateStep(slot: number | null): boolean {
    const n = this.n;
    const time = this.stateT++;
    if (this.sys.kind === '1d') {
      const m = this.sys.map;
      const v = this.x1;
      if (slot !== null) {
        m.fd(v);
        const d = Math.abs(m.d);
        this.states[slot] = d > 0 ? Math.log(d) : LOG_DERIVATIVE_FLOOR;
        if (!(d > 0)) this.singular = true;
      }
      const nx = m.f(v);
      if (isDiverged(nx)) {
        this.diverged = true;
        return false;
      }
      this.x1 = nx;
      return true;
    }
    if (slot !== null) this.states.set(this.x, slot * n);
    this.sys.map.step(this.x, this.next, time);
    const tmp = this.x;
    this.x = this.next;
    this.next = tmp;
    for (let i = 0; i < n; i++)
      if (isDiverged(this.x[i])) {
        this.diverged = true;
        return false;
      }
    return true;
  }

  private startProduct(): void {
    if (this.sys.kind !== 'nd') return;
    this.graded = this.inQrForm(this.windowsDone);
    if (this.graded) {
      this.Q.set(this.Q0);
      this.tri.reset();
    } else {
      const n = this.n;
      this.P.fill(0);
      for (let i = 0; i < n; i++) this.P[i * n + i] = 1;
      // a warm-start pair: the all-ones direction and an alternating one
      for (let i = 0; i < n; i++) {
        this.y[i] = 1;
        this.y1[i] = i % 2 ? 1 : -1;
      }
      orthonormalPair(n, this.y, this.y1, this.u, this.u1);
      this.logScale = 0;
      this.dead = false;
    }
  }

  private productStep(): void {
    const H = this.H;
    const h = ++this.h; // horizon after this step
    const row = this.windowsDone * H;
    if (this.sys.kind === '1d') {
      // P_h = P_{h−1}·f′(x_{T−h}): ln|f′| of the state at slot H − h
      const prev = h === 1 ? 0 : this.curves[row + h - 2];
      this.curves[row + h - 1] = prev + this.states[H - h];
      if (this.sample < this.svH.length && this.svH[this.sample] === h) {
        this.svSum[this.sample] += this.curves[row + h - 1];
        this.sample++;
      }
      return;
    }
    const n = this.n;
    const slot = H - h;
    this.sys.map.jacobian(this.states.subarray(slot * n, slot * n + n), this.J, this.windowStart + slot);
    this.curves[row + h - 1] = this.graded ? this.gradedStep(h) : this.directStep(h);
  }

  /** QR form: frame ← J_{T−h+1}ᵀ·frame, QR, R⁽ʰ⁾ ← R·R⁽ʰ⁻¹⁾; ln σ₁, and all ln σᵢ at a sampled h. */
  private gradedStep(h: number): number {
    const n = this.n;
    const k = this.k;
    const J = this.J;
    const JT = this.JT;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) JT[j * n + i] = J[i * n + j];
    matmul(n, n, k, JT, this.Q, this.Y);
    const tmp = this.Q;
    this.Q = this.Y;
    this.Y = tmp;
    // the blocked QR; on rank loss (a column lost almost all of its norm) redo it with plain MGS
    const Q = this.Q;
    const norms = this.colNorms;
    norms.fill(0);
    for (let i = 0, ri = 0; i < n; i++, ri += k) for (let c = 0; c < k; c++) norms[c] += Q[ri + c] * Q[ri + c];
    this.Ycopy.set(Q);
    qrMgsBlocked(n, k, Q, this.rdiag, this.qrWork, this.R);
    for (let c = 0; c < k; c++) {
      if (this.R[c * k + c] > 1e-10 * Math.sqrt(norms[c])) continue;
      Q.set(this.Ycopy);
      qrMgs(n, k, Q, this.rdiag, this.qrWork, this.R, 1e-13);
      break;
    }
    this.tri.apply(this.R);
    if (this.tri.singular) this.singular = true;
    if (this.sample < this.svH.length && this.svH[this.sample] === h) {
      this.tri.logSingularValues(this.svOut);
      const o = this.sample * k;
      for (let i = 0; i < k; i++) this.svSum[o + i] += this.svOut[i];
      this.sample++;
      // σ₁ from the same decomposition (power iteration would agree to its tolerance)
      return this.svOut[0];
    }
    return this.tri.logSigma1(this.powerMaxIter, this.powerTol);
  }

  /** Direct product: P ← P·J_{T−h+1}, renormalised; ln σ₁ by power iteration on P Pᵀ. */
  private directStep(h: number): number {
    const n = this.n;
    if (this.dead) return this.curves[this.windowsDone * this.H + h - 2] + LOG_DERIVATIVE_FLOOR;
    matmul(n, n, n, this.P, this.J, this.P2);
    const tmp = this.P;
    this.P = this.P2;
    this.P2 = tmp;
    const P = this.P;
    const f2 = sumSquares2(n * n, P);
    if (!(f2 > 0)) {
      this.dead = true;
      this.singular = true;
      return (h > 1 ? this.curves[this.windowsDone * this.H + h - 2] : 0) + LOG_DERIVATIVE_FLOOR;
    }
    const f = Math.sqrt(f2);
    const inv = 1 / f;
    if (this.arena) this.arena.k.scale(n * n, P.byteOffset, inv);
    else for (let i = 0; i < n * n; i++) P[i] *= inv;
    this.logScale += Math.log(f);
    this.frobenius[this.windowsDone * this.H + h - 1] = this.logScale;
    return this.logScale + this.topSingular();
  }

  /**
   * ln σ₁ of the (normalised) P by power iteration on P Pᵀ, warm-started from
   * the previous horizon: first with one vector (as K3), which converges in
   * two or three iterations when σ₁ ≫ σ₂ (chaos); if it has not after
   * ONE_VECTOR_ITERATIONS, subspace iteration with two vectors and σ₁ from the
   * 2 × 2 Rayleigh–Ritz matrix. Two vectors converge at the rate (σ₃/σ₁)² per
   * iteration instead of (σ₂/σ₁)²: a complex pair of eigenvalues (a spiralling
   * fixed point, σ₁ ≈ σ₂) costs a few iterations instead of dozens.
   */
  private topSingular(): number {
    const n = this.n;
    const P = this.P;
    const { u, u1, y, y1, z, z1 } = this;
    let sig = 0;
    for (let it = 0; it < ONE_VECTOR_ITERATIONS; it++) {
      matTvec(n, n, P, u, y);
      let s2 = 0;
      for (let j = 0; j < n; j++) s2 += y[j] * y[j];
      const snew = Math.sqrt(s2);
      matvecPairs(n, n, P, y, z);
      let zn = 0;
      for (let i = 0; i < n; i++) zn += z[i] * z[i];
      zn = Math.sqrt(zn);
      this.directIterations++;
      if (!(zn > 0)) return snew > 0 ? Math.log(snew) : LOG_DERIVATIVE_FLOOR;
      for (let i = 0; i < n; i++) u[i] = z[i] / zn;
      if (Math.abs(snew - sig) <= this.powerTol * snew) return Math.log(snew);
      sig = snew;
    }
    // two vectors: (u, u1) made orthonormal (u1 is the last horizon's second vector)
    y.set(u);
    y1.set(u1);
    orthonormalPair(n, y, y1, u, u1);
    for (let it = ONE_VECTOR_ITERATIONS; it < this.powerMaxIter; it++) {
      matTvec(n, n, P, u, y);
      matTvec(n, n, P, u1, y1);
      let g00 = 0;
      let g01 = 0;
      let g11 = 0;
      for (let j = 0; j < n; j++) {
        g00 += y[j] * y[j];
        g01 += y[j] * y1[j];
        g11 += y1[j] * y1[j];
      }
      const half = 0.5 * (g00 - g11);
      const snew = Math.sqrt(0.5 * (g00 + g11) + Math.sqrt(half * half + g01 * g01));
      matvecPairs(n, n, P, y, z);
      matvecPairs(n, n, P, y1, z1);
      this.directIterations++;
      if (!orthonormalPair(n, z, z1, u, u1)) {
        sig = snew;
        break;
      }
      if (Math.abs(snew - sig) <= this.powerTol * snew) {
        sig = snew;
        break;
      }
      sig = snew;
    }
    return sig > 0 ? Math.log(sig) : LOG_DERIVATIVE_FLOOR;
  }
}

/** One-vector power iterations per horizon before the direct product switches to two vectors. */
const ONE_VECTOR_ITERATIONS = 4;

/** u, u1 ← an orthonormal basis of span(z, z1) (Gram–Schmidt twice); false if z = 0. */
function orthonormalPair(n: number, z: Float64Array, z1: Float64Array, u: Float64Array, u1: Float64Array): boolean {
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

// ---------------------------------------------------------- statistics --

/** Least-squares slope of ys[i] against xs[i] over the points with from ≤ xs[i] ≤ to (NaN if fewer than 2). */
export function lsqSlope(xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i];
    const y = ys[i];
    if (x < from || x > to || !Number.isFinite(y)) continue;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const den = n * sxx - sx * sx;
  return n >= 2 && den > 0 ? (n * sxy - sx * sy) / den : NaN;
}

/** ln(1 − α) with ln 0 floored. */
export function logKeep(alpha: number): number {
  const keep = 1 - alpha;
  return keep > 0 ? Math.log(keep) : LOG_DERIVATIVE_FLOOR;
}

/**
 * The meter with forcing: the product that enters the gradient at horizon h is
 * the last min(h, τ) steps (τ = 0: no sparse forcing), each Jacobian scaled by
 * (1 − α): ln‖·‖ = curve[min(h, τ)] + min(h, τ)·ln(1 − α).
 */
export function forcedCurve(free: ArrayLike<number>, tau: number, alpha: number, out = new Float64Array(free.length)): Float64Array {
  const H = free.length;
  const lk = logKeep(alpha);
  for (let h = 1; h <= H; h++) {
    const m = tau > 0 ? Math.min(h, tau) : h;
    out[h - 1] = free[m - 1] + (alpha > 0 ? m * lk : 0);
  }
  return out;
}

export interface MeterStats {
  /** Mean over windows of the meter (with forcing), ln units, index h − 1. */
  mean: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** 'minmax' below 10 windows, else the 10 % and 90 % quantiles. */
  bandKind: 'minmax' | 'q10-q90';
  /** Mean of the free curve (no forcing). */
  free: Float64Array;
}

/** Mean and band over the first `w` windows of the run's curves, with forcing (τ, α) applied. */
export function meterStats(curves: Float64Array, H: number, w: number, tau: number, alpha: number): MeterStats {
  const mean = new Float64Array(H);
  const lo = new Float64Array(H);
  const hi = new Float64Array(H);
  const free = new Float64Array(H);
  const eff = new Float64Array(w * H);
  for (let i = 0; i < w; i++) forcedCurve(curves.subarray(i * H, i * H + H), tau, alpha, eff.subarray(i * H, i * H + H));
  const quant = w >= 10;
  const col = new Float64Array(w);
  for (let h = 0; h < H; h++) {
    let s = 0;
    let sf = 0;
    for (let i = 0; i < w; i++) {
      col[i] = eff[i * H + h];
      s += col[i];
      sf += curves[i * H + h];
    }
    mean[h] = s / w;
    free[h] = sf / w;
    col.sort();
    if (quant) {
      lo[h] = quantile(col, 0.1);
      hi[h] = quantile(col, 0.9);
    } else {
      lo[h] = col[0];
      hi[h] = col[w - 1];
    }
  }
  return { mean, lo, hi, free, bandKind: quant ? 'q10-q90' : 'minmax' };
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

// ------------------------------------------------------------- the job --

/** The model of the meter: any model of the lab. */
export interface GradientModel {
  params: ModelParams;
  imported: ImportedData | null;
}

export interface GradientRequest {
  model: GradientModel;
  /** Longest horizon H (gh). */
  horizon: number;
  /** Windows (gwn). */
  windows: number;
  /** Sparse forcing interval τ (0: none). */
  tau: number;
  /** Generalised forcing α. */
  alpha: number;
  /** Transient before the meter and λ_max (lt), steps of the QR λ_max (ls). */
  lt: number;
  ls: number;
  /** While dragging: fewer windows, a shorter horizon and λ_max run, fewer BPTT lengths. */
  draft?: boolean;
  /** Measure everything asked for, whatever it costs (the CLI); the app keeps to BUDGET. */
  unlimited?: boolean;
}

export interface BpttView {
  /** Sequence lengths T. */
  T: Float64Array;
  /** ln‖∂L_T/∂θ‖ of the current model and of the contracting reference (NaN: diverged). */
  current: Float64Array;
  reference: Float64Array;
  /** What θ is ("g·W", …) and the reference ("g = 0.25 (‖gW‖₂ = ½)"). */
  thetaLabel: string;
  referenceLabel: string;
  noise: number;
  tau: number;
  alpha: number;
}

export interface GradientResult {
  model: string;
  n: number;
  /** Frame columns: n when the singular values are exact, else TOP_K. */
  k: number;
  fullSet: boolean;
  H: number;
  /** Windows measured (the budget may allow fewer than asked), asked, done so far. */
  windows: number;
  windowsAsked: number;
  windowsDone: number;
  /** Windows in QR form, whose singular values are in sv. */
  svWindows: number;
  tau: number;
  alpha: number;
  /** Meter with forcing (mean over windows, ln units), index h − 1; band per bandKind. */
  logNorm: Float64Array;
  bandLo: Float64Array;
  bandHi: Float64Array;
  bandKind: 'minmax' | 'q10-q90';
  /** The meter without forcing. */
  free: Float64Array;
  /** Least-squares slope of logNorm over h ∈ [fitFrom, H], and of the free curve. */
  slope: number;
  freeSlope: number;
  fitFrom: number;
  /** Horizons where all singular values were computed, and their mean ln σᵢ there (svH.length × k). */
  svH: Int32Array;
  sv: Float64Array;
  /** Slopes of the mean ln σᵢ over h ≥ fitFrom: the Lyapunov exponents. */
  svSlopes: Float64Array;
  /** λ_max by QR (one tangent vector) over `lambdaSteps` steps after lt; NaN until known. */
  lambdaMax: number;
  lambdaSteps: number;
  /** ln 2/λ_max (NaN unless λ_max > 0). */
  tauPred: number;
  /** The forcing bound: ln of exp(λ_max·τ)·(1 − α)^τ (NaN without τ or λ_max ≤ 0). */
  bound: number;
  /** The α at which GTF flattens the meter, 1 − e^{−λ_max} (NaN unless λ_max > 0). */
  alphaFlat: number;
  /** Finite-time exponents ln σ₁(P_H)/H over the windows: mean and standard deviation. */
  finiteTime: { mean: number; sd: number };
  bptt: BpttView | null;
  diverged: boolean;
  singular: boolean;
  draft: boolean;
  stage: 'lambda' | 'meter' | 'bptt' | 'done';
  /** Fraction of the whole job done. */
  progress: number;
  elapsedSeconds: number;
}

/** Draft sizes (while a slider is dragged). */
/** Draft sizes (while a slider is dragged). */
export const DRAFT = { windows: 2, horizon: 100, lambdaSteps: 1000, transient: 300, bpttPoints: 8, svSamples: 6 } as const;
/** BPTT: at most this many sequence lengths, up to this T (fewer when the budget says so). */
export const BPTT_POINTS = 24;
export const BPTT_MAX_T = 1000;
/** Steps the contracting reference runs before its data (it contracts by ½ a step at least). */
export const REFERENCE_TRANSIENT = 100;

/**
 * Arithmetic allowed per stage (flops, about 1–2 GFLOP/s in a worker): λ_max,
 * the meter (fewer windows than asked are measured when they do not fit; the
 * result says how many were), BPTT (fewer lengths, then a shorter longest T).
 */
export const BUDGET = {
  final: { lambda: 1.5e9, meter: 4.5e9, bptt: 1e9 },
  draft: { lambda: 4e7, meter: 1.5e8, bptt: 3e7 },
} as const;

/** The sizes a request runs at (after the draft limits and the budgets). */
export interface GradientPlan {
  n: number;
  k: number;
  H: number;
  windowsAsked: number;
  windows: number;
  svWindows: number;
  svSamples: number;
  /** Transient and steps of λ_max; the meter starts where λ_max's orbit ends. */
  lt: number;
  ls: number;
  /** BPTT sequence lengths. */
  Ts: Float64Array;
  flops: { lambda: number; meter: number; bptt: number };
}

/** Arithmetic of one BPTT step (forward and backward) for an n-dimensional model. */
function bpttStepFlops(n: number): number {
  return n === 1 ? 200 : 8 * n * n + 20 * n;
}

export function planGradients(req: GradientRequest, n: number): GradientPlan {
  const draft = req.draft ?? false;
  const budget = req.unlimited ? { lambda: Infinity, meter: Infinity, bptt: Infinity } : draft ? BUDGET.draft : BUDGET.final;
  const k = n <= FULL_SET_MAX ? n : TOP_K;
  const H = Math.max(1, Math.round(draft ? Math.min(req.horizon, DRAFT.horizon) : req.horizon));
  const windowsAsked = Math.max(1, Math.round(draft ? Math.min(req.windows, DRAFT.windows) : req.windows));
  const svWindows = draft ? 1 : SV_WINDOWS;
  const svSamples = draft ? DRAFT.svSamples : SV_SAMPLES;
  // λ_max: one tangent vector, about 4n² a step
  const lamStep = n === 1 ? 50 : 4 * n * n + 20 * n;
  const maxSteps = Number.isFinite(budget.lambda) ? Math.max(60, Math.floor(budget.lambda / lamStep)) : Infinity;
  const lt = Math.max(0, Math.min(Math.round(draft ? Math.min(req.lt, DRAFT.transient) : req.lt), Math.floor(maxSteps / 2)));
  const ls = Math.max(10, Math.min(Math.round(draft ? Math.min(req.ls, DRAFT.lambdaSteps) : req.ls), maxSteps - lt));
  let windows = windowsAsked;
  while (windows > 1 && meterFlops(n, k, H, windows, svWindows, 0, svSamples) > budget.meter) windows--;
  // BPTT: fewer lengths first, then a shorter longest one
  let points = draft ? DRAFT.bpttPoints : BPTT_POINTS;
  let Tmax = Math.min(H, BPTT_MAX_T);
  const cost = () => 2 * bpttStepFlops(n) * ((Tmax * (points + 1)) / 2 + Tmax + REFERENCE_TRANSIENT);
  while (cost() > budget.bptt && points > 6) points--;
  while (cost() > budget.bptt && Tmax > 10) Tmax = Math.max(10, Math.floor(Tmax * 0.8));
  return {
    n,
    k,
    H,
    windowsAsked,
    windows,
    svWindows,
    svSamples,
    lt,
    ls,
    Ts: bpttLengths(Tmax, Math.min(points, Tmax)),
    flops: { lambda: (lt + ls) * lamStep, meter: meterFlops(n, k, H, windows, svWindows, 0, svSamples), bptt: cost() },
  };
}

function systemOf(m: GradientModel): MeterSystem {
  if (!isModel1D(m.params.model)) {
    const map = buildMapND(m.params, m.imported);
    return { kind: 'nd', map, x0: map.initialState() };
  }
  return { kind: '1d', map: buildMap(m.params, m.imported), x0: m.params.x0 };
}

/** Sequence lengths of the BPTT panel: evenly spaced up to Tmax. */
export function bpttLengths(Tmax: number, count = BPTT_POINTS): Float64Array {
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    const T = Math.max(1, Math.round((Tmax * i) / count));
    if (!out.length || out[out.length - 1] !== T) out.push(T);
  }
  return Float64Array.from(out);
}

/**
 * ln‖∂L_T/∂θ‖ for the lengths Ts on the model's own noisy orbit from x0 (at map
 * time t0) after `transient` steps (NaN if the orbit diverges).
 */
export function bpttNorms(model: DiffModel, x0: Float64Array, t0: number, transient: number, Ts: Float64Array, tau: number, alpha: number): Float64Array {
  return runToEnd(bpttNormsSteps(model, x0, t0, transient, Ts, tau, alpha));
}

function* bpttNormsSteps(model: DiffModel, x0: Float64Array, t0: number, transient: number, Ts: Float64Array, tau: number, alpha: number): Job<Float64Array> {
  const Tmax = Ts[Ts.length - 1];
  const data = makeData(model, x0, transient, Tmax, BPTT_NOISE, 2024, t0);
  if (!data) return new Float64Array(Ts.length).fill(NaN);
  yield undefined;
  return yield* bpttCurveSteps(model, data.y, Ts, { tau, alpha, t0: data.t0 });
}

/** Arithmetic of one product step (flops): the direct product (full frame) or the QR form with k columns. */
export function productStepFlops(n: number, k: number, direct: boolean): number {
  if (n === 1) return 20;
  if (direct) return 2 * n * n * n + 20 * n * n;
  return 2 * n * n * k + 2 * n * k * k + (k * k * k) / 3 + 30 * k * k + 4 * n * n;
}

/** Arithmetic of the meter with `windows` windows of H steps (the first `svWindows` in QR form). */
export function meterFlops(n: number, k: number, H: number, windows: number, svWindows: number, transient: number, svSamples = SV_SAMPLES): number {
  const state = n === 1 ? 20 : 2 * n * n + 10 * n;
  const qr = k < n ? windows : Math.min(windows, svWindows);
  const svCost = n === 1 ? 0 : qr * Math.min(H, svSamples) * 15 * k * k * k;
  return (transient + windows * H) * state + qr * H * productStepFlops(n, k, false) + (windows - qr) * H * productStepFlops(n, k, true) + svCost;
}

/**
 * The whole job as steps: each `yield` is a point where a worker may give the
 * thread back; a yielded result is a partial report (undefined: nothing new).
 * λ_max first (for the line; its orbit's end is where the meter starts), then
 * the meter window by window, with the BPTT panel after the first window (on
 * data that continue the same orbit).
 */
export function* gradientSteps(req: GradientRequest, now: () => number = () => Date.now()): Job<GradientResult, GradientResult> {
  const start = now();
  const pace = pacer(now);
  const draft = req.draft ?? false;
  const sys = systemOf(req.model);
  const n = sys.kind === 'nd' ? sys.map.n : 1;
  const plan = planGradients(req, n);
  const { k, H, windows, lt, ls, Ts } = plan;
  const tau = Math.max(0, Math.round(req.tau));
  const alpha = Math.min(1, Math.max(0, req.alpha));
  const total = plan.flops.lambda + plan.flops.meter + plan.flops.bptt;
  let lambdaMax = NaN;
  let bptt: BpttView | null = null;
  let stage: GradientResult['stage'] = 'lambda';
  let doneWork = 0;
  let diverged = false;
  let run: MeterRun | null = null;

  const result = (): GradientResult => {
    const w = run ? run.windowsDone : 0;
    const stats = run && w > 0 ? meterStats(run.curves, H, w, tau, alpha) : null;
    const fitFrom = Math.max(1, Math.ceil(H / 2));
    const nan = () => new Float64Array(H).fill(NaN);
    const svH = run ? Int32Array.from(run.svH) : sampleHorizons(H, plan.svSamples);
    const svCount = svH.length;
    const sv = new Float64Array(svCount * k).fill(NaN);
    if (run && run.svWindowsDone > 0) for (let i = 0; i < sv.length; i++) sv[i] = run.svSum[i] / run.svWindowsDone;
    const svSlopes = new Float64Array(k);
    const col = new Float64Array(svCount);
    for (let i = 0; i < k; i++) {
      for (let s = 0; s < svCount; s++) col[s] = sv[s * k + i];
      svSlopes[i] = lsqSlope(svH, col, fitFrom, H);
    }
    let ftMean = NaN;
    let ftSd = NaN;
    if (run && w > 0) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < w; i++) {
        const v = run.curves[i * H + H - 1] / H;
        s += v;
        s2 += v * v;
      }
      ftMean = s / w;
      ftSd = w > 1 ? Math.sqrt(Math.max(0, (s2 - w * ftMean * ftMean) / (w - 1))) : NaN;
    }
    const hs = Float64Array.from({ length: H }, (_, i) => i + 1);
    const lm = lambdaMax;
    return {
      model: req.model.params.model,
      n,
      k,
      fullSet: k === n,
      H,
      windows,
      windowsAsked: plan.windowsAsked,
      windowsDone: w,
      svWindows: run ? run.svWindowsDone : 0,
      tau,
      alpha,
      logNorm: stats ? stats.mean : nan(),
      bandLo: stats ? stats.lo : nan(),
      bandHi: stats ? stats.hi : nan(),
      bandKind: stats ? stats.bandKind : 'minmax',
      free: stats ? stats.free : nan(),
      slope: stats ? lsqSlope(hs, stats.mean, fitFrom, H) : NaN,
      freeSlope: stats ? lsqSlope(hs, stats.free, fitFrom, H) : NaN,
      fitFrom,
      svH,
      sv,
      svSlopes,
      lambdaMax: lm,
      lambdaSteps: ls,
      tauPred: lm > 0 ? Math.LN2 / lm : NaN,
      bound: tau > 0 && lm > 0 ? tau * (lm + (alpha > 0 ? logKeep(alpha) : 0)) : NaN,
      alphaFlat: lm > 0 ? 1 - Math.exp(-lm) : NaN,
      finiteTime: { mean: ftMean, sd: ftSd },
      bptt,
      diverged: diverged || (run?.diverged ?? false),
      singular: run?.singular ?? false,
      draft,
      stage,
      progress: total > 0 ? Math.min(1, doneWork / total) : 1,
      elapsedSeconds: (now() - start) / 1000,
    };
  };

  // 1. λ_max: QR with one tangent vector (vector maps), mean ln|f′| (1-D)
  let meterStart: MeterSystem;
  let t0 = lt + ls;
  if (sys.kind === 'nd') {
    const spec = new SpectrumRun(sys.map, sys.x0, { k: 1, transient: lt, steps: ls, traceLength: 2 });
    const per = Math.max(1, Math.floor(2e6 / (4 * n * n)));
    let done = 0;
    while (!spec.finished) {
      spec.advance(per);
      done += per;
      doneWork = (plan.flops.lambda * Math.min(done, lt + ls)) / (lt + ls);
      yield undefined;
    }
    const r = spec.result();
    diverged = r.diverged;
    lambdaMax = r.diverged ? NaN : r.lambdas[0];
    meterStart = { kind: 'nd', map: sys.map, x0: Float64Array.from(spec.state()) };
  } else {
    // the one 1-D λ loop (map1d/lambda.ts), in pieces of 128 steps so the job may pause
    const run = new LambdaRun1D(sys.map, sys.x0);
    for (let t = 0; t < lt + ls && !run.diverged; t += 128) {
      const n = Math.min(128, lt + ls - t);
      const skip = Math.max(0, Math.min(n, lt - t));
      if (run.skip(skip)) run.advance(n - skip);
      if (pace.tick(n)) yield* pace.pause();
    }
    diverged = run.diverged;
    lambdaMax = run.lambda;
    meterStart = { kind: '1d', map: sys.map, x0: run.x };
  }
  doneWork = plan.flops.lambda;
  if (diverged) {
    stage = 'done';
    return result();
  }
  stage = 'meter';
  // 2. the meter (from where λ_max's orbit ended: already on the attractor), window by window
  run = new MeterRun(meterStart, { horizon: H, windows, transient: 0, t0, svWindows: plan.svWindows, svSamples: plan.svSamples, frameK: k });
  yield result();
  const chunkFor = (direct: boolean) => Math.max(1, Math.floor(2e6 / productStepFlops(n, k, direct)));
  let reported = 0;
  let bpttDone = false;
  while (!run.finished) {
    const before = run.unitsDone;
    run.advance(chunkFor(!run.inQrForm(run.windowsDone)));
    doneWork = plan.flops.lambda + (plan.flops.meter * run.unitsDone) / run.totalUnits + (bpttDone ? plan.flops.bptt : 0);
    if (run.windowsDone > reported) {
      reported = run.windowsDone;
      yield result();
      if (!bpttDone) {
        // 3. BPTT once the first window is on screen, on data continuing the orbit
        bpttDone = true;
        stage = 'bptt';
        const here = run.state();
        t0 = here.t;
        bptt = yield* bpttStage(req, Ts, tau, alpha, here.x, t0);
        doneWork += plan.flops.bptt;
        stage = 'meter';
        yield result();
      }
    } else if (run.unitsDone > before) yield undefined;
  }
  stage = 'done';
  doneWork = total;
  return result();
}

function* bpttStage(req: GradientRequest, Ts: Float64Array, tau: number, alpha: number, x: Float64Array, t0: number): Generator<undefined, BpttView> {
  const ref = contractingReference(req.model.params, req.model.imported);
  const cur = diffSetup(req.model.params, req.model.imported, null);
  yield undefined;
  const current = yield* bpttNormsSteps(cur.model, x, t0, 0, Ts, tau, alpha);
  yield undefined;
  const refModel = diffSetup(req.model.params, req.model.imported, ref.at);
  const reference = yield* bpttNormsSteps(refModel.model, refModel.x0, 0, REFERENCE_TRANSIENT, Ts, tau, alpha);
  return { T: Ts, current, reference, thetaLabel: cur.model.thetaLabel, referenceLabel: ref.label, noise: BPTT_NOISE, tau, alpha };
}

/** The whole job in one call (CLI, tests). */
export function computeGradients(req: GradientRequest): GradientResult {
  return runToEnd(gradientSteps(req));
}
