/**
 * The kernels for Node entry points (the CLI, the bench, scripts run with tsx,
 * where no Vite plugin runs): assembled from wasm/kernels.wat with the
 * npm package `wabt` on first use, then kept in `.wasm-build/` (ignored by git;
 * named by the source's hash, so an edited source is assembled again). When
 * the cache cannot be written the bytes are assembled in memory every time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { assembleWat, kernelsSource } from './compile';
import { installKernelsSync } from '../src/core/linalg/simd';

const CACHE_DIR = fileURLToPath(new URL('../.wasm-build/', import.meta.url));

/** The assembled kernels (from the cache when the source is unchanged). */
export async function kernelsBinary(): Promise<Uint8Array> {
  const text = kernelsSource();
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = join(CACHE_DIR, `kernels-${hash}.wasm`);
  try {
    return new Uint8Array(readFileSync(file));
  } catch {
    /* not cached yet */
  }
  const bytes = await assembleWat(text);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(file, bytes);
  } catch {
    /* read-only checkout: fine, assemble next time */
  }
  return bytes;
}

/**
 * Install the wasm kernels in this Node process (no-op where SIMD is missing or
 * RNN_LAB_KERNELS=js is set). Resolves to whether they are in use.
 */
export async function loadKernelsNode(): Promise<boolean> {
  if (process.env.RNN_LAB_KERNELS === 'js') return false;
  try {
    return installKernelsSync(await kernelsBinary());
  } catch (e) {
    process.stderr.write(`note: wasm kernels unavailable (${(e as Error).message}); using the JavaScript kernels\n`);
    return false;
  }
}
