/**
 * Browser benchmark (not a test): does the lab keep up while a lecturer drags
 * g? Opens the built app in Chromium and measures input-to-pixels latency (the
 * panels record each draw in `window.__rnnLabPerf` when that array exists; see
 * src/compute/perfProbe.ts). Three scenarios:
 *
 *   1d (default)  drag g on the 1-D lab (width-k tanh network), one input event
 *                 per animation frame; latency to the cobweb's pixels
 *   rnn           the same on a k-unit tanh RNN (k = 64 by default); latency to
 *                 the units panel's pixels (the trajectory panel of the vector
 *                 Explore view), split into worker result and drawing
 *   spectrum      the Lyapunov spectrum view: time from navigation, and from a
 *                 change of g, to the first λ_max on screen, to the end of the
 *                 λ_max stage, and to the converged full spectrum, for N = 64
 *                 and N = 256 (--sizes)
 *   diagram       the orbit diagram of a k-unit tanh RNN (Explore view, issue
 *                 #17): time from navigation, and from a change of σ_b (a
 *                 parameter other than the swept g: every column is redone), to
 *                 the final diagram on screen, with its column count
 *   phase         the default phase map (λ_max over g × σ_b of a k-unit tanh
 *                 RNN, 32 × 32 cells, issues #15 and #17): time from navigation
 *                 to the last cell on screen, and the map's own "Done" time
 *
 *   npm run build && npm run bench:browser [-- --scenario 1d|rnn|spectrum|diagram|phase]
 *     [--k 64] [--frames 240] [--sizes 64,256] [--dist path/to/dist] [--json]
 *
 * --dist (or BENCH_DIST) serves another build than ./dist, e.g. one made with
 * `npx vite build --outDir /tmp/x/dist`.
 */
import path from 'node:path';
import os from 'node:os';
import type { Page } from 'playwright-core';
import { launchChromium, serveBuild } from './browserHarness';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const scenario = opt('scenario', '1d');
if (!['1d', 'rnn', 'spectrum', 'diagram', 'phase'].includes(scenario)) {
  console.error(`error: --scenario must be 1d, rnn, spectrum, diagram or phase (got ${scenario})`);
  process.exit(2);
}
const k = Number(opt('k', '64'));
const frames = Number(opt('frames', '240'));
const sizes = opt('sizes', '64,256')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const json = args.includes('--json');

const root = path.resolve(opt('dist', process.env.BENCH_DIST || 'dist'));
const server = await serveBuild(root);
const base = server.base;
const { browser, version: chromiumVersion } = await launchChromium();
// No service worker: every run loads the build from this server (and no precaching competes for the cores).
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });

/**
 * Before any page script: a no-op __name (tsx/esbuild's keepNames wraps the
 * functions passed to page.evaluate in it), the perf sink, and a note of every
 * vector-panel result the workers send back (a Comlink reply whose value
 * carries `logSep`): the moment a result reaches the main thread, so the rnn
 * scenario can split compute from drawing without probes in the engine. Every
 * Comlink call to a worker is timed too (sent → reply, in `__rnnLabCalls`):
 * the round trip of the panel's job, queueing in the worker included.
 */
const INIT = `
window.__name = (f) => f;
window.__rnnLabPerf = [];
window.__rnnLabCalls = new Map();
(() => {
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => {
        const t = performance.now();
        const d = e.data;
        const v = d && d.value && d.value.value;
        if (v && v.logSep !== undefined) window.__rnnLabPerf.push({ panel: 'vector-result', t, key: NaN });
        const c = d && window.__rnnLabCalls.get(d.id);
        if (c) { c.back = t; c.ok = !!(d.value && d.value.ok); }
      });
    }
    postMessage(m, ...rest) {
      // Comlink calls: the round trip of each (queueing in the worker included)
      if (m && m.type === 'APPLY' && m.id !== undefined) window.__rnnLabCalls.set(m.id, { path: (m.path || []).join('.'), sent: performance.now() });
      return super.postMessage(m, ...rest);
    }
  };
})();
`;

const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, chromium: chromiumVersion };
const quantile = (a: number[], p: number) => a[Math.min(a.length - 1, Math.floor(p * a.length))] ?? NaN;
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '–');
const sec = (v: number) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : '–');

