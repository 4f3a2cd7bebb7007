/**
 * "Copy as Python": the generated numpy script, run with python3, prints the
 * app's numbers (computed here by the same core code as the workers: the
 * panels' jobs) bit for bit — λ of every kind of 1-D map, the orbit diagram's
 * columns, λ_max and the Lyapunov spectra of the vector maps, with the runs'
 * stopping rule of ls = auto — and says "identical to the app: yes". Only
 * the eigenvalue panel keeps a tolerance (LAPACK against core/vector/eigen.ts).
 * Skipped, with the reason printed, where python3 or numpy is missing
 * (nothing is installed by the test).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { docstringSafe, pythonScript, pyNumber, type PythonRequest } from '../../../src/export/python';
import { PYTHON_ELEMENTARY } from '../../../src/export/pythonElementary';
import { drawNet1d, net1dZScores } from '../../../src/core/models';
import { columnSetup, columnValues, runColumn, type SweepBase } from '../../../src/core/map1d/bifurcation';
import { computeEigenView } from '../../../src/core/vector/eigen';
import { computePanel1d } from '../../../src/core/jobs/panel1d';
import { computeVectorPanel } from '../../../src/core/jobs/panelND';
import { spectrumJob, type SpectrumJobResult } from '../../../src/core/jobs/spectrumJob';
import { runToEnd } from '../../../src/core/job';
import { Rng } from '../../../src/core/linalg/rng';
import { eigenRequest, modelParams, panel1dRequest, spectrumRequest, vectorPanelRequest } from '../../../src/params/requests';
import type { PanelId } from '../../../src/params/spec';
import { numpyMissing } from '../support/numpy';


const missing = numpyMissing();
if (missing) console.log(`python.test.ts: running the generated scripts is skipped: ${missing}`);

/** Generous: a slow, loaded machine runs the numpy scripts several times slower than a quiet one. */
const TIMEOUT = 300_000;

function request(hash: string, panel: PanelId, app: PythonRequest['app']): PythonRequest {
  const d = decodeHash(hash);
  return { params: d.params, imported: null, panel, link: `http://localhost/#${encodeHash(d)}`, app, created: '2024-01-01T00:00:00.000Z' };
}

