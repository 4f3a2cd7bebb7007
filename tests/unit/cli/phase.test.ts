/**
 * The CLI's phase maps (issue #15) and their scale-out: every cell is what
 * lyapunov (or chaos-probability) prints for the cell's state, the critical
 * line agrees with an independent mean-field computation, shards merge to the
 * unsharded run's text, and bad specifications exit 2 with one line.
 */
import { describe, expect, it } from 'vitest';
import { execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliJson, runCli, type CliRun } from '../support/cli';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { lyapunovRequest, requestKey } from '../../../src/params/requests';
import { phaseRequest } from '../../../src/params/phase';
import { phaseCellRequest } from '../../../src/core/jobs/phaseJob';
import { shardCells, shardOf } from '../../../src/core/jobs/shard';
import { columnValues } from '../../../src/core/map1d/bifurcation';
import { gGrid } from '../../../src/core/interval/sweep';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The CLI in-process (tests/unit/support/cli.ts); absolute paths outside `files` are read from disk. */
const run = (argv: string[], files: Record<string, string> = {}): CliRun => runCli(argv, files, true);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function json(argv: string[], files: Record<string, string> = {}): any {
  return cliJson(run(argv, files));
}

/** Shards 1 … n of a run, as merge's virtual files part1.json … */
function shards(argv: string[], n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= n; i++) {
    const r = run([...argv, '--shard', `${i}/${n}`]);
    expect(r.code, r.err).toBe(0);
    files[`part${i}.json`] = r.out;
  }
  return files;
}

const RNN = '#v=1&model=rnn&act=tanh&k=16&seed=1';

