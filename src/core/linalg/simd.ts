/**
 * The WebAssembly SIMD kernels (wasm/kernels.wat) and the arenas their data
 * lives in. Pure: no DOM, no Node. Whoever starts the core (a worker, the CLI,
 * the bench, Vitest's setup) hands the assembled bytes to `installKernels`;
 * until then, where WebAssembly SIMD is unavailable (`simdSupported()` false),
 * or after `setKernelsEnabled(false)`, everything runs the JavaScript kernels
 * of linalg.ts, which stay the reference. The wasm kernels give the same bits
 * (see wasm/kernels.wat), so results never depend on which path ran.
 *
 * Memory: a run that wants the fast path asks for an `Arena` sized for all of
 * its buffers (`createArena`): its own instance of the module with its own
 * memory, grown once at creation and never again, so the Float64Array views
 * handed out stay valid for the arena's life and are freed with it by the
 * garbage collector (no manual lifetime, no pool that could alias a view).
 * linalg.ts's kernels dispatch to wasm when all their arrays are views of one
 * arena (`arenaOf`), so callers only decide where their buffers live.
 */
import { EXP2_TABLE } from './elementary/expTable';

/** The kernels' exports (pointers are byte offsets into `memory`). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  matmul(m: number, n: number, k: number, A: number, B: number, C: number, d: number): void;
  matvec_packed(m: number, n: number, P: number, x: number, b: number, y: number): void;
  matvec2_packed(m: number, n: number, P: number, x: number, b: number, y: number, u: number, v: number): void;
  qr_mgs_blocked(m: number, k: number, A: number, rdiag: number, work: number): void;
  col_sumsq(m: number, k: number, A: number, norms: number): void;
  copy(dst: number, src: number, len: number): void;
  scale_rows(m: number, n: number, A: number, d: number, J: number): void;
  sumsq2(len: number, x: number): number;
  scale(len: number, x: number, s: number): void;
  mat_t_vec(m: number, n: number, A: number, u: number, y: number): void;
  matvec_pairs(m: number, n: number, A: number, y: number, z: number): void;
  tanh_vec(n: number, z: number, out: number, d: number, table: number): void;
  rnn_cols_tanh(n: number, C: number, P: number, R: number, b: number, gain: number, bs: number, u: number, v: number, Xn: number, Y: number, table: number): void;
  scale_cols(m: number, k: number, A: number, s: number): void;
  any_beyond(len: number, x: number, bound: number): number;
}

/**
 * A minimal module that uses f64x2 (`(module (func (result v128) (f64x2.mul
 * (v128.const f64x2 1 1) (v128.const f64x2 1 1)))))`, as assembled by wabt;
 * tests/unit/simd.test.ts checks these bytes against that text). Engines
 * without SIMD reject it.
 */
// prettier-ignore
export const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 43, 1, 41, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 240, 63, 0, 0, 0, 0, 0, 0, 240, 63,
  253, 12, 0, 0, 0, 0, 0, 0, 240, 63, 0, 0, 0, 0, 0, 0, 240, 63, 253, 242, 1, 11,
]);

export type KernelMode = 'wasm-simd' | 'js';

let compiled: WebAssembly.Module | null = null;
let enabled = true;
let why = 'not installed';
/** Live arenas exist (a cheap early-out for linalg's dispatch). */
let anyArena = false;
const arenas = new WeakMap<ArrayBufferLike, Arena>();

/** Whether this engine has WebAssembly with 128-bit SIMD. */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

function accept(mod: WebAssembly.Module): boolean {
  // a trial instance: some engines compile but refuse to instantiate (memory limits)
  new WebAssembly.Instance(mod, {});
  compiled = mod;
  why = 'installed';
  return true;
}

/**
 * Compile the kernels (asynchronously, as browsers require for modules over
 * 4 KB on the main thread) and use them from now on. Resolves false, and the
 * JavaScript kernels stay in use, when SIMD is unavailable or anything fails.
 */
export async function installKernels(bytes: Uint8Array): Promise<boolean> {
  if (!simdSupported()) {
    why = 'WebAssembly SIMD unavailable';
    return false;
  }
  try {
    return accept(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>));
  } catch (e) {
    why = `kernels failed to load: ${(e as Error).message}`;
    return false;
  }
}

