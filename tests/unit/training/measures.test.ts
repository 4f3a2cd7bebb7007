/**
 * The training lab's measures and data: D_stsp, D_H, the FFT, Lorenz-63 by
 * RK4, the logistic data, CSV parsing.
 */
import { describe, expect, it } from 'vitest';
import { columnStats, dH, dStsp, dstspBox, fft, hellinger, hellingerTrapezoid, powerSpectrum, zscore } from '../../../src/core/training/measures';
import { symmetricEigen } from '../../../src/core/linalg/pca';
import { LORENZ, LORENZ_DT, lorenzDivergence, lorenzLambdaPerStep, lorenzSeries, predictabilityTime, rk4Step } from '../../../src/core/training/lorenz';
import { lorenzData, logisticData } from '../../../src/core/training/trainData';
import { parseCsv, selectColumns } from '../../../src/core/training/csvData';
import { Rng } from '../../../src/core/linalg/rng';

const lorenz = lorenzData(); // 10 000 × 3, z-scored

/** Rows a … b of a len × n series. */
const rows = (x: Float64Array, n: number, a: number, b: number) => x.slice(a * n, b * n);

describe('D_stsp (binned state-space KL)', () => {
  it('is 0 for a trajectory against itself (the GTF box holds every point, Paper A’s μ ± 2σ box not)', () => {
    const r = dStsp(lorenz.x, lorenz.x, 3, { version: 'gtf' });
    expect(r.value).toBeLessThan(1e-12);
    expect(r.bins).toBe(10);
    expect(r.dims).toBe(3);
    expect(r.genInside).toBe(1);
    const pa = dStsp(lorenz.x, lorenz.x, 3);
    expect(pa.value).toBeLessThan(1e-12);
    // the fraction of rows inside μ ± 2σ in all three dimensions, counted here
    const { mean, std } = columnStats(lorenz.x, 3);
    let inside = 0;
    for (let t = 0; t < lorenz.len; t++) if ([0, 1, 2].every((i) => Math.abs(lorenz.x[t * 3 + i] - mean[i]) < 2 * std[i])) inside++;
    expect(pa.genInside).toBeCloseTo(inside / lorenz.len, 12);
    expect(pa.genInside).toBeLessThan(1);
  });

  it('Paper A’s version equals a direct computation: 10 bins over μ ± 2σ, Laplace α = 10⁻⁵, KL(p_data ‖ p_gen)', () => {
    const rng = new Rng(21);
    const data = rng.normals(4000);
    const gen = Float64Array.from(rng.normals(3000), (v) => 0.8 * v + 0.3);
    const { mean, std } = columnStats(data, 1);
    const lo = mean[0] - 2 * std[0];
    const w = (4 * std[0]) / 10;
    const count = (x: Float64Array) => {
      const c = new Array<number>(10).fill(0);
      let n = 0;
      for (const v of x) {
        const b = Math.floor((v - lo) / w);
        if (b >= 0 && b < 10) {
          c[b]++;
          n++;
        }
      }
      return c.map((k) => (k + 1e-5) / (n + 1e-4));
    };
    const p = count(data);
    const q = count(gen);
    const kl = p.reduce((s, pi, i) => s + pi * Math.log(pi / q[i]), 0);
    expect(dStsp(data, gen, 1).value).toBeCloseTo(kl, 12);
    expect(dstspBox(data, 1, 'paper').lo[0]).toBeCloseTo(lo, 14);
  });

  it('is small for another stretch of the same attractor', () => {
    const a = rows(lorenz.x, 3, 0, 5000);
    const b = rows(lorenz.x, 3, 5000, 10000);
    expect(dStsp(a, b, 3).value).toBeLessThan(0.5);
  });

  it('is large for a copy whose columns are shuffled independently (the joint density is destroyed)', () => {
    const rng = new Rng(4);
    const len = lorenz.len;
    const out = new Float64Array(lorenz.x.length);
    for (let i = 0; i < 3; i++) {
      const perm = Array.from({ length: len }, (_, t) => t);
      for (let t = len - 1; t > 0; t--) {
        const j = Math.floor(rng.uniform() * (t + 1));
        [perm[t], perm[j]] = [perm[j], perm[t]];
      }
      for (let t = 0; t < len; t++) out[t * 3 + i] = lorenz.x[perm[t] * 3 + i];
    }
    expect(dStsp(lorenz.x, out, 3).value).toBeGreaterThan(1);
  });

  it('is large for a rescaled copy, and a shuffle in time alone changes nothing (it is a density)', () => {
    const half = lorenz.x.map((v) => 0.5 * v);
    expect(dStsp(lorenz.x, half, 3).value).toBeGreaterThan(2);
    const rng = new Rng(9);
    const len = lorenz.len;
    const perm = Array.from({ length: len }, (_, t) => t);
    for (let t = len - 1; t > 0; t--) {
      const j = Math.floor(rng.uniform() * (t + 1));
      [perm[t], perm[j]] = [perm[j], perm[t]];
    }
    const shuffled = new Float64Array(lorenz.x.length);
    perm.forEach((p, t) => shuffled.set(lorenz.x.subarray(p * 3, p * 3 + 3), t * 3));
    expect(dStsp(lorenz.x, shuffled, 3).value).toBeLessThan(1e-12);
  });

  it('uses the Laplace-smoothed KL: a generated series entirely outside the box gives KL(p ‖ uniform)', () => {
    const far = lorenz.x.map((v) => v + 100);
    const r = dStsp(lorenz.x, far, 3);
    expect(r.genInside).toBe(0);
    // against the uniform density over 1000 bins: log(1000) − H(p), H(p) < log(1000)
    expect(r.value).toBeGreaterThan(1);
    expect(r.value).toBeLessThan(Math.log(1000));
  });

  it('bins more than 3 dimensions on the data’s first 3 principal components', () => {
    // Lorenz in 5 dimensions: x, y, z and two mixtures
    const len = lorenz.len;
    const x5 = new Float64Array(len * 5);
    for (let t = 0; t < len; t++) {
      const [a, b, c] = lorenz.x.subarray(t * 3, t * 3 + 3);
      x5.set([a, b, c, a + 0.5 * c, b - c], t * 5);
    }
    const self = dStsp(x5, x5, 5);
    expect(self.dims).toBe(3);
    expect(self.value).toBeLessThan(1e-12);
    expect(dStsp(x5, x5.map((v) => 0.5 * v), 5).value).toBeGreaterThan(2);
  });

  it('symmetricEigen finds the eigenpairs of a symmetric matrix', () => {
    const S = Float64Array.of(4, 1, 0, 1, 3, 1, 0, 1, 2);
    const { values, vectors } = symmetricEigen(S, 3);
    for (let r = 0; r < 3; r++) {
      const v = vectors.subarray(r * 3, r * 3 + 3);
      for (let i = 0; i < 3; i++) {
        let sv = 0;
        for (let j = 0; j < 3; j++) sv += S[i * 3 + j] * v[j];
        expect(sv).toBeCloseTo(values[r] * v[i], 10);
      }
    }
    expect(values[0]).toBeGreaterThan(values[1]);
    expect(values[0] + values[1] + values[2]).toBeCloseTo(9, 10);
  });
});