interface DragResult {
  inputs: number;
  drawn: number;
  latencies: number[];
  computeLatencies: number[];
  drawAfterResult: number[];
  frameMs: number;
  /** Worker calls of the panel's job sent during the drag, those that completed (not superseded), and their round trips. */
  jobs: number;
  jobsCompleted: number;
  roundTrips: number[];
  /** Worker calls sent during the drag, by method. */
  byPath: Record<string, number>;
}

/** Drag g from g0 to g0 + span with one input event per animation frame; latencies to `panel`'s draws. */
async function drag(page: Page, n: number, g0: number, span: number, panel: string, resultPanel: string, keyedResult: boolean, job: string): Promise<DragResult> {
  return page.evaluate(
    async ({ n, g0, span, panel, resultPanel, keyedResult, job }) => {
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
          const g = Number((g0 + (span * i) / n).toFixed(3));
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
      const first = (name: string) => {
        const m = new Map<number, number>();
        for (const p of perf) if (p.panel === name && sent.has(p.key) && !m.has(p.key)) m.set(p.key, p.t);
        return m;
      };
      const drawn = first(panel);
      const lat = [...drawn].map(([g, t]) => t - sent.get(g)!).sort((a, b) => a - b);
      let compute: number[] = [];
      const drawAfter: number[] = [];
      if (keyedResult) {
        // the engine records each result with its g
        const arrived = first(resultPanel);
        compute = [...arrived].map(([g, t]) => t - sent.get(g)!).sort((a, b) => a - b);
        for (const [g, t] of drawn) if (arrived.has(g)) drawAfter.push(t - arrived.get(g)!);
      } else {
        // unkeyed arrivals: pair each first draw of a g with the last result that reached the page before it
        const arrivals = perf.filter((p) => p.panel === resultPanel).map((p) => p.t);
        for (const [g, t] of drawn) {
          let a = NaN;
          for (const x of arrivals) if (x <= t) a = x;
          if (Number.isFinite(a) && a >= sent.get(g)!) {
            compute.push(a - sent.get(g)!);
            drawAfter.push(t - a);
          }
        }
        compute.sort((a, b) => a - b);
      }
      drawAfter.sort((a, b) => a - b);
      const calls = [...(window as unknown as { __rnnLabCalls: Map<string, { path: string; sent: number; back?: number; ok?: boolean }> }).__rnnLabCalls.values()].filter(
        (c) => c.path === job && c.sent >= frameTimes[0],
      );
      const roundTrips = calls.filter((c) => c.back !== undefined && c.ok).map((c) => c.back! - c.sent);
      roundTrips.sort((a, b) => a - b);
      // every job the page asked of its workers during the drag (they share the cores)
      const byPath: Record<string, number> = {};
      for (const c of (window as unknown as { __rnnLabCalls: Map<string, { path: string; sent: number }> }).__rnnLabCalls.values())
        if (c.sent >= frameTimes[0]) byPath[c.path] = (byPath[c.path] ?? 0) + 1;
      const spanMs = frameTimes[frameTimes.length - 1] - frameTimes[0];
      return {
        inputs: n,
        drawn: drawn.size,
        latencies: lat,
        computeLatencies: compute,
        drawAfterResult: drawAfter,
        frameMs: spanMs / (n - 1),
        jobs: calls.length,
        jobsCompleted: roundTrips.length,
        roundTrips,
        byPath,
      };
    },
    { n, g0, span, panel, resultPanel, keyedResult, job },
  );
}

