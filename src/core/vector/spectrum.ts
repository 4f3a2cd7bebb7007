/**
 * Lyapunov spectrum of a vector map by QR re-orthonormalisation every step
 * (Benettin et al. 1980): a frame Q of k tangent vectors is
 * carried by the Jacobians, and the logs of R's diagonal are summed. Every step,
 * because re-orthonormalising only every r steps loses the contracting exponents.
 *
 * The run is incremental (`advance`) so a worker can slice it in time and
 * report progress; the state, frame and sums live in the object.
 *
 * Cost (docs/benchmarks.md, "Lyapunov spectra" and "Blocked QR for the full
 * spectrum"): a step of k exponents costs the tangent product (2n²k flops,
 * the wasm GEMM `matmul` for the RNN) and the QR (2nk²). The QR is the block-4
 * MGS `qrMgsBlocked` (MGS to rounding, about twice as fast as `qrMgs` in V8),
 * and from SPECTRUM_BLOCKED_QR_MIN_K = 256 exponents on the blocked MGS
 * `qrBlocked` (linalg/blockedQr.ts: panels of 16 columns, the rest updated by
 * GEMMs on packed operands; about 1.3–1.5× faster than `qrMgsBlocked` at
 * n = k = 256, slower below k ≈ 200, where the per-panel packing and the
 * narrow panels' MGS do not pay). From RNN_PACKED_MIN_N = 128 units on the
 * RNN's product is `matmulPacked` (linalg/packedGemm.ts: gW packed once, both
 * tile operands contiguous, `matmul`'s bits), and with the blocked QR the frame stays
 * in the slab layout between the product and `qrBlockedSlabs`, so neither
 * packs nor unpacks it ("Packed product" in docs/benchmarks.md: at N = 256
 * the product ≈ 2.3 ms, the step 5.7 ms instead of 7.0; both halves near the
 * 4 × 4 f64x2 tile's speed, no FMA in wasm SIMD nor in JS). With k = 1 the
 * frame is only normalised, and RnnMap computes W·x and
 * W·q in one sweep over W, so λ_max costs two matrix–vector products a step.
 *
 * With the wasm kernels installed (src/core/simd.ts), a run keeps its state,
 * frame and work buffers in its own arena and the map binds its weights there
 * (`MapND.bind`): the products and the QR then run as WebAssembly SIMD, with
 * the same results bit for bit (tests/unit/simd.test.ts).
 */
import type { MapND } from '../models';
import { qrMgs, qrMgsBlocked, qrMgsBlockedWork, qrRobust } from '../linalg/qr';
import { packSlabs, qrBlocked, qrBlockedSlabs, qrBlockedWork, slabLength, unpackSlabs } from '../linalg/blockedQr';
import { Rng } from '../linalg/rng';
import { LOG_DERIVATIVE_FLOOR } from '../map1d/lambda';
import { exp, log } from '../linalg/elementary';
import { arenaDoubles, createArena, type Arena } from '../linalg/simd';
import { isDiverged, stateDiverged } from '../divergence';
import { VectorBatchMeans } from '../linalg/batchMeans';
import { expectedSteps, isCheckpoint, stopReason, type StopReason } from '../runLength';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';

/** Below this many state variables the JS kernels are as fast: no arena. */
/** From this state dimension on, a run's buffers live in a wasm arena (the SIMD kernels). */
export const SPECTRUM_ARENA_MIN_N = 8;

/** From this many exponents on, the frame's QR is the blocked one (`qrBlocked`, panels of 16 columns): below, `qrMgsBlocked` is faster (measured: docs/benchmarks.md, issue #17). */
export const SPECTRUM_BLOCKED_QR_MIN_K = 256;

/** The QR a run of k exponents uses ('auto'), or the reference block-4 MGS whatever k ('mgs'). */
export type SpectrumQr = 'auto' | 'mgs';

function usesBlockedQr(k: number, qr: SpectrumQr): boolean {
  return qr === 'auto' && k >= SPECTRUM_BLOCKED_QR_MIN_K;
}

