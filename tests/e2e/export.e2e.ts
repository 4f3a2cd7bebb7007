/**
 * The export menu (issue #6): figures (PNG 2×, slide PNG, SVG with the data as
 * vectors), data (CSV equal to the CLI's for the same link, JSON with the
 * reproducibility record), Python, and the WebM of a g sweep.
 */
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { cli, exportItem, hashParams, waitForPanels, watchErrors } from './helpers';

const SHARED = '#v=1&model=net1d&act=tanh&g=2.7&k=16&init=he&sb=1&out=identity&seed=6&x0=0.1';
const SPECTRUM = '#model=rnn&k=32&tab=spectrum';
const VERSION = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version;
/** Width and height from a PNG's IHDR chunk. */
function pngSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The box of a PNG's pixels that differ from its corner (background) colour, decoded in the page. */
async function inkBox(page: Page, png: Buffer): Promise<{ left: number; right: number; top: number; bottom: number; width: number; height: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const bg = [d[0], d[1], d[2]];
    let left = c.width, right = 0, top = c.height, bottom = 0;
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++) {
        const i = 4 * (y * c.width + x);
        if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 30) {
          if (x < left) left = x;
          if (x > right) right = x;
          if (y < top) top = y;
          if (y > bottom) bottom = y;
        }
      }
    return { left, right, top, bottom, width: c.width, height: c.height };
  }, png.toString('base64'));
}

/** The union of a panel's plots on screen (the figure's width). */
async function plotsBox(page: Page, panel: string): Promise<{ width: number; height: number }> {
  return page.locator(`[data-panel="${panel}"]`).evaluate((s) => {
    const rs = Array.from(s.querySelectorAll('.plot'), (p) => p.getBoundingClientRect());
    const l = Math.min(...rs.map((r) => r.left));
    const r = Math.max(...rs.map((x) => x.right));
    const t = Math.min(...rs.map((x) => x.top));
    const b = Math.max(...rs.map((x) => x.bottom));
    return { width: r - l, height: b - t };
  });
}

/** Parse an SVG in the page: well-formed, and what its data layer holds. */
async function svgInfo(page: Page, text: string) {
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    const data = Array.from(doc.querySelectorAll('g.plot-data'));
    const dataPaths = data.flatMap((g) => Array.from(g.querySelectorAll('path, polyline, rect, image')));
    return {
      ok: !err && doc.documentElement.nodeName === 'svg',
      width: Number(doc.documentElement.getAttribute('width')),
      height: Number(doc.documentElement.getAttribute('height')),
      plots: data.length,
      dataElements: dataPaths.length,
      dataPathChars: dataPaths.reduce((s, p) => s + (p.getAttribute('d')?.length ?? 0), 0),
      images: data.flatMap((g) => Array.from(g.querySelectorAll('image'))).length,
      texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent ?? ''),
      background: doc.querySelector('svg > rect')?.getAttribute('fill') ?? '',
    };
  }, text);
}