/** As installKernels, synchronously (Node, workers; not a browser's main thread). */
export function installKernelsSync(bytes: Uint8Array): boolean {
  if (!simdSupported()) {
    why = 'WebAssembly SIMD unavailable';
    return false;
  }
  try {
    return accept(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
  } catch (e) {
    why = `kernels failed to load: ${(e as Error).message}`;
    return false;
  }
}

/** Turn the wasm path off (or back on): tests, benchmarks, a user's switch. Arenas made before keep their buffers but run JS. */
export function setKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** Whether new runs get the wasm kernels. */
export function kernelsActive(): boolean {
  return enabled && compiled !== null;
}

/** Which kernels new runs use, and why. */
export function kernelInfo(): { mode: KernelMode; simd: boolean; reason: string } {
  return { mode: kernelsActive() ? 'wasm-simd' : 'js', simd: simdSupported(), reason: enabled ? why : 'disabled' };
}

/**
 * Byte offset of the portable exp's table (EXP2_TABLE, 512 doubles) in every
 * arena: the wasm `tanh_vec` reads it there. Bytes 0–15 stay unused (a
 * pointer 0 means "absent"); allocations start after the table.
 */
export const EXP_TABLE_AT = 16;
const FIRST_FREE = EXP_TABLE_AT + EXP2_TABLE.length * 8;

/** Doubles an arena needs for arrays of these lengths (each starts on 16 bytes). */
export function arenaDoubles(...lengths: number[]): number {
  let s = FIRST_FREE / 8;
  for (const l of lengths) s += l + (l & 1);
  return s;
}

/** A private instance of the kernels with a memory sized once (see the module comment). */
export class Arena {
  readonly k: KernelExports;
  readonly buffer: ArrayBuffer;
  private top = FIRST_FREE;

  constructor(mod: WebAssembly.Module, doubles: number) {
    const inst = new WebAssembly.Instance(mod, {});
    this.k = inst.exports as unknown as KernelExports;
    const bytes = doubles * 8;
    const have = this.k.memory.buffer.byteLength;
    if (bytes > have) this.k.memory.grow(Math.ceil((bytes - have) / 65536));
    this.buffer = this.k.memory.buffer as ArrayBuffer;
    new Float64Array(this.buffer, EXP_TABLE_AT, EXP2_TABLE.length).set(EXP2_TABLE);
  }

  /** A zeroed array of `len` doubles in this arena (16-byte aligned). */
  alloc(len: number): Float64Array {
    const need = len * 8;
    if (this.top + need > this.buffer.byteLength) throw new Error(`Arena: ${len} more doubles do not fit (${this.buffer.byteLength} bytes)`);
    const a = new Float64Array(this.buffer, this.top, len);
    this.top += need + (need & 8);
    return a;
  }

  /** A copy of `a` in this arena (a map's weights moved where the kernels read them). */
  copyOf(a: Float64Array): Float64Array {
    const b = this.alloc(a.length);
    b.set(a);
    return b;
  }

  /**
   * Forget every allocation: the next `alloc` starts at the beginning again.
   * Only for an owner that is sure no view handed out is still in use (a
   * synchronous computation reusing its scratch arena call after call).
   */
  reset(): void {
    this.top = FIRST_FREE;
  }

  /** Doubles the arena holds in all. */
  get capacity(): number {
    return this.buffer.byteLength / 8;
  }

  /** Doubles still free. */
  get free(): number {
    return (this.buffer.byteLength - this.top) / 8;
  }

  /** Whether `a` is a view of this arena. */
  owns(a: Float64Array | null): boolean {
    return a !== null && a.buffer === this.buffer;
  }
}

/**
 * An arena of `doubles` (see `arenaDoubles`), or null when the wasm kernels are
 * not in use or the engine cannot give the memory: the caller then keeps its
 * buffers in ordinary Float64Arrays and runs JavaScript.
 */
export function createArena(doubles: number): Arena | null {
  if (!kernelsActive() || doubles > 2 ** 28) return null;
  try {
    const a = new Arena(compiled!, doubles);
    arenas.set(a.buffer, a);
    anyArena = true;
    return a;
  } catch {
    return null;
  }
}

let shared: { arena: Arena; len: number; views: Float64Array[] } | null = null;

/** Three work vectors in a wasm arena shared by every caller (see `sharedWork`). */
export interface SharedWork {
  arena: Arena;
  views: Float64Array[];
}

/**
 * Three work vectors of at least `len` doubles in an arena shared by every
 * caller, or null without the kernels. For synchronous kernels that fill,
 * call and read them within one call (a 1-D network's f): callers may hold
 * the same views, since no two such calls overlap.
 */
export function sharedWork(len: number): SharedWork | null {
  if (!kernelsActive()) return null;
  if (!shared || shared.len < len) {
    const cap = Math.max(len, 64);
    const arena = createArena(arenaDoubles(cap, cap, cap));
    if (!arena) return null;
    shared = { arena, len: cap, views: [arena.alloc(cap), arena.alloc(cap), arena.alloc(cap)] };
  }
  return { arena: shared.arena, views: shared.views };
}

/** The arena every one of these arrays lives in (nulls ignored), or null: then the JS kernel runs. */
export function arenaOf(a: Float64Array, b?: Float64Array | null, c?: Float64Array | null, d?: Float64Array | null): Arena | null {
  if (!anyArena || !enabled) return null;
  const buf = a.buffer;
  if ((b && b.buffer !== buf) || (c && c.buffer !== buf) || (d && d.buffer !== buf)) return null;
  return arenas.get(buf) ?? null;
}

/**
 * The row-pair packed copy of an m × n row-major matrix that `matvec_packed`
 * reads: rows 2p and 2p + 1 interleaved (element (2p + r, j) at 2n·p + 2j + r),
 * an odd last row plain at the end. Same length as A.
 */
export function packRowPairs(m: number, n: number, A: Float64Array, out: Float64Array): Float64Array {
  let p = 0;
  for (; p + 2 <= m; p += 2) {
    const o = p * n;
    for (let j = 0; j < n; j++) {
      out[o + 2 * j] = A[o + j];
      out[o + 2 * j + 1] = A[o + n + j];
    }
  }
  if (p < m) for (let j = 0; j < n; j++) out[p * n + j] = A[p * n + j];
  return out;
}