describe('D_H (power-spectrum Hellinger distance)', () => {
  it('the FFT equals the direct DFT', () => {
    const rng = new Rng(2);
    const n = 64;
    const re = rng.normals(n);
    const im = rng.normals(n);
    const r2 = Float64Array.from(re);
    const i2 = Float64Array.from(im);
    fft(r2, i2);
    for (const k of [0, 1, 5, 31, 32, 63]) {
      let sr = 0;
      let si = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
        si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
      }
      expect(r2[k]).toBeCloseTo(sr, 9);
      expect(i2[k]).toBeCloseTo(si, 9);
    }
  });

  it('a sine’s spectrum peaks at its frequency and sums to 1', () => {
    const L = 1024;
    const x = Float64Array.from({ length: L }, (_, t) => Math.sin((2 * Math.PI * 50 * t) / L));
    const p = powerSpectrum(x, 1, 0, L, 2);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(p.indexOf(Math.max(...p))).toBe(50);
  });

  it('is 0 for identical series, 1 for disjoint spectra, and in [0, 1] always', () => {
    expect(dH(lorenz.x, lorenz.x, 3).value).toBe(0);
    expect(hellinger(Float64Array.of(1, 0), Float64Array.of(0, 1))).toBe(1);
    const rng = new Rng(11);
    const noise = rng.normals(lorenz.x.length);
    const sine = Float64Array.from({ length: lorenz.x.length }, (_, k) => Math.sin(0.3 * Math.floor(k / 3)));
    const others = [noise, sine, lorenz.x.map((v) => 3 * v + 1), rows(lorenz.x, 3, 4000, 10000)];
    for (const o of others) {
      const r = dH(lorenz.x, o, 3);
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(1);
      for (const v of r.perDim) expect(v).toBeGreaterThanOrEqual(0);
    }
    // z-scoring: an affine copy has the same spectrum
    expect(dH(lorenz.x, lorenz.x.map((v) => 3 * v + 1), 3).value).toBeLessThan(1e-7);
    // another stretch of the attractor is close, white noise is far (both versions)
    expect(dH(rows(lorenz.x, 3, 0, 5000), rows(lorenz.x, 3, 5000, 10000), 3, { version: 'gtf' }).value).toBeLessThan(0.15);
    expect(dH(rows(lorenz.x, 3, 0, 5000), rows(lorenz.x, 3, 5000, 10000), 3).value).toBeLessThan(0.2);
    // (Paper A's keeps the first 500 frequencies only, where white noise and Lorenz differ less)
    expect(dH(lorenz.x, noise, 3).value).toBeGreaterThan(0.2);
    expect(dH(lorenz.x, noise, 3, { version: 'gtf' }).value).toBeGreaterThan(0.5);
  });

  it('Paper A’s D_H: σ = 2, the first 500 frequencies, √(1 − trapz √(p·q)) of trapz-normalised spectra', () => {
    const rng = new Rng(5);
    const a = rng.normals(2048).map((v, t) => v + 3 * Math.sin(0.2 * t));
    const b = rng.normals(2048).map((v, t) => v + 3 * Math.sin(0.25 * t));
    const r = dH(a, b, 1);
    expect(r.sigma).toBe(2);
    // by hand: the smoothed spectra (the lab's powerSpectrum), cut at 500, normalised by the trapezoid, then the formula's own form
    const cut = (p: Float64Array) => {
      const c = p.slice(0, 500);
      const trap = (f: (k: number) => number) => Array.from({ length: 500 }, (_, k) => (k === 0 || k === 499 ? 0.5 : 1) * f(k)).reduce((s, v) => s + v, 0);
      const z = trap((k) => c[k]);
      return { c: c.map((v) => v / z), trap };
    };
    const P = cut(powerSpectrum(a, 1, 0, 2048, 2));
    const Q = cut(powerSpectrum(b, 1, 0, 2048, 2));
    const bc = P.trap((k) => Math.sqrt(P.c[k] * Q.c[k]));
    expect(r.value).toBeCloseTo(Math.sqrt(1 - bc), 10);
    expect(hellingerTrapezoid(P.c, P.c)).toBe(0);
    expect(r.value).not.toBeCloseTo(dH(a, b, 1, { version: 'gtf' }).value, 3);
  });

  it('treats a generated series that blew up as maximally different', () => {
    const bad = Float64Array.from(lorenz.x);
    bad[300] = NaN;
    expect(dH(lorenz.x, bad, 3).value).toBe(1);
  });
});

