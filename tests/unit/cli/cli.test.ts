import { MEASURE_LABELS } from '../../../src/core/training/measures';
import { Trainer } from '../../../src/core/training/trainLoop';
import { lorenzData } from '../../../src/core/training/trainData';
import { trainedNetwork } from '../../../src/core/training/trainedNetwork';
import { trainConfigOf } from '../../../src/params/trainRequests';
import { weightsHash } from '../../../src/params/weights';
import { parseWeightFile } from '../../../src/params/weightFile';
import type { Net1dWeights } from '../../../src/core/models';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliJson, runCli, type CliRun } from '../support/cli';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { type ModelParams, buildMap } from '../../../src/core/models';
import { orbit as coreOrbit } from '../../../src/core/map1d/orbit';
import { gGrid, runSweep, wilson } from '../../../src/core/interval/sweep';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The CLI in-process (tests/unit/support/cli.ts). */
const run = (argv: string[], files: Record<string, string> = {}): CliRun => runCli(argv, files);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function json(argv: string[], files: Record<string, string> = {}): any {
  return cliJson(run(argv, files));
}

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

const TENT_NET = JSON.stringify({ model: 'net1d', w: [1, 1], b: [0, -0.5], a: [2, -4], c: 0, activation: 'relu', output: 'identity' });
const relu = (z: number) => (z > 0 ? z : 0);
/** The tent map written as a ReLU network: f(x) = 2ReLU(x) − 4ReLU(x − ½). */
const tentNet = (x: number) => 2 * relu(x) - 4 * relu(x - 0.5);

describe('cli orbit', () => {
  it('logistic r = 4 from x0 = 0.1 equals 4x(1 − x) step by step, T + 1 values', () => {
    const o = json(['orbit', '--url', '#model=logistic&r=4&x0=0.1&T=50']);
    expect(o.x).toHaveLength(51);
    let x = 0.1;
    expect(o.x[0]).toBe(0.1);
    for (let t = 1; t <= 50; t++) {
      x = 4 * x * (1 - x);
      expect(o.x[t]).toBe(x); // same operations: bit-identical
    }
    expect(o.diverged).toBe(false);
    expect(o.divergedAt).toBeUndefined();
    expect(o.steps).toBe(50);
  });

  it('--steps overrides T, also below the link’s minimum of 10; a full link works too', () => {
    const o = json(['orbit', '--url', 'https://example.org/lab/#model=logistic&r=4&x0=0.1&T=50', '--steps', '3']);
    expect(o.x).toEqual([0.1, 4 * 0.1 * 0.9, 4 * 0.36000000000000004 * (1 - 0.36000000000000004), o.x[3]]);
    expect(o.x[3]).toBeCloseTo(4 * 0.9216 * (1 - 0.9216), 14);
    const zero = json(['orbit', '--url', '#model=logistic&r=4&x0=0.1', '--steps', '0']);
    expect(zero.x).toEqual([0.1]);
  });

  it('a diverging orbit outputs its finite prefix and where it left the bound, never NaN', () => {
    const r = run(['orbit', '--url', '#model=logistic&r=4&x0=1.5&T=100']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN|Infinity/);
    const o = JSON.parse(r.out);
    // 1.5 → −3 → −48 → −9408 → −3.54e8 (beyond 1e6)
    expect(o.x).toEqual([1.5, -3, -48, -9408]);
    expect(o.diverged).toBe(true);
    expect(o.divergedAt).toBe(4);
  });

  it('the state field is the canonical link of the run and reproduces it', () => {
    const o = json(['orbit', '--url', '#model=logistic&r=3.9&x0=0.2&T=30']);
    const d = decodeHash(o.state);
    expect(d.warnings).toEqual([]);
    expect(d.params.model).toBe('logistic');
    expect(d.params.r).toBe(3.9);
    expect(d.params.x0).toBe(0.2);
    expect(d.params.T).toBe(30);
    expect(encodeHash(d)).toBe(o.state);
    expect(json(['orbit', '--url', o.state])).toEqual(o);
    // --steps that the link can carry is written into the state
    const s = json(['orbit', '--url', '#model=logistic&r=3.9&x0=0.2&T=30', '--steps', '40']);
    expect(decodeHash(s.state).params.T).toBe(40);
    expect(json(['orbit', '--url', s.state]).x).toEqual(s.x);
  });

  it('without --url the default state is used', () => {
    const o = json(['orbit']);
    const d = decodeHash('');
    expect(o.x).toHaveLength(d.params.T + 1);
    expect(o.x[0]).toBe(d.params.x0);
    const ref = coreOrbit(buildMap(d.params as unknown as ModelParams, null), d.params.x0, d.params.T);
    expect(o.x).toEqual(Array.from(ref.x.subarray(0, ref.len)));
    expect(o.state).toBe(encodeHash({ params: d.params, weights: null }));
  });

  it('csv: header t,x and rows that parse back to the JSON values', () => {
    const url = '#model=logistic&r=3.7&x0=0.3&T=20';
    const r = run(['orbit', '--url', url, '--format', 'csv']);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.out);
    expect(header).toEqual(['t', 'x']);
    const o = json(['orbit', '--url', url]);
    expect(rows.map((row) => Number(row[0]))).toEqual(o.x.map((_: number, t: number) => t));
    expect(rows.map((row) => Number(row[1]))).toEqual(o.x); // full precision
  });

  it('link warnings go to stderr as "warning: …" lines and do not fail the run', () => {
    const r = run(['orbit', '--url', '#model=logistic&r=4&x0=0.1&T=5']);
    expect(r.code).toBe(0);
    expect(r.errLines).toEqual(['warning: T = 5 is outside 10 … 10000; using 10.']);
    expect(JSON.parse(r.out).x).toHaveLength(11);
  });
});

describe('cli lyapunov', () => {
  it('logistic r = 4 gives ln 2 ± 0.01', () => {
    const l = json(['lyapunov', '--url', '#model=logistic&r=4&x0=0.1&lt=1000&ls=200000']);
    expect(Math.abs(l.lambdaMax - Math.LN2)).toBeLessThan(0.01);
    expect(l.exponents).toEqual([l.lambdaMax]);
    expect(l.steps).toBe(200000);
    expect(l.transient).toBe(1000);
    expect(l.kind).toBe('chaotic');
    expect(l.period).toBe(0);
    expect(l.diverged).toBe(false);
    expect(l.superstable).toBe(false);
  });

  it('tent map μ = 2 gives ln 2 to 1e-12', () => {
    const l = json(['lyapunov', '--url', '#model=tent&mu=2&ls=1000']);
    expect(l.lambdaMax).toBeCloseTo(Math.LN2, 12);
    expect(l.steps).toBe(1000);
  });

  it('logistic r = 3.2: period 2 and λ = ½ ln|4 + 2r − r²|', () => {
    const r = 3.2;
    const l = json(['lyapunov', '--url', `#model=logistic&r=${r}`]);
    expect(l.period).toBe(2);
    expect(l.kind).toBe('periodic');
    expect(l.lambdaMax).toBeCloseTo(0.5 * Math.log(Math.abs(4 + 2 * r - r * r)), 6);
  });

  it('--steps and --transient override ls and lt and are written into the state', () => {
    const l = json(['lyapunov', '--url', '#model=tent&mu=2', '--steps', '500', '--transient', '7']);
    expect(l.steps).toBe(500);
    expect(l.transient).toBe(7);
    const p = decodeHash(l.state).params;
    expect([p.ls, p.lt]).toEqual([500, 7]);
  });

  it('a superstable orbit (logistic r = 2 from ½, λ = −∞): no number but superstable, and a word in CSV', () => {
    const l = json(['lyapunov', '--url', '#model=logistic&r=2&x0=0.5&lt=0&ls=100']);
    expect(l.superstable).toBe(true);
    expect(l.lambdaMax).toBeNull();
    expect(l.exponents).toEqual([null]);
    expect(l.kind).toBe('periodic');
    const csv = run(['lyapunov', '--url', '#model=logistic&r=2&x0=0.5&lt=0&ls=100', '--format', 'csv']);
    expect(csv.out.trim().split('\n')).toEqual(['lambda,stderr,steps,transient,period,kind', ',,100,0,1,periodic (superstable: lambda = -inf)']);
    expect(l.stderr).toEqual([null]);
    // a stable, not superstable, fixed point keeps its number: r = 2.5, x* = 0.6, f′ = −½
    const stable = json(['lyapunov', '--url', '#model=logistic&r=2.5']);
    expect(stable.superstable).toBe(false);
    expect(stable.lambdaMax).toBeCloseTo(Math.log(0.5), 10);
  });

  it('divergence is a result (exit 0) with null exponents', () => {
    const r = run(['lyapunov', '--url', '#model=logistic&r=4&x0=1.5&lt=10&ls=100']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN|Infinity/);
    const l = JSON.parse(r.out);
    expect(l.exponents).toEqual([null]);
    expect(l.lambdaMax).toBeNull();
    expect(l.diverged).toBe(true);
    expect(l.divergedAt).toBe(4); // x_4 is the first point beyond 1e6 (transient 10)
    expect(l.steps).toBe(0);
    expect(l.kind).toBe('diverged');
    expect(l.period).toBe(0);
    // csv: the λ field is empty, not NaN
    const c = parseCsv(run(['lyapunov', '--url', '#model=logistic&r=4&x0=1.5&lt=10&ls=100', '--format', 'csv']).out);
    expect(c.rows).toEqual([['', '', '0', '10', '0', 'diverged']]);
    expect(l.stderr).toEqual([null]);
  });

  it('csv: one header and one row that parse back', () => {
    const url = '#model=logistic&r=3.2';
    const { header, rows } = parseCsv(run(['lyapunov', '--url', url, '--format', 'csv']).out);
    expect(header).toEqual(['lambda', 'stderr', 'steps', 'transient', 'period', 'kind']);
    expect(rows).toHaveLength(1);
    const l = json(['lyapunov', '--url', url]);
    expect(Number(rows[0][0])).toBe(l.lambdaMax);
    expect(Number(rows[0][1])).toBe(l.stderr[0]);
    expect(rows[0].slice(2)).toEqual([String(l.steps), String(l.transient), '2', 'periodic']);
  });
});

