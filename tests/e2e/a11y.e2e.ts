/**
 * Accessibility (issue #6): axe-core finds no serious or critical violation
 * on the main views, in every theme, with a dialog open, and on a phone.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { layoutSettled } from './helpers';

async function seriousViolations(page: Page): Promise<string[]> {
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const VIEWS: [string, string, string][] = [
  ['1-D explore', 'v=1', 'diagram-status'],
  ['RNN explore', 'v=1&model=rnn', 'lambda'],
  ['spectrum', 'v=1&model=rnn&k=32&tab=spectrum', 'spectrum-status'],
  ['eigenvalues', 'v=1&model=rnn&k=32&tab=eigen', 'eigen-radius'],
  ['periodic points', 'v=1&model=logistic&r=3.83&tab=periodic', 'verdict'],
  ['expressivity', 'v=1&tab=expressivity', 'laps'],
  ['chaos probability', 'v=1&tab=sweep', 'sweep-status'],
  ['phase diagram', 'v=1&model=rnn&k=16&tab=phase&pn=8&pls=200&lt=100', 'phase-status'],
  ['embedded cobweb', 'v=1&model=logistic&r=3.9&embed=1&show=cobweb', 'embed-open'],
  ['gradient meter', 'v=1&model=rnn&tab=gradients', 'gradients-status'],
  ['training lab', 'v=1&tab=training', 'train-status'],
  ['dark theme', 'v=1&theme=dark', 'diagram-status'],
  ['projector, presenting', 'v=1&theme=projector&present=1', 'diagram-status'],
];

for (const [name, hash, ready] of VIEWS) {
  test(`no serious accessibility violations: ${name}`, async ({ page }) => {
    await page.goto(`/#${hash}`);
    await expect(page.getByTestId(ready).first()).toBeVisible({ timeout: 20_000 });
    await layoutSettled(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('no serious accessibility violations: the scenes and About dialogs', async ({ page }) => {
  await page.goto('/#v=1');
  await page.getByTestId('open-scenes').click();
  await expect(page.getByTestId('scenes-dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'About this lab' }).click();
  await expect(page.getByTestId('about-dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('no serious accessibility violations: the share dialog and the shortcuts', async ({ page }) => {
  await page.goto('/#v=1&model=logistic&r=3.9');
  await page.getByTestId('open-share').click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.locator('body').press('?');
  await expect(page.getByTestId('help-dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('no serious accessibility violations: phone layout', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/#v=1');
  await expect(page.getByTestId('diagram-status')).toContainText('columns', { timeout: 20_000 });
  expect(await seriousViolations(page)).toEqual([]);
});
