/**
 * "Copy as Python" for the gated models: the numpy source of gated.ts, gru.ts
 * and lstm.ts repeats the app's operations in the app's order, so its step and
 * tangent step give the app's bits (one and two layers, with a sine input),
 * and the whole exported script of the spectrum panel prints the app's λ_max
 * and spectrum bit for bit ("identical to the app: yes"). Skipped, with the
 * reason printed, where python3 or numpy is missing.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ELMAN_SPEC, GRU_SPEC, LSTM_SPEC, drawGated, gatedMap, gatedNumpy, type InputSpec } from '../../../src/core/models';
import { Rng } from '../../../src/core/linalg/rng';
import { PYTHON_ELEMENTARY } from '../../../src/export/pythonElementary';
import { pythonScript, type PythonRequest } from '../../../src/export/python';
import { spectrumJob } from '../../../src/core/jobs/spectrumJob';
import { runToEnd } from '../../../src/core/job';
import { computeVectorPanel } from '../../../src/core/jobs/panelND';
import { spectrumRequest, vectorPanelRequest } from '../../../src/params/requests';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { phaseRequest, phaseSettingsOf } from '../../../src/params/phase';
import { phaseCellsJob } from '../../../src/core/jobs/phaseJob';
import { numpyMissing } from '../support/numpy';

const missing = numpyMissing();
if (missing) console.log(`gatedExport.test.ts: running the numpy source is skipped: ${missing}`);

const TIMEOUT = 300_000;

/** The script's helpers the model source uses (src/export/python.ts: seqsum, matmul_seq), as the script defines them. */
const PRELUDE = `import json
import math
import sys

import numpy as np

${PYTHON_ELEMENTARY}
np.seterr(all="ignore")


def seqsum(terms, axis=-1):
    return np.add.accumulate(terms, axis=axis).take(-1, axis=axis) + 0.0


def matmul_seq(A, B):
    if B.shape[1] == 1:
        return seqsum(A * B[:, 0], axis=1)[:, None]
    C = np.zeros((A.shape[0], B.shape[1]))
    for j in range(A.shape[1]):
        C += A[:, j, None] * B[j]
    return C

`;

const DRIVER = `

d = json.load(sys.stdin)
out = []
for case in d:
    s = np.array(case["s"], dtype=float)
    Q = np.array(case["Q"], dtype=float).reshape(N, case["k"])
    nxt, Y = tangent_step(s, Q, case["t"])
    out.append({"step": [repr(float(v)) for v in step(s, case["t"])], "next": [repr(float(v)) for v in nxt], "Y": [repr(float(v)) for v in Y.ravel()]})
json.dump(out, sys.stdout)
`;

