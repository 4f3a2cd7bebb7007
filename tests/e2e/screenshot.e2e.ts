/**
 * The README shows tests/fixtures/app-default.png. This test keeps it honest:
 * the app's default view, as a user opens it, must still look like that picture.
 * Both images are compared after averaging 8×8 blocks, so font hinting does not
 * matter but a changed layout, colour scheme or plot does.
 * Regenerate with `npm run screenshot` after a deliberate change of the look.
 */
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { waitForPanels } from './helpers';

const FIXTURE = path.resolve('tests/fixtures/app-default.png');

test('the README screenshot is what the app shows', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  await waitForPanels(page);
  await page.mouse.move(0, 0);
  const shot = await page.screenshot();
  if (process.env.UPDATE_SCREENSHOT) {
    fs.writeFileSync(FIXTURE, shot);
    return;
  }
  expect(fs.existsSync(FIXTURE), 'run `npm run screenshot` to create the README screenshot').toBe(true);
  const diff = await page.evaluate(
    async ([a, b]) => {
      const load = (src: string) =>
        new Promise<HTMLImageElement>((res, rej) => {
          const img = new Image();
          img.onload = () => res(img);
          img.onerror = rej;
          img.src = src;
        });
      const [ia, ib] = await Promise.all([load(a), load(b)]);
      if (ia.width !== ib.width || ia.height !== ib.height) return { size: false, mean: 255, worst: 255 };
      const w = Math.floor(ia.width / 8);
      const h = Math.floor(ia.height / 8);
      const px = (img: HTMLImageElement) => {
        const c = document.createElement('canvas');
        c.width = w;
        c.height = h;
        const ctx = c.getContext('2d')!;
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(img, 0, 0, w, h);
        return ctx.getImageData(0, 0, w, h).data;
      };
      const da = px(ia);
      const db = px(ib);
      let sum = 0;
      let worst = 0;
      for (let i = 0; i < da.length; i += 4) {
        const d = (Math.abs(da[i] - db[i]) + Math.abs(da[i + 1] - db[i + 1]) + Math.abs(da[i + 2] - db[i + 2])) / 3;
        sum += d;
        worst = Math.max(worst, d);
      }
      return { size: true, mean: sum / (w * h), worst };
    },
    [`data:image/png;base64,${fs.readFileSync(FIXTURE).toString('base64')}`, `data:image/png;base64,${shot.toString('base64')}`],
  );
  expect(diff.size, 'screenshot size changed').toBe(true);
  // mean absolute difference per 8×8 block, in grey levels (0–255)
  expect(diff.mean, 'the app no longer looks like the README screenshot: run `npm run screenshot`').toBeLessThan(4);
});
