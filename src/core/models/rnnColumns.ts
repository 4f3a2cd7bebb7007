/**
 * The random RNN h ← φ(g·W h + σ_b·b̂ + u_t·v) on many columns at once
 * (core/vector/columnBatch.ts): every column shares W (at g = 1), b̂ (the
 * bias draw at σ_b = 1), h₀ and v, and has its own g, σ_b and input
 * amplitude, so one step of all columns is one product W·X.
 *
 * Per column it computes z = g·(W·h) + σ_b·b̂ (+ u_t·v): the bias and the
 * input are the same doubles as the one-column map's (drawRnn's b is σ_b times
 * the same normal), only g is applied after the sum instead of to each Wᵢⱼ.
 * When every column has the same g (a batch over σ_b or the input amplitude)
 * the batch multiplies by RnnMap's own g·W instead, with gain 1: each element
 * of the GEMM is then the matvec's sum in the same order (core/linalg/dense.ts),
 * and a column is the one-column run bit for bit (tested).
 */
import { Act, actCode, activateInto } from './activations';
import { matmul, repeatColumns } from '../linalg/dense';
import { EXP_TABLE_AT, arenaDoubles, type Arena } from '../linalg/simd';
import { sin } from '../linalg/elementary';
import { drawRnnCached, seededVectors, type RnnWeights } from './rnn';
import type { InputSpec } from './laws';
import type { ColumnBatch, ModelParams, SweepParam } from './types';

/** The per-column parameters an RNN batch can vary. */
export const RNN_BATCH_PARAMS: readonly SweepParam[] = ['g', 'sb', 'ia'];
/** Those whose columns share g, and so are the one-column maps' steps bit for bit. */
export const RNN_EXACT_PARAMS: readonly SweepParam[] = ['sb', 'ia'];

interface RnnColumnData {
  n: number;
  cols: number;
  act: Act;
  /** W at g = 1 (n × n), the bias direction b̂, the start state, the input direction. */
  W: Float64Array;
  bHat: Float64Array;
  h0: Float64Array;
  v: Float64Array;
  /** Per column: g, σ_b (or 1 for imported biases), the input amplitude. */
  gain: Float64Array;
  biasScale: Float64Array;
  amp: Float64Array;
  input: InputSpec;
  /** Work: u_t per column, W·X, W·Q, the pre-activations, φ′. */
  U: Float64Array;
  P: Float64Array;
  R: Float64Array;
  Z: Float64Array;
  D: Float64Array;
  /** The arena all of the above live in (bound batches), for the fused tanh kernel. */
  arena: Arena | null;
}

/**
 * The columns of an RNN over `param` (one of RNN_BATCH_PARAMS) at `values`,
 * or null for a parameter the batch does not vary. Each column c is the map of
 * `{ ...p, [param]: values[c] }`.
 */
export function rnnColumns(p: ModelParams, imported: RnnWeights | null, param: SweepParam, values: ArrayLike<number>): ColumnBatch | null {
  if (!RNN_BATCH_PARAMS.includes(param)) return null;
  const cols = values.length;
  const at = (key: SweepParam, base: number) => Float64Array.from({ length: cols }, (_, c) => (param === key ? values[c] : base));
  let W: Float64Array;
  let bHat: Float64Array;
  let h0: Float64Array;
  let v: Float64Array;
  let biasScale: Float64Array;
  if (imported) {
    ({ W, b: bHat } = imported);
    ({ h0, v } = seededVectors(imported.b.length, p.seed));
    biasScale = new Float64Array(cols).fill(1); // an imported b is used as it is, whatever σ_b
  } else {
    // σ_b = 1: b̂ is the normal draw itself (1·x is exact), and W, h₀, v do not depend on σ_b
    ({ weights: { W, b: bHat }, h0, v } = drawRnnCached(p.k, p.wl, p.seed, 1));
    biasScale = at('sb', p.sb);
  }
  const n = bHat.length;
  const nc = n * cols;
  // one g for every column (a batch over σ_b or the input): the one-column map's g·W, built
  // entry by entry as RnnMap builds it, and gain 1, so each column is that map's step bit for bit
  const oneGain = param !== 'g';
  if (oneGain) W = W.map((w) => p.g * w);
  return new RnnColumns({
    n,
    cols,
    act: actCode(p.act),
    W,
    bHat,
    h0,
    v,
    gain: oneGain ? new Float64Array(cols).fill(1) : at('g', p.g),
    biasScale,
    amp: at('ia', p.ia),
    input: { kind: p.inp, amplitude: p.ia, period: p.ip },
    U: new Float64Array(cols),
    P: new Float64Array(nc),
    R: new Float64Array(nc),
    Z: new Float64Array(nc),
    D: new Float64Array(nc),
    arena: null,
  });
}

