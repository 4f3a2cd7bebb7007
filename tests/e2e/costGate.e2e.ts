/**
 * The cost model (issue #13, core/cost.ts): a link never starts more than
 * about five seconds of one core's work by itself. Heavy links show their
 * estimate and a Start button; searches whose cost cannot be known in advance
 * are stopped by their meter and offer Continue; Start computes the final
 * result. Every wait is for a condition (generous timeouts for a loaded machine).
 */
import { test, expect, type Page } from '@playwright/test';
import { runningJobs, watchErrors } from './helpers';

const gate = (page: Page, lane: string) => page.locator(`[data-testid="cost-gate"][data-lane="${lane}"]`);

for (const { link, lane, at_least } of [
  { link: '#model=rnn&k=512&T=10000&lt=100000&ls=1000000', lane: 'vectorPanel', at_least: 15 },
  { link: '#tab=spectrum&model=rnn&k=512&lt=100000&ls=1000000', lane: 'spectrum', at_least: 1800 },
]) {
  test(`${link} shows its estimate and a Start button, and starts nothing heavy`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`/${link}`);
    await expect(gate(page, lane)).toBeVisible({ timeout: 30_000 });
    await expect(gate(page, lane)).toContainText('of computing (estimated from the link’s parameters');
    await expect(gate(page, lane).getByTestId('cost-start')).toHaveText(/^Start \(≈ \d+ (s|min|h)\)$/);
    expect(Number(await gate(page, lane).getAttribute('data-seconds'))).toBeGreaterThan(at_least);
    // nothing of that view is left running (a draft, if any, is over in a moment)
    await expect.poll(async () => (await runningJobs(page)).filter((j) => j.lane === lane), { timeout: 30_000 }).toEqual([]);
    expect(errors).toEqual([]);
  });
}

for (const { link, lane } of [
  { link: '#model=net1d&k=1024&tab=periodic', lane: 'periodic' },
  { link: '#model=net1d&k=1024&act=relu&tab=expressivity', lane: 'expressivity' },
]) {
  test(`${link}: the search stops at the budget, says so, and Continue goes on`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`/${link}`);
    await expect(gate(page, lane)).toBeVisible({ timeout: 90_000 });
    await expect(gate(page, lane)).toContainText('stopped after ≈ 5 s of computing');
    await expect(gate(page, lane).getByTestId('cost-start')).toHaveText('Continue (up to ≈ 20 s)');
    await expect.poll(async () => (await runningJobs(page)).filter((j) => j.lane === lane), { timeout: 30_000 }).toEqual([]);
    await gate(page, lane).getByTestId('cost-start').click();
    await expect(gate(page, lane)).toHaveCount(0);
    await expect.poll(async () => (await runningJobs(page)).some((j) => j.lane === lane), { timeout: 30_000 }).toBe(true);
    expect(errors).toEqual([]);
  });
}

test('Start computes the final result of a heavy link (λ over all its steps, not the draft’s)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#model=rnn&k=384&lt=100000');
  await expect(gate(page, 'vectorPanel')).toBeVisible({ timeout: 30_000 });
  // meanwhile the draft: λ over 450 steps
  await expect(page.locator('.readout-note').filter({ hasText: 'one tangent vector' })).toContainText('over 450 steps', { timeout: 30_000 });
  await gate(page, 'vectorPanel').getByTestId('cost-start').click();
  await expect(gate(page, 'vectorPanel')).toHaveCount(0);
  await expect(page.locator('.readout-note').filter({ hasText: 'one tangent vector' })).toContainText('over 10,000 steps', { timeout: 120_000 });
  await expect(page.getByTestId('lambda')).toHaveText(/^-?\d\.\d+$/);
  // a slider moved afterwards asks nothing again: the allowance holds for the view
  await page.evaluate(() => {
    location.hash = '#model=rnn&k=384&lt=100000&g=1.9';
  });
  await expect.poll(async () => (await runningJobs(page)).some((j) => j.lane === 'vectorPanel'), { timeout: 30_000 }).toBe(true);
  await expect(gate(page, 'vectorPanel')).toHaveCount(0);
  expect(errors).toEqual([]);
});
