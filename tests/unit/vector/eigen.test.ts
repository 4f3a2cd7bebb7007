import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import {
  JACOBIAN_EIGEN_MAX_N,
  RESIDUAL_BOUND,
  computeEigenView,
  eigenvaluesOf,
  newtonFixedPoint,
  norm2Of,
  type EigenRequest,
} from '../../../src/core/vector/eigen';
import { buildMapND, type ModelParams } from '../../../src/core/models';
import { drawPlrnn, drawRnn, LAW_SIGMA2 } from '../../../src/core/models';
import { createEigenApi } from '../../../workers/eigen.api';
import { createDriver } from '../../../workers/driver';
import { eigenRequest } from '../../../src/params/requests';
import { decodeHash } from '../../../src/params/url';

const RNN: ModelParams = { model: 'rnn', act: 'tanh', g: 2, sb: 0, k: 64, seed: 6, wl: 'gauss', inp: 'none', ia: 0, ip: 20, a: 1.4, b: 0.3, x0: 0.1, out: 'identity', init: 'he', w: 1, r: 3.7, mu: 1.9 };
const HENON: ModelParams = { ...RNN, model: 'henon', k: 2 };

const view = (params: Partial<ModelParams>, extra: Partial<EigenRequest> = {}) => computeEigenView({ params: { ...RNN, ...params }, imported: null, ...extra });
const moduli = (re: Float64Array, im: Float64Array) => Array.from(re, (r, i) => Math.hypot(r, im[i]));
const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));

/** ‖F(h) − h‖ computed independently of the module under test. */
function residual(params: ModelParams, h: Float64Array): number {
  const map = buildMapND(params, null);
  const f = new Float64Array(h.length);
  map.step(h, f, 0);
  return norm(f.map((v, i) => v - h[i]));
}