describe.skipIf(missing !== null)('the numpy source of the gated maps: the app’s bits', () => {
  const SINE: InputSpec = { kind: 'sine', amplitude: 0.7, period: 13 };
  it.each([
    ['gru', 1],
    ['gru', 2],
    ['lstm', 1],
    ['lstm', 2],
    ['elman', 1],
    ['elman', 2],
    ['elman-relu', 2],
  ] as const)('%s, %i layer(s): step and tangent_step (one vector and a frame of 3) bit for bit', (kind, layers) => {
    const relu = { ...ELMAN_SPEC, ...ELMAN_SPEC.withParams!(decodeHash('#model=elman&act=relu').params) };
    const spec = { gru: GRU_SPEC, lstm: LSTM_SPEC, elman: ELMAN_SPEC, 'elman-relu': relu }[kind];
    const H = 9;
    const d = drawGated(spec.kind, H, layers, 21);
    const map = gatedMap(spec, d, 4.5, SINE);
    const n = map.n;
    const { text } = gatedNumpy(spec, d, 4.5, SINE, 'test');
    const rng = new Rng(4);
    const cases = [1, 3, 1, 3].map((k, c) => ({ s: rng.normals(n), Q: rng.normals(n * k), k, t: 7 + c }));
    const r = spawnSync('python3', ['-c', PRELUDE + text + DRIVER], {
      input: JSON.stringify(cases.map((c) => ({ s: [...c.s], Q: [...c.Q], k: c.k, t: c.t }))),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    expect(r.status, r.stderr).toBe(0);
    const py = JSON.parse(r.stdout) as { step: string[]; next: string[]; Y: string[] }[];
    cases.forEach((c, i) => {
      const next = new Float64Array(n);
      const Y = new Float64Array(n * c.k);
      map.tangentStep(c.s, next, c.Q, Y, c.k, c.t, false);
      const step = new Float64Array(n);
      map.step(c.s, step, c.t);
      expect(py[i].step.map(Number)).toEqual([...step]);
      expect(py[i].next.map(Number)).toEqual([...next]);
      expect(py[i].Y.map(Number)).toEqual([...Y]);
    });
  });

  function runScript(src: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-py-'));
    const file = path.join(dir, 'panel.py');
    fs.writeFileSync(file, src);
    const r = spawnSync('python3', [file], { encoding: 'utf8', timeout: TIMEOUT - 10_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  }

  function request(hash: string, panel: PythonRequest['panel'], app: PythonRequest['app']): PythonRequest {
    const d = decodeHash(hash);
    return { params: d.params, imported: null, panel, link: `http://localhost/#${encodeHash(d)}`, app, created: '2024-01-01T00:00:00.000Z' };
  }

  it.each(['#model=gru&k=16&g=8&seed=1&ls=2000', '#model=lstm&k=8&g=6&inp=sine&ia=0.5&ls=1500', '#model=elman&k=16&g=5&seed=1&ls=1500'])(
    'the spectrum panel’s script (%s): λ_max and every exponent identical',
    (hash) => {
      const p = decodeHash(hash).params;
      const res = runToEnd(spectrumJob(spectrumRequest(p, null, false), { now: () => 0 }));
      const best = (res.full ?? res.top)!;
      const app = { lambdaMax: res.lambdaMax!.lambdas[0], spectrum: best.lambdas, steps: best.steps };
      const out = runScript(pythonScript(request(hash, 'spectrum', app)));
      const lm = /^lambda_max = (\S+)$/m.exec(out);
      expect(Number(lm![1])).toBe(app.lambdaMax);
      const sp = /^spectrum \(top \d+ of \d+\), \d+ steps averaged:\n {2}(.*)$/m.exec(out);
      expect(sp![1].split(' ').map(Number)).toEqual(Array.from(best.lambdas));
      expect(out).toContain(`${best.lambdas.length} of ${best.lambdas.length} exponents identical`);
      expect(out).toMatch(/^identical to the app: yes \(\d+ values, bit for bit\)$/m);
    },
    TIMEOUT,
  );

  it(
    'the Explore panel’s λ_max (an LSTM at PyTorch’s initialisation): identical',
    () => {
      const hash = '#model=lstm&k=16&ls=3000';
      const lambdaMax = computeVectorPanel(vectorPanelRequest(decodeHash(hash).params, null, false)).lambda;
      expect(lambdaMax).toBeLessThan(0);
      const out = runScript(pythonScript(request(hash, 'readouts', { lambdaMax })));
      expect(Number(/^lambda_max = (\S+)$/m.exec(out)![1])).toBe(lambdaMax);
      expect(out).toMatch(/^identical to the app: yes/m);
    },
    TIMEOUT,
  );

  it(
    'the phase map’s script (g × the amplitude of a sine or constant input): the network rebuilt at every cell, λ_max identical',
    () => {
      for (const hash of ['#model=gru&k=8&inp=sine&px=g&py=ia&px0=1&px1=9&py0=0&py1=1&pn=4&pls=300&lt=100', '#model=lstm&k=6&inp=const&px=ia&py=g&px0=0&px1=1.5&py0=2&py1=10&pn=4&pls=300&lt=100']) {
        const d = decodeHash(hash);
        expect(d.warnings).toEqual([]);
        const job = phaseRequest(d.params, null, phaseSettingsOf(d.params));
        const nx = job.x.values.length;
        const all = Array.from({ length: nx * job.y.values.length }, (_, c) => c);
        const res = runToEnd(phaseCellsJob(job, all));
        const cells = all.map((c, i) => ({ x: job.x.values[c % nx], y: job.y.values[Math.floor(c / nx)], lambda: res.diverged[i] ? null : res.value[i] }));
        expect(new Set(cells.map((c) => c.lambda)).size).toBe(cells.length); // every cell its own network and input
        const req: PythonRequest = { ...request(hash, 'phase', { phase: { xParam: job.x.param, yParam: job.y.param, cells } }) };
        const out = runScript(pythonScript(req));
        expect(out).toContain(`${cells.length} of ${cells.length} cells identical to the app`);
        expect(out).toMatch(/^identical to the app: yes/m);
      }
    },
    TIMEOUT,
  );
});