describe('phase: each cell is the one-cell quantity at its parameters', () => {
  it('the width k as an axis: distinct whole numbers, each cell lyapunov at its own k (its own wasm arena when wider)', () => {
    const o = json(['phase', '--url', '#v=1&model=rnn&act=tanh&seed=1', '--x', 'g:0.5:2.5:2', '--y', 'k:8:32:3', '--steps', '300', '--transient', '100']);
    expect(o.y).toEqual({ param: 'k', values: [8, 20, 32] });
    const base = decodeHash(o.state).params;
    o.y.values.forEach((k: number, i: number) =>
      o.x.values.forEach((g: number, j: number) => {
        const l = json(['lyapunov', '--url', encodeHash({ params: { ...base, g, k }, weights: null })]);
        expect(o.value[i][j], `g ${g}, k ${k}`).toBe(l.lambdaMax);
      }),
    );
    // rounding merges values: k from 2 to 4 in 5 steps is 2, 3, 4
    expect(json(['phase', '--url', '#v=1&model=rnn&seed=1', '--x', 'g:1:2:2', '--y', 'k:2:4:5', '--steps', '50', '--transient', '10']).y.values).toEqual([2, 3, 4]);
    const r = run(['phase', '--url', '#v=1&model=rnn&seed=1', '--x', 'g:1:2:2', '--y', 'k:2:1000:3']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/k runs from 2 to 512/);
  });

  it('lambda-mean: the mean and standard error of lyapunov’s λ_max over --samples seeds, cell by cell', () => {
    const o = json(['phase', '--url', '#v=1&model=rnn&act=tanh&k=8&seed=5', '--x', 'g:0.8:2.4:2', '--y', 'sb:0:0.5:2', '--quantity', 'lambda-mean', '--samples', '10', '--steps', '500', '--transient', '100']);
    expect([o.quantity, o.seeds]).toEqual(['lambda-mean', 10]);
    const base = decodeHash(o.state).params;
    expect([base.sn, base.seed]).toEqual([10, 5]);
    o.y.values.forEach((sb: number, i: number) =>
      o.x.values.forEach((g: number, j: number) => {
        const ls = Array.from({ length: 10 }, (_, s) => json(['lyapunov', '--url', encodeHash({ params: { ...base, g, sb, seed: 5 + s }, weights: null })]).lambdaMax as number);
        // summed in seed order
        const mean = ls.reduce((a, l) => a + l, 0) / 10;
        const sd = Math.sqrt(ls.reduce((a, l) => a + (l - mean) * (l - mean), 0) / 9);
        expect(o.value[i][j], `g ${g}, sb ${sb}`).toBe(mean);
        expect(o.stderr[i][j]).toBeCloseTo(sd / Math.sqrt(10), 14);
        expect(o.count[i][j]).toBe(10);
      }),
    );
    // the four networks differ: the mean is not one seed's λ
    expect(new Set(o.value.flat()).size).toBe(4);
    const one = run(['phase', '--url', '#v=1&model=logistic', '--x', 'r:3:4:2', '--y', 'x0:0.1:0.2:2', '--quantity', 'lambda-mean']);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/no seed/);
  });

  it('λ_max of an RNN (k = 16, 3 × 2 cells, --steps 2000) equals lyapunov cell by cell, exactly', () => {
    const o = json(['phase', '--url', RNN, '--x', 'g:1:3:3', '--y', 'sb:0.25:0.5:2', '--quantity', 'lambda-max', '--steps', '2000']);
    expect(o.x).toEqual({ param: 'g', values: [1, 2, 3] });
    expect(o.y).toEqual({ param: 'sb', values: [0.25, 0.5] });
    expect(o.quantity).toBe('lambda-max');
    expect([o.steps, o.transient, o.tol, o.exponents, o.model]).toEqual([2000, 1000, null, 1, 'rnn']);
    expect(o.shard).toBeUndefined();
    expect(o.cells).toBeUndefined();
    // the phase's state (nk = 1, ls = 2000) with the cell's g and σ_b is the cell's lyapunov link
    const base = decodeHash(o.state).params;
    expect([base.nk, base.ls]).toEqual([1, 2000]);
    o.y.values.forEach((sb: number, i: number) =>
      o.x.values.forEach((g: number, j: number) => {
        const link = encodeHash({ params: { ...base, g, sb }, weights: null });
        const l = json(['lyapunov', '--url', link]);
        expect(o.value[i][j]).toBe(l.lambdaMax);
        expect(o.stderr[i][j]).toBe(l.stderr[0]);
        expect(o.diverged[i][j]).toBe(false);
        // the user's link, the cell's two values and --steps, with λ_max alone (--exponents 1): the same number
        const user = json(['lyapunov', '--url', `${RNN}&g=${g}&sb=${sb}`, '--steps', '2000', '--exponents', '1']);
        expect(user.lambdaMax).toBe(o.value[i][j]);
      }),
    );
    // the critical line is lyapunov's meanField.criticalG at each σ_b
    expect(o.meanField.axis).toBe('y');
    o.y.values.forEach((sb: number, i: number) => expect(o.meanField.criticalG[i]).toBe(json(['lyapunov', '--url', `${RNN}&sb=${sb}`, '--steps', '10']).meanField.criticalG));
  });

  it('cells of one g run as one column batch (issue #17) and still equal lyapunov exactly (tanh and ReLU, some diverging)', () => {
    for (const act of ['tanh', 'relu']) {
      const url = `#v=1&model=rnn&act=${act}&k=12&seed=2`;
      const o = json(['phase', '--url', url, '--x', 'g:1.2:3.2:2', '--y', 'sb:0:2:6', '--quantity', 'lambda-max', '--steps', '500']);
      const base = decodeHash(o.state).params;
      const diverged: boolean[] = [];
      o.y.values.forEach((sb: number, i: number) =>
        o.x.values.forEach((g: number, j: number) => {
          const l = json(['lyapunov', '--url', encodeHash({ params: { ...base, g, sb }, weights: null })]);
          expect(o.value[i][j]).toBe(l.lambdaMax);
          expect(o.stderr[i][j]).toBe(l.stderr === null ? null : l.stderr[0]);
          expect(o.diverged[i][j]).toBe(l.diverged);
          diverged.push(l.diverged);
        }),
      );
      if (act === 'relu') expect(diverged.some((d) => d) && diverged.some((d) => !d)).toBe(true);
    }
  });

  it('--exponents K computes λ_max as lyapunov does with K exponents (0: the full spectrum)', () => {
    const o = json(['phase', '--url', RNN, '--x', 'g:2:3:2', '--y', 'sb:0.5:0.5:1', '--steps', '500', '--exponents', '0']);
    expect(o.exponents).toBe(16);
    const l = json(['lyapunov', '--url', `${RNN}&g=3&sb=0.5&nk=0`, '--steps', '500']);
    expect(l.k).toBe(16);
    expect(o.value[0][1]).toBe(l.lambdaMax);
  });

  it('a 1-D map: the λ and the kind of every cell are lyapunov’s (λ, period, kind)', () => {
    const url = '#model=logistic';
    const argv = ['--url', url, '--x', 'r:3:4:5', '--y', 'x0:0.2:0.6:2', '--steps', '4000'];
    const lam = json(['phase', ...argv]);
    const kind = json(['phase', ...argv, '--quantity', 'kind']);
    expect(lam.exponents).toBeUndefined();
    expect(kind.stderr.flat().every((v: unknown) => v === null)).toBe(true);
    lam.y.values.forEach((x0: number, i: number) =>
      lam.x.values.forEach((r: number, j: number) => {
        const l = json(['lyapunov', '--url', `${url}&r=${r}&x0=${x0}`, '--steps', '4000']);
        expect(lam.value[i][j]).toBe(l.lambdaMax);
        expect(lam.stderr[i][j]).toBe(l.stderr[0]);
        const want = l.kind === 'periodic' ? (l.period === 1 ? 'fixed point' : `period ${l.period}`) : l.kind;
        expect(kind.value[i][j]).toBe(want);
      }),
    );
    expect(kind.value[0].slice(1)).toEqual(['period 2', 'period 4', 'chaotic', 'chaotic']);
  });

  it('a cell’s request is lyapunovRequest of the link’s Params with the two values set (ls = auto, off the link’s step grid)', () => {
    for (const [hash, x, y] of [
      ['#model=rnn&k=24&act=sin&nk=3&ls=auto&tol=0.002', 'g', 'ia'],
      ['#model=henon', 'a', 'b'],
      ['#model=net1d&k=5', 'sb', 'x0'],
      ['#model=neuron', 'w', 'b'],
    ] as const) {
      const p = decodeHash(hash).params;
      const xs = Array.from(columnValues(0.3, 1.7, 3, 'inclusive'));
      const ys = Array.from(columnValues(0.1, 0.9, 2, 'inclusive'));
      const settings = { steps: null, transient: null, exponents: null };
      const req = phaseRequest(p, null, { quantity: 'lambda-max', x: { param: x, values: xs }, y: { param: y, values: ys }, samples: null, shard: null, ...settings });
      for (const yv of ys)
        for (const xv of xs) expect(requestKey(phaseCellRequest(req.lyapunov!, x, xv, y, yv))).toBe(requestKey(lyapunovRequest({ ...p, [x]: xv, [y]: yv }, null, settings)));
    }
  });

  it('the axes are the orbit diagram’s closed grid, bit for bit', () => {
    const o = json(['phase', '--url', '#model=tent', '--x', 'mu:1.1:1.9:7', '--y', 'x0:0.13:0.71:3', '--steps', '100']);
    expect(o.x.values).toEqual(Array.from(columnValues(1.1, 1.9, 7, 'inclusive')));
    expect(o.y.values).toEqual(Array.from(columnValues(0.13, 0.71, 3, 'inclusive')));
    expect(o.x.values[6]).toBe(1.9);
  });
});

