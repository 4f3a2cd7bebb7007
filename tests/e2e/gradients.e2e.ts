import { test, expect, type Page } from '@playwright/test';
import { canvasInfo, hashParams, watchErrors } from './helpers';

/** The slope readout ("0.1297 / step", "−0.6559 / step") as a number. */
async function slope(page: Page): Promise<number> {
  const t = (await page.getByTestId('gradient-slope').textContent()) ?? '';
  return Number(t.replace('−', '-').replace('/ step', '').trim());
}

async function waitDone(page: Page): Promise<void> {
  await expect(page.getByTestId('gradients-status')).toContainText('steps,', { timeout: 60_000 });
  await expect(page.getByTestId('gradients-status')).not.toContainText('draft');
}

test('a chaotic RNN (g = 2): the meter rises with slope ≈ λ_max, the singular values and BPTT norms are drawn', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=rnn&k=64&g=2&tab=gradients');
  await waitDone(page);
  const s = await slope(page);
  expect(s).toBeGreaterThan(0.05);
  const lam = Number(((await page.getByTestId('gradient-lambda').textContent()) ?? '').replace('−', '-'));
  expect(Math.abs(s - lam)).toBeLessThan(0.03);
  // each with its standard error; the two agree within a few of them
  const se = async (id: string) => Number(((await page.getByTestId(`${id}-stderr`).textContent()) ?? '').replace(/[±\s]/g, '').replace('−', '-'));
  const sSe = await se('gradient-slope');
  const lSe = await se('gradient-lambda');
  expect(sSe).toBeGreaterThan(0);
  expect(lSe).toBeGreaterThan(0);
  expect(Math.abs(s - lam)).toBeLessThan(5 * Math.hypot(sSe, lSe) + 1e-3);
  await expect(page.getByTestId('gradient-tpred')).toContainText('steps');
  for (const id of ['gradient-meter', 'singular-values', 'bptt-norms']) {
    await expect.poll(async () => (await canvasInfo(page, id)).painted, { message: `${id} is blank` }).toBeGreaterThan(500);
  }
  // the BPTT gradient of the chaotic network grows; the contracting one's does not
  const growth = Number(((await page.getByTestId('bptt-growth').textContent()) ?? '').replace('−', '-').replace('/ step', ''));
  expect(growth).toBeGreaterThan(0.03);
  expect(errors).toEqual([]);
});

test('a stable RNN (g = 0.5): the meter falls; sparse forcing flattens a chaotic one and goes into the link', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=rnn&k=64&g=0.5&tab=gradients');
  await waitDone(page);
  expect(await slope(page)).toBeLessThan(-0.1);
  await expect.poll(async () => (await canvasInfo(page, 'gradient-meter')).painted).toBeGreaterThan(500);
  // back to chaos, then force every 10 steps: no product longer than τ, the meter is flat
  await page.goto('about:blank');
  await page.goto('/#v=1&model=rnn&k=32&g=2.5&seed=1&gwn=4&tab=gradients');
  await waitDone(page);
  expect(await slope(page)).toBeGreaterThan(0.05);
  const tau = page.getByRole('textbox', { name: 'Forcing interval τ value' });
  await tau.fill('10');
  await tau.press('Enter');
  await expect.poll(() => hashParams(page.url()).get('tau')).toBe('10');
  await expect.poll(async () => Math.abs(await slope(page)), { timeout: 60_000 }).toBeLessThan(1e-3);
  // e^(λ_max·τ) is named a scaling, not a bound, on the plot and in the text
  await expect(page.locator('.gm-label', { hasText: 'scaling ∝ e^(λ_max·τ) (not a bound)' })).toBeVisible();
  await expect(page.locator('.gm-panel .explain')).toContainText('exactly zero for T − t > τ');
  expect(errors).toEqual([]);
});

test('a 1-D map: the logistic map’s stable 2-cycle gives ½·ln 0.16 per step', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=logistic&r=3.2&tab=gradients');
  await waitDone(page);
  expect(await slope(page)).toBeCloseTo(0.5 * Math.log(0.16), 3);
  await expect(page.getByText('the product has one singular value')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a diverging PLRNN (g = 4): the meter says so, readouts say "diverged", nothing waits forever', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=plrnn&g=4&tab=gradients');
  await expect(page.getByText('The orbit diverged')).toBeVisible({ timeout: 20_000 });
  for (const id of ['gradient-slope', 'gradient-lambda', 'gradient-tpred', 'gradient-alpha-flat', 'bptt-growth']) {
    await expect(page.getByTestId(id), id).toContainText('diverged');
  }
  // no value is left "computing…"
  expect(await page.locator('.gm-readouts .mini-value').allTextContents()).not.toContain('…');
  expect(errors).toEqual([]);
});
