/**
 * Vector maps h ↦ F(h) (PRODUCT.md M3, M4, M5): the random RNN, the PLRNN of
 * Paper A and the Hénon map, with what the Lyapunov spectrum needs: one step,
 * the Jacobian applied to a frame of tangent vectors, and ln|det J|.
 *
 * Matrices are flat row-major Float64Arrays; frames Q are n × k row-major.
 */
import { Act, actCode, dphi, phi, type Activation } from './activations';
import { Rng } from '../linalg/rng';
import { logAbsDet, matmul, matvec, matvec2, randomOrthogonal } from '../linalg/dense';
import { arenaDoubles, packRowPairs, type Arena } from '../linalg/simd';

export const MODELS_ND = ['rnn', 'plrnn', 'henon'] as const;
export type ModelND = (typeof MODELS_ND)[number];

export const W_LAWS = ['gauss', 'orth', 'he', 'xavier', 'torch'] as const;
export type WLaw = (typeof W_LAWS)[number];

export const INPUTS = ['none', 'const', 'sine'] as const;
export type InputKind = (typeof INPUTS)[number];

export interface MapND {
  readonly n: number;
  /** A starting state (seeded). */
  initialState(): Float64Array;
  /** next = F(x) at step t (t matters only for input-driven maps). */
  step(x: Float64Array, next: Float64Array, t: number): void;
  /**
   * next = F(x) and Y = J(x)·Q for an n × k frame Q; returns ln|det J(x)| when
   * `logDet` is asked for (full spectrum), 0 otherwise.
   */
  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, t: number, logDet: boolean): number;
  /** The dense Jacobian J(x) (n × n). */
  jacobian(x: Float64Array, J: Float64Array, t: number): void;
  /**
   * Optional wasm fast path (src/core/simd.ts): the doubles `bind` takes from an
   * arena, and the same map with its weights copied into that arena. The bound
   * map runs the wasm kernels when the arrays it is given are views of the same
   * arena (the JS path otherwise) and gives the same bits as this map.
   */
  arenaDoubles?(): number;
  bind?(arena: Arena): MapND;
}

/** Weights of an RNN h ← φ(W h + b + u_t), at g = 1. */
export interface RnnWeights {
  W: Float64Array;
  b: Float64Array;
}

/** Weights of a PLRNN z ← A⊙z + W·ReLU(z) + h, at g = 1 (W has a zero diagonal). */
export interface PlrnnWeights {
  A: Float64Array;
  W: Float64Array;
  h: Float64Array;
}

/** Variance of one entry of W (times N) under each law at g = 1: σ_w² of mean-field theory. */
export const LAW_SIGMA2: Record<WLaw, number> = { gauss: 1, orth: 1, he: 2, xavier: 1, torch: 1 / 3 };

/**
 * Draw an RNN from the seed: W (n² values, row-major), then b, then h₀, then
 * the input direction v. W = g·(law), b ~ N(0, σ_b²). The same seed with another
 * g gives the same network up to that scale.
 */
export function drawRnn(n: number, law: WLaw, seed: number, sb: number): { weights: RnnWeights; h0: Float64Array; v: Float64Array } {
  const rng = new Rng(seed);
  const normal = () => rng.normal();
  let W: Float64Array;
  if (law === 'orth') {
    W = randomOrthogonal(n, normal);
  } else {
    W = new Float64Array(n * n);
    const s = law === 'he' ? Math.sqrt(2 / n) : law === 'torch' ? 1 / Math.sqrt(n) : Math.sqrt(1 / n);
    for (let i = 0; i < n * n; i++) W[i] = law === 'torch' ? s * (2 * rng.uniform() - 1) : s * rng.normal();
  }
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = sb * rng.normal();
  const h0 = new Float64Array(n);
  for (let i = 0; i < n; i++) h0[i] = rng.normal();
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return { weights: { W, b }, h0, v };
}

/**
 * Draw a PLRNN as Paper A's code does: AW ~ U(±1/√M) (A its diagonal, W the
 * rest), h ~ U(±1/√M); then z₀ ~ N(0, 1). g scales A and W.
 */
