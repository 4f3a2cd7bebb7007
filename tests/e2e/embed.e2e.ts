/**
 * Embed mode and its API (issue #16, docs/embed.md): a host page served next
 * to the build frames the lab, drives it with postMessage and reads back λ,
 * which equals the CLI's; messages from another frame are ignored; the
 * <rnn-chaos-lab> element renders a panel in a plain page; the embedded panel
 * fits 320 × 200 to 1280 × 720 without overlapping labels.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { canvasInfo, cliAsync, layoutSettled, overlappingLabels, watchErrors } from './helpers';

interface LabMessage {
  type: string;
  hash?: string;
  warnings?: string[];
  values?: Record<string, Record<string, unknown>>;
  id?: number;
}

/** A host page on the app's own server (routed: nothing is added to the build). */
async function host(page: Page, path: string, body: string): Promise<void> {
  await page.route(`**/${path}`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>${body}</body></html>` }));
  await page.goto(`/${path}`);
}

const HOST = `
<iframe id="lab" src="./#v=1&model=logistic&r=3.7&embed=1&show=readouts" width="640" height="360" style="border:0"></iframe>
<iframe id="other" srcdoc="<p>another frame</p>" width="100" height="50"></iframe>
<script>
  window.msgs = [];
  window.addEventListener('message', (e) => { if (e.source === document.getElementById('lab').contentWindow) window.msgs.push(e.data); });
  window.send = (m) => document.getElementById('lab').contentWindow.postMessage(m, '*');
</script>`;

const messages = (page: Page) => page.evaluate(() => (window as unknown as { msgs: LabMessage[] }).msgs);

test('a host page sets the state by postMessage and reads back the CLI’s λ; other frames and other shapes are ignored', async ({ page }) => {
  const errors = watchErrors(page);
  await host(page, 'embed-host.html', HOST);
  const lab = page.frameLocator('#lab');
  await expect(lab.getByTestId('embed-open')).toBeVisible({ timeout: 20_000 });
  // the lab announces its results once the readouts are computed
  await expect.poll(async () => (await messages(page)).some((m) => m.type === 'rnn-chaos-lab:result'), { timeout: 30_000 }).toBe(true);

  await page.evaluate(() => (window as unknown as { send(m: unknown): void }).send({ type: 'rnn-chaos-lab:set', hash: '#v=1&model=logistic&r=3.9&ls=5000', id: 7 }));
  await expect.poll(async () => (await messages(page)).find((m) => m.id === 7)).toBeTruthy();
  const reply = (await messages(page)).find((m) => m.id === 7)!;
  expect(reply.type).toBe('rnn-chaos-lab:state');
  expect(reply.warnings).toEqual([]);
  expect(reply.hash).toContain('r=3.9');
  expect(reply.hash).toContain('embed=1');
  expect(reply.hash).toContain('show=readouts');
  // the readouts' λ for the new state equals the CLI's for the same link, to the last bit
  const result = async () =>
    (await messages(page)).filter((m) => m.type === 'rnn-chaos-lab:result' && m.hash?.includes('r=3.9')).map((m) => m.values?.readouts?.lambda).find((l) => typeof l === 'number');
  await expect.poll(result, { timeout: 30_000 }).toBeDefined();
  const cli = JSON.parse(await cliAsync(['lyapunov', '--url', '#v=1&model=logistic&r=3.9&ls=5000'])) as { lambdaMax: number };
  expect(await result()).toBe(cli.lambdaMax);

  // an invalid link value is validated like a link: clamped, with its warning
  await page.evaluate(() => (window as unknown as { send(m: unknown): void }).send({ type: 'rnn-chaos-lab:set', hash: '#v=1&model=logistic&r=9', id: 8 }));
  await expect.poll(async () => (await messages(page)).find((m) => m.id === 8)?.warnings?.join(' ')).toMatch(/r = 9 is outside/);

  // another frame's message, and messages of other shapes, change nothing and get no answer
  const before = (await messages(page)).length;
  await page.evaluate(() => {
    const lab = (document.getElementById('lab') as HTMLIFrameElement).contentWindow!;
    const other = document.getElementById('other') as HTMLIFrameElement;
    // a script of the other frame posts to the lab
    const s = other.contentDocument!.createElement('script');
    s.textContent = `parent.document.getElementById('lab').contentWindow.postMessage({ type: 'rnn-chaos-lab:set', hash: '#v=1&model=logistic&r=3.2', id: 9 }, '*');`;
    other.contentDocument!.body.append(s);
    lab.postMessage('rnn-chaos-lab:set', '*');
    lab.postMessage({ type: 'rnn-chaos-lab:set', hash: 42, id: 10 }, '*');
    lab.postMessage({ type: 'something-else', id: 11 }, '*');
  });
  await page.evaluate(() => (window as unknown as { send(m: unknown): void }).send({ type: 'rnn-chaos-lab:get', id: 12 }));
  await expect.poll(async () => (await messages(page)).find((m) => m.id === 12)).toBeTruthy();
  const all = await messages(page);
  expect(all.slice(before).filter((m) => typeof m.id === 'number').map((m) => m.id)).toEqual([12]);
  const got = all.find((m) => m.id === 12)!;
  expect(got.hash).toContain('r=4'); // r = 9 was clamped to 4; r = 3.2 from the other frame was ignored
  expect(got.values?.readouts).toBeDefined();
  expect(errors).toEqual([]);
});

test('the <rnn-chaos-lab> element renders a panel in a plain page and forwards the API', async ({ page }) => {
  const errors = watchErrors(page);
  await host(
    page,
    'element-host.html',
    `<h1>A course page</h1>
     <script type="module" src="./rnn-chaos-lab.js"></script>
     <rnn-chaos-lab id="el" state="#v=1&model=logistic&r=3.9" panel="cobweb" height="360"></rnn-chaos-lab>
     <script>
       window.events = [];
       document.getElementById('el').addEventListener('result', (e) => window.events.push(e.detail));
     </script>`,
  );
  const frame = page.frameLocator('rnn-chaos-lab >> internal:control=enter-frame');
  await expect.poll(async () => page.evaluate(() => (window as unknown as { events: unknown[] }).events.length), { timeout: 30_000 }).toBeGreaterThan(0);
  const box = await page.locator('#el').boundingBox();
  expect(box!.height).toBeCloseTo(360, 0);
  // the cobweb alone, painted
  const inner = page.frames().find((f) => f.url().includes('embed=1'))!;
  expect(inner.url()).toContain('show=cobweb');
  await expect.poll(async () => inner.evaluate(() => document.querySelectorAll('section[data-panel]').length)).toBe(1);
  await expect.poll(async () => inner.evaluate(() => {
    const c = document.querySelector('[data-testid="cobweb"] canvas') as HTMLCanvasElement | null;
    if (!c) return 0;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  })).toBeGreaterThan(1000);
  // the element's set() and state
  const answer = await page.evaluate(async () => {
    const el = document.getElementById('el') as unknown as { set(h: string): Promise<{ hash: string; warnings: string[] }>; state: string };
    const a = await el.set('#v=1&model=logistic&r=3.5');
    return { hash: a.hash, warnings: a.warnings, state: el.state };
  });
  expect(answer.hash).toContain('r=3.5');
  expect(answer.state).toBe(answer.hash);
  expect(answer.warnings).toEqual([]);
  void frame;
  expect(errors).toEqual([]);
});

for (const [w, h] of [
  [320, 200],
  [640, 360],
  [1280, 720],
] as const) {
  test(`embed mode at ${w} × ${h}: the panels fill the frame, no label overlaps another, axe-clean`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    for (const hash of ['v=1&model=logistic&r=3.9&embed=1&show=cobweb', 'v=1&model=rnn&k=32&g=2&embed=1&show=readouts,diagram']) {
      await page.goto(`/#${hash}`);
      await expect(page.getByTestId('embed-open')).toBeVisible();
      await expect(page.locator('.topbar')).toHaveCount(0);
      await expect(page.locator('.controls')).toHaveCount(0);
      await expect.poll(async () => (await canvasInfo(page, hash.includes('cobweb') ? 'cobweb' : 'diagram')).painted, { timeout: 30_000 }).toBeGreaterThan(200);
      await layoutSettled(page);
      expect(await overlappingLabels(page), hash).toEqual([]);
      // nothing wider than the frame
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w + 1);
      const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    }
    // the link opens the same state in the full lab
    const href = await page.getByTestId('embed-open').getAttribute('href');
    expect(href).toContain('model=rnn');
    expect(href).not.toContain('embed=1');
  });
}