export interface SpectrumOptions {
  /** Number of exponents (1 … n). */
  k: number;
  transient: number;
  /** Steps averaged; with `tol`, the most that may be. */
  steps: number;
  /** Stop at the first checkpoint (core/runLength.ts) where every exponent's standard error is below this; 0 or absent: run all `steps`. */
  tol?: number;
  /** Seed of the random orthonormal start frame. */
  frameSeed?: number;
  /** Convergence samples kept (running estimates). */
  traceLength?: number;
  /** Accumulate ⟨ln|det J|⟩ (only meaningful for the full spectrum). */
  sumRule?: boolean;
  /** Allocate from this arena (when it has room) instead of a new one: a caller that runs on every frame reuses its own. */
  arena?: Arena | null;
  /** 'mgs': re-orthonormalise with the reference block-4 MGS even where the blocked QR would run (tests, benchmarks); default 'auto'. */
  qr?: SpectrumQr;
}

export interface SpectrumResult {
  /** λ₁ ≥ λ₂ ≥ … ≥ λ_k, per step (natural log). */
  lambdas: Float64Array;
  k: number;
  n: number;
  /** Steps averaged so far (after the transient). */
  steps: number;
  transient: number;
  done: boolean;
  diverged: boolean;
  /** Mean of ln|det J| over the same steps (NaN unless asked for); Σλ should equal it. */
  meanLogDet: number;
  /** Running estimates: traceT[s] steps, traceL[s·k + i] the estimate of λᵢ then. */
  traceT: Float64Array;
  traceL: Float64Array;
  /** Some step had a singular Jacobian (e.g. ReLU units off): the smallest exponents are −∞ (floored). */
  singular: boolean;
  /** Which kernels computed it (the same bits either way; shown so a fallback is visible). */
  kernels: 'wasm-simd' | 'js';
  /** Standard errors by batch means over the run (src/core/linalg/batchMeans.ts). */
  errors: SpectrumErrors;
  /** The tolerance asked for (0: a fixed length) and, once done, why the run stopped. */
  tol: number;
  stopped: StopReason | null;
  /** Steps the run will likely take in all (its length, or with a tolerance an estimate from the errors so far). */
  expectedSteps: number;
}

/** How far the estimates can be off: one standard error (NaN while the run is too short to tell). */
export interface SpectrumErrors {
  /** Of each λᵢ. */
  lambdas: Float64Array;
  /** Of the Kaplan–Yorke dimension and the entropy rate, propagated from the exponents' joint batches (the delta method). */
  kaplanYorke: number;
  entropy: number;
}

export class SpectrumRun {
  readonly n: number;
  readonly k: number;
  private readonly map: MapND;
  private x: Float64Array;
  private next: Float64Array;
  private Q: Float64Array;
  private Y: Float64Array;
  private readonly rdiag: Float64Array;
  private readonly colNorms: Float64Array;
  private readonly work: Float64Array;
  private readonly acc: Float64Array;
  /** This step's logs of R's diagonal, and their batch means (the error bars). */
  private readonly stepLogs: Float64Array;
  private readonly batches: VectorBatchMeans;
  private logDetSum = 0;
  private t = 0;
  private readonly opts: Required<SpectrumOptions>;
  private diverged = false;
  /** Every error fell below tol at a checkpoint. */
  private converged = false;
  private singular = false;
  private readonly traceT: Float64Array;
  private readonly traceL: Float64Array;
  private traceCount = 0;
  private nextTrace = 1;

  /** The wasm arena holding the buffers, or null (JS kernels). */
  private readonly arena: Arena | null;
  /** Whether the frame's QR is `qrBlocked` (wide frames) rather than `qrMgsBlocked`. */
  private readonly blockedQr: boolean;
  /** Steps run with Q and Y in the slab layout (blocked QR and a map with `tangentStepSlabs`): no packing between the product and the QR. */
  private readonly slabs: boolean;
  /** Q is in the slab layout now (packed by `advance`, unpacked by `frame`). */
  private frameInSlabs = false;

