/**
 * The trainable models of the training lab (Paper A)
 * and their loss gradients by hand-written backpropagation through time.
 *
 * - PLRNN: z ← A⊙z + W·ReLU(z) + h (A diagonal, W with a zero diagonal), read
 *   out linearly without bias, x̂ = B z (B is N × M).
 * - tanh RNN: h ← tanh(W h + b), x̂ = B h (PyTorch's nn.RNN with zero input).
 * - GRU and LSTM: PyTorch's nn.GRU and nn.LSTM with zero input, x̂ = B h; the
 *   LSTM's state is z = (h, c) and forcing replaces h only, c is kept
 *   (gatedTrain.ts, which says why).
 *
 * Teacher forcing puts z̃ = B⁺x in place of the state, B⁺ = pinv(B) the
 * Moore–Penrose pseudo-inverse (Bᵀ(BBᵀ)⁻¹ for N ≤ M, (BᵀB)⁻¹Bᵀ for N > M).
 * As in Paper A's code, B⁺ is a function of B inside the gradient: the loss
 * reaches B both through the read-out and through the forcing signal (the
 * derivative of the pseudo-inverse, Golub & Pereyra 1973, is in `pinvBackward`).
 *
 * The loop over one training window x_s … x_{s+T} is exactly the digest's:
 *
 *     u₀ = B⁺x_s
 *     for t = 0 … T−1:
 *         if t > 0: u_t = B⁺x_{s+t}                (sparse TF, t a multiple of τ)
 *                   u_t = (1−α)·z_t + α·B⁺x_{s+t}   (generalised TF, every step)
 *                   u_t = z_t                        (otherwise)
 *         z_{t+1} = F(u_t);  loss += ‖B z_{t+1} − x_{s+t+1}‖²
 *
 * so the prediction z_t that a forcing replaces has already entered the loss
 * (the loss is taken before forcing). For the LSTM, B⁺x and the mixing act on
 * h, the read-out part of z = (h, c), and c₀ = 0 at the window's start. The loss is the mean squared error over
 * windows, steps and observed dimensions.
 *
 * Parameters live in one flat vector θ (layoutOf gives the offsets) so Adam,
 * the gradient norm and clipping see them as one.
 */
import { Rng } from '../linalg/rng';
import { PlrnnMap, RnnMap, type DiffModel, type MapND, type PlrnnWeights, type RnnWeights } from '../models';

import type { TrainModelKind } from './trainModelInfo';
import { isDiverged } from '../divergence';
import { addGatedGradient, gatedGradSizes, gatedLayout, gatedModelMap, isGatedKind } from './gatedTrain';
import { trainedNetwork } from './trainedNetwork';

export type { TrainModelKind } from './trainModelInfo';
export type ForcingMethod = 'bptt' | 'clip' | 'stf' | 'gtf';

export interface ModelLayout {
  kind: TrainModelKind;
  /** Latent units M. */
  m: number;
  /** Observed dimensions N. */
  n: number;
  /** Numbers in the latent state: m, or 2m for the LSTM (h then c; B reads h, the first m). */
  d: number;
  /** Length of θ. */
  size: number;
  /**
   * PLRNN: A (m), W (m × m), h (m), B (n × m). RNN: W (m × m), b (m) at offH, B.
   * GRU: W_hh (3m × m), b_ih (3m) at offH, b_hh (3m) at offH2, B. LSTM: W_hh
   * (4m × m), b (4m) at offH, B. Absent blocks are at −1.
   */
  offA: number;
  offW: number;
  offH: number;
  offH2: number;
  offB: number;
}

export function layoutOf(kind: TrainModelKind, m: number, n: number): ModelLayout {
  if (isGatedKind(kind)) return gatedLayout(kind, m, n);
  if (kind === 'plrnn') {
    const offA = 0;
    const offW = m;
    const offH = offW + m * m;
    const offB = offH + m;
    return { kind, m, n, d: m, size: offB + n * m, offA, offW, offH, offH2: -1, offB };
  }
  const offW = 0;
  const offH = m * m;
  const offB = offH + m;
  return { kind, m, n, d: m, size: offB + n * m, offA: -1, offW, offH, offH2: -1, offB };
}

/** 1 where θ is trained, 0 where it is fixed (the PLRNN's W diagonal, which belongs to A). */
export function trainableMask(L: ModelLayout): Uint8Array {
  const mask = new Uint8Array(L.size).fill(1);
  if (L.kind === 'plrnn') for (let i = 0; i < L.m; i++) mask[L.offW + i * L.m + i] = 0;
  return mask;
}

