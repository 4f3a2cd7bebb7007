/**
 * The 1-D network of Paper B (Chatziafratis et al. 2022),
 * f(x) = σ_out(Σᵢ aᵢ φ(wᵢx + bᵢ) + c): its seeded draw, its map with derivative
 * and backward pass, its exact pieces for piecewise-linear φ, its weight files
 * and its numpy source. The single neuron (neuron.ts) is the case k = 1.
 *
 * Every law is "scale × z" with z drawn once from the seed, so the same seed
 * with another g (or bias scale) gives the same network up to that scale.
 * Draw order from one stream: z for w[0..k), b[0..k), a[0..k), then c.
 */
import { Act, ACTIVATIONS, ACTIVATION_INFO, actCode, dphi, encloseActivation, encloseMonotone, maxSlope, phi, type Activation } from './activations';
import { EXP_TABLE_AT, sharedWork, type KernelExports } from '../linalg/simd';
import { affine, down, iv, mul, up } from '../linalg/interval';
import { fmt } from '../format';
import { Rng } from '../linalg/rng';
import { OUTPUTS, initLaw, type InitScheme, type OutputMode } from './laws';
import { compose, interiorPoint, mergePieces, type Piece } from './piecewise';
import { numberArray, activationOf, quote } from './weightFields';
import { PY_NET_MAP, pyArray, pyNumber, pyStr } from './numpy';
import type { DiffModel, DiffSetup, Map1D, Model1DModule, ModelParams, Net1dWeights, SweepParam } from './types';
import { cos, sigmoid, sin, tanh } from '../linalg/elementary';

export type { Net1dWeights } from './types';

/** The z-scores of a seeded network, in the draw order; the weights are these times the law's scales. */
export function net1dZScores(init: InitScheme, k: number, seed: number): { s1: number; s2: number; dist: 'normal' | 'uniform'; zw: Float64Array; zb: Float64Array; za: Float64Array; zc: number } {
  const law = initLaw(init, k);
  const rng = new Rng(seed);
  const z = law.dist === 'normal' ? () => rng.normal() : () => 2 * rng.uniform() - 1;
  const zw = new Float64Array(k);
  const zb = new Float64Array(k);
  const za = new Float64Array(k);
  for (let i = 0; i < k; i++) zw[i] = z();
  for (let i = 0; i < k; i++) zb[i] = z();
  for (let i = 0; i < k; i++) za[i] = z();
  return { s1: law.s1, s2: law.s2, dist: law.dist, zw, zb, za, zc: z() };
}

/** Draw a width-k network from the seed, with weight scale g and bias scale sb: (g·s)·z. */
export function drawNet1d(scheme: InitScheme, k: number, seed: number, g: number, sb: number): Net1dWeights {
  const z = net1dZScores(scheme, k, seed);
  const w = new Float64Array(k);
  const b = new Float64Array(k);
  const a = new Float64Array(k);
  const gw = g * z.s1;
  const bw = sb * z.s1;
  const ga = g * z.s2;
  for (let i = 0; i < k; i++) w[i] = gw * z.zw[i];
  for (let i = 0; i < k; i++) b[i] = bw * z.zb[i];
  for (let i = 0; i < k; i++) a[i] = ga * z.za[i];
  return { w, b, a, c: sb * z.s2 * z.zc };
}

/** Scale imported weights the way g and the bias scale act on a seeded network. */
export function scaleNet1d(net: Net1dWeights, g: number, sb: number): Net1dWeights {
  const k = net.w.length;
  const w = new Float64Array(k);
  const b = new Float64Array(k);
  const a = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    w[i] = g * net.w[i];
    b[i] = sb * net.b[i];
    a[i] = g * net.a[i];
  }
  return { w, b, a, c: sb * net.c };
}

const OUT_IDENTITY = 0;
const OUT_ACT = 1;
const OUT_CLIP = 2;

/**
 * f(x) = σ_out(Σᵢ aᵢ φ(wᵢx + bᵢ) + c). As a differentiable model θ = (w₁ … w_k,
 * a₁ … a_k): w and a are views of θ; b and c are fixed. (`fd` reads the cached
 * products aᵢwᵢ, made once: a perturbed θ changes f, step and backward only.)
 */
