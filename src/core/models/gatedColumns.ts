/**
 * A gated network (GRU, LSTM, Elman stack; gated.ts) on many
 * columns at once (core/vector/columnBatch.ts, issue #17): the columns share
 * the tensors and the start and differ in g or in the input amplitude, so the
 * recurrent products of a step are one matrix product W_hh·[h⁽¹⁾ … h⁽ᶜ⁾] (and
 * one more for the tangent vectors), and the cell's elementwise work (the
 * gates, the next state, the tangent) runs column by column on the cell
 * itself — the same code, the same operations as the one-column map's.
 *
 * Equality (tests/unit/vector/gatedColumns.test.ts):
 * - over the input amplitude every column has the same g: the batch multiplies
 *   by GatedMap's own θ = g·W_hh (built entry by entry) with gain 1, so each
 *   element of the product is the matvec's sum in the same order
 *   (core/linalg/dense.ts) and a column is the one-column run bit for bit;
 * - over g a column computes g·(W_hh·h) + b_hh where the map computes
 *   (g·W_hh)·h + b_hh: the two agree to rounding, as the RNN's batch over g.
 *
 * A stack of L layers does the same layer after layer (GatedMap.step's
 * order): layer l > 0 reads the new h of layer l − 1, so its input products
 * weight_ih·h′ (and weight_ih·y′ for the tangent) are GEMMs over the rows of
 * the next state the layer below has just written; they carry no g, and are
 * the one-column map's sums in the same order.
 */
import { matmul, repeatColumns } from '../linalg/dense';
import { sin } from '../linalg/elementary';
import { arenaDoubles, type Arena } from '../linalg/simd';
import type { ColumnCostShape } from '../cost';
import { GATES, STATE_PER_UNIT, gatedDimension, type GatedCell, type GatedKind, type GatedSpec, type GatedWeights } from './gated';
import type { InputSpec } from './laws';
import type { ColumnBatch, ModelParams, SweepParam } from './types';

/** The per-column parameters a gated batch can vary. */
export const GATED_BATCH_PARAMS: readonly SweepParam[] = ['g', 'ia'];
/** Those whose columns share g, and so are the one-column maps' runs bit for bit. */
export const GATED_EXACT_PARAMS: readonly SweepParam[] = ['ia'];

/**
 * A column's cost (core/cost.ts): the product G·H × H is (G / S²)·n² for n = S·H
 * state numbers (GRU 3, LSTM 4 / 4, Elman 1), and a state number's gates,
 * tangent and copies in JavaScript, calibrated against the RNN's batch at
 * H = 64 (docs/benchmarks.md, "Gated networks as column batches").
 */
export function gatedColumnCost(kind: GatedKind): ColumnCostShape {
  const S = STATE_PER_UNIT[kind];
  return { productN2: GATES[kind] / (S * S), unitNs: GATED_UNIT_NS[kind] };
}
const GATED_UNIT_NS: Record<GatedKind, number> = { gru: 220, lstm: 180, elman: 100 };

/** One layer of the batch: its cell, weights and product buffers. */
interface LayerColumns {
  cell: GatedCell;
  /** First state row of the layer (its h rows follow; the LSTM's c rows after them). */
  off: number;
  /** W_hh (GH × H): at g = 1 for a batch over g, else θ = g·W_hh. */
  W: Float64Array;
  bhh: Float64Array;
  /** weight_ih: layer 0's column (I = 1), else GH × H; and bias_ih. */
  wih: Float64Array;
  bih: Float64Array;
  /** Work: W·X_h, W·Q_h, and for l > 0 weight_ih·X′_h and weight_ih·Y′_h of the layer below (GH × cols). */
  P: Float64Array;
  PQ: Float64Array;
  PI: Float64Array;
  PIY: Float64Array;
}

interface GatedColumnData {
  n: number;
  cols: number;
  H: number;
  /** Rows of a layer's products: gates × units. */
  GH: number;
  layers: LayerColumns[];
  x0: Float64Array;
  /** Per column: the factor of the recurrent products (g, or 1) and the input amplitude. */
  gain: Float64Array;
  amp: Float64Array;
  input: InputSpec;
  /** Work: one column's state, next state, tangent vector and its image (n each); its W_hh·q and weight_ih·y′ (GH each). */
  x: Float64Array;
  xn: Float64Array;
  q: Float64Array;
  y: Float64Array;
  ph: Float64Array;
  px: Float64Array;
}

/**
 * The columns of a drawn or imported gated network over `param` at `values`
 * (each column c the map of `{ ...p, [param]: values[c] }`), or null for a
 * parameter the batch does not vary. `spec`: the model's cell for the link's
 * parameters; `d`: the network and start GatedMap is built from (layer 0
 * reading one input number, as gatedModule builds it).
 */
