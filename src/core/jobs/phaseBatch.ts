/**
 * Cells of a λ map as column batches (issue #17): the cells of one column of
 * the default map (one g, σ_b varying) iterate the same g·W, so they can run
 * as the columns of one matrix (core/vector/columnBatch.ts), one GEMM a step
 * instead of a matrix–vector product per cell.
 *
 * Only where a column is the one-cell run bit for bit: the varying axis is a
 * parameter the model batches exactly (`hasExactColumnBatch`: for the random
 * RNN σ_b and the input amplitude, with g·W built as RnnMap builds it) and the
 * cell's run is a fixed-length λ_max run (one tangent vector, no tolerance).
 * Then a map is the same bits however its cells are grouped, and a cell still
 * equals the CLI's `lyapunov` of its state (docs/cli.md).
 */
import { buildColumnsND, hasExactColumnBatch, isModel1D, type SweepParam } from '../models';
import { columnBatchJob, columnRunArenaNeed, type ColumnBatchResult } from '../vector/columnBatch';
import { SPECTRUM_ARENA_MIN_N } from '../vector/spectrum';
import { createArena, type Arena } from '../linalg/simd';
import type { Job, Pacer } from '../job';
import type { PhaseJobRequest } from './phaseJob';

/** Fewer cells than this run one by one: a GEMM of so few columns is no faster than their matrix–vector products (measured, docs/benchmarks.md). */
export const PHASE_BATCH_MIN_CELLS = 4;

/** At most this many cells in one batch (a column of a 64-unit map: 64 × 64 doubles a matrix). */
export const PHASE_BATCH_MAX_CELLS = 64;

/**
 * The axis whose values the cells of one batch differ in ('y': cells of one
 * column of the map, sharing its x value), or null when every cell runs on
 * its own: a quantity without a λ run (p3, p2), a map of the line, a run
 * with more than one tangent vector or a tolerance, or no axis the model
 * batches exactly.
 */
export function phaseBatchAxis(req: Pick<PhaseJobRequest, 'quantity' | 'x' | 'y' | 'lyapunov'>): 'x' | 'y' | null {
  const L = req.lyapunov;
  if (!L || req.quantity === 'p3' || req.quantity === 'p2') return null;
  if (isModel1D(L.params.model) || L.k !== 1 || L.tol > 0) return null;
  if (hasExactColumnBatch(L.params.model, req.y.param)) return 'y';
  if (hasExactColumnBatch(L.params.model, req.x.param)) return 'x';
  return null;
}

/** A cell's index along the axis a batch keeps fixed (its column for batches along y, its row along x), or null when cells do not batch. */
export function phaseFixedIndex(req: Pick<PhaseJobRequest, 'quantity' | 'x' | 'y' | 'lyapunov'>): ((c: number) => number) | null {
  const axis = phaseBatchAxis(req);
  if (!axis) return null;
  const nx = req.x.values.length;
  return axis === 'y' ? (c) => c % nx : (c) => Math.floor(c / nx);
}

/**
 * The cells (row-major indices) in batches: cells sharing the value of the
 * axis that is not `phaseBatchAxis`, in the order they first appear, at most
 * PHASE_BATCH_MAX_CELLS each; one cell a batch when nothing batches.
 */
export function phaseCellGroups(req: Pick<PhaseJobRequest, 'quantity' | 'x' | 'y' | 'lyapunov'>, cells: readonly number[], max = PHASE_BATCH_MAX_CELLS): number[][] {
  const fixedIndex = phaseFixedIndex(req);
  if (!fixedIndex) return cells.map((c) => [c]);
  const open = new Map<number, number[]>();
  const out: number[][] = [];
  for (const c of cells) {
    const key = fixedIndex(c);
    let g = open.get(key);
    if (!g || g.length >= max) {
      g = [];
      open.set(key, g);
      out.push(g);
    }
    g.push(c);
  }
  return out;
}

/** A wasm arena reused by a job's batches, grown when a batch needs more. */
export interface BatchArena {
  arena: Arena | null;
}

/**
 * The λ_max runs of a batch of cells (all with the same value on the fixed
 * axis) for the network of seed + seedOffset, as `runColumnBatch` gives them (column i: cells[i]).
 */
export function* phaseBatchRuns(req: PhaseJobRequest, cells: readonly number[], seedOffset: number, keepEnd: boolean, pace: Pacer, holder: BatchArena): Job<ColumnBatchResult> {
  const axis = phaseBatchAxis(req);
  const L = req.lyapunov;
  if (!axis || !L) throw new Error('these cells do not run as a batch');
  const nx = req.x.values.length;
  const xOf = (c: number) => req.x.values[c % nx];
  const yOf = (c: number) => req.y.values[Math.floor(c / nx)];
  const [fixed, valueOf, fixedOf] = axis === 'y' ? (['x', yOf, xOf] as const) : (['y', xOf, yOf] as const);
  const at = { ...L.params, [req[fixed].param]: fixedOf(cells[0]) };
  const p = { ...at, seed: at.seed + seedOffset };
  const batch = buildColumnsND(p, L.imported, req[axis].param as SweepParam, Float64Array.from(cells, valueOf));
  if (!batch) throw new Error(`model=${p.model} does not batch ${req[axis].param}`);
  let arena: Arena | null = null;
  if (batch.n >= SPECTRUM_ARENA_MIN_N) {
    const need = columnRunArenaNeed(batch);
    holder.arena?.reset();
    if (!holder.arena || holder.arena.free < need) holder.arena = createArena(need);
    arena = holder.arena;
  }
  return yield* columnBatchJob(batch, { transient: L.transient, keep: L.steps, pts: null, proj: null, keepEnd }, arena, pace);
}
