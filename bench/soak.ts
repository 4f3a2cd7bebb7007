/**
 * Soak (issue #13, not part of `npm test`): does memory stay flat over a long
 * session? Drags the main parameter (g, or r) back and forth over the lab's views for
 * --minutes (default 10), one view after another every --view seconds, and
 * every --every seconds (default 10) collects garbage and samples the JS heap
 * of the page and of each worker (Chrome DevTools Protocol, Runtime.getHeapUsage
 * after HeapProfiler.collectGarbage). Prints the samples and the trend
 * (least-squares MB per minute after the first two minutes); the result goes
 * to docs/reliability.md.
 *
 *   npm run build && npm run soak [-- --minutes 10] [--every 10] [--view 30] [--dist DIR] [--json]
 */
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, serveBuild } from './browserHarness';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const minutes = Number(opt('minutes', '10'));
const every = Number(opt('every', '10'));
const viewSeconds = Number(opt('view', '30'));
const json = args.includes('--json');

/** The views a lecturer goes through, and the slider dragged in each (the model's main parameter). */
const VIEWS: { hash: string; param: string }[] = [
  { hash: '#v=1', param: 'g' },
  { hash: '#v=1&model=rnn&k=64&g=1.5', param: 'g' },
  { hash: '#v=1&model=rnn&k=32&tab=spectrum&ls=2000', param: 'g' },
  { hash: '#v=1&model=rnn&k=64&tab=gradients', param: 'g' },
  { hash: '#v=1&tab=periodic', param: 'g' },
  { hash: '#v=1&tab=expressivity', param: 'g' },
  { hash: '#v=1&model=logistic&bp=r&bx0=2.8&bx1=4', param: 'r' },
];

interface Sample {
  t: number;
  pageMB: number;
  workersMB: number;
  workers: number;
}

/** Collect garbage in every page and worker target, then their used JS heap (bytes), by target type. */
async function heaps(cdp: CDPSession): Promise<{ page: number; workers: number[] }> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
  let page = 0;
  const workers: number[] = [];
  for (const t of targetInfos.filter((x) => x.type === 'page' || x.type === 'worker')) {
    const used = await heapOf(cdp, t.targetId).catch(() => NaN);
    if (t.type === 'page') page += used;
    else workers.push(used);
  }
  return { page, workers };
}

async function heapOf(cdp: CDPSession, targetId: string): Promise<number> {
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
  let nextId = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const id = ++nextId;
      const onMsg = (e: { sessionId: string; message: string }) => {
        if (e.sessionId !== sessionId) return;
        const m = JSON.parse(e.message) as { id?: number; result?: Record<string, number>; error?: { message: string } };
        if (m.id !== id) return;
        cdp.off('Target.receivedMessageFromTarget', onMsg);
        if (m.error) reject(new Error(m.error.message));
        else resolve(m.result ?? {});
      };
      cdp.on('Target.receivedMessageFromTarget', onMsg);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  try {
    await call('HeapProfiler.collectGarbage');
    return (await call('Runtime.getHeapUsage')).usedSize;
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

const frame = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));

/** One sweep of a parameter's slider from 10 % to 90 % of its track and back, one step per frame. */
async function dragOnce(page: Page, param: string): Promise<void> {
  const slider = page.locator(`input[type="range"][data-param="${param}"]`).first();
  await slider.waitFor({ state: 'visible', timeout: 30_000 });
  const box = await slider.boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 0.1 * box.width, y);
  await page.mouse.down();
  for (let s = 0; s <= 60; s++) {
    const f = s <= 30 ? s / 30 : (60 - s) / 30;
    await page.mouse.move(box.x + (0.1 + 0.8 * f) * box.width, y);
    await frame(page);
  }
  await page.mouse.up();
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

const root = path.resolve(opt('dist', process.env.BENCH_DIST || 'dist'));
const server = await serveBuild(root);
const { browser, version } = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
const page = await context.newPage();
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(String(e)));
const cdp = await browser.newBrowserCDPSession();

const samples: Sample[] = [];
const t0 = Date.now();
const end = t0 + minutes * 60_000;
let nextSample = t0;
let view = -1;
let nextView = t0;
let drags = 0;
while (Date.now() < end) {
  const now = Date.now();
  if (now >= nextView) {
    view = (view + 1) % VIEWS.length;
    await page.goto(server.base + VIEWS[view].hash);
    nextView = now + viewSeconds * 1000;
  }
  if (now >= nextSample) {
    const h = await heaps(cdp);
    const s: Sample = { t: (now - t0) / 1000, pageMB: h.page / 2 ** 20, workersMB: h.workers.reduce((a, b) => a + b, 0) / 2 ** 20, workers: h.workers.length };
    samples.push(s);
    if (!json) console.error(`${s.t.toFixed(0).padStart(5)} s  page ${s.pageMB.toFixed(1)} MB  workers ${s.workersMB.toFixed(1)} MB (${s.workers})  ${VIEWS[view].hash}`);
    nextSample = now + every * 1000;
  }
  await dragOnce(page, VIEWS[view].param);
  drags++;
}

const late = samples.filter((s) => s.t >= 120);
const trend = (f: (s: Sample) => number) => slope(late.map((s) => s.t / 60), late.map(f));
const summary = {
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, chromium: version },
  minutes,
  drags,
  samples: samples.length,
  pageMB: { first: samples[0]?.pageMB, last: samples.at(-1)?.pageMB, max: Math.max(...samples.map((s) => s.pageMB)) },
  workersMB: { first: samples[0]?.workersMB, last: samples.at(-1)?.workersMB, max: Math.max(...samples.map((s) => s.workersMB)) },
  trendMBPerMinute: { page: trend((s) => s.pageMB), workers: trend((s) => s.workersMB) },
  pageErrors: errors.length,
};
if (json) console.log(JSON.stringify({ summary, samples }));
else {
  console.log(`soak — ${summary.machine.cpu}, ${summary.machine.cores} cores, ${version}; ${minutes} min, ${drags} drags over ${VIEWS.length} views`);
  console.log(`page heap    ${summary.pageMB.first?.toFixed(1)} → ${summary.pageMB.last?.toFixed(1)} MB (max ${summary.pageMB.max.toFixed(1)}), trend ${summary.trendMBPerMinute.page.toFixed(2)} MB/min after 2 min`);
  console.log(`worker heaps ${summary.workersMB.first?.toFixed(1)} → ${summary.workersMB.last?.toFixed(1)} MB (max ${summary.workersMB.max.toFixed(1)}), trend ${summary.trendMBPerMinute.workers.toFixed(2)} MB/min after 2 min`);
  console.log(`page errors: ${errors.length}`);
}
await browser.close();
server.close();
