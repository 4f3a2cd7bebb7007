/**
 * Hand-written backpropagation through time (Paper A, eq. 5–6) for the lab's
 * models: the loss gradient is a sum of Jacobian
 * products weighted by the residuals, so it grows like exp(λ_max·T) on a
 * chaotic attractor and stays bounded near a stable cycle.
 *
 * The task (what "the loss" means here, for every model the same way):
 *
 *   data      yₜ = xₜ + σ·εₜ, t = 0 … T: the model's own orbit on its attractor
 *             (after a transient), observed with Gaussian noise (σ = 0.01 by
 *             default, εₜ seeded);
 *   rollout   x̂₀ = y₀ (the start is taken from the data), then for t = 1 … T
 *             pₜ = F_θ(x̂ₜ₋₁) (the prediction) and x̂ₜ = pₜ (free running), or
 *             x̂ₜ = yₜ at the forcing times t = τ, 2τ, … (sparse teacher forcing,
 *             after the loss of step t, as in Paper A's code), or
 *             x̂ₜ = (1 − α)·pₜ + α·yₜ (generalised teacher forcing);
 *   loss      L_T(θ) = (1/T)·Σₜ₌₁ᵀ ‖pₜ − yₜ‖² (mean squared prediction error);
 *   gradient  ∂L_T/∂θ by BPTT: ∂L/∂pₜ = (2/T)(pₜ − yₜ) + cₜ·Jₜ₊₁ᵀ·∂L/∂pₜ₊₁ with
 *             cₜ = 0 at a forcing time (the chain is cut), 1 − α under GTF, 1
 *             otherwise; ∂L/∂θ = Σₜ (∂⁺pₜ/∂θ)ᵀ·∂L/∂pₜ.
 *
 * Without the noise the model would reproduce its own data exactly and every
 * gradient would vanish; σ gives the residuals the Jacobian products act on.
 *
 * θ per model: the RNN's recurrent matrix as the network uses it (g·W, n²
 * numbers); the PLRNN's A (diagonal) and W (off-diagonal) together as one n × n
 * matrix; the 1-D network's weights w and a (2k numbers); the single neuron's
 * g·w; the logistic r; the tent μ; Hénon's (a, b).
 *
 * Huge gradients do not overflow: the backward pass keeps the adjoint and the
 * gradient with a common scale factor e^S (log‖∂L/∂θ‖ is reported).
 */
import { Rng } from '../linalg/rng';
import type { DiffModel } from '../models';
import { runToEnd, type Job } from '../job';
import { stateDiverged } from '../divergence';
import { exp, log } from '../linalg/elementary';

export type { DiffModel } from '../models';

// ------------------------------------------------------------- the task --

/** Observation noise of the data (absolute standard deviation). */
export const BPTT_NOISE = 0.01;

/**
 * The data: the model's own orbit from x0 (at map time `start`) after
 * `transient` steps, T + 1 states y₀ … y_T (row-major (T + 1) × n), plus
 * Gaussian noise of std `noise` (seeded). The returned t0 is the map time of y₀.
 * Returns null if the orbit leaves |x| ≤ 10⁶.
 */
export function makeData(model: DiffModel, x0: Float64Array, transient: number, T: number, noise = BPTT_NOISE, seed = 2024, start = 0): { y: Float64Array; t0: number } | null {
  const n = model.n;
  let x = Float64Array.from(x0);
  let nx = new Float64Array(n);
  const ok = (v: Float64Array) => !stateDiverged(v);
  for (let t = 0; t < transient; t++) {
    model.step(x, nx, start + t);
    [x, nx] = [nx, x];
    if (!ok(x)) return null;
  }
  const y = new Float64Array((T + 1) * n);
  y.set(x, 0);
  for (let t = 1; t <= T; t++) {
    model.step(x, nx, start + transient + t - 1);
    [x, nx] = [nx, x];
    if (!ok(x)) return null;
    y.set(x, t * n);
  }
  if (noise > 0) {
    const rng = new Rng(seed);
    for (let i = 0; i < y.length; i++) y[i] += noise * rng.normal();
  }
  return { y, t0: start + transient };
}

export interface BpttOptions {
  /** Sequence length T (steps predicted). */
  T: number;
  /** Sparse teacher forcing every τ steps (0: none). */
  tau?: number;
  /** Generalised teacher forcing α ∈ [0, 1] (0: none). */
  alpha?: number;
  /** Factor of Σₜ‖pₜ − yₜ‖² in the loss (default 1/T). */
  lossScale?: number;
  /** Time of y₀ (input-driven maps). */
  t0?: number;
}