export function drawPlrnn(m: number, seed: number): { weights: PlrnnWeights; z0: Float64Array } {
  const rng = new Rng(seed);
  const s = 1 / Math.sqrt(m);
  const A = new Float64Array(m);
  const W = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      const v = s * (2 * rng.uniform() - 1);
      if (i === j) A[i] = v;
      else W[i * m + j] = v;
    }
  const h = new Float64Array(m);
  for (let i = 0; i < m; i++) h[i] = s * (2 * rng.uniform() - 1);
  const z0 = new Float64Array(m);
  for (let i = 0; i < m; i++) z0[i] = rng.normal();
  return { weights: { A, W, h }, z0 };
}

export interface InputSpec {
  kind: InputKind;
  amplitude: number;
  period: number;
}

export class RnnMap implements MapND {
  readonly n: number;
  /** g·W, b, φ, ln|det gW|, the input (read by RnnMapInArena). */
  readonly Wg: Float64Array;
  readonly b: Float64Array;
  readonly act: Act;
  private readonly z: Float64Array;
  private readonly d: Float64Array;
  /** ln|det gW| for the sum rule, computed on first use (O(n³): not on every frame of a drag). */
  get logDetWg(): number {
    return (this.logDetCache ??= logAbsDet(this.n, this.Wg));
  }
  private logDetCache: number | null = null;
  private readonly v: Float64Array;
  private readonly input: InputSpec;
  private readonly h0: Float64Array;

  constructor(weights: RnnWeights, g: number, act: Activation, h0: Float64Array, v: Float64Array, input: InputSpec) {
    this.n = weights.b.length;
    const n = this.n;
    this.Wg = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) this.Wg[i] = g * weights.W[i];
    this.b = weights.b;
    this.act = actCode(act);
    this.z = new Float64Array(n);
    this.d = new Float64Array(n);
    this.v = v;
    this.input = input;
    this.h0 = h0;
  }

  initialState(): Float64Array {
    return Float64Array.from(this.h0);
  }

  /** z = gW·x + b + u_t. */
  private pre(x: Float64Array, t: number): Float64Array {
    matvec(this.n, this.n, this.Wg, x, this.b, this.z);
    this.addInput(t);
    return this.z;
  }

  /** z += u_t·v (nothing without input). */
  private addInput(t: number): void {
    this.addInputTo(this.z, t);
  }

  /** z += u_t·v for a given z (nothing without input). */
  addInputTo(z: Float64Array, t: number): void {
    const { kind, amplitude, period } = this.input;
    if (kind !== 'none') {
      const u = kind === 'const' ? amplitude : amplitude * Math.sin((2 * Math.PI * t) / period);
      for (let i = 0; i < this.n; i++) z[i] += u * this.v[i];
    }
  }

  arenaDoubles(): number {
    const n = this.n;
    return arenaDoubles(n * n, n * n, n, n, n);
  }

  bind(arena: Arena): MapND {
    return new RnnMapInArena(this, arena);
  }

  step(x: Float64Array, next: Float64Array, t: number): void {
    const z = this.pre(x, t);
    const act = this.act;
    if (act === Act.Tanh) for (let i = 0; i < this.n; i++) next[i] = Math.tanh(z[i]);
    else for (let i = 0; i < this.n; i++) next[i] = phi(act, z[i]);
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, t: number, logDet: boolean): number {
    const n = this.n;
    const z = this.z;
    // one tangent vector: gW·x and gW·q in one sweep over gW (λ_max costs two matvecs a step)
    if (k === 1) matvec2(n, n, this.Wg, x, this.b, z, Q, Y);
    else matvec(n, n, this.Wg, x, this.b, z);
    this.addInput(t);
    const d = this.d;
    if (this.act === Act.Tanh) {
      for (let i = 0; i < n; i++) {
        const h = Math.tanh(z[i]);
        next[i] = h;
        d[i] = 1 - h * h;
      }
    } else {
      for (let i = 0; i < n; i++) {
        next[i] = phi(this.act, z[i]);
        d[i] = dphi(this.act, z[i]);
      }
    }
    // Y = diag(d)·gW·Q (the scaling fused into the product's tiles)
    if (k === 1) for (let i = 0; i < n; i++) Y[i] *= d[i];
    else matmul(n, n, k, this.Wg, Q, Y, d);
    if (!logDet) return 0;
    let ld = this.logDetWg;
    for (let i = 0; i < n; i++) ld += Math.log(Math.abs(d[i]));
    return ld;
  }

  jacobian(x: Float64Array, J: Float64Array, t: number): void {
    const n = this.n;
    const z = this.pre(x, t);
    for (let i = 0; i < n; i++) {
      const di = dphi(this.act, z[i]);
      for (let j = 0; j < n; j++) J[i * n + j] = di * this.Wg[i * n + j];
    }
  }
}

