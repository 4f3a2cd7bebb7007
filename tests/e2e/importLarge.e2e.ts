/**
 * A 50 MB weight file (issue #14): a GRU with 512 units and 8 192 inputs in
 * F32 (weight_ih_l0 alone is 1 536 × 8 192 numbers) imports without freezing
 * the tab — the file is read and checked in a worker while the page keeps
 * painting, with its progress shown — and comes back from this browser's
 * storage after a reload (the link carries only its hash and name).
 */
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashParams, watchErrors } from './helpers';
import { safetensorsBytes } from '../unit/import/safetensorsWriter';

const H = 512;
const I = 8192;

/** F32 little-endian bytes of `count` uniform numbers in (−s, s) from a fixed LCG. */
function f32Uniform(count: number, s: number, seed: number): Uint8Array {
  const a = new Float32Array(count);
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    a[i] = s * (2 * (x / 2 ** 32) - 1);
  }
  return new Uint8Array(a.buffer);
}

test('a 50 MB .safetensors GRU (512 units, 8 192 inputs) imports with progress while the page keeps painting, and survives a reload', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const s = 1 / Math.sqrt(H);
  const bytes = safetensorsBytes([
    { name: 'rnn.weight_ih_l0', dtype: 'F32', shape: [3 * H, I], bytes: f32Uniform(3 * H * I, s, 1) },
    { name: 'rnn.weight_hh_l0', dtype: 'F32', shape: [3 * H, H], bytes: f32Uniform(3 * H * H, s, 2) },
    { name: 'rnn.bias_ih_l0', dtype: 'F32', shape: [3 * H], bytes: f32Uniform(3 * H, s, 3) },
    { name: 'rnn.bias_hh_l0', dtype: 'F32', shape: [3 * H], bytes: f32Uniform(3 * H, s, 4) },
  ]);
  expect(bytes.length).toBeGreaterThan(50e6);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcl-large-'));
  const file = path.join(dir, 'big.safetensors');
  fs.writeFileSync(file, bytes);

  // Periodic & Li–Yorke (a 1-D view): nothing there computes with the imported vector network, so the page's only work is the import
  await page.goto('/#v=1&tab=periodic&k=2');
  await page.getByText('Import a network').click();
  // every animation frame's time, and whether the reading progress was shown
  await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __sawProgress: boolean };
    w.__gaps = [];
    w.__sawProgress = false;
    let last = performance.now();
    const frame = (t: number) => {
      w.__gaps.push(t - last);
      last = t;
      if (document.querySelector('progress[aria-label="Reading the weight file"]')) w.__sawProgress = true;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.getByLabel('Network file').setInputFiles(file);
  await expect(page.getByTestId('imported')).toContainText(`gru, ${H} units`, { timeout: 180_000 });
  await expect(page.getByTestId('import-summary')).toContainText(`GRU, ${H} units, input size ${I}`);
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __sawProgress: boolean };
    return { frames: w.__gaps.length, longest: Math.max(...w.__gaps), sawProgress: w.__sawProgress };
  });
  expect(seen.sawProgress).toBe(true);
  // the page painted all along: no frame waited seconds (parsing 50 MB on the main thread would hold it for that long)
  expect(seen.frames).toBeGreaterThan(10);
  expect(seen.longest).toBeLessThan(3000);
  const link = hashParams(page.url());
  expect(link.get('model')).toBe('gru');
  expect(link.get('wn')).toBe('big.safetensors');
  expect(link.get('wh')).toMatch(/^[0-9a-f]{14}$/);
  expect(link.get('wd')).toBeNull();

  // kept on this device once written (a reload before that would find nothing): then a reload brings the 50 MB back
  await expect(page.getByTestId('import-stored')).toHaveAttribute('data-stored', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('import-stored')).toContainText('Kept on this device');
  await page.reload();
  await expect(page.getByTestId('imported')).toContainText(`gru, ${H} units`, { timeout: 120_000 });
  await expect(page.getByTestId('missing-weights')).toHaveCount(0);
  expect(errors).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});
