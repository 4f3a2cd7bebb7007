/**
 * On a slow device (the main thread throttled 6×) long jobs still end in their
 * final state. Comlink delivers a job's partial results over another port
 * than its return value, so a late partial once replaced "done" by
 * "stopped during all 32 (100 %)" (src/compute/partials.ts).
 */
import { test, expect } from '@playwright/test';
import { frames, watchErrors } from './helpers';

test.beforeEach(async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
});

test('a slow main thread: the Lyapunov spectrum ends done, not stopped by a late partial result', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=rnn&k=32&tab=spectrum');
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  // and stays so: no late message turns it back (frames of the throttled page: late messages are handled between them)
  await frames(page, 60);
  await expect(page.getByTestId('spectrum-status')).toContainText('done');
  expect(errors).toEqual([]);
});

test('a slow main thread: the gradient meter ends with all its windows', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=rnn&k=32&tab=gradients');
  await expect(page.getByTestId('gradients-status')).toContainText(/20 of 20 windows × \d+ steps, [\d.]+ s/, { timeout: 90_000 });
  await frames(page, 60);
  await expect(page.getByTestId('gradients-status')).toContainText('20 of 20 windows');
  expect(errors).toEqual([]);
});