describe('cli bifurcation', () => {
  const url = '#model=logistic&bp=r&bx0=2.5&bx1=3.2&bt=2000&bn=64';

  it('logistic r ∈ [2.5, 3.2], 8 columns: fixed point 1 − 1/r at the left, the 2-cycle at the right', () => {
    const b = json(['bifurcation', '--url', url, '--cols', '8']);
    expect(b.name).toBe('r');
    expect(b.param).toHaveLength(8);
    expect(b.param[0]).toBe(2.5);
    expect(b.param[7]).toBeCloseTo(3.2, 14);
    for (let j = 0; j < 8; j++) expect(b.param[j]).toBeCloseTo(2.5 + (0.7 * j) / 7, 14);
    expect(b.points).toHaveLength(8);
    for (const col of b.points) expect(col).toHaveLength(64);
    for (const x of b.points[0]) expect(x).toBeCloseTo(1 - 1 / 2.5, 12);
    const r = b.param[7];
    const s = Math.sqrt((r + 1) * (r - 3));
    const lo = (r + 1 - s) / (2 * r);
    const hi = (r + 1 + s) / (2 * r);
    const last: number[] = b.points[7];
    for (const x of last) expect(Math.min(Math.abs(x - lo), Math.abs(x - hi))).toBeLessThan(1e-9);
    expect(last.filter((x) => Math.abs(x - lo) < 1e-9)).toHaveLength(32); // alternates
    expect(b.period[0]).toBe(1);
    expect(b.period[7]).toBe(2);
    expect(b.lambda[0]).toBeCloseTo(Math.log(0.5), 6); // ln|2 − r|
    expect(b.lambda[7]).toBeCloseTo(0.5 * Math.log(Math.abs(4 + 2 * r - r * r)), 6);
    expect(b.diverged).toEqual(Array(8).fill(false));
    // periodic columns: λ known to rounding, an error of ~0; a chaotic column's error matches lyapunov's over the same steps
    expect(b.stderr).toHaveLength(8);
    expect(b.stderr[0]).toBeLessThan(1e-9);
    expect(b.stderr[7]).toBeLessThan(1e-9);
    const chaos = json(['bifurcation', '--url', '#model=logistic&bp=r&bx0=3.9&bx1=3.95&bt=500&bn=2000&x0=0.3', '--cols', '2']);
    const l = json(['lyapunov', '--url', '#model=logistic&r=3.9&x0=0.3&lt=500&ls=2000']);
    expect(chaos.lambda[0]).toBe(l.exponents[0]);
    expect(chaos.stderr[0]).toBe(l.stderr[0]);
    expect([b.cols, b.transient, b.keep]).toEqual([8, 2000, 64]);
    const p = decodeHash(b.state).params;
    expect([p.bp, p.bx0, p.bx1, p.bt, p.bn]).toEqual(['r', 2.5, 3.2, 2000, 64]);
  });

  it('--cols defaults to 200, --keep and --transient override bn and bt', () => {
    const b = json(['bifurcation', '--url', url, '--keep', '3', '--transient', '10']);
    expect(b.param).toHaveLength(200);
    expect(b.param[0]).toBe(2.5);
    expect(b.param[199]).toBeCloseTo(3.2, 14);
    expect(b.points.every((c: number[]) => c.length === 3)).toBe(true);
    expect([b.transient, b.keep]).toEqual([10, 3]);
  });

  it('diverged columns give their finite prefix, null λ and no NaN', () => {
    // logistic r = 4 swept over x0: 0.5 → 1 → 0 (fixed), 1 → 0, but 1.5 leaves [0, 1] and diverges
    const r = run(['bifurcation', '--url', '#model=logistic&r=4&bp=x0&bx0=0.5&bx1=1.5&bt=0&bn=10', '--cols', '3']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN|Infinity/);
    const b = JSON.parse(r.out);
    expect(b.name).toBe('x0');
    expect(b.param).toEqual([0.5, 1, 1.5]);
    expect(b.diverged).toEqual([false, false, true]);
    expect(b.points[0]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(b.points[2]).toEqual([-3, -48, -9408]);
    expect(b.lambda[2]).toBeNull();
    expect(b.period[2]).toBe(0);
  });

  it('csv: long format param,x with one row per point', () => {
    const r = run(['bifurcation', '--url', url, '--cols', '4', '--keep', '5', '--format', 'csv']);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.out);
    expect(header).toEqual(['param', 'x']);
    expect(rows).toHaveLength(20);
    const b = json(['bifurcation', '--url', url, '--cols', '4', '--keep', '5']);
    expect(rows.map((row) => Number(row[0]))).toEqual(b.param.flatMap((v: number) => Array(5).fill(v)));
    expect(rows.map((row) => Number(row[1]))).toEqual(b.points.flat());
  });
});

