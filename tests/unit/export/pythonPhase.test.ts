/**
 * "Copy as Python" of the phase diagram (issue #15): the script rebuilds the
 * map at each listed cell's two parameter values (the seeded draw's
 * z-scores and the app's scaling: g·W, σ_b·z, (g·s)·z …), runs the app's cell
 * (lyapunovJob of phaseCellRequest: lt discarded steps, pls steps, one
 * tangent vector) and prints the app's λ_max bit for bit. The app's values
 * come from phaseCellsJob, the code the phase view's worker runs.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { phaseRequest, phaseSettingsOf } from '../../../src/params/phase';
import { phaseCellsJob } from '../../../src/core/jobs/phaseJob';
import { runToEnd } from '../../../src/core/job';
import { pythonScript, type PythonRequest } from '../../../src/export/python';
import { PYTHON_ELEMENTARY } from '../../../src/export/pythonElementary';
import { numpyMissing } from '../support/numpy';

/** Generous: a slow, loaded machine runs the numpy scripts several times slower than a quiet one. */
const TIMEOUT = 300_000;

type Cell = { x: number; y: number; lambda: number | null };

/** The link's phase map, its cells computed as the phase view's worker does, listed as the view passes them (null: no number). */
function phaseCase(hash: string): { req: PythonRequest; cells: Cell[] } {
  const d = decodeHash(hash);
  expect(d.warnings).toEqual([]);
  const p = d.params;
  const job = phaseRequest(p, null, phaseSettingsOf(p));
  expect(job.lyapunov).not.toBeNull();
  expect(job.lyapunov!.steps).toBe(p.pls);
  expect(job.lyapunov!.transient).toBe(p.lt);
  const nx = job.x.values.length;
  const all = Array.from({ length: nx * job.y.values.length }, (_, c) => c);
  const res = runToEnd(phaseCellsJob(job, all));
  const cells = all.map((c, i) => ({
    x: job.x.values[c % nx],
    y: job.y.values[Math.floor(c / nx)],
    lambda: res.diverged[i] || !Number.isFinite(res.value[i]) ? null : res.value[i],
  }));
  const req: PythonRequest = {
    params: p,
    imported: null,
    panel: 'phase',
    link: `http://localhost/#${encodeHash(d)}`,
    app: { phase: { xParam: job.x.param, yParam: job.y.param, cells } },
    created: '2024-01-01T00:00:00.000Z',
  };
  return { req, cells };
}

/** Run a script; its standard output. */
function runScript(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-py-phase-'));
  const file = path.join(dir, 'phase.py');
  fs.writeFileSync(file, src);
  const r = spawnSync('python3', [file], { encoding: 'utf8', timeout: TIMEOUT - 10_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(r.error, r.stderr).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The cells as the script prints them: the two values, its λ (NaN: no number) and whether it equals the app's. */
function printedCells(out: string): { x: number; y: number; lambda: number; ok: boolean }[] {
  const re = /^ {2}\w+ = (\S+), \w+ = (\S+): (?:lambda|lambda_max) = (\S+) .*\) (identical|DIFFERENT)$/gm;
  return [...out.matchAll(re)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), lambda: m[3] === 'nan' ? NaN : Number(m[3]), ok: m[4] === 'identical' }));
}

/** Every listed cell printed with the app's value (NaN where the app has none), all identical, and the verdict yes. */
function expectAllIdentical(out: string, cells: Cell[]): void {
  const got = printedCells(out);
  expect(got.length, out).toBe(cells.length);
  cells.forEach((c, i) => {
    expect(got[i].x).toBe(c.x);
    expect(got[i].y).toBe(c.y);
    if (c.lambda === null) expect(got[i].lambda, out).toBeNaN();
    else expect(got[i].lambda, out).toBe(c.lambda);
    expect(got[i].ok, out).toBe(true);
  });
  expect(out).toContain(`${cells.length} of ${cells.length} cells identical to the app`);
  expect(out).toMatch(new RegExp(`^identical to the app: yes \\(${cells.length} values, bit for bit\\)$`, 'm'));
}