/**
 * Initial parameters from the seed, as Paper A's code draws them: everything
 * ~ U(±1/√M) (the PLRNN's A and W are the diagonal and the rest of one M × M
 * matrix; nn.RNN's, nn.GRU's and nn.LSTM's default; B as nn.Linear with
 * fan-in M). The GRU's and LSTM's θ is drawn in its layout order: W_hh, the
 * biases, B.
 */
export function initParams(L: ModelLayout, seed: number): Float64Array {
  const rng = new Rng(seed);
  const s = 1 / Math.sqrt(L.m);
  const u = () => s * (2 * rng.uniform() - 1);
  const th = new Float64Array(L.size);
  const m = L.m;
  if (isGatedKind(L.kind)) {
    for (let i = 0; i < L.size; i++) th[i] = u();
    return th;
  }
  if (L.kind === 'plrnn') {
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        const v = u();
        if (i === j) th[L.offA + i] = v;
        else th[L.offW + i * m + j] = v;
      }
  } else for (let i = 0; i < m * m; i++) th[L.offW + i] = u();
  for (let i = 0; i < m; i++) th[L.offH + i] = u();
  for (let i = 0; i < L.n * m; i++) th[L.offB + i] = u();
  return th;
}

// ---------------------------------------------------------------------------
// Pseudo-inverse of B and its derivative

/** Solve G X = R for symmetric positive definite G (d × d) and r right-hand sides (R d × r, row-major), in place in R. Returns false if G is singular. */
function cholSolve(G: Float64Array, d: number, R: Float64Array, r: number): boolean {
  const Lc = new Float64Array(d * d);
  let scale = 0;
  for (let i = 0; i < d; i++) scale = Math.max(scale, Math.abs(G[i * d + i]));
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = G[i * d + j];
      for (let k = 0; k < j; k++) s -= Lc[i * d + k] * Lc[j * d + k];
      if (i === j) {
        if (!(s > 1e-13 * scale)) return false;
        Lc[i * d + i] = Math.sqrt(s);
      } else Lc[i * d + j] = s / Lc[j * d + j];
    }
  for (let c = 0; c < r; c++) {
    for (let i = 0; i < d; i++) {
      let s = R[i * r + c];
      for (let k = 0; k < i; k++) s -= Lc[i * d + k] * R[k * r + c];
      R[i * r + c] = s / Lc[i * d + i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = R[i * r + c];
      for (let k = i + 1; k < d; k++) s -= Lc[k * d + i] * R[k * r + c];
      R[i * r + c] = s / Lc[i * d + i];
    }
  }
  return true;
}

/**
 * P = pinv(B) (M × N) for B (N × M) of full rank: Bᵀ(BBᵀ)⁻¹ if N ≤ M, else
 * (BᵀB)⁻¹Bᵀ. A rank-deficient B (never met in training from a random start)
 * gets a tiny ridge, so P stays finite.
 */
export function pinv(B: Float64Array, n: number, m: number, P: Float64Array = new Float64Array(m * n)): Float64Array {
  if (n <= m) {
    // G = B Bᵀ (n × n); solve G Y = B (Y n × m): P = Yᵀ.
    const G = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += B[i * m + k] * B[j * m + k];
        G[i * n + j] = s;
      }
    const Y = Float64Array.from(B.subarray(0, n * m));
    if (!cholSolve(G, n, Y, m)) {
      let tr = 0;
      for (let i = 0; i < n; i++) tr += G[i * n + i];
      for (let i = 0; i < n; i++) G[i * n + i] += 1e-10 * (tr / n + 1e-300);
      Y.set(B.subarray(0, n * m));
      cholSolve(G, n, Y, m);
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) P[i * n + j] = Y[j * m + i];
    return P;
  }
  // G = Bᵀ B (m × m); solve G P = Bᵀ.
  const G = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += B[k * m + i] * B[k * m + j];
      G[i * m + j] = s;
    }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) P[i * n + j] = B[j * m + i];
  if (!cholSolve(G, m, P, n)) {
    let tr = 0;
    for (let i = 0; i < m; i++) tr += G[i * m + i];
    for (let i = 0; i < m; i++) G[i * m + i] += 1e-10 * (tr / m + 1e-300);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) P[i * n + j] = B[j * m + i];
    cholSolve(G, m, P, n);
  }
  return P;
}

