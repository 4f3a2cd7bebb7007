/**
 * Compare mode (issue #16): the view twice, side by side, each side its own
 * jobs and readouts; the controls change the focused side (Shift: both); the
 * pair exports as one slide and one SVG.
 */
import { test, expect, type Page } from '@playwright/test';
import { exportedFile, hashParams, watchErrors } from './helpers';

const LINK = '#v=1&model=rnn&k=64&g=0.8&cmp=g:2';

const lambda = (page: Page, side: 'left' | 'right') => page.frameLocator(`[data-testid="compare-frame-${side}"]`).getByTestId('lambda');

async function lambdaOf(page: Page, side: 'left' | 'right'): Promise<number> {
  await expect(lambda(page, side)).toHaveText(/^[−-]?\d/, { timeout: 60_000 });
  return Number((await lambda(page, side).textContent())!.replace('−', '-'));
}

test('a compare link shows two λ readouts of opposite sign; the controls change the focused side, Shift both', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(`/${LINK}`);
  await expect(page.getByTestId('compare')).toBeVisible();
  expect(await lambdaOf(page, 'left')).toBeLessThan(0);
  expect(await lambdaOf(page, 'right')).toBeGreaterThan(0);
  // the page itself computes nothing: only the two frames' workers run its view
  await expect(page.locator('section[data-panel]')).toHaveCount(0);
  // the same plot shares its axes: the ordered side's variance map spans the chaotic side's q* ≈ 2.1 too
  const ticks = (side: 'left' | 'right') =>
    page.frameLocator(`[data-testid="compare-frame-${side}"]`).locator('[data-testid="mean-field-map"] g.axis').nth(1).locator('.tick text').allTextContents();
  await expect.poll(async () => JSON.stringify(await ticks('left')), { timeout: 30_000 }).toBe(JSON.stringify(await ticks('right')));
  expect((await ticks('left')).map((t) => Number(t.replace('−', '-')))).toContain(4);

  // the right side has focus: g goes into cmp, the left side keeps g = 0.8
  await page.getByTestId('compare-focus-right').click();
  const g = page.getByRole('textbox', { name: 'Weight scale g' });
  await expect(g).toHaveValue('2');
  await g.fill('0.5');
  await g.press('Enter');
  await expect.poll(() => hashParams(page.url()).get('cmp')).toBe('g:0.5');
  expect(hashParams(page.url()).get('g')).toBe('0.8');
  await expect.poll(() => lambdaOf(page, 'right'), { timeout: 60_000 }).toBeLessThan(-0.3);

  // Shift: both sides
  await page.keyboard.down('Shift');
  await g.fill('1.8');
  await g.press('Enter');
  await page.keyboard.up('Shift');
  await expect.poll(() => hashParams(page.url()).get('g')).toBe('1.8');
  expect(hashParams(page.url()).get('cmp')).toBe('g:1.8');
  await expect.poll(() => lambdaOf(page, 'left'), { timeout: 60_000 }).toBeGreaterThan(0);

  // the left side has focus: the link's own g
  await page.getByTestId('compare-focus-left').click();
  await expect(g).toHaveValue('1.8');
  await g.fill('0.7');
  await g.press('Enter');
  await expect.poll(() => hashParams(page.url()).get('g')).toBe('0.7');
  expect(hashParams(page.url()).get('cmp')).toBe('g:1.8');

  // Exit compare: the single view again
  await page.getByTestId('compare-toggle').click();
  await expect(page.getByTestId('compare')).toHaveCount(0);
  expect(hashParams(page.url()).get('cmp')).toBeNull();
  expect(errors).toEqual([]);
});

test('the pair exports as one 1920 × 1080 slide and one SVG with both sides’ panels', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(`/${LINK}&show=readouts,units`);
  await lambdaOf(page, 'left');
  await lambdaOf(page, 'right');
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-slide').click()]);
  const data = await exportedFile(png);
  expect(data.subarray(1, 4).toString()).toBe('PNG');
  expect([data.readUInt32BE(16), data.readUInt32BE(20)]).toEqual([1920, 1080]);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-svg').click()]);
  const text = (await exportedFile(svg)).toString('utf8');
  expect(text).toContain('Left: g = 0.8');
  expect(text).toContain('Right: g = 2');
  // each side's two panels: the readouts (as text) and the units' plot
  expect(text.match(/Units &amp; twin trajectory/g)?.length).toBe(2);
  expect(text.match(/<svg x=/g)?.length).toBe(4);
  expect(errors).toEqual([]);
});