async function dragScenario(kind: '1d' | 'rnn'): Promise<void> {
  const page = await context.newPage();
  await page.addInitScript(INIT);
  const url = kind === '1d' ? `${base}#v=1&model=net1d&act=tanh&k=${k}&g=1.5&seed=6&x0=0.1` : `${base}#v=1&model=rnn&k=${k}&g=1.5`;
  const panel = kind === '1d' ? 'cobweb' : 'units';
  await page.goto(url);
  await page.waitForFunction((p) => (window as unknown as { __rnnLabPerf: { panel: string }[] }).__rnnLabPerf.some((r) => r.panel === p), panel, { timeout: 30000 });
  await page.waitForTimeout(1500);
  const result = await drag(page, frames, 1.5, 1.5, panel, kind === '1d' ? 'panel1d-result' : 'vector-result', kind === '1d', kind === '1d' ? 'panel1d' : 'vectorPanel');
  await page.close();
  const q = (p: number) => quantile(result.latencies, p);
  const target = kind === '1d' ? 16 : 50;
  const out = {
    kernel: kind === '1d' ? 'BROWSER-DRAG' : 'BROWSER-DRAG-RNN',
    scenario: kind,
    url: url.slice(base.length),
    panel,
    k,
    inputs: result.inputs,
    framesDrawn: result.drawn,
    drawnFraction: result.drawn / result.inputs,
    frameMs: result.frameMs,
    latencyMsP50: q(0.5),
    latencyMsP95: q(0.95),
    latencyMsMax: result.latencies[result.latencies.length - 1] ?? NaN,
    resultMsP50: quantile(result.computeLatencies, 0.5),
    resultMsP95: quantile(result.computeLatencies, 0.95),
    drawAfterResultMsP50: quantile(result.drawAfterResult, 0.5),
    drawAfterResultMsP95: quantile(result.drawAfterResult, 0.95),
    workerJobs: result.jobs,
    workerJobsCompleted: result.jobsCompleted,
    workerRoundTripMsP50: quantile(result.roundTrips, 0.5),
    workerRoundTripMsP95: quantile(result.roundTrips, 0.95),
    workerCallsDuringDrag: result.byPath,
    targetP95Ms: target,
    meetsTarget: q(0.95) <= target,
    date: new Date().toISOString(),
    machine,
  };
  if (json) console.log(JSON.stringify(out));
  else {
    const what = kind === '1d' ? `the cobweb of a width-${k} tanh network` : `the units panel of a ${k}-unit tanh RNN`;
    console.log(`Dragging g on ${what} (${result.inputs} input events, one per animation frame of ${result.frameMs.toFixed(1)} ms):`);
    console.log(`  frames drawn: ${result.drawn} of ${result.inputs} (${(100 * out.drawnFraction).toFixed(0)} %)`);
    console.log(`  input → pixels: median ${ms(out.latencyMsP50)}, p95 ${ms(out.latencyMsP95)}, max ${ms(out.latencyMsMax)}`);
    console.log(`  input → result back from the worker: median ${ms(out.resultMsP50)}, p95 ${ms(out.resultMsP95)}`);
    console.log(`  result → pixels (main thread: React and drawing): median ${ms(out.drawAfterResultMsP50)}, p95 ${ms(out.drawAfterResultMsP95)}`);
    console.log(
      `  worker jobs (${kind === '1d' ? 'panel1d' : 'vectorPanel'}): ${result.jobs} sent, ${result.jobsCompleted} completed, ${result.jobs - result.jobsCompleted} superseded; round trip of a completed job: median ${ms(out.workerRoundTripMsP50)}, p95 ${ms(out.workerRoundTripMsP95)}`,
    );
    console.log(`  all worker calls during the drag: ${Object.entries(result.byPath).map(([p, c]) => `${p} ${c}`).join(', ')}`);
    console.log(`  target p95 ≤ ${target} ms: ${out.meetsTarget ? 'MET' : 'MISSED'}`);
  }
}

/** Times (page clock, ms) at which the spectrum view first showed each milestone since `since`. */
interface Milestones {
  firstLmax: number;
  lmaxDone: number;
  done: number;
  lmax: string;
  status: string;
  kernels: string;
}

/**
 * Watches the spectrum view with a MutationObserver (no polling delay) and
 * notes in `window.__spec` the page-clock times of the first finite λ_max, the
 * end of the λ_max stage (the status moves on from "λ_max") and "done" (the
 * full spectrum converged), each after the status has left the previous
 * job's "done". `window.__specWatch()` starts afresh; it starts
 * once by itself when the document is parsed, so navigation is timed from 0.
 */