  constructor(map: MapND, x0: Float64Array, opts: SpectrumOptions) {
    this.n = map.n;
    this.k = Math.max(1, Math.min(this.n, Math.floor(opts.k)));
    this.opts = { frameSeed: 12345, traceLength: 120, sumRule: this.k === this.n, arena: null, tol: 0, qr: 'auto', ...opts, k: this.k };
    const n = this.n;
    const k = this.k;
    this.blockedQr = usesBlockedQr(k, this.opts.qr);
    const wk = SpectrumRun.workLength(n, k, this.opts.qr);
    const need = SpectrumRun.arenaNeed(map, k, this.opts.qr);
    const given = opts.arena && opts.arena.free >= need ? opts.arena : null;
    this.arena = n >= SPECTRUM_ARENA_MIN_N ? (given ?? createArena(need)) : null;
    const ar = this.arena;
    const alloc = (len: number) => (ar ? ar.alloc(len) : new Float64Array(len));
    this.map = ar && map.bind ? map.bind(ar) : map;
    this.x = alloc(n);
    this.x.set(x0.subarray(0, n));
    this.next = alloc(n);
    const frameLen = SpectrumRun.frameLength(n, k, this.opts.qr);
    this.Q = alloc(frameLen);
    this.Y = alloc(frameLen);
    this.rdiag = alloc(k);
    this.colNorms = alloc(SpectrumRun.normsLength(k, this.opts.qr));
    this.work = alloc(wk);
    this.slabs = this.blockedQr && ar !== null && this.map.tangentStepSlabs !== undefined;
    this.acc = new Float64Array(this.k);
    this.stepLogs = new Float64Array(this.k);
    this.batches = new VectorBatchMeans(this.k);
    const rng = new Rng(this.opts.frameSeed);
    for (let i = 0; i < n * k; i++) this.Q[i] = rng.normal();
    qrMgs(this.n, this.k, this.Q, this.rdiag, this.work);
    this.traceT = new Float64Array(this.opts.traceLength);
    this.traceL = new Float64Array(this.opts.traceLength * this.k);
  }

  /** Doubles of arena a run of k exponents of this map takes (to size an arena that several runs reuse). */
  static arenaNeed(map: MapND, k: number, qr: SpectrumQr = 'auto'): number {
    const n = map.n;
    const frame = SpectrumRun.frameLength(n, k, qr);
    return arenaDoubles(n, n, frame, frame, k, SpectrumRun.normsLength(k, qr), SpectrumRun.workLength(n, k, qr)) + (map.arenaDoubles?.() ?? 0);
  }

  /** Doubles of Q and of Y (with the blocked QR: room for the slab layout). */
  private static frameLength(n: number, k: number, qr: SpectrumQr): number {
    return usesBlockedQr(k, qr) ? slabLength(n, k) : n * k;
  }

  private static normsLength(k: number, qr: SpectrumQr): number {
    return usesBlockedQr(k, qr) ? 4 * Math.ceil(k / 4) : k;
  }

  /** The QR's work length (also enough for the initial frame's qrMgs). */
  private static workLength(n: number, k: number, qr: SpectrumQr): number {
    return usesBlockedQr(k, qr) ? qrBlockedWork(n, k) : qrMgsBlockedWork(k);
  }

  get stepsDone(): number {
    return Math.max(0, this.t - this.opts.transient);
  }

  /** The state left the divergence bound: the run has stopped. */
  get hasDiverged(): boolean {
    return this.diverged;
  }

  get finished(): boolean {
    return this.diverged || this.converged || this.t >= this.opts.transient + this.opts.steps;
  }

  /** Steps taken in all, transient included. */
  get stepsTaken(): number {
    return this.t;
  }

  /** The largest standard error of the k exponents (NaN while unknown). */
  worstStderr(): number {
    return largestError(Array.from({ length: this.k }, (_, i) => this.stderrOf(i)));
  }

