/**
 * "Copy as Python": the generated numpy script, run with python3, gives the
 * app's numbers (computed here by the same core code as the workers) within
 * the tolerance the script states. Skipped, with the reason printed, where
 * python3 or numpy is missing (nothing is installed by the test).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { docstringSafe, pythonScript, pyNumber, type PythonRequest } from '../../../src/export/python';
import { net1dZScores } from '../../../src/core/models';
import { buildMap } from '../../../src/core/models';
import { analyseOrbit } from '../../../src/core/map1d/orbit';
import { drawNet1d } from '../../../src/core/models';
import { buildMapND } from '../../../src/core/models';
import { SpectrumRun } from '../../../src/core/vector/spectrum';
import { columnSetup, columnValues, runColumn, type SweepBase } from '../../../src/core/map1d/bifurcation';
import { computeEigenView } from '../../../src/core/vector/eigen';
import { eigenRequest } from '../../../src/params/requests';
import { fixedLyapunovSteps, lyapunovRunLength, modelParams } from '../../../src/params/requests';
import type { PanelId } from '../../../src/params/spec';

function numpyMissing(): string | null {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (r.error) return `python3 is not available (${r.error.message})`;
  if (r.status !== 0) return `numpy is not importable by python3: ${r.stderr.trim().split('\n').pop()}`;
  return null;
}

const missing = numpyMissing();
if (missing) console.log(`python.test.ts: running the generated scripts is skipped: ${missing}`);

function request(hash: string, panel: PanelId, app: PythonRequest['app']): PythonRequest {
  const d = decodeHash(hash);
  return { params: d.params, imported: null, panel, link: `http://localhost/#${encodeHash(d)}`, app, created: '2024-01-01T00:00:00.000Z' };
}

/** Run a script; the printed `name = value` and the tolerance stated below it. */
function runScript(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-py-'));
  const file = path.join(dir, 'panel.py');
  fs.writeFileSync(file, src);
  const r = spawnSync('python3', [file], { encoding: 'utf8', timeout: 120_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function printed(out: string, name: string): { value: number; tolerance: number } {
  const m = new RegExp(`^${name} = (\\S+)\\n(?:.*\\n)*?  tolerance = (\\S+)`, 'm').exec(out);
  expect(m, out).not.toBeNull();
  return { value: Number(m![1]), tolerance: Number(m![2]) };
}

/** λ of a 1-D state over the fixed length the script runs when the app does not pass its steps. */
function lambda1d(hash: string): number {
  const p = decodeHash(hash).params;
  return analyseOrbit(buildMap(modelParams(p)), p.x0, p.lt, fixedLyapunovSteps(p)).lambda;
}

/** λ_max and the spectrum of a vector state, as the spectrum job computes them. */
function spectrumND(hash: string, k: number): { lambdaMax: number; spectrum: Float64Array } {
  const p = decodeHash(hash).params;
  const map = buildMapND(modelParams(p));
  const run = (kk: number) => {
    const steps = fixedLyapunovSteps(p);
    const r = new SpectrumRun(map, map.initialState(), { k: kk, transient: p.lt, steps });
    r.advance(p.lt + steps);
    return r.result().lambdas;
  };
  return { lambdaMax: run(1)[0], spectrum: run(k) };
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

  it('states the link, the app value and the tolerance rule', () => {
    const src = pythonScript(request('#model=logistic&r=4', 'readouts', { lambda: 0.69 }));
    expect(src).toContain('import numpy as np');
    expect(src).toContain('Link:    http://localhost/#v=1&model=logistic');
    expect(src).toContain('APP_LAMBDA = 0.69');
    expect(src).toContain('6 standard errors');
  });
});

describe.skipIf(missing !== null)('python snippet run with numpy', () => {
  it('the default 1-D network (chaotic tanh): λ within the stated tolerance of the app', () => {
    const hash = '#v=1&model=net1d&act=tanh&g=2.7&k=16&init=he&sb=1&out=identity&seed=6&x0=0.1';
    const app = lambda1d(hash);
    const out = runScript(pythonScript(request(hash, 'readouts', { lambda: app })));
    const py = printed(out, 'lambda');
    expect(py.tolerance).toBeGreaterThan(0);
    expect(py.tolerance).toBeLessThan(0.1);
    expect(Math.abs(py.value - app)).toBeLessThanOrEqual(py.tolerance);
    expect(out).toContain('within the tolerance');
    expect(out).toContain('x_0 ... x_9 = 0.1 ');
  }, 60_000);

  it('the logistic map at r = 4: λ = ln 2, and the app agrees with numpy', () => {
    const hash = '#model=logistic&r=4';
    const app = lambda1d(hash);
    expect(Math.abs(app - Math.LN2)).toBeLessThan(0.01);
    const py = printed(runScript(pythonScript(request(hash, 'cobweb', { lambda: app }))), 'lambda');
    expect(Math.abs(py.value - app)).toBeLessThanOrEqual(py.tolerance);
    expect(Math.abs(py.value - Math.LN2)).toBeLessThanOrEqual(py.tolerance);
  }, 60_000);

  it('ls = auto: the script averages the steps the app’s run took (stopped at tol), and agrees within its tolerance', () => {
    const hash = '#model=logistic&r=3.9&ls=auto&tol=0.002';
    const p = decodeHash(hash).params;
    const len = lyapunovRunLength(p);
    expect(len.tol).toBe(0.002);
    const a = analyseOrbit(buildMap(modelParams(p)), p.x0, p.lt, len.steps, { tol: len.tol });
    expect(a.stopped).toBe('tol');
    expect(a.stderr).toBeLessThan(0.002);
    const src = pythonScript(request(hash, 'readouts', { lambda: a.lambda, steps: a.steps }));
    expect(src).toContain(`STEPS = ${a.steps}\n`);
    const py = printed(runScript(src), 'lambda');
    expect(Math.abs(py.value - a.lambda)).toBeLessThanOrEqual(py.tolerance);
  }, 60_000);

  it('a chaotic hard-tanh network (no transcendental function in f): λ within the tolerance', () => {
    const hash = '#model=net1d&act=htanh&g=3&k=16&seed=6';
    const app = lambda1d(hash);
    expect(app).toBeGreaterThan(0.5);
    const py = printed(runScript(pythonScript(request(hash, 'readouts', { lambda: app }))), 'lambda');
    expect(Math.abs(py.value - app)).toBeLessThanOrEqual(py.tolerance);
  }, 60_000);

  it('a periodic orbit (hard tanh, g = 2.7: a 4-cycle): λ to rounding, the tolerance shrinks to 1e-9', () => {
    const hash = '#model=net1d&act=htanh&g=2.7&k=16&seed=6';
    const app = lambda1d(hash);
    const py = printed(runScript(pythonScript(request(hash, 'readouts', { lambda: app }))), 'lambda');
    expect(Math.abs(py.value - app)).toBeLessThan(1e-9);
    expect(py.tolerance).toBeLessThan(1e-6);
  }, 60_000);

  it('the vector RNN (N = 32, g = 3): λ_max and the spectrum by QR within the stated tolerance', () => {
    const hash = '#model=rnn&k=32&g=3';
    const { lambdaMax, spectrum } = spectrumND(hash, 32);
    expect(lambdaMax).toBeGreaterThan(0.05);
    const out = runScript(pythonScript(request(hash, 'spectrum', { lambdaMax, spectrum })));
    const py = printed(out, 'lambda_max');
    expect(Math.abs(py.value - lambdaMax)).toBeLessThanOrEqual(py.tolerance);
    expect(out).toContain('spectrum (top 32 of 32)');
    expect(out).toContain('32 exponents compared, all within the tolerance');
  }, 120_000);

  it('the PLRNN eigenvalue panel: λ_max, and the spectral radius and norm to rounding', () => {
    const hash = '#model=plrnn&tab=eigen';
    const p = decodeHash(hash).params;
    const { lambdaMax } = spectrumND(hash, 1);
    const eig = computeEigenView(eigenRequest(p, null)!);
    const out = runScript(pythonScript(request(hash, 'eigenplane', { lambdaMax, spectralRadius: eig.matrix!.spectralRadius, norm2: eig.matrix!.norm2 })));
    const py = printed(out, 'lambda_max');
    expect(Math.abs(py.value - lambdaMax)).toBeLessThanOrEqual(py.tolerance);
    const rho = Number(/spectral radius = (\S+)/.exec(out)![1]);
    const norm2 = Number(/norm2 = (\S+)/.exec(out)![1]);
    expect(Math.abs(rho - eig.matrix!.spectralRadius)).toBeLessThan(1e-9 * rho);
    expect(Math.abs(norm2 - eig.matrix!.norm2)).toBeLessThan(1e-9 * norm2);
  }, 60_000);

  it('the orbit diagram: λ per column agrees on the checked columns', () => {
    const hash = '#model=logistic&bt=500&bn=400';
    const p = decodeHash(hash).params;
    const cols = 96;
    const values = columnValues(p.bx0, p.bx1, cols, 'centers');
    const base: SweepBase = { params: { ...modelParams(p), x0: p.x0 }, imported: null, param: p.bp, transient: p.bt, keep: p.bn };
    const pts = new Float64Array(p.bn);
    const lambda = Array.from(values, (v) => {
      const { map, x0 } = columnSetup(base, v);
      const r = runColumn(map, x0, p.bt, p.bn, pts, 0);
      return r.diverged ? NaN : r.lambda;
    });
    const out = runScript(pythonScript(request(hash, 'diagram', { lambda: lambda1d(hash), diagram: { values, lambda } })));
    const m = /(\d+) of (\d+) columns within their tolerance/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(Number(m![2]) - 1);
  }, 60_000);
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
