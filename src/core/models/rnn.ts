/**
 * The random RNN h ← φ(g·W h + b + u_t·v) (Molgedey, Schuchhardt
 * & Schuster 1992 for the discrete-time chaos of such networks): its seeded
 * draw, its map with tangent step, Jacobian and backward pass (θ = g·W), the
 * wasm-arena fast path, its mean-field variances, its weight files and its
 * numpy source.
 */
import { ACTIVATIONS, ACTIVATION_INFO, actCode, activateInto, dphi, maxSlope, type Act, type Activation } from './activations';
import { fmt } from '../format';
import { digestF64 } from '../linalg/hash';
import { matmul, matvec, matvec2 } from '../linalg/dense';
import { randomOrthogonal } from '../linalg/qr';
import { logAbsDet } from '../linalg/lu';
import { Rng } from '../linalg/rng';
import { arenaDoubles, packRowPairs, type Arena } from '../linalg/simd';
import { packRows4, packSlabs, slabLength } from '../linalg/blockedQr';
import { matmulPacked } from '../linalg/packedGemm';
import { frobeniusRms, spectralNorm } from '../linalg/power';
import { LAW_SIGMA2, NO_INPUT, type InputSpec, type WLaw } from './laws';
import { PY_PHI, PY_PHI_DPHI, pyArray, pyNumber, pyStr } from './numpy';
import { activationOf, matrixRows, optionalVector, squareMatrix } from './weightFields';
import type { DiffModel, LinearPart, MapND, ModelNDModule, ModelParams } from './types';
import { log, sin } from '../linalg/elementary';
import { RNN_BATCH_PARAMS, RNN_EXACT_PARAMS, rnnColumns } from './rnnColumns';

/** Weights of an RNN h ← φ(W h + b + u_t), at g = 1. */
export interface RnnWeights {
  W: Float64Array;
  b: Float64Array;
}

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

/** Starting state and input direction for imported networks: seeded like the drawn ones. */
export function seededVectors(n: number, seed: number): { h0: Float64Array; v: Float64Array } {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const h0 = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) h0[i] = rng.normal();
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return { h0, v };
}

/**
 * The last drawn RNN, reused while only g (or anything but the draw) changes:
 * a drag of g builds a map on every frame, and drawing N² normals is most of
 * that (~1 ms for N = 64). Maps never write into the weights they are given.
 */
let lastRnnDraw: { key: string; value: ReturnType<typeof drawRnn> } | null = null;

export function drawRnnCached(k: number, wl: WLaw, seed: number, sb: number): ReturnType<typeof drawRnn> {
  const key = `${k}|${wl}|${seed}|${sb}`;
  if (lastRnnDraw?.key !== key) lastRnnDraw = { key, value: drawRnn(k, wl, seed, sb) };
  return lastRnnDraw.value;
}

/** The network of the state: W, b, h₀ and v, seeded or imported. */
function networkOf(p: ModelParams, imported: RnnWeights | null): { weights: RnnWeights; h0: Float64Array; v: Float64Array } {
  if (imported) return { weights: imported, ...seededVectors(imported.b.length, p.seed) };
  return drawRnnCached(p.k, p.wl, p.seed, p.sb);
}

export class RnnMap implements MapND, DiffModel {
  readonly n: number;
  /** g·W, b, φ, ln|det gW|, the input (read by RnnMapInArena). */
  readonly Wg: Float64Array;
  readonly b: Float64Array;
  readonly act: Act;
  /** θ of backpropagation: the recurrent matrix as the network uses it, g·W (the same array as Wg). */
  readonly theta: Float64Array;
  readonly thetaLabel = 'g·W';
  private readonly z: Float64Array;
  private readonly d: Float64Array;
  private readonly e: Float64Array;
  /** ln|det gW| for the sum rule, computed on first use (O(n³): not on every frame of a drag). */
  get logDetWg(): number {
    return (this.logDetCache ??= logAbsDet(this.n, this.Wg));
  }
  private logDetCache: number | null = null;
  private readonly v: Float64Array;
  private readonly input: InputSpec;
  private readonly h0: Float64Array;