/** Run a script; its standard output. */
function runScript(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-py-'));
  const file = path.join(dir, 'panel.py');
  fs.writeFileSync(file, src);
  const r = spawnSync('python3', [file], { encoding: 'utf8', timeout: TIMEOUT - 10_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(r.error, r.stderr).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The value printed as `name = value` (Python's repr: every digit, read back as the same double). */
function printed(out: string, name: string): number {
  const m = new RegExp(`^${name} = (\\S+)$`, 'm').exec(out);
  expect(m, out).not.toBeNull();
  return Number(m![1]);
}

/** The steps the script averaged for `name`. */
function stepsOf(out: string, name: string): number {
  const m = new RegExp(`^${name} = \\S+\\n  (\\d+) steps averaged`, 'm').exec(out);
  expect(m, out).not.toBeNull();
  return Number(m![1]);
}

/** The spectrum printed on the line after its header. */
function printedSpectrum(out: string): number[] {
  const m = /^spectrum \(top \d+ of \d+\), \d+ steps averaged:\n {2}(.*)$/m.exec(out);
  expect(m, out).not.toBeNull();
  return m![1].split(' ').map(Number);
}

function expectIdentical(out: string): void {
  expect(out).toMatch(/^identical to the app: yes \(\d+ values, bit for bit\)$/m);
}

/** What the 1-D panels show (jobs/panel1d.ts, as the worker runs it). */
function panel1d(hash: string) {
  const p = decodeHash(hash).params;
  return computePanel1d(panel1dRequest(p, null, false));
}

/** The spectrum panel's job (jobs/spectrumJob.ts) and what the panel passes to the script (SpectrumView.tsx). */
function spectrumPanel(hash: string): { res: SpectrumJobResult; app: NonNullable<PythonRequest['app']> } {
  const p = decodeHash(hash).params;
  const res = runToEnd(spectrumJob(spectrumRequest(p, null, false), { now: () => 0 }));
  const best = res.full ?? res.top ?? res.lambdaMax!;
  return { res, app: { lambdaMax: res.lambdaMax!.lambdas[0], spectrum: best.lambdas, steps: best.steps } };
}

describe('python snippet: pure parts', () => {
  it('writes floats that read back as the same double', () => {
    for (const v of [0.1, -0.30000000000000004, 1e-300, 5e-324, 2 ** 60, -0, Math.PI]) expect(Number(pyNumber(v))).toBe(v);
    expect(pyNumber(-0)).toBe('-0.0');
    expect(pyNumber(NaN)).toBe("float('nan')");
  });

  it('rebuilds the seeded 1-D network bit for bit from the embedded z-scores, (g·s)·z', () => {
    for (const init of ['he', 'xavier', 'lecun', 'normal', 'torch'] as const) {
      const z = net1dZScores(init, 16, 6);
      const net = drawNet1d(init, 16, 6, 2.7, 0.37);
      for (let i = 0; i < 16; i++) {
        expect((2.7 * z.s1) * z.zw[i]).toBe(net.w[i]);
        expect((0.37 * z.s1) * z.zb[i]).toBe(net.b[i]);
        expect((2.7 * z.s2) * z.za[i]).toBe(net.a[i]);
      }
      expect((0.37 * z.s2) * z.zc).toBe(net.c);
    }
  });

  it('states the link, the app value and the bit-for-bit rule', () => {
    const src = pythonScript(request('#model=logistic&r=4', 'readouts', { lambda: 0.69 }));
    expect(src).toContain('import numpy as np');
    expect(src).toContain('Link:    http://localhost/#v=1&model=logistic');
    expect(src).toContain('APP_LAMBDA = 0.69');
    expect(src).toContain('identical to the app: yes');
    expect(src).not.toContain('standard errors"');
    expect(src).not.toMatch(/within 6|6 standard errors|tolerance\(/);
  });

  it('computes with the app’s functions and sums only: no numpy transcendental, sum, mean, dot or BLAS product', () => {
    const scripts = [
      pythonScript(request('#model=net1d&act=sigmoid&out=act', 'readouts', {})),
      pythonScript(request('#model=net1d&act=sin&bp=g', 'diagram', { diagram: { values: [1, 2], lambda: [0, 0] } })),
      pythonScript(request('#model=neuron&act=tanh', 'cobweb', {})),
      pythonScript(request('#model=rnn&k=8&inp=sine', 'spectrum', {})),
      pythonScript(request('#model=plrnn&k=8', 'spectrum', {})),
      pythonScript(request('#model=henon', 'spectrum', {})),
    ];
    for (const src of scripts) {
      expect(src).toContain(PYTHON_ELEMENTARY);
      // the script's own code: without the elementary functions, docstrings and comments
      const own = src
        .replace(PYTHON_ELEMENTARY, '')
        .replace(/"""[\s\S]*?"""/g, '')
        .replace(/#.*$/gm, '');
      expect(own).not.toMatch(/\b(np|math)\.(exp|log|log10|tanh|sin|cos|sum|mean|dot|einsum|matmul|inner|prod)\(/);
      expect(own).not.toMatch(/\.(sum|mean|dot)\(| @ |np\.linalg\.qr/);
    }
  });
});

describe.skipIf(missing !== null)('python snippet run with numpy: the app’s numbers bit for bit', () => {
  it(
    'a chaotic tanh network prints the app’s λ to all digits',
    () => {
      const hash = '#v=1&model=net1d&act=tanh&g=2.7&k=16&init=he&sb=1&out=identity&seed=6&x0=0.1&ls=10000';
      const res = panel1d(hash);
      const a = res.analysis;
      expect(a.lambda).toBeGreaterThan(0.3); // chaotic: λ ≈ 0.4
      expect(a.steps).toBe(10000);
      const out = runScript(pythonScript(request(hash, 'readouts', { lambda: a.lambda, steps: a.steps })));
      expect(printed(out, 'lambda')).toBe(a.lambda);
      expect(stepsOf(out, 'lambda')).toBe(10000);
      expect(out).toContain(`  app: ${a.lambda}: identical`);
      expectIdentical(out);
      // the orbit of the cobweb too, to the bit
      const xs = /^ {2}x_0 \.\.\. x_9 = (.*)$/m.exec(out)![1].split(' ').map(Number);
      expect(xs).toEqual(Array.from(res.orbit.subarray(0, 10)));
      expect(xs[0]).toBe(0.1);
    },
    TIMEOUT,
  );

  it(
    'ls = auto: without the app’s step count the script runs the app’s stopping rule (batch means below tol) to the same step and bits',
    () => {
      const hash = '#model=logistic&r=3.9&ls=auto&tol=0.002';
      const a = panel1d(hash).analysis;
      expect(a.stopped).toBe('tol');
      expect(a.stderr).toBeLessThan(0.002);
      const out = runScript(pythonScript(request(hash, 'readouts', { lambda: a.lambda })));
      expect(stepsOf(out, 'lambda')).toBe(a.steps);
      expect(printed(out, 'lambda')).toBe(a.lambda);
      expect(Number(/^ {2}\d+ steps averaged, standard error (\S+) /m.exec(out)![1])).toBe(a.stderr);
      expectIdentical(out);
      // with the app's steps: a fixed run of that length, the same bits
      const src = pythonScript(request(hash, 'cobweb', { lambda: a.lambda, steps: a.steps }));
      expect(src).toContain(`STEPS = ${a.steps} `);
      expect(printed(runScript(src), 'lambda')).toBe(a.lambda);
    },
    TIMEOUT,
  );

  // chaotic orbits, periodic ones, fixed points and superstable ones (f' = 0: the floored log)
  const oneD = [
    '#model=logistic&r=4&ls=4000',
    '#model=tent&mu=1.9&x0=0.2&ls=4000',
    '#model=net1d&act=sigmoid&g=6&k=16&sb=1&seed=2&ls=3000',
    '#model=net1d&act=sin&g=2&k=16&seed=3&ls=3000',
    '#model=net1d&act=htanh&g=3&k=16&seed=6&ls=3000',
    '#model=net1d&act=htanh&g=2.7&k=16&seed=6&ls=3000',
    '#model=net1d&act=tanh&out=act&g=4&k=8&seed=5&ls=3000',
    '#model=net1d&act=relu&g=0.8&k=16&seed=6&ls=3000',
    '#model=net1d&act=relu&out=clip&g=3&k=16&seed=6&ls=3000',
    '#model=net1d&act=relu&out=clip&g=0.8&k=16&seed=4&ls=3000',
    '#model=net1d&act=relu&out=act&g=0.5&k=8&seed=6&ls=3000',
    '#model=net1d&act=sigmoid&out=act&g=4&k=8&seed=7&ls=3000',
    '#model=net1d&act=linear&out=clip&g=1.5&k=4&seed=2&ls=3000',
    '#model=net1d&act=sin&out=clip&g=0.5&k=8&seed=2&ls=3000',
    '#model=net1d&act=htanh&out=act&g=0.5&k=8&seed=2&ls=3000',
    '#model=neuron&act=sin&g=3&w=1&b=0.5&ls=3000',
    '#model=neuron&act=tanh&g=1&w=1&b=0&ls=3000',
    '#model=neuron&act=sigmoid&g=2&w=1&b=-0.4&ls=3000',
  ];
  it.each(oneD)(
    'every 1-D map, activation and output: λ identical (%s)',
    (hash) => {
      const a = panel1d(hash).analysis;
      expect(a.diverged).toBe(false);
      const out = runScript(pythonScript(request(hash, 'cobweb', { lambda: a.lambda, steps: a.steps })));
      expect(printed(out, 'lambda'), out).toBe(a.lambda);
      expectIdentical(out);
    },
    TIMEOUT,
  );

  it(
    'an orbit that diverges: the script says so, as the app does (a 1-D ReLU network, a ReLU RNN)',
    () => {
      const hash1 = '#model=net1d&act=relu&out=act&g=2&k=8&seed=1&sb=0.5&ls=3000';
      const a = panel1d(hash1).analysis;
      expect(a.diverged).toBe(true);
      let out = runScript(pythonScript(request(hash1, 'readouts', { lambda: a.lambda, steps: a.steps })));
      expect(out).toContain('lambda: the orbit diverged');
      const hash2 = '#model=rnn&k=16&g=2&act=relu&ls=500';
      const lambdaMax = computeVectorPanel(vectorPanelRequest(decodeHash(hash2).params, null, false)).lambda;
      expect(Number.isNaN(lambdaMax)).toBe(true);
      out = runScript(pythonScript(request(hash2, 'readouts', { lambdaMax })));
      expect(out).toContain('the orbit diverged (a coordinate beyond 1e6): no exponents');
    },
    TIMEOUT,
  );

  /** The app's λ per diagram column (the code the diagram job runs) and the script's check of 24 of them. */
  function diagramCase(hash: string, cols: number): void {
    const p = decodeHash(hash).params;
    const values = columnValues(p.bx0, p.bx1, cols, 'centers');
    const params = { ...modelParams(p), x0: p.x0 };
    (params as unknown as Record<string, number>)[p.bp] = 0; // as diagramJob: the swept value comes from the column
    const base: SweepBase = { params, imported: null, param: p.bp, transient: p.bt, keep: p.bn };
    const pts = new Float64Array(p.bn);
    const lambda = Array.from(values, (v) => {
      const { map, x0 } = columnSetup(base, v);
      const r = runColumn(map, x0, p.bt, p.bn, pts, 0);
      return r.diverged ? NaN : r.lambda;
    });
    const out = runScript(pythonScript(request(hash, 'diagram', { lambda: panel1d(hash).analysis.lambda, diagram: { values, lambda } })));
    expect(out, out).toContain('24 of 24 columns identical to the app');
    expectIdentical(out);
  }

  it('the orbit diagram of the logistic map: λ of every checked column identical', () => diagramCase('#model=logistic&bt=500&bn=400&ls=3000', 96), TIMEOUT);

  it(
    'the orbit diagram of a tanh network over g, and of a neuron over its bias: identical',
    () => {
      diagramCase('#model=net1d&act=tanh&k=16&seed=6&bp=g&bx0=0.5&bx1=4&bt=300&bn=200&ls=2000', 60);
      diagramCase('#model=neuron&act=sin&g=3&w=1&bp=b&bx0=-1&bx1=1&bt=300&bn=200&ls=2000', 40);
    },
    TIMEOUT,
  );

  it(
    'a 64-unit tanh RNN: λ_max of the Explore panel to all digits',
    () => {
      const hash = '#model=rnn&k=64&g=2&act=tanh';
      const p = decodeHash(hash).params;
      const lambdaMax = computeVectorPanel(vectorPanelRequest(p, null, false)).lambda;
      expect(lambdaMax).toBeGreaterThan(0.05); // chaotic
      const out = runScript(pythonScript(request(hash, 'readouts', { lambdaMax })));
      expect(printed(out, 'lambda_max')).toBe(lambdaMax);
      expect(stepsOf(out, 'lambda_max')).toBe(10000);
      expectIdentical(out);
    },
    TIMEOUT,
  );

  it(
    'the vector RNN (N = 32, g = 3): λ_max and the whole spectrum by QR identical',
    () => {
      const { res, app } = spectrumPanel('#model=rnn&k=32&g=3&ls=2000');
      expect(res.full!.k).toBe(32);
      expect(app.lambdaMax!).toBeGreaterThan(0.05);
      const out = runScript(pythonScript(request('#model=rnn&k=32&g=3&ls=2000', 'spectrum', app)));
      expect(printed(out, 'lambda_max')).toBe(app.lambdaMax);
      expect(printedSpectrum(out)).toEqual(Array.from(app.spectrum!));
      expect(out).toContain('32 of 32 exponents identical');
      expectIdentical(out);
    },
    TIMEOUT,
  );

  it(
    'ls = auto in the spectrum panel: each stage stops where the app’s did (the tolerance), λ_max and the spectrum identical',
    () => {
      const hash = '#model=henon&a=1.4&tol=0.01';
      const { res, app } = spectrumPanel(hash);
      expect(res.lambdaMax!.stopped).toBe('tol');
      const out = runScript(pythonScript(request(hash, 'spectrum', app)));
      expect(stepsOf(out, 'lambda_max')).toBe(res.lambdaMax!.steps);
      expect(printed(out, 'lambda_max')).toBe(app.lambdaMax);
      expect(printedSpectrum(out)).toEqual(Array.from(app.spectrum!));
      expectIdentical(out);
    },
    TIMEOUT,
  );

  it(
    'the PLRNN: the spectrum identical; its eigenvalue panel: λ_max identical, ρ and ‖·‖₂ within the stated 1e-9 (LAPACK)',
    () => {
      const spec = spectrumPanel('#model=plrnn&ls=2000');
      let out = runScript(pythonScript(request('#model=plrnn&ls=2000', 'spectrum', spec.app)));
      expect(printedSpectrum(out)).toEqual(Array.from(spec.app.spectrum!));
      expectIdentical(out);

      const hash = '#model=plrnn&tab=eigen&ls=3000';
      const p = decodeHash(hash).params;
      const lambdaMax = computeVectorPanel(vectorPanelRequest(p, null, false)).lambda;
      const eig = computeEigenView(eigenRequest(p, null)!);
      out = runScript(pythonScript(request(hash, 'eigenplane', { lambdaMax, spectralRadius: eig.matrix!.spectralRadius, norm2: eig.matrix!.norm2 })));
      expect(printed(out, 'lambda_max')).toBe(lambdaMax);
      const rho = Number(/spectral radius = (\S+)/.exec(out)![1]);
      const norm2 = Number(/norm2 = (\S+)/.exec(out)![1]);
      expect(Math.abs(rho - eig.matrix!.spectralRadius)).toBeLessThan(1e-9 * rho);
      expect(Math.abs(norm2 - eig.matrix!.norm2)).toBeLessThan(1e-9 * norm2);
      expect(out).toContain('within 1e-9 relative of the app: yes');
      expectIdentical(out);
    },
    TIMEOUT,
  );

  it(
    'a ReLU RNN whose Jacobians lose rank (the QR’s fallback to CGS2 and replaced null columns): identical',
    () => {
      const hash = '#model=rnn&k=8&g=1.2&act=relu&sb=0.5&ls=1000';
      const { res, app } = spectrumPanel(hash);
      expect((res.full ?? res.top)!.singular).toBe(true); // null columns met: qrRobust and fillNullColumn ran
      const out = runScript(pythonScript(request(hash, 'spectrum', app)));
      expect(printedSpectrum(out)).toEqual(Array.from(app.spectrum!));
      expectIdentical(out);
    },
    TIMEOUT,
  );

  it(
    'imported networks (a 1-D network, scaled by g and σ_b; an RNN): identical',
    () => {
      const rng = new Rng(99);
      const k = 12;
      const net = { w: Float64Array.from(rng.normals(k)), b: Float64Array.from(rng.normals(k)), a: Float64Array.from(rng.normals(k)).map((v) => v / 3), c: 0.1 };
      const hash1 = '#model=net1d&act=tanh&k=12&g=1.3&sb=0.7&ls=3000';
      const p1 = decodeHash(hash1).params;
      const a = computePanel1d(panel1dRequest(p1, net, false)).analysis;
      let out = runScript(pythonScript({ ...request(hash1, 'readouts', { lambda: a.lambda, steps: a.steps }), imported: net }));
      expect(printed(out, 'lambda')).toBe(a.lambda);
      expectIdentical(out);

      const n = 10;
      const W = Float64Array.from(rng.normals(n * n)).map((v) => v / Math.sqrt(n));
      const rnn = { W, b: Float64Array.from(rng.normals(n)).map((v) => v / 10) };
      const hash2 = '#model=rnn&k=10&g=2.5&ls=2000';
      const p2 = decodeHash(hash2).params;
      const res = runToEnd(spectrumJob(spectrumRequest(p2, rnn, false), { now: () => 0 }));
      const best = (res.full ?? res.top)!;
      out = runScript(pythonScript({ ...request(hash2, 'spectrum', { lambdaMax: res.lambdaMax!.lambdas[0], spectrum: best.lambdas, steps: best.steps }), imported: rnn }));
      expect(printed(out, 'lambda_max')).toBe(res.lambdaMax!.lambdas[0]);
      expect(printedSpectrum(out)).toEqual(Array.from(best.lambdas));
      expectIdentical(out);
    },
    TIMEOUT,
  );

  it(
    'a sigmoid RNN driven by a sine input, 7 of 12 exponents (a block of 4 and three columns of plain MGS): identical',
    () => {
      const hash = '#model=rnn&k=12&g=2&act=sigmoid&inp=sine&ia=0.5&nk=7&ls=2000';
      const { res, app } = spectrumPanel(hash);
      expect(res.top!.k).toBe(7);
      const out = runScript(pythonScript(request(hash, 'spectrum', app)));
      expect(printed(out, 'lambda_max')).toBe(app.lambdaMax);
      expect(printedSpectrum(out)).toEqual(Array.from(app.spectrum!));
      expectIdentical(out);
    },
    TIMEOUT,
  );
});

describe('the script survives any link', () => {
  it('a backslash or triple quotes in the page\'s address cannot break the docstring', () => {
    const req = request('#model=logistic&r=4', 'readouts', { lambda: 0.69 });
    const src = pythonScript({ ...req, link: 'http://localhost/?q=a\\b"""c\\#v=1&model=logistic&r=4' });
    expect(src).toContain('?q=a%5Cb%22%22%22c%5C#v=1');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-py-'));
    const file = path.join(dir, 'panel.py');
    fs.writeFileSync(file, src);
    const r = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    expect(docstringSafe('a\\b"c')).toBe('a%5Cb%22c');
  });
});
