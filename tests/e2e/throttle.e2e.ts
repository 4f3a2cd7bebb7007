import { test, expect, chromium } from '@playwright/test';
import { hashParams } from './helpers';

// Playwright's default --disable-ipc-flooding-protection hides the browser's
// throttling of history writes; with it removed, a fast drag must still leave
// the URL at the final slider value (debounced replaceState, write on release).
test('a fast slider drag leaves the URL at the final value, with history throttling on', async ({ baseURL, launchOptions }) => {
  const browser = await chromium.launch({ ...launchOptions, ignoreDefaultArgs: ['--disable-ipc-flooding-protection'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${baseURL}#v=1&model=logistic&r=3.7`);
  const slider = page.locator('input[type="range"][data-param="r"]');
  await expect(slider).toBeVisible();
  const box = (await slider.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 0; i < 300; i++) await page.mouse.move(box.x + box.width * (0.9 - (0.6 * i) / 299), box.y + box.height / 2);
  await page.mouse.up();
  const r = await page.getByRole('textbox', { name: 'r value' }).inputValue();
  await expect.poll(() => hashParams(page.url()).get('r')).toBe(r);
  await browser.close();
});