  constructor(weights: RnnWeights, g: number, act: Activation, h0: Float64Array, v: Float64Array, input: InputSpec = NO_INPUT) {
    this.n = weights.b.length;
    const n = this.n;
    this.Wg = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) this.Wg[i] = g * weights.W[i];
    this.theta = this.Wg;
    this.b = weights.b;
    this.act = actCode(act);
    this.z = new Float64Array(n);
    this.d = new Float64Array(n);
    this.e = new Float64Array(n);
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
    this.addInputTo(this.z, t);
    return this.z;
  }

  /** z += u_t·v for a given z (nothing without input). */
  addInputTo(z: Float64Array, t: number): void {
    const { kind, amplitude, period } = this.input;
    if (kind !== 'none') {
      const u = kind === 'const' ? amplitude : amplitude * sin((2 * Math.PI * t) / period);
      for (let i = 0; i < this.n; i++) z[i] += u * this.v[i];
    }
  }

  arenaDoubles(): number {
    const n = this.n;
    // from RNN_PACKED_MIN_N on: gW in the row-4 layout and a slab copy of the frame (`matmulPacked`)
    const packed = n >= RNN_PACKED_MIN_N ? [slabLength(n, n), slabLength(n, n)] : [];
    return arenaDoubles(n * n, n * n, n, n, n, ...packed);
  }

  bind(arena: Arena): MapND {
    return new RnnMapInArena(this, arena);
  }

  step(x: Float64Array, next: Float64Array, t: number): void {
    const z = this.pre(x, t);
    activateInto(this.act, this.n, z, next, null);
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, t: number, logDet: boolean): number {
    const n = this.n;
    const z = this.z;
    // one tangent vector: gW·x and gW·q in one sweep over gW (λ_max costs two matvecs a step)
    if (k === 1) matvec2(n, n, this.Wg, x, this.b, z, Q, Y);
    else matvec(n, n, this.Wg, x, this.b, z);
    this.addInputTo(z, t);
    const d = this.d;
    activateInto(this.act, n, z, next, d);
    // Y = diag(d)·gW·Q (the scaling fused into the product's tiles)
    if (k === 1) for (let i = 0; i < n; i++) Y[i] *= d[i];
    else matmul(n, n, k, this.Wg, Q, Y, d);
    if (!logDet) return 0;
    let ld = this.logDetWg;
    for (let i = 0; i < n; i++) ld += log(Math.abs(d[i]));
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

  backward(x: Float64Array, t: number, gOut: Float64Array, grad: Float64Array, gx: Float64Array, gBias?: Float64Array): void {
    const n = this.n;
    const z = this.pre(x, t);
    const e = this.e;
    for (let i = 0; i < n; i++) e[i] = dphi(this.act, z[i]) * gOut[i];
    if (gBias) for (let i = 0; i < n; i++) gBias[i] += e[i];
    const M = this.theta;
    gx.fill(0);
    for (let i = 0; i < n; i++) {
      const ei = e[i];
      if (ei === 0) continue;
      const ri = i * n;
      for (let j = 0; j < n; j++) {
        grad[ri + j] += ei * x[j];
        gx[j] += M[ri + j] * ei;
      }
    }
  }
}

/**
 * From this many units on, the arena's frame product diag(d)·gW·Q is
 * `matmulPacked` (gW packed once in the row-4 layout; Q packed into slabs each
 * step, or kept in slabs by the caller: `tangentStepSlabs`), the same bits as
 * `matmul`; measured 0.72× `matmul`'s time (packing included) at n = k = 256,
 * 0.8–0.9× at n = 128 (docs/benchmarks.md, "Packed product").
 */
export const RNN_PACKED_MIN_N = 128;

let packedProduct = true;