describe('cli imported networks', () => {
  it('--weights: the tent map as a ReLU network, f(x) = 2ReLU(x) − 4ReLU(x − ½)', () => {
    const o = json(['orbit', '--url', '#x0=0.1&T=12', '--weights', 'tent.json'], { 'tent.json': TENT_NET });
    expect(o.x.slice(0, 5)).toEqual([0.1, 0.2, 0.4, 0.8, o.x[4]]);
    expect(o.x[4]).toBeCloseTo(0.4, 12); // 2·0.8 − 4·0.3
    let x = 0.1;
    for (let t = 1; t <= 12; t++) {
      x = tentNet(x);
      expect(o.x[t]).toBeCloseTo(x, 12);
    }
    const p = decodeHash(o.state);
    expect(p.params.model).toBe('net1d');
    expect(p.params.act).toBe('relu');
    expect(p.params.out).toBe('identity');
    expect(p.params.k).toBe(2);
    expect([p.params.g, p.params.sb]).toEqual([1, 1]); // not stated by the link: the file as it is
    expect(Array.from((p.weights!.data as Net1dWeights).a)).toEqual([2, -4]);
  });

  it('the state of a --weights run carries the network inline and reproduces the run without the file', () => {
    const o = json(['orbit', '--url', '#x0=0.1&T=12', '--weights', 'tent.json'], { 'tent.json': TENT_NET });
    const again = run(['orbit', '--url', o.state]);
    expect(again.code).toBe(0);
    expect(again.err).toBe('');
    expect(JSON.parse(again.out)).toEqual(o);
  });

  it('g and σ_b stated by the link scale the imported weights (effectiveNet)', () => {
    const o = json(['orbit', '--url', '#g=0.5&sb=2&x0=0.7&T=10', '--weights', 'tent.json'], { 'tent.json': TENT_NET });
    // w = 0.5·[1, 1], a = 0.5·[2, −4], b = 2·[0, −0.5]
    const f = (x: number) => relu(0.5 * x) - 2 * relu(0.5 * x - 1);
    let x = 0.7;
    for (let t = 1; t <= 10; t++) {
      x = f(x);
      expect(o.x[t]).toBeCloseTo(x, 12);
    }
    const p = decodeHash(o.state).params;
    expect([p.g, p.sb]).toEqual([0.5, 2]);
  });

  it('--weights also drives lyapunov: the tent network has λ = ln 2 until it collapses', () => {
    const l = json(['lyapunov', '--url', '#x0=0.1&lt=0&ls=20', '--weights', 'tent.json'], { 'tent.json': TENT_NET });
    expect(l.lambdaMax).toBeCloseTo(Math.LN2, 12); // |f′| = 2 on the orbit 0.1, 0.2, 0.4, 0.8, 0.4, …
  });

  it('--weights replaces another model of the link, with a warning', () => {
    const r = run(['orbit', '--url', '#model=logistic&x0=0.1&T=10', '--weights', 'tent.json'], { 'tent.json': TENT_NET });
    expect(r.code).toBe(0);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^warning: .*model = logistic.*net1d/);
    expect(JSON.parse(r.out).x[3]).toBe(0.8);
  });

  it('inline weights in the link (wd) are used as the imported network', () => {
    const withFile = json(['orbit', '--url', '#x0=0.1&T=12', '--weights', 'tent.json'], { 'tent.json': TENT_NET });
    // a link carrying the data, written by hand from the state's wh/wd and other keys
    const d = decodeHash(withFile.state);
    const link = `#model=net1d&act=relu&g=1&sb=1&x0=0.1&T=12&wd=${new URLSearchParams(withFile.state).get('wd')}`;
    expect(d.weights!.data).not.toBeNull();
    const o = json(['orbit', '--url', link]);
    expect(o.x).toEqual(withFile.x);
  });

  it('a link with wh but no data and no --weights warns and uses the seeded network', () => {
    const r = run(['orbit', '--url', '#model=net1d&x0=0.3&T=20&wh=0123456789abcd']);
    expect(r.code).toBe(0);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^warning: .*0123456789abcd.*seeded network/);
    const o = JSON.parse(r.out);
    expect(o.x).toEqual(json(['orbit', '--url', '#model=net1d&x0=0.3&T=20']).x);
    expect(o.state).not.toContain('wh=');
  });

  it('an unreadable or invalid weights file exits 2 with one line naming the problem', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /^error: cannot read weights file "net\.json": ENOENT/],
      [{ 'net.json': '{"w":[1,' }, /^error: invalid weights file "net\.json": Not valid JSON/],
      [{ 'net.json': JSON.stringify({ w: [1, 'a'], b: [0, 0], a: [1, 1], activation: 'relu' }) }, /"w\[1\]" must be a finite number/],
      [{ 'net.json': JSON.stringify({ w: [1, 1], b: [0], a: [1, 1], activation: 'relu' }) }, /must have the same length \(got 2, 1, 2\)/],
      [{ 'net.json': JSON.stringify({ w: [1], b: [0], a: [1] }) }, /"activation" is missing/],
      [{ 'net.json': JSON.stringify({ model: 'transformer', w: [1], b: [0], a: [1], activation: 'tanh' }) }, /"model" is "transformer"/],
    ];
    for (const [files, re] of cases) {
      const r = run(['orbit', '--url', '#x0=0.1', '--weights', 'net.json'], files);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(re);
    }
  });
});

describe('cli periodic', () => {
  const tent = { 'tent.json': TENT_NET };
  const fp = (x: number, p: number) => {
    for (let i = 0; i < p; i++) x = tentNet(x);
    return x;
  };

  it('the tent network has the 3-cycles {2/7, 4/7, 6/7} and {2/9, 4/9, 8/9}: Li–Yorke chaos', () => {
    const o = json(['periodic', '--weights', 'tent.json'], tent);
    expect(o.method).toBe('exact');
    expect(o.maxPeriod).toBe(8);
    expect(o.liYorke).toBe(true);
    expect(o.period3).toBe(true);
    expect(o.periods[0]).toBe(3); // Sharkovsky's order: 3 first
    expect(o.periods.slice(-3)).toEqual([4, 2, 1]); // powers of two last, descending
    const threes = o.cycles.filter((c: { period: number }) => c.period === 3);
    expect(threes).toHaveLength(2);
    const [a, b] = threes.map((c: { points: number[] }) => c.points);
    const want = [
      [2 / 9, 4 / 9, 8 / 9],
      [2 / 7, 4 / 7, 6 / 7],
    ];
    [a, b].forEach((pts: number[], i: number) => pts.forEach((x, j) => expect(x).toBeCloseTo(want[i][j], 12)));
    for (const c of threes) {
      expect(Math.abs(c.multiplier)).toBeCloseTo(8, 9); // |f′| = 2 on each point
      expect(c.stable).toBe(false);
      expect(c.stability).toBe('unstable');
    }
    // every reported cycle is a cycle of the map, with that minimal period
    for (const c of o.cycles) {
      for (const x of c.points) {
        expect(Math.abs(fp(x, c.period) - x)).toBeLessThan(1e-9);
        for (let d = 1; d < c.period; d++) if (c.period % d === 0) expect(Math.abs(fp(x, d) - x)).toBeGreaterThan(1e-9);
      }
    }
    expect(o.cycles.filter((c: { period: number }) => c.period === 1).map((c: { points: number[] }) => c.points[0])).toEqual([0, expect.closeTo(2 / 3, 12)]);
  });

  it('logistic r = 3: no spurious 2-cycle at the bifurcation, and complete: false names the tangency at 2/3', () => {
    const o = json(['periodic', '--url', '#model=logistic&r=3']);
    expect(o.cycles.map((c: { period: number }) => c.period)).toEqual([1, 1]);
    expect(o.complete).toBe(false);
    const two = o.incomplete.find((i: { period: number }) => i.period === 2);
    expect(two.exhausted).toBe(false);
    expect(two.cells).toHaveLength(1);
    expect(two.cells[0][0]).toBeLessThan(2 / 3);
    expect(two.cells[0][1]).toBeGreaterThan(2 / 3);
    expect(o.notes.join(' ')).toMatch(/Periods 2, 4, 6 and 8 are not certified complete/);
  });

  it('logistic r = 3.2: a stable 2-cycle and the two fixed points, no Li–Yorke chaos', () => {
    const r = 3.2;
    const o = json(['periodic', '--url', `#model=logistic&r=${r}`]);
    expect(o.method).toBe('certified');
    expect(o.complete).toBe(true);
    expect(o.incomplete).toEqual([]);
    expect(o.window).toEqual([expect.closeTo(0, 12), expect.closeTo(r / 4, 12)]);
    expect(o.cells).toBeGreaterThan(0);
    expect(o.periods).toEqual([2, 1]);
    expect(o.liYorke).toBe(false);
    expect(o.period3).toBe(false);
    const two = o.cycles.find((c: { period: number }) => c.period === 2);
    const s = Math.sqrt((r + 1) * (r - 3));
    expect(two.points[0]).toBeCloseTo((r + 1 - s) / (2 * r), 10);
    expect(two.points[1]).toBeCloseTo((r + 1 + s) / (2 * r), 10);
    expect(two.multiplier).toBeCloseTo(4 + 2 * r - r * r, 8);
    expect(two.stable).toBe(true);
    expect(o.cycles.filter((c: { period: number }) => c.period === 1).map((c: { points: number[] }) => c.points[0])).toEqual([0, expect.closeTo(1 - 1 / r, 10)]);
  });

  it('logistic r = 3.83: a stable 3-cycle in the period-3 window', () => {
    const o = json(['periodic', '--url', '#model=logistic&r=3.83', '--max-period', '3']);
    expect(o.maxPeriod).toBe(3);
    expect(o.period3).toBe(true);
    expect(o.liYorke).toBe(true);
    expect(o.cycles.some((c: { period: number; stable: boolean }) => c.period === 3 && c.stable)).toBe(true);
  });

  it('--max-period limits the search; csv has one row per cycle point', () => {
    const o = json(['periodic', '--weights', 'tent.json', '--max-period', '2'], tent);
    expect(o.periods).toEqual([2, 1]);
    expect(o.liYorke).toBe(false);
    const r = run(['periodic', '--weights', 'tent.json', '--max-period', '3', '--format', 'csv'], tent);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.out);
    expect(header).toEqual(['cycle', 'period', 'j', 'x', 'multiplier', 'stability']);
    const full = json(['periodic', '--weights', 'tent.json', '--max-period', '3'], tent);
    expect(rows).toHaveLength(full.cycles.reduce((n: number, c: { points: number[] }) => n + c.points.length, 0));
    expect(rows.map((row) => Number(row[3]))).toEqual(full.cycles.flatMap((c: { points: number[] }) => c.points));
    expect(rows.filter((row) => row[1] === '3')).toHaveLength(6);
  });
});

