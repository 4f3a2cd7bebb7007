/**
 * Blocked thin QR for wide frames (issue #17): the full Lyapunov spectrum at
 * N = 256 spends half of every step in the QR of an n × n frame, and the
 * block-4 MGS `qrMgsBlocked` (qr.ts) runs it at vector speed. Here the frame is
 * cut into panels of b columns; each panel is factorised by `qrMgsBlocked`, and
 * the columns to its right are updated at once by two matrix products (GEMM
 * speed) and a small triangular solve:
 *
 *   G = Q_pᵀ·A_rest,   W = (I + L)⁻¹·G,   A_rest ← A_rest − Q_p·W,
 *   L = the strictly lower part of Q_pᵀQ_p (rounding-level).
 *
 * This is the panel-wide form of the compact update `qrMgsBlocked` applies to
 * blocks of 4 columns: in exact arithmetic (I − Q_p(I + L)⁻¹Q_pᵀ) is the
 * product of the b projections (I − q qᵀ) that modified Gram–Schmidt applies
 * one after the other, so the whole factorisation is MGS (the "inverse compact
 * WY" form, Świrydowicz et al. 2020), with MGS's loss of orthogonality
 * O(ε·cond A). Without L it would be block classical Gram–Schmidt between the
 * panels. Q and diag R (≥ 0) differ from `qrMgsBlocked`'s by rounding only.
 *
 * Each product has a WebAssembly SIMD twin in wasm/kernels.wat (section
 * "blocked QR (issue #17)"), run when all of its arrays are views of one arena,
 * with the same bits: every element is one sum, in ascending index order, in
 * both. The operands of the inner loops are packed in "slabs" (groups of 4
 * columns stored m × 4 contiguous: element (i, j) at 4m·⌊j/4⌋ + 4i + j mod 4,
 * a last partial group zero-padded), so that no inner loop walks a
 * power-of-two stride (a 256-wide row-major frame has 2 KB rows: every column
 * walk would hit the same few L1 sets).
 */
import { arenaOf, type KernelExports } from './simd';
import { qrMgsBlocked } from './qr';

/** The exports of the blocked-QR section of wasm/kernels.wat (pointers are byte offsets). */
interface BlockedQrExports {
  unpack_slabs(m: number, w: number, src: number, dst: number, ldd: number): void;
  pack_slabs(m: number, w: number, src: number, lds: number, dst: number): void;
  pack_rows4(m: number, w: number, src: number, lds: number, dst: number): void;
  gram_lower(m: number, p: number, X: number, L: number): void;
  gemm_tn_slabs(p: number, r: number, m: number, X: number, B: number, G: number): void;
  trsm_unit_lower(p: number, r: number, L: number, G: number): void;
  gemm_nn_sub(m: number, r: number, p: number, X: number, G: number, C: number): void;
}

function kernels(a: Float64Array, b?: Float64Array | null, c?: Float64Array | null, d?: Float64Array | null): BlockedQrExports | null {
  const ar = arenaOf(a, b, c, d);
  return ar ? (ar.k as KernelExports & BlockedQrExports) : null;
}

/** Byte offset of element `off` of a view. */
const at = (a: Float64Array, off: number): number => a.byteOffset + 8 * off;

/** Doubles of a slab-packed m × w matrix (w rounded up to a multiple of 4). */
export function slabLength(m: number, w: number): number {
  return m * 4 * Math.ceil(w / 4);
}

/** The m × w block of dst (from element dO, leading dimension ldd) from its slab layout in src (the inverse of `packSlabs`). */
export function unpackSlabs(m: number, w: number, src: Float64Array, dst: Float64Array, dO: number, ldd: number): void {
  const k = kernels(src, dst);
  if (k) {
    k.unpack_slabs(m, w, src.byteOffset, at(dst, dO), ldd);
    return;
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < w; j++) dst[dO + i * ldd + j] = src[4 * m * (j >> 2) + 4 * i + (j & 3)];
}

