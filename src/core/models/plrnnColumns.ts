/**
 * Paper A's PLRNN z ← g·A⊙z + g·W·ReLU(z) + h (Mikhaeil, Monfared &
 * Durstewitz 2022, eq. 9) on many columns at once (core/vector/columnBatch.ts):
 * the columns share A, W (at g = 1), h and z₀ and differ in g, so a step is
 * one product W·ReLU(X), and the tangent step one more, W·(D⊙Q), with
 * D = [X > 0] (the Jacobian g·(diag(A) + W·D(z)), PlrnnMap's).
 *
 * Per column it computes g·(A⊙z) + g·(W·ReLU(z)) + h: the one-column map sums
 * (g·Wᵢⱼ)·ReLU(zⱼ) with g applied to each weight, so the two agree to rounding.
 */
import { matmul, repeatColumns } from '../linalg/dense';
import { arenaDoubles, type Arena } from '../linalg/simd';
import type { PlrnnWeights } from './plrnn';
import type { ColumnBatch, SweepParam } from './types';

interface PlrnnColumnData {
  n: number;
  cols: number;
  A: Float64Array;
  W: Float64Array;
  h: Float64Array;
  z0: Float64Array;
  gain: Float64Array;
  /** Work: ReLU(X) or D⊙Q, and the product. */
  R: Float64Array;
  P: Float64Array;
}

/** The columns of a PLRNN over g at `values` (null for another parameter). */
export function plrnnColumns(weights: PlrnnWeights, z0: Float64Array, param: SweepParam, values: ArrayLike<number>): ColumnBatch | null {
  if (param !== 'g') return null;
  const n = weights.h.length;
  const cols = values.length;
  return new PlrnnColumns({ n, cols, A: weights.A, W: weights.W, h: weights.h, z0, gain: Float64Array.from(values), R: new Float64Array(n * cols), P: new Float64Array(n * cols) });
}

class PlrnnColumns implements ColumnBatch {
  readonly n: number;
  readonly cols: number;

  constructor(private readonly d: PlrnnColumnData) {
    this.n = d.n;
    this.cols = d.cols;
  }

  arenaDoubles(): number {
    const { n, cols } = this.d;
    return arenaDoubles(n * n, n, n, cols, n * cols, n * cols);
  }

  bind(arena: Arena): ColumnBatch {
    const d = this.d;
    const copy = (a: Float64Array) => arena.copyOf(a);
    return new PlrnnColumns({ ...d, W: copy(d.W), A: copy(d.A), h: copy(d.h), gain: copy(d.gain), R: arena.alloc(d.R.length), P: arena.alloc(d.P.length) });
  }

  initialStates(X: Float64Array): void {
    const { n, cols, z0 } = this.d;
    repeatColumns(n, cols, z0, X);
  }

  /** Xn = g·(A⊙X) + g·P + h, P = W·ReLU(X) already in d.P. */
  private combine(X: Float64Array, Xn: Float64Array): void {
    const { n, cols: C, A, P, h, gain } = this.d;
    for (let i = 0, ri = 0; i < n; i++, ri += C) {
      const ai = A[i];
      const hi = h[i];
      for (let c = 0; c < C; c++) Xn[ri + c] = gain[c] * (ai * X[ri + c]) + gain[c] * P[ri + c] + hi;
    }
  }

  step(X: Float64Array, Xn: Float64Array): void {
    const { n, cols: C, R, P, W } = this.d;
    for (let p = 0; p < n * C; p++) R[p] = X[p] > 0 ? X[p] : 0;
    matmul(n, n, C, W, R, P);
    this.combine(X, Xn);
  }

  tangentStep(X: Float64Array, Xn: Float64Array, Q: Float64Array, Y: Float64Array): void {
    const { n, cols: C, R, P, W, A, gain } = this.d;
    // Y = g·(A⊙Q) + g·W·(D⊙Q), D = [X > 0] at the state before the step
    for (let p = 0; p < n * C; p++) R[p] = X[p] > 0 ? Q[p] : 0;
    matmul(n, n, C, W, R, P);
    for (let i = 0, ri = 0; i < n; i++, ri += C) {
      const ai = A[i];
      for (let c = 0; c < C; c++) Y[ri + c] = gain[c] * (ai * Q[ri + c]) + gain[c] * P[ri + c];
    }
    this.step(X, Xn);
  }
}