describe('cli laps', () => {
  it('the tent network on [0, 1]: laps of fᵗ = 2ᵗ, growth 2, entropy ln 2', () => {
    const o = json(['laps', '--weights', 'tent.json', '--window', '0,1'], { 'tent.json': TENT_NET });
    expect(o.method).toBe('exact');
    expect(o.window).toEqual([0, 1]);
    expect(o.t).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(o.laps).toEqual(o.t.map((t: number) => 2 ** t));
    expect(o.crossings).toEqual(o.laps);
    expect(o.fixedPoints).toEqual(o.laps);
    expect(o.level).toBe(0.5);
    expect(o.growthRate).toBeCloseTo(2, 10);
    expect(o.entropy).toBeCloseTo(Math.LN2, 10);
  });

  it('the tent model μ = 2 (T from the link’s xt, or --steps, written into the state)', () => {
    const o = json(['laps', '--url', '#model=tent&mu=2&xt=6']);
    expect(o.laps).toEqual([2, 4, 8, 16, 32, 64]);
    const p = json(['laps', '--url', '#model=tent&mu=2', '--steps', '12']);
    expect(p.laps).toHaveLength(12);
    expect(p.laps[11]).toBe(4096);
    expect(decodeHash(p.state).params.xt).toBe(12);
    expect(json(['laps', '--url', p.state])).toEqual(p);
  });

  it('csv: t,laps,crossings,fixedPoints', () => {
    const r = run(['laps', '--url', '#model=tent&mu=2&xt=4', '--format', 'csv']);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.out);
    expect(header).toEqual(['t', 'laps', 'crossings', 'fixedPoints']);
    expect(rows).toEqual([
      ['1', '2', '2', '2'],
      ['2', '4', '4', '4'],
      ['3', '8', '8', '8'],
      ['4', '16', '16', '16'],
    ]);
  });
});

describe('cli chaos-probability', () => {
  const url = '#act=relu&init=he&sb=1&seed=7&sw=2,8&sg0=0.5&sg1=3.5&sgn=4&sn=30';

  it('is deterministic for a link, equals runSweep, and P(period 3) ≤ P(2-cycle) everywhere', () => {
    const r1 = run(['chaos-probability', '--url', url]);
    const r2 = run(['chaos-probability', '--url', url]);
    expect(r1.code).toBe(0);
    expect(r1.err).toBe('');
    expect(r1.out).toBe(r2.out);
    const o = JSON.parse(r1.out);
    expect(o.widths).toEqual([2, 8]);
    expect(o.g).toEqual(gGrid(0.5, 3.5, 4));
    expect(o.samples).toBe(30);
    expect(o.method).toBe('exact');
    expect(o.config).toEqual({ act: 'relu', out: 'identity', init: 'he', sb: 1, seed: 7 });
    const ref = runSweep({ act: 'relu', out: 'identity', init: 'he', sb: 1, seed: 7, widths: [2, 8], gs: gGrid(0.5, 3.5, 4), samples: 30 }).counts;
    expect(o.counts.n).toEqual(ref.map((row) => row.map((c) => c.n)));
    expect(o.counts.p3).toEqual(ref.map((row) => row.map((c) => c.p3)));
    expect(o.counts.p2).toEqual(ref.map((row) => row.map((c) => c.p2)));
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 4; j++) {
        expect(o.counts.n[i][j]).toBe(30);
        expect(o.p3[i][j]).toBe(o.counts.p3[i][j] / 30);
        expect(o.p2[i][j]).toBe(o.counts.p2[i][j] / 30);
        expect(o.p3[i][j]).toBeLessThanOrEqual(o.p2[i][j]); // period 3 implies period 2 (Sharkovsky)
        expect([o.p3Low[i][j], o.p3High[i][j]]).toEqual(wilson(o.counts.p3[i][j], 30));
        expect([o.p2Low[i][j], o.p2High[i][j]]).toEqual(wilson(o.counts.p2[i][j], 30));
      }
    // chaos grows with g: more period-3 networks at the largest g than at the smallest
    const sum = (j: number) => o.counts.p3.reduce((a: number, row: number[]) => a + row[j], 0);
    expect(sum(3)).toBeGreaterThan(sum(0));
  });

  it('--samples, --widths and --g override the link and go into the state, which reproduces the run', () => {
    const o = json(['chaos-probability', '--url', url, '--samples', '12', '--widths', '8, 3,8', '--g', '1,3,3']);
    expect(o.widths).toEqual([3, 8]);
    expect(o.g).toEqual([1, 2, 3]);
    expect(o.samples).toBe(12);
    expect(o.counts.n.flat()).toEqual(Array(6).fill(12));
    const p = decodeHash(o.state).params;
    expect([p.sn, p.sw, p.sg0, p.sg1, p.sgn]).toEqual([12, [3, 8], 1, 3, 3]);
    expect(json(['chaos-probability', '--url', o.state])).toEqual(o);
    // a g grid the link cannot carry (step 0.01) leaves the link's g keys, all three
    const q = json(['chaos-probability', '--url', url, '--samples', '10', '--g', '1.005,2,2']);
    expect(q.g).toEqual([1.005, 2]);
    const pq = decodeHash(q.state).params;
    expect([pq.sg0, pq.sg1, pq.sgn]).toEqual([0.5, 3.5, 4]);
  });

  it('a smooth activation is tested by the certified search, and says so', () => {
    const o = json(['chaos-probability', '--url', '#act=tanh&seed=3', '--samples', '10', '--widths', '4', '--g', '1,3,2']);
    expect(o.method).toBe('certified');
    for (let j = 0; j < 2; j++) expect(o.p3[0][j]).toBeLessThanOrEqual(o.p2[0][j]);
  });

  it('csv: one row per width and g with n, p3 and p2 and their bounds', () => {
    const r = run(['chaos-probability', '--url', url, '--format', 'csv']);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.out);
    expect(header).toEqual(['width', 'g', 'n', 'p3', 'p3Low', 'p3High', 'p2', 'p2Low', 'p2High']);
    const o = json(['chaos-probability', '--url', url]);
    expect(rows).toHaveLength(8);
    expect(rows[5].map(Number)).toEqual([8, o.g[1], 30, o.p3[1][1], o.p3Low[1][1], o.p3High[1][1], o.p2[1][1], o.p2Low[1][1], o.p2High[1][1]]);
  });
});