  /** Run up to `count` more steps (transient first). */
  advance(count: number): void {
    const { transient, steps } = this.opts;
    const end = Math.min(transient + steps, this.t + count);
    const map = this.map;
    // transient: the state only
    while (this.t < end && this.t < transient) {
      map.step(this.x, this.next, this.t);
      this.swapState();
      if (!this.finite()) return;
      this.t++;
    }
    const k = this.k;
    const sumRule = this.opts.sumRule;
    const tol = this.opts.tol;
    if (this.slabs && !this.frameInSlabs && this.t < end) this.setFrameLayout(true);
    while (this.t < end && !this.converged) {
      const ld = this.slabs ? map.tangentStepSlabs!(this.x, this.next, this.Q, this.Y, k, this.t, sumRule) : map.tangentStep(this.x, this.next, this.Q, this.Y, k, this.t, sumRule);
      this.swapState();
      if (!this.finite()) return;
      const tmp = this.Q;
      this.Q = this.Y;
      this.Y = tmp;
      if (k === 1) this.normalise();
      else this.orthonormalise();
      const logs = this.stepLogs;
      for (let i = 0; i < k; i++) {
        const r = this.rdiag[i];
        if (r > 0) logs[i] = log(r);
        else {
          logs[i] = LOG_DERIVATIVE_FLOOR;
          this.singular = true;
        }
        this.acc[i] += logs[i];
      }
      this.batches.add(logs);
      if (sumRule) {
        if (ld === -Infinity) {
          this.singular = true;
          this.logDetSum += LOG_DERIVATIVE_FLOOR;
        } else this.logDetSum += ld;
      }
      this.t++;
      const done = this.t - transient;
      if (done >= this.nextTrace && this.traceCount < this.opts.traceLength) {
        this.traceT[this.traceCount] = done;
        for (let i = 0; i < k; i++) this.traceL[this.traceCount * k + i] = this.acc[i] / done;
        this.traceCount++;
        // log-spaced samples: early convergence is shown in detail
        this.nextTrace = Math.max(done + 1, Math.round(exp((log(steps) * (this.traceCount + 1)) / this.opts.traceLength)));
      }
      if (tol > 0 && isCheckpoint(done) && this.worstStderr() < tol) this.converged = true;
    }
  }

  /**
   * QR of the new frame by the fast MGS kernel (the blocked one, `qrBlocked`,
   * from SPECTRUM_BLOCKED_QR_MIN_K exponents on); if a column lost (almost) all
   * of its norm to the earlier ones — rank loss, as when ReLU units switch off —
   * MGS would normalise rounding noise, so that step is redone with CGS2.
   */
  private orthonormalise(): void {
    const n = this.n;
    const k = this.k;
    const Q = this.Q;
    const norms = this.colNorms;
    const ar = this.arena;
    if (this.slabs) return this.orthonormaliseSlabs(ar!);
    if (ar) ar.k.col_sumsq(n, k, Q.byteOffset, norms.byteOffset);
    else {
      norms.fill(0);
      for (let i = 0, ri = 0; i < n; i++, ri += k) for (let c = 0; c < k; c++) norms[c] += Q[ri + c] * Q[ri + c];
    }
    this.Y.set(Q); // the old frame is no longer needed: keep the new one in case MGS must be redone
    // the wasm twins when Q is in the arena
    if (this.blockedQr) qrBlocked(n, k, Q, this.rdiag, this.work);
    else qrMgsBlocked(n, k, Q, this.rdiag, this.work);
    for (let c = 0; c < k; c++) {
      if (this.rdiag[c] > 1e-10 * Math.sqrt(norms[c])) continue;
      Q.set(this.Y);
      qrRobust(n, k, Q, this.rdiag);
      return;
    }
  }

