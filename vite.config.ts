import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { wasmKernels } from './wasm/vitePlugin.js';

// The app's version goes into exports (src/export/version.ts).
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// A relative base: the built app works from any sub-path (and file-less static hosts).
export default defineConfig({
  base: './',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    // the WebAssembly SIMD kernels, assembled from wasm/kernels.wat (virtual:rnn-lab-kernels)
    wasmKernels(),
    react(),
    // Installable and offline after the first visit: every built file (the workers too) is precached.
    VitePWA({
      // a new version waits for the tab's consent (the update banner) instead of replacing files under it
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icon-192.png', 'icon-512.png'],
      manifest: {
        name: 'RNN Chaos Lab',
        short_name: 'Chaos Lab',
        description: 'The order-to-chaos transition of recurrent neural networks: cobweb, orbit diagram, Lyapunov spectrum and gradient meter of the same seeded network.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#0b4f8a',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'],
        navigateFallback: 'index.html',
        // take control on the first visit (not only after a reload), so the network can be cut at once;
        // no skipWaiting: an update waits until the banner's Reload (or until every tab of the old one is closed)
        clientsClaim: true,
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
      },
    }),
  ],
  worker: { format: 'es', plugins: () => [wasmKernels()] },
  build: {
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      // the app, and <rnn-chaos-lab> (src/embed/element.ts) as rnn-chaos-lab.js beside index.html: a stable address for pages to load
      input: { index: 'index.html', 'rnn-chaos-lab': 'src/embed/element.ts' },
      output: { entryFileNames: (chunk) => (chunk.name === 'rnn-chaos-lab' ? 'rnn-chaos-lab.js' : 'assets/[name]-[hash].js') },
    },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // generous: CI shares two cores with other work; a test that needs longer says so itself
    testTimeout: 30_000,
    environment: 'node',
    // the wasm kernels for every test (RNN_LAB_KERNELS=js runs the JavaScript ones)
    setupFiles: ['tests/setup/kernels.ts'],
    // .ci/run collects the counts from a JSON report.
    reporters: process.env.TEST_REPORT_DIR ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/unit.json` }]] : ['default'],
  },
});
