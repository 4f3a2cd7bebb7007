/**
 * A one-layer gated network (GRU, LSTM, Elman stack; gated.ts) on many
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
 * Stacks of more layers run one by one (null): the input of layer l > 0 is the
 * new state of layer l − 1, a product per layer this module does not do.
 */
import { matmul } from '../linalg/dense';
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

interface GatedColumnData {
  n: number;
  cols: number;
  H: number;
  /** Rows of the recurrent product: gates × units. */
  GH: number;
  cell: GatedCell;
  /** W_hh (GH × H): at g = 1 for a batch over g, else θ = g·W_hh. */
  W: Float64Array;
  /** bias_hh, layer 0's weight_ih column (I = 1) and bias_ih. */
  bhh: Float64Array;
  wih: Float64Array;
  bih: Float64Array;
  x0: Float64Array;
  /** Per column: the factor of the product (g, or 1) and the input amplitude. */
  gain: Float64Array;
  amp: Float64Array;
  input: InputSpec;
  /** Work: W·X_h and W·Q_h (GH × cols); one column's state, next state, tangent vector, its image and W·q. */
  P: Float64Array;
  PQ: Float64Array;
  x: Float64Array;
  xn: Float64Array;
  q: Float64Array;
  y: Float64Array;
  ph: Float64Array;
}

/**
 * The columns of a drawn or imported one-layer gated network over `param` at
 * `values` (each column c the map of `{ ...p, [param]: values[c] }`), or null
 * for another parameter or a deeper stack. `spec`: the model's cell for the
 * link's parameters; `d`: the network and start GatedMap is built from.
 */
export function gatedColumns(
  spec: Pick<GatedSpec, 'kind' | 'makeCell'>,
  d: { weights: GatedWeights; x0: Float64Array },
  p: ModelParams,
  param: SweepParam,
  values: ArrayLike<number>,
): ColumnBatch | null {
  const { weights, x0 } = d;
  if (!GATED_BATCH_PARAMS.includes(param) || weights.layers.length !== 1 || weights.layers[0].I !== 1) return null;
  const cols = values.length;
  const H = weights.H;
  const GH = GATES[weights.kind] * H;
  const layer = weights.layers[0];
  const oneGain = param !== 'g';
  // one g for every column: GatedMap's θ = g·W_hh, entry by entry, and gain 1 (the same bits)
  const W = oneGain ? layer.Whh.map((w) => p.g * w) : layer.Whh;
  const n = gatedDimension(weights.kind, H);
  return new GatedColumns({
    n,
    cols,
    H,
    GH,
    // the cell's own W_hh serves only its ln|det|, which a batch never asks for
    cell: spec.makeCell(H, W),
    W,
    bhh: layer.bhh,
    wih: layer.Wih,
    bih: layer.bih,
    x0,
    gain: Float64Array.from({ length: cols }, (_, c) => (oneGain ? 1 : values[c])),
    amp: Float64Array.from({ length: cols }, (_, c) => (param === 'ia' ? values[c] : p.ia)),
    input: { kind: p.inp, amplitude: p.ia, period: p.ip },
    P: new Float64Array(GH * cols),
    PQ: new Float64Array(GH * cols),
    x: new Float64Array(n),
    xn: new Float64Array(n),
    q: new Float64Array(n),
    y: new Float64Array(n),
    ph: new Float64Array(GH),
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
    const { GH, H, cols } = this.d;
    return arenaDoubles(GH * H, GH * cols, GH * cols);
  }

  /** The product's operands in the arena (the wasm GEMM then runs on them); the cell's work stays in JavaScript arrays. */
  bind(arena: Arena): ColumnBatch {
    const d = this.d;
    return new GatedColumns({ ...d, W: arena.copyOf(d.W), P: arena.alloc(d.P.length), PQ: arena.alloc(d.PQ.length) });
  }

  initialStates(X: Float64Array): void {
    const { n, cols, x0 } = this.d;
    for (let i = 0; i < n; i++) X.fill(x0[i], i * cols, i * cols + cols);
  }

  step(X: Float64Array, Xn: Float64Array, t: number): void {
    this.run(X, Xn, null, null, t);
  }

  tangentStep(X: Float64Array, Xn: Float64Array, Q: Float64Array, Y: Float64Array, t: number): void {
    this.run(X, Xn, Q, Y, t);
  }

  /** The products for all columns (the states' h rows are X's first H rows), then each column's cell. */
  private run(X: Float64Array, Xn: Float64Array, Q: Float64Array | null, Y: Float64Array | null, t: number): void {
    const { n, cols: C, H, GH, cell, W, P, PQ, gain, bhh, wih, bih, amp, input, x, xn, q, y, ph } = this.d;
    matmul(GH, H, C, W, X.subarray(0, H * C), P);
    if (Q) matmul(GH, H, C, W, Q.subarray(0, H * C), PQ);
    // u_t as inputAt computes it (laws.ts), with each column's amplitude
    const s = input.kind === 'sine' ? sin((2 * Math.PI * t) / input.period) : 1;
    const { ah, ai } = cell;
    for (let c = 0; c < C; c++) {
      const g = gain[c];
      const u = input.kind === 'none' ? 0 : input.kind === 'const' ? amp[c] : amp[c] * s;
      // ah = W·h + b_hh and ai = u·weight_ih + b_ih, as GatedMap.pre forms them (g·(W·h) over g)
      for (let r = 0, pr = c; r < GH; r++, pr += C) {
        ah[r] = g * P[pr] + bhh[r];
        ai[r] = u * wih[r] + bih[r];
      }
      for (let i = 0, pi = c; i < n; i++, pi += C) x[i] = X[pi];
      cell.gates(x, 0, xn, 0);
      for (let i = 0, pi = c; i < n; i++, pi += C) Xn[pi] = xn[i];
      if (!Q || !Y) continue;
      for (let r = 0, pr = c; r < GH; r++, pr += C) ph[r] = g * PQ[pr];
      for (let i = 0, pi = c; i < n; i++, pi += C) q[i] = Q[pi];
      cell.combine(q, 0, 1, ph, null, y, 0);
      for (let i = 0, pi = c; i < n; i++, pi += C) Y[pi] = y[i];
    }
  }
}
