/**
 * Vitest setup: install the WebAssembly SIMD kernels (assembled from
 * wasm/kernels.wat by the Vite plugin), as the app's workers do, so every test
 * runs the code the app runs. RNN_LAB_KERNELS=js keeps the JavaScript kernels
 * (tests/unit/simd.test.ts compares the two paths either way).
 */
import kernelBytes from 'virtual:rnn-lab-kernels';
import { installKernelsSync } from '../../src/core/linalg/simd';

if (process.env.RNN_LAB_KERNELS !== 'js') installKernelsSync(kernelBytes());