describe('cli vector models', () => {
  it('lyapunov of the Hénon map: 0.419 and −1.623, the sum rule Σλ = ln 0.3 to 1e-9', () => {
    const l = json(['lyapunov', '--url', '#model=henon', '--steps', '200000']);
    expect(l.n).toBe(2);
    expect(l.k).toBe(2);
    expect(l.exponents).toHaveLength(2);
    expect(Math.abs(l.exponents[0] - 0.419)).toBeLessThan(0.01);
    expect(Math.abs(l.exponents[1] + 1.623)).toBeLessThan(0.01);
    expect(l.lambdaMax).toBe(l.exponents[0]);
    expect(l.steps).toBe(200000);
    expect(l.transient).toBe(1000);
    expect(Math.abs(l.sumRule.sum - Math.log(0.3))).toBeLessThan(1e-9);
    expect(l.sumRule.meanLogDet).toBeCloseTo(Math.log(0.3), 10); // ln|det J| = ln b every step (rounding of the mean only)
    expect(l.positive).toBe(1);
    expect(l.kaplanYorke).toBeCloseTo(1 + l.exponents[0] / -l.exponents[1], 12);
    expect(l.entropy).toBe(l.exponents[0]);
    expect(l.predictabilityTime).toBeCloseTo(Math.LN2 / l.exponents[0], 12);
    expect(Math.abs(l.twoTrajectory - l.exponents[0])).toBeLessThan(0.01);
    expect(l.meanField).toBeUndefined(); // M3 only
    expect(l.diverged).toBe(false);
    expect(decodeHash(l.state).params.ls).toBe(200000);
  });

  it('an RNN with g = 0.5 has every exponent negative (and so has the mean field)', () => {
    const l = json(['lyapunov', '--url', '#model=rnn&g=0.5', '--steps', '2000', '--transient', '500']);
    expect(l.n).toBe(64); // the RNN's default N
    expect(l.exponents).toHaveLength(64);
    for (const v of l.exponents) expect(v).toBeLessThan(0);
    expect(l.positive).toBe(0);
    expect(l.kaplanYorke).toBe(0);
    expect(l.entropy).toBe(0);
    expect(l.predictabilityTime).toBeNull();
    expect(l.meanField.lambda).toBeLessThan(0);
    expect(l.meanField.source).toBe('law');
    expect(l.meanField.sigmaW2).toBeCloseTo(0.25, 14); // g²·LAW_SIGMA2.gauss
  });

  it('#model=rnn&k=64&g=2&act=tanh: λ_max > 0 with several positive exponents, mean-field λ > 0, sum rule, two-trajectory check', () => {
    const l = json(['lyapunov', '--url', '#model=rnn&k=64&g=2&act=tanh', '--steps', '4000', '--transient', '500']);
    expect(l.lambdaMax).toBeGreaterThan(0);
    expect(l.positive).toBeGreaterThan(1);
    expect(l.kaplanYorke).toBeGreaterThan(l.positive);
    expect(l.meanField.lambda).toBeGreaterThan(0);
    expect(l.meanField.chi1).toBeGreaterThan(1);
    expect(l.meanField.qStar).toBeGreaterThan(0);
    expect(l.meanField.criticalG).toBeGreaterThan(1);
    expect(l.meanField.criticalG).toBeLessThan(2);
    expect(Math.abs(l.sumRule.sum - l.sumRule.meanLogDet)).toBeLessThan(1e-8 * Math.abs(l.sumRule.meanLogDet));
    expect(Math.abs(l.twoTrajectory - l.lambdaMax)).toBeLessThan(0.03);
    // exponents in decreasing order
    for (let i = 1; i < l.exponents.length; i++) expect(l.exponents[i]).toBeLessThanOrEqual(l.exponents[i - 1] + 1e-3);
  });

  it('--exponents k computes the top k only (no sum rule), goes into the state as nk, which reproduces the run', () => {
    const l = json(['lyapunov', '--url', '#model=rnn&k=16&g=2', '--steps', '1000', '--transient', '100', '--exponents', '3']);
    expect(l.exponents).toHaveLength(3);
    expect(l.k).toBe(3);
    expect(l.sumRule).toBeUndefined();
    const p = decodeHash(l.state).params;
    expect([p.nk, p.ls, p.lt]).toEqual([3, 1000, 100]);
    expect(json(['lyapunov', '--url', l.state])).toEqual(l);
    // the link's nk is the default; 0 means all N
    expect(json(['lyapunov', '--url', '#model=rnn&k=16&g=2&nk=2&ls=200&lt=0']).exponents).toHaveLength(2);
    expect(json(['lyapunov', '--url', '#model=rnn&k=16&g=2&ls=200&lt=0', '--exponents', '0']).exponents).toHaveLength(16);
  });

  it('a diverging vector map is a result: null exponents, never NaN (the PLRNN at g = 3, seed 6)', () => {
    const r = run(['lyapunov', '--url', '#model=plrnn&g=3&seed=6']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN|Infinity/);
    const l = JSON.parse(r.out);
    expect(l.diverged).toBe(true);
    expect(l.lambdaMax).toBeNull();
    expect(l.exponents.every((v: number | null) => v === null)).toBe(true);
  });

  it('csv: one row per exponent', () => {
    const r = run(['lyapunov', '--url', '#model=henon&ls=1000', '--format', 'csv']);
    const { header, rows } = parseCsv(r.out);
    expect(header).toEqual(['i', 'lambda', 'stderr']);
    const l = json(['lyapunov', '--url', '#model=henon&ls=1000']);
    expect(rows).toEqual(l.exponents.map((v: number, i: number) => [String(i + 1), String(v), String(l.stderr[i])]));
  });

  it('ls = auto (the default): lyapunov stops when every error is below tol and says so; --steps is a fixed length', () => {
    const a = json(['lyapunov', '--url', '#model=logistic&r=3.9']);
    expect(a.tol).toBe(0.001);
    expect(a.stopped).toBe('tol');
    expect(a.stderr[0]).toBeLessThan(0.001);
    expect(a.steps % 1024).toBe(0);
    expect(decodeHash(a.state).params.ls).toBe(0);
    const f = json(['lyapunov', '--url', '#model=logistic&r=3.9', '--steps', '5000']);
    expect(f.tol).toBeNull();
    expect(f.stopped).toBe('steps');
    expect(f.steps).toBe(5000);
    const v = json(['lyapunov', '--url', '#model=henon&tol=0.004']);
    expect(v.tol).toBe(0.004);
    expect(v.stopped).toBe('tol');
    for (const se of v.stderr) expect(se).toBeLessThan(0.004);
    const capped = json(['lyapunov', '--url', '#model=henon&ls=auto&tol=1e-6&k=2']);
    expect(capped.stopped).toBe('cap');
  });

  it('standard errors of the Hénon spectrum: λ₁ + λ₂ = ln b every step, so both exponents and D_KY share one error', () => {
    const l = json(['lyapunov', '--url', '#model=henon&a=1.4&b=0.3&ls=40000']);
    const [l1, l2] = l.exponents;
    const [s1, s2] = l.stderr;
    // λ₁ of the Hénon attractor is 0.41922 to five digits (Sprott 2003, Chaos and Time-Series Analysis)
    expect(s1).toBeGreaterThan(5e-4);
    expect(s1).toBeLessThan(2e-2);
    expect(Math.abs(l1 - 0.41922)).toBeLessThan(4 * s1);
    expect(s2 / s1).toBeCloseTo(1, 6);
    // one positive exponent: the entropy is λ₁, with λ₁'s error
    expect(l.entropyStderr).toBe(s1);
    // D = 1 + λ₁/|λ₂| with λ₂ = ln b − λ₁: dD/dλ₁ = (|λ₂| − λ₁)/λ₂²
    expect(l.kaplanYorkeStderr / (s1 * (Math.abs(l2) - l1) / (l2 * l2))).toBeCloseTo(1, 4);
  });

  it('orbit of the Hénon map from (x₀, 0) equals an independent iteration; divergence gives the finite prefix', () => {
    const o = json(['orbit', '--url', '#model=henon&a=1.4&b=0.3&x0=0.2&T=40']);
    expect(o.n).toBe(2);
    expect(o.states).toHaveLength(41);
    let [x, y] = [0.2, 0];
    expect(o.states[0]).toEqual([0.2, 0]);
    for (let t = 1; t <= 40; t++) {
      [x, y] = [1 - 1.4 * x * x + y, 0.3 * x];
      expect(o.states[t]).toEqual([x, y]); // same operations: bit-identical
    }
    expect(o.diverged).toBe(false);
    const d = json(['orbit', '--url', '#model=henon&x0=10&T=10']);
    // (10, 0) → (−139, 3) → (−27045.4, −41.7) → (−1.02e9, …) beyond 10⁶
    expect(d.states).toHaveLength(3);
    expect(d.states[1]).toEqual([-139, 3]);
    expect(d.diverged).toBe(true);
    expect(d.divergedAt).toBe(3);
  });

  it('orbit of an RNN: T + 1 states of N units; csv has one column per unit', () => {
    const o = json(['orbit', '--url', '#model=rnn&k=8&g=1.5&T=20']);
    expect(o.states).toHaveLength(21);
    for (const h of o.states) expect(h).toHaveLength(8);
    const r = run(['orbit', '--url', '#model=rnn&k=8&g=1.5&T=20', '--format', 'csv']);
    const { header, rows } = parseCsv(r.out);
    expect(header).toEqual(['t', 'x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
    expect(rows).toHaveLength(21);
    expect(rows.map((row) => row.slice(1).map(Number))).toEqual(o.states);
  });

  it('eigen: an orthogonal-law RNN has spectral radius g and every |μ| = g', () => {
    const e = json(['eigen', '--url', '#model=rnn&k=48&g=1.3&wl=orth']);
    expect(e.re).toHaveLength(48);
    expect(e.im).toHaveLength(48);
    expect(Math.abs(e.spectralRadius - 1.3)).toBeLessThan(1e-10);
    e.re.forEach((r: number, i: number) => expect(Math.abs(Math.hypot(r, e.im[i]) - 1.3)).toBeLessThan(1e-10));
    expect(e.circularLaw).toMatchObject({ radius: 1.3, kind: 'orthogonal' });
    expect(Math.abs(e.norm2 - 1.3)).toBeLessThan(1e-10);
    expect(e.matrix).toBe('gW');
  });

  it('eigen: fixed points with residuals below the bound, Jacobian eigenvalues and stability; deterministic; csv long format', () => {
    const url = '#model=rnn&k=32&g=1.5&sb=0';
    const r = run(['eigen', '--url', url]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN|Infinity/);
    const e = JSON.parse(r.out);
    expect(e.fixedPoints.length).toBeGreaterThanOrEqual(1);
    const origin = e.fixedPoints.find((f: { origin: boolean }) => f.origin);
    expect(origin.spectralRadius).toBeCloseTo(e.spectralRadius, 12); // J(0) = gW for tanh with zero bias
    expect(origin.stability).toBe(e.spectralRadius < 1 ? 'stable' : 'unstable');
    for (const f of e.fixedPoints) {
      expect(f.point).toHaveLength(32);
      expect(f.residual).toBeLessThanOrEqual(1e-10 * Math.max(1, f.norm));
      expect(f.eigenvalues.re).toHaveLength(32);
    }
    expect(e.starts.length).toBe(e.failed + e.singular + e.starts.filter((s: { outcome: string }) => s.outcome === 'new' || s.outcome === 'duplicate').length);
    expect(json(['eigen', '--url', url])).toEqual(e);
    const c = run(['eigen', '--url', url, '--format', 'csv']);
    const { header, rows } = parseCsv(c.out);
    expect(header).toEqual(['set', 'i', 're', 'im', 'modulus']);
    expect(rows.filter((row) => row[0] === 'matrix')).toHaveLength(32);
    expect(rows).toHaveLength(32 * (1 + e.fixedPoints.length));
  });

  it('eigen of the Hénon map: no matrix, the two fixed points with μ = −ax ± √(a²x² + b)', () => {
    const e = json(['eigen', '--url', '#model=henon']);
    expect(e.re).toEqual([]);
    expect(e.spectralRadius).toBeNull();
    expect(e.circularLaw).toBeNull();
    const xs = [(-0.7 + Math.sqrt(0.49 + 5.6)) / 2.8, (-0.7 - Math.sqrt(0.49 + 5.6)) / 2.8];
    expect(e.fixedPoints.map((f: { point: number[] }) => f.point[0])).toEqual([expect.closeTo(xs[0], 12), expect.closeTo(xs[1], 12)]);
    const mu = -1.4 * xs[0] - Math.sqrt(1.96 * xs[0] * xs[0] + 0.3);
    expect(e.fixedPoints[0].spectralRadius).toBeCloseTo(Math.abs(mu), 12);
    expect(e.fixedPoints.map((f: { stability: string }) => f.stability)).toEqual(['unstable', 'unstable']);
  });

  // W = 0.5·P (P the cyclic permutation): eigenvalues 0.5·e^{2πik/3}
  const RNN_FILE = JSON.stringify({ model: 'rnn', W: [[0, 0.5, 0], [0, 0, 0.5], [0.5, 0, 0]], b: [0.1, -0.2, 0.3], activation: 'tanh' });

  it('an RNN weights file: model, N and φ from the file, g = 1; the orbit is h ← tanh(Wh + b); the state carries it and reproduces the run', () => {
    const files = { 'rnn.json': RNN_FILE };
    const o = json(['orbit', '--url', '#T=15', '--weights', 'rnn.json'], files);
    const p = decodeHash(o.state);
    expect(p.params.model).toBe('rnn');
    expect(p.params.k).toBe(3);
    expect(p.params.act).toBe('tanh');
    expect(p.params.g).toBe(1);
    expect(p.weights!.data).not.toBeNull(); // 12 numbers travel inline (wd)
    expect(o.state).toContain('wd=');
    const W = [[0, 0.5, 0], [0, 0, 0.5], [0.5, 0, 0]];
    const b = [0.1, -0.2, 0.3];
    let h: number[] = o.states[0];
    for (let t = 1; t <= 15; t++) {
      h = W.map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * h[j], 0) + b[i]));
      o.states[t].forEach((v: number, i: number) => expect(v).toBeCloseTo(h[i], 15));
    }
    expect(json(['orbit', '--url', o.state])).toEqual(o); // without the file
    // g in the link scales W
    const e2 = json(['eigen', '--url', '#g=2', '--weights', 'rnn.json'], files);
    expect(e2.spectralRadius).toBeCloseTo(1, 14);
    const e = json(['eigen', '--weights', 'rnn.json'], files);
    expect(e.spectralRadius).toBeCloseTo(0.5, 14);
    expect(e.re.filter((v: number) => Math.abs(v - 0.5) < 1e-12)).toHaveLength(1);
    expect(e.re.filter((v: number) => Math.abs(v + 0.25) < 1e-12)).toHaveLength(2);
    expect(e.im.map((v: number) => Math.abs(v)).sort()).toEqual([0, expect.closeTo(Math.sqrt(3) / 4, 12), expect.closeTo(Math.sqrt(3) / 4, 12)]);
    expect(e.circularLaw.kind).toBe('estimate');
    // mean field from the file's entries: σ_w² = g²·ΣWᵢⱼ²/N, σ_b² = mean bᵢ²
    const l = json(['lyapunov', '--url', '#ls=500&lt=10', '--weights', 'rnn.json'], files);
    expect(l.meanField.source).toBe('imported');
    expect(l.meanField.sigmaW2).toBeCloseTo(0.25, 14);
    expect(l.meanField.sigmaB2).toBeCloseTo((0.01 + 0.04 + 0.09) / 3, 14);
    expect(l.lambdaMax).toBeLessThan(0);
  });

  it('a PLRNN weights file: the matrix is diag(A) + W', () => {
    const file = JSON.stringify({ model: 'plrnn', A: [0.5, -0.2], W: [[0, 0.3], [0.4, 0]], h: [0.1, 0.1] });
    const r = run(['eigen', '--url', '#model=net1d', '--weights', 'p.json'], { 'p.json': file });
    expect(r.code).toBe(0);
    expect(r.errLines).toEqual(['warning: --weights imports a PLRNN: model = net1d in the link is replaced by plrnn.']);
    const e = JSON.parse(r.out);
    expect(e.model).toBe('plrnn');
    expect(e.matrix).toBe('g(diag(A) + W)');
    // [[0.5, 0.3], [0.4, −0.2]]: μ = 0.15 ± √(0.1225 + 0.12)
    const s = Math.sqrt(0.35 * 0.35 + 0.12);
    expect(e.re[0]).toBeCloseTo(0.15 + s, 14);
    expect(e.re[1]).toBeCloseTo(0.15 - s, 14);
    expect(e.offDiagonal.spectralRadius).toBeCloseTo(Math.sqrt(0.12), 14);
  });

  it('the 1-D quantities refuse vector models, and eigen refuses 1-D models, with one line and exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['bifurcation', '--url', '#model=rnn'], /^error: bifurcation is computed for the 1-D models .* not for model=rnn; for the vector models use orbit, lyapunov or eigen$/],
      [['periodic', '--url', '#model=henon'], /periodic is computed for the 1-D models/],
      [['laps', '--url', '#model=plrnn'], /laps is computed for the 1-D models/],
      [['chaos-probability', '--url', '#model=rnn'], /chaos-probability sweeps 1-D networks/],
      [['eigen', '--url', '#model=logistic'], /eigen is computed for the vector models \(rnn, plrnn, gru, lstm, elman, henon\), not for model=logistic/],
      [['lyapunov', '--url', '#model=rnn&k=8', '--exponents', '9'], /--exponents must be between 0 and 8 for this model/],
      [['lyapunov', '--url', '#model=logistic', '--exponents', '1'], /--exponents applies to the vector models/],
      [['orbit', '--url', '#model=rnn&k=512', '--steps', '100000'], /at most 10000000 are printed/],
      [['orbit', '--exponents', '2'], /--exponents does not apply to orbit/],
      [['lyapunov', '--exponents', '-1'], /--exponents must be between 0 and 512/],
    ];
    for (const [argv, re] of cases) {
      const r = run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out, argv.join(' ')).toBe('');
      expect(r.errLines, argv.join(' ')).toHaveLength(1);
      expect(r.errLines[0], argv.join(' ')).toMatch(re);
    }
    const bad: [string, RegExp][] = [
      [JSON.stringify({ model: 'rnn', W: [[1, 2], [3]], activation: 'tanh' }), /"W" must be square: it has 2 rows but row 1 has 1 entries/],
      [JSON.stringify({ model: 'rnn', W: [[1, 2], [3, 4]], b: [0], activation: 'tanh' }), /"b" has 1 entries but W is 2 × 2/],
      [JSON.stringify({ model: 'plrnn', A: [1], W: [[0, 1], [1, 0]] }), /"A" has 1 entries but W is 2 × 2/],
    ];
    for (const [text, re] of bad) {
      const r = run(['eigen', '--weights', 'w.json'], { 'w.json': text });
      expect(r.code).toBe(2);
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(/^error: invalid weights file "w\.json": /);
      expect(r.errLines[0]).toMatch(re);
    }
  });
});