/** v one unit in the last place away (the lowest bit of its significand flipped). */
function oneUlpOff(v: number): number {
  const f = Float64Array.of(v);
  const u = new BigUint64Array(f.buffer);
  u[0] ^= 1n;
  return f[0];
}

const NET1D = '#model=net1d&act=tanh&k=16&seed=6&px=g&py=sb&px0=0&px1=4&py0=0&py1=2&pn=4&pls=300&lt=100';
const RNN = '#model=rnn&k=16&act=tanh&px=g&py=sb&px0=0.5&px1=4&py0=0&py1=2&pn=4&pls=300&lt=100';
const LOGISTIC = '#model=logistic&px=r&py=x0&px0=3.4&px1=4&py0=0.1&py1=0.9&pn=4&pls=300&lt=100';

describe('python snippet of the phase diagram: the script', () => {
  it('is written with the app’s functions and sums only, and states what it checks (λ_max of the listed cells, steps, transient)', () => {
    for (const hash of [NET1D, RNN, LOGISTIC, '#model=henon&px=a&py=x0&pn=4&pls=300&lt=100']) {
      const p = decodeHash(hash).params;
      const src = pythonScript({ params: p, imported: null, panel: 'phase', link: 'http://localhost/', app: { phase: { xParam: p.px, yParam: p.py, cells: [{ x: 1, y: 0.5, lambda: 0.25 }] } } });
      expect(src).toContain(PYTHON_ELEMENTARY);
      expect(src).toContain('What it computes: lambda_max of the listed cells of the phase diagram');
      expect(src).toContain('a transient of 100 steps (lt)');
      expect(src).toContain('over the next 300 steps (pls');
      expect(src).toContain('PHASE_TRANSIENT, PHASE_STEPS = 100, 300');
      const own = src
        .replace(PYTHON_ELEMENTARY, '')
        .replace(/"""[\s\S]*?"""/g, '')
        .replace(/#.*$/gm, '');
      expect(own).not.toMatch(/\b(np|math)\.(exp|log|log10|tanh|sin|cos|sum|mean|dot|einsum|matmul|inner|prod)\(/);
      expect(own).not.toMatch(/\.(sum|mean|dot)\(| @ |np\.linalg\.qr/);
    }
  });

  it('writes the RNN’s unscaled draw: the bias z-scores for σ_b and W at g = 1', () => {
    const { req } = phaseCase(RNN.replace('pls=300', 'pls=100').replace('pn=4', 'pn=4&sb=0.7'));
    const src = pythonScript(req);
    expect(src).toContain('ZB = np.array([');
    expect(src).toContain('B = sb * ZB');
    expect(src).toContain('G, WG = g, g * W1');
  });
});

describe('python snippet of the phase diagram run with numpy: the cells’ λ_max bit for bit', () => {
  it('numpy is here (nothing is skipped)', () => {
    expect(numpyMissing()).toBeNull();
  });

  it(
    '(a) a 1-D tanh network over g × σ_b: every cell identical (g = 0: f′ = 0, no number in both)',
    () => {
      const { req, cells } = phaseCase(NET1D);
      expect(cells.length).toBe(16);
      expect(cells.some((c) => c.lambda !== null && c.lambda > 0.1)).toBe(true); // chaotic cells
      expect(cells.some((c) => c.lambda !== null && c.lambda < 0)).toBe(true); // periodic ones
      expect(cells.filter((c) => c.lambda === null).length).toBe(4); // g = 0: superstable
      const out = runScript(pythonScript(req));
      expectAllIdentical(out, cells);
    },
    TIMEOUT,
  );

  it(
    '(b) a 16-unit tanh RNN over g × σ_b: every cell identical (the biases rebuilt as σ_b·z)',
    () => {
      const { req, cells } = phaseCase(RNN);
      expect(cells.length).toBe(16);
      expect(cells.every((c) => c.lambda !== null)).toBe(true);
      expect(cells.some((c) => c.lambda! > 0.05)).toBe(true);
      expect(cells.some((c) => c.lambda! < 0)).toBe(true);
      // σ_b changes the numbers at a fixed g: the rebuilt biases are exercised
      const atTop = cells.filter((c) => c.x === 4).map((c) => c.lambda);
      expect(new Set(atTop).size).toBe(4);
      const out = runScript(pythonScript(req));
      expectAllIdentical(out, cells);
    },
    TIMEOUT,
  );

  it(
    '(c) the logistic map over r × x0: every cell identical',
    () => {
      const { req, cells } = phaseCase(LOGISTIC);
      expect(cells.length).toBe(16);
      expect(cells.some((c) => c.lambda !== null && c.lambda > 0.3)).toBe(true);
      const out = runScript(pythonScript(req));
      expectAllIdentical(out, cells);
    },
    TIMEOUT,
  );

  it(
    'the Hénon map over a × its start x0, and a ReLU RNN whose orbit diverges in some cells: identical',
    () => {
      const henon = phaseCase('#model=henon&px=a&py=x0&px0=1&px1=1.4&py0=-0.5&py1=0.5&pn=4&pls=300&lt=100');
      expectAllIdentical(runScript(pythonScript(henon.req)), henon.cells);
      const relu = phaseCase('#model=rnn&k=8&act=relu&px=g&py=sb&px0=0.5&px1=3&py0=0&py1=1&pn=4&pls=300&lt=100');
      expect(relu.cells.some((c) => c.lambda === null)).toBe(true);
      expectAllIdentical(runScript(pythonScript(relu.req)), relu.cells);
    },
    TIMEOUT,
  );

  it(
    'one cell one ulp off: the script finds it and says "identical to the app: no"',
    () => {
      for (const hash of [RNN, NET1D]) {
        const { req, cells } = phaseCase(hash);
        const i = cells.findIndex((c) => c.lambda !== null && c.lambda > 0);
        const altered = cells.map((c, j) => (j === i ? { ...c, lambda: oneUlpOff(c.lambda!) } : c));
        expect(altered[i].lambda).not.toBe(cells[i].lambda);
        expect(Math.abs(altered[i].lambda! - cells[i].lambda!)).toBeLessThan(1e-15);
        const out = runScript(pythonScript({ ...req, app: { phase: { ...req.app!.phase!, cells: altered } } }));
        const got = printedCells(out);
        expect(got[i].ok, out).toBe(false);
        expect(got[i].lambda).toBe(cells[i].lambda); // the script's number is the app's true one
        expect(got.filter((c) => !c.ok).length).toBe(1);
        expect(out).toMatch(/^identical to the app: no \(1 of 16 values differ; first: /m);
        expect(out).not.toMatch(/^identical to the app: yes/m);
      }
    },
    TIMEOUT,
  );

  it(
    'a map of another quantity (kind, p3): no cells passed, the script runs and says it checks λ_max of listed cells only',
    () => {
      for (const hash of ['#model=net1d&pq=kind&pn=4&pls=300&lt=100', '#model=net1d&pq=p3&pn=4&pls=300&lt=100']) {
        const d = decodeHash(hash);
        const src = pythonScript({ params: d.params, imported: null, panel: 'phase', link: 'http://localhost/', app: { phase: { xParam: d.params.px, yParam: d.params.py, cells: [] } } });
        expect(src).toContain('the script checks the lambda_max of listed cells only');
        const out = runScript(src);
        expect(out).toContain(`(pq = ${d.params.pq}): the script checks the lambda_max of listed cells only, and the app listed none`);
        expect(out).toContain('identical to the app: (no value of the app in this script to compare)');
      }
    },
    TIMEOUT,
  );
});
