/**
 * Gradient meter (Paper A): one run of the Jacobian products along an orbit.
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
 *   (the same curve up to τ, flat after it at about λ_max·τ plus an offset of order one);
 * - generalised forcing with α: every Jacobian is scaled by (1 − α), the curve
 *   gains h·ln(1 − α) and its slope λ_max + ln(1 − α) is ≤ 0 for α ≥ 1 − e^{−λ_max}.
 *
 * All logarithms are natural. Pure: no DOM, no workers.
 */
import { matTvec, matmul, matvecPairs, sumSquares2 } from '../linalg/dense';
import { qrMgs, qrMgsBlocked } from '../linalg/qr';
import { arenaDoubles, createArena, type Arena } from '../linalg/simd';
import { type Map1D, type MapND } from '../models';
import { LOG_DERIVATIVE_FLOOR } from '../map1d/lambda';
import { Rng } from '../linalg/rng';
import { isDiverged } from '../divergence';
import { GradedTriangle, ONE_VECTOR_ITERATIONS, orthonormalPair } from './gradedTriangle';
import { log } from '../linalg/elementary';

/** Largest N for which the frame holds every column (all singular values, exact). */
export const FULL_SET_MAX = 64;

/** Singular values estimated above FULL_SET_MAX. */
export const TOP_K = 16;

/** Horizons at which all singular values are computed (at most). */
export const SV_SAMPLES = 16;

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
        this.states[slot] = d > 0 ? log(d) : LOG_DERIVATIVE_FLOOR;
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
    this.logScale += log(f);
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
      if (!(zn > 0)) return snew > 0 ? log(snew) : LOG_DERIVATIVE_FLOOR;
      for (let i = 0; i < n; i++) u[i] = z[i] / zn;
      if (Math.abs(snew - sig) <= this.powerTol * snew) return log(snew);
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
    return sig > 0 ? log(sig) : LOG_DERIVATIVE_FLOOR;
  }
}
