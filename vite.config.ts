import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// A relative base: the built app works from any sub-path (and file-less static hosts).
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // .ci/run collects the counts from a JSON report.
    reporters: process.env.TEST_REPORT_DIR ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/unit.json` }]] : ['default'],
  },
});
