import { test, expect } from '@playwright/test';
import { canvasInfo, hashParams, watchErrors } from './helpers';

// Paper B's tent network 2·ReLU(x) − 4·ReLU(x − ½), carried inside the link.
const TENT = 'v=1&model=net1d&act=relu&g=1&sb=1&k=2&wh=00cbed22d18fc5&wd=AAAAAAAA8D8AAAAAAADwPwAAAAAAAAAAAAAAAAAA4L8AAAAAAAAAQAAAAAAAABDAAAAAAAAAAAA';
// The network printed in the authors' period-3 notebook (their Fig. 7): a 2-cycle, no 3-cycle.
const FIG7 = 'v=1&model=net1d&act=relu&g=1&sb=1&k=2&wh=030ff5ccb4171a&wd=ryXkg57N_b-q8dJNYhDYP5m7lpAPeuo_klz-Q_rt6b_DZKpgVFLpP1vTvOMUHfC_AAAAAAAAAAA';

test('a network with a 3-cycle shows the Li–Yorke verdict and its 3-cycles on the cobweb', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/#${TENT}&tab=periodic`);
  await expect(page.getByTestId('verdict')).toContainText('Period 3 found ⇒ Li–Yorke chaos');
  await expect(page.getByTestId('periodic-method')).toContainText('Exact');
  // the two 3-cycles {2/7, 4/7, 6/7} and {2/9, 4/9, 8/9} are drawn: six points
  await expect(page.locator('[data-testid="periodic-cobweb"] circle.fixed-point')).toHaveCount(6);
  await expect(page.locator('[data-testid="cycles"] tr[data-period="3"]')).toContainText('0.2222, 0.4444, 0.8889');
  await expect.poll(async () => (await canvasInfo(page, 'periodic-cobweb')).painted).toBeGreaterThan(500);
  await expect(page.locator('button.chip[data-period="3"]')).toHaveAttribute('aria-pressed', 'true');
  // choosing period 2 draws f² and its 2-cycle {0.4, 0.8}
  await page.locator('button.chip[data-period="2"]').click();
  await expect(page.locator('[data-testid="periodic-cobweb"] circle.fixed-point')).toHaveCount(2);
  await expect.poll(() => hashParams(page.url()).get('pc')).toBe('2');
  expect(errors).toEqual([]);
});

test('a network with only a 2-cycle is not Li–Yorke chaotic (the notebooks’ f⁴ bug)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/#${FIG7}&tab=periodic`);
  await expect(page.getByTestId('verdict')).toContainText('Not Li–Yorke chaotic by this test');
  await expect(page.getByTestId('verdict')).toContainText('powers of two');
  await expect(page.locator('button.chip[data-period="3"]')).toHaveAttribute('data-found', 'false');
  await expect(page.locator('button.chip[data-period="2"]')).toHaveAttribute('data-found', 'true');
  await expect(page.locator('[data-testid="cycles"] tr[data-period="2"]')).toContainText('stable');
  expect(errors).toEqual([]);
});

test('a smooth network’s cycle list is certified: every cycle up to period 8 in the stated window', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#tab=periodic');
  const method = page.getByTestId('periodic-method');
  await expect(method).toContainText('Certified', { timeout: 60_000 });
  await expect(method).toContainText('The list below is every cycle in that interval up to period 8.');
  const count = (p: number) => page.locator(`[data-testid="cycles"] tr[data-period="${p}"] td:nth-child(2)`);
  // the default network has 8 cycles of period 4 and 18 of period 5 (a grid search found 6 and 12)
  await expect(count(4)).toHaveText(/^8\b/);
  await expect(count(5)).toHaveText(/^18\b/);
  expect(Number((await count(8).innerText()).match(/^\d+/)![0])).toBeGreaterThan(107);
  expect(errors).toEqual([]);
});

test('at a bifurcation the view says where the proof did not close, and lists no spurious cycle', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#model=logistic&r=3&tab=periodic');
  const method = page.getByTestId('periodic-method');
  await expect(method).toContainText('the list may miss cycles', { timeout: 60_000 });
  await expect(method).toContainText('Periods 2, 4, 6 and 8 are not certified complete');
  await expect(method).toContainText('tangency');
  await expect(page.locator('button.chip[data-period="2"]')).toHaveAttribute('data-found', 'false');
  expect(errors).toEqual([]);
});

test('the tent network’s laps double with t; the recurrent net keeps its laps under perturbation', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/#${TENT}&tab=expressivity`);
  await expect(page.getByTestId('growth')).toContainText('growth rate per step ≈ 2');
  await expect(page.getByTestId('growth')).toContainText('1,024 laps on [0, 1]');
  for (const id of ['laps', 'iterate-graph', 'persistence', 'persistence-example']) {
    await expect.poll(async () => (await canvasInfo(page, id)).painted, { message: id }).toBeGreaterThan(300);
  }
  const label = await page.getByTestId('persistence').locator('canvas').getAttribute('aria-label');
  const series = (name: string) => label!.match(new RegExp(`${name} ([0-9., ]+)`))![1].split(', ').map(Number);
  const rec = series('recurrent');
  const ff = series('feed-forward');
  // σ = 0: both 2⁶ = 64; at σ ≥ 0.1 the recurrent composition keeps more
  expect(rec[0]).toBe(64);
  expect(ff[0]).toBe(64);
  expect(rec[4]).toBeGreaterThan(ff[4]);
  expect(errors).toEqual([]);
});

test('switching views is a history entry; Back returns to the previous view', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/#${TENT}`);
  await expect(page.getByTestId('lambda')).not.toHaveText('');
  await page.getByRole('tab', { name: 'Periodic & Li–Yorke' }).click();
  await expect(page.getByTestId('verdict')).toBeVisible();
  expect(hashParams(page.url()).get('tab')).toBe('periodic');
  await page.goBack();
  await expect(page.getByTestId('lambda')).toBeVisible();
  expect(hashParams(page.url()).get('tab')).toBe('explore');
  expect(errors).toEqual([]);
});