class RnnColumns implements ColumnBatch {
  readonly n: number;
  readonly cols: number;

  constructor(private readonly d: RnnColumnData) {
    this.n = d.n;
    this.cols = d.cols;
  }

  arenaDoubles(): number {
    const { n, cols } = this.d;
    return arenaDoubles(n * n, n, n, cols, cols, cols, cols, n * cols, n * cols, n * cols, n * cols);
  }

  bind(arena: Arena): ColumnBatch {
    const d = this.d;
    const copy = (a: Float64Array) => arena.copyOf(a);
    return new RnnColumns({
      ...d,
      W: copy(d.W),
      bHat: copy(d.bHat),
      v: copy(d.v),
      gain: copy(d.gain),
      biasScale: copy(d.biasScale),
      amp: copy(d.amp),
      U: arena.alloc(d.U.length),
      P: arena.alloc(d.P.length),
      R: arena.alloc(d.R.length),
      Z: arena.alloc(d.Z.length),
      D: arena.alloc(d.D.length),
      arena,
    });
  }

  initialStates(X: Float64Array): void {
    const { n, cols, h0 } = this.d;
    repeatColumns(n, cols, h0, X);
  }

  /** u_t of every column (as RnnMap.addInputTo computes it) into U; false without input. */
  private inputs(t: number): boolean {
    const { cols: C, input, amp, U } = this.d;
    if (input.kind === 'none') return false;
    const s = input.kind === 'const' ? 1 : sin((2 * Math.PI * t) / input.period);
    for (let c = 0; c < C; c++) U[c] = input.kind === 'const' ? amp[c] : amp[c] * s;
    return true;
  }

  /** Z = g_c·(W·X) + σ_c·b̂ (+ u_t·v), column by column, from P = W·X. */
  private preActivations(withInput: boolean): void {
    const { n, cols: C, P, Z, gain, biasScale, bHat, U, v } = this.d;
    for (let i = 0, ri = 0; i < n; i++, ri += C) {
      const bi = bHat[i];
      for (let c = 0; c < C; c++) Z[ri + c] = gain[c] * P[ri + c] + biasScale[c] * bi;
    }
    if (withInput) for (let i = 0, ri = 0; i < n; i++, ri += C) for (let c = 0; c < C; c++) Z[ri + c] += U[c] * v[i];
  }

  /** The fused wasm kernel applies (tanh, every array in the batch's arena). */
  private fused(X: Float64Array, Xn: Float64Array, Q: Float64Array | null, Y: Float64Array | null): Arena | null {
    const ar = this.d.arena;
    return ar && this.d.act === Act.Tanh && ar.owns(X) && ar.owns(Xn) && (!Q || (ar.owns(Q) && ar.owns(Y!))) ? ar : null;
  }

  step(X: Float64Array, Xn: Float64Array, t: number): void {
    const d = this.d;
    matmul(d.n, d.n, d.cols, d.W, X, d.P);
    const withInput = this.inputs(t);
    const ar = this.fused(X, Xn, null, null);
    if (ar) {
      ar.k.rnn_cols_tanh(d.n, d.cols, d.P.byteOffset, 0, d.bHat.byteOffset, d.gain.byteOffset, d.biasScale.byteOffset, withInput ? d.U.byteOffset : 0, d.v.byteOffset, Xn.byteOffset, 0, EXP_TABLE_AT);
      return;
    }
    this.preActivations(withInput);
    activateInto(d.act, d.n * d.cols, d.Z, Xn, null);
  }

  tangentStep(X: Float64Array, Xn: Float64Array, Q: Float64Array, Y: Float64Array, t: number): void {
    const d = this.d;
    const { n, cols: C, R, D, gain } = d;
    matmul(n, n, C, d.W, X, d.P);
    matmul(n, n, C, d.W, Q, R);
    const withInput = this.inputs(t);
    const ar = this.fused(X, Xn, Q, Y);
    if (ar) {
      ar.k.rnn_cols_tanh(n, C, d.P.byteOffset, R.byteOffset, d.bHat.byteOffset, gain.byteOffset, d.biasScale.byteOffset, withInput ? d.U.byteOffset : 0, d.v.byteOffset, Xn.byteOffset, Y.byteOffset, EXP_TABLE_AT);
      return;
    }
    this.preActivations(withInput);
    activateInto(d.act, n * C, d.Z, Xn, D);
    // Y = diag(φ′)·g·W·Q per column
    for (let i = 0, ri = 0; i < n; i++, ri += C) for (let c = 0; c < C; c++) Y[ri + c] = gain[c] * R[ri + c] * D[ri + c];
  }
}
