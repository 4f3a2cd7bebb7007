/**
 * Paper A's PLRNN z ← A⊙z + W·ReLU(z) + h (Mikhaeil, Monfared & Durstewitz
 * 2022, eq. 9): drawn as the paper's code draws it, its map with
 * tangent step, Jacobian J = diag(A) + W·D(z) and backward pass, its weight
 * files and its numpy source.
 */
import { fmt } from '../format';
import { digestF64 } from '../linalg/hash';
import { matmul, matvec } from '../linalg/dense';
import { logAbsDet } from '../linalg/lu';
import { Rng } from '../linalg/rng';
import { frobeniusRms, spectralNorm } from '../linalg/power';
import { pyArray, pyNumber } from './numpy';
import { seededVectors } from './rnn';
import { plrnnColumns } from './plrnnColumns';
import { matrixRows, numberArray, optionalVector, squareMatrix } from './weightFields';
import type { DiffModel, LinearPart, MapND, ModelNDModule, ModelParams } from './types';

/** Weights of a PLRNN z ← A⊙z + W·ReLU(z) + h, at g = 1 (Paper A's W has a zero diagonal). */
export interface PlrnnWeights {
  A: Float64Array;
  W: Float64Array;
  h: Float64Array;
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

/**
 * The PLRNN at weight scale g. θ of backpropagation is one n × n matrix as
 * Paper A's code stores it: g·A on the diagonal, g·W off it. W's own diagonal
 * (zero in Paper A's model, kept as it is in an imported file) is fixed.
 */
export class PlrnnMap implements MapND, DiffModel {
  readonly n: number;
  readonly theta: Float64Array;
  readonly thetaLabel = 'g·(A, W)';
  /** g·diag(W), and whether any of it is non-zero. */
  private readonly wd: Float64Array;
  private readonly hasWd: boolean;
  private readonly h: Float64Array;
  private readonly WD: Float64Array;
  private readonly J: Float64Array;
  private readonly lu: Float64Array;
  private readonly z0: Float64Array;

  constructor(weights: PlrnnWeights, g: number, z0: Float64Array) {
    this.n = weights.h.length;
    const n = this.n;
    this.theta = new Float64Array(n * n);
    this.wd = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) {
          this.theta[i * n + i] = g * weights.A[i];
          this.wd[i] = g * weights.W[i * n + i];
        } else this.theta[i * n + j] = g * weights.W[i * n + j];
      }
    this.hasWd = this.wd.some((v) => v !== 0);
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
    const T = this.theta;
    for (let i = 0; i < n; i++) {
      const wi = i * n;
      let s = T[wi + i] * x[i] + this.h[i];
      // Σⱼ Wᵢⱼ·ReLU(xⱼ) in ascending j, the diagonal from wd
      for (let j = 0; j < i; j++) if (x[j] > 0) s += T[wi + j] * x[j];
      if (x[i] > 0) s += this.wd[i] * x[i];
      for (let j = i + 1; j < n; j++) if (x[j] > 0) s += T[wi + j] * x[j];
      next[i] = s;
    }
  }

  /** W·D(x): the off-diagonal of θ and wd, where the unit is on. */
  private fillWD(x: Float64Array): void {
    const n = this.n;
    const T = this.theta;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) this.WD[i * n + j] = x[j] > 0 ? (i === j ? this.wd[i] : T[i * n + j]) : 0;
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, _t: number, logDet: boolean): number {
    const n = this.n;
    // J = diag(A) + W D
    this.fillWD(x);
    if (k === 1) matvec(n, n, this.WD, Q, null, Y);
    else matmul(n, n, k, this.WD, Q, Y);
    for (let i = 0; i < n; i++) {
      const ai = this.theta[i * n + i];
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
    const T = this.theta;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) J[i * n + j] = (i === j ? T[i * n + i] : 0) + (x[j] > 0 ? (i === j ? this.wd[i] : T[i * n + j]) : 0);
  }

  backward(x: Float64Array, _t: number, gOut: Float64Array, grad: Float64Array, gx: Float64Array, gBias?: Float64Array): void {
    const n = this.n;
    const T = this.theta;
    for (let j = 0; j < n; j++) gx[j] = T[j * n + j] * gOut[j];
    if (gBias) for (let i = 0; i < n; i++) gBias[i] += gOut[i];
    for (let i = 0; i < n; i++) {
      const gi = gOut[i];
      if (gi === 0) continue;
      const ri = i * n;
      grad[ri + i] += gi * x[i];
      for (let j = 0; j < n; j++) {
        if (j === i || !(x[j] > 0)) continue;
        grad[ri + j] += gi * x[j];
        gx[j] += T[ri + j] * gi;
      }
    }
    if (this.hasWd) for (let j = 0; j < n; j++) if (x[j] > 0) gx[j] += this.wd[j] * gOut[j];
  }
}

