/**
 * The frame product of wide Lyapunov spectra on packed operands (issue #17):
 * C = diag(d)·A·B with A in the row-4 layout and B in the slab layout of
 * blockedQr.ts (`packRows4`, `packSlabs`), so that the 4 × 4 register tile
 * reads both operands contiguously. `matmul` (dense.ts) walks B down 4-column
 * strips: at n = 256 its 2 KB rows fall on the same few L1 sets, and the strip
 * is fetched from L2 again for every group of rows.
 *
 * Same bits as `matmul`: each C(i, c) is one sum in ascending inner index
 * from +0, then × d_i. The WebAssembly twin (wasm/kernels.wat,
 * `matmul_packed`) runs when all arrays are views of one arena.
 */
import { arenaOf, type KernelExports } from './simd';

interface PackedGemmExports {
  matmul_packed(m: number, n: number, k: number, A: number, B: number, C: number, d: number, slab: number): void;
}

/**
 * C = diag(d)·A·B (d null: A·B): A m × n in the row-4 layout
 * (`packRows4(m, n, …)`, `slabLength(n, m)` doubles), B n × k in the slab layout
 * (`packSlabs(n, k, …)`, `slabLength(n, k)` doubles). C m × k row-major, or with
 * `slabOut` in the slab layout (`slabLength(m, k)` doubles, padding columns +0).
 * Bit for bit `matmul`.
 */
export function matmulPacked(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  rowScale: Float64Array | null = null,
  slabOut = false,
): void {
  const ar = arenaOf(A, B, C, rowScale);
  if (ar) {
    (ar.k as KernelExports & PackedGemmExports).matmul_packed(m, n, k, A.byteOffset, B.byteOffset, C.byteOffset, rowScale ? rowScale.byteOffset : 0, slabOut ? 1 : 0);
    return;
  }
  for (let i = 0; i < m; i++) {
    const ai = 4 * n * (i >> 2) + (i & 3);
    const d = rowScale ? rowScale[i] : 1;
    for (let c = 0; c < k; c++) {
      const bc = 4 * n * (c >> 2) + (c & 3);
      let s = 0;
      for (let q = 0; q < n; q++) s += A[ai + 4 * q] * B[bc + 4 * q];
      C[slabOut ? 4 * m * (c >> 2) + 4 * i + (c & 3) : i * k + c] = rowScale ? s * d : s;
    }
    if (slabOut) for (let c = k; c & 3; c++) C[4 * m * (c >> 2) + 4 * i + (c & 3)] = 0;
  }
}
