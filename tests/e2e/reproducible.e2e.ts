/**
 * Same link, same numbers (issue #12): the browser and the CLI compute the
 * same bits. For each link the app's own export (the panel's CSV) and the
 * CLI's CSV for the same link are read back as doubles (both write the
 * shortest round-trip decimal, so parsing gives the exact doubles), and a
 * SHA-256 of the little-endian float64 bits of every numeric field, row by
 * row, must be the same. A mismatch names the first row that differs.
 *
 * The cases: a 10 000-step orbit of a chaotic tanh 1-D network, the full
 * spectrum of a 64-unit tanh RNN, a gradient-meter curve, 200 training steps,
 * and a PLRNN (ReLU) spectrum.
 */
import { test, expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { cliAsync, exportItem, waitForPanels, watchErrors } from './helpers';

/** A numeric CSV read back: the header, and the rows with an empty field as null. */
interface Table {
  columns: string[];
  rows: (number | null)[][];
}

/**
 * Parse a CSV of numbers (no quoted fields: these tables hold only numbers and their header).
 * Strict: every field is empty or the shortest round-trip decimal of a double; otherwise
 * (one-row summaries with words and flags) a field that is not a number reads as null.
 */
function numericTable(csv: string, what: string, strict = true): Table {
  const lines = csv.replace(/\n$/, '').split('\n');
  const columns = lines[0].split(',');
  const rows = lines.slice(1).map((line, i) =>
    line.split(',').map((f, j) => {
      if (f === '') return null;
      const v = Number(f);
      if (Number.isFinite(v) && String(v) === f) return v;
      if (strict) throw new Error(`${what}: row ${i + 1}, column ${columns[j]}: “${f}” is not a shortest round-trip number`);
      return null;
    }),
  );
  for (const [i, r] of rows.entries()) if (r.length !== columns.length) throw new Error(`${what}: row ${i + 1} has ${r.length} fields, the header ${columns.length}`);
  return { columns, rows };
}

/** The little-endian float64 bits of a row (a missing value as NaN, whose bits V8 writes canonically). */
function rowBits(row: (number | null)[]): Buffer {
  const b = Buffer.alloc(8 * row.length);
  row.forEach((v, j) => b.writeDoubleLE(v ?? NaN, 8 * j));
  return b;
}

/** SHA-256 over the float64 bits of every field, in row order. */
function digest(t: Table): string {
  const h = createHash('sha256');
  for (const r of t.rows) h.update(rowBits(r));
  return h.digest('hex');
}

const hex = (v: number | null) => (v === null ? 'empty' : `${v} (0x${rowBits([v]).readBigUInt64LE().toString(16).padStart(16, '0')})`);

/** Where two tables first differ, in words: the row, the column, both values with their bits, and how many rows differ. */
function firstDifference(app: Table, ref: Table): string {
  if (app.columns.join() !== ref.columns.join()) return `columns differ: app ${app.columns.join()} vs CLI ${ref.columns.join()}`;
  let first = -1;
  let count = 0;
  const n = Math.min(app.rows.length, ref.rows.length);
  for (let i = 0; i < n; i++) {
    if (!rowBits(app.rows[i]).equals(rowBits(ref.rows[i]))) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return app.rows.length === ref.rows.length ? 'no difference' : `app has ${app.rows.length} rows, CLI ${ref.rows.length}`;
  const a = app.rows[first];
  const b = ref.rows[first];
  const j = a.findIndex((v, c) => !rowBits([v]).equals(rowBits([b[c]])));
  return (
    `first differing row: ${app.columns[0]} = ${a[0] ?? ''} (data row ${first + 1} of ${n}; ${count} rows differ), column ${app.columns[j]}: app ${hex(a[j])} vs CLI ${hex(b[j])}\n` +
    `  app row: ${a.map((v) => v ?? '').join(',')}\n  CLI row: ${b.map((v) => v ?? '').join(',')}`
  );
}

/** The digests of the app's and the CLI's tables are equal (columns and row count first, so the message says what differs). */
function expectSameBits(what: string, app: Table, ref: Table): void {
  expect(app.columns, `${what}: the app's columns are the CLI's`).toEqual(ref.columns);
  expect(app.rows.length, `${what}: the app's rows are the CLI's`).toBe(ref.rows.length);
  const a = digest(app);
  const b = digest(ref);
  expect(a, `${what}: SHA-256 of the float64 bits, app vs CLI — ${a === b ? 'equal' : firstDifference(app, ref)}`).toBe(b);
}

/** A column of a table as numbers. */
function column(t: Table, name: string): (number | null)[] {
  const j = t.columns.indexOf(name);
  expect(j, `column ${name} in ${t.columns.join()}`).toBeGreaterThanOrEqual(0);
  return t.rows.map((r) => r[j]);
}

/** The value of a one-row summary table by column name. */
function field(t: Table, name: string): number | null {
  return column(t, name)[0];
}

/** Every value of these columns is a finite number. */
function expectFinite(t: Table, what: string, names: string[]): void {
  for (const name of names) {
    const bad = column(t, name).findIndex((v) => v === null || !Number.isFinite(v));
    expect(bad, `${what}: ${name} is finite in every row (first bad row ${bad + 1})`).toBe(-1);
  }
}

/** The CLI's CSV for a link, started now (it runs while the page computes). */
function cliTable(quantity: string, link: string, what: string, strict = true): Promise<Table> {
  const run = cliAsync([quantity, '--url', `#${link}`, '--format', 'csv']).then((csv) => numericTable(csv, `CLI ${what}`, strict));
  // a failure is reported where the test awaits it, not as an unhandled rejection before that
  run.catch(() => undefined);
  return run;
}

/** One table of a panel's export menu (CSV: <table>). */
async function appTable(page: Page, panel: string, table: string, strict = true): Promise<Table> {
  const saved = await exportItem(page, panel, `csv:${table}`);
  return numericTable(saved.data.toString('utf8'), `app ${panel} ${table}`, strict);
}

/** Wait until the spectrum view has finished (every stage), pressing Start if the cost model holds the link back. */
async function spectrumDone(page: Page): Promise<void> {
  const status = page.getByTestId('spectrum-status');
  const start = page.locator('[data-testid="cost-gate"][data-lane="spectrum"] [data-testid="cost-start"]');
  await expect
    .poll(
      async () => {
        if (await start.isVisible()) await start.click();
        return (await status.textContent()) ?? '';
      },
      { message: 'the spectrum finishes', timeout: 600_000 },
    )
    .toMatch(/^done in /);
}

const ORBIT_STEPS = 10_000;
/** The README's chaotic 1-D network (tanh, g = 2.7, seed 6), its orbit T = 10 000 steps long. */
const NET1D = `v=1&model=net1d&act=tanh&g=2.7&k=16&init=he&sb=1&out=identity&seed=6&x0=0.1&T=${ORBIT_STEPS}`;
/** A chaotic 64-unit tanh RNN, all 64 exponents (nk = 0), ls = auto: the stages stop at step counts, the same in both. */
const RNN64 = 'v=1&model=rnn&k=64&act=tanh&g=2&nk=0&tab=spectrum';
/** The gradient meter on the same network: 300 horizons, 20 windows (within the app's arithmetic budget, so measured in full). */
const GRADIENTS = 'v=1&model=rnn&k=64&act=tanh&g=2&gh=300&gwn=20&tau=0&alpha=0&tab=gradients';
const TRAIN_STEPS = 200;
/** Paper A's lab: a PLRNN (M = 15) on Lorenz-63 with sparse teacher forcing, 200 steps (tep). */
const TRAINING = `v=1&tab=training&td=lorenz&tmod=plrnn&tM=15&tmeth=stf&ttau=15&tT=200&tlr=0.003&tep=${TRAIN_STEPS}&tms=paper&seed=6`;
/** The same with a tanh RNN as the trained model (tanh and 1 − tanh² in every forward and backward step). */
const TRAINING_TANH = TRAINING.replace('tmod=plrnn', 'tmod=rnn');
/** A PLRNN (ReLU, M = 16, g = 2): piecewise linear, the same bits today; a fixed ls keeps it short. */
const PLRNN = 'v=1&model=plrnn&k=16&g=2&nk=0&ls=200000&tab=spectrum';

test.describe('same link, same numbers: browser and CLI digests', () => {
  test('a 10 000-step orbit of a chaotic tanh 1-D network', async ({ page }) => {
    test.setTimeout(300_000);
    const errors = watchErrors(page);
    const ref = cliTable('orbit', NET1D, 'orbit');
    const refLambda = cliTable('lyapunov', NET1D, 'lambda', false);
    await page.goto(`/#${NET1D}`);
    await waitForPanels(page);
    const app = await appTable(page, 'cobweb', 'orbit');
    expect(app.columns).toEqual(['t', 'x']);
    expect(app.rows, 'x₀ … x_T').toHaveLength(ORBIT_STEPS + 1);
    expect(column(app, 't')[ORBIT_STEPS]).toBe(ORBIT_STEPS);
    expectFinite(app, 'orbit', ['x']);
    // not a cycle: the orbit visits thousands of different states
    expect(new Set(column(app, 'x')).size).toBeGreaterThan(ORBIT_STEPS / 2);
    // chaotic: λ > 0 in the app and in the CLI
    const lambda = await appTable(page, 'readouts', 'lambda', false);
    expect(field(lambda, 'lambda')).toBeGreaterThan(0.1);
    expect(field(await refLambda, 'lambda')).toBeGreaterThan(0.1);
    expectSameBits('net1d orbit', app, await ref);
    expect(errors).toEqual([]);
  });

  test('the full Lyapunov spectrum of a 64-unit tanh RNN', async ({ page }) => {
    test.setTimeout(900_000);
    const errors = watchErrors(page);
    const ref = cliTable('lyapunov', RNN64, 'spectrum');
    await page.goto(`/#${RNN64}`);
    await spectrumDone(page);
    const app = await appTable(page, 'spectrum', 'spectrum');
    const summary = await appTable(page, 'spectrum', 'summary', false);
    expect(field(summary, 'n')).toBe(64);
    expect(field(summary, 'k'), 'the full stage: all 64 exponents').toBe(64);
    expect(app.columns).toEqual(['i', 'lambda', 'stderr']);
    expect(app.rows).toHaveLength(64);
    expectFinite(app, 'spectrum', ['lambda', 'stderr']);
    const l = column(app, 'lambda') as number[];
    expect(l[0], 'chaotic: λ₁ > 0').toBeGreaterThan(0.05);
    expect(l[63], 'dissipative: λ₆₄ < 0').toBeLessThan(0);
    expect(l.every((v, i) => i === 0 || v <= l[i - 1]), 'decreasing').toBe(true);
    expectSameBits('rnn k=64 spectrum', app, await ref);
    expect(errors).toEqual([]);
  });

  test('a gradient-meter curve', async ({ page }) => {
    test.setTimeout(600_000);
    const errors = watchErrors(page);
    const ref = cliTable('gradients', GRADIENTS, 'gradients');
    await page.goto(`/#${GRADIENTS}`);
    const status = page.getByTestId('gradients-status');
    // done, not a draft, every window measured (none cut by the app's arithmetic budget)
    await expect(status).toHaveText(/^20 of 20 windows × 300 steps, /, { timeout: 300_000 });
    const summary = await appTable(page, 'gradmeter', 'summary', false);
    expect(field(summary, 'windows'), 'every window measured (none cut by the budget)').toBe(20);
    expect(field(summary, 'horizon')).toBe(300);
    const app = await appTable(page, 'gradmeter', 'meter');
    expect(app.columns).toEqual(['horizon', 'logNorm', 'bandLo', 'bandHi', 'free']);
    expect(app.rows).toHaveLength(300);
    expectFinite(app, 'meter', ['logNorm', 'bandLo', 'bandHi', 'free']);
    // the chaotic network's products grow: slope ≈ λ_max > 0
    expect(field(summary, 'slope')).toBeGreaterThan(0.05);
    expectSameBits('gradient meter', app, await ref);
    expect(errors).toEqual([]);
  });

  for (const [name, link] of [
    ['a PLRNN', TRAINING],
    ['a tanh RNN', TRAINING_TANH],
  ] as const) {
    test(`200 training steps of ${name} on Lorenz-63`, async ({ page }) => {
      test.setTimeout(600_000);
      const errors = watchErrors(page);
      const ref = cliTable('train', link, 'train');
      await page.goto(`/#${link}`);
      const status = page.getByTestId('train-status');
      await expect(status).toHaveAttribute('data-state', 'idle', { timeout: 60_000 });
      await page.getByTestId('train-start').click();
      await expect(status).toHaveAttribute('data-state', 'done', { timeout: 540_000 });
      await expect(status).toContainText(`Done: ${TRAIN_STEPS} steps`);
      // the app's two tables (steps; evaluations) in the CLI's layout: step 0 is the evaluation before training
      const steps = await appTable(page, 'training', 'steps');
      const evals = await appTable(page, 'training', 'evaluations');
      expect(steps.columns).toEqual(['step', 'loss', 'gradNorm']);
      expect(evals.columns).toEqual(['step', 'dStsp', 'dH', 'lambdaMax']);
      expect(steps.rows).toHaveLength(TRAIN_STEPS);
      const byStep = new Map(evals.rows.map((r) => [r[0], r.slice(1)]));
      const app: Table = { columns: ['step', 'loss', 'gradNorm', 'dStsp', 'dH', 'lambdaMax'], rows: [] };
      if (byStep.has(0)) app.rows.push([0, null, null, ...byStep.get(0)!]);
      for (const r of steps.rows) app.rows.push([...r, ...(byStep.get(r[0]) ?? [null, null, null])]);
      expect(app.rows).toHaveLength(TRAIN_STEPS + 1);
      expectFinite(steps, 'training steps', ['loss', 'gradNorm']);
      expectFinite(evals, 'evaluations', ['dStsp', 'dH', 'lambdaMax']);
      // evaluated at 0, every 25 steps and at the end; the loss came down
      expect(column(evals, 'step')).toEqual([0, 25, 50, 75, 100, 125, 150, 175, 200]);
      const loss = column(steps, 'loss') as number[];
      expect(loss[TRAIN_STEPS - 1]).toBeLessThan(0.5 * loss[0]);
      expectSameBits(`training ${name}`, app, await ref);
      expect(errors).toEqual([]);
    });
  }

  test('a PLRNN (ReLU) spectrum, bit-identical already', async ({ page }) => {
    test.setTimeout(600_000);
    const errors = watchErrors(page);
    const ref = cliTable('lyapunov', PLRNN, 'spectrum');
    await page.goto(`/#${PLRNN}`);
    await spectrumDone(page);
    const app = await appTable(page, 'spectrum', 'spectrum');
    const summary = await appTable(page, 'spectrum', 'summary', false);
    expect(field(summary, 'k')).toBe(16);
    expect(field(summary, 'steps')).toBe(200_000);
    expect(app.rows).toHaveLength(16);
    expectFinite(app, 'spectrum', ['lambda', 'stderr']);
    expect(column(app, 'lambda')[0], 'chaotic: λ₁ > 0').toBeGreaterThan(0);
    expectSameBits('plrnn spectrum', app, await ref);
    expect(errors).toEqual([]);
  });
});