/** The slab layout of the m × w block of src (from element so, leading dimension lds) into dst (`slabLength(m, w)` doubles). */
export function packSlabs(m: number, w: number, src: Float64Array, so: number, lds: number, dst: Float64Array): void {
  const k = kernels(src, dst);
  if (k) {
    k.pack_slabs(m, w, at(src, so), lds, dst.byteOffset);
    return;
  }
  for (let i = 0; i < m; i++)
    for (let g = 0; g < w; g += 4) {
      const o = g * m + 4 * i;
      for (let t = 0; t < 4; t++) dst[o + t] = g + t < w ? src[so + i * lds + g + t] : 0;
    }
}

/**
 * The row-4 layout of the m × w block of src (from element so, leading
 * dimension lds) into dst (`slabLength(w, m)` doubles): rows in groups of 4,
 * each group w × 4, (i, q) at 4w·⌊i/4⌋ + 4q + i mod 4 (the slab layout of the
 * transpose); a last partial group of rows is zero-padded.
 */
export function packRows4(m: number, w: number, src: Float64Array, so: number, lds: number, dst: Float64Array): void {
  const k = kernels(src, dst);
  if (k) {
    k.pack_rows4(m, w, at(src, so), lds, dst.byteOffset);
    return;
  }
  const m4 = 4 * Math.ceil(m / 4);
  for (let i = 0; i < m4; i++) {
    const o = 4 * w * (i >> 2) + (i & 3);
    for (let q = 0; q < w; q++) dst[o + 4 * q] = i < m ? src[so + i * lds + q] : 0;
  }
}

/**
 * L (p × p, row-major) = the strictly lower part of XᵀX for X m × p in slabs
 * (p a multiple of 4): L(a, c) = Σ_i X(i, a)·X(i, c) for c < a, 0 elsewhere.
 */
export function gramLower(m: number, p: number, X: Float64Array, L: Float64Array): void {
  if (p % 4 !== 0) throw new Error(`gramLower: p = ${p} is not a multiple of 4`);
  const k = kernels(X, L);
  if (k) {
    k.gram_lower(m, p, X.byteOffset, L.byteOffset);
    return;
  }
  for (let a = 0; a < p; a++) {
    const xa = 4 * m * (a >> 2) + (a & 3);
    for (let c = 0; c < p; c++) {
      if (c >= a) {
        L[a * p + c] = 0;
        continue;
      }
      const xc = 4 * m * (c >> 2) + (c & 3);
      let s = 0;
      for (let i = 0; i < m; i++) s += X[xa + 4 * i] * X[xc + 4 * i];
      L[a * p + c] = s;
    }
  }
}

/**
 * G (p × r, slab layout, `slabLength(p, r)` doubles) = XᵀB: X m × p and B
 * m × r both in slabs (p a multiple of 4): G(a, j) = Σ_i X(i, a)·B(i, j) for
 * all 4⌈r/4⌉ columns (B's zero padding gives +0).
 */
export function gemmTnSlabs(p: number, r: number, m: number, X: Float64Array, B: Float64Array, G: Float64Array): void {
  if (p % 4 !== 0) throw new Error(`gemmTnSlabs: p = ${p} is not a multiple of 4`);
  const k = kernels(X, B, G);
  if (k) {
    k.gemm_tn_slabs(p, r, m, X.byteOffset, B.byteOffset, G.byteOffset);
    return;
  }
  const r4 = 4 * Math.ceil(r / 4);
  for (let j = 0; j < r4; j++) {
    const go = 4 * p * (j >> 2) + (j & 3);
    const bj = 4 * m * (j >> 2) + (j & 3);
    for (let a = 0; a < p; a++) {
      const xa = 4 * m * (a >> 2) + (a & 3);
      let s = 0;
      for (let i = 0; i < m; i++) s += X[xa + 4 * i] * B[bj + 4 * i];
      G[go + 4 * a] = s;
    }
  }
}

/**
 * G ← (I + L)⁻¹·G in place (forward substitution): G p × r in slab layout (all
 * 4⌈r/4⌉ columns), L p × p row-major (its strictly lower part):
 * G(a, j) = G(a, j) − L(a, 0)·G(0, j) − … − L(a, a−1)·G(a−1, j), a ascending.
 */
