import { test, expect } from '@playwright/test';
import { canvasInfo, hashParams, waitForPanels, watchErrors } from './helpers';

const SHARED = '#v=1&model=net1d&act=tanh&g=2.7&k=16&init=he&sb=1&out=identity&seed=6&x0=0.1';

test('a shared link opens with the same controls and non-blank panels', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/${SHARED.replace('g=2.7', 'g=1.234').replace('k=16', 'k=24').replace('act=tanh', 'act=sin')}`);
  await waitForPanels(page);
  await expect(page.locator('select[data-param="act"]')).toHaveValue('sin');
  await expect(page.getByRole('textbox', { name: 'Weight scale g value' })).toHaveValue('1.234');
  await expect(page.getByRole('textbox', { name: 'Width k / units N value' })).toHaveValue('24');
  await expect(page.getByTestId('formula')).toContainText('sin(z)');
  const p = hashParams(page.url());
  expect(p.get('g')).toBe('1.234');
  expect(p.get('k')).toBe('24');
  expect(p.get('act')).toBe('sin');
  expect(errors).toEqual([]);
});

test('moving the g slider redraws the panels and updates the URL; reload restores it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}&bp=sb`);
  await waitForPanels(page);
  const before = {
    cobweb: await canvasInfo(page, 'cobweb'),
    trajectory: await canvasInfo(page, 'trajectory'),
    diagram: await canvasInfo(page, 'diagram'),
  };
  const lambdaBefore = await page.getByTestId('lambda').textContent();
  const slider = page.locator('input[type="range"][data-param="g"]');
  const box = (await slider.boundingBox())!;
  // drag the thumb from its position to about a fifth of the track
  const from = box.x + (2.7 / 6) * box.width;
  await page.mouse.move(from, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(from - (i * (from - box.x - 0.2 * box.width)) / 10, box.y + box.height / 2);
  await page.mouse.up();
  const g = Number(await page.getByRole('textbox', { name: 'Weight scale g value' }).inputValue());
  expect(g).toBeLessThan(2.5);
  // the URL follows (debounced replaceState)
  await expect.poll(() => Number(hashParams(page.url()).get('g'))).toBe(g);
  await waitForPanels(page);
  expect((await canvasInfo(page, 'cobweb')).digest).not.toBe(before.cobweb.digest);
  expect((await canvasInfo(page, 'trajectory')).digest).not.toBe(before.trajectory.digest);
  // the diagram over σ_b depends on g: it was recomputed
  expect((await canvasInfo(page, 'diagram')).digest).not.toBe(before.diagram.digest);
  await expect(page.getByTestId('lambda')).not.toHaveText(lambdaBefore ?? '');
  const url = page.url();
  await page.reload();
  await waitForPanels(page);
  expect(page.url()).toBe(url);
  await expect(page.getByRole('textbox', { name: 'Weight scale g value' })).toHaveValue(String(g));
  expect(errors).toEqual([]);
});

test('a number typed beside a slider stays after Enter and after leaving the box; out of range, the box shows the clamped value', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=logistic&r=3.2');
  const r = page.getByRole('textbox', { name: 'r value' });
  await r.fill('3.9');
  await r.press('Enter');
  await expect(r).toHaveValue('3.9');
  await page.getByRole('textbox', { name: 'Start x₀ value' }).click(); // leaving the box
  await expect(r).toHaveValue('3.9');
  await expect.poll(() => hashParams(page.url()).get('r')).toBe('3.9');
  await r.fill('7');
  await r.press('Enter');
  await expect(r).toHaveValue('4'); // r ≤ 4
  await r.blur();
  await expect.poll(() => hashParams(page.url()).get('r')).toBe('4');
  await expect(r).toHaveValue('4');
  // typed but not committed: the box keeps the text, and leaving it commits it
  await r.fill('3.5');
  await expect(r).toHaveValue('3.5');
  await r.blur();
  await expect.poll(() => hashParams(page.url()).get('r')).toBe('3.5');
  expect(errors).toEqual([]);
});

