/**
 * Browser benchmark (not a test): does the cobweb keep up while a lecturer
 * drags g? Opens the built app in Chromium, drives the g slider with one
 * input event per animation frame, and reports how many of those frames were
 * drawn and the input-to-pixels latency (the cobweb panel records each draw
 * in `window.__rnnLabPerf` when that array exists; see src/views/perfProbe.ts).
 *
 *   npm run build && npm run bench:browser [-- --k 64 --frames 240 --json]
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const k = Number(opt('k', '64'));
const frames = Number(opt('frames', '240'));
const json = args.includes('--json');

const root = path.resolve('dist');
if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error('error: no dist/ — run `npm run build` first');
  process.exit(2);
}
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = http.createServer((q, r) => {
  let f = path.join(root, decodeURIComponent(new URL(q.url ?? '/', 'http://x').pathname));
  if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) f = path.join(root, 'index.html');
  r.writeHead(200, { 'content-type': types[path.extname(f)] ?? 'application/octet-stream' });
  fs.createReadStream(f).pipe(r);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;

const executablePath = process.env.CHROMIUM_PATH || execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
// tsx (esbuild, keepNames) wraps functions in __name(); give the page a no-op one.
await page.addInitScript('window.__name = (f) => f; window.__rnnLabPerf = [];');
await page.goto(`http://127.0.0.1:${port}/#v=1&model=net1d&act=tanh&k=${k}&g=1.5&seed=6&x0=0.1`);
await page.waitForFunction(() => (window as unknown as { __rnnLabPerf: unknown[] }).__rnnLabPerf.length > 0, null, { timeout: 20000 });
await page.waitForTimeout(1500);

const result = await page.evaluate(async (n) => {
  const perf = (window as unknown as { __rnnLabPerf: { panel: string; t: number; key: number }[] }).__rnnLabPerf;
  perf.length = 0;
  const slider = document.querySelector('input[type="range"][data-param="g"]') as HTMLInputElement;
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  const sent = new Map<number, number>();
  slider.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
  const frameTimes: number[] = [];
  await new Promise<void>((done) => {
    let i = 0;
    const step = (t: number) => {
      frameTimes.push(t);
      const g = Number((1.5 + (1.5 * i) / n).toFixed(3));
      sent.set(g, performance.now());
      setValue.call(slider, String(g));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      if (++i < n) requestAnimationFrame(step);
      else done();
    };
    requestAnimationFrame(step);
  });
  await new Promise((r) => setTimeout(r, 300));
  window.dispatchEvent(new PointerEvent('pointerup'));
  const first = (panel: string) => {
    const m = new Map<number, number>();
    for (const p of perf) if (p.panel === panel && sent.has(p.key) && !m.has(p.key)) m.set(p.key, p.t);
    return m;
  };
  const drawn = first('cobweb');
  const arrived = first('panel1d-result');
  const lat = [...drawn].map(([g, t]) => t - sent.get(g)!).sort((a, b) => a - b);
  const compute = [...arrived].map(([g, t]) => t - sent.get(g)!).sort((a, b) => a - b);
  const span = frameTimes[frameTimes.length - 1] - frameTimes[0];
  return { inputs: n, drawn: drawn.size, latencies: lat, computeLatencies: compute, frameMs: span / (n - 1) };
}, frames);

await browser.close();
server.close();

const quantile = (a: number[], p: number) => a[Math.min(a.length - 1, Math.floor(p * a.length))] ?? NaN;
const q = (p: number) => quantile(result.latencies, p);
const out = {
  kernel: 'BROWSER-DRAG',
  k,
  inputs: result.inputs,
  framesDrawn: result.drawn,
  drawnFraction: result.drawn / result.inputs,
  frameMs: result.frameMs,
  latencyMsP50: q(0.5),
  latencyMsP95: q(0.95),
  resultMsP50: quantile(result.computeLatencies, 0.5),
  resultMsP95: quantile(result.computeLatencies, 0.95),
  machine: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
};
if (json) console.log(JSON.stringify(out));
else {
  console.log(`Dragging g on the cobweb of a width-${k} tanh network (${result.inputs} input events, one per animation frame of ${result.frameMs.toFixed(1)} ms):`);
  console.log(`  frames drawn: ${result.drawn} of ${result.inputs} (${(100 * out.drawnFraction).toFixed(0)} %)`);
  console.log(`  input → pixels: median ${out.latencyMsP50.toFixed(1)} ms, p95 ${out.latencyMsP95.toFixed(1)} ms`);
  console.log(`  input → result back from the worker: median ${out.resultMsP50.toFixed(1)} ms, p95 ${out.resultMsP95.toFixed(1)} ms`);
}