export class NetMap implements Map1D, DiffModel {
  d = 0;
  readonly n = 1;
  readonly piecewiseLinear: boolean;
  readonly theta: Float64Array;
  readonly thetaLabel: string;
  private readonly w: Float64Array;
  private readonly b: Float64Array;
  private readonly a: Float64Array;
  private readonly aw: Float64Array;
  private readonly c: number;
  private readonly k: number;
  private readonly act: Act;
  private readonly out: number;
  private readonly outMode: OutputMode;
  /**
   * For tanh from a few units on: the wasm kernel tanh_vec (all k tanh in one
   * call beat k scalar calls) with its work vectors (pre-activations, tanh,
   * 1 − tanh²) in a shared arena; null: the JS loop. Both give the same bits.
   */
  private readonly vec: { kernel: KernelExports['tanh_vec']; z: Float64Array; t: Float64Array; d: Float64Array } | null = null;

  constructor(net: Net1dWeights, act: Act, out: OutputMode, thetaLabel = '(w, a)') {
    this.outMode = out;
    this.k = net.w.length;
    this.theta = new Float64Array(2 * this.k);
    this.theta.set(net.w, 0);
    this.theta.set(net.a, this.k);
    this.w = this.theta.subarray(0, this.k);
    this.a = this.theta.subarray(this.k);
    this.thetaLabel = thetaLabel;
    this.b = net.b;
    this.c = net.c;
    this.aw = new Float64Array(this.k);
    for (let i = 0; i < this.k; i++) this.aw[i] = net.a[i] * net.w[i];
    this.act = act;
    this.out = out === 'identity' ? OUT_IDENTITY : out === 'act' ? OUT_ACT : OUT_CLIP;
    // σ_out (identity, clip, or φ itself) keeps a piecewise-linear φ piecewise linear.
    this.piecewiseLinear = act === Act.Relu || act === Act.HardTanh || act === Act.Linear;
    const work = act === Act.Tanh && this.k >= 4 ? sharedWork(2 * this.k) : null; // 2k: enclose's ends
    if (work) this.vec = { kernel: work.arena.k.tanh_vec, z: work.views[0], t: work.views[1], d: work.views[2] };
  }

  /** The network's weights (views, not copies). */
  get weights(): Net1dWeights {
    return { w: this.w, b: this.b, a: this.a, c: this.c };
  }

  f(x: number): number {
    const { w, b, a, k } = this;
    let s = 0;
    switch (this.act) {
      case Act.Tanh:
        if (this.vec) {
          const { z, t } = this.vec;
          for (let i = 0; i < k; i++) z[i] = w[i] * x + b[i];
          this.vec.kernel(k, z.byteOffset, t.byteOffset, 0, EXP_TABLE_AT);
          for (let i = 0; i < k; i++) s += a[i] * t[i];
        } else for (let i = 0; i < k; i++) s += a[i] * tanh(w[i] * x + b[i]);
        break;
      case Act.Relu:
        for (let i = 0; i < k; i++) {
          const z = w[i] * x + b[i];
          if (z > 0) s += a[i] * z;
        }
        break;
      case Act.Sigmoid:
        for (let i = 0; i < k; i++) s += a[i] * sigmoid(w[i] * x + b[i]); // as in fd: bit-identical orbits
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
        for (let i = 0; i < k; i++) s += a[i] * sin(w[i] * x + b[i]);
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
        if (this.vec) {
          const { z, t, d } = this.vec;
          for (let i = 0; i < k; i++) z[i] = w[i] * x + b[i];
          this.vec.kernel(k, z.byteOffset, t.byteOffset, d.byteOffset, EXP_TABLE_AT);
          for (let i = 0; i < k; i++) {
            s += a[i] * t[i];
            ds += aw[i] * d[i];
          }
        } else
          for (let i = 0; i < k; i++) {
            const t = tanh(w[i] * x + b[i]);
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
          const q = sigmoid(w[i] * x + b[i]);
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
          s += a[i] * sin(z);
          ds += aw[i] * cos(z);
        }
        break;
    }
    return this.output(s + this.c, ds, true);
  }

  step(x: Float64Array, out: Float64Array): void {
    out[0] = this.f(x[0]);
  }

