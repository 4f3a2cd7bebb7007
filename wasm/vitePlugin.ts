/**
 * Vite plugin: `import kernelBytes from 'virtual:rnn-lab-kernels'` gives a
 * function returning the kernels' binary, assembled from wasm/kernels.wat by
 * `wabt` when the module graph is built (vite build, the dev server, Vitest).
 * The bytes are inlined (base64) into the chunk that imports them, the compute
 * worker: about 8 KB, nothing to fetch, and the PWA precaches it with the worker.
 * Editing kernels.wat reloads the dev server.
 */
import type { Plugin } from 'vite';
import { KERNELS_WAT, buildKernels } from './compile.js';

export const KERNELS_MODULE = 'virtual:rnn-lab-kernels';
const RESOLVED = `\0${KERNELS_MODULE}`;

export function wasmKernels(): Plugin {
  return {
    name: 'rnn-lab-wasm-kernels',
    resolveId(id) {
      return id === KERNELS_MODULE ? RESOLVED : null;
    },
    async load(id) {
      if (id !== RESOLVED) return null;
      this.addWatchFile(KERNELS_WAT);
      const b64 = Buffer.from(await buildKernels()).toString('base64');
      return [
        `const b64 = ${JSON.stringify(b64)};`,
        'export default function kernelBytes() {',
        '  const s = atob(b64);',
        '  const a = new Uint8Array(s.length);',
        '  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);',
        '  return a;',
        '}',
      ].join('\n');
    },
  };
}
