/**
 * Lecture features (issue #6): tours, lecture links that hide controls and
 * panels, presentation mode, keyboard-only use, the link builder and its QR
 * code, offline use from a sub-path.
 */
import { test, expect, type Page } from '@playwright/test';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { canvasInfo, frames, hashParams, waitForPanels, watchErrors } from './helpers';

async function paramOf(page: Page, key: string): Promise<string | null> {
  return hashParams(page.url()).get(key);
}

test('a tour steps forward and back with the arrow keys, each step a history entry', async ({ page }) => {
  const errors = watchErrors(page);
  // a tour of a titled link and a library scene, opened at step 1
  const step1 = Buffer.from('Logistic map at r = 3.2\nv=1&model=logistic&r=3.2').toString('base64url');
  await page.goto(`/#v=1&model=logistic&r=3.2&tour=l.${step1},s.period-doubling`);
  await expect(page.getByTestId('tour-pos')).toHaveText('1 / 2');
  await expect(page.getByTestId('scene-title')).toHaveText('Logistic map at r = 3.2');
  await expect(page.getByTestId('orbit-kind')).toContainText('period 2');
  await page.locator('body').press('ArrowRight');
  await expect(page.getByTestId('tour-pos')).toHaveText('2 / 2');
  await expect(page.getByTestId('scene-title')).toHaveText('Period doubling in a 1-D network');
  expect(await paramOf(page, 'model')).toBe('net1d');
  expect(await paramOf(page, 'ts')).toBe('1');
  expect(await paramOf(page, 'scene')).toBe('period-doubling');
  await waitForPanels(page);
  await page.keyboard.press('PageUp'); // a presenter's clicker
  await expect(page.getByTestId('tour-pos')).toHaveText('1 / 2');
  expect(await paramOf(page, 'model')).toBe('logistic');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tour-pos')).toHaveText('2 / 2');
  await page.goBack();
  await expect(page.getByTestId('tour-pos')).toHaveText('1 / 2');
  expect(errors).toEqual([]);
});

test('a lecture link hides the controls and parts of the page it names, and shows only the chosen panels', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&hide=seed,act,init,tabs,import&show=cobweb,diagram');
  await expect(page.locator('input[type=range][data-param="g"]')).toBeVisible();
  await expect(page.locator('[data-param="act"]')).toHaveCount(0);
  await expect(page.locator('[data-param="init"]')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveCount(0);
  await expect(page.getByRole('tablist')).toBeHidden();
  await expect(page.locator('section[data-panel]')).toHaveCount(2);
  await expect(page.locator('section[data-panel="cobweb"]')).toBeVisible();
  await expect(page.locator('section[data-panel="diagram"]')).toBeVisible();
  await expect(page.locator('section[data-panel="trajectory"]')).toHaveCount(0);
  await expect.poll(async () => (await canvasInfo(page, 'cobweb')).painted).toBeGreaterThan(200);
  // the whole side panel
  await page.goto('/#v=1&hide=controls');
  await expect(page.getByRole('complementary', { name: 'Controls' })).toBeHidden();
  expect(errors).toEqual([]);
});