test('cobweb: PNG at 2× and slide size, SVG with vector data, CSV equal to the CLI, JSON with the record', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}`);
  await waitForPanels(page);
  const hash = new URL(page.url()).hash.slice(1);
  const box = await plotsBox(page, 'cobweb');

  const png = await exportItem(page, 'cobweb', 'png');
  expect(png.name).toMatch(/^rnn-chaos-lab_cobweb_net1d-g2\.7-s6-[0-9a-f]{6}\.png$/);
  const size = pngSize(png.data);
  expect(size.width).toBe(2 * Math.round(box.width));
  expect(size.height).toBeGreaterThan(2 * box.height);

  const slide = await exportItem(page, 'cobweb', 'slide');
  expect(pngSize(slide.data)).toEqual({ width: 1920, height: 1080 });

  const svg = await exportItem(page, 'cobweb', 'svg');
  const info = await svgInfo(page, svg.data.toString('utf8'));
  expect(info.ok).toBe(true);
  expect(info.width).toBe(Math.round(box.width));
  expect(info.plots).toBe(1);
  // f, the diagonal and the cobweb are paths with many points, not only the axes
  expect(info.dataElements).toBeGreaterThanOrEqual(3);
  expect(info.dataPathChars).toBeGreaterThan(2000);
  expect(info.texts).toContain('Cobweb');
  expect(info.texts).toContain('xₜ₊₁');
  expect(svg.data.toString('utf8')).not.toContain('var(--');

  // the orbit table is exactly what the CLI prints for the same link
  const orbit = await exportItem(page, 'cobweb', 'csv:orbit');
  expect(orbit.name).toMatch(/_orbit\.csv$/);
  expect(orbit.data.toString('utf8')).toBe(cli(['orbit', '--url', `#${hash}`, '--format', 'csv']));
  const all = await exportItem(page, 'cobweb', 'csv');
  expect(all.data.toString('utf8')).toMatch(/^# table: orbit\nt,x\n/);
  expect(all.data.toString('utf8')).toContain('\n# table: map\nx,f\n');

  const json = JSON.parse((await exportItem(page, 'cobweb', 'json')).data.toString('utf8'));
  const r = json.record;
  expect(r).toMatchObject({ app: 'RNN Chaos Lab', version: VERSION, state: hash, seed: 6, model: 'net1d', panel: 'cobweb' });
  expect(r.link).toBe(page.url().split('#')[0] + '#' + hash);
  expect(r.params.g).toBe(2.7);
  expect(new Date(r.created).toISOString()).toBe(r.created);
  expect(json.tables.orbit.columns).toEqual(['t', 'x']);
  expect(json.tables.orbit.rows).toHaveLength(201);
  expect(json.record.values.lambda).toBeCloseTo(Number(await page.getByTestId('lambda').textContent()), 3);

  const py = (await exportItem(page, 'cobweb', 'python-file')).data.toString('utf8');
  // Copy as Python puts the same script on the clipboard
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('export-cobweb').click();
  await page.getByRole('menuitem', { name: 'Copy as Python (numpy)' }).click();
  await expect(page.getByTestId('export-status')).toContainText('copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.replace(/^Created: .*$/m, '')).toBe(py.replace(/^Created: .*$/m, ''));
  expect(py).toContain('import numpy as np');
  // the script carries the app's λ to compare with (the one on screen, to its 4 digits)
  const appLambda = Number(/^APP_LAMBDA = (\S+)$/m.exec(py)?.[1]);
  expect(appLambda).toBeCloseTo(Number(await page.getByTestId('lambda').textContent()), 3);
  expect(py).toContain(`Link:    ${page.url().split('#')[0]}#${hash}`);
  expect(errors).toEqual([]);
});

test('λ carries its standard error on screen, in the readouts’ CSV and in the CLI, which agree', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  // logistic r = 3.9: chaotic, λ ≈ 0.49 with a standard error of a few 10⁻³ over 10⁴ steps
  const hash = 'v=1&model=logistic&r=3.9&x0=0.1&lt=1000&ls=10000';
  await page.goto(`/#${hash}`);
  await waitForPanels(page);
  const se = page.getByTestId('lambda-stderr');
  await expect(se).toHaveText(/^\s*± \d/);
  const shown = Number((await se.textContent())!.replace(/[±\s]/g, ''));
  expect(shown).toBeGreaterThan(5e-4);
  expect(shown).toBeLessThan(2e-2);
  const app = (await exportItem(page, 'readouts', 'csv:lambda')).data.toString('utf8').trim().split('\n');
  const ref = cli(['lyapunov', '--url', `#${hash}`, '--format', 'csv']).trim().split('\n');
  expect(app[0]).toBe('lambda,stderr,steps,transient,period,kind');
  expect(app[0]).toBe(ref[0]);
  const aS = Number(app[1].split(',')[1]);
  expect(aS).toBeCloseTo(shown, 3);
  // the portable log: the same orbit, λ and error as the CLI, to the last bit
  expect(app[1]).toBe(ref[1]);
  expect(errors).toEqual([]);
});