/**
 * dL/dB through P = pinv(B), given Gp = dL/dP (M × N), added to gB (N × M):
 * dP = −P dB P + P Pᵀ dBᵀ (I − B P) + (I − P B) dBᵀ Pᵀ P (Golub & Pereyra), so
 * dL/dB = −Pᵀ Gp Pᵀ + (I − B P) Gpᵀ P Pᵀ + Pᵀ P Gpᵀ (I − P B).
 */
export function pinvBackward(B: Float64Array, P: Float64Array, Gp: Float64Array, n: number, m: number, gB: Float64Array, offB = 0): void {
  // Small matrices (n, m ≤ a few dozen): plain loops.
  const mul = (a: Float64Array, ar: number, ac: number, b: Float64Array, bc: number, ta = false, tb = false): Float64Array => {
    // (ta ? aᵀ : a) (rows ar × inner ac) times (tb ? bᵀ : b) (inner ac × cols bc); a and b stored untransposed.
    const out = new Float64Array(ar * bc);
    for (let i = 0; i < ar; i++)
      for (let j = 0; j < bc; j++) {
        let s = 0;
        for (let k = 0; k < ac; k++) s += (ta ? a[k * ar + i] : a[i * ac + k]) * (tb ? b[j * ac + k] : b[k * bc + j]);
        out[i * bc + j] = s;
      }
    return out;
  };
  // Pᵀ (n × m), Gp (m × n)
  const PtG = mul(P, n, m, Gp, n, true, false); // Pᵀ Gp: n × n
  const t1 = mul(PtG, n, n, P, m, false, true); // Pᵀ Gp Pᵀ: n × m
  const BP = mul(B, n, m, P, n); // n × n
  const PB = mul(P, m, n, B, m); // m × m
  const PPt = mul(P, m, n, P, m, false, true); // P Pᵀ: m × m
  const PtP = mul(P, n, m, P, n, true, false); // Pᵀ P: n × n
  const GtPPt = mul(Gp, n, m, PPt, m, true, false); // Gpᵀ P Pᵀ: n × m
  const IBP = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) IBP[i * n + j] = (i === j ? 1 : 0) - BP[i * n + j];
  const t2 = mul(IBP, n, n, GtPPt, m); // (I − BP) Gpᵀ P Pᵀ
  const IPB = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) IPB[i * m + j] = (i === j ? 1 : 0) - PB[i * m + j];
  const PtPGt = mul(PtP, n, n, Gp, m, false, true); // Pᵀ P Gpᵀ: n × m
  const t3 = mul(PtPGt, n, m, IPB, m); // · (I − PB)
  for (let k = 0; k < n * m; k++) gB[offB + k] += -t1[k] + t2[k] + t3[k];
}

// ---------------------------------------------------------------------------
// Loss and gradient

export interface Forcing {
  method: ForcingMethod;
  /** Sparse TF interval (method 'stf'). */
  tau: number;
  /** GTF mixing (method 'gtf'). */
  alpha: number;
}

/** Scratch buffers for one window (reused across calls of the same shape). */
export class Workspace {
  readonly T: number;
  /** u_t, the state F is applied to (after forcing), and z_{t+1} = F(u_t): T × d, with a view of each row. */
  readonly u: Float64Array;
  readonly z: Float64Array;
  readonly uRows: Float64Array[];
  readonly zRows: Float64Array[];
  readonly e: Float64Array;
  readonly P: Float64Array;
  readonly gP: Float64Array;
  readonly px: Float64Array;
  readonly delta: Float64Array;
  readonly gu: Float64Array;
  /** ∂L/∂θ of the latent map (its own layout, `DiffModel.theta`) and ∂L/∂(its bias). */
  readonly gTheta: Float64Array;
  readonly gBias: Float64Array;
  constructor(L: ModelLayout, T: number) {
    const { m, d } = L;
    this.T = T;
    this.u = new Float64Array(T * d);
    this.z = new Float64Array(T * d);
    this.uRows = Array.from({ length: T }, (_, t) => this.u.subarray(t * d, (t + 1) * d));
    this.zRows = Array.from({ length: T }, (_, t) => this.z.subarray(t * d, (t + 1) * d));
    this.e = new Float64Array(T * L.n);
    this.P = new Float64Array(m * L.n);
    this.gP = new Float64Array(m * L.n);
    this.px = new Float64Array(m);
    this.delta = new Float64Array(d);
    this.gu = new Float64Array(d);
    const sizes = isGatedKind(L.kind) ? gatedGradSizes(L.kind, m) : { theta: m * m, bias: m };
    this.gTheta = new Float64Array(sizes.theta);
    this.gBias = new Float64Array(sizes.bias);
  }
}