/**
 * An RnnMap whose gW (also packed by row pairs), b and work vectors live in a
 * wasm arena: with x, next, Q, Y (and J) in the same arena, W·x (+ W·q for one
 * tangent vector) runs as `matvec_packed`/`matvec2_packed`, the frame product
 * diag(d)·gW·Q as `matmul`, and the Jacobian as `scale_rows`, all bit for bit
 * the JS path's results; φ, the input and ln|det J| stay in JS (O(n) a step).
 * Arrays outside the arena go to the plain map.
 */
class RnnMapInArena implements MapND {
  readonly n: number;
  private readonly Wg: Float64Array;
  private readonly Wp: Float64Array;
  private readonly b: Float64Array;
  private readonly z: Float64Array;
  private readonly d: Float64Array;

  constructor(
    private readonly base: RnnMap,
    private readonly arena: Arena,
  ) {
    const n = base.n;
    this.n = n;
    this.Wg = arena.alloc(n * n);
    this.Wg.set(base.Wg);
    this.Wp = packRowPairs(n, n, base.Wg, arena.alloc(n * n));
    this.b = arena.alloc(n);
    this.b.set(base.b);
    this.z = arena.alloc(n);
    this.d = arena.alloc(n);
  }

  initialState(): Float64Array {
    return this.base.initialState();
  }

  /** next = φ(z) (and d = φ′(z) when asked), from this.z. */
  private activate(next: Float64Array, d: Float64Array | null): void {
    const n = this.n;
    const z = this.z;
    const act = this.base.act;
    if (act === Act.Tanh) {
      if (d)
        for (let i = 0; i < n; i++) {
          const h = Math.tanh(z[i]);
          next[i] = h;
          d[i] = 1 - h * h;
        }
      else for (let i = 0; i < n; i++) next[i] = Math.tanh(z[i]);
    } else {
      for (let i = 0; i < n; i++) next[i] = phi(act, z[i]);
      if (d) for (let i = 0; i < n; i++) d[i] = dphi(act, z[i]);
    }
  }

  step(x: Float64Array, next: Float64Array, t: number): void {
    if (!this.arena.owns(x)) return this.base.step(x, next, t);
    this.arena.k.matvec_packed(this.n, this.n, this.Wp.byteOffset, x.byteOffset, this.b.byteOffset, this.z.byteOffset);
    this.base.addInputTo(this.z, t);
    this.activate(next, null);
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, t: number, logDet: boolean): number {
    const ar = this.arena;
    if (!(ar.owns(x) && ar.owns(Q) && ar.owns(Y))) return this.base.tangentStep(x, next, Q, Y, k, t, logDet);
    const n = this.n;
    const z = this.z;
    const d = this.d;
    if (k === 1) ar.k.matvec2_packed(n, n, this.Wp.byteOffset, x.byteOffset, this.b.byteOffset, z.byteOffset, Q.byteOffset, Y.byteOffset);
    else ar.k.matvec_packed(n, n, this.Wp.byteOffset, x.byteOffset, this.b.byteOffset, z.byteOffset);
    this.base.addInputTo(z, t);
    this.activate(next, d);
    if (k === 1) for (let i = 0; i < n; i++) Y[i] *= d[i];
    else ar.k.matmul(n, n, k, this.Wg.byteOffset, Q.byteOffset, Y.byteOffset, d.byteOffset);
    if (!logDet) return 0;
    let ld = this.base.logDetWg;
    for (let i = 0; i < n; i++) ld += Math.log(Math.abs(d[i]));
    return ld;
  }

