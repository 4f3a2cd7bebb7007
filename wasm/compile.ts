/**
 * Assemble wasm/kernels.wat into a WebAssembly binary with the npm package
 * `wabt` (a devDependency: its own build of WABT, compiled to wasm, so nothing
 * is downloaded). Node only: the Vite plugin (build, dev server, Vitest) and
 * the Node loader (CLI, bench) call this; the browser gets the bytes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the kernels' source. */
export const KERNELS_WAT = fileURLToPath(new URL('./kernels.wat', import.meta.url));

type Wabt = {
  parseWat(filename: string, text: string, features?: Record<string, boolean>): {
    resolveNames(): void;
    validate(): void;
    toBinary(o: { log?: boolean; write_debug_names?: boolean }): { buffer: Uint8Array };
    destroy(): void;
  };
};

let wabtPromise: Promise<Wabt> | null = null;

async function loadWabt(): Promise<Wabt> {
  wabtPromise ??= import('wabt').then((m) => (m.default as unknown as () => Promise<Wabt>)());
  return wabtPromise;
}

/** The kernels' source text. */
export function kernelsSource(): string {
  return readFileSync(KERNELS_WAT, 'utf8');
}

/** Assemble WAT text (SIMD on) into a validated binary. Throws with wabt's message on an error. */
export async function assembleWat(text: string, filename = 'kernels.wat'): Promise<Uint8Array> {
  const wabt = await loadWabt();
  const mod = wabt.parseWat(filename, text, { simd: true, bulk_memory: true });
  try {
    mod.resolveNames();
    mod.validate();
    return Uint8Array.from(mod.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    mod.destroy();
  }
}

/** The kernels as a binary, assembled from wasm/kernels.wat now. */
export async function buildKernels(): Promise<Uint8Array> {
  return assembleWat(kernelsSource());
}