function weightsOf(p: ModelParams, imported: PlrnnWeights | null): { weights: PlrnnWeights; z0: Float64Array } {
  return imported ? { weights: imported, z0: seededVectors(imported.h.length, p.seed).h0 } : drawPlrnn(p.k, p.seed);
}

export const PLRNN_UNITS = { min: 2, max: 64 };

export const plrnn: ModelNDModule<PlrnnWeights> = {
  id: 'plrnn',
  family: 'vector',
  label: 'PLRNN (M4, Paper A)',
  name: 'PLRNN',
  params: ['g', 'k', 'seed'],
  k: PLRNN_UNITS,
  sweepable: ['g'],
  defaults: { k: 16, g: 2, bt: 300, bn: 200 }, // seed 6: chaotic (λ_max ≈ 0.05) and bounded
  coordinates: null,
  startName: 'h₀',
  eigenText: {
    about:
      'The PLRNN is linear wherever the same units are on: its Jacobian there is diag(A) + W·D, D = diag(1[zᵢ > 0]), so the matrix shown (all units on) and diag(A) (all off) bound its regions; a fixed point of a region is stable when that region’s matrix has ρ < 1.',
    region: (rho, expands) =>
      `Where every unit is on, the PLRNN is linear with this matrix: ρ = ${rho} ${expands ? '> 1, so that region expands (orbits leave it or diverge)' : '< 1, so that region contracts'}.`,
  },

  dimension: (p, imported) => (imported ? imported.h.length : p.k),
  map(p, imported) {
    const d = weightsOf(p, imported);
    return new PlrnnMap(d.weights, p.g, d.z0);
  },
  columns(p, imported, param, values) {
    const d = weightsOf(p, imported);
    return plrnnColumns(d.weights, d.z0, param, values);
  },
  columnParams: ['g'],
  diff(p, imported, at) {
    const d = weightsOf(p, imported);
    return { model: new PlrnnMap(d.weights, at ?? p.g, d.z0), x0: Float64Array.from(d.z0) };
  },
  contracting(p, imported) {
    const w = weightsOf(p, imported).weights;
    const n = w.h.length;
    let a = 0;
    for (const v of w.A) a = Math.max(a, Math.abs(v));
    const s = a + spectralNorm(n, w.W);
    const g = s > 0 ? 0.5 / s : 1;
    return { at: g, label: `g = ${g.toPrecision(3)} (max|A| + ‖W‖₂ = ½ at g: every step contracts)` };
  },
  linearPart(p, imported): LinearPart {
    const w = weightsOf(p, imported).weights;
    const n = w.h.length;
    const M = Float64Array.from(w.W);
    for (let i = 0; i < n; i++) M[i * n + i] += w.A[i];
    const law = imported
      ? { radius: frobeniusRms(n, M), kind: 'estimate' as const, formula: 'g·‖diag(A) + W‖_F/√M' }
      : { radius: Math.sqrt(1 / 3), kind: 'iid' as const, formula: 'g·√(M·Var) = g/√3 (entries U(±1/√M))' };
    const key = imported ? `plrnn-imported|${digestF64(M)}|${digestF64(w.W)}` : `plrnn|${p.k}|${p.seed}`;
    return { key, n, M, label: 'g(diag(A) + W)', off: Float64Array.from(w.W), law, activated: false };
  },

  formula: (p, importedHash) => ({
    text: 'z_{t+1} = A z_t + W·ReLU(z_t) + h',
    detail: importedHash
      ? `imported A, W, h (#${importedHash.slice(0, 8)}), M = ${p.k}; A and W × g = ${fmt(p.g, 5)}`
      : `M = ${p.k}; A diagonal, W off-diagonal, both from U(±1/√M) × g (Paper A’s code), g = ${fmt(p.g, 5)}; h ~ U(±1/√M); seed ${p.seed}`,
  }),
  caption: (p) => `PLRNN · M = ${p.k} · g = ${p.g} · seed ${p.seed}`,
  tag: (p) => `plrnn-g${p.g}-s${p.seed}`,

  importer: {
    owns: (d) => 'A' in d,
    parse(o) {
      const A = numberArray(o.A, 'A');
      if (typeof A === 'string') return { ok: false, error: `${A} (A is the diagonal of the PLRNN's linear part, one number per unit.)` };
      const W = squareMatrix(o.W, 'W', PLRNN_UNITS.max);
      if (typeof W === 'string') return { ok: false, error: W };
      if (W.n < PLRNN_UNITS.min || W.n > PLRNN_UNITS.max) return { ok: false, error: `The PLRNN has ${W.n} units; between ${PLRNN_UNITS.min} and ${PLRNN_UNITS.max} are supported.` };
      if (A.length !== W.n) return { ok: false, error: `"A" has ${A.length} entries but W is ${W.n} × ${W.n}.` };
      const h = optionalVector(o.h, 'h', W.n, `W is ${W.n} × ${W.n}`);
      if (typeof h === 'string') return { ok: false, error: h };
      return { ok: true, weights: { A, W: W.m, h }, patch: { k: W.n } };
    },
    toJson: (d) => ({ model: 'plrnn', A: [...d.A], W: matrixRows(d.W, d.h.length), h: [...d.h] }),
    pack: (d) => Float64Array.from([...d.A, ...d.W, ...d.h]),
    unpack(vals) {
      // n + n² + n numbers
      const n = Math.round(-1 + Math.sqrt(1 + vals.length));
      if (n < 1 || n * n + 2 * n !== vals.length) return 'the weights in the link have the wrong length';
      if (n < PLRNN_UNITS.min || n > PLRNN_UNITS.max) return `the plrnn has ${n} units; between ${PLRNN_UNITS.min} and ${PLRNN_UNITS.max} are supported.`;
      return { A: vals.slice(0, n), W: vals.slice(n, n + n * n), h: vals.slice(n + n * n) };
    },
    width: (d) => d.h.length,
    hashSalt: 0x7654321,
    asIs: { g: 1 },
  },

  numpy(p, imp) {
    const d = weightsOf(p, imp);
    const n = d.weights.h.length;
    return {
      n,
      text: `MODEL = "plrnn"
G = ${pyNumber(p.g)}  # scales A and W
N = ${n}
# ${imp ? 'The imported PLRNN' : `The seeded PLRNN (M = ${n}, seed ${p.seed})`} at g = 1: z <- A*z + W relu(z) + h
A1 = ${pyArray(d.weights.A)}
W1 = ${pyArray(d.weights.W)}.reshape(N, N)
HB = ${pyArray(d.weights.h)}
H0 = ${pyArray(d.z0)}
A = G * A1
W = G * W1  # its diagonal too (zero in Paper A's draw; an imported file may set it)


def step(z, t):
    """z_i <- (A_i z_i + h_i), then + W_ij z_j for j ascending where z_j > 0 (plrnn.ts step)."""
    terms = np.where(z > 0, W * z, -0.0)  # a unit that is off adds -0: nothing, as the app skips it
    return np.add.accumulate(np.concatenate([(A * z + HB)[:, None], terms], axis=1), axis=1)[:, -1]


def tangent_step(z, Q, t):
    """The next state and J Q with J = diag(A) + W D(z): (W D) Q summed in ascending j, then + A_i Q_ic."""
    WD = np.where(z > 0, W, 0.0)
    return step(z, t), matmul_seq(WD, Q) + A[:, None] * Q


MATRIX = np.diag(A) + W  # the Jacobian where every unit is on
`,
    };
  },

  numpyRebuild() {
    return {
      keys: ['g'],
      text: `
# The PLRNN at a cell's g, as plrnn.ts builds it: A = g * A1 and W = g * W1 entry by entry.
PHASE_BASE = dict(g=G)


def build(g):
    global G, A, W
    G, A, W = g, g * A1, g * W1
`,
    };
  },
};
