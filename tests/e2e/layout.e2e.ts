/**
 * Layout from a phone to a projector (issue #6): screenshots of the projector
 * theme at 1920×1080 and of the phone layout at 360×800 are written to the
 * test output (test-results/…) to be looked at, and the tests check what a
 * person would: no label overlaps another, nothing is wider than the screen.
 */
import { test, expect, type Page } from '@playwright/test';
import { layoutSettled, overlappingLabels, waitForPanels } from './helpers';

async function widerThanScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > vw + 1) out.push(`page is ${document.documentElement.scrollWidth} px wide on a ${vw} px screen`);
    document.querySelectorAll('section[data-panel], .topbar, .controls').forEach((e) => {
      if (getComputedStyle(e).visibility === 'hidden') return; // a closed drawer
      const r = e.getBoundingClientRect();
      if (r.right > vw + 1 || r.left < -1) out.push(`${e.getAttribute('data-panel') ?? e.className} spans ${Math.round(r.left)}…${Math.round(r.right)}`);
    });
    return out;
  });
}

const PROJECTOR_VIEWS: [string, string][] = [
  ['explore', 'v=1&theme=projector&present=1'],
  ['rnn', 'v=1&model=rnn&theme=projector&present=1'],
];

for (const [name, hash] of PROJECTOR_VIEWS) {
  test(`projector theme in presentation mode at 1920×1080 (${name}): no overlapping labels, everything on one screen`, async ({ page }, info) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`/#${hash}`);
    if (name === 'explore') await waitForPanels(page);
    else await expect(page.getByTestId('diagram-status')).toContainText('columns', { timeout: 20_000 });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: info.outputPath(`projector-${name}-1920x1080.png`) });
    expect(await overlappingLabels(page)).toEqual([]);
    expect(await widerThanScreen(page)).toEqual([]);
    // the panels fit the screen: a lecturer does not scroll
    const bottom = await page.evaluate(() => Math.max(...[...document.querySelectorAll('section[data-panel]')].map((s) => s.getBoundingClientRect().bottom)));
    expect(bottom).toBeLessThanOrEqual(1080);
  });
}

// A lecture link that keeps some panels (show=…) gives them the room of the others.
const SHOWN: [string, string, (b: DOMRect[], vw: number, vh: number) => void][] = [
  ['one panel fills the view', 'v=1&present=1&show=cobweb', ([c], vw, vh) => {
    expect(c.width).toBeGreaterThan(0.95 * vw);
    expect(c.height).toBeGreaterThan(0.85 * vh);
  }],
  ['two side by side take the full height', 'v=1&present=1&show=cobweb,trajectory', ([c, t], vw, vh) => {
    expect(c.width + t.width).toBeGreaterThan(0.95 * vw);
    expect(Math.min(c.height, t.height)).toBeGreaterThan(0.85 * vh);
  }],
  ['a panel beside the diagram takes the full width', 'v=1&present=1&show=cobweb,diagram', ([c, d], vw) => {
    expect(c.width).toBeGreaterThan(0.95 * vw);
    expect(d.width).toBeGreaterThan(0.95 * vw);
  }],
  ['one panel of another view fills it', 'v=1&model=rnn&k=32&tab=eigen&present=1&show=eigenplane', ([e], vw, vh) => {
    expect(e.width).toBeGreaterThan(0.95 * vw);
    expect(e.height).toBeGreaterThan(0.85 * vh);
  }],
];

for (const [name, hash, check] of SHOWN) {
  test(`show= at 1920×1080: ${name}`, async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`/#${hash}`);
    await expect(page.locator('section[data-panel]').first()).toBeVisible();
    await layoutSettled(page);
    const boxes = await page.evaluate(() => [...document.querySelectorAll('section[data-panel]')].map((s) => s.getBoundingClientRect().toJSON() as DOMRect));
    check(boxes, 1920, 1080);
    expect(await overlappingLabels(page)).toEqual([]);
  });
}

test('a 4K screen at 100 % zoom: larger type, no overlapping labels, nothing wider than the screen', async ({ page }, info) => {
  await page.setViewportSize({ width: 3840, height: 2160 });
  await page.goto('/#v=1');
  await waitForPanels(page);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
  await page.screenshot({ path: info.outputPath('4k-3840x2160.png') });
  expect(await overlappingLabels(page)).toEqual([]);
  expect(await widerThanScreen(page)).toEqual([]);
});

test('phone layout at 360×800: one column, nothing wider than the screen, no overlapping labels, plots before controls', async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/#v=1');
  await waitForPanels(page);
  await page.screenshot({ path: info.outputPath('phone-360x800.png'), fullPage: true });
  expect(await overlappingLabels(page)).toEqual([]);
  expect(await widerThanScreen(page)).toEqual([]);
  const cobweb = await page.locator('section[data-panel="cobweb"]').boundingBox();
  const controls = await page.getByRole('complementary', { name: 'Controls' }).boundingBox();
  expect(cobweb!.y).toBeLessThan(controls!.y);
  // touch dragging on a plot moves x0, as the mouse does
  const plot = page.locator('[data-testid="cobweb"] .plot-overlay');
  const box = (await plot.boundingBox())!;
  await plot.dispatchEvent('pointerdown', { pointerId: 1, pointerType: 'touch', isPrimary: true, buttons: 1, clientX: box.x + box.width * 0.25, clientY: box.y + box.height / 2 });
  await plot.dispatchEvent('pointermove', { pointerId: 1, pointerType: 'touch', isPrimary: true, buttons: 1, clientX: box.x + box.width * 0.3, clientY: box.y + box.height / 2 });
  await plot.dispatchEvent('pointerup', { pointerId: 1, pointerType: 'touch', isPrimary: true, buttons: 0, clientX: box.x + box.width * 0.3, clientY: box.y + box.height / 2 });
  await expect.poll(() => page.url()).not.toContain('x0=0.1&');
  // other views on the phone
  for (const hash of ['v=1&model=rnn&k=32&tab=spectrum', 'v=1&model=logistic&r=3.83&tab=periodic', 'v=1&tab=sweep']) {
    await page.goto(`/#${hash}`);
    await expect(page.locator('section[data-panel]').first()).toBeVisible();
    await layoutSettled(page);
    expect(await widerThanScreen(page), hash).toEqual([]);
    expect(await overlappingLabels(page), hash).toEqual([]);
  }
  await page.screenshot({ path: info.outputPath('phone-sweep-360x800.png'), fullPage: true });
});