const SPEC_WATCH = `
window.__specWatch = () => {
  window.__spec = {};
  if (window.__specObs) window.__specObs.disconnect();
  const text = (id) => { const e = document.querySelector('[data-testid="' + id + '"]'); return e ? e.textContent : ''; };
  const check = () => {
    const now = performance.now();
    const s = window.__spec;
    const lt = text('spectrum-lmax');
    const st = text('spectrum-status');
    // after a change of g the previous job's "done" stays until the new job's first report
    if (s.running === undefined && !st.startsWith('done')) s.running = now;
    if (s.running === undefined) return;
    if (s.firstLmax === undefined && lt !== '' && Number.isFinite(Number(lt.replace('\u2212', '-')))) s.firstLmax = now;
    if (s.lmaxDone === undefined && s.firstLmax !== undefined && st !== '' && !st.startsWith('\u03bb_max') && !st.startsWith('starting')) s.lmaxDone = now;
    if (s.done === undefined && st.startsWith('done')) s.done = now;
  };
  window.__specObs = new MutationObserver(check);
  window.__specObs.observe(document.body, { subtree: true, childList: true, characterData: true });
};
document.addEventListener('DOMContentLoaded', () => window.__specWatch());
`;

async function specMilestones(page: Page, timeoutMs: number): Promise<Milestones> {
  await page.waitForFunction(() => (window as unknown as { __spec?: { done?: number } }).__spec?.done !== undefined, null, { timeout: timeoutMs, polling: 250 });
  return page.evaluate(() => {
    const s = (window as unknown as { __spec: Record<string, number> }).__spec;
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    return { firstLmax: s.firstLmax, lmaxDone: s.lmaxDone, done: s.done, lmax: text('spectrum-lmax'), status: text('spectrum-status'), kernels: text('spectrum-kernels') };
  });
}

/** Restart the page's watcher `watch`, then set slider `param` to `value` as one deliberate input; the page-clock time of the change. */
async function setSlider(page: Page, watch: string, param: string, value: string): Promise<number> {
  return page.evaluate(
    ([w, k, v]) => {
      (window as unknown as Record<string, () => void>)[w]();
      const slider = document.querySelector(`input[type="range"][data-param="${k}"]`) as HTMLInputElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const t = performance.now();
      setValue.call(slider, v);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      return t;
    },
    [watch, param, value] as const,
  );
}

async function spectrumScenario(): Promise<void> {
  for (const n of sizes) {
    const page = await context.newPage();
    await page.addInitScript(INIT + SPEC_WATCH);
    const url = `#v=1&model=rnn&k=${n}&g=2&tab=spectrum`;
    const timeout = n >= 200 ? 900_000 : 120_000;
    // from navigation: the page clock starts at navigation start
    await page.goto(base + url);
    const nav = await specMilestones(page, timeout);
    // from a change of g (2 → 2.5 on the slider, a deliberate change, not a drag)
    const t0 = await setSlider(page, '__specWatch', 'g', '2.5');
    const chg = await specMilestones(page, timeout);
    await page.close();
    const rel = (m: Milestones, from: number) => ({ firstLmaxMs: m.firstLmax - from, lmaxStageMs: m.lmaxDone - from, fullSpectrumMs: m.done - from, lambdaMax: m.lmax, status: m.status, kernels: m.kernels });
    const out = {
      kernel: 'BROWSER-SPECTRUM',
      scenario: 'spectrum',
      n,
      url,
      fromNavigation: rel(nav, 0),
      fromGChange: { g: 2.5, ...rel(chg, t0) },
      date: new Date().toISOString(),
      machine,
    };
    if (json) console.log(JSON.stringify(out));
    else {
      console.log(`Lyapunov spectrum of a ${n}-unit tanh RNN (${url}; ${nav.kernels || 'kernels not shown'}):`);
      for (const [label, r] of [
        ['from navigation', out.fromNavigation],
        ['from g = 2 → 2.5', out.fromGChange],
      ] as const) {
        console.log(
          `  ${label.padEnd(17)} first λ_max ${sec(r.firstLmaxMs)}, λ_max stage done ${sec(r.lmaxStageMs)}, full spectrum (${n} exponents) ${sec(r.fullSpectrumMs)}; λ_max = ${r.lambdaMax}, "${r.status}"`,
        );
      }
    }
  }
}