describe('Lorenz-63 by RK4', () => {
  it('RK4 is fourth order: halving the step divides the error by about 16', () => {
    const run = (h: number) => {
      const s = Float64Array.of(1, 1, 20);
      for (let t = 0; t < Math.round(0.5 / h); t++) rk4Step(s, h);
      return s;
    };
    const ref = run(0.00125);
    const err = (h: number) => Math.hypot(...run(h).map((v, i) => v - ref[i]));
    const ratio = err(0.02) / err(0.01);
    expect(ratio).toBeGreaterThan(12);
    expect(ratio).toBeLessThan(20);
    expect(err(0.01)).toBeLessThan(1e-3);
  });

  it('contracts volumes at the rate of its divergence −(σ + 1 + β) = −13.667: ln det Dφ_t = −13.667·t', () => {
    expect(lorenzDivergence()).toBeCloseTo(-(10 + 1 + 8 / 3), 12);
    const t = 0.2;
    const h = 0.001;
    const flow = (x0: number[]) => {
      const s = Float64Array.from(x0);
      for (let k = 0; k < Math.round(t / h); k++) rk4Step(s, h);
      return s;
    };
    const base = [-5.1, -8.3, 21.5];
    const eps = 1e-6;
    const J: number[][] = [[], [], []];
    for (let j = 0; j < 3; j++) {
      const p = base.slice();
      const m = base.slice();
      p[j] += eps;
      m[j] -= eps;
      const fp = flow(p);
      const fm = flow(m);
      for (let i = 0; i < 3; i++) J[i][j] = (fp[i] - fm[i]) / (2 * eps);
    }
    const det = J[0][0] * (J[1][1] * J[2][2] - J[1][2] * J[2][1]) - J[0][1] * (J[1][0] * J[2][2] - J[1][2] * J[2][0]) + J[0][2] * (J[1][0] * J[2][1] - J[1][1] * J[2][0]);
    expect(Math.log(det)).toBeCloseTo(lorenzDivergence(LORENZ) * t, 4);
  });

  it('stays on the attractor (bounded, not collapsed) and its λ_max and τ_pred per sample follow dt', () => {
    const x = lorenzSeries(4000);
    let zmin = Infinity;
    let zmax = -Infinity;
    for (let t = 0; t < 4000; t++) {
      zmin = Math.min(zmin, x[3 * t + 2]);
      zmax = Math.max(zmax, x[3 * t + 2]);
    }
    expect(zmin).toBeGreaterThan(0);
    expect(zmax).toBeLessThan(50);
    expect(zmax - zmin).toBeGreaterThan(25);
    expect(LORENZ_DT).toBe(0.05);
    expect(lorenzLambdaPerStep(LORENZ_DT)).toBeCloseTo(0.04528, 5);
    expect(predictabilityTime(lorenzLambdaPerStep(LORENZ_DT))).toBeCloseTo(15.31, 2);
  });

  it('the data sets are z-scored', () => {
    for (const d of [lorenz, logisticData()]) {
      for (let i = 0; i < d.n; i++) {
        let s = 0;
        let s2 = 0;
        for (let t = 0; t < d.len; t++) {
          s += d.x[t * d.n + i];
          s2 += d.x[t * d.n + i] ** 2;
        }
        expect(s / d.len).toBeCloseTo(0, 10);
        expect(s2 / d.len).toBeCloseTo(1, 10);
      }
    }
    expect(logisticData().lambda).toBeCloseTo(Math.LN2, 12);
    expect(zscore(Float64Array.of(2, 2, 2), 1)).toEqual(Float64Array.of(0, 0, 0));
  });
});

