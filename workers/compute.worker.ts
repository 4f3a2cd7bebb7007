/// <reference lib="webworker" />
// Worker entry: expose first, nothing before it (a call made before expose would hang).
import { expose } from 'comlink';
import { createComputeApi } from './compute.api';
import kernelBytes from 'virtual:rnn-lab-kernels';
import { installKernels } from '../src/core/linalg/simd';

const api = createComputeApi();
expose(api);
// The browser tests ask a worker which jobs it runs (Playwright's page.workers()).
(self as unknown as { __rnnLabJobs: typeof api.runningJobs }).__rnnLabJobs = api.runningJobs;
// The WebAssembly SIMD kernels (wasm/kernels.wat), compiled off the critical path: jobs that
// start before they are ready, and engines without SIMD, run the JavaScript kernels (same bits).
void installKernels(kernelBytes());