export interface BpttResult {
  loss: number;
  /** ∂L/∂θ divided by e^scale (scale = 0 unless the gradient is huge). */
  grad: Float64Array;
  /** ln of the factor the stored gradient must be multiplied by. */
  scale: number;
  /** ln ‖∂L/∂θ‖_F (−∞ for a zero gradient). */
  logNorm: number;
  /**
   * Jacobians in the longest product that entered the gradient: T − 1 without
   * forcing, τ − 1 with sparse forcing every τ steps (the product from the forced
   * state x̂_{kτ} to x̂_{(k+1)τ} has τ factors, but its first one multiplies
   * ∂⁺x̂_{kτ}/∂θ = 0).
   */
  longestProduct: number;
}

const RESCALE_AT = 1e100;

/**
 * L_T and ∂L_T/∂θ for the data y (at least T + 1 states) by BPTT, as defined in
 * the header. Uses y₀ … y_T.
 */
export function bpttGradient(model: DiffModel, y: Float64Array, opts: BpttOptions): BpttResult {
  const n = model.n;
  const T = Math.max(1, Math.floor(opts.T));
  if (y.length < (T + 1) * n) throw new Error(`bpttGradient: need ${T + 1} data states, got ${y.length / n}`);
  const tau = Math.max(0, Math.floor(opts.tau ?? 0));
  const alpha = opts.alpha ?? 0;
  const scaleLoss = opts.lossScale ?? 1 / T;
  const t0 = opts.t0 ?? 0;
  // forward: inputs x̂ₜ₋₁ (T × n), residuals rₜ = pₜ − yₜ (T × n), chain factors cₜ
  const xs = new Float64Array(T * n);
  const rs = new Float64Array(T * n);
  const cs = new Float64Array(T + 1);
  const x = y.slice(0, n);
  const p = new Float64Array(n);
  let loss = 0;
  for (let t = 1; t <= T; t++) {
    xs.set(x, (t - 1) * n);
    model.step(x, p, t0 + t - 1);
    const yo = t * n;
    let l = 0;
    for (let i = 0; i < n; i++) {
      const r = p[i] - y[yo + i];
      rs[(t - 1) * n + i] = r;
      l += r * r;
    }
    loss += scaleLoss * l;
    if (tau > 0 && t % tau === 0) {
      cs[t] = 0;
      for (let i = 0; i < n; i++) x[i] = y[yo + i];
    } else if (alpha > 0) {
      cs[t] = 1 - alpha;
      for (let i = 0; i < n; i++) x[i] = (1 - alpha) * p[i] + alpha * y[yo + i];
    } else {
      cs[t] = 1;
      x.set(p);
    }
  }
  // backward, with a common scale e^S on the adjoint and the gradient
  const grad = new Float64Array(model.theta.length);
  let gx = new Float64Array(n);
  let gxNext = new Float64Array(n);
  const gp = new Float64Array(n);
  let S = 0;
  let chain = 0;
  let longest = 0;
  for (let t = T; t >= 1; t--) {
    const c = t === T ? 0 : cs[t];
    const f = 2 * scaleLoss * exp(-S);
    const ro = (t - 1) * n;
    let big = 0;
    for (let i = 0; i < n; i++) {
      const v = f * rs[ro + i] + c * gx[i];
      gp[i] = v;
      const a = Math.abs(v);
      if (a > big) big = a;
    }
    // chain = Jacobians between this prediction and the latest loss that reaches it
    chain = c === 0 ? 1 : chain + 1;
    if (chain > longest) longest = chain;
    if (big > RESCALE_AT) {
      const inv = 1 / big;
      for (let i = 0; i < n; i++) gp[i] *= inv;
      for (let i = 0; i < grad.length; i++) grad[i] *= inv;
      S += log(big);
    }
    model.backward(xs.subarray(ro, ro + n), t0 + t - 1, gp, grad, gxNext);
    [gx, gxNext] = [gxNext, gx];
  }
  let g2 = 0;
  for (const v of grad) g2 += v * v;
  return { loss, grad, scale: S, logNorm: S + 0.5 * log(g2), longestProduct: longest - 1 };
}

/** ln‖∂L_T/∂θ‖ for each T in `Ts` (ascending), one BPTT pass each on the same data. */
export function bpttCurve(model: DiffModel, y: Float64Array, Ts: ArrayLike<number>, opts: Omit<BpttOptions, 'T' | 'lossScale'>): Float64Array {
  return runToEnd(bpttCurveSteps(model, y, Ts, opts));
}

/** `bpttCurve` as a job (core/job.ts): it may pause after each pass. */
export function* bpttCurveSteps(model: DiffModel, y: Float64Array, Ts: ArrayLike<number>, opts: Omit<BpttOptions, 'T' | 'lossScale'>): Job<Float64Array> {
  const out = new Float64Array(Ts.length);
  for (let i = 0; i < Ts.length; i++) {
    out[i] = bpttGradient(model, y, { ...opts, T: Ts[i] }).logNorm;
    yield undefined;
  }
  return out;
}