  /** `orthonormalise` on the slab layout: the same sums (each column's in ascending i), the same QR (`qrBlockedSlabs`), the same fallback. */
  private orthonormaliseSlabs(ar: Arena): void {
    const n = this.n;
    const k = this.k;
    const Q = this.Q;
    const norms = this.colNorms;
    // each slab is an n × 4 row-major matrix
    for (let g = 0; g < k; g += 4) ar.k.col_sumsq(n, 4, Q.byteOffset + 8 * n * g, norms.byteOffset + 8 * g);
    this.Y.set(Q);
    qrBlockedSlabs(n, k, Q, this.rdiag, this.work);
    for (let c = 0; c < k; c++) {
      if (this.rdiag[c] > 1e-10 * Math.sqrt(norms[c])) continue;
      const A = this.work.subarray(0, n * k);
      unpackSlabs(n, k, this.Y, A, 0, k);
      qrRobust(n, k, A, this.rdiag);
      packSlabs(n, k, A, 0, k, Q);
      return;
    }
  }

  /** k = 1: Q ← Q/‖Q‖, rdiag[0] = ‖Q‖ (what qrMgs does for one column, without its set-up). */
  private normalise(): void {
    const q = this.Q;
    const n = this.n;
    let s = 0;
    for (let i = 0; i < n; i++) s += q[i] * q[i];
    const r = Math.sqrt(s);
    this.rdiag[0] = r;
    if (r === 0) {
      qrMgs(n, 1, q, this.rdiag, this.work); // a null vector: qrMgs replaces it by a unit vector
      return;
    }
    const inv = 1 / r;
    for (let i = 0; i < n; i++) q[i] *= inv;
  }

  private swapState(): void {
    const tmp = this.x;
    this.x = this.next;
    this.next = tmp;
  }

  private finite(): boolean {
    for (let i = 0; i < this.n; i++) {
      const v = this.x[i];
      if (isDiverged(v)) {
        this.diverged = true;
        return false;
      }
    }
    return true;
  }

  /** Which kernels this run uses. */
  get kernels(): 'wasm-simd' | 'js' {
    return this.arena ? 'wasm-simd' : 'js';
  }

  /** Q between row-major (the frame callers see and may set) and the slab layout (the steps'). */
  private setFrameLayout(slabs: boolean): void {
    const n = this.n;
    const k = this.k;
    const A = this.work.subarray(0, n * k);
    if (slabs) {
      A.set(this.Q.subarray(0, n * k));
      packSlabs(n, k, A, 0, k, this.Q);
    } else {
      unpackSlabs(n, k, this.Q, A, 0, k);
      this.Q.set(A);
    }
    this.frameInSlabs = slabs;
  }

  /** The frame (n × k, row-major): orthonormal after every step. A live view (in the arena, if any), valid until the next `advance`: writing it sets the frame the next steps carry. */
  frame(): Float64Array {
    if (this.frameInSlabs) this.setFrameLayout(false);
    const len = this.n * this.k;
    return this.Q.length === len ? this.Q : this.Q.subarray(0, len);
  }

  state(): Float64Array {
    return this.x;
  }

  result(): SpectrumResult {
    const steps = this.stepsDone;
    const lambdas = new Float64Array(this.k);
    for (let i = 0; i < this.k; i++) lambdas[i] = steps > 0 ? this.acc[i] / steps : NaN;
    const errors = this.errors(lambdas);
    return {
      lambdas,
      k: this.k,
      n: this.n,
      steps,
      transient: this.opts.transient,
      done: this.finished,
      diverged: this.diverged,
      meanLogDet: this.opts.sumRule && steps > 0 ? this.logDetSum / steps : NaN,
      traceT: this.traceT.slice(0, this.traceCount),
      traceL: this.traceL.slice(0, this.traceCount * this.k),
      singular: this.singular,
      kernels: this.kernels,
      errors,
      tol: this.opts.tol,
      stopped: this.finished && !this.diverged ? stopReason(this.opts, this.converged) : null,
      expectedSteps: this.converged ? steps : expectedSteps(this.opts, steps, largestError(errors.lambdas)),
    };
  }