test('Lyapunov spectrum: figures of both plots, spectrum CSV equal to the CLI, JSON with the link', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto(`/${SPECTRUM}`);
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  const hash = new URL(page.url()).hash.slice(1);
  const box = await plotsBox(page, 'spectrum');

  const size = pngSize((await exportItem(page, 'spectrum', 'png')).data);
  expect(size.width).toBe(2 * Math.round(box.width));
  expect(pngSize((await exportItem(page, 'spectrum', 'slide')).data)).toEqual({ width: 1920, height: 1080 });

  const info = await svgInfo(page, (await exportItem(page, 'spectrum', 'svg')).data.toString('utf8'));
  expect(info.ok).toBe(true);
  expect(info.plots).toBe(2);
  expect(info.dataElements).toBeGreaterThanOrEqual(4);
  expect(info.texts).toContain('Lyapunov spectrum');

  // Same core code, the same seeded network and the portable tanh, log, exp: the chaotic tanh
  // RNN's exponents and their errors are the CLI's bits (README, "Same link, same numbers").
  const csv = (await exportItem(page, 'spectrum', 'csv:spectrum')).data.toString('utf8');
  expect(csv.split('\n')).toHaveLength(32 + 2);
  expect(csv.trim()).toBe(cli(['lyapunov', '--url', `#${hash}`, '--format', 'csv']).trim());

  const json = JSON.parse((await exportItem(page, 'spectrum', 'json')).data.toString('utf8'));
  expect(json.record).toMatchObject({ app: 'RNN Chaos Lab', model: 'rnn', panel: 'spectrum', state: hash });
  expect(json.record.link).toContain(`#${hash}`);
  expect(json.tables.spectrum.rows).toHaveLength(32);
  expect(errors).toEqual([]);
});

test('…and the PLRNN exports the CLI\'s spectrum bit for bit (portable draws and logarithms, piecewise-linear steps)', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/#model=plrnn&tab=spectrum');
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  const hash = new URL(page.url()).hash.slice(1);
  const csv = (await exportItem(page, 'spectrum', 'csv:spectrum')).data.toString('utf8');
  expect(csv.split('\n')).toHaveLength(16 + 2);
  // piecewise linear (only + − × and comparisons), its weights from Box–Muller draws with the
  // portable log and cos, its exponents summed with the portable log: the same bits as the CLI
  expect(csv.trim()).toBe(cli(['lyapunov', '--url', `#${hash}`, '--format', 'csv']).trim());
  expect(errors).toEqual([]);
});

test('the orbit diagram’s slide fills the slide: the panel is laid out at 16:9 before it is drawn, then put back', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}`);
  await waitForPanels(page);
  const before = await page.locator('[data-panel="diagram"]').boundingBox();
  const slide = await exportItem(page, 'diagram', 'slide');
  expect(pngSize(slide.data)).toEqual({ width: 1920, height: 1080 });
  const ink = await inkBox(page, slide.data);
  // title at the top, plots and legend down to the bottom margin; the plots span the width
  expect(ink.bottom - ink.top, 'drawn height').toBeGreaterThan(0.8 * 1080);
  expect(ink.right - ink.left, 'drawn width').toBeGreaterThan(0.8 * 1920);
  // the page is as it was
  await expect(page.locator('.slide-layout')).toHaveCount(0);
  const after = await page.locator('[data-panel="diagram"]').boundingBox();
  expect(after).toEqual(before);
  expect(errors).toEqual([]);
});

test('Record g sweep: a WebM download, progress shown, g restored', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}`);
  await waitForPanels(page);
  const before = page.url();
  const webm = await exportItem(page, 'cobweb', 'webm');
  expect(webm.name).toMatch(/_sweep-g\.webm$/);
  expect(webm.data.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
  expect(webm.data.length).toBeGreaterThan(1024);
  await expect(page.getByTestId('export-status')).toContainText('Saved');
  await expect(page.getByRole('textbox', { name: 'Weight scale g value' })).toHaveValue('2.7');
  expect(page.url()).toBe(before);
  expect(hashParams(page.url()).get('g')).toBe('2.7');
  expect(errors).toEqual([]);
});

test('Record g sweep of the Lyapunov spectrum: a WebM, g restored', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(`/${SPECTRUM}`);
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  const webm = await exportItem(page, 'spectrum', 'webm');
  expect(webm.data.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
  expect(webm.data.length).toBeGreaterThan(1024);
  await expect(page.getByRole('textbox', { name: 'Weight scale g value' })).toHaveValue('2');
  // the full spectrum is computed again for the restored g
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  expect(errors).toEqual([]);
});

