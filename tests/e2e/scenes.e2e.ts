/**
 * Every scene of the library opens cleanly in the built app: no messages,
 * every panel painted once its results arrive, every panel's explanation
 * strip with a typeset formula, no console or page errors. Panels that run
 * only on request (sweep, size scan, training, τ sweep) are started.
 * Then the scene browser and the About dialog.
 */
import { test, expect, type Frame, type Page } from '@playwright/test';
import { LECTURE_TOUR, SCENES, sceneById, sceneHash } from '../../src/params/scenes';
import { watchErrors } from './helpers';

/** Buttons of panels that compute only when asked. */
const START_BUTTONS = ['sweep-start', 'scan-start', 'train-start', 'tau-sweep-start'];

/** Visible plot canvases of a panel with (almost) nothing painted, by their plot's label. */
async function blankCanvases(page: Page | Frame, panel: string): Promise<string[]> {
  return page.evaluate((id) => {
    const section = document.querySelector(`section[data-panel="${id}"]`);
    if (!section) return [`panel ${id} is gone`];
    const blank: string[] = [];
    section.querySelectorAll<HTMLCanvasElement>('canvas.plot-canvas').forEach((c, i) => {
      const box = c.getBoundingClientRect();
      if (box.width < 2 || box.height < 2 || getComputedStyle(c).visibility === 'hidden') return; // not shown
      const name = c.closest('[aria-label]')?.getAttribute('aria-label') ?? `canvas ${i}`;
      if (!c.width || !c.height) return void blank.push(`${name} (no size)`);
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let p = 3; p < d.length; p += 4) if (d[p] > 0) painted++;
      if (painted < 30) blank.push(name);
    });
    return blank;
  }, panel);
}

async function startOnDemandPanels(page: Page | Frame): Promise<void> {
  for (const id of START_BUTTONS) {
    const button = page.getByTestId(id);
    if ((await button.count()) === 0 || !(await button.isVisible())) continue;
    await expect(button, `${id} can be pressed`).toBeEnabled({ timeout: 20_000 });
    await button.click();
  }
}

/**
 * Every panel in `root` (the page, or one side of compare mode) has painted plots
 * and, with `strips`, its explanation strip with a formula (embedded sides have none:
 * a frame's room goes to the plot).
 */
async function checkPanels(root: Page | Frame, label: string, strips = true): Promise<void> {
  const panels = root.locator('section[data-panel]');
  await expect(panels.first(), `${label}: a panel`).toBeVisible();
  await expect(root.locator('[data-testid="warnings"]')).toHaveCount(0);
  await startOnDemandPanels(root);
  const ids = await panels.evaluateAll((els) => els.map((e) => e.getAttribute('data-panel') ?? ''));
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) {
    if (strips) {
      const strip = root.locator(`section[data-panel="${id}"] > .panel-explain`);
      await expect(strip, `${label} ${id}: explanation strip`).toHaveCount(1);
      await expect(strip.locator('.katex').first(), `${label} ${id}: typeset formula`).toBeVisible();
      await expect(strip).toContainText('Look for:');
    }
    await expect.poll(() => blankCanvases(root, id), { timeout: 45_000, message: `${label} ${id}: blank plots` }).toEqual([]);
  }
  await expect(root.locator('[data-testid="warnings"]')).toHaveCount(0);
}

/** The frame of one side of compare mode, once it has loaded the lab. */
async function compareSide(page: Page, side: 'left' | 'right'): Promise<Frame> {
  const handle = await page.getByTestId(`compare-frame-${side}`).elementHandle();
  const frame = await handle!.contentFrame();
  expect(frame, `compare ${side}: a frame`).not.toBeNull();
  return frame!;
}

for (const scene of SCENES) {
  test(`scene ${scene.id}: clean link, painted panels, explanation strips`, async ({ page }) => {
    test.setTimeout(150_000);
    const errors = watchErrors(page);
    await page.goto('/#' + sceneHash(scene));
    await expect(page.getByTestId('scene-title')).toHaveText(scene.title);
    if (/(^|&)cmp=/.test(scene.hash)) {
      // compare mode: the panels live in the two sides' frames
      await expect(page.getByTestId('compare')).toBeVisible();
      for (const side of ['left', 'right'] as const) await checkPanels(await compareSide(page, side), side, false);
    } else {
      await checkPanels(page, 'page');
    }
    expect(errors).toEqual([]);
  });
}

test('hide=hints removes the explanation strips', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#' + sceneHash(sceneById('neuron')!) + '&hide=hints');
  await expect(page.locator('section[data-panel="cobweb"]')).toBeVisible();
  await expect(page.locator('.panel-explain')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the scene browser opens a scene and starts the lecture tour', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1');
  await page.getByTestId('open-scenes').click();
  const dialog = page.getByTestId('scenes-dialog');
  await expect(dialog.getByRole('heading', { name: 'Scenes' })).toBeVisible();
  await expect(dialog.locator('a[data-scene]')).toHaveCount(SCENES.length);
  const target = sceneById('li-yorke')!;
  await dialog.locator(`a[data-scene="${target.id}"]`).click();
  await expect(page.getByTestId('scene-title')).toHaveText(target.title);
  await expect(dialog).not.toBeVisible();
  await page.getByTestId('open-scenes').click();
  await page.getByTestId('start-tour').click();
  await expect(page.getByTestId('tour-pos')).toHaveText(`1 / ${LECTURE_TOUR.length}`);
  await expect(page.getByTestId('scene-title')).toHaveText(sceneById(LECTURE_TOUR[0])!.title);
  expect(errors).toEqual([]);
});

test('the About dialog cites both papers and closes with Escape', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1');
  await page.getByRole('button', { name: 'About this lab' }).click();
  const dialog = page.getByTestId('about-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('On the difficulty of learning chaotic dynamics with RNNs');
  await expect(dialog).toContainText('On Scrambling Phenomena for Randomly Initialized Recurrent Networks');
  await expect(dialog).toContainText('Benettin');
  await expect(dialog.getByTestId('about-version')).not.toBeEmpty();
  await page.keyboard.press('Escape');
  await expect(dialog).not.toBeVisible();
  expect(errors).toEqual([]);
});