  backward(x: Float64Array, _t: number, g: Float64Array, grad: Float64Array, gx: Float64Array): void {
    const { k, w, a, b, act } = this;
    const v = x[0];
    let sum = 0;
    if (this.out !== OUT_IDENTITY) {
      for (let i = 0; i < k; i++) sum += a[i] * phi(act, w[i] * v + b[i]);
      sum += this.c;
    }
    const dOut = this.out === OUT_IDENTITY ? 1 : this.out === OUT_ACT ? dphi(act, sum) : sum > 0 && sum < 1 ? 1 : 0;
    const gs = dOut * g[0];
    let dx = 0;
    for (let i = 0; i < k; i++) {
      const z = w[i] * v + b[i];
      const ai = a[i];
      const dz = dphi(act, z);
      grad[i] += gs * ai * dz * v;
      grad[k + i] += gs * phi(act, z);
      dx += ai * w[i] * dz;
    }
    gx[0] = gs * dx;
  }

  pieces(): Piece[] | null {
    return netPieces(this.weights, this.act, this.outMode);
  }

  periodicWindow(): [number, number] | null {
    if (this.out === OUT_CLIP) return [0, 1];
    const range = ACTIVATION_INFO[ACTIVATIONS[this.act]].range;
    if (this.out === OUT_ACT) return Number.isFinite(range[0]) && Number.isFinite(range[1]) ? [range[0], range[1]] : null;
    if (!Number.isFinite(range[0]) || !Number.isFinite(range[1])) return null;
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

  private readonly ivZ = iv(0);
  private readonly ivF = iv(0);
  private readonly ivD = iv(0);

  enclose(lo: number, hi: number, out: Float64Array): void {
    const { w, b, a, aw, k, act, ivZ: Z, ivF: F, ivD: D } = this;
    let sLo = this.c;
    let sHi = this.c;
    let dLo = 0;
    let dHi = 0;
    const vec = this.vec;
    if (vec) {
      // tanh at both ends of every unit's interval in one call: ends in z[0, k) and z[k, 2k)
      for (let i = 0; i < k; i++) {
        affine(w[i], lo, hi, b[i], Z);
        vec.z[i] = Z.lo;
        vec.z[k + i] = Z.hi;
      }
      vec.kernel(2 * k, vec.z.byteOffset, vec.t.byteOffset, 0, EXP_TABLE_AT);
    }
    for (let i = 0; i < k; i++) {
      if (vec) encloseMonotone(act, vec.t[i], vec.t[k + i], F, D);
      else {
        affine(w[i], lo, hi, b[i], Z);
        encloseActivation(act, Z.lo, Z.hi, F, D);
      }
      const ai = a[i];
      sLo = down(sLo + (ai >= 0 ? down(ai * F.lo) : down(ai * F.hi)));
      sHi = up(sHi + (ai >= 0 ? up(ai * F.hi) : up(ai * F.lo)));
      const s = aw[i];
      dLo = down(dLo + (s >= 0 ? down(s * D.lo) : down(s * D.hi)));
      dHi = up(dHi + (s >= 0 ? up(s * D.hi) : up(s * D.lo)));
    }
    if (this.out === OUT_IDENTITY) {
      out[0] = sLo;
      out[1] = sHi;
      out[2] = dLo;
      out[3] = dHi;
    } else if (this.out === OUT_CLIP) {
      out[0] = Math.min(1, Math.max(0, sLo));
      out[1] = Math.min(1, Math.max(0, sHi));
      const inside = sLo > 0 && sHi < 1;
      const outside = sHi < 0 || sLo > 1;
      out[2] = outside ? 0 : inside ? dLo : Math.min(0, dLo);
      out[3] = outside ? 0 : inside ? dHi : Math.max(0, dHi);
    } else {
      // σ_out = φ: f = φ(s), f′ = φ′(s)·s′
      encloseActivation(act, sLo, sHi, F, D);
      out[0] = F.lo;
      out[1] = F.hi;
      mul(D.lo, D.hi, dLo, dHi, Z);
      out[2] = Z.lo;
      out[3] = Z.hi;
    }
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
        const t = tanh(p);
        if (withD) this.d = (1 - t * t) * ds;
        return t;
      }
      case Act.Relu:
        if (withD) this.d = p > 0 || (p === 0 && ds > 0) ? ds : 0;
        return p > 0 ? p : p <= 0 ? 0 : p;
      case Act.Sigmoid: {
        const q = sigmoid(p);
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
        if (withD) this.d = cos(p) * ds;
        return sin(p);
    }
  }
}

// ------------------------------------------------------------ exact pieces --