test('keyboard only: g focuses the slider, arrows nudge it (Shift: fine), space plays a g sweep, digits jump to panels', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&g=2.7');
  await waitForPanels(page);
  const lambda0 = await page.getByTestId('lambda').textContent();
  await page.keyboard.press('g');
  await expect(page.locator('input[type=range][data-param="g"]')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => paramOf(page, 'g')).toBe('2.72');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => paramOf(page, 'g')).toBe('2.719');
  await expect(page.getByRole('textbox', { name: 'Weight scale g value' })).toHaveValue('2.719');
  await expect.poll(() => page.getByTestId('lambda').textContent()).not.toBe(lambda0);
  // space: a slow sweep of g across the diagram window, space again pauses it
  const gBox = page.getByRole('textbox', { name: 'Weight scale g value' });
  await page.keyboard.press(' ');
  await expect.poll(async () => Number(await gBox.inputValue()), { timeout: 5000 }).toBeGreaterThan(2.75);
  await page.keyboard.press(' ');
  const paused = await gBox.inputValue();
  await frames(page, 40); // a running sweep moves g every frame
  expect(await gBox.inputValue()).toBe(paused);
  // on pause the link is written with the final value
  await expect.poll(() => paramOf(page, 'g')).toBe(paused);
  // digits jump to the n-th panel (the readouts are panel 1)
  await page.keyboard.press('3');
  await expect(page.locator('section[data-panel="trajectory"]')).toBeFocused();
  // the chaos-probability sweep starts from the keyboard too
  await page.goto('/#v=1&tab=sweep&sw=2&sn=10&sgn=3');
  const start = page.getByTestId('sweep-start');
  await expect(start).toBeEnabled();
  await start.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sweep-status')).toContainText(/Running|Done/, { timeout: 30_000 });
  // ? lists the shortcuts
  await page.locator('body').press('?');
  await expect(page.getByTestId('help-dialog')).toBeVisible();
  await expect(page.getByTestId('help-dialog')).toContainText('play / pause');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-dialog')).toBeHidden();
  expect(errors).toEqual([]);
});

test('presentation mode: large type, chrome hidden, controls in a drawer, Esc leaves it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&present=1&theme=projector');
  await waitForPanels(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'projector');
  await expect(page.locator('html')).toHaveClass(/present/);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
  await expect(page.getByRole('tablist')).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Controls' })).toBeHidden();
  await page.keyboard.press('c');
  await expect(page.getByRole('complementary', { name: 'Controls' })).toBeVisible();
  await page.getByTestId('drawer-toggle').click();
  await expect(page.getByRole('complementary', { name: 'Controls' })).toBeHidden();
  await page.locator('body').press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/present/);
  expect(await paramOf(page, 'present')).toBeNull();
  await expect(page.getByRole('tablist')).toBeVisible();
  // t cycles the theme and the plots repaint in the new colours
  const before = await canvasInfo(page, 'cobweb');
  await page.keyboard.press('t'); // projector → auto
  await page.keyboard.press('t'); // auto → light
  await page.keyboard.press('t'); // light → dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => (await canvasInfo(page, 'cobweb')).digest).not.toBe(before.digest);
  expect(errors).toEqual([]);
});

