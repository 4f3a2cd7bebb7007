/**
 * Trained networks from PyTorch (issue #14, docs/import.md): a `.safetensors`
 * GRU dropped on Import is read in a worker and analysed by the spectrum view
 * (λ_max equal to the CLI's for the same link and file); the link carries only
 * the weights' hash and name, a reload finds them in this browser's storage,
 * and a fresh profile says which file the link needs and works once it is
 * dropped. A state_dict JSON with two modules asks which one; a truncated file
 * says so.
 */
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliAsync, hashParams, watchErrors } from './helpers';
import { f32File } from '../unit/import/safetensorsWriter';

const num = (s: string | null) => Number((s ?? '').replace('−', '-'));

/** Uniform numbers in (−s, s) from a fixed LCG (the weights of the test's networks). */
function uniform(count: number, s: number, seed: number): number[] {
  let x = seed >>> 0;
  return Array.from({ length: count }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return s * (2 * (x / 2 ** 32) - 1);
  });
}

const H = 10;
const I = 2;
/** A GRU with H = 10 units and 2 inputs behind a readout, as state_dict tensors (weight_hh × 4: beyond PyTorch's init). */
function gruTensors(prefix: string, seed: number) {
  const s = 1 / Math.sqrt(H);
  return {
    [`${prefix}weight_ih_l0`]: { shape: [3 * H, I], values: uniform(3 * H * I, s, seed) },
    [`${prefix}weight_hh_l0`]: { shape: [3 * H, H], values: uniform(3 * H * H, 4 * s, seed + 1) },
    [`${prefix}bias_ih_l0`]: { shape: [3 * H], values: uniform(3 * H, s, seed + 2) },
    [`${prefix}bias_hh_l0`]: { shape: [3 * H], values: uniform(3 * H, s, seed + 3) },
  };
}

function tempFile(name: string, bytes: Uint8Array | string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcl-import-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('a .safetensors GRU: the spectrum of the trained network, kept across a reload, asked for in a fresh profile', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const bytes = f32File({ ...gruTensors('gru.', 11), 'fc.weight': { shape: [1, H], values: uniform(H, 0.3, 5) }, 'fc.bias': { shape: [1], values: [0.1] } });
  const file = tempFile('net.safetensors', bytes);

  await page.goto('/#v=1&model=rnn&k=8&tab=spectrum&ls=4000&lt=500&nk=0');
  await page.getByText('Import a network').click();
  await page.getByLabel('Network file').setInputFiles(file);
  await expect(page.getByTestId('imported')).toContainText(`gru, ${H} units`);
  await expect(page.getByTestId('import-summary')).toContainText(`GRU, ${H} units, input size 2`);
  await expect(page.getByTestId('import-summary')).toContainText(`fc.weight [1, ${H}]`);
  const link = hashParams(page.url());
  expect(link.get('model')).toBe('gru');
  expect(link.get('g')).toBe('1');
  expect(link.get('wn')).toBe('net.safetensors');
  const hash = link.get('wh')!;
  expect(hash).toMatch(/^[0-9a-f]{14}$/);
  expect(link.get('wd')).toBeNull(); // 2 + 60 + 300 + 60 numbers: too many for the link (at most 300)

  // the spectrum of the imported network: H exponents, λ_max as the CLI computes it from the same file
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  await expect(page.getByTestId('spectrum-npos')).toContainText(`of ${H}`);
  // the readout is the one-vector run's λ_max: the CLI's with --exponents 1
  const cli = JSON.parse(await cliAsync(['lyapunov', '--url', new URL(page.url()).hash, '--weights', file, '--exponents', '1'])) as { lambdaMax: number; n: number };
  expect(cli.n).toBe(H);
  expect(num(await page.getByTestId('spectrum-lmax').textContent())).toBeCloseTo(cli.lambdaMax, 3);

  // a reload: the weights come back from this browser's storage (once written there)
  await expect(page.getByTestId('import-stored')).toHaveAttribute('data-stored', 'true');
  await page.reload();
  await expect(page.getByTestId('imported')).toContainText(`gru, ${H} units`);
  await expect.poll(async () => Math.abs(num(await page.getByTestId('spectrum-lmax').textContent()) - cli.lambdaMax), { timeout: 60_000 }).toBeLessThan(5e-4);
  await expect(page.getByTestId('missing-weights')).toHaveCount(0);

  // a fresh profile: the link says which file it needs, and works once it is given
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherErrors = watchErrors(other);
  await other.goto(page.url());
  const banner = other.getByTestId('missing-weights');
  await expect(banner).toContainText('This link needs the weight file net.safetensors');
  await expect(banner).toContainText(hash);
  // a different file is refused, the link kept
  const wrong = tempFile('other.safetensors', f32File(gruTensors('gru.', 99)));
  await other.getByLabel('The weight file this link needs').setInputFiles(wrong);
  await expect(other.getByTestId('missing-weights-error')).toContainText('holds other weights');
  await other.getByLabel('The weight file this link needs').setInputFiles(file);
  await expect(banner).toHaveCount(0);
  // the seeded network's run ends first; the imported one's follows
  await expect.poll(async () => Math.abs(num(await other.getByTestId('spectrum-lmax').textContent()) - cli.lambdaMax), { timeout: 60_000 }).toBeLessThan(5e-4);
  expect(hashParams(other.url()).get('wh')).toBe(hash);
  expect(otherErrors).toEqual([]);
  await fresh.close();
  expect(errors).toEqual([]);
});