export function trsmUnitLower(p: number, r: number, L: Float64Array, G: Float64Array): void {
  const k = kernels(L, G);
  if (k) {
    k.trsm_unit_lower(p, r, L.byteOffset, G.byteOffset);
    return;
  }
  const r4 = 4 * Math.ceil(r / 4);
  for (let j = 0; j < r4; j++) {
    const go = 4 * p * (j >> 2) + (j & 3);
    for (let a = 1; a < p; a++) {
      let s = G[go + 4 * a];
      for (let c = 0; c < a; c++) s -= L[a * p + c] * G[go + 4 * c];
      G[go + 4 * a] = s;
    }
  }
}

/**
 * C −= X·G: C m × r and G p × r in slab layout (all 4⌈r/4⌉ columns: the zero
 * padding stays +0), X m × p in the row-4 layout (p a multiple of 4); each
 * element in one chain C(i, j) − X(i, 0)·G(0, j) − … − X(i, p−1)·G(p−1, j).
 */
export function gemmNnSub(m: number, r: number, p: number, X: Float64Array, G: Float64Array, C: Float64Array): void {
  if (p % 4 !== 0) throw new Error(`gemmNnSub: p = ${p} is not a multiple of 4`);
  const k = kernels(X, G, C);
  if (k) {
    k.gemm_nn_sub(m, r, p, X.byteOffset, G.byteOffset, C.byteOffset);
    return;
  }
  const r4 = 4 * Math.ceil(r / 4);
  for (let i = 0; i < m; i++) {
    const xi = 4 * p * (i >> 2) + (i & 3);
    for (let j = 0; j < r4; j++) {
      const go = 4 * p * (j >> 2) + (j & 3);
      const c = 4 * m * (j >> 2) + 4 * i + (j & 3);
      let s = C[c];
      for (let q = 0; q < p; q++) s -= X[xi + 4 * q] * G[go + 4 * q];
      C[c] = s;
    }
  }
}

/** The default panel width (measured: docs/benchmarks.md, "Blocked QR for the full spectrum"). */
export const QR_PANEL = 16;
/** Panels up to this width are factorised by `qrMgsBlocked`; wider ones by `qrBlocked` with half the width. */
export const QR_LEAF = 16;

/** Work length `qrBlocked` needs for an m × k matrix (k ≤ m) with panels of b columns. */
export function qrBlockedWork(m: number, k: number, b: number = QR_PANEL): number {
  if (k <= b) return 4 * Math.max(k, 1);
  // the matrix in slabs, the panel row-major and in rows of 4, L, G (slabs), saved rdiag, the panel's own work
  return slabLength(m, k) + m * b + slabLength(b, m) + b * b + slabLength(b, k - b) + k + panelWork(m, b);
}

function panelWork(m: number, b: number): number {
  return b > QR_LEAF ? qrBlockedWork(m, b, leafWidth(b)) : 4 * b;
}

/** The panel width used inside a panel of b columns (halved, kept a multiple of 4). */
function leafWidth(b: number): number {
  return Math.max(4, 4 * Math.ceil(b / 8));
}

/**
 * Thin QR of A (m × k, k ≤ m, row-major) in place by block modified
 * Gram–Schmidt with panels of b columns (b a multiple of 4; see the module
 * comment): A becomes Q, rdiag the diagonal of R (≥ 0). `work` needs
 * `qrBlockedWork(m, k, b)` doubles. With k ≤ b this is `qrMgsBlocked`; a panel
 * wider than QR_LEAF is itself factorised this way with half the width.
 *
 * The matrix is worked on in slab layout (packed once, unpacked once at the
 * end); each panel is unpacked to row-major for `qrMgsBlocked` and packed back.
 *
 * An exactly null column (rank loss) found in a panel makes the factorisation
 * finish with `qrMgsBlocked` on the whole matrix (the columns already done are
 * orthonormal, so it only re-normalises them; their rdiag is kept), so that
 * the column's replacement is orthogonal to all the others, as in qr.ts.
 * Near rank loss is the caller's to check, as with `qrMgsBlocked`.
 */
export function qrBlocked(m: number, k: number, A: Float64Array, rdiag: Float64Array, work: Float64Array, b: number = QR_PANEL): void {
  checkBlocked(work, b, qrBlockedWork(m, k, b));
  if (k <= b) {
    qrMgsBlocked(m, k, A, rdiag, work.subarray(0, 4 * Math.max(k, 1)));
    return;
  }
  const S = work.subarray(0, slabLength(m, k));
  packSlabs(m, k, A, 0, k, S);
  if (!qrBlockedOnSlabs(m, k, S, A, rdiag, work.subarray(S.length), b)) unpackSlabs(m, k, S, A, 0, k);
}