export function gatedColumns(
  spec: Pick<GatedSpec, 'kind' | 'makeCell'>,
  d: { weights: GatedWeights; x0: Float64Array },
  p: ModelParams,
  param: SweepParam,
  values: ArrayLike<number>,
): ColumnBatch | null {
  const { weights, x0 } = d;
  if (!GATED_BATCH_PARAMS.includes(param) || weights.layers[0].I !== 1) return null;
  const cols = values.length;
  const H = weights.H;
  const GH = GATES[weights.kind] * H;
  const oneGain = param !== 'g';
  const layers = weights.layers.map((w, l): LayerColumns => {
    // one g for every column: GatedMap's θ = g·W_hh, entry by entry, and gain 1 (the same bits)
    const W = oneGain ? w.Whh.map((v) => p.g * v) : w.Whh;
    // the cell's own W_hh serves only its ln|det|, which a batch never asks for
    const cell = spec.makeCell(H, W);
    const above = l > 0 ? GH * cols : 0;
    return { cell, off: l * cell.S, W, bhh: w.bhh, wih: w.Wih, bih: w.bih, P: new Float64Array(GH * cols), PQ: new Float64Array(GH * cols), PI: new Float64Array(above), PIY: new Float64Array(above) };
  });
  const n = gatedDimension(weights.kind, H, weights.layers.length);
  return new GatedColumns({
    n,
    cols,
    H,
    GH,
    layers,
    x0,
    gain: Float64Array.from({ length: cols }, (_, c) => (oneGain ? 1 : values[c])),
    amp: Float64Array.from({ length: cols }, (_, c) => (param === 'ia' ? values[c] : p.ia)),
    input: { kind: p.inp, amplitude: p.ia, period: p.ip },
    x: new Float64Array(n),
    xn: new Float64Array(n),
    q: new Float64Array(n),
    y: new Float64Array(n),
    ph: new Float64Array(GH),
    px: new Float64Array(GH),
  });
}

class GatedColumns implements ColumnBatch {
  readonly n: number;
  readonly cols: number;

  constructor(private readonly d: GatedColumnData) {
    this.n = d.n;
    this.cols = d.cols;
  }

  arenaDoubles(): number {
    const { GH, H, cols, layers } = this.d;
    return arenaDoubles(...layers.flatMap((_, l) => (l > 0 ? [GH * H, GH * H, GH * cols, GH * cols, GH * cols, GH * cols] : [GH * H, GH * cols, GH * cols])));
  }

  /** The products' operands in the arena (the wasm GEMM then runs on them); the cells' work stays in JavaScript arrays. */
  bind(arena: Arena): ColumnBatch {
    const d = this.d;
    const layers = d.layers.map((L, l) => ({
      ...L,
      W: arena.copyOf(L.W),
      P: arena.alloc(L.P.length),
      PQ: arena.alloc(L.PQ.length),
      ...(l > 0 ? { wih: arena.copyOf(L.wih), PI: arena.alloc(L.PI.length), PIY: arena.alloc(L.PIY.length) } : {}),
    }));
    return new GatedColumns({ ...d, layers });
  }

  initialStates(X: Float64Array): void {
    const { n, cols, x0 } = this.d;
    repeatColumns(n, cols, x0, X);
  }

  step(X: Float64Array, Xn: Float64Array, t: number): void {
    const s = this.sineAt(t);
    for (let l = 0; l < this.d.layers.length; l++) this.layer(l, X, Xn, null, null, s);
  }

  tangentStep(X: Float64Array, Xn: Float64Array, Q: Float64Array, Y: Float64Array, t: number): void {
    const s = this.sineAt(t);
    for (let l = 0; l < this.d.layers.length; l++) this.layer(l, X, Xn, Q, Y, s);
  }

  /** The factor of a sine input at step t (1 otherwise): u_t = amplitude · it, as inputAt computes it (laws.ts). */
  private sineAt(t: number): number {
    const { input } = this.d;
    return input.kind === 'sine' ? sin((2 * Math.PI * t) / input.period) : 1;
  }

  /** Layer l for all columns: its products (rows of X, Q and of the layer below in Xn, Y), then each column's cell; `s` from sineAt. */
  private layer(l: number, X: Float64Array, Xn: Float64Array, Q: Float64Array | null, Y: Float64Array | null, s: number): void {
    const { cols: C, H, GH, layers, gain, amp, input, x, xn, q, y, ph, px } = this.d;
    const { cell, off, W, P, PQ, PI, PIY, bhh, wih, bih } = layers[l];
    const S = cell.S;
    const rows = (A: Float64Array, from: number) => A.subarray(from * C, (from + H) * C);
    matmul(GH, H, C, W, rows(X, off), P);
    if (Q) matmul(GH, H, C, W, rows(Q, off), PQ);
    const below = l > 0 ? layers[l - 1].off : -1;
    if (l > 0) {
      matmul(GH, H, C, wih, rows(Xn, below), PI);
      if (Y) matmul(GH, H, C, wih, rows(Y, below), PIY);
    }
    const { ah, ai } = cell;
    for (let c = 0; c < C; c++) {
      const g = gain[c];
      const u = input.kind === 'none' ? 0 : input.kind === 'const' ? amp[c] : amp[c] * s;
      // ah = W·h + b_hh, and ai = u·weight_ih + b_ih (layer 0) or weight_ih·h′ + b_ih, as GatedMap.pre forms them (g·(W·h) over g)
      for (let r = 0, pr = c; r < GH; r++, pr += C) ah[r] = g * P[pr] + bhh[r];
      if (l === 0) for (let r = 0; r < GH; r++) ai[r] = u * wih[r] + bih[r];
      else for (let r = 0, pr = c; r < GH; r++, pr += C) ai[r] = PI[pr] + bih[r];
      for (let i = 0, pi = off * C + c; i < S; i++, pi += C) x[i] = X[pi];
      cell.gates(x, 0, xn, 0);
      for (let i = 0, pi = off * C + c; i < S; i++, pi += C) Xn[pi] = xn[i];
      if (!Q || !Y) continue;
      for (let r = 0, pr = c; r < GH; r++, pr += C) ph[r] = g * PQ[pr];
      if (l > 0) for (let r = 0, pr = c; r < GH; r++, pr += C) px[r] = PIY[pr];
      for (let i = 0, pi = off * C + c; i < S; i++, pi += C) q[i] = Q[pi];
      cell.combine(q, 0, 1, ph, l > 0 ? px : null, y, 0);
      for (let i = 0, pi = off * C + c; i < S; i++, pi += C) Y[pi] = y[i];
    }
  }
}
