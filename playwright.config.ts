import { defineConfig } from '@playwright/test';
import { execSync } from 'node:child_process';

/** Debian's Chromium (no browser download works here): CHROMIUM_PATH or the one on PATH. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
  } catch {
    throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH.');
  }
}

// Parallel runs (several checkouts or helpers) may use their own port and build: E2E_PORT, E2E_OUTDIR.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUTDIR = process.env.E2E_OUTDIR ? ` --outDir ${process.env.E2E_OUTDIR}` : '';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  timeout: 45_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // .ci/run collects the counts from a JSON report.
  reporter: process.env.TEST_REPORT_DIR ? [['list'], ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/e2e.json` }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  // The config owns the preview server of the production build: no orphan servers.
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1${OUTDIR}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