test('a garbage link opens the defaults with a warning', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#%%%this-is-not&zz=link%');
  await expect(page.getByTestId('warnings')).toContainText('could not be read');
  await waitForPanels(page);
  await expect(page.locator('select[data-param="model"]')).toHaveValue('net1d');
  await expect(page.getByRole('textbox', { name: 'Weight scale g value' })).toHaveValue('2.7');
  expect(hashParams(page.url()).get('v')).toBe('1');
  // out-of-range values are clamped with a visible warning
  await page.goto('/#v=1&g=999&k=5000');
  await expect(page.getByTestId('warnings')).toContainText('g = 999 is outside');
  await expect(page.getByRole('textbox', { name: 'Width k / units N value' })).toHaveValue('1024');
  expect(errors).toEqual([]);
});

test('zooming the orbit diagram, then Back, restores the previous view', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}`);
  await waitForPanels(page);
  const startUrl = page.url();
  const overlay = page.locator('[data-testid="diagram"] .plot-overlay');
  const b = (await overlay.boundingBox())!;
  await page.mouse.move(b.x + b.width * 0.6, b.y + b.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * 0.7, b.y + b.height * 0.5, { steps: 5 });
  await page.mouse.move(b.x + b.width * 0.8, b.y + b.height * 0.8, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => hashParams(page.url()).get('bx0')).not.toBe('0');
  const zoomed = hashParams(page.url());
  expect(Number(zoomed.get('bx0'))).toBeCloseTo(2.4, 0);
  expect(Number(zoomed.get('bx1'))).toBeCloseTo(3.2, 0);
  expect(zoomed.get('by0')).not.toBeNull();
  await waitForPanels(page);
  await expect(page.getByTestId('diagram-status')).toContainText('columns');
  // browser Back returns to the previous view
  await page.goBack();
  await expect.poll(() => page.url()).toBe(startUrl);
  await waitForPanels(page);
  expect(hashParams(page.url()).get('bx0')).toBe('0');
  // and Forward to the zoom again; the panel's own Back and Reset work too
  await page.goForward();
  await expect.poll(() => hashParams(page.url()).get('bx0')).toBe(zoomed.get('bx0'));
  await page.getByTestId('zoom-reset').click();
  await expect.poll(() => hashParams(page.url()).get('bx0')).toBe('0');
  expect(errors).toEqual([]);
});

test('clicking the diagram sets the parameter; the cursor follows', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}`);
  await waitForPanels(page);
  const overlay = page.locator('[data-testid="diagram"] .plot-overlay');
  const b = (await overlay.boundingBox())!;
  await page.mouse.click(b.x + b.width * 0.25, b.y + b.height * 0.5);
  await expect.poll(async () => Number(await page.getByRole('textbox', { name: 'Weight scale g value' }).inputValue())).toBeCloseTo(1, 1);
  await expect(page.locator('[data-testid="diagram"] .cursor-label')).toContainText('g = 1');
  expect(errors).toEqual([]);
});

test('hovering the orbit diagram reads out the column’s λ with its standard error', async ({ page }) => {
  const errors = watchErrors(page);
  // the logistic map over r ∈ [3.5, 4]: chaotic columns at the right
  await page.goto('/#v=1&model=logistic&r=3.9&bp=r&bx0=3.5&bx1=4');
  await waitForPanels(page);
  const overlay = page.locator('[data-testid="diagram"] .plot-overlay');
  const b = (await overlay.boundingBox())!;
  await page.mouse.move(b.x + b.width * 0.95, b.y + b.height * 0.5);
  const hover = page.getByTestId('diagram-hover');
  await expect(hover).toContainText(/r = 3\.9\d*: λ = 0\.\d+ ± \d/);
  const m = /λ = ([\d.]+) ± ([\d.e−-]+)/.exec((await hover.textContent()) ?? '')!;
  const se = Number(m[2].replace('−', '-'));
  expect(se).toBeGreaterThan(0);
  expect(se).toBeLessThan(0.1);
  expect(errors).toEqual([]);
});