describe('cli gradients (Paper A gradient meter)', () => {
  it('JSON: horizon 1 … H, the meter (finite), its band, a slope equal to λ_max on a chaotic RNN; the state carries gh and gwn and reproduces the run', () => {
    const link = '#model=rnn&k=16&g=3&seed=2&act=tanh';
    const d = json(['gradients', '--url', link, '--horizon', '120', '--windows', '6']);
    expect(d.horizon).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(d.logNorm).toHaveLength(120);
    expect(d.logNorm.every((v: number | null) => typeof v === 'number')).toBe(true);
    expect(d.band.kind).toBe('minmax');
    for (let i = 0; i < 120; i++) {
      expect(d.band.lo[i]).toBeLessThanOrEqual(d.logNorm[i] + 1e-12);
      expect(d.band.hi[i]).toBeGreaterThanOrEqual(d.logNorm[i] - 1e-12);
    }
    expect(d.lambdaMax).toBeGreaterThan(0.1);
    expect(Math.abs(d.slope - d.lambdaMax)).toBeLessThan(0.05);
    expect(d.tauPred).toBeCloseTo(Math.LN2 / d.lambdaMax, 12);
    expect(d.tau).toBe(0);
    expect(d.alpha).toBe(0);
    expect(d.windows).toBe(6);
    expect(d.singularValues.k).toBe(16);
    expect(d.singularValues.exact).toBe(true);
    expect(d.singularValues.logSigma[0]).toHaveLength(16);
    expect(d.bptt.T.length).toBeGreaterThan(5);
    expect(d.bptt.current.at(-1)).toBeGreaterThan(d.bptt.reference.at(-1));
    expect(d.state).toContain('gh=120');
    expect(d.state).toContain('gwn=6');
    const again = json(['gradients', '--url', `#${d.state}`]);
    expect(again.logNorm).toEqual(d.logNorm);
  });

  it('the link’s τ and α: the meter is capped at τ and shifted by ln(1 − α); csv has one row per horizon', () => {
    const free = json(['gradients', '--url', '#model=logistic&r=4&x0=0.3&gh=60&gwn=3']);
    const forced = json(['gradients', '--url', '#model=logistic&r=4&x0=0.3&gh=60&gwn=3&tau=10&alpha=0.2']);
    expect(forced.tau).toBe(10);
    expect(forced.alpha).toBe(0.2);
    for (let h = 1; h <= 60; h++) {
      const m = Math.min(h, 10);
      expect(forced.logNorm[h - 1]).toBeCloseTo(free.logNorm[m - 1] + m * Math.log(0.8), 10);
    }
    expect(forced.scaling).toBeCloseTo(10 * (forced.lambdaMax + Math.log(0.8)), 10);
    const r = run(['gradients', '--url', '#model=logistic&r=3.2&gh=30&gwn=2', '--format', 'csv']);
    expect(r.code).toBe(0);
    const c = parseCsv(r.out);
    expect(c.header).toEqual(['horizon', 'logNorm', 'bandLo', 'bandHi', 'free']);
    expect(c.rows).toHaveLength(30);
    // a stable 2-cycle: the slope is ½·ln|f′(x₁)f′(x₂)| = ½·ln 0.16
    const d = json(['gradients', '--url', '#model=logistic&r=3.2&gh=300&gwn=2']);
    expect(d.slope).toBeCloseTo(0.5 * Math.log(0.16), 4);
  });
});

