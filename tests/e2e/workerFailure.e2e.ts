/**
 * A worker script that cannot load (as after a deploy removed the hashed file
 * an open tab still asks for): the workers are restarted a bounded number of
 * times, with waits between the attempts, then the page shows one message with
 * a Reload button instead of restarting forever.
 */
import { test, expect } from '@playwright/test';
import { watchErrors } from './helpers';

// No service worker: it would serve the worker script from its cache, past the route below.
test.use({ serviceWorkers: 'block' });

test('a 404 worker script ends in one message with Reload after a bounded number of starts', async ({ page, context }) => {
  const errors = watchErrors(page);
  await context.route('**/compute.worker-*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  // count the workers the page starts
  await page.addInitScript(() => {
    const W = window.Worker;
    (window as unknown as { workerStarts: number }).workerStarts = 0;
    window.Worker = class extends W {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        (window as unknown as { workerStarts: number }).workerStarts++;
      }
    } as typeof Worker;
  });
  await page.goto('/#v=1&model=logistic&r=3.9');
  const fatal = page.getByTestId('fatal');
  await expect(fatal).toContainText('could not be started', { timeout: 30_000 });
  await expect(fatal).toContainText('reloaded');
  await expect(fatal.getByRole('button', { name: 'Reload' })).toBeVisible();
  await expect(page.getByTestId('fatal')).toHaveCount(1);
  const starts = await page.evaluate(() => (window as unknown as { workerStarts: number }).workerStarts);
  // every handle (the cobweb worker and the pool) tries at most 4 times
  const handles = await page.evaluate(() => 1 + Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2)));
  expect(starts).toBeGreaterThan(0);
  expect(starts).toBeLessThanOrEqual(4 * handles);
  // and no more afterwards: the count stays put while the page is idle and when a control changes
  await page.getByRole('textbox', { name: 'r value' }).fill('3.7');
  await page.getByRole('textbox', { name: 'r value' }).press('Enter');
  await expect.poll(() => new URL(page.url()).hash).toContain('r=3.7');
  expect(await page.evaluate(() => (window as unknown as { workerStarts: number }).workerStarts)).toBe(starts);
  // the crash notices before it are gone: one message
  await expect(page.getByTestId('warnings')).toHaveCount(0);
  // Reload tries again (here the script is still missing, so the message comes back)
  await fatal.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('fatal')).toContainText('could not be started', { timeout: 30_000 });
  expect(errors.filter((e) => !/compute\.worker|404|Failed to load|Failed to fetch/i.test(e))).toEqual([]);
});