/** Use `matmulPacked` for the arena's frame product from RNN_PACKED_MIN_N units on (default), or always `matmul` (tests, benchmarks). Maps bound before keep their choice. */
export function setRnnPackedProduct(on: boolean): void {
  packedProduct = on;
}

/**
 * An RnnMap whose gW (also packed by row pairs), b and work vectors live in a
 * wasm arena: with x, next, Q, Y (and J) in the same arena, W·x (+ W·q for one
 * tangent vector) runs as `matvec_packed`/`matvec2_packed`, the frame product
 * diag(d)·gW·Q as `matmul` (`matmulPacked` from RNN_PACKED_MIN_N units on),
 * and the Jacobian as `scale_rows`, all bit for bit
 * the JS path's results; φ, the input and ln|det J| stay in JS (O(n) a step).
 * Arrays outside the arena go to the plain map.
 */
class RnnMapInArena implements MapND {
  readonly n: number;
  private readonly Wg: Float64Array;
  /** gW in the row-4 layout and the frame's slab copy (`matmulPacked`), or null. */
  private readonly Wr: Float64Array | null = null;
  private readonly Qs: Float64Array | null = null;
  /** Set with the packed product (MapND: a spectrum may then keep its frame in slabs). */
  readonly tangentStepSlabs?: (x: Float64Array, next: Float64Array, Qs: Float64Array, Ys: Float64Array, k: number, t: number, logDet: boolean) => number;
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
    if (packedProduct && n >= RNN_PACKED_MIN_N) {
      this.Wr = arena.alloc(slabLength(n, n));
      packRows4(n, n, this.Wg, 0, n, this.Wr);
      this.Qs = arena.alloc(slabLength(n, n));
      this.tangentStepSlabs = (x, next, Qs, Ys, k, t, logDet) => this.tangent(x, next, Qs, Ys, k, t, logDet, true);
    }
  }

  initialState(): Float64Array {
    return this.base.initialState();
  }

  /** next = φ(z) (and d = φ′(z) when asked), from this.z. */
  private activate(next: Float64Array, d: Float64Array | null): void {
    activateInto(this.base.act, this.n, this.z, next, d);
  }

  step(x: Float64Array, next: Float64Array, t: number): void {
    if (!this.arena.owns(x)) return this.base.step(x, next, t);
    this.arena.k.matvec_packed(this.n, this.n, this.Wp.byteOffset, x.byteOffset, this.b.byteOffset, this.z.byteOffset);
    this.base.addInputTo(this.z, t);
    this.activate(next, null);
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, t: number, logDet: boolean): number {
    return this.tangent(x, next, Q, Y, k, t, logDet, false);
  }

  /** tangentStep; with `slabs`, Q and Y in the slab layout (k ≥ 2, the packed product only). */
  private tangent(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, t: number, logDet: boolean, slabs: boolean): number {
    const ar = this.arena;
    if (slabs && !(k >= 2 && this.Wr && ar.owns(x) && ar.owns(Q) && ar.owns(Y))) throw new Error('RnnMap: the slab tangent step needs k ≥ 2 and its frames in the arena');
    if (!(ar.owns(x) && ar.owns(Q) && ar.owns(Y))) return this.base.tangentStep(x, next, Q, Y, k, t, logDet);
    const n = this.n;
    const z = this.z;
    const d = this.d;
    if (k === 1) ar.k.matvec2_packed(n, n, this.Wp.byteOffset, x.byteOffset, this.b.byteOffset, z.byteOffset, Q.byteOffset, Y.byteOffset);
    else ar.k.matvec_packed(n, n, this.Wp.byteOffset, x.byteOffset, this.b.byteOffset, z.byteOffset);
    this.base.addInputTo(z, t);
    this.activate(next, d);
    if (k === 1) for (let i = 0; i < n; i++) Y[i] *= d[i];
    else if (slabs) matmulPacked(n, n, k, this.Wr!, Q, Y, d, true);
    else if (this.Wr && this.Qs) {
      const Qs = this.Qs.subarray(0, slabLength(n, k));
      packSlabs(n, k, Q, 0, k, Qs);
      matmulPacked(n, n, k, this.Wr, Qs, Y, d);
    } else ar.k.matmul(n, n, k, this.Wg.byteOffset, Q.byteOffset, Y.byteOffset, d.byteOffset);
    if (!logDet) return 0;
    let ld = this.base.logDetWg;
    for (let i = 0; i < n; i++) ld += log(Math.abs(d[i]));
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

const LAW_FORMULA: Record<WLaw, string> = {
  gauss: 'g·√(N·Var Wᵢⱼ) = g (Gaussian N(0, 1/N))',
  orth: 'g (orthogonal W: every |μ| = g)',
  he: 'g·√(N·Var Wᵢⱼ) = g·√2 (He N(0, 2/N))',
  xavier: 'g·√(N·Var Wᵢⱼ) = g (Xavier N(0, 1/N))',
  torch: 'g·√(N·Var Wᵢⱼ) = g/√3 (PyTorch U(±1/√N))',
};

export const WL_LABELS: Record<WLaw, string> = { gauss: 'Gaussian N(0, g²/N)', orth: 'orthogonal × g', he: 'He N(0, 2g²/N)', xavier: 'Xavier N(0, g²/N)', torch: 'PyTorch U(±g/√N)' };

export const RNN_UNITS = { min: 2, max: 512 };

export const rnn: ModelNDModule<RnnWeights> = {
  id: 'rnn',
  family: 'vector',
  label: 'Random RNN (M3)',
  name: 'RNN',
  params: ['act', 'g', 'k', 'sb', 'seed', 'wl', 'inp', 'ia', 'ip'],
  k: RNN_UNITS,
  sweepable: ['g', 'sb', 'ia'],
  // σ_b = 0.1 as in the reference kernels (a unit bias scale moves the transition to g ≈ 1.9)
  defaults: { k: 64, g: 2, sb: 0.1, bt: 300, bn: 200 },
  coordinates: null,
  startName: 'h₀',
  eigenText: {
    about:
      'For tanh and zero bias the origin is a fixed point with Jacobian gW (tanh′(0) = 1), so ρ(gW) ≈ g crosses 1 at g = 1: the edge of chaos of the mean-field theory (Sompolinsky, Crisanti & Sommers 1988). Biases move the fixed points off the origin and the transition to larger g.',
  },

  dimension: (p, imported) => (imported ? imported.b.length : p.k),
  map(p, imported) {
    const d = networkOf(p, imported);
    return new RnnMap(d.weights, p.g, p.act, d.h0, d.v, { kind: p.inp, amplitude: p.ia, period: p.ip });
  },
  columns: (p, imported, param, values) => rnnColumns(p, imported, param, values),
  columnParams: RNN_BATCH_PARAMS,
  exactColumnParams: RNN_EXACT_PARAMS,
  diff(p, imported, at) {
    // the draw itself (not the drag cache): the setup owns its arrays
    const d = imported ? { weights: imported, ...seededVectors(imported.b.length, p.seed) } : drawRnn(p.k, p.wl, p.seed, p.sb);
    const model = new RnnMap(d.weights, at ?? p.g, p.act, d.h0, d.v, { kind: p.inp, amplitude: p.ia, period: p.ip });
    return { model, x0: model.initialState() };
  },
  contracting(p, imported) {
    const W = imported ? imported.W : drawRnn(p.k, p.wl, p.seed, p.sb).weights.W;
    const n = Math.round(Math.sqrt(W.length));
    const s = spectralNorm(n, W) * maxSlope(p.act);
    const g = s > 0 ? 0.5 / s : 1;
    return { at: g, label: `g = ${g.toPrecision(3)} (‖gW‖₂·max φ′ = ½: every step contracts)` };
  },
  meanField(p, imported) {
    if (imported) {
      const n = imported.b.length;
      let w2 = 0;
      for (const w of imported.W) w2 += w * w;
      let b2 = 0;
      for (const b of imported.b) b2 += b * b;
      return { sigmaW2: (p.g * p.g * w2) / n, sigmaB2: b2 / n, lawSigma2: w2 / n };
    }
    return { sigmaW2: p.g * p.g * LAW_SIGMA2[p.wl], sigmaB2: p.sb * p.sb, lawSigma2: LAW_SIGMA2[p.wl] };
  },
  linearPart(p, imported): LinearPart {
    if (imported) {
      const n = imported.b.length;
      return { key: `rnn-imported|${digestF64(imported.W)}`, n, M: imported.W, label: 'gW', off: null, activated: true, law: { radius: frobeniusRms(n, imported.W), kind: 'estimate', formula: 'g·‖W‖_F/√N' } };
    }
    const W = drawRnn(p.k, p.wl, p.seed, 0).weights.W; // W is drawn before b: σ_b does not change it
    const law = p.wl === 'orth' ? { radius: 1, kind: 'orthogonal' as const, formula: LAW_FORMULA.orth } : { radius: Math.sqrt(LAW_SIGMA2[p.wl]), kind: 'iid' as const, formula: LAW_FORMULA[p.wl] };
    return { key: `rnn|${p.k}|${p.wl}|${p.seed}`, n: p.k, M: W, label: 'gW', off: null, activated: true, law };
  },

  formula(p, importedHash) {
    const phiText = ACTIVATION_INFO[p.act].formula;
    const input = p.inp === 'none' ? '' : p.inp === 'const' ? `; u_t = ${fmt(p.ia, 3)}` : `; u_t = ${fmt(p.ia, 3)}·sin(2πt/${fmt(p.ip, 4)})`;
    return {
      text: `h_{t+1} = φ(g·W h_t + b${p.inp === 'none' ? '' : ' + u_t·v'})`,
      detail: importedHash
        ? `φ(z) = ${phiText}; imported W and b (#${importedHash.slice(0, 8)}), N = ${p.k}, W × g = ${fmt(p.g, 5)}`
        : `φ(z) = ${phiText}; N = ${p.k}; W: ${WL_LABELS[p.wl]}, g = ${fmt(p.g, 5)}; b_i ~ N(0, σ_b²), σ_b = ${fmt(p.sb, 4)}${input}; seed ${p.seed}`,
    };
  },
  caption: (p) => `RNN · N = ${p.k} · ${p.act} · ${p.wl} weights · g = ${p.g} · σ_b = ${p.sb} · seed ${p.seed}${p.inp !== 'none' ? ` · ${p.inp} input ${p.ia}` : ''}`,
  tag: (p) => `rnn-g${p.g}-s${p.seed}`,

  importer: {
    owns: (d) => 'W' in d && 'b' in d && !('A' in d),
    parse(o) {
      const W = squareMatrix(o.W, 'W', RNN_UNITS.max);
      if (typeof W === 'string') return { ok: false, error: W };
      if (W.n < RNN_UNITS.min || W.n > RNN_UNITS.max) return { ok: false, error: `The RNN has ${W.n} units; between ${RNN_UNITS.min} and ${RNN_UNITS.max} are supported.` };
      const b = optionalVector(o.b, 'b', W.n, `W is ${W.n} × ${W.n}`);
      if (typeof b === 'string') return { ok: false, error: b };
      const act = activationOf(o);
      if (!(ACTIVATIONS as readonly string[]).includes(act)) return { ok: false, error: act };
      return { ok: true, weights: { W: W.m, b }, patch: { act: act as Activation, k: W.n } };
    },
    toJson: (d, p) => ({ model: 'rnn', W: matrixRows(d.W, d.b.length), b: [...d.b], activation: p.act }),
    pack: (d) => Float64Array.from([...d.W, ...d.b]),
    unpack(vals) {
      // n² + n numbers
      const n = Math.round((-1 + Math.sqrt(1 + 4 * vals.length)) / 2);
      if (n < 1 || n * n + n !== vals.length) return 'the weights in the link have the wrong length';
      if (n < RNN_UNITS.min || n > RNN_UNITS.max) return `the rnn has ${n} units; between ${RNN_UNITS.min} and ${RNN_UNITS.max} are supported.`;
      return { W: vals.slice(0, n * n), b: vals.slice(n * n) };
    },
    width: (d) => d.b.length,
    hashSalt: 0x1234567,
    asIs: { g: 1 },
  },

  numpy(p, imp) {
    const n = imp ? imp.b.length : p.k;
    const d = imp ? { weights: imp, ...seededVectors(n, p.seed) } : drawRnn(n, p.wl, p.seed, p.sb);
    const withInput = p.inp !== 'none';
    return {
      n,
      text: `MODEL = "rnn"
ACT = ${pyStr(p.act)}  # phi
G = ${pyNumber(p.g)}  # h <- phi(g W h + b + u_t v)
N = ${n}
# ${imp ? 'The imported RNN' : `The seeded RNN (N = ${n}, weight law "${p.wl}", sigma_b = ${p.sb}, seed ${p.seed})`}: W at g = 1, b, the start h_0${withInput ? ' and the input direction v' : ''}
W1 = ${pyArray(d.weights.W)}.reshape(N, N)
B = ${pyArray(d.weights.b)}
H0 = ${pyArray(d.h0)}
INPUT = ${pyStr(p.inp)}  # none, const or sine
INPUT_AMPLITUDE, INPUT_PERIOD = ${pyNumber(p.ia)}, ${pyNumber(p.ip)}
V = ${withInput ? pyArray(d.v) : 'np.zeros(N)'}
WG = G * W1

${PY_PHI}${PY_PHI_DPHI}

def pre(h, t):
    """z = gW h + b, each row summed in ascending j and then + b, then + u_t v (rnn.ts pre)."""
    z = seqsum(WG * h, axis=1) + B
    if INPUT == "const":
        z = z + INPUT_AMPLITUDE * V
    elif INPUT != "none":
        z = z + (INPUT_AMPLITUDE * app_sin((2 * math.pi * t) / INPUT_PERIOD)) * V
    return z


def step(h, t):
    return phi(pre(h, t))


def tangent_step(h, Q, t):
    """The next state and J Q = diag(phi'(z)) (gW Q): each sum in ascending j, then times phi'(z_i)."""
    nxt, d = phi_dphi(pre(h, t))
    return nxt, matmul_seq(WG, Q) * d[:, None]


MATRIX = WG
`,
    };
  },

  numpyRebuild(p, imp, n) {
    // b = σ_b·z with z the seed's normals drawn after W (h₀ and v after b): σ_b = 1 gives z itself
    const zb = imp ? null : drawRnn(n, p.wl, p.seed, 1).weights.b;
    return {
      keys: ['g', 'sb', 'ia', 'ip'],
      text: `
# The RNN at a cell's values, as rnn.ts builds it: gW = g * W1 entry by entry (W1 the matrix at g = 1),
${
  zb
    ? `# b = sigma_b * ZB (ZB: the standard normals the seed draws for b, the same for every sigma_b;
# W is drawn before them, h_0 and v after them), the input u_t from ia and ip.
SB = ${pyNumber(p.sb)}  # bias scale sigma_b
ZB = ${pyArray(zb)}`
    : `# b as imported (sigma_b does not scale imported biases), the input u_t from ia and ip.
SB = ${pyNumber(p.sb)}  # bias scale sigma_b (not applied to imported weights)`
}
PHASE_BASE = dict(g=G, sb=SB, ia=INPUT_AMPLITUDE, ip=INPUT_PERIOD)


def build(g, sb, ia, ip):
    global G, WG, B, INPUT_AMPLITUDE, INPUT_PERIOD
    G, WG = g, g * W1${zb ? '\n    B = sb * ZB' : ''}
    INPUT_AMPLITUDE, INPUT_PERIOD = ia, ip
`,
    };
  },
};
