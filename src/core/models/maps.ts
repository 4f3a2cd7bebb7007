/**
 * One-dimensional maps x ↦ f(x) with their derivative, written for hot loops:
 * `fd(x)` returns f(x) and leaves f′(x) in `this.d`, so nothing is allocated
 * per step. Each class is monomorphic; callers keep one instance per job.
 * f and fd return bit-identical values, so an orbit does not depend on
 * whether its derivative was also wanted.
 */
import { Act, phi } from './activations';
import type { Net1dWeights, OutputMode } from './net1d';
import { netPieces, tentPieces, type Piece } from './piecewise';

export interface Map1D {
  /** f(x). */
  f(x: number): number;
  /**
   * f(x); also sets `d` = f′(x). At a kink of a piecewise-linear map this is
   * the right derivative f′(x⁺): floating-point orbits of such maps do land on
   * kinks exactly (the tent map collapses onto its fixed point 0).
   */
  fd(x: number): number;
  d: number;
  /** True when f is piecewise linear (exact periodic points are possible). */
  readonly piecewiseLinear: boolean;
  /** The exact linear pieces of f over ℝ, for piecewise-linear maps (null otherwise). */
  pieces(): Piece[] | null;
  /**
   * A bounded interval that holds every periodic orbit of f (e.g. the hull of
   * f(ℝ)), or null when f is unbounded and no such interval is known.
   */
  periodicWindow(): [number, number] | null;
}

const OUT_IDENTITY = 0;
const OUT_ACT = 1;
const OUT_CLIP = 2;

/** f(x) = σ_out(Σᵢ aᵢ φ(wᵢx + bᵢ) + c). The single neuron is the case k = 1. */
export class NetMap implements Map1D {
  d = 0;
  readonly piecewiseLinear: boolean;
  private readonly w: Float64Array;
  private readonly b: Float64Array;
  private readonly a: Float64Array;
  private readonly aw: Float64Array;
  private readonly c: number;
  private readonly k: number;
  private readonly act: Act;
  private readonly out: number;
  private readonly outMode: OutputMode;

  constructor(net: Net1dWeights, act: Act, out: OutputMode) {
    this.outMode = out;
    this.w = net.w;
    this.b = net.b;
    this.a = net.a;
    this.c = net.c;
    this.k = net.w.length;
    this.aw = new Float64Array(this.k);
    for (let i = 0; i < this.k; i++) this.aw[i] = net.a[i] * net.w[i];
    this.act = act;
    this.out = out === 'identity' ? OUT_IDENTITY : out === 'act' ? OUT_ACT : OUT_CLIP;
    // σ_out (identity, clip, or φ itself) keeps a piecewise-linear φ piecewise linear.
    this.piecewiseLinear = act === Act.Relu || act === Act.HardTanh || act === Act.Linear;
  }

  f(x: number): number {
    const { w, b, a, k } = this;
    let s = 0;
    switch (this.act) {
      case Act.Tanh:
        for (let i = 0; i < k; i++) s += a[i] * Math.tanh(w[i] * x + b[i]);
        break;
      case Act.Relu:
        for (let i = 0; i < k; i++) {
          const z = w[i] * x + b[i];
          if (z > 0) s += a[i] * z;
        }
        break;
      case Act.Sigmoid:
        for (let i = 0; i < k; i++) s += a[i] * (1 / (1 + Math.exp(-(w[i] * x + b[i])))); // as in fd: bit-identical orbits
        break;
      case Act.HardTanh:
        for (let i = 0; i < k; i++) {
          const z = w[i] * x + b[i];
          s += a[i] * (z > 1 ? 1 : z < -1 ? -1 : z);
        }
        break;
      case Act.Linear:
        for (let i = 0; i < k; i++) s += a[i] * (w[i] * x + b[i]);
        break;
      case Act.Sin:
        for (let i = 0; i < k; i++) s += a[i] * Math.sin(w[i] * x + b[i]);
        break;
    }
    return this.output(s + this.c, 0, false);
  }

  fd(x: number): number {
    const { w, b, a, aw, k } = this;
    let s = 0;
    let ds = 0;
    switch (this.act) {
      case Act.Tanh:
        for (let i = 0; i < k; i++) {
          const t = Math.tanh(w[i] * x + b[i]);
          s += a[i] * t;
          ds += aw[i] * (1 - t * t);
        }
        break;
      case Act.Relu:
        for (let i = 0; i < k; i++) {
          const z = w[i] * x + b[i];
          if (z > 0) {
            s += a[i] * z;
            ds += aw[i];
          } else if (z === 0 && w[i] > 0) ds += aw[i]; // right derivative at the kink
        }
        break;
      case Act.Sigmoid:
        for (let i = 0; i < k; i++) {
          const q = 1 / (1 + Math.exp(-(w[i] * x + b[i])));
          s += a[i] * q;
          ds += aw[i] * q * (1 - q);
        }
        break;
      case Act.HardTanh:
        for (let i = 0; i < k; i++) {
          const z = w[i] * x + b[i];
          if (z > 1) s += a[i];
          else if (z < -1) s -= a[i];
          else {
            s += a[i] * z;
            // right derivative in x: at z = ±1 the unit is linear only if x moves z inwards
            if ((z < 1 || w[i] < 0) && (z > -1 || w[i] > 0)) ds += aw[i];
          }
        }
        break;
      case Act.Linear:
        for (let i = 0; i < k; i++) {
          s += a[i] * (w[i] * x + b[i]);
          ds += aw[i];
        }
        break;
      case Act.Sin:
        for (let i = 0; i < k; i++) {
          const z = w[i] * x + b[i];
          s += a[i] * Math.sin(z);
          ds += aw[i] * Math.cos(z);
        }
        break;
    }
    return this.output(s + this.c, ds, true);
  }