/** Is the state at step t (0 < t < T) replaced or mixed with the data? */
export function forcedAt(f: Forcing, t: number): boolean {
  if (t === 0) return true;
  if (f.method === 'stf') return t % Math.max(1, Math.round(f.tau)) === 0;
  return false;
}

/**
 * Loss (MSE) over the windows starting at `starts` (each T + 1 rows of `data`,
 * rows × n) and, when `grad` is given, its gradient with respect to θ added to
 * grad (which the caller zeroes). BPTT through every window in full. The
 * latent map's step and backward pass are the model module's own
 * (`modelMap`: PlrnnMap, RnnMap, GatedMap), so training, the gradient meter
 * and the spectra differentiate one implementation. Forcing sets or mixes
 * the first m numbers of the state (all of it but the LSTM's c).
 */
export function lossAndGrad(L: ModelLayout, th: Float64Array, data: Float64Array, starts: readonly number[], T: number, f: Forcing, grad: Float64Array | null, ws: Workspace = new Workspace(L, T)): number {
  const { m, n, d } = L;
  const B = th.subarray(L.offB, L.offB + n * m);
  const P = pinv(B, n, m, ws.P);
  const map = modelMap(L, th, new Float64Array(d));
  const { gP, z, e, px, delta, gu, gTheta, gBias, uRows, zRows } = ws;
  gP.fill(0);
  gTheta.fill(0);
  gBias.fill(0);
  const gtf = f.method === 'gtf';
  const alpha = gtf ? f.alpha : 0;
  const oB = L.offB;
  const scale = 1 / (starts.length * T * n);
  let loss = 0;
  for (const s of starts) {
    // ---- forward
    for (let t = 0; t < T; t++) {
      const ut = t * d;
      const u = uRows[t];
      const xrow = (s + t) * n;
      const forced = forcedAt(f, t);
      if (forced || gtf) {
        for (let i = 0; i < m; i++) {
          let v = 0;
          for (let j = 0; j < n; j++) v += P[i * n + j] * data[xrow + j];
          px[i] = v;
        }
      }
      if (forced) {
        u.set(px);
        // the LSTM's c is kept (0 at the window's start)
        for (let i = m; i < d; i++) u[i] = t === 0 ? 0 : z[ut - d + i];
      } else if (gtf) {
        for (let i = 0; i < m; i++) u[i] = (1 - alpha) * z[ut - d + i] + alpha * px[i];
        for (let i = m; i < d; i++) u[i] = z[ut - d + i];
      } else u.set(zRows[t - 1]);
      map.step(u, zRows[t], t); // z_{t+1} = F(u_t), stored at row t
      const yrow = (s + t + 1) * n;
      for (let k = 0; k < n; k++) {
        let v = -data[yrow + k];
        const bk = oB + k * m;
        for (let i = 0; i < m; i++) v += th[bk + i] * z[ut + i];
        e[t * n + k] = v;
        loss += v * v;
      }
    }
    if (!grad) continue;
    // ---- backward
    delta.fill(0);
    const c = 2 * scale;
    for (let t = T - 1; t >= 0; t--) {
      const ut = t * d;
      // loss at z_{t+1}: δ += c·Bᵀe_t, dB += c·e_t z_{t+1}ᵀ
      for (let k = 0; k < n; k++) {
        const ek = c * e[t * n + k];
        if (ek === 0) continue;
        const bk = oB + k * m;
        for (let i = 0; i < m; i++) {
          delta[i] += th[bk + i] * ek;
          grad[bk + i] += ek * z[ut + i];
        }
      }
      // through F: its parameters, its bias and g_u = J_F(u_t)ᵀ δ
      map.backward(uRows[t], t, delta, gTheta, gu, gBias);
      // into the previous state and the forcing signal
      const xrow = (s + t) * n;
      if (forcedAt(f, t)) {
        for (let i = 0; i < m; i++) {
          const g = gu[i];
          for (let j = 0; j < n; j++) gP[i * n + j] += g * data[xrow + j];
        }
        delta.fill(0, 0, m);
        for (let i = m; i < d; i++) delta[i] = gu[i];
      } else if (gtf) {
        for (let i = 0; i < m; i++) {
          const g = gu[i];
          for (let j = 0; j < n; j++) gP[i * n + j] += alpha * g * data[xrow + j];
          delta[i] = (1 - alpha) * g;
        }
        for (let i = m; i < d; i++) delta[i] = gu[i];
      } else delta.set(gu);
    }
  }
  if (grad) {
    pinvBackward(B, P, gP, n, m, grad, oB);
    addMapGradient(L, gTheta, gBias, grad);
  }
  return loss * scale;
}