/**
 * Notes in `window.__diag.done` the page-clock time the diagram's status first
 * reads "<cols> columns · <ms> ms" (the final quality, not the draft) after
 * `window.__diagWatch()` (started once by itself when the document is parsed).
 */
const DIAG_WATCH = `
window.__diagWatch = () => {
  window.__diag = {};
  if (window.__diagObs) window.__diagObs.disconnect();
  const check = () => {
    const e = document.querySelector('[data-testid="diagram-status"]');
    const st = e ? e.textContent : '';
    const d = window.__diag;
    if (d.running === undefined && st.startsWith('computing')) d.running = performance.now();
    if (d.running !== undefined && d.done === undefined && /^\\d+ columns/.test(st)) { d.done = performance.now(); d.status = st; }
  };
  window.__diagObs = new MutationObserver(check);
  window.__diagObs.observe(document.body, { subtree: true, childList: true, characterData: true });
};
document.addEventListener('DOMContentLoaded', () => window.__diagWatch());
`;

async function diagDone(page: Page): Promise<{ done: number; status: string }> {
  await page.waitForFunction(() => (window as unknown as { __diag?: { done?: number } }).__diag?.done !== undefined, null, { timeout: 300_000, polling: 100 });
  return page.evaluate(() => (window as unknown as { __diag: { done: number; status: string } }).__diag);
}

async function diagramScenario(): Promise<void> {
  const page = await context.newPage();
  await page.addInitScript(INIT + DIAG_WATCH);
  const url = `#v=1&model=rnn&k=${k}&g=2`;
  await page.goto(base + url);
  const nav = await diagDone(page);
  // from a change of σ_b (0.1 → 0.3 on the slider, a deliberate change): every column is redone
  const t0 = await setSlider(page, '__diagWatch', 'sb', '0.3');
  const chg = await diagDone(page);
  await page.close();
  const out = { kernel: 'BROWSER-DIAGRAM', scenario: 'diagram', k, url, fromNavigationMs: nav.done, navigationStatus: nav.status, fromSbChangeMs: chg.done - t0, sbChangeStatus: chg.status, date: new Date().toISOString(), machine };
  if (json) console.log(JSON.stringify(out));
  else {
    console.log(`Orbit diagram of a ${k}-unit tanh RNN (${url}):`);
    console.log(`  from navigation   final diagram ${sec(out.fromNavigationMs)} ("${nav.status}")`);
    console.log(`  from σ_b 0.1 → 0.3 final diagram ${sec(out.fromSbChangeMs)} ("${chg.status}")`);
  }
}

/** The default phase map: from navigation to its status "Done · 1 024 cells in …" (the map computed and drawn). */
async function phaseScenario(): Promise<void> {
  const page = await context.newPage();
  await page.addInitScript(INIT);
  const url = `#v=1&tab=phase&model=rnn&act=tanh&k=${k}&seed=1`;
  await page.goto(base + url);
  const status = page.getByTestId('phase-status');
  await status.and(page.locator('[data-state="done"]')).waitFor({ timeout: 600_000 });
  const doneMs = await page.evaluate(() => performance.now());
  const text = (await status.textContent()) ?? '';
  await page.close();
  const out = { kernel: 'BROWSER-PHASE', scenario: 'phase', k, url, fromNavigationMs: doneMs, status: text, date: new Date().toISOString(), machine };
  if (json) console.log(JSON.stringify(out));
  else {
    console.log(`Phase map of a ${k}-unit tanh RNN (${url}):`);
    console.log(`  from navigation   last cell ${sec(out.fromNavigationMs)} ("${text}")`);
  }
}

try {
  if (!json) console.log(`RNN Chaos Lab browser bench — ${machine.cpu}, ${machine.cores} cores, ${chromiumVersion}, build ${root}`);
  if (scenario === 'spectrum') await spectrumScenario();
  else if (scenario === 'diagram') await diagramScenario();
  else if (scenario === 'phase') await phaseScenario();
  else await dragScenario(scenario as '1d' | 'rnn');
} finally {
  await browser.close();
  server.close();
}