test('the link builder edits the link, and its QR code decodes to exactly that link', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=logistic&r=3.9');
  await page.getByTestId('open-share').click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator('input[data-hide="x0"]').uncheck();
  await dialog.locator('input[data-show="trajectory"]').uncheck();
  await dialog.getByTestId('theme-select').selectOption('dark');
  await expect.poll(() => paramOf(page, 'hide')).toBe('x0');
  expect(await paramOf(page, 'show')).toBe('readouts,cobweb,diagram');
  expect(await paramOf(page, 'theme')).toBe('dark');
  const link = await dialog.getByTestId('built-link').inputValue();
  expect(link).toBe(page.url());
  // read the QR code's pixels in the page, decode them here with an independent decoder
  const img = await dialog.getByTestId('qr').evaluate(async (svg) => {
    const xml = new XMLSerializer().serializeToString(svg);
    const im = new Image();
    im.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
    await im.decode();
    const c = document.createElement('canvas');
    c.width = c.height = 600;
    const ctx = c.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(im, 0, 0, 600, 600);
    return Array.from(ctx.getImageData(0, 0, 600, 600).data);
  });
  expect(jsQR(Uint8ClampedArray.from(img), 600, 600)?.data).toBe(link);
  // add this view and a library scene to a tour, copy-free: the tour lands in the link
  await dialog.getByTestId('tour-add-current').click();
  await dialog.getByRole('button', { name: 'Add scene' }).click();
  await expect(dialog.getByTestId('tour-steps').locator('li')).toHaveCount(2);
  expect(await paramOf(page, 'tour')).toMatch(/^l\.[A-Za-z0-9_-]+,s\./);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('section[data-panel="cobweb"] [data-param="x0"]')).toHaveCount(0);
  await expect(page.locator('input[data-param="x0"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** The built app on its own server under `prefix`; `transform` may rewrite a file's text (a "new deploy"). */
async function serveDist(prefix: string, transform: (file: string, text: string) => string = (_f, t) => t): Promise<{ port: number; close: () => void }> {
  const dist = path.resolve(process.env.E2E_OUTDIR ?? 'dist');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.woff2': 'font/woff2', '.json': 'application/json' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let f = path.join(dist, decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!f.startsWith(dist) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) f = path.join(dist, 'index.html');
    const type = types[path.extname(f)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
    if (type.startsWith('text/')) res.end(transform(path.relative(dist, f), fs.readFileSync(f, 'utf8')));
    else fs.createReadStream(f).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

test('installable and offline: served from a sub-path, the app reloads with the network cut after one visit', async ({ browser }) => {
  const prefix = '/courses/chaos/lab/';
  const server = await serveDist(prefix);
  const port = server.port;
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    const url = `http://127.0.0.1:${port}${prefix}#v=1&model=logistic&r=3.9`;
    await page.goto(url);
    await waitForPanels(page);
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]')?.getAttribute('href');
      return href ? (await fetch(href)).json() : null;
    });
    expect(manifest?.name).toBe('RNN Chaos Lab');
    expect(manifest?.icons.some((i: { sizes: string }) => i.sizes === '512x512')).toBe(true);
    // the service worker takes control once it has precached every file
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? ''), { timeout: 20_000 }).toContain(`${prefix}sw.js`);
    await context.setOffline(true);
    await page.reload();
    await waitForPanels(page);
    await expect(page.getByTestId('orbit-kind')).toContainText('chaotic');
    // a new state offline: the workers come from the cache too
    await page.evaluate(() => (location.hash = '#v=1&model=rnn&k=32&tab=spectrum'));
    await expect(page.getByTestId('spectrum-status')).toContainText('done in', { timeout: 30_000 });
  } finally {
    await context.setOffline(false);
    await context.close();
    server.close();
  }
  expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
});

test('a new deploy announces itself: the open tab keeps working on its version until Reload, then runs the new one', async ({ browser }) => {
  test.setTimeout(120_000);
  const prefix = '/lab/';
  // the "deploy" is a service-worker script that differs by one comment
  let build = 1;
  const server = await serveDist(prefix, (file, text) => (file === 'sw.js' ? `${text}\n// build ${build}\n` : text));
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(`http://127.0.0.1:${server.port}${prefix}#v=1&model=logistic&r=3.9`);
    await waitForPanels(page);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? ''), { timeout: 20_000 }).toContain(`${prefix}sw.js`);
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    build = 2;
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    // the new worker waits and the tab says so; nothing is replaced under it
    await expect(page.getByTestId('update-ready')).toContainText('A new version of the lab is ready', { timeout: 20_000 });
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);
    // the old version still computes (its chunks and workers come from its own precache)
    await page.evaluate(() => (location.hash = '#v=1&model=rnn&k=16&tab=spectrum'));
    await expect(page.getByTestId('spectrum-status')).toContainText('done in', { timeout: 30_000 });
    const loaded = page.waitForEvent('load', { timeout: 20_000 });
    await page.getByTestId('update-reload').click();
    await loaded;
    // the same state, now from the new version
    await expect(page.getByTestId('spectrum-status')).toContainText('done in', { timeout: 30_000 });
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    // the new worker is the active one now, none waits
    await expect.poll(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(false);
  } finally {
    await context.close();
    server.close();
  }
  expect(errors).toEqual([]);
});
