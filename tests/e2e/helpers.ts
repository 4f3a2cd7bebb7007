import { expect, type Download, type Page } from '@playwright/test';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Console errors and uncaught exceptions seen by a page (asserted empty at the end of each test). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Number of painted pixels and a digest of a panel's canvas. */
export async function canvasInfo(page: Page, testId: string): Promise<{ painted: number; digest: number }> {
  return page.evaluate((id) => {
    const c = document.querySelector(`[data-testid="${id}"] canvas`) as HTMLCanvasElement | null;
    if (!c || !c.width || !c.height) return { painted: 0, digest: 0 };
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    let h = 2166136261;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0) painted++;
      h = Math.imul(h ^ (d[i] + 3 * d[i + 1] + 7 * d[i + 2] + 11 * d[i + 3]), 16777619);
    }
    return { painted, digest: h >>> 0 };
  }, testId);
}

/** Wait until the panels show finished results for the current state. */
export async function waitForPanels(page: Page): Promise<void> {
  await expect(page.getByTestId('lambda')).not.toHaveText('');
  await expect(page.getByTestId('orbit-kind')).not.toHaveText('computing…');
  await expect(page.getByTestId('diagram-status')).toContainText('columns');
  for (const id of ['cobweb', 'trajectory', 'separation', 'diagram', 'lambda-strip']) {
    await expect.poll(async () => (await canvasInfo(page, id)).painted, { message: `${id} is blank` }).toBeGreaterThan(200);
  }
}


/** Pairs of visible texts that overlap: inside every plot, and among every panel header's parts. */
export async function overlappingLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (r: DOMRect) => r.width > 0 && r.height > 0;
    const check = (els: Element[], where: string) => {
      const boxes = els
        .map((e) => ({ e, r: e.getBoundingClientRect(), t: (e.textContent ?? '').trim() }))
        .filter((b) => b.t !== '' && visible(b.r) && getComputedStyle(b.e).visibility !== 'hidden' && b.e.getAttribute('visibility') !== 'hidden');
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].r;
          const b = boxes[j].r;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          // a 1 px touch of glyph boxes is not an overlap a reader sees
          if (w > 1.5 && h > 1.5) out.push(`${where}: "${boxes[i].t.slice(0, 30)}" overlaps "${boxes[j].t.slice(0, 30)}"`);
        }
    };
    document.querySelectorAll('svg.plot-svg').forEach((svg, k) => {
      const texts = [...svg.querySelectorAll('text')].filter((t) => !t.closest('g.tick') || (t.textContent ?? '') !== '');
      check(texts, `plot ${k} (${svg.closest('[data-testid]')?.getAttribute('data-testid') ?? '?'})`);
    });
    document.querySelectorAll('section[data-panel]').forEach((sec) => {
      const head = sec.querySelector(':scope > header');
      if (!head) return;
      const parts = [...head.querySelectorAll('h2, .hint, .status, button, select, label, .legend-item')];
      check(parts, `header of ${sec.getAttribute('data-panel')}`);
    });
    const top = document.querySelector('.topbar');
    if (top) check([...top.querySelectorAll('h1, .formula-main, .formula-detail, button')], 'top bar');
    return out;
  });
}

export function hashParams(url: string): URLSearchParams {
  return new URLSearchParams(new URL(url).hash.slice(1));
}

export interface WorkerJob {
  worker: string;
  name: string;
  lane: string;
  jobId: number;
}

/** The jobs the page's workers run now (each worker keeps a table: workers/compute.worker.ts). */
export async function runningJobs(page: Page): Promise<WorkerJob[]> {
  const lists = await Promise.all(
    page.workers().map((w) =>
      w
        .evaluate(() => {
          const g = self as unknown as { name: string; __rnnLabJobs?: () => { name: string; lane: string; jobId: number }[] };
          return (g.__rnnLabJobs?.() ?? []).map((j) => ({ ...j, worker: g.name }));
        })
        // a worker may be starting or gone
        .catch(() => [] as WorkerJob[]),
    ),
  );
  return lists.flat();
}

/**
 * Wait for n animation frames of the page: the time for what is queued (a
 * late worker message, a re-render, a redraw) to reach the screen, measured in
 * the page's own frames, so it scales with the speed of the machine instead of
 * being a fixed time.
 */
export async function frames(page: Page, n: number): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let i = 0;
        const tick = () => (++i >= count ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

/** Wait until the layout has settled: the boxes of the panels, plots and labels are the same on two polls a few frames apart. */
export async function layoutSettled(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const snapshot = () =>
    page.evaluate(() =>
      JSON.stringify(
        [...document.querySelectorAll('section[data-panel], svg, canvas, .tick text')].map((e) => {
          const b = e.getBoundingClientRect();
          return [b.x, b.y, b.width, b.height].map(Math.round);
        }),
      ),
    );
  let last = await snapshot();
  await expect
    .poll(async () => {
      await frames(page, 3);
      const now = await snapshot();
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

/** Set EXPORT_OUT=dir to keep the exported files for a look. */
const KEEP = process.env.EXPORT_OUT;

export interface Saved {
  name: string;
  data: Buffer;
}

/** The bytes of a download. */
export async function exportedFile(dl: Download): Promise<Buffer> {
  return fs.readFileSync(await dl.path());
}

/** Open a panel's export menu and save what one item downloads (`csv:<table>`, `json`, `png`, …). */
export async function exportItem(page: Page, panel: string, item: string): Promise<Saved> {
  await page.getByTestId(`export-${panel}`).click();
  const menu = page.getByRole('menu', { name: 'Export' });
  await expect(menu).toBeVisible();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), menu.locator(`[data-export="${item}"]`).click()]);
  const file = await dl.path();
  const saved = { name: dl.suggestedFilename(), data: fs.readFileSync(file) };
  if (KEEP) {
    fs.mkdirSync(KEEP, { recursive: true });
    fs.writeFileSync(path.join(KEEP, saved.name), saved.data);
  }
  return saved;
}

const CLI = ['tsx', 'src/cli/main.ts'];
/** Room for large tables on stdout (a 10 000-step orbit of a wide RNN is megabytes). */
const CLI_MAX_BUFFER = 256 * 1024 * 1024;

/** The CLI's stdout for these arguments (`npx tsx src/cli/main.ts …`, stderr dropped). */
export function cli(args: string[]): string {
  return execFileSync('npx', [...CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: CLI_MAX_BUFFER });
}

/** The same without blocking the test: the CLI can run while the page computes. */
export function cliAsync(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('npx', [...CLI, ...args], { encoding: 'utf8', maxBuffer: CLI_MAX_BUFFER }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cli ${args.join(' ')}: ${err.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}