  pieces(): Piece[] | null {
    return netPieces({ w: this.w, b: this.b, a: this.a, c: this.c }, this.act, this.outMode);
  }

  periodicWindow(): [number, number] | null {
    if (this.out === OUT_CLIP) return [0, 1];
    const range = actRange(this.act);
    if (this.out === OUT_ACT) return range && Number.isFinite(range[0]) && Number.isFinite(range[1]) ? range : null;
    if (!range || !Number.isFinite(range[0]) || !Number.isFinite(range[1])) return null;
    // f(ℝ) ⊂ c + Σ aᵢ·[φmin, φmax]
    let lo = this.c;
    let hi = this.c;
    for (let i = 0; i < this.k; i++) {
      if (this.w[i] === 0) {
        const v = this.a[i] * phi(this.act, this.b[i]);
        lo += v;
        hi += v;
        continue;
      }
      lo += Math.min(this.a[i] * range[0], this.a[i] * range[1]);
      hi += Math.max(this.a[i] * range[0], this.a[i] * range[1]);
    }
    return [lo, hi];
  }

  /** Apply σ_out to the pre-activation p (with derivative ds of p). */
  private output(p: number, ds: number, withD: boolean): number {
    switch (this.out) {
      case OUT_IDENTITY:
        if (withD) this.d = ds;
        return p;
      case OUT_CLIP:
        if (p < 0 || p > 1) {
          if (withD) this.d = 0;
          return p < 0 ? 0 : 1;
        }
        if (withD) this.d = (p === 0 && ds < 0) || (p === 1 && ds > 0) ? 0 : ds;
        return p; // also NaN, which the caller reports as divergence
      default:
        return this.outputAct(p, ds, withD);
    }
  }

  private outputAct(p: number, ds: number, withD: boolean): number {
    switch (this.act) {
      case Act.Tanh: {
        const t = Math.tanh(p);
        if (withD) this.d = (1 - t * t) * ds;
        return t;
      }
      case Act.Relu:
        if (withD) this.d = p > 0 || (p === 0 && ds > 0) ? ds : 0;
        return p > 0 ? p : p <= 0 ? 0 : p;
      case Act.Sigmoid: {
        const q = 1 / (1 + Math.exp(-p));
        if (withD) this.d = q * (1 - q) * ds;
        return q;
      }
      case Act.HardTanh:
        if (withD) this.d = p > 1 || p < -1 || (p === 1 && ds > 0) || (p === -1 && ds < 0) ? 0 : ds;
        return p > 1 ? 1 : p < -1 ? -1 : p;
      case Act.Linear:
        if (withD) this.d = ds;
        return p;
      case Act.Sin:
        if (withD) this.d = Math.cos(p) * ds;
        return Math.sin(p);
    }
  }
}

/** Range of φ over ℝ (its closure), or null if unknown. */
function actRange(act: Act): [number, number] | null {
  switch (act) {
    case Act.Tanh:
    case Act.HardTanh:
    case Act.Sin:
      return [-1, 1];
    case Act.Sigmoid:
      return [0, 1];
    case Act.Relu:
      return [0, Infinity];
    case Act.Linear:
      return [-Infinity, Infinity];
  }
}

/** Logistic map f(x) = r·x·(1 − x). */
export class LogisticMap implements Map1D {
  d = 0;
  readonly piecewiseLinear = false;
  constructor(private readonly r: number) {}
  pieces(): null {
    return null;
  }
  /** For 0 ≤ r ≤ 4 every bounded orbit, hence every periodic one, lies in [0, 1]. */
  periodicWindow(): [number, number] {
    return [0, 1];
  }
  f(x: number): number {
    return this.r * x * (1 - x);
  }
  fd(x: number): number {
    this.d = this.r * (1 - 2 * x);
    return this.r * x * (1 - x);
  }
}

/** Tent map f(x) = μ·min(x, 1 − x). */
export class TentMap implements Map1D {
  d = 0;
  readonly piecewiseLinear = true;
  constructor(private readonly mu: number) {}
  pieces(): Piece[] {
    return tentPieces(this.mu);
  }
  /** For 0 ≤ μ ≤ 2 orbits outside [0, 1] run off to −∞: periodic orbits lie in [0, 1]. */
  periodicWindow(): [number, number] {
    return [0, 1];
  }
  f(x: number): number {
    return this.mu * (x < 0.5 ? x : 1 - x);
  }
  fd(x: number): number {
    if (x < 0.5) {
      this.d = this.mu;
      return this.mu * x;
    }
    this.d = -this.mu;
    return this.mu * (1 - x);
  }
}