/**
 * grad += the latent map's gradient in θ's layout: the PLRNN map's θ is one
 * M × M matrix with A on its diagonal and W off it (W's own diagonal is not
 * trained: it belongs to A); the RNN map's θ is W; the GRU's and LSTM's are
 * gatedTrain.ts's.
 */
function addMapGradient(L: ModelLayout, gTheta: Float64Array, gBias: Float64Array, grad: Float64Array): void {
  if (isGatedKind(L.kind)) {
    addGatedGradient(L, gTheta, gBias, grad);
    return;
  }
  const m = L.m;
  if (L.kind === 'plrnn') {
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        if (i === j) grad[L.offA + i] += gTheta[i * m + i];
        else grad[L.offW + i * m + j] += gTheta[i * m + j];
      }
  } else for (let k = 0; k < m * m; k++) grad[L.offW + k] += gTheta[k];
  for (let i = 0; i < m; i++) grad[L.offH + i] += gBias[i];
}

/** Euclidean norm of a gradient. */
export function norm2(g: Float64Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return Math.sqrt(s);
}

// ---------------------------------------------------------------------------
// Free running and the trained model as a map

/**
 * The model's latent map alone, as the model module writes it (at g = 1): for
 * training (step, backward), free running and λ_max; z0 its starting state
 * (d numbers).
 */
export function modelMap(L: ModelLayout, th: Float64Array, z0: Float64Array): MapND & DiffModel {
  if (isGatedKind(L.kind)) return gatedModelMap(L, th, z0);
  // the weights as "Explore the trained model" imports them (trainedNetwork.ts)
  const { weights } = trainedNetwork(L, th);
  if (L.kind === 'plrnn') return new PlrnnMap(weights as PlrnnWeights, 1, z0);
  return new RnnMap(weights as RnnWeights, 1, 'tanh', z0, new Float64Array(L.m), { kind: 'none', amplitude: 0, period: 1 });
}

/** The forcing state B⁺x for one observation x (n numbers): d numbers, the LSTM's c = 0. */
export function encode(L: ModelLayout, th: Float64Array, x: ArrayLike<number>): Float64Array {
  const { m, n } = L;
  const P = pinv(th.subarray(L.offB, L.offB + n * m), n, m);
  const z = new Float64Array(L.d);
  for (let i = 0; i < m; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += P[i * n + j] * x[j];
    z[i] = v;
  }
  return z;
}

export interface Generated {
  /** x̂_1 … x̂_steps (steps × n); rows after a divergence are NaN. */
  x: Float64Array;
  /** Steps generated before the state left |z| ≤ DIVERGENCE_BOUND (steps if it never did). */
  finiteSteps: number;
  diverged: boolean;
  /** The latent state at the end (null if diverged). */
  zEnd: Float64Array | null;
}

/** Free-running generation from z0 (no forcing): x̂_t = B z_t (B h_t for the GRU and LSTM) for t = 1 … steps. */
export function generate(L: ModelLayout, th: Float64Array, z0: Float64Array, steps: number): Generated {
  const { m, n, d } = L;
  const map = modelMap(L, th, z0);
  let z = Float64Array.from(z0);
  let nz = new Float64Array(d);
  const x = new Float64Array(steps * n).fill(NaN);
  const oB = L.offB;
  for (let t = 0; t < steps; t++) {
    map.step(z, nz, t);
    [z, nz] = [nz, z];
    let ok = true;
    for (let i = 0; i < d; i++) if (isDiverged(z[i])) ok = false;
    if (!ok) return { x, finiteSteps: t, diverged: true, zEnd: null };
    for (let k = 0; k < n; k++) {
      let v = 0;
      for (let i = 0; i < m; i++) v += th[oB + k * m + i] * z[i];
      x[t * n + k] = v;
    }
  }
  return { x, finiteSteps: steps, diverged: false, zEnd: z };
}