  /** The standard errors of the exponents and, by the delta method on the same batches, of the derived numbers. */
  private errors(lambdas: Float64Array): SpectrumErrors {
    const ok = !this.diverged && this.stepsDone > 0;
    const b = this.batches;
    const se = new Float64Array(this.k);
    for (let i = 0; i < this.k; i++) se[i] = ok ? b.stderr(i) : NaN;
    const w = summaryGradients(lambdas, this.n);
    return { lambdas: se, kaplanYorke: ok && w.kaplanYorke ? b.stderrOf(w.kaplanYorke) : NaN, entropy: ok && w.entropy ? b.stderrOf(w.entropy) : NaN };
  }

  /** Standard error of λᵢ now (NaN while too short to tell): what a run that stops at a tolerance checks. */
  stderrOf(i: number): number {
    return this.diverged || this.stepsDone === 0 ? NaN : this.batches.stderr(i);
  }
}

/** The largest of some standard errors; NaN if any is unknown (NaN), 0 for none. */
export function largestError(se: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < se.length; i++) {
    if (Number.isNaN(se[i])) return NaN;
    if (se[i] > w) w = se[i];
  }
  return w;
}

/**
 * Gradients of the Kaplan–Yorke dimension and of the entropy rate with respect
 * to the exponents (sorted, decreasing), for the delta method; null where the
 * number is not defined. D_KY = j + S_j/|λ_{j+1}| with S_j = λ₁ + … + λ_j ≥ 0
 * and λ_{j+1} < 0: ∂D/∂λᵢ = 1/|λ_{j+1}| for i ≤ j and ∂D/∂λ_{j+1} = S_j/λ²_{j+1}.
 * Σλ⁺ has weight 1 on each positive exponent.
 */
export function summaryGradients(lambdas: ArrayLike<number>, n: number): { kaplanYorke: Float64Array | null; entropy: Float64Array | null } {
  const k = lambdas.length;
  for (let i = 0; i < k; i++) if (!Number.isFinite(lambdas[i])) return { kaplanYorke: null, entropy: null };
  const entropy = new Float64Array(k);
  for (let i = 0; i < k; i++) entropy[i] = lambdas[i] > 0 ? 1 : 0;
  let kaplanYorke: Float64Array | null = null;
  let s = 0;
  for (let j = 0; j < k; j++) {
    if (s + lambdas[j] < 0) {
      kaplanYorke = new Float64Array(k);
      const a = Math.abs(lambdas[j]);
      for (let i = 0; i < j; i++) kaplanYorke[i] = 1 / a;
      kaplanYorke[j] = s / (a * a);
      break;
    }
    s += lambdas[j];
  }
  // the sum never turns negative: D_KY = k, exactly, only when k = n (otherwise undefined)
  if (!kaplanYorke && k === n) kaplanYorke = new Float64Array(k);
  return { kaplanYorke, entropy };
}

/** The whole spectrum in one call (tests, CLI). */
export function lyapunovSpectrum(map: MapND, x0: Float64Array, opts: SpectrumOptions): SpectrumResult {
  const run = new SpectrumRun(map, x0, opts);
  run.advance(opts.transient + opts.steps);
  return run.result();
}

/**
 * λ_max by two nearby trajectories (Benettin): evolve x and
 * x + d₀·q, renormalise the separation to d₀ every step, average ln(d/d₀).
 */
export function twoTrajectoryLambda(map: MapND, x0: Float64Array, transient: number, steps: number, d0 = 1e-8, seed = 777): { lambda: number; steps: number; diverged: boolean } {
  return runToEnd(twoTrajectorySteps(map, x0, transient, steps, NO_PAUSE, d0, seed));
}