describe('cli arguments', () => {
  it('every bad argument exits 2 with one "error: " line and nothing on stdout', () => {
    const cases: [string[], RegExp][] = [
      [[], /missing quantity/],
      [['spectrum'], /unknown quantity "spectrum"/],
      [['orbit', 'lyapunov'], /unexpected argument "lyapunov"/],
      [['orbit', '--url'], /--url needs a value/],
      [['orbit', '--bogus', '1'], /unknown option "--bogus"/],
      [['orbit', '-x'], /unknown option "-x"/],
      [['orbit', '--steps', 'ten'], /--steps must be a whole number \(got "ten"\)/],
      [['orbit', '--steps', '2.5'], /--steps must be a whole number/],
      [['orbit', '--steps', '-1'], /--steps must be between 0 and/],
      [['orbit', '--steps', '1e12'], /--steps must be between 0 and 10000000/],
      [['lyapunov', '--steps', '0'], /--steps must be between 1 and/],
      [['orbit', '--steps', '5', '--steps', '6'], /--steps is given more than once/],
      [['orbit', '--format', 'xml'], /--format must be json or csv \(got "xml"\)/],
      [['orbit', '--cols', '8'], /--cols does not apply to orbit/],
      [['lyapunov', '--keep', '8'], /--keep does not apply to lyapunov/],
      [['bifurcation', '--steps', '8'], /--steps does not apply to bifurcation/],
      [['bifurcation', '--cols', '0'], /--cols must be between 1 and/],
      [['bifurcation', '--cols', '100000', '--keep', '1000'], /exceeds/],
      [['orbit', '--weights', ''], /--weights needs a file name/],
      [['periodic', '--max-period', '9'], /--max-period must be between 1 and 8/],
      [['periodic', '--max-period', '0'], /--max-period must be between 1 and 8/],
      [['orbit', '--max-period', '3'], /--max-period does not apply to orbit/],
      [['laps', '--steps', '0'], /--steps must be between 1 and 60 for laps/],
      [['laps', '--steps', '61'], /--steps must be between 1 and 60/],
      [['laps', '--window', '1,0'], /--window: LO must be below HI/],
      [['laps', '--window', '0;1'], /--window takes LO,HI/],
      [['periodic', '--window', '0,1'], /--window does not apply to periodic/],
      [['chaos-probability', '--samples', '0'], /--samples must be between 1 and/],
      [['chaos-probability', '--widths', '0,8'], /--widths takes whole numbers from 1 to 1024/],
      [['chaos-probability', '--widths', '2,x'], /--widths takes whole numbers/],
      [['chaos-probability', '--widths', ''], /--widths takes whole numbers/],
      [['chaos-probability', '--g', '1,2'], /--g takes LO,HI,N/],
      [['chaos-probability', '--g', '2,1,5'], /--g: need 0 ≤ LO < HI/],
      [['chaos-probability', '--g', '0,1,1'], /--g: N must be a whole number from 2/],
      [['chaos-probability', '--weights', 'tent.json'], /--weights does not apply to chaos-probability/],
      [['laps', '--widths', '2'], /--widths does not apply to laps/],
      [['orbit', '--samples', '5'], /--samples does not apply to orbit/],
      [['orbit', '--horizon', '50'], /--horizon does not apply to orbit \(only to gradients\)/],
      [['gradients', '--steps', '50'], /--steps does not apply to gradients/],
      [['gradients', '--horizon', '0'], /--horizon must be between 1 and 100000/],
      [['gradients', '--windows', '1.5'], /--windows must be a whole number/],
    ];
    for (const [argv, re] of cases) {
      const r = run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out, argv.join(' ')).toBe('');
      expect(r.errLines, argv.join(' ')).toHaveLength(1);
      expect(r.errLines[0], argv.join(' ')).toMatch(/^error: /);
      expect(r.errLines[0], argv.join(' ')).toMatch(re);
    }
  });

  it('--opt=value works, options may come before the quantity', () => {
    const a = json(['--url=#model=logistic&r=4&x0=0.1&T=10', 'orbit', '--steps=4']);
    expect(a.x).toHaveLength(5);
  });

  it('--help prints usage to stdout and exits 0', () => {
    for (const argv of [['--help'], ['-h'], ['orbit', '--help'], ['nonsense', '--help']]) {
      const r = run(argv);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^RNN Chaos Lab, headless CLI/);
      for (const w of ['orbit', 'lyapunov', 'eigen', 'bifurcation', 'periodic', 'laps', 'chaos-probability', '--url', '--weights', '--format', '--steps', '--transient', '--exponents', '--keep', '--cols', '--max-period', '--window', '--samples', '--widths', '--g']) {
        expect(r.out).toContain(w);
      }
    }
  });
});

