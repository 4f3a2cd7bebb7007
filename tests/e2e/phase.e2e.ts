import { test, expect, type Page } from '@playwright/test';
import { canvasInfo, cliAsync, exportItem, frames, hashParams, watchErrors } from './helpers';

/** A 64-unit tanh RNN over g × σ_b, 12 × 12 cells (a short λ run per cell). */
const MAP = '#v=1&tab=phase&model=rnn&act=tanh&k=64&seed=1&pn=12&pls=300&lt=200';

/** The map's domain along an axis of `n` cell centres from lo to hi (half a cell beyond each end). */
function domain(lo: number, hi: number, n: number): [number, number] {
  const h = (hi - lo) / (n - 1) / 2;
  return [lo - h, hi + h];
}

/** The page position of the point (x, y) of the map. */
async function at(page: Page, x: number, y: number, xd: [number, number], yd: [number, number]): Promise<{ px: number; py: number }> {
  const b = (await page.locator('[data-testid="phase-map"] .plot-overlay').boundingBox())!;
  return { px: b.x + ((x - xd[0]) / (xd[1] - xd[0])) * b.width, py: b.y + b.height - ((y - yd[0]) / (yd[1] - yd[0])) * b.height };
}

async function hoverText(page: Page, x: number, y: number, xd: [number, number], yd: [number, number]): Promise<string> {
  const { px, py } = await at(page, x, y, xd, yd);
  await page.mouse.move(px, py);
  const readout = page.getByTestId('phase-hover');
  await expect(readout).toContainText(`g = ${x}`);
  return (await readout.textContent()) ?? '';
}

const status = (page: Page) => page.getByTestId('phase-status');

test('the phase view of a 64-unit tanh RNN: order at small g, chaos at large g, the critical line between, equal to the CLI', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(`/${MAP}`);
  // within the budget: it starts by itself and fills in
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  await expect(status(page)).toContainText('144 cells');
  await expect(page.getByTestId('phase-line-legend')).not.toContainText('computing');
  await expect.poll(async () => (await canvasInfo(page, 'phase-map')).painted).toBeGreaterThan(10_000);

  const xd = domain(0, 4, 12);
  const yd = domain(0, 3, 12);
  const gs = Array.from({ length: 12 }, (_, j) => (4 * j) / 11);
  // the bottom row (σ_b = 0): λ_max of each cell from its hover readout
  const lambdas: number[] = [];
  let critical = NaN;
  for (const g of gs) {
    const text = await hoverText(page, Number(g.toPrecision(4)), 0, xd, yd);
    const m = /λ_max = (−?-?[\d.]+)/.exec(text);
    expect(m, text).not.toBeNull();
    lambdas.push(Number(m![1].replace('−', '-')));
    const c = /critical g here: ([\d.]+)/.exec(text);
    if (c) critical = Number(c[1]);
  }
  expect(lambdas[1]).toBeLessThan(0);
  expect(lambdas[2]).toBeLessThan(0);
  expect(lambdas[10]).toBeGreaterThan(0);
  expect(lambdas[11]).toBeGreaterThan(0);
  // the mean-field critical g at σ_b = 0 is 1 for tanh; the simulated sign change is within a cell of it
  expect(critical).toBeCloseTo(1, 3);
  const firstPositive = lambdas.findIndex((l) => l > 0);
  expect(gs[firstPositive]).toBeGreaterThan(critical - 0.4);
  expect(gs[firstPositive - 1]).toBeLessThan(critical + 0.8);

  // the exported map equals the CLI's phase map for the same link, value for value
  const csv = (await exportItem(page, 'phase', 'csv:phase')).data.toString('utf8').trim().split('\n');
  expect(csv[0]).toContain('g,sb,value,stderr');
  const cliMap = JSON.parse(await cliAsync(['phase', '--url', MAP, '--x', 'g:0:4:12', '--y', 'sb:0:3:12', '--steps', '300'])) as { value: (number | null)[][] };
  const rows = csv.slice(1).map((l) => l.split(','));
  expect(rows.length).toBe(144);
  for (const r of rows) {
    const col = gs.findIndex((g) => g === Number(r[0]));
    const row = Array.from({ length: 12 }, (_, i) => (3 * i) / 11).findIndex((s) => s === Number(r[1]));
    expect(col, r.join(',')).toBeGreaterThanOrEqual(0);
    expect(row, r.join(',')).toBeGreaterThanOrEqual(0);
    expect(r[2] === '' ? null : Number(r[2])).toBe(cliMap.value[row][col]);
  }
  expect(errors).toEqual([]);
});