describe('eigenvalues and norms (ml-matrix)', () => {
  it('a diagonal and a triangular matrix: the eigenvalues are the diagonal, sorted by modulus', () => {
    const d = eigenvaluesOf(3, Float64Array.of(0.5, 0, 0, 0, -3, 0, 0, 0, 2));
    expect(Array.from(d.re)).toEqual([-3, 2, 0.5]);
    expect(Array.from(d.im)).toEqual([0, 0, 0]);
    expect(d.spectralRadius).toBe(3);
    const t = eigenvaluesOf(3, Float64Array.of(2, 5, -7, 0, 1, 3, 0, 0, -0.5));
    expect(Array.from(t.re).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([2, 1, -0.5]);
    expect(t.im.every((v) => v === 0)).toBe(true);
  });

  it('a rotation-scaling block has the pair a ± ib; ‖·‖₂ of known matrices', () => {
    const r = eigenvaluesOf(2, Float64Array.of(0.6, -0.8, 0.8, 0.6));
    expect(r.re[0]).toBeCloseTo(0.6, 14);
    expect(r.re[1]).toBeCloseTo(0.6, 14);
    expect(r.im[0]).toBeCloseTo(0.8, 14); // the one with the positive imaginary part first
    expect(r.im[1]).toBeCloseTo(-0.8, 14);
    expect(r.spectralRadius).toBeCloseTo(1, 14);
    expect(norm2Of(2, Float64Array.of(3, 0, 0, -4))).toBeCloseTo(4, 13);
    expect(norm2Of(2, Float64Array.of(1, 1, 0, 1))).toBeCloseTo((1 + Math.sqrt(5)) / 2, 13); // golden ratio
  });

});

describe('the recurrent matrix: circular law', () => {
  it('Gaussian W, N = 200: ρ(gW) within 10 % of g, the disk radius is g, ‖gW‖₂ ≈ 2g', () => {
    for (const g of [0.7, 1.3]) {
      const r = view({ k: 200, g });
      expect(r.matrix!.re).toHaveLength(200);
      expect(Math.abs(r.matrix!.spectralRadius / g - 1)).toBeLessThan(0.1);
      expect(r.circularLaw).toMatchObject({ radius: g, kind: 'iid' });
      // Marchenko–Pastur edge: the largest singular value of W is ≈ 2 (≥ ρ always)
      expect(r.matrix!.norm2).toBeGreaterThanOrEqual(r.matrix!.spectralRadius);
      expect(Math.abs(r.matrix!.norm2 / (2 * g) - 1)).toBeLessThan(0.1);
      // almost all eigenvalues inside the disk
      const inside = moduli(r.matrix!.re, r.matrix!.im).filter((m) => m <= 1.05 * g).length;
      expect(inside / 200).toBeGreaterThan(0.97);
    }
  });

  it('He law: radius g·√2; the circular-law radius of every i.i.d. law is g·√LAW_SIGMA2', () => {
    const r = view({ k: 200, g: 1, wl: 'he' });
    expect(Math.abs(r.matrix!.spectralRadius / Math.SQRT2 - 1)).toBeLessThan(0.1);
    for (const wl of ['gauss', 'he', 'xavier', 'torch'] as const) {
      expect(view({ k: 8, g: 1.5, wl }).circularLaw!.radius).toBeCloseTo(1.5 * Math.sqrt(LAW_SIGMA2[wl]), 14);
    }
  });

  it('orthogonal W: every eigenvalue has |μ| = g to 1e-10', () => {
    for (const g of [0.9, 1.7]) {
      const r = view({ k: 100, g, wl: 'orth' });
      for (const m of moduli(r.matrix!.re, r.matrix!.im)) expect(Math.abs(m - g)).toBeLessThan(1e-10);
      expect(r.circularLaw).toMatchObject({ radius: g, kind: 'orthogonal' });
      expect(r.matrix!.norm2).toBeCloseTo(g, 10);
    }
  });

  it('moving g only rescales the cached spectrum (the same as decomposing gW afresh)', () => {
    const a = view({ k: 40, g: 1, seed: 123 });
    const b = view({ k: 40, g: 2.5, seed: 123 });
    expect(b.ms.cachedMatrix).toBe(true);
    const W = drawRnn(40, 'gauss', 123, 0).weights.W;
    const e = new EigenvalueDecomposition(Matrix.from1DArray(40, 40, Array.from(W, (w) => 2.5 * w)));
    const ref = e.realEigenvalues.map((re, i) => Math.hypot(re, e.imaginaryEigenvalues[i])).sort((x, y) => y - x);
    expect(b.matrix!.spectralRadius).toBeCloseTo(ref[0], 12);
    moduli(b.matrix!.re, b.matrix!.im).forEach((m, i) => expect(m).toBeCloseTo(ref[i], 11));
    moduli(a.matrix!.re, a.matrix!.im).forEach((m, i) => expect(2.5 * m).toBeCloseTo(ref[i], 11));
    // the bias does not change W (it is drawn first)
    expect(Array.from(view({ k: 40, g: 2.5, seed: 123, sb: 1 }).matrix!.re)).toEqual(Array.from(b.matrix!.re));
  });

  it('PLRNN: the matrix is g(diag(A) + W) (all units on), with gW beside it', () => {
    const g = 1.2;
    const r = view({ model: 'plrnn', k: 12, g, seed: 4 });
    const { A, W } = drawPlrnn(12, 4).weights;
    const M = Float64Array.from(W, (w) => g * w);
    for (let i = 0; i < 12; i++) M[i * 12 + i] += g * A[i];
    const ref = eigenvaluesOf(12, M);
    expect(r.matrix!.label).toBe('g(diag(A) + W)');
    expect(r.matrix!.spectralRadius).toBeCloseTo(ref.spectralRadius, 12);
    r.matrix!.re.forEach((v, i) => expect(v).toBeCloseTo(ref.re[i], 12));
    expect(r.offDiagonal!.spectralRadius).toBeCloseTo(eigenvaluesOf(12, Float64Array.from(W, (w) => g * w)).spectralRadius, 12);
    expect(r.circularLaw!.radius).toBeCloseTo(g / Math.sqrt(3), 14);
  });

  it('Hénon has no weight matrix', () => {
    const r = computeEigenView({ params: HENON, imported: null });
    expect(r.matrix).toBeNull();
    expect(r.circularLaw).toBeNull();
  });
});

describe('fixed points (Newton)', () => {
  it('every reported fixed point satisfies ‖F(h*) − h*‖ ≤ 1e-10·max(1, ‖h*‖), checked independently', () => {
    const cases: Partial<ModelParams>[] = [
      { g: 2, sb: 1 },
      { g: 1.5, sb: 0 },
      { g: 0.8, sb: 0.5, act: 'relu' },
      { g: 3, sb: 0.2, act: 'sin', k: 20 },
      { model: 'plrnn', k: 16, g: 1 },
    ];
    let total = 0;
    for (const c of cases) {
      const params = { ...RNN, ...c };
      const r = computeEigenView({ params, imported: null });
      for (const fp of r.fixedPoints) {
        const res = residual(params, fp.point);
        expect(res).toBeLessThanOrEqual(RESIDUAL_BOUND * Math.max(1, fp.norm));
        expect(fp.residual).toBeCloseTo(res, 14);
        total++;
      }
      // every start is accounted for
      expect(r.starts.length).toBeGreaterThan(0);
      expect(r.failed + r.singular + r.starts.filter((s) => s.outcome === 'new' || s.outcome === 'duplicate').length).toBe(r.starts.length);
    }
    expect(total).toBeGreaterThanOrEqual(5);
  });

  it('tanh RNN, zero bias: the origin is a fixed point with Jacobian gW, stable iff ρ(gW) < 1', () => {
    for (const g of [0.6, 0.9, 1.1, 1.6]) {
      const r = view({ k: 50, g, seed: 2 });
      const o = r.fixedPoints.find((f) => f.origin)!;
      expect(o).toBeDefined();
      expect(o.norm).toBe(0);
      // J(0) = gW exactly (tanh′(0) = 1)
      const map = buildMapND({ ...RNN, k: 50, g, seed: 2 }, null);
      const J = new Float64Array(2500);
      map.jacobian(new Float64Array(50), J, 0);
      const W = drawRnn(50, 'gauss', 2, 0).weights.W;
      J.forEach((v, i) => expect(v).toBe(g * W[i]));
      expect(o.spectralRadius).toBeCloseTo(r.matrix!.spectralRadius, 12);
      expect(o.stability).toBe(r.matrix!.spectralRadius < 1 ? 'stable' : 'unstable');
      expect(o.unstableDims).toBe(moduli(r.matrix!.re, r.matrix!.im).filter((m) => m > 1).length);
    }
    // ρ(W) of this draw is close to 1, so g = 0.9 is stable and g = 1.1 is not
    expect(view({ k: 50, g: 0.9, seed: 2 }).fixedPoints.find((f) => f.origin)!.stability).toBe('stable');
    expect(view({ k: 50, g: 1.1, seed: 2 }).fixedPoints.find((f) => f.origin)!.stability).toBe('unstable');
  });

  it('odd φ and zero bias: fixed points come in pairs ±h* (found along a real eigenvector of gW)', () => {
    const r = view({ k: 64, g: 1.5, sb: 0 });
    const nonzero = r.fixedPoints.filter((f) => !f.origin);
    expect(nonzero.length).toBeGreaterThanOrEqual(2);
    for (const f of nonzero) {
      const mirror = nonzero.find((h) => h !== f && h.point.every((v, i) => Math.abs(v + f.point[i]) < 1e-9));
      expect(mirror).toBeDefined();
      expect(mirror!.spectralRadius).toBeCloseTo(f.spectralRadius, 10);
    }
  });

  it('Hénon: the fixed points ((−(1−b) ± √((1−b)² + 4a))/(2a), b·x) with μ = −ax ± √(a²x² + b)', () => {
    for (const [a, b] of [
      [1.4, 0.3],
      [1.0, 0.3],
      [0.3, 0.5],
      [0.2, 0.3],
    ]) {
      const r = computeEigenView({ params: { ...HENON, a, b }, imported: null });
      const disc = Math.sqrt((1 - b) ** 2 + 4 * a);
      const xs = [(-(1 - b) + disc) / (2 * a), (-(1 - b) - disc) / (2 * a)].sort((p, q) => Math.abs(p) - Math.abs(q)); // by ‖h*‖ as reported
      expect(r.fixedPoints).toHaveLength(2);
      r.fixedPoints.forEach((fp, i) => {
        const x = xs[i];
        expect(fp.point[0]).toBeCloseTo(x, 12);
        expect(fp.point[1]).toBeCloseTo(b * x, 12);
        const s = Math.sqrt(a * a * x * x + b);
        const mus = [-a * x + s, -a * x - s].sort((p, q) => Math.abs(q) - Math.abs(p));
        expect(fp.eig!.re[0]).toBeCloseTo(mus[0], 11);
        expect(fp.eig!.re[1]).toBeCloseTo(mus[1], 11);
        expect(Array.from(fp.eig!.im)).toEqual([0, 0]);
        expect(fp.stability).toBe(Math.abs(mus[0]) < 1 ? 'stable' : 'unstable');
      });
    }
    // a = 1.4, b = 0.3: both fixed points are saddles
    expect(computeEigenView({ params: HENON, imported: null }).fixedPoints.map((f) => f.unstableDims)).toEqual([1, 1]);
    // below a₁ = 3(1 − b)²/4 (0.3675 for b = 0.3) the fixed point x* > 0 is stable: a = 0.2 gives μ ≈ 0.372, −0.807
    const calm = computeEigenView({ params: { ...HENON, a: 0.2, b: 0.3 }, imported: null }).fixedPoints[0];
    expect(calm.point[0]).toBeGreaterThan(0);
    expect(calm.stability).toBe('stable');
  });

  it('no fixed point at all is a result: Hénon a = 0, b = 1 (x = 1 + y, y = x) — every start singular', () => {
    const r = computeEigenView({ params: { ...HENON, a: 0, b: 1 }, imported: null });
    expect(r.fixedPoints).toEqual([]);
    expect(r.singular).toBe(r.starts.length);
    expect(r.starts.every((s) => s.outcome === 'singular' && s.fixedPoint === -1)).toBe(true);
  });

  it('Newton from a start near a fixed point converges quadratically (a few steps)', () => {
    const map = buildMapND(HENON, null);
    const x = (-(0.7) + Math.sqrt(0.49 + 5.6)) / 2.8;
    const r = newtonFixedPoint(map, Float64Array.of(x + 0.01, 0.3 * x - 0.01), 50);
    expect(r.outcome).toBe('converged');
    expect(r.iterations).toBeLessThanOrEqual(5);
    expect(r.x[0]).toBeCloseTo(x, 14);
  });

  it(`N > ${JACOBIAN_EIGEN_MAX_N}: Jacobian eigenvalues only where J is a multiple of gW (the origin), and a note says so`, () => {
    const r = view({ k: 150, g: 0.5, sb: 0 });
    const o = r.fixedPoints.find((f) => f.origin)!;
    expect(o.eig).not.toBeNull();
    expect(o.stability).toBe('stable');
    const big = view({ k: 150, g: 2, sb: 1 });
    for (const f of big.fixedPoints) {
      expect(f.eig).toBeNull();
      expect(f.stability).toBe('unknown');
      expect(Number.isNaN(f.spectralRadius)).toBe(true);
    }
    if (big.fixedPoints.length) expect(big.notes.join(' ')).toMatch(/N = 150 > 128/);
  });

  it('a draft of a large network skips the fixed points; a sine input is off at t = 0 (unforced map)', () => {
    const d = view({ k: 200, g: 2 }, { draft: true });
    expect(d.starts).toEqual([]);
    expect(d.notes.join(' ')).toMatch(/dragging/);
    const s = view({ k: 20, g: 0.5, inp: 'sine', ia: 2 });
    expect(s.notes.join(' ')).toMatch(/unforced/);
    expect(s.fixedPoints.some((f) => f.origin)).toBe(true);
  });

  it('is deterministic', () => {
    const a = view({ k: 32, g: 2, sb: 1 });
    const b = view({ k: 32, g: 2, sb: 1 });
    expect(a.fixedPoints.map((f) => Array.from(f.point))).toEqual(b.fixedPoints.map((f) => Array.from(f.point)));
    expect(a.starts).toEqual(b.starts);
  });
});

describe('worker API and request', () => {
  it('eigenView returns the result (its arrays transferable), or CANCELLED when stale', async () => {
    let stale = false;
    const api = createEigenApi(createDriver({ isStale: () => stale }));
    const req = eigenRequest(decodeHash('#model=rnn&k=16&g=1.5&sb=0').params, null)!;
    const out = await api.eigenView(req, { lane: 'eigen', jobId: 1 });
    expect(out.ok).toBe(true);
    if (out.ok) {
      expect(out.value.n).toBe(16);
      expect(out.value.matrix!.re).toBeInstanceOf(Float64Array);
    }
    stale = true;
    const c = await api.eigenView(req, { lane: 'eigen', jobId: 2 });
    expect(c).toMatchObject({ ok: false, code: 'CANCELLED' });
  });

  it('a computation error is a value', async () => {
    const api = createEigenApi();
    const bad = { params: { ...RNN, k: 0 }, imported: null };
    const out = await api.eigenView(bad, { lane: 'eigen', jobId: 1 });
    expect(out.ok).toBe(false);
  });

  it('the request depends only on what the view shows', () => {
    const p = decodeHash('#model=rnn&k=32&g=2').params;
    const key = (h: string) => JSON.stringify(eigenRequest(decodeHash(h).params, null));
    expect(eigenRequest(decodeHash('#model=logistic').params, null)).toBeNull();
    expect(key('#model=rnn&k=32&g=2&T=500&a=1.1&x0=3')).toBe(key('#model=rnn&k=32&g=2'));
    expect(key('#model=rnn&k=32&g=2.5')).not.toBe(key('#model=rnn&k=32&g=2'));
    expect(key('#model=henon&seed=9')).toBe(key('#model=henon&seed=1'));
    expect(key('#model=rnn&inp=sine&ia=2')).toBe(key('#model=rnn&inp=sine&ia=1'));
    expect(key('#model=rnn&inp=const&ia=2')).not.toBe(key('#model=rnn&inp=const&ia=1'));
    expect(eigenRequest(p, null, true)!.draft).toBe(true);
    expect(key('#model=plrnn&act=relu&sb=2')).toBe(key('#model=plrnn'));
  });
});
