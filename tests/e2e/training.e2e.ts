import { test, expect, type Page } from '@playwright/test';
import { canvasInfo, cliAsync, frames, hashParams, watchErrors } from './helpers';

const num = (s: string | null) => Number((s ?? '').replace('−', '-'));

/** The step counter of the training run. */
async function step(page: Page): Promise<number> {
  return Number((await page.getByTestId('train-step').textContent()) ?? 'NaN');
}

test('a training run starts, updates its plots, pauses (the counter stops) and resumes', async ({ page }) => {
  const errors = watchErrors(page);
  // a long run (it cannot finish during the test) on Lorenz-63 with sparse teacher forcing
  await page.goto('/#v=1&tab=training&td=lorenz&tmod=plrnn&tM=10&tmeth=stf&ttau=15&tT=100&tlr=0.003&tep=100000&seed=3');
  const status = page.getByTestId('train-status');
  await expect(status).toContainText('Not started');
  expect(await step(page)).toBe(0);
  // the data and τ_pred are shown before anything is trained
  await expect(page.getByTestId('train-data')).toContainText('Lorenz-63');
  await expect.poll(async () => (await canvasInfo(page, 'train-reconstruction')).painted, { message: 'the data are drawn' }).toBeGreaterThan(300);
  await expect(page.getByTestId('train-pause')).toBeDisabled();

  await page.getByTestId('train-start').click();
  await expect(status).toContainText('Training');
  await expect.poll(() => step(page), { message: 'the step counter moves' }).toBeGreaterThan(20);
  for (const id of ['train-loss', 'train-gradnorm']) await expect.poll(async () => (await canvasInfo(page, id)).painted, { message: `${id} is painted` }).toBeGreaterThan(300);
  const before = await canvasInfo(page, 'train-loss');
  await expect.poll(async () => (await canvasInfo(page, 'train-loss')).digest, { message: 'the loss plot follows the run' }).not.toBe(before.digest);
  await expect(page.getByTestId('train-dstsp')).not.toHaveText('—');

  // pause: the counter stops
  await page.getByTestId('train-pause').click();
  await expect(status).toContainText('Paused');
  await expect(page.getByTestId('train-pause')).toHaveText('Resume');
  const paused = await step(page);
  await frames(page, 40); // a running training updates its counter every few frames
  expect(await step(page)).toBe(paused);
  await expect(status).toContainText(`Paused at step ${paused.toLocaleString('en').replace(/,/g, ' ')}`);

  // resume: it moves again
  await page.getByTestId('train-pause').click();
  await expect(status).toContainText('Training');
  await expect.poll(() => step(page), { message: 'the counter moves again' }).toBeGreaterThan(paused + 10);

  // a changed training parameter resets the run instead of continuing it
  const tau = page.getByRole('textbox', { name: 'Forcing interval τ value' });
  await tau.fill('30');
  await tau.press('Enter');
  await expect(status).toContainText('Not started');
  await expect(page.getByTestId('train-message')).toContainText('parameter changed');
  expect(await step(page)).toBe(0);

  // Reset after a start goes back to the start
  await page.getByTestId('train-start').click();
  await expect.poll(() => step(page)).toBeGreaterThan(0);
  await page.getByTestId('train-reset').click();
  await expect(status).toContainText('Not started');
  expect(await step(page)).toBe(0);
  expect(errors).toEqual([]);
});

test('the τ sweep shows progress and can be cancelled, and a small one runs to the end', async ({ page }) => {
  const errors = watchErrors(page);
  // 6 models of 1 500 steps (M = 15, T = 200): about a minute on two workers, so Cancel comes first
  await page.goto('/#v=1&tab=training&tsw=5,20');
  const status = page.getByTestId('tau-sweep-status');
  await expect(status).toContainText('Not started');
  await page.getByTestId('tau-sweep-start').click();
  await expect(status).toContainText('Training');
  const bar = page.getByTestId('tau-sweep-progress');
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { message: 'progress moves' }).toBeGreaterThan(0);
  await page.getByTestId('tau-sweep-cancel').click();
  await expect(status).toContainText('Cancelled');
  const stopped = Number(await bar.getAttribute('aria-valuenow'));
  await frames(page, 40);
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBe(stopped);
  // a small sweep runs to the end and draws D_stsp against τ with τ_pred marked (the cancelled one is for other parameters now)
  await page.goto('/#v=1&tab=training&tM=6&tT=60&tep=100&tsw=5,20');
  await expect(status).toContainText('outdated');
  await page.getByTestId('tau-sweep-start').click();
  await expect(status).toContainText('Done', { timeout: 40_000 });
  await expect(status).toContainText('6 models');
  await expect(page.locator('[data-testid="tau-sweep"] .train-taupred')).toContainText('τ_pred = 15.3');
  await expect.poll(async () => (await canvasInfo(page, 'tau-sweep')).painted).toBeGreaterThan(200);
  expect(errors).toEqual([]);
});