test('a state_dict with two recurrent modules asks which one; a stacked LSTM has 2·H·layers exponents; a truncated file says so', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#v=1&model=rnn&k=8&tab=spectrum&ls=2000&lt=200&nk=0');
  await page.getByText('Import a network').click();
  // encoder.gru and decoder.lstm (2 layers of 3 units) as a JSON state_dict
  const rows = (v: number[], cols: number) => Array.from({ length: v.length / cols }, (_, r) => v.slice(r * cols, (r + 1) * cols));
  const dict: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(gruTensors('encoder.gru.', 3))) dict[name] = t.shape.length === 2 ? rows(t.values, t.shape[1]) : t.values;
  const h = 3;
  for (let l = 0; l < 2; l++) {
    const inp = l === 0 ? 4 : h;
    dict[`decoder.lstm.weight_ih_l${l}`] = rows(uniform(4 * h * inp, 0.5, 20 + l), inp);
    dict[`decoder.lstm.weight_hh_l${l}`] = rows(uniform(4 * h * h, 0.5, 30 + l), h);
    dict[`decoder.lstm.bias_ih_l${l}`] = uniform(4 * h, 0.5, 40 + l);
    dict[`decoder.lstm.bias_hh_l${l}`] = uniform(4 * h, 0.5, 50 + l);
  }
  await page.getByLabel('Network file').setInputFiles({ name: 'seq2seq.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(dict)) });
  await expect(page.getByTestId('import-error')).toContainText('2 recurrent modules (encoder.gru, decoder.lstm)');
  const pick = page.getByLabel('Recurrent module to import');
  await expect(pick).toContainText('decoder.lstm: LSTM, 2 layers × 3 units, input size 4');
  await pick.selectOption('decoder.lstm');
  await page.getByTestId('import-module-button').click();
  await expect(page.getByTestId('imported')).toContainText('lstm, 3 units');
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  await expect(page.getByTestId('spectrum-npos')).toContainText('of 12'); // (h, c) × 3 units × 2 layers

  const truncated = f32File(gruTensors('gru.', 11)).subarray(0, 200);
  await page.getByLabel('Network file').setInputFiles({ name: 'cut.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(truncated) });
  await expect(page.getByTestId('import-error')).toContainText('cut.safetensors');
  await expect(page.getByTestId('import-error')).toContainText('truncated');
  await expect(page.getByTestId('imported')).toContainText('lstm, 3 units'); // nothing else lost
  expect(errors).toEqual([]);
});

test('a stacked nn.RNN (.safetensors, 2 layers): the Elman stack, H·layers exponents, its φ chosen in the side panel', async ({ page }) => {
  const errors = watchErrors(page);
  const h = 6;
  const tensors: Record<string, { shape: number[]; values: number[] }> = {};
  for (let l = 0; l < 2; l++) {
    const inp = l === 0 ? 3 : h;
    const s = 1 / Math.sqrt(h);
    tensors[`rnn.weight_ih_l${l}`] = { shape: [h, inp], values: uniform(h * inp, s, 60 + l) };
    tensors[`rnn.weight_hh_l${l}`] = { shape: [h, h], values: uniform(h * h, 5 * s, 70 + l) };
    tensors[`rnn.bias_ih_l${l}`] = { shape: [h], values: uniform(h, s, 80 + l) };
    tensors[`rnn.bias_hh_l${l}`] = { shape: [h], values: uniform(h, s, 90 + l) };
  }
  await page.goto('/#v=1&model=rnn&k=8&tab=spectrum&ls=2000&lt=200&nk=0');
  await page.getByText('Import a network').click();
  await page.getByLabel('Network file').setInputFiles({ name: 'elman2.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(f32File(tensors)) });
  await expect(page.getByTestId('imported')).toContainText(`elman, ${h} units`);
  await expect(page.getByTestId('import-summary')).toContainText(`Elman RNN (nn.RNN), 2 layers × ${h} units, input size 3`);
  expect(hashParams(page.url()).get('model')).toBe('elman');
  await expect(page.getByTestId('spectrum-status')).toContainText('done', { timeout: 60_000 });
  await expect(page.getByTestId('spectrum-npos')).toContainText(`of ${2 * h}`); // h of each layer
  // the size comparison draws seeded networks: not offered for an imported one
  await expect(page.getByTestId('scan-imported')).toBeVisible();
  await expect(page.getByTestId('scan-start')).toHaveCount(0);
  const lmax = page.getByTestId('spectrum-lmax');
  const tanhL = await lmax.textContent();
  expect(Number.isFinite(num(tanhL))).toBe(true);
  // nonlinearity='relu': the file does not say it, the side panel's φ does
  await page.getByLabel('Activation φ').selectOption('relu');
  await expect.poll(() => hashParams(page.url()).get('act')).toBe('relu');
  const status = page.getByTestId('spectrum-status');
  await expect
    .poll(async () => ((await status.textContent()) ?? '').includes('done') && (await lmax.textContent()) !== tanhL, { timeout: 60_000 })
    .toBe(true);
  await expect(page.getByTestId('imported')).toContainText(`elman, ${h} units`);
  expect(errors).toEqual([]);
});