/** `twoTrajectoryLambda` as a job (core/job.ts): for a wide network its 2·(transient + steps) map steps take seconds. */
export function* twoTrajectorySteps(
  map: MapND,
  x0: Float64Array,
  transient: number,
  steps: number,
  pace: Pacer,
  d0 = 1e-8,
  seed = 777,
): Job<{ lambda: number; steps: number; diverged: boolean }> {
  const n = map.n;
  let x = Float64Array.from(x0);
  let nx = new Float64Array(n);
  for (let t = 0; t < transient; t++) {
    map.step(x, nx, t);
    [x, nx] = [nx, x];
    if (stateDiverged(x)) return { lambda: NaN, steps: 0, diverged: true };
    if (pace.tick(n * n)) yield* pace.pause();
  }
  const rng = new Rng(seed);
  const dir = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    dir[i] = rng.normal();
    norm += dir[i] * dir[i];
  }
  norm = Math.sqrt(norm);
  let y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = x[i] + (d0 * dir[i]) / norm;
  let ny = new Float64Array(n);
  let acc = 0;
  for (let s = 0; s < steps; s++) {
    const t = transient + s;
    map.step(x, nx, t);
    map.step(y, ny, t);
    [x, nx] = [nx, x];
    [y, ny] = [ny, y];
    let d = 0;
    for (let i = 0; i < n; i++) d += (y[i] - x[i]) * (y[i] - x[i]);
    d = Math.sqrt(d);
    if (!Number.isFinite(d)) return { lambda: NaN, steps: s, diverged: true };
    if (d === 0) {
      acc += LOG_DERIVATIVE_FLOOR;
      for (let i = 0; i < n; i++) y[i] = x[i] + (d0 * dir[i]) / norm;
      continue;
    }
    acc += log(d / d0);
    for (let i = 0; i < n; i++) y[i] = x[i] + (d0 * (y[i] - x[i])) / d;
    if (pace.tick(2 * n * n)) yield* pace.pause();
  }
  return { lambda: acc / steps, steps, diverged: false };
}

/** Kaplan–Yorke dimension from exponents sorted in decreasing order. */
export function kaplanYorke(lambdas: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < lambdas.length; j++) {
    const next = s + lambdas[j];
    if (next < 0) return j + s / Math.abs(lambdas[j]);
    s = next;
  }
  return lambdas.length; // the sum never turns negative: at least the dimension of the frame
}

/** Σ of the positive exponents (the KS entropy rate by Pesin's formula). */
export function positiveSum(lambdas: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < lambdas.length; i++) if (lambdas[i] > 0) s += lambdas[i];
  return s;
}

/** What the spectrum view, its export and the CLI report about the top k of n exponents. */
export interface SpectrumSummary {
  /** False for a diverged or unfinished run (then nothing below is reported). */
  finite: boolean;
  positive: number;
  /** Kaplan–Yorke dimension; null when the k exponents do not reach a negative sum (k < n). */
  kaplanYorke: number | null;
  /** Σλ⁺, the entropy rate (Pesin). */
  entropy: number | null;
  /** ln 2 / λ₁ for λ₁ > 0. */
  predictabilityTime: number | null;
  /** Σλᵢ, only for the whole spectrum (the sum rule compares it with ⟨ln|det J|⟩). */
  sum: number | null;
}

export function spectrumSummary(lambdas: ArrayLike<number>, n: number, diverged: boolean): SpectrumSummary {
  const k = lambdas.length;
  let finite = !diverged && k > 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(lambdas[i])) finite = false;
    total += lambdas[i];
  }
  if (!finite) return { finite, positive: 0, kaplanYorke: null, entropy: null, predictabilityTime: null, sum: null };
  let positive = 0;
  for (let i = 0; i < k; i++) if (lambdas[i] > 0) positive++;
  // sorted exponents: the partial sums turn negative within the k computed iff their total is negative
  return {
    finite,
    positive,
    kaplanYorke: k === n || total < 0 ? kaplanYorke(lambdas) : null,
    entropy: positiveSum(lambdas),
    predictabilityTime: lambdas[0] > 0 ? Math.LN2 / lambdas[0] : null,
    sum: k === n ? total : null,
  };
}