test('zoom, Back and Reset on the phase view, and a click opens Explore at the cell', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(`/${MAP.replace('pn=12&pls=300&lt=200', 'pn=8&pls=100&lt=50')}`);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const xd = domain(0, 4, 8);
  const yd = domain(0, 3, 8);
  // drag a rectangle from (g, σ_b) = (0.8, 0.4) to (2, 1.5)
  const a = await at(page, 0.8, 0.4, xd, yd);
  const b = await at(page, 2, 1.5, xd, yd);
  await page.mouse.move(a.px, a.py);
  await page.mouse.down();
  await page.mouse.move((a.px + b.px) / 2, (a.py + b.py) / 2, { steps: 4 });
  await page.mouse.move(b.px, b.py, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => hashParams(page.url()).get('px0')).not.toBe('0');
  const z = hashParams(page.url());
  expect(Number(z.get('px0'))).toBeCloseTo(0.8, 1);
  expect(Number(z.get('px1'))).toBeCloseTo(2, 1);
  expect(Number(z.get('py0'))).toBeCloseTo(0.4, 1);
  expect(Number(z.get('py1'))).toBeCloseTo(1.5, 1);
  // recomputed at full resolution for the new window
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(status(page)).toContainText('64 cells');

  // Reset view: the default window; Back returns to the zoom, Back again to the first window
  await page.getByTestId('phase-reset').click();
  await expect.poll(() => hashParams(page.url()).get('px1')).toBe('4');
  await page.getByTestId('phase-back').click();
  await expect.poll(() => hashParams(page.url()).get('px1')).toBe(z.get('px1'));
  await page.getByTestId('phase-back').click();
  await expect.poll(() => hashParams(page.url()).get('px1')).toBe('4');
  expect(hashParams(page.url()).get('py1')).toBe('3');
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('phase-back')).toBeDisabled();

  // a click on the cell (g, σ_b) = (4/7 · 5, 3/7 · 2) opens Explore with both parameters set
  const g = (4 * 5) / 7;
  const sb = (3 * 2) / 7;
  const c = await at(page, g, sb, xd, yd);
  // the map is drawn for the default window again once the hover readout names this cell (on a loaded
  // machine the plot may still show the zoomed window for a moment after the state reads done)
  await expect(async () => {
    await page.mouse.move(c.px, c.py);
    await expect(page.getByTestId('phase-hover')).toContainText(`g = ${g.toPrecision(4)}`, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await page.mouse.click(c.px, c.py);
  await expect.poll(() => hashParams(page.url()).get('tab')).toBe('explore');
  const p = hashParams(page.url());
  expect(Number(p.get('g'))).toBeCloseTo(g, 2);
  expect(Number(p.get('sb'))).toBeCloseTo(sb, 2);
  await expect(page.getByTestId('lambda')).not.toHaveText('');
  expect(errors).toEqual([]);
});

test('a map beyond the budget waits for Start, and Cancel stops it', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('/#v=1&tab=phase&model=rnn&act=tanh&k=64&seed=1&pn=64&pls=20000');
  await expect(page.getByTestId('phase-estimate')).toContainText(/4\D?096 cells · ≈ [\d.]+ (s|min|h) on \d+ workers?: press Start/);
  await expect(status(page)).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('phase-start').click();
  await expect(status(page)).toHaveAttribute('data-state', 'running');
  await expect.poll(async () => Number(await status(page).getAttribute('data-done')), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByTestId('phase-cancel').click();
  await expect(status(page)).toHaveAttribute('data-state', 'cancelled');
  const stopped = Number(await status(page).getAttribute('data-done'));
  await frames(page, 30);
  expect(Number(await status(page).getAttribute('data-done'))).toBe(stopped);
  await expect(status(page)).toContainText('Cancelled');
  // a cancelled map does not start again by itself
  await expect(page.getByTestId('phase-start')).toBeEnabled();
  expect(errors).toEqual([]);
});