test('the sweep recording can be cancelled and restores g', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}`);
  await waitForPanels(page);
  await page.getByTestId('export-cobweb').click();
  await page.getByRole('menu', { name: 'Export' }).locator('[data-export="webm"]').click();
  await expect(page.getByTestId('export-status')).toContainText('frame');
  await page.getByTestId('export-cancel').click();
  await expect(page.getByTestId('export-status')).toContainText('cancelled');
  await expect(page.getByRole('textbox', { name: 'Weight scale g value' })).toHaveValue('2.7');
  await waitForPanels(page);
  expect(errors).toEqual([]);
});

test('the menu is keyboard accessible and stays clear of the header tools', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}`);
  await waitForPanels(page);
  const button = page.getByRole('button', { name: 'Export Orbit diagram over g' });
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Export' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem').nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem').last()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  // the button does not cover the diagram's own tools (Back, Reset view, status)
  const b = (await button.boundingBox())!;
  for (const id of ['zoom-reset', 'zoom-back', 'diagram-status']) {
    const t = (await page.getByTestId(id).boundingBox())!;
    const overlap = b.x < t.x + t.width && t.x < b.x + b.width && b.y < t.y + t.height && t.y < b.y + b.height;
    expect(overlap, id).toBe(false);
  }
  expect(errors).toEqual([]);
});

test('a dark-theme SVG has the dark background; the diagram exports its density image and λ columns', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto(`/${SHARED}&theme=dark`);
  await waitForPanels(page);
  const info = await svgInfo(page, (await exportItem(page, 'diagram', 'svg')).data.toString('utf8'));
  expect(info.ok).toBe(true);
  expect(info.background).toBe('rgb(23, 27, 33)');
  expect(info.images).toBe(1);
  expect(info.plots).toBe(2);
  const lambda = (await exportItem(page, 'diagram', 'csv:lambda')).data.toString('utf8').trim().split('\n');
  expect(lambda[0]).toBe('g,lambda,stderr,period,diverged');
  // every finite λ has a finite, non-negative standard error
  for (const row of lambda.slice(1)) {
    const [, l, se] = row.split(',');
    if (l === '') continue;
    expect(se).not.toBe('');
    expect(Number(se)).toBeGreaterThanOrEqual(0);
  }
  const cols = await page.getByTestId('diagram-status').textContent();
  expect(lambda.length - 1).toBe(Number(/(\d+) columns/.exec(cols ?? '')?.[1]));
  expect(errors).toEqual([]);
});

test('a diverged spectrum says "diverged" in every readout and in the export, never 0 positive exponents', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#model=plrnn&g=10&k=16&tab=spectrum');
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  await expect(page.getByTestId('spectrum-lmax')).toContainText('diverged');
  await expect(page.getByTestId('spectrum-npos')).toContainText('diverged');
  await expect(page.getByTestId('spectrum-readouts')).not.toContainText('0 of');
  const json = JSON.parse((await exportItem(page, 'spectrum', 'json')).data.toString('utf8'));
  const t = json.tables.summary;
  const summary = Object.fromEntries(t.columns.map((c: string, i: number) => [c, t.rows[0][i]]));
  expect(summary).toMatchObject({ diverged: true, positive: 0, entropy: null, kaplan_yorke: null });
  expect(errors).toEqual([]);
});

test('the mean field is the same bits in the browser and in the CLI (portable exp, log, tanh, sigmoid in its quadrature)', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  for (const hash of ['model=rnn&act=tanh&g=2&sb=0.3', 'model=rnn&act=sigmoid&g=3&sb=0.5', 'model=rnn&act=sin&g=1.2&sb=0.1']) {
    await page.goto('about:blank');
    await page.goto(`/#${hash}`);
    await expect(page.getByTestId('mean-field')).toContainText('λ_MF', { timeout: 30_000 });
    const state = new URL(page.url()).hash.slice(1);
    const json = JSON.parse((await exportItem(page, 'meanfield', 'json')).data.toString('utf8'));
    const t = json.tables.fixed_point;
    const app = Object.fromEntries(t.columns.map((c: string, i: number) => [c, t.rows[0][i]]));
    const mf = JSON.parse(cli(['lyapunov', '--url', `#${state}`, '--exponents', '0'])).meanField;
    expect({ q: app.q_star, chi1: app.chi1, lambda: app.lambda_mf, gc: app.critical_g }, hash).toEqual({ q: mf.qStar, chi1: mf.chi1, lambda: mf.lambda, gc: mf.criticalG });
  }
  expect(errors).toEqual([]);
});

