/**
 * A heavy link followed by a cheap one: the cheap one's result is on screen
 * within 2 s and the heavy job is cancelled. Jobs of one worker interleave
 * slice by slice (workers/driver.ts), and a view no longer shown, or shown for
 * another state, stops its running job at the next slice (compute/lanes.ts).
 * E2E_CPU_THROTTLE=4 runs them on a page throttled 4× (CDP); E2E_WITHIN_MS=20000
 * then measures how long they take where 2 s is not reached.
 */
import { test, expect, type Page } from '@playwright/test';
import { canvasInfo, runningJobs, watchErrors } from './helpers';

const THROTTLE = Number(process.env.E2E_CPU_THROTTLE ?? 1);
/** The issue's acceptance: the cheap link's result within 2 s (E2E_WITHIN_MS measures beyond it). */
const WITHIN_MS = Number(process.env.E2E_WITHIN_MS ?? 2000);
/** Poll often, so the time measured is the page's, not the poll's back-off. */
const POLL = [25];

test.beforeEach(async ({ page }) => {
  if (THROTTLE > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  }
});

async function waitForJob(page: Page, lane: string): Promise<void> {
  await expect.poll(async () => (await runningJobs(page)).some((j) => j.lane === lane), { message: `a ${lane} job runs`, timeout: 30_000 }).toBe(true);
}

/** Open the cheap link in the same page (a hash change, as a link inside the app) and start the clock. */
async function switchTo(page: Page, hash: string): Promise<() => number> {
  const t0 = Date.now();
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  // what is left of the 2 s (an expect timeout, not a sleep)
  return () => Math.max(1, t0 + WITHIN_MS - Date.now());
}

function report(name: string, ms: number): void {
  test.info().annotations.push({ type: 'ms', description: `${name}: ${ms} ms${THROTTLE > 1 ? ` (CPU ${THROTTLE}× throttled)` : ''}` });
  console.log(`${name}: cheap result after ${ms} ms${THROTTLE > 1 ? ` (CPU ${THROTTLE}× throttled)` : ''}`);
}

test('a huge vector Explore job does not hold up the 1-D panels opened after it', async ({ page }) => {
  const errors = watchErrors(page);
  // the panels record their draws here (compute/perfProbe.ts)
  await page.addInitScript(() => {
    (window as unknown as { __rnnLabPerf: unknown[] }).__rnnLabPerf = [];
  });
  await page.goto('/#model=rnn&k=512&T=10000&lt=100000&ls=1000000');
  // the link waits for Start (the cost model): started, it runs for tens of seconds
  await page.locator('[data-testid="cost-gate"][data-lane="vectorPanel"] [data-testid="cost-start"]').click();
  await waitForJob(page, 'vectorPanel');
  const t0 = Date.now();
  const left = await switchTo(page, '#model=logistic&r=3.9');
  // λ shown and the cobweb drawn, looked for in the page (reading the canvas back on every poll would load the page it measures)
  await page.waitForFunction(
    () =>
      /^0\.4\d+$/.test(document.querySelector('[data-testid="lambda"]')?.textContent ?? '') &&
      (window as unknown as { __rnnLabPerf: { panel: string }[] }).__rnnLabPerf.some((r) => r.panel === 'cobweb'),
    null,
    { timeout: left(), polling: 25 },
  );
  report('vector Explore → logistic', Date.now() - t0);
  expect((await canvasInfo(page, 'cobweb')).painted).toBeGreaterThan(200);
  // the vector panel is no longer shown: its job was stopped
  await expect.poll(async () => (await runningJobs(page)).filter((j) => j.lane === 'vectorPanel')).toEqual([]);
  expect(errors).toEqual([]);
});

test('a heavy expressivity link followed by a cheap one: the cheap result within 2 s, the heavy job cancelled', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#model=net1d&k=1024&act=relu&tab=expressivity');
  await waitForJob(page, 'expressivity');
  const heavy = (await runningJobs(page)).find((j) => j.lane === 'expressivity')!;
  await expect(page.locator('[data-panel="laps"] header .status')).toHaveText('computing…');
  const t0 = Date.now();
  const left = await switchTo(page, '#model=logistic&r=4&tab=expressivity');
  // fᵗ of the logistic map at r = 4 has 2ᵗ laps (1,016 counted on the grid at t = 10)
  await expect.poll(() => page.getByTestId('growth').textContent(), { timeout: left(), intervals: POLL }).toContain('1,016 laps');
  report('expressivity k = 1024 → logistic', Date.now() - t0);
  await expect(page.locator('[data-panel="laps"] header .status')).toHaveText('');
  expect((await runningJobs(page)).some((j) => j.lane === 'expressivity' && j.jobId === heavy.jobId)).toBe(false);
  expect(errors).toEqual([]);
});

for (const heavyLink of ['#model=net1d&k=1024&tab=periodic', '#model=net1d&k=1024&act=tanh&g=10&sb=5&tab=periodic']) {
  test(`a heavy periodic-points link (${heavyLink}) followed by a cheap one: the cheap result within 2 s, the heavy job cancelled`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`/${heavyLink}`);
    await waitForJob(page, 'periodic');
    const heavy = (await runningJobs(page)).find((j) => j.lane === 'periodic')!;
    await expect(page.locator('[data-panel="periodic"] header .status')).toHaveText('computing…');
    const t0 = Date.now();
    const left = await switchTo(page, '#model=logistic&r=3.83&tab=periodic');
    await expect.poll(async () => (await page.getByTestId('verdict').count()) && page.getByTestId('verdict').textContent(), { timeout: left(), intervals: POLL }).toContain('Period 3 found ⇒ Li–Yorke chaos');
    report(`periodic ${heavyLink} → logistic`, Date.now() - t0);
    await expect(page.locator('[data-panel="periodic"] header .status')).toHaveText('');
    expect((await runningJobs(page)).some((j) => j.lane === 'periodic' && j.jobId === heavy.jobId)).toBe(false);
    expect(errors).toEqual([]);
  });
}