test('the readouts say which D_stsp and D_H: Paper A’s by default, the GTF repository’s with tms=gtf', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#tab=training');
  const readouts = page.locator('.train-readouts');
  await expect(readouts).toContainText('Paper A’s: 10 bins over μ ± 2σ');
  await expect(readouts).toContainText('Paper A’s: σ = 2, 500 frequencies');
  await page.getByLabel('D_stsp, D_H version').selectOption('gtf');
  await expect(readouts).toContainText('GTF’s: 10 bins over the data’s range');
  await expect(readouts).toContainText('GTF’s: σ = L/512');
  await expect.poll(() => new URLSearchParams(new URL(page.url()).hash.slice(1)).get('tms')).toBe('gtf');
  expect(errors).toEqual([]);
});

test('a large CSV is read in a worker with progress, then offers its columns; a bad one says why', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto('/#v=1&tab=training&td=csv');
  await expect(page.getByTestId('train-csv')).toBeVisible();
  // record whether the progress line was ever on screen (it may be brief on a fast machine)
  await page.evaluate(() => {
    const w = window as unknown as { __csvProgressSeen: boolean };
    w.__csvProgressSeen = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="train-csv-progress"]')) w.__csvProgressSeen = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  // 120 000 rows × 8 columns (≈ 12 MB): a sampled sine per column, a header line
  const rows = ['a,b,c,d,e,f,g,h'];
  for (let r = 0; r < 120_000; r++) rows.push(Array.from({ length: 8 }, (_, c) => Math.sin(0.01 * r + c).toPrecision(12)).join(','));
  const input = page.locator('[data-testid="train-csv"] input[type="file"]');
  await input.setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await expect(page.locator('.train-csv-columns legend')).toContainText('big.csv: 120 000 rows', { timeout: 60_000 });
  await expect(page.locator('.train-csv-columns input[type="checkbox"]')).toHaveCount(8);
  expect(await page.evaluate(() => (window as unknown as { __csvProgressSeen: boolean }).__csvProgressSeen)).toBe(true);
  await expect(page.getByTestId('train-csv-progress')).toHaveCount(0);
  // a file with a word in the data: the line and column are named
  await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(['x,y', ...Array.from({ length: 60 }, (_, i) => (i === 30 ? '1,oops' : `${i},${i * 2}`))].join('\n')) });
  await expect(page.getByTestId('train-csv-errors')).toContainText('Line 32, column 2: “oops” is not a number.');
  expect(errors).toEqual([]);
});

test('Explore the trained model: the trained GRU opens in the spectrum view, in the link, as the CLI computes it; saved as .json it imports again', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto('/#v=1&tab=training&tmod=gru&tM=4&tep=40&tT=30&ls=3000&lt=300&nk=0');
  await expect(page.getByTestId('train-explore')).toBeDisabled(); // nothing trained yet
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await page.getByTestId('train-explore').click();
  await expect.poll(() => hashParams(page.url()).get('tab')).toBe('spectrum');
  const link = hashParams(page.url());
  expect([link.get('model'), link.get('k'), link.get('g')]).toEqual(['gru', '4', '1']);
  expect(link.get('wd')).not.toBeNull(); // 2 + 12 + 48 + 24 numbers: inside the link
  await expect(page.getByTestId('imported')).toContainText('gru, 4 units');
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  await expect(page.getByTestId('spectrum-npos')).toContainText('of 4');
  // the link alone carries the trained model: the CLI computes the same λ_max from it
  const cli = JSON.parse(await cliAsync(['lyapunov', '--url', new URL(page.url()).hash, '--exponents', '1'])) as { lambdaMax: number; n: number };
  expect(cli.n).toBe(4);
  expect(num(await page.getByTestId('spectrum-lmax').textContent())).toBeCloseTo(cli.lambdaMax, 3);
  // saved as .json, it imports again as the same network (same hash)
  // (the import panel is open: it opens by itself while an imported network is in use)
  const download = page.waitForEvent('download');
  await page.getByTestId('import-save').click();
  const file = await (await download).path();
  expect((await download).suggestedFilename()).toBe('trained-gru-M4-lorenz.json');
  await page.getByTestId('imported').getByRole('button', { name: 'Use the seeded network' }).click();
  await expect(page.getByTestId('imported')).toHaveCount(0);
  await page.getByLabel('Network file').setInputFiles(file);
  await expect(page.getByTestId('imported')).toContainText('gru, 4 units');
  await expect.poll(() => hashParams(page.url()).get('wh')).toBe(link.get('wh'));
  expect(errors).toEqual([]);
});