/** The kinks of a piecewise-linear activation, as values of its argument z. */
function activationKinks(act: Act): number[] | null {
  switch (act) {
    case Act.Relu:
      return [0];
    case Act.HardTanh:
      return [-1, 1];
    case Act.Linear:
      return [];
    default:
      return null;
  }
}

/**
 * Pieces over ℝ of f(x) = σ_out(Σᵢ aᵢ φ(wᵢx + bᵢ) + c) for piecewise-linear φ
 * (null for smooth φ). Slopes and intercepts are summed from the active units.
 */
export function netPieces(net: Net1dWeights, act: Act, out: OutputMode): Piece[] | null {
  const zk = activationKinks(act);
  if (!zk) return null;
  const k = net.w.length;
  const kinks: number[] = [];
  for (let i = 0; i < k; i++) {
    if (net.w[i] === 0) continue;
    for (const z of zk) kinks.push((z - net.b[i]) / net.w[i]);
  }
  kinks.sort((p, q) => p - q);
  const ends = [-Infinity, ...kinks.filter((x, i) => i === 0 || x !== kinks[i - 1]), Infinity];
  const pre: Piece[] = [];
  for (let j = 0; j + 1 < ends.length; j++) {
    const a = ends[j];
    const b = ends[j + 1];
    const m = interiorPoint(a, b);
    let s = 0;
    let r = net.c;
    for (let i = 0; i < k; i++) {
      const w = net.w[i];
      const z = w * m + net.b[i];
      if (act === Act.Relu) {
        if (z > 0) {
          s += net.a[i] * w;
          r += net.a[i] * net.b[i];
        }
      } else if (act === Act.HardTanh) {
        if (z > 1) r += net.a[i];
        else if (z < -1) r -= net.a[i];
        else {
          s += net.a[i] * w;
          r += net.a[i] * net.b[i];
        }
      } else {
        s += net.a[i] * w;
        r += net.a[i] * net.b[i];
      }
    }
    pre.push({ a, b, s, r });
  }
  const outMap = outputPieces(out, act);
  return outMap ? (compose(outMap, pre) as Piece[]) : mergePieces(pre);
}

/** σ_out as pieces (null for the identity). */
function outputPieces(out: OutputMode, act: Act): Piece[] | null {
  const clamp = (lo: number, hi: number): Piece[] => [
    { a: -Infinity, b: lo, s: 0, r: lo },
    { a: lo, b: hi, s: 1, r: 0 },
    { a: hi, b: Infinity, s: 0, r: hi },
  ];
  if (out === 'identity') return null;
  if (out === 'clip') return clamp(0, 1);
  switch (act) {
    case Act.Relu:
      return [
        { a: -Infinity, b: 0, s: 0, r: 0 },
        { a: 0, b: Infinity, s: 1, r: 0 },
      ];
    case Act.HardTanh:
      return clamp(-1, 1);
    default:
      return null; // linear: the identity
  }
}

// ------------------------------------------------- shared with the neuron --

/** The contracting reference of a network x ↦ σ_out(Σ aᵢφ(wᵢx + bᵢ) + c): Σ|aᵢwᵢ|·max φ′ = ½ at g. */
export function netContracting(net: Net1dWeights, act: Activation, out: OutputMode, g: number): { at: number; label: string } {
  let s = 0;
  for (let i = 0; i < net.w.length; i++) s += Math.abs(net.a[i] * net.w[i]);
  const bound = s * maxSlope(act) * (out === 'act' ? maxSlope(act) : 1);
  // w and a both scale with g: the bound on |f′| scales with g²
  const at = bound > 0 ? g * Math.sqrt(0.5 / bound) : g;
  return { at, label: `g = ${at.toPrecision(3)} (Σ|aᵢwᵢ|·max φ′ = ½: |f′| ≤ ½)` };
}

/**
 * numpy: the map class of a network (numpy.ts PY_NET_MAP: f and f′ with the
 * app's arithmetic), given the source of `network(g, sb)`: it receives g and
 * σ_b with a last axis of length 1 (one row per map) and returns w, b, a with
 * a last axis of units and c with a last axis of length 1, each weight with
 * the app's operations.
 */
export function netMapSource(p: ModelParams, out: OutputMode, network: string): string {
  return `MODEL = ${pyStr(p.model)}
ACT = ${pyStr(p.act)}  # phi
OUT = ${pyStr(out)}  # sigma_out: identity, act (phi again) or clip to [0, 1]
G = ${pyNumber(p.g)}  # weight scale g
SB = ${pyNumber(p.sb)}  # bias scale sigma_b

${network}
${PY_NET_MAP}`;
}