/**
 * As `qrBlocked`, with the matrix in the slab layout (S, `slabLength(m, k)`
 * doubles, factorised in place; padding columns +0): no packing at the start
 * nor unpacking at the end, for callers that keep their frame in slabs (the
 * full spectrum: the tangent product `matmulPacked` reads and writes them).
 * The same bits as `qrBlocked` on the unpacked matrix. `work` needs
 * `qrBlockedSlabsWork(m, k, b)` doubles.
 */
export function qrBlockedSlabs(m: number, k: number, S: Float64Array, rdiag: Float64Array, work: Float64Array, b: number = QR_PANEL): void {
  checkBlocked(work, b, qrBlockedSlabsWork(m, k, b));
  const A = work.subarray(0, slabLength(m, k)); // row-major scratch (m·k ≤ its length)
  if (k <= b) {
    unpackSlabs(m, k, S, A, 0, k);
    qrMgsBlocked(m, k, A, rdiag, work.subarray(A.length, A.length + 4 * Math.max(k, 1)));
    packSlabs(m, k, A, 0, k, S);
    return;
  }
  if (qrBlockedOnSlabs(m, k, S, A, rdiag, work.subarray(A.length), b)) packSlabs(m, k, A, 0, k, S);
}

/** Work length `qrBlockedSlabs` needs. */
export function qrBlockedSlabsWork(m: number, k: number, b: number = QR_PANEL): number {
  return k <= b ? slabLength(m, k) + 4 * Math.max(k, 1) : qrBlockedWork(m, k, b);
}

function checkBlocked(work: Float64Array, b: number, need: number): void {
  if (b < 4 || b % 4 !== 0) throw new Error(`qrBlocked: the panel width ${b} is not a positive multiple of 4`);
  if (work.length < need) throw new Error(`qrBlocked: work needs ${need} doubles, got ${work.length}`);
}

/**
 * The panels of `qrBlocked` on S (slabs, k > b). Returns true when a rank
 * loss made it finish with `qrMgsBlocked` on the whole matrix unpacked into A
 * (m × k row-major): the result is then in A, not in S.
 */
function qrBlockedOnSlabs(m: number, k: number, S: Float64Array, A: Float64Array, rdiag: Float64Array, work: Float64Array, b: number): boolean {
  let o = 0;
  const take = (len: number): Float64Array => work.subarray(o, (o += len));
  const P = take(m * b);
  const Pr = take(slabLength(b, m));
  const L = take(b * b);
  const G = take(slabLength(b, k - b));
  const saved = take(k);
  const pw = take(panelWork(m, b));
  for (let c0 = 0; c0 < k; c0 += b) {
    const w = Math.min(b, k - c0);
    const r = k - c0 - w;
    const Sp = S.subarray(m * c0, m * c0 + slabLength(m, w)); // c0 is a multiple of 4: the panel's slabs
    const Sr = S.subarray(m * (c0 + w));
    unpackSlabs(m, w, Sp, P, 0, w);
    const rd = rdiag.subarray(c0, c0 + w);
    if (w > QR_LEAF) qrBlocked(m, w, P, rd, pw, leafWidth(w));
    else qrMgsBlocked(m, w, P, rd, pw.subarray(0, 4 * w));
    for (let c = 0; c < w; c++)
      if (rd[c] === 0) {
        // rank loss: finish on the whole matrix (its columns c0 … as before this panel)
        unpackSlabs(m, k, S, A, 0, k);
        saved.set(rdiag.subarray(0, c0));
        qrMgsBlocked(m, k, A, rdiag, P.subarray(0, 4 * k));
        rdiag.set(saved.subarray(0, c0));
        return true;
      }
    packSlabs(m, w, P, 0, w, Sp);
    if (r > 0) {
      packRows4(m, w, P, 0, w, Pr);
      gramLower(m, w, Sp, L);
      gemmTnSlabs(w, r, m, Sp, Sr, G);
      trsmUnitLower(w, r, L, G);
      gemmNnSub(m, r, w, Pr, G, Sr);
    }
  }
  return false;
}
