/**
 * Issue #7: where WebAssembly (SIMD) is missing, the workers run the JavaScript
 * kernels of src/core/linalg.ts and the lab gives the same numbers. The compute
 * worker's script is served with `self.WebAssembly = undefined;` in front of
 * it, so `installKernels` finds no WebAssembly; the spectrum view must say so,
 * and show the same exponents as the same link opened normally (the two kernel
 * sets give the same bits).
 */
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { waitForPanels, watchErrors } from './helpers';

// No service worker: it would serve the worker script from its cache, past the route below.
test.use({ serviceWorkers: 'block' });

const SPECTRUM = '/#v=1&model=rnn&k=32&g=2&tab=spectrum';

/** Serve every compute worker script with WebAssembly removed from its global scope; counts the scripts served so. */
async function removeWebAssembly(context: BrowserContext): Promise<{ served: number }> {
  const seen = { served: 0 };
  await context.route('**/compute.worker-*.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    seen.served++;
    await route.fulfill({ response, body: `self.WebAssembly = undefined;\n${body}` });
  });
  return seen;
}

/** Everything the spectrum view shows in numbers once the full spectrum is done. */
async function fullSpectrum(page: Page): Promise<{ readouts: string; bars: string; lmax: string; kernels: string; dataKernels: string | null }> {
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 90_000 });
  await expect(page.getByTestId('spectrum-npos')).toContainText('of 32');
  const kernels = page.getByTestId('spectrum-kernels');
  return {
    readouts: (await page.getByTestId('spectrum-readouts').innerText()).trim(),
    // the canvas's label lists the first eight exponents (3 decimals)
    bars: (await page.locator('[data-testid="spectrum-bars"] [aria-label]').first().getAttribute('aria-label')) ?? '',
    lmax: ((await page.getByTestId('spectrum-lmax').textContent()) ?? '').trim(),
    kernels: ((await kernels.textContent()) ?? '').trim(),
    dataKernels: await kernels.getAttribute('data-kernels'),
  };
}

test('without WebAssembly the spectrum runs on the JavaScript kernels and shows the same exponents as with WebAssembly SIMD', async ({ browser }) => {
  test.setTimeout(180_000);

  // the link opened normally: WebAssembly SIMD kernels
  const normalContext = await browser.newContext({ serviceWorkers: 'block' });
  const normal = await normalContext.newPage();
  const normalErrors = watchErrors(normal);
  await normal.goto(SPECTRUM);
  const simd = await fullSpectrum(normal);
  expect(simd.dataKernels).toBe('wasm-simd');
  expect(simd.kernels).toBe('WebAssembly SIMD kernels');
  expect(normalErrors).toEqual([]);
  await normalContext.close();

  // the same link with WebAssembly removed from the compute workers
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const seen = await removeWebAssembly(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(SPECTRUM);
  const js = await fullSpectrum(page);
  expect(seen.served).toBeGreaterThan(0);
  expect(js.dataKernels).toBe('js');
  expect(js.kernels).toBe('JavaScript kernels (no WebAssembly SIMD here)');

  // the same numbers, to every digit shown
  expect(Number(js.lmax.replace('−', '-'))).toBeGreaterThan(0);
  expect(js.lmax).toBe(simd.lmax);
  expect(js.bars).toContain(',');
  expect(js.bars).toBe(simd.bars);
  expect(js.readouts).toBe(simd.readouts);
  expect(errors).toEqual([]);
  await context.close();
});

test('without WebAssembly the 1-D explore view still renders', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const seen = await removeWebAssembly(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/#v=1');
  await waitForPanels(page);
  expect(seen.served).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await context.close();
});