/** numpy: the maps and starts of a diagram's columns, the swept parameter taking the array `values`. */
export function netSweepSource(param: SweepParam): string {
  switch (param) {
    case 'x0':
      return '    m, start = Map(), values';
    case 'sb':
      return '    m, start = Map(G, values), X0';
    default:
      return '    m, start = Map(values, SB), X0';
  }
}

// ------------------------------------------------------------ the module --

/** The weights the map uses (after g and σ_b): imported ones replace the seeded draw. */
function effective(p: ModelParams, imported: Net1dWeights | null): Net1dWeights {
  return imported ? scaleNet1d(imported, p.g, p.sb) : drawNet1d(p.init, p.k, p.seed, p.g, p.sb);
}

const OUT_TEXT: Record<OutputMode, string> = { identity: '', act: 'φ', clip: 'clip_{[0,1]}' };

const LAWS: Record<InitScheme, { w: string; b: string; a: string; c: string }> = {
  he: { w: 'N(0, 2g²)', b: 'N(0, 2σ_b²)', a: 'N(0, 2g²/k)', c: 'N(0, 2σ_b²/k)' },
  xavier: { w: 'N(0, 2g²/(k+1))', b: 'N(0, 2σ_b²/(k+1))', a: 'N(0, 2g²/(k+1))', c: 'N(0, 2σ_b²/(k+1))' },
  lecun: { w: 'N(0, g²)', b: 'N(0, σ_b²)', a: 'N(0, g²/k)', c: 'N(0, σ_b²/k)' },
  normal: { w: 'N(0, g²)', b: 'N(0, σ_b²)', a: 'N(0, g²)', c: 'N(0, σ_b²)' },
  torch: { w: 'U(−g, g)', b: 'U(−σ_b, σ_b)', a: 'U(−g/√k, g/√k)', c: 'U(−σ_b/√k, σ_b/√k)' },
};

const INIT_LABELS: Record<InitScheme, string> = { he: 'He (Kaiming)', xavier: 'Xavier / Glorot', lecun: 'LeCun', normal: 'Standard normal', torch: 'PyTorch uniform' };

export const MAX_NET1D_WIDTH = 1024;