test('an imported network (pasted JSON) is used, shown and shared', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=net1d&x0=0.1');
  await waitForPanels(page);
  await page.getByText('Import a network').click();
  // Paper B's detuned tent map 1.9999·ReLU(x + 10⁻⁵) − 4·ReLU(x − 0.502): chaotic, slopes ≈ ±2
  await page.getByTestId('import-text').fill('{"model":"net1d","w":[1,1],"b":[0.00001,-0.502],"a":[1.9999,-4],"c":0,"activation":"relu","output":"identity"}');
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('imported')).toContainText('2 units');
  await expect(page.getByTestId('formula')).toContainText('imported');
  await expect(page.getByTestId('orbit-kind')).toHaveText('chaotic');
  const lambda = Number((await page.getByTestId('lambda').textContent())!.replace('−', '-'));
  expect(lambda).toBeGreaterThan(Math.log(1.9999) - 0.01);
  expect(lambda).toBeLessThan(Math.log(2.0001) + 0.01);
  const p = hashParams(page.url());
  expect(p.get('wh')).toMatch(/^[0-9a-f]{14}$/);
  expect(p.get('wd')).toBeTruthy();
  expect(p.get('act')).toBe('relu');
  // the link alone reproduces it in a fresh page (no local storage)
  const link = page.url();
  const other = await page.context().browser()!.newPage();
  await other.goto(link);
  await expect(other.getByTestId('lambda')).toHaveText(await page.getByTestId('lambda').innerText());
  await other.close();
  // a broken file gets a clear message
  await page.getByTestId('import-text').fill('{"w":[1],"b":[1,2],"a":[1],"activation":"relu"}');
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-error')).toContainText('same length');
  expect(errors).toEqual([]);
});

test('a diverging orbit is explained, never shown as NaN', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=logistic&r=4&x0=1.5');
  await expect(page.getByTestId('orbit-kind')).toContainText('diverged');
  await expect(page.getByTestId('lambda')).toHaveText('—');
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/NaN|Infinity/);
  expect(errors).toEqual([]);
});

test('a crashed worker is restarted, the crash is reported and the panels come back', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}`);
  await waitForPanels(page);
  const lambda = await page.getByTestId('lambda').innerText();
  let cobwebWorker = null;
  for (const w of page.workers()) if ((await w.evaluate(() => self.name)) === 'cobweb') cobwebWorker = w;
  expect(cobwebWorker).not.toBeNull();
  // an uncaught error inside the worker, as a bug or an out-of-memory would raise
  await cobwebWorker!.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  await expect(page.getByTestId('warnings')).toContainText('cobweb worker crashed and was restarted');
  await waitForPanels(page);
  await expect(page.getByTestId('lambda')).toHaveText(lambda);
  // and it keeps working
  await page.getByRole('textbox', { name: 'Weight scale g value' }).fill('1');
  await page.getByRole('textbox', { name: 'Weight scale g value' }).press('Enter');
  await expect(page.getByTestId('lambda')).not.toHaveText(lambda);
  // the crash itself is logged by the browser as an uncaught worker error; nothing else is
  expect(errors.filter((e) => !e.includes('simulated crash'))).toEqual([]);
});

test('a network file dropped on the import zone is used', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=net1d&x0=0.2');
  await waitForPanels(page);
  await page.getByText('Import a network').click();
  await page.getByLabel('Network file').setInputFiles({
    name: 'zigzag.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ model: 'net1d', w: [1, 1, 1], b: [0, -0.5, -1], a: [2, -4, 2], c: 0, activation: 'relu' })),
  });
  await expect(page.getByTestId('imported')).toContainText('3 units');
  expect(hashParams(page.url()).get('k')).toBe('3');
  await page.getByLabel('Network file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"w":[1],"b":[0],"a":[1],"activation":"gelu"}') });
  await expect(page.getByTestId('import-error')).toContainText('"gelu" is not supported');
  expect(errors).toEqual([]);
});