/**
 * The critical gain of the random tanh RNN with the Gaussian law (σ_w² = g²),
 * computed here independently of core/vector/meanField.ts: adaptive Simpson
 * quadrature of the Gaussian moments, the fixed point q* of
 * q = g²·E[tanh²(√q z)] + σ_b² (σ_b > 0) and χ₁(g) = g²·E[sech⁴(√q* z)] = 1,
 * both by regula falsi (Illinois).
 */
function simpson(f: (z: number) => number, a: number, b: number, tol: number): number {
  const step = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number => {
    const m = (a + b) / 2;
    const flm = f((a + m) / 2);
    const frm = f((m + b) / 2);
    const left = ((m - a) / 6) * (fa + 4 * flm + fm);
    const right = ((b - m) / 6) * (fm + 4 * frm + fb);
    if (depth <= 0 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
    return step(a, m, fa, flm, fm, left, tol / 2, depth - 1) + step(m, b, fm, frm, fb, right, tol / 2, depth - 1);
  };
  const fa = f(a);
  const fb = f(b);
  const fm = f((a + b) / 2);
  return step(a, b, fa, fm, fb, ((b - a) / 6) * (fa + 4 * fm + fb), tol, 40);
}

/** E[h(√q z)], z ~ N(0, 1), on [−12, 12] cut at 0 and ±3. */
function gaussMoment(h: (u: number) => number, q: number): number {
  const s = Math.sqrt(q);
  const f = (z: number) => (h(s * z) * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
  const cuts = [-12, -3, 0, 3, 12];
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += simpson(f, cuts[i], cuts[i + 1], 1e-13);
  return sum;
}

/** The root of f in [a, b] (f(a), f(b) of opposite signs), by regula falsi with the Illinois rule. */
function illinois(f: (x: number) => number, a: number, b: number): number {
  let fa = f(a);
  let fb = f(b);
  let side = 0;
  for (let i = 0; i < 100 && Math.abs(b - a) > 1e-14 * Math.abs(b); i++) {
    const c = (a * fb - b * fa) / (fb - fa);
    const fc = f(c);
    if (fc === 0) return c;
    if ((fc > 0) === (fb > 0)) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  return (a + b) / 2;
}

function independentCriticalG(sb: number): number {
  const tanh2 = (u: number) => Math.tanh(u) ** 2;
  const sech4 = (u: number) => 1 / Math.cosh(u) ** 4;
  // q* ≥ σ_b² > 0, and F(q) − q < 0 beyond g² + σ_b² (tanh² < 1)
  const qStar = (g: number) => illinois((q) => g * g * gaussMoment(tanh2, q) + sb * sb - q, sb * sb, g * g + sb * sb + 1);
  return illinois((g) => g * g * gaussMoment(sech4, qStar(g)) - 1, 0.5, 5);
}

describe('phase: the mean-field critical line', () => {
  it('tanh, Gaussian law: criticalG for each σ_b agrees with an independent quadrature to 1e-6', { timeout: 60_000 }, () => {
    const o = json(['phase', '--url', '#model=rnn&k=2&act=tanh&wl=gauss', '--x', 'g:0.5:1.5:2', '--y', 'sb:0:1:5', '--steps', '1', '--transient', '0']);
    expect(o.meanField.axis).toBe('y');
    expect(o.meanField.criticalG).toHaveLength(5);
    expect(o.y.values).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // σ_b = 0: q* = 0 up to g = 1, where χ₁ = g² reaches 1
    expect(Math.abs(o.meanField.criticalG[0] - 1)).toBeLessThan(1e-6);
    for (let i = 1; i < 5; i++) expect(Math.abs(o.meanField.criticalG[i] - independentCriticalG(o.y.values[i]))).toBeLessThan(1e-6);
    // more bias, later chaos
    for (let i = 1; i < 5; i++) expect(o.meanField.criticalG[i]).toBeGreaterThan(o.meanField.criticalG[i - 1]);
  });

  it('g on the y axis gives the line along x; it is lyapunov’s meanField.criticalG; null where no mean field applies', () => {
    const o = json(['phase', '--url', '#model=rnn&k=4&act=tanh', '--x', 'sb:0.5:1:2', '--y', 'g:1:2:2', '--steps', '1', '--transient', '0']);
    expect(o.meanField.axis).toBe('x');
    const l = json(['lyapunov', '--url', '#model=rnn&k=4&act=tanh&sb=1', '--steps', '1', '--transient', '0']);
    expect(o.meanField.criticalG[1]).toBe(l.meanField.criticalG);
    // no g axis; a 1-D map; Paper B's networks: no line
    expect(json(['phase', '--url', '#model=rnn&k=4', '--x', 'sb:0:1:2', '--y', 'ia:0:1:2', '--steps', '1']).meanField).toEqual({ criticalG: null, axis: null });
    expect(json(['phase', '--url', '#model=neuron', '--x', 'g:1:2:2', '--y', 'b:0:1:2', '--steps', '10']).meanField).toEqual({ criticalG: null, axis: null });
  });
});

describe('phase: Paper B’s probabilities', () => {
  const url = '#v=1&model=net1d&act=relu&init=he&k=8&seed=5';
  const grid = ['--x', 'g:1:4:3', '--y', 'sb:0.5:1.5:2', '--samples', '24'];

  it('p3 and p2 are in [0, 1], P(3) ≤ P(2) cellwise, and each cell is chaos-probability for the link’s width at that g and σ_b', () => {
    const p3 = json(['phase', '--url', url, ...grid, '--quantity', 'p3']);
    const p2 = json(['phase', '--url', url, ...grid, '--quantity', 'p2']);
    expect([p3.samples, p3.method, p3.confidence]).toEqual([24, 'exact', 0.95]);
    expect(p3.steps).toBeUndefined();
    let some = 0;
    p3.y.values.forEach((sb: number, i: number) => {
      const c = json(['chaos-probability', '--url', `${url}&sb=${sb}`, '--widths', '8', '--g', '1,4,3', '--samples', '24']);
      expect(c.g).toEqual(p3.x.values); // gGrid and the diagram's grid: the same bits
      expect(c.g).toEqual(gGrid(1, 4, 3));
      p3.x.values.forEach((_g: number, j: number) => {
        for (const o of [p3, p2]) {
          expect(o.value[i][j]).toBeGreaterThanOrEqual(0);
          expect(o.value[i][j]).toBeLessThanOrEqual(1);
          expect(o.low[i][j]).toBeLessThanOrEqual(o.value[i][j]);
          expect(o.high[i][j]).toBeGreaterThanOrEqual(o.value[i][j]);
          expect(o.stderr[i][j]).toBe((o.high[i][j] - o.low[i][j]) / 2);
          expect(o.diverged[i][j]).toBe(false);
        }
        expect(p3.value[i][j]).toBeLessThanOrEqual(p2.value[i][j]); // Sharkovsky: a 3-cycle implies a 2-cycle
        expect(p3.count[i][j]).toBeLessThanOrEqual(p2.count[i][j]);
        expect([p3.value[i][j], p3.low[i][j], p3.high[i][j], p3.count[i][j]]).toEqual([c.p3[0][j], c.p3Low[0][j], c.p3High[0][j], c.counts.p3[0][j]]);
        expect([p2.value[i][j], p2.low[i][j], p2.high[i][j], p2.count[i][j]]).toEqual([c.p2[0][j], c.p2Low[0][j], c.p2High[0][j], c.counts.p2[0][j]]);
        some += p2.count[i][j];
      });
    });
    expect(some).toBeGreaterThan(0);
    expect(decodeHash(p3.state).params.sn).toBe(24);
  });

  it('csv: long form, one row per cell (row-major) with the Wilson bounds', () => {
    const o = json(['phase', '--url', url, ...grid, '--quantity', 'p3']);
    const r = run(['phase', '--url', url, ...grid, '--quantity', 'p3', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('g,sb,value,stderr,low,high');
    expect(lines).toHaveLength(7);
    expect(lines[5].split(',').map(Number)).toEqual([o.x.values[1], o.y.values[1], o.value[1][1], o.stderr[1][1], o.low[1][1], o.high[1][1]]);
  });
});

describe('phase and chaos-probability: shards merge to the unsharded run', () => {
  it('the interleaved partition: cell c belongs to shard (c mod n) + 1', () => {
    expect(shardCells(10, { index: 2, count: 4 })).toEqual([1, 5, 9]);
    expect(shardCells(3, { index: 4, count: 4 })).toEqual([]);
    for (let c = 0; c < 50; c++) expect(shardCells(50, { index: shardOf(c, 7), count: 7 })).toContain(c);
  });

  it('phase: 4 shards merge to the unsharded JSON text (and CSV), value for value', () => {
    const argv = ['phase', '--url', RNN, '--x', 'g:0.5:3:4', '--y', 'sb:0:1:3', '--steps', '300'];
    const whole = run(argv);
    expect(whole.code).toBe(0);
    const files = shards(argv, 4);
    const p1 = JSON.parse(files['part1.json']);
    expect(p1.shard).toEqual({ index: 1, count: 4 });
    expect(p1.cells).toEqual([0, 4, 8]);
    expect(p1.value[0]).toEqual([JSON.parse(whole.out).value[0][0], null, null, null]);
    const names = Object.keys(files).reverse(); // any order
    const merged = run(['merge', ...names], files);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out).toBe(whole.out);
    const csv = run(['merge', ...names, '--format', 'csv'], files);
    expect(csv.out).toBe(run([...argv, '--format', 'csv']).out);
  });

  it('phase kind and p2: the same', () => {
    for (const argv of [
      ['phase', '--url', '#model=logistic', '--x', 'r:3:4:5', '--y', 'x0:0.1:0.9:2', '--quantity', 'kind', '--steps', '500'],
      ['phase', '--url', '#model=net1d&act=relu&k=4', '--x', 'g:1:3:3', '--y', 'sb:0:1:2', '--quantity', 'p2', '--samples', '8'],
    ]) {
      const files = shards(argv, 4);
      expect(run(['merge', ...Object.keys(files)], files).out).toBe(run(argv).out);
    }
  });

  it('chaos-probability: 4 shards merge to the unsharded JSON text', () => {
    const argv = ['chaos-probability', '--url', '#act=relu&init=he&seed=7&sw=2,8&sg0=0.5&sg1=3.5&sgn=4', '--samples', '12'];
    const whole = run(argv);
    expect(whole.code).toBe(0);
    const files = shards(argv, 4);
    const p3 = JSON.parse(files['part3.json']);
    expect(p3.cells).toEqual([2, 6]);
    expect(p3.p3[0][2]).not.toBeNull();
    expect(p3.p3[0][1]).toBeNull();
    expect(p3.counts.n[1][2]).toBe(12);
    expect(run(['merge', ...Object.keys(files)], files).out).toBe(whole.out);
  });

  it('merge refuses parts of different runs, missing shards, duplicates, parts that are not shards', () => {
    const argv = ['phase', '--url', '#model=logistic', '--x', 'r:3:4:3', '--y', 'x0:0.2:0.4:2', '--steps', '200'];
    const files = shards(argv, 3);
    const other = shards([...argv.slice(0, -1), '201'], 3);
    const four = shards(argv, 4);
    const cp = shards(['chaos-probability', '--url', '#act=relu&sw=2&sgn=3', '--samples', '2'], 3);
    files['whole.json'] = run(argv).out;
    files['other2.json'] = other['part2.json'];
    files['four2.json'] = four['part2.json'];
    files['cp2.json'] = cp['part2.json'];
    files['bad.json'] = '{"x":';
    const moved = JSON.parse(files['part2.json']);
    moved.cells = [0, 3];
    files['moved.json'] = JSON.stringify(moved);
    const cases: [string[], RegExp][] = [
      [['part1.json', 'other2.json', 'part3.json'], /other2\.json is not a part of the same run as part1\.json \(they differ in "steps"\)/],
      [['part1.json', 'cp2.json', 'part3.json'], /cp2\.json is not a part of the same run/],
      [['part1.json', 'part3.json'], /missing shard 2 of 3/],
      [['part1.json', 'part2.json', 'part2.json', 'part3.json'], /shard 2\/3 is given twice/],
      [['part1.json', 'four2.json', 'part3.json'], /four2\.json is shard 2\/4 but part1\.json is shard 1\/3/],
      [['part1.json', 'whole.json'], /whole\.json is not a shard's part/],
      [['part1.json', 'bad.json'], /bad\.json is not JSON/],
      [['part1.json', 'moved.json', 'part3.json'], /moved\.json: its cells are not those of shard 2\/3/],
      [['part1.json', 'nowhere.json'], /cannot read part "nowhere\.json"/],
      [[], /merge needs the parts/],
    ];
    for (const [names, msg] of cases) {
      const r = run(['merge', ...names], files);
      expect(r.code, names.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(/^error: /);
      expect(r.errLines[0]).toMatch(msg);
    }
  });
});

describe('phase: bad specifications exit 2 with one line', () => {
  it.each([
    [['--x', 'foo:0:1:3', '--y', 'sb:0:1:2'], /--x: unknown parameter "foo"/],
    [['--x', 'r:3:4:3', '--y', 'sb:0:1:2'], /--x: model=rnn has no parameter r/],
    [['--x', 'g:0:1:3', '--y', 'mu:0:1:2'], /--y: model=rnn has no parameter mu/],
    [['--x', 'seed:2:8:3', '--y', 'sb:0:1:2'], /--x: seed is not a continuous parameter/],
    [['--x', 'g:0:1:3', '--y', 'lt:0:1:2'], /--y: lt is not a parameter of the model/],
    [['--x', 'g:0:1:0', '--y', 'sb:0:1:2'], /--x: COUNT must be a whole number from 1/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:-2'], /--y: COUNT must be a whole number from 1/],
    [['--x', 'g:0:1:600', '--y', 'sb:0:1:600'], /600 × 600 = 360000 cells; at most 262144 \(512 × 512\)/],
    [['--x', 'g:0:1:300000', '--y', 'sb:0:0:1'], /--x: COUNT must be a whole number from 1 to 262144/],
    [['--x', 'g:2:1:3', '--y', 'sb:0:1:2'], /--x: the range is reversed/],
    [['--x', 'g:0:1', '--y', 'sb:0:1:2'], /--x takes PARAM:FROM:TO:COUNT/],
    [['--x', 'g:a:1:3', '--y', 'sb:0:1:2'], /--x takes PARAM:FROM:TO:COUNT/],
    [['--x', ':0:1:3', '--y', 'sb:0:1:2'], /--x takes PARAM:FROM:TO:COUNT/],
    [['--x', 'g:0:1:2.5', '--y', 'sb:0:1:2'], /--x: COUNT must be a whole number/],
    [['--x', 'g:1:1:3', '--y', 'sb:0:1:2'], /--x: FROM = TO = 1 gives one value/],
    [['--x', 'g:0:12:3', '--y', 'sb:0:1:2'], /--x: g runs from 0 to 10/],
    [['--x', 'g:0:1:3', '--y', 'g:0:2:2'], /--x and --y are both g/],
    [['--x', 'g:0:1:3'], /phase needs both axes/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--shard', '0/4'], /--shard: I must be from 1 to N = 4 \(got 0\)/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--shard', '5/4'], /--shard: I must be from 1 to N = 4 \(got 5\)/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--shard', '2'], /--shard takes I\/N/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--shard', '1/4', '--format', 'csv'], /--shard writes JSON/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--quantity', 'lyapunov'], /--quantity must be one of lambda-max, lambda-mean, p3, p2, kind/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--quantity', 'p3'], /p3 counts Paper B's random 1-D networks \(model=net1d/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--samples', '5'], /--samples applies to phase --quantity p3, p2 or lambda-mean/],
    [['--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--exponents', '17'], /--exponents must be between 0 and 16/],
  ])('phase %j', (args, msg) => {
    const r = run(['phase', '--url', RNN, ...args]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^error: /);
    expect(r.errLines[0]).toMatch(msg);
  });

  it.each([
    [['--url', '#model=net1d', '--x', 'g:0:1:3', '--y', 'x0:0:1:2', '--quantity', 'p2'], /--y: p2 counts Paper B's random 1-D networks: an axis is g, sb or k, not x0/],
    [['--url', '#model=net1d', '--x', 'g:0:1:3', '--y', 'sb:0:1:2', '--quantity', 'p3', '--steps', '10'], /--steps applies to phase --quantity lambda-max or kind, not p3/],
    [['--url', '#model=logistic', '--x', 'g:0:1:3', '--y', 'x0:0:1:2'], /--x: model=logistic has no parameter g; an axis is one of r, x0/],
    [['--url', '#model=logistic', '--x', 'r:0:1:3', '--y', 'x0:0:1:2', '--exponents', '1'], /--exponents applies to the vector models/],
    [['--url', '#model=logistic', '--x', 'r:0:1:3', '--y', 'x0:0:1:2', '--widths', '2'], /--widths does not apply to phase/],
  ])('phase %j', (args, msg) => {
    const r = run(['phase', ...args]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(msg);
  });

  it('--x, --y, --quantity do not apply to other quantities; --shard only to phase and chaos-probability', () => {
    for (const [argv, msg] of [
      [['lyapunov', '--x', 'g:0:1:2'], /--x does not apply to lyapunov/],
      [['chaos-probability', '--quantity', 'p3'], /--quantity does not apply to chaos-probability/],
      [['orbit', '--shard', '1/2'], /--shard does not apply to orbit \(only to phase, chaos-probability\)/],
      [['chaos-probability', '--shard', '3/2'], /--shard: I must be from 1 to N = 2/],
    ] as [string[], RegExp][]) {
      const r = run(argv);
      expect(r.code).toBe(2);
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(msg);
    }
  });
});

describe('scale-out with GNU parallel (docs/scale-out.md)', () => {
  it('4 shards run by parallel and merged equal the unsharded run', { timeout: 120_000 }, () => {
    const found = spawnSync('sh', ['-c', 'command -v parallel'], { encoding: 'utf8' });
    if (found.status !== 0) {
      throw new Error('GNU parallel is not installed, so the scale-out one-liner of docs/scale-out.md cannot be tested: install it (Debian: apt-get install -y parallel; .ci/run does this)');
    }
    const dir = mkdtempSync(join(tmpdir(), 'phase-shards-'));
    try {
      const url = '#model=logistic&lt=200';
      const spec = ['--x', 'r:3.4:4:6', '--y', 'x0:0.2:0.7:2', '--steps', '3000'];
      // the documented one-liner: the link single-quoted inside double quotes (parallel runs the line through a shell)
      execSync(`parallel --will-cite -j 2 npm run -s cli -- phase --url "'${url}'" ${spec.join(' ')} --shard {}/4 '>' ${dir}/part{}.json ::: $(seq 1 4)`, {
        cwd: ROOT,
        shell: '/bin/sh',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const parts = [1, 2, 3, 4].map((i) => join(dir, `part${i}.json`));
      for (const [i, p] of parts.entries()) expect(JSON.parse(readFileSync(p, 'utf8')).shard).toEqual({ index: i + 1, count: 4 });
      const merged = run(['merge', ...parts]);
      expect(merged.code, merged.err).toBe(0);
      const whole = run(['phase', '--url', url, ...spec]);
      expect(whole.code).toBe(0);
      expect(merged.out).toBe(whole.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