export const net1d: Model1DModule<Net1dWeights> = {
  id: 'net1d',
  family: '1d',
  label: '1-D network (M2)',
  name: '1-D network',
  params: ['act', 'g', 'k', 'init', 'sb', 'out', 'seed', 'x0'],
  k: { min: 1, max: MAX_NET1D_WIDTH },
  sweepable: ['g', 'sb', 'x0'],
  defaults: { bt: 1000, bn: 500 },
  unitInterval: false,

  map: (p, imported) => new NetMap(effective(p, imported), actCode(p.act), p.out),
  network: (p, imported) => ({ net: effective(p, imported), act: p.act, out: p.out }),
  randomLaw: (p, imported) => (imported || p.out !== 'identity' ? null : { act: p.act, init: p.init, k: p.k, sb: p.sb }),
  diff: (p, imported, at): DiffSetup => ({ model: new NetMap(effective({ ...p, g: at ?? p.g }, imported), actCode(p.act), p.out), x0: Float64Array.of(p.x0) }),
  contracting: (p, imported) => netContracting(effective(p, imported), p.act, p.out, p.g),

  formula(p, importedHash) {
    const out = OUT_TEXT[p.out];
    const sum = `Σ_{i=1…${p.k}} a_i φ(w_ix_t + b_i) + c`;
    const phiText = ACTIVATION_INFO[p.act].formula;
    const law = LAWS[p.init];
    return {
      text: `x_{t+1} = ${out ? `${out}(${sum})` : sum}`,
      detail: importedHash
        ? `φ(z) = ${phiText}; imported weights (#${importedHash.slice(0, 8)}), w_i, a_i × g = ${fmt(p.g, 5)}; b_i, c × σ_b = ${fmt(p.sb, 4)}`
        : `φ(z) = ${phiText}; ${INIT_LABELS[p.init]}: w_i ~ ${law.w}, b_i ~ ${law.b}, a_i ~ ${law.a}, c ~ ${law.c}; g = ${fmt(p.g, 5)}, σ_b = ${fmt(p.sb, 4)}, seed ${p.seed}`,
    };
  },
  caption: (p) => `1-D network · k = ${p.k} · ${p.act} · ${p.init} init · g = ${p.g} · σ_b = ${p.sb} · seed ${p.seed}`,
  tag: (p) => `net1d-g${p.g}-s${p.seed}`,

  importer: {
    owns: (d) => 'w' in d && 'a' in d,
    parse(o) {
      const w = numberArray(o.w, 'w');
      if (typeof w === 'string') return { ok: false, error: w };
      const b = numberArray(o.b, 'b');
      if (typeof b === 'string') return { ok: false, error: b };
      const a = numberArray(o.a, 'a');
      if (typeof a === 'string') return { ok: false, error: a };
      if (w.length === 0) return { ok: false, error: '"w" is empty: the network needs at least one unit.' };
      if (b.length !== w.length || a.length !== w.length) {
        return { ok: false, error: `"w", "b" and "a" must have the same length (got ${w.length}, ${b.length}, ${a.length}).` };
      }
      if (w.length > MAX_NET1D_WIDTH) return { ok: false, error: `Width ${w.length} exceeds the maximum ${MAX_NET1D_WIDTH}.` };
      const c = o.c === undefined ? 0 : o.c;
      if (typeof c !== 'number' || !Number.isFinite(c)) return { ok: false, error: `"c" must be a finite number (got ${quote(c)}).` };
      const act = activationOf(o);
      if (!(ACTIVATIONS as readonly string[]).includes(act)) return { ok: false, error: act };
      const output = o.output === undefined ? 'identity' : o.output;
      if (!(OUTPUTS as readonly unknown[]).includes(output)) {
        return { ok: false, error: `"output" ${quote(output)} is not supported; use one of ${OUTPUTS.join(', ')}.` };
      }
      return { ok: true, weights: { w, b, a, c }, patch: { act: act as Activation, out: output as OutputMode, k: w.length } };
    },
    toJson: (d, p) => ({ model: 'net1d', w: [...d.w], b: [...d.b], a: [...d.a], c: d.c, activation: p.act, output: p.out }),
    pack(d) {
      const k = d.w.length;
      const all = new Float64Array(3 * k + 1);
      all.set(d.w, 0);
      all.set(d.b, k);
      all.set(d.a, 2 * k);
      all[3 * k] = d.c;
      return all;
    },
    unpack(vals) {
      const count = vals.length;
      if (count < 4 || (count - 1) % 3 !== 0) return 'the weights in the link have the wrong length';
      const k = (count - 1) / 3;
      if (k > MAX_NET1D_WIDTH) return `the network in the link is wider than ${MAX_NET1D_WIDTH}`;
      return { w: vals.slice(0, k), b: vals.slice(k, 2 * k), a: vals.slice(2 * k, 3 * k), c: vals[3 * k] };
    },
    width: (d) => d.w.length,
    hashSalt: 0,
    asIs: { g: 1, sb: 1 },
  },

  numpy: {
    map(p, imported) {
      if (imported) {
        return netMapSource(
          p,
          p.out,
          `# The imported network (g = sigma_b = 1 leaves it as it is; g scales w and a, sigma_b scales b and c).
W_IMP = ${pyArray(imported.w)}
B_IMP = ${pyArray(imported.b)}
A_IMP = ${pyArray(imported.a)}
C_IMP = ${pyNumber(imported.c)}


def network(g, sb):
    return g * W_IMP, sb * B_IMP, g * A_IMP, sb * C_IMP
`,
        );
      }
      const z = net1dZScores(p.init, p.k, p.seed);
      return netMapSource(
        p,
        p.out,
        `# The seeded network (init "${p.init}", width ${p.k}, seed ${p.seed}): every weight is
# (g * S1) * z and every bias (sigma_b * S1) * z (layer 1; S2 for the output layer),
# with the z-scores the app drew (${z.dist === 'normal' ? 'N(0, 1)' : 'U(-1, 1)'}), in the app's order of operations.
S1 = ${pyNumber(z.s1)}
S2 = ${pyNumber(z.s2)}
ZW = ${pyArray(z.zw)}
ZB = ${pyArray(z.zb)}
ZA = ${pyArray(z.za)}
ZC = ${pyNumber(z.zc)}


def network(g, sb):
    return (g * S1) * ZW, (sb * S1) * ZB, (g * S2) * ZA, (sb * S2) * ZC
`,
      );
    },
    sweep: netSweepSource,
  },
};