  jacobian(x: Float64Array, J: Float64Array, t: number): void {
    const ar = this.arena;
    if (!(ar.owns(x) && ar.owns(J))) return this.base.jacobian(x, J, t);
    const n = this.n;
    ar.k.matvec_packed(n, n, this.Wp.byteOffset, x.byteOffset, this.b.byteOffset, this.z.byteOffset);
    this.base.addInputTo(this.z, t);
    const z = this.z;
    const d = this.d;
    const act = this.base.act;
    for (let i = 0; i < n; i++) d[i] = dphi(act, z[i]);
    ar.k.scale_rows(n, n, this.Wg.byteOffset, d.byteOffset, J.byteOffset);
  }
}

export class PlrnnMap implements MapND {
  readonly n: number;
  private readonly A: Float64Array;
  private readonly W: Float64Array;
  private readonly h: Float64Array;
  private readonly WD: Float64Array;
  private readonly J: Float64Array;
  private readonly lu: Float64Array;
  private readonly z0: Float64Array;

  constructor(weights: PlrnnWeights, g: number, z0: Float64Array) {
    this.n = weights.h.length;
    const n = this.n;
    this.A = weights.A.map((a) => g * a);
    this.W = weights.W.map((w) => g * w);
    this.h = weights.h;
    this.WD = new Float64Array(n * n);
    this.J = new Float64Array(n * n);
    this.lu = new Float64Array(n * n);
    this.z0 = z0;
  }

  initialState(): Float64Array {
    return Float64Array.from(this.z0);
  }

  step(x: Float64Array, next: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n; i++) {
      let s = this.A[i] * x[i] + this.h[i];
      const wi = i * n;
      for (let j = 0; j < n; j++) if (x[j] > 0) s += this.W[wi + j] * x[j];
      next[i] = s;
    }
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, _t: number, logDet: boolean): number {
    const n = this.n;
    // W·diag(1[x > 0]): J = diag(A) + W D
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) this.WD[i * n + j] = x[j] > 0 ? this.W[i * n + j] : 0;
    if (k === 1) matvec(n, n, this.WD, Q, null, Y);
    else matmul(n, n, k, this.WD, Q, Y);
    for (let i = 0; i < n; i++) {
      const ai = this.A[i];
      const ri = i * k;
      for (let c = 0; c < k; c++) Y[ri + c] += ai * Q[ri + c];
    }
    let ld = 0;
    if (logDet) {
      this.jacobian(x, this.J);
      ld = logAbsDet(n, this.J, this.lu);
    }
    this.step(x, next);
    return ld;
  }

  jacobian(x: Float64Array, J: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) J[i * n + j] = (i === j ? this.A[i] : 0) + (x[j] > 0 ? this.W[i * n + j] : 0);
  }
}

/** Hénon map (x, y) ↦ (1 − a·x² + y, b·x). */
export class HenonMap implements MapND {
  readonly n = 2;
  constructor(
    private readonly a: number,
    private readonly b: number,
    private readonly x0: number,
  ) {}

  initialState(): Float64Array {
    return Float64Array.of(this.x0, 0);
  }

  step(x: Float64Array, next: Float64Array): void {
    const x0 = x[0];
    next[0] = 1 - this.a * x0 * x0 + x[1];
    next[1] = this.b * x0;
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, _t: number, logDet: boolean): number {
    const j00 = -2 * this.a * x[0];
    for (let c = 0; c < k; c++) {
      const q0 = Q[c];
      const q1 = Q[k + c];
      Y[c] = j00 * q0 + q1;
      Y[k + c] = this.b * q0;
    }
    this.step(x, next);
    return logDet ? Math.log(Math.abs(this.b)) : 0;
  }

  jacobian(x: Float64Array, J: Float64Array): void {
    J[0] = -2 * this.a * x[0];
    J[1] = 1;
    J[2] = this.b;
    J[3] = 0;
  }
}
