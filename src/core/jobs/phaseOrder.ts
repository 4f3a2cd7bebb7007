/**
 * The order in which the app's phase view computes the cells of a map, and
 * what it shows meanwhile (issue #15: "a coarse draft at once, refined cell
 * by cell to the final resolution").
 *
 * The grid is refined like an interlaced image: first the cells whose row
 * and column are multiples of the coarsest stride s₀ (a grid of about
 * `coarsest` cells per axis), then those of stride s₀/2, …, then the rest.
 * A cell not computed yet shows the value of its anchor: the cell at the
 * top-left corner of the smallest block (stride 1, 2, 4, …) whose corner is
 * computed. The map is then a complete picture at every moment, blockier
 * where fewer cells are in, and each cell keeps its own value once computed.
 */

/** The coarsest stride: the largest power of two leaving at least `coarsest` cells along the longer axis (1 for small maps). */
export function coarsestStride(nx: number, ny: number, coarsest = 8): number {
  let s = 1;
  while (Math.max(nx, ny) / (2 * s) >= coarsest) s *= 2;
  return s;
}

/** The stride level of cell (row, col): the largest power of two up to s0 dividing both (0 is divided by all). */
export function strideOf(row: number, col: number, s0: number): number {
  let s = s0;
  while (s > 1 && (row % s !== 0 || col % s !== 0)) s /= 2;
  return s;
}

/**
 * Every cell (row-major index row·nx + col) once, coarse levels first, each
 * level row by row, or column by column with `byColumn` (so that the cells a
 * worker takes at a time share their column: a batch of cells along y,
 * core/jobs/phaseBatch.ts).
 */
export function progressiveOrder(nx: number, ny: number, coarsest = 8, byColumn = false): number[] {
  const s0 = coarsestStride(nx, ny, coarsest);
  const out: number[] = [];
  for (let s = s0; s >= 1; s /= 2) {
    if (byColumn) {
      for (let col = 0; col < nx; col += s)
        for (let row = 0; row < ny; row += s) if (strideOf(row, col, s0) === s) out.push(row * nx + col);
    } else {
      for (let row = 0; row < ny; row += s)
        for (let col = 0; col < nx; col += s) if (strideOf(row, col, s0) === s) out.push(row * nx + col);
    }
  }
  return out;
}

/**
 * For each cell, the cell whose value it shows: itself once computed, else
 * the computed anchor of the smallest block containing it (−1: nothing to
 * show yet).
 */
export function draftSources(computed: Uint8Array, nx: number, ny: number, coarsest = 8): Int32Array {
  const s0 = coarsestStride(nx, ny, coarsest);
  const out = new Int32Array(nx * ny).fill(-1);
  for (let row = 0; row < ny; row++)
    for (let col = 0; col < nx; col++) {
      for (let s = 1; s <= s0; s *= 2) {
        const a = (row - (row % s)) * nx + (col - (col % s));
        if (computed[a]) {
          out[row * nx + col] = a;
          break;
        }
      }
    }
  return out;
}