test('the spectrum carries error bars: λ_max, D_KY and Σλ⁺ with ± s.e. on screen, the spectrum CSV with the CLI’s stderr bit for bit', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  // Hénon: polynomial steps and the portable log, so the engines give the same bits
  const hash = 'v=1&model=henon&a=1.4&b=0.3&tab=spectrum&ls=20000';
  await page.goto(`/#${hash}`);
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  const seOf = async (id: string) => {
    const el = page.getByTestId(`${id}-stderr`);
    await expect(el).toHaveText(/^\s*± \d/);
    return Number((await el.textContent())!.replace(/[±\s]/g, ''));
  };
  const seMax = await seOf('spectrum-lmax');
  expect(seMax).toBeGreaterThan(5e-4);
  expect(seMax).toBeLessThan(2e-2);
  // one positive exponent: Σλ⁺ = λ₁; D_KY's error is propagated from the exponents'
  const seKy = await seOf('spectrum-ky');
  const seH = await seOf('spectrum-entropy');
  expect(seKy).toBeGreaterThan(0);
  expect(seH).toBeGreaterThan(0);
  const csv = (await exportItem(page, 'spectrum', 'csv:spectrum')).data.toString('utf8').trim();
  const ref = cli(['lyapunov', '--url', `#${hash}`, '--format', 'csv']).trim();
  expect(csv.split('\n')[0]).toBe('i,lambda,stderr');
  expect(csv).toBe(ref);
  const refJson = JSON.parse(cli(['lyapunov', '--url', `#${hash}`]));
  expect(seH).toBeCloseTo(refJson.entropyStderr, 3);
  expect(seKy).toBeCloseTo(refJson.kaplanYorkeStderr, 3);
  const summary = (await exportItem(page, 'spectrum', 'csv:summary')).data.toString('utf8');
  expect(summary).toContain('lambda_max_stderr');
  expect(errors).toEqual([]);
});

test('ls = auto: the spectrum stops where the CLI stops (same step, same bits), says why, and the auto box gives a fixed length', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  const hash = 'v=1&model=henon&a=1.4&b=0.3&tab=spectrum&tol=0.002';
  await page.goto(`/#${hash}`);
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  await expect(page.getByTestId('spectrum-status')).toContainText('every error below 0.002');
  // the spectrum panel's own λ steps control (the sidebar's Advanced has the same)
  const auto = page.locator('[data-panel="spectrum"]').getByTestId('ls-auto');
  await expect(auto).toBeChecked();
  const ref = JSON.parse(cli(['lyapunov', '--url', `#${hash}`]));
  expect(ref.stopped).toBe('tol');
  const [head, row] = (await exportItem(page, 'spectrum', 'csv:summary')).data.toString('utf8').trim().split('\n');
  expect(row.split(',')[head.split(',').indexOf('steps')]).toBe(String(ref.steps));
  const csv = (await exportItem(page, 'spectrum', 'csv:spectrum')).data.toString('utf8').trim();
  expect(csv).toBe(cli(['lyapunov', '--url', `#${hash}`, '--format', 'csv']).trim());
  // off: a fixed length (the link says ls=10000), no tolerance in the status
  await auto.uncheck();
  await expect.poll(() => hashParams(page.url()).get('ls')).toBe('10000');
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  await expect(page.getByTestId('spectrum-status')).not.toContainText('auto');
  await auto.check();
  await expect.poll(() => hashParams(page.url()).get('ls') ?? 'auto').toBe('auto');
  expect(errors).toEqual([]);
});

test('ls = auto in the 1-D readouts: λ ± se with the steps it took and why it stopped', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=logistic&r=3.9&x0=0.1');
  await waitForPanels(page);
  await expect(page.getByTestId('lambda-note')).toContainText('auto: the standard error below 0.001');
  const se = Number((await page.getByTestId('lambda-stderr').textContent())!.replace(/[±\s]/g, '').replace('−', '-'));
  // shown to two digits: below 10⁻³, at most 1.0e−3 once rounded
  expect(se).toBeLessThanOrEqual(1e-3);
  expect(se).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
