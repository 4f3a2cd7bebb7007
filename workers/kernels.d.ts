/** The wasm kernels' binary, assembled from wasm/kernels.wat by the Vite plugin (wasm/vitePlugin.ts). */
declare module 'virtual:rnn-lab-kernels' {
  const kernelBytes: () => Uint8Array;
  export default kernelBytes;
}