describe('CSV data', () => {
  it('reports its progress: increasing fractions of the rows read, from 0, below 1, and the same table as without', () => {
    const text = ['t,x', ...Array.from({ length: 30_000 }, (_, i) => `${i},${Math.sin(i / 7)}`)].join('\n');
    const seen: number[] = [];
    const r = parseCsv(text, (f) => seen.push(f));
    expect(r.ok).toBe(true);
    expect(seen[0]).toBe(0);
    expect(seen.length).toBe(Math.ceil(30_000 / 8192));
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(seen[seen.length - 1]).toBeLessThan(1);
    const plain = parseCsv(text);
    expect(plain.ok && r.ok && Array.from(plain.table.values)).toEqual(r.ok && Array.from(r.table.values));
  });

  const series = (rowsN: number, f: (t: number) => string) => Array.from({ length: rowsN }, (_, t) => f(t)).join('\n');

  it('sizes are checked before parsing: 10⁶ rows, a 30 MB line; old-Mac line ends still count as lines', () => {
    const many = parseCsv('1,2\n'.repeat(1_000_000));
    expect(many.ok).toBe(false);
    if (!many.ok) expect(many.errors).toEqual(['1,000,001 lines: at most 200000 data rows are accepted (keep a part of the series).']);
    const long = parseCsv('x,y\n' + '1,'.repeat(15_000_000) + '1\n');
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.errors[0]).toMatch(/^Line 2 is 30,000,001 characters long: at most 3,200 \(50 numbers\)/);
    // \r alone and \r\n end lines too: 60 short rows are not one long line
    for (const eol of ['\r', '\r\n']) {
      const r = parseCsv(series(60, (t) => `${t},${Math.cos(t)}`).replace(/\n/g, eol));
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.table.rows).toBe(60);
    }
  });

  it('reads a header, commas, and chosen columns', () => {
    const text = 'time,x,y\n' + series(60, (t) => `${t},${Math.sin(t)},${(t * 0.5).toExponential(3)}`);
    const r = parseCsv(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.hasHeader).toBe(true);
    expect(r.table.columns).toEqual(['time', 'x', 'y']);
    expect(r.table.rows).toBe(60);
    const xy = selectColumns(r.table, [1, 2]);
    expect(xy.length).toBe(120);
    expect(xy[2]).toBeCloseTo(Math.sin(1), 12);
    expect(xy[3]).toBeCloseTo(0.5, 12);
  });

  it('reads semicolons, tabs and spaces without a header, skips # comments and blank lines', () => {
    for (const sep of [';', '\t', '  ']) {
      const text = '# my data\n\n' + series(55, (t) => `${t}${sep}-${t}.5${sep}1e-3`);
      const r = parseCsv(text);
      expect(r.ok, sep).toBe(true);
      if (!r.ok) continue;
      expect(r.table.hasHeader).toBe(false);
      expect(r.table.columns).toEqual(['column 1', 'column 2', 'column 3']);
      expect(r.table.values[5 * 3 + 1]).toBe(-5.5);
    }
  });

  it('says which line and column is wrong', () => {
    const lines = series(60, (t) => `${t},${t}`).split('\n');
    lines[9] = '9,abc';
    const r = parseCsv('a,b\n' + lines.join('\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toBe('Line 11, column 2: “abc” is not a number.');
    lines[9] = '9';
    const r2 = parseCsv(lines.join('\n'));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.errors[0]).toBe('Line 10 has 1 field; the first line has 2.');
    lines[9] = '9,';
    const r3 = parseCsv(lines.join('\n'));
    if (!r3.ok) expect(r3.errors[0]).toBe('Line 10, column 2 is empty: every field must be a number.');
    else expect.unreachable();
  });

  it('refuses too few rows and an empty text, and warns of a constant column', () => {
    const few = parseCsv(series(10, (t) => `${t}`));
    expect(few.ok).toBe(false);
    if (!few.ok) expect(few.errors[0]).toContain('at least 50 time steps');
    const empty = parseCsv('  \n# nothing\n');
    expect(empty.ok).toBe(false);
    const flat = parseCsv(series(60, (t) => `${t},1`));
    expect(flat.ok).toBe(true);
    if (flat.ok) expect(flat.warnings[0]).toContain('constant');
  });
});
