import { test, expect, type Page } from '@playwright/test';
import { canvasInfo, frames, watchErrors } from './helpers';

/** The progress bar's value (networks tested) and maximum. */
async function progress(page: Page): Promise<{ now: number; max: number }> {
  const bar = page.getByTestId('sweep-progress');
  return { now: Number(await bar.getAttribute('aria-valuenow')), max: Number(await bar.getAttribute('aria-valuemax')) };
}

test('the sweep shows its estimate, waits for Start, then runs to the end with sn networks per point', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=net1d&act=relu&tab=sweep&sw=2,8&sgn=5&sn=40');
  const status = page.getByTestId('sweep-status');
  await expect(page.getByTestId('sweep-estimate')).toContainText(/400 networks · ≈ [\d.]+ (s|min) on \d+ workers?/);
  await expect(status).toContainText('Not started');
  expect((await progress(page)).now).toBe(0);
  await expect(page.getByTestId('sweep-setup')).toContainText('g from 0.5 to 4 (5 values) · 40 networks per point');
  await expect(page.getByTestId('sweep-setup')).toContainText('φ = ReLU');
  await expect(page.getByTestId('sweep-setup')).toContainText('exact');
  await expect(page.getByTestId('sweep-widths')).toHaveValue('2, 8');

  await page.getByTestId('sweep-start').click();
  await expect(status).toContainText('Done', { timeout: 20_000 });
  await expect(status).toContainText('40 networks per point');
  expect(await progress(page)).toEqual({ now: 400, max: 400 });
  for (const id of ['sweep-p3', 'sweep-p2']) {
    await expect.poll(async () => (await canvasInfo(page, id)).painted, { message: `${id} is blank` }).toBeGreaterThan(500);
  }
  await expect(page.getByTestId('sweep-cancel')).toBeDisabled();
  // a finished sweep is marked outdated when a parameter it depends on changes, and is not rerun
  const seed = page.getByRole('textbox', { name: 'Seed' });
  await seed.fill('7');
  await seed.press('Enter');
  await expect(status).toContainText('outdated');
  await frames(page, 20); // a rerun would show progress within a few frames
  expect((await progress(page)).now).toBe(400);
  expect(errors).toEqual([]);
});

test('a running sweep shows progress, can be cancelled, and restarts when a parameter changes', async ({ page }) => {
  const errors = watchErrors(page);
  // about a minute of work on two workers: it cannot finish during the test
  await page.goto('/#v=1&model=net1d&act=tanh&tab=sweep&sw=32,128&sgn=9&sn=1000');
  const status = page.getByTestId('sweep-status');
  await expect(page.getByTestId('sweep-estimate')).toContainText('≈');
  await expect(status).toContainText('Not started');
  expect(await progress(page)).toEqual({ now: 0, max: 0 });

  await page.getByTestId('sweep-start').click();
  await expect(status).toContainText('Running');
  await expect.poll(async () => (await progress(page)).now).toBeGreaterThan(0);
  const first = await progress(page);
  expect(first.max).toBe(2 * 9 * 1000);
  await expect.poll(async () => (await progress(page)).now, { message: 'progress moves' }).toBeGreaterThan(first.now);
  await expect.poll(async () => (await canvasInfo(page, 'sweep-p2')).painted, { message: 'the chart is painted' }).toBeGreaterThan(300);
  await expect(page.getByTestId('sweep-progress-text')).toContainText('elapsed');

  await page.getByTestId('sweep-cancel').click();
  await expect(status).toContainText('Cancelled');
  const stopped = await progress(page);
  await frames(page, 40); // the progress of a run still going would move meanwhile
  expect(await progress(page)).toEqual(stopped);
  await expect(status).toContainText('Cancelled');
  await expect(page.getByTestId('sweep-cancel')).toBeDisabled();

  // again, then a parameter of the sweep changes while it runs: it starts over
  await page.getByTestId('sweep-start').click();
  await expect(status).toContainText('Running');
  // a lead of a few hundred networks (a second or more of work): the restarted run, first seen
  // within a poll of its start, is still below it however fast the machine
  await expect.poll(async () => (await progress(page)).now, { timeout: 30_000 }).toBeGreaterThan(400);
  const before = await progress(page);
  const sn = page.getByRole('textbox', { name: 'Networks per point value' });
  await sn.fill('800');
  await sn.press('Enter');
  await expect(status).toContainText('restarted');
  await expect(status).toHaveAttribute('data-restarts', '1');
  await expect.poll(async () => (await progress(page)).max).toBe(2 * 9 * 800);
  const restarted = await progress(page);
  expect(restarted.now).toBeLessThan(before.now);
  await expect.poll(async () => (await progress(page)).now).toBeGreaterThan(restarted.now);
  await expect(page.getByTestId('sweep-setup')).toContainText('800 networks per point');

  // a model parameter in the side panel (σ_b) restarts it too; g does not
  const sb = page.getByRole('textbox', { name: 'Bias scale σ_b value' });
  await sb.fill('0.5');
  await sb.press('Enter');
  await expect(page.getByTestId('sweep-setup')).toContainText('σ_b = 0.5');
  await expect(status).toHaveAttribute('data-restarts', '2');
  await expect.poll(async () => (await progress(page)).now).toBeGreaterThan(0);
  // g is not a sweep parameter (it is swept): the side panel hides it here; change it in the link
  await expect(page.getByRole('textbox', { name: 'Weight scale g value' })).toHaveCount(0);
  const atG = await progress(page);
  await page.evaluate(() => {
    location.hash = location.hash.replace(/([#&])g=[^&]*/, '$1g=1.5');
  });
  // the run goes on past where it was (a restart would start from 0 and count a third restart)
  await expect.poll(async () => (await progress(page)).now).toBeGreaterThan(atG.now);
  await expect(status).toContainText('Running');
  await expect(status).toHaveAttribute('data-restarts', '2');

  await page.getByTestId('sweep-cancel').click();
  await expect(status).toContainText('Cancelled');
  expect(errors).toEqual([]);
});