describe('cli entry point (spawned)', () => {
  it('npx tsx src/cli/main.ts orbit … prints the orbit (T = 5 read as the minimum 10)', { timeout: 60000 }, () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/main.ts', 'orbit', '--url', '#model=logistic&r=4&x0=0.1&T=5'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const o = JSON.parse(out);
    // T = 5 is below the table's minimum T = 10: the link is read as T = 10.
    expect(o.x).toHaveLength(11);
    let x = 0.1;
    for (let t = 1; t <= 10; t++) {
      x = 4 * x * (1 - x);
      expect(o.x[t]).toBe(x);
    }
    expect(o.diverged).toBe(false);
  });

  it('a hostile weights file (10⁵ empty rows) is a usage error (exit 2) with a short message, as is a file with a byte-order mark read fine', () => {
    const rows = Array.from({ length: 100_000 }, () => '[]').join(',');
    const r = run(['eigen', '--weights', 'w.json'], { 'w.json': `{"model":"rnn","W":[${rows}],"activation":"tanh"}` });
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^error: invalid weights file "w.json": "W" has 100000 rows; at most 512 units/);
    const ok = run(['eigen', '--weights', 'w.json'], { 'w.json': '\uFEFF{"model":"rnn","W":[[0.5,0],[0,0.25]],"activation":"tanh"}' });
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out).spectralRadius).toBeCloseTo(0.5, 12);
  });

  it('a bad argument sets exit code 2 with one stderr line', { timeout: 60000 }, () => {
    let status: number | null = null;
    let stderr = '';
    let stdout = '';
    try {
      execFileSync('npx', ['tsx', 'src/cli/main.ts', 'orbit', '--steps', 'x'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { status: number | null; stderr: string; stdout: string };
      status = err.status;
      stderr = err.stderr;
      stdout = err.stdout;
    }
    expect(status).toBe(2);
    expect(stdout).toBe('');
    // npx may add its own notices; the CLI's own output is one error line
    const ours = stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(ours).toEqual(['error: --steps must be a whole number (got "x")']);
  });
});

describe('cli train (Paper A training lab)', () => {
  const url = '#v=1&td=lorenz&tmod=plrnn&tM=6&tmeth=stf&ttau=15&tT=40&tlr=0.003&seed=4';

  it('JSON: the loss curve, gradient norms, evaluations and the final D_stsp, D_H, λ_max; the same link gives the same run; the state carries tep', () => {
    const a = json(['train', '--url', url, '--steps', '30']);
    expect(a.config).toEqual({ data: 'lorenz', model: 'plrnn', M: 6, method: 'stf', tau: 15, alpha: null, clip: null, T: 40, lr: 0.003, steps: 30, batch: 16, seed: 4, measures: 'paper', measuresLabel: MEASURE_LABELS.paper });
    expect(a.loss).toHaveLength(30);
    expect(a.gradNorm).toHaveLength(30);
    for (const v of [...a.loss, ...a.gradNorm]) expect(v).toBeGreaterThan(0);
    expect(a.evalEvery).toBe(25);
    expect(a.evaluations.map((e: { step: number }) => e.step)).toEqual([0, 25, 30]);
    expect(a.final.dStsp).toBeGreaterThan(0);
    expect(a.final.dH).toBeGreaterThanOrEqual(0);
    expect(a.final.dH).toBeLessThanOrEqual(1);
    expect(a.data.lambdaMax).toBeCloseTo(0.9056 * 0.05, 10);
    expect(a.data.tauPred).toBeCloseTo(Math.LN2 / (0.9056 * 0.05), 10);
    expect(a.stopped).toBeNull();
    expect(decodeHash(a.state).params.tep).toBe(30);
    const b = json(['train', '--url', url, '--steps', '30']);
    expect(b.loss).toEqual(a.loss);
    expect(b.final).toEqual(a.final);
    // the state alone reproduces the run
    expect(json(['train', '--url', a.state]).loss).toEqual(a.loss);
    // another seed, another run
    expect(json(['train', '--url', url.replace('seed=4', 'seed=5'), '--steps', '30']).loss).not.toEqual(a.loss);
  });

  for (const model of ['gru', 'lstm'])
    it(`tmod=${model} (issue #14): trains PyTorch's ${model.toUpperCase()} on Lorenz-63; finite loss that decreases, evaluated`, () => {
      const a = json(['train', '--url', `#tab=training&tmod=${model}&tep=20`]);
      expect(a.config).toMatchObject({ data: 'lorenz', model, steps: 20 });
      expect(a.stopped).toBeNull();
      expect(a.loss).toHaveLength(20);
      for (const v of [...a.loss, ...a.gradNorm]) expect(Number.isFinite(v) && v > 0).toBe(true);
      const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
      expect(mean(a.loss.slice(-5))).toBeLessThan(mean(a.loss.slice(0, 5)));
      expect(a.final.dStsp).toBeGreaterThan(0);
      expect(a.final.dH).toBeGreaterThanOrEqual(0);
      expect(a.final.dH).toBeLessThanOrEqual(1);
      expect(decodeHash(a.state).params.tmod).toBe(model);
    });

  it('the trained model as a network: its weight file, hash and spectrum link, the same network the training lab explores', () => {
    const a = json(['train', '--url', '#tab=training&tmod=gru&tM=4&tT=30&tep=20&seed=3']);
    // the same run in-process: the trained map's weights
    const tr = new Trainer(lorenzData(), { ...trainConfigOf(decodeHash('#tab=training&tmod=gru&tM=4&tT=30&tep=20&seed=3').params), steps: 20 });
    for (let i = 0; i < 20; i++) tr.step();
    const net = trainedNetwork(tr.layout, tr.theta);
    expect(a.network.model).toBe('gru');
    expect(a.network.hash).toBe(weightsHash(net.weights));
    // the file is what --weights (and the app's import) reads: the same network
    const file = parseWeightFile(new TextEncoder().encode(JSON.stringify(a.network.file)), 'trained.json');
    expect(file.ok && weightsHash(file.net.weights)).toBe(a.network.hash);
    // the link carries the weights (86 numbers) and opens the spectrum view at g = 1
    const link = decodeHash(a.network.link);
    expect(link.warnings).toEqual([]);
    expect([link.params.model, link.params.k, link.params.g, link.params.tab]).toEqual(['gru', 4, 1, 'spectrum']);
    expect(link.weights!.hash).toBe(a.network.hash);
    const l1 = json(['lyapunov', '--url', a.network.link, '--exponents', '1', '--steps', '2000']);
    const fromFile = json(['lyapunov', '--weights', 'trained.json', '--exponents', '1', '--steps', '2000'], { 'trained.json': JSON.stringify(a.network.file) });
    expect(fromFile.lambdaMax).toBe(l1.lambdaMax);
  });

  it('tms picks the measures: Paper A’s by default, the GTF repository’s with tms=gtf; the same model, other numbers', () => {
    const paper = json(['train', '--url', url, '--steps', '10']);
    const gtf = json(['train', '--url', `${url}&tms=gtf`, '--steps', '10']);
    expect(gtf.config.measures).toBe('gtf');
    expect(gtf.config.measuresLabel).toBe(MEASURE_LABELS.gtf);
    expect(gtf.loss).toEqual(paper.loss);
    expect(gtf.final.dStsp).not.toBe(paper.final.dStsp);
    expect(gtf.state).toContain('tms=gtf');
  });

  it('csv has one row per step (and step 0: the untrained model’s evaluation); td=csv and too few steps are refused', () => {
    const r = run(['train', '--url', url, '--steps', '10', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('step,loss,gradNorm,dStsp,dH,lambdaMax');
    expect(lines).toHaveLength(12);
    expect(lines[1].startsWith('0,,,')).toBe(true);
    expect(lines[11].split(',').every((f) => f !== '')).toBe(true);
    const csv = run(['train', '--url', '#v=1&td=csv']);
    expect(csv.code).toBe(2);
    expect(csv.errLines[0]).toContain('td=csv');
    const few = run(['train', '--steps', '5']);
    expect(few.code).toBe(2);
    expect(few.errLines).toEqual(['error: --steps must be between 10 and 100000 for train (got 5)']);
  });
});
