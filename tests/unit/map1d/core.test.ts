import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../../src/core/linalg/rng';
import { LogisticMap, NetMap, TentMap } from '../../../src/core/models';
import { analyseOrbit, detectPeriod, orbit, classifyOrbit } from '../../../src/core/map1d/orbit';
import { fixedPoints } from '../../../src/core/map1d/fixedPoints';
import { buildMap, type ModelParams } from '../../../src/core/models';
import { Act, ACTIVATIONS, actCode, dphi, phi } from '../../../src/core/models/activations';
import { OUTPUTS } from '../../../src/core/models';

const base: ModelParams = {
  model: 'net1d',
  act: 'tanh',
  out: 'identity',
  g: 2.7,
  sb: 1,
  k: 16,
  init: 'he',
  seed: 6,
  w: 1,
  b: 0,
  r: 3.7,
  mu: 1.9,
  wl: 'gauss',
  inp: 'none',
  ia: 0,
  ip: 20,
  a: 0,
  x0: 0.1,
};

describe('random numbers', () => {
  it('reproduce the reference stream (mulberry32 + Box–Muller, seed 42)', () => {
    const r = new Rng(42);
    expect([r.u32(), r.u32(), r.u32()]).toEqual([2581720956, 1925393290, 3661312704]);
    const n = new Rng(42);
    // JS Math.log/cos may differ from glibc in the last bit (reference README).
    expect(n.normal()).toBeCloseTo(-0.9561622294378207, 14);
    expect(n.normal()).toBeCloseTo(-0.27302610440398517, 14);
    expect(n.normal()).toBeCloseTo(-1.8416271842047995, 14);
  });
});

describe('Lyapunov exponent of 1-D maps', () => {
  it('logistic r = 4 gives ln 2', () => {
    const a = analyseOrbit(new LogisticMap(4), 0.1, 1000, 200000);
    expect(a.diverged).toBe(false);
    expect(Math.abs(a.lambda - Math.LN2)).toBeLessThan(0.01);
    expect(classifyOrbit(a)).toBe('chaotic');
  });

  it('tent map with slope 2 gives ln 2 (|f′| = 2 everywhere)', () => {
    const a = analyseOrbit(new TentMap(2), 0.1234, 100, 5000);
    expect(a.lambda).toBeCloseTo(Math.LN2, 12);
    // and a detuned tent map stays chaotic in floating point: ln 1.9999
    const b = analyseOrbit(new TentMap(1.9999), 0.1234, 100, 100000);
    expect(b.lambda).toBeCloseTo(Math.log(1.9999), 10);
    expect(b.period).toBe(0);
  });

  it('logistic r = 3.2 settles on the stable 2-cycle with λ = ½ ln|4 + 2r − r²| < 0', () => {
    const r = 3.2;
    const a = analyseOrbit(new LogisticMap(r), 0.1, 2000, 10000);
    expect(a.period).toBe(2);
    expect(classifyOrbit(a)).toBe('periodic');
    expect(a.lambda).toBeLessThan(0);
    expect(a.lambda).toBeCloseTo(0.5 * Math.log(Math.abs(4 + 2 * r - r * r)), 6);
    // the cycle points are (r + 1 ± √((r + 1)(r − 3))) / 2r
    const s = Math.sqrt((r + 1) * (r - 3));
    const cycle = [(r + 1 - s) / (2 * r), (r + 1 + s) / (2 * r)];
    const tail = [...a.tail.slice(-2)].sort((p, q) => p - q);
    expect(tail[0]).toBeCloseTo(cycle[0], 10);
    expect(tail[1]).toBeCloseTo(cycle[1], 10);
  });

  it('logistic r = 2.5 converges to the fixed point 1 − 1/r with λ = ln|2 − r|', () => {
    const a = analyseOrbit(new LogisticMap(2.5), 0.3, 1000, 5000);
    expect(a.period).toBe(1);
    expect(a.lambda).toBeCloseTo(Math.log(0.5), 6);
  });

  it('a superstable orbit reports λ = −∞ as superstable, not NaN', () => {
    // logistic r = 2: the fixed point ½ has f′ = 0 exactly
    const a = analyseOrbit(new LogisticMap(2), 0.5, 0, 100);
    expect(a.superstable).toBe(true);
    expect(Number.isNaN(a.lambda)).toBe(false);
  });

  it('a diverging orbit is reported as diverged, with no NaN or Infinity in its points', () => {
    const m = new LogisticMap(4);
    const o = orbit(m, 1.5, 100);
    expect(o.diverged).toBe(true);
    expect([...o.x].every(Number.isFinite)).toBe(true);
    const a = analyseOrbit(m, 1.5, 10, 100);
    expect(a.diverged).toBe(true);
    expect(classifyOrbit(a)).toBe('diverged');
    expect(a.divergedAt).toBeGreaterThan(0);
  });
});

describe('period detection', () => {
  it('finds the smallest period and rejects aperiodic sequences', () => {
    const seq = (p: number) => Float64Array.from({ length: 64 }, (_, i) => Math.sin(1 + (i % p)));
    for (const p of [1, 2, 3, 5, 8]) expect(detectPeriod(seq(p), 0, 64, 16)).toBe(p);
    const chaotic = orbit(new LogisticMap(4), 0.2, 300).x;
    expect(detectPeriod(chaotic, 100, 200, 32)).toBe(0);
  });
});

describe('activations', () => {
  it('φ′ matches a central difference away from kinks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTIVATIONS), fc.double({ min: -4, max: 4, noNaN: true }), (a, z) => {
        fc.pre(Math.abs(Math.abs(z) - 1) > 1e-3 && Math.abs(z) > 1e-3);
        const c = actCode(a);
        const h = 1e-6;
        const fd = (phi(c, z + h) - phi(c, z - h)) / (2 * h);
        expect(Math.abs(dphi(c, z) - fd)).toBeLessThan(1e-5);
      }),
    );
  });

  it('the network map’s f and f′ agree with the generic activation functions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACTIVATIONS),
        fc.constantFrom(...OUTPUTS),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (act, out, k, x, seed) => {
          const m = buildMap({ ...base, act, out, k, seed }, null) as NetMap;
          const f = m.f(x);
          const fd = m.fd(x);
          expect(fd).toBe(f);
          // derivative by central difference (skip near kinks)
          const h = 1e-6;
          const num = (m.f(x + h) - m.f(x - h)) / (2 * h);
          if (act === 'tanh' || act === 'sigmoid' || act === 'sin') {
            if (out !== 'clip') expect(Math.abs(m.d - num)).toBeLessThan(1e-4 * Math.max(1, Math.abs(num)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('fixed points', () => {
  it('of the logistic map are 0 and 1 − 1/r, with the right stability', () => {
    const fps = fixedPoints(new LogisticMap(2.8), 0, 1);
    expect(fps.map((f) => f.x)).toEqual([0, expect.closeTo(1 - 1 / 2.8, 12)]);
    expect(fps.map((f) => f.stability)).toEqual(['unstable', 'stable']);
  });

  it('of the single neuron tanh(2x) are 0 (unstable) and ±x* with x* = tanh(2x*) (stable)', () => {
    const m = buildMap({ ...base, model: 'neuron', g: 2, w: 1, b: 0 }, null);
    const fps = fixedPoints(m, -1.5, 1.5);
    expect(fps).toHaveLength(3);
    expect(fps[1].x).toBeCloseTo(0, 12);
    expect(fps[1].stability).toBe('unstable');
    expect(fps[2].x).toBeCloseTo(Math.tanh(2 * fps[2].x), 12);
    expect(fps[2].x).toBeCloseTo(0.957504, 5);
    expect(fps[0].x).toBeCloseTo(-fps[2].x, 12);
    expect(fps[2].stability).toBe('stable');
  });

  it('found for random M1 and M2 maps satisfy f(x*) = x*', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('neuron', 'net1d'),
        fc.constantFrom(...ACTIVATIONS),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 10000 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (model, act, k, g, seed, b) => {
          const p = { ...base, model: model as 'neuron' | 'net1d', act, k, g, seed, b };
          const m = buildMap(p, null);
          for (const fp of fixedPoints(m, -5, 5)) {
            const fx = m.f(fp.x);
            expect(Math.abs(fx - fp.x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(fp.x)));
            m.fd(fp.x);
            expect(fp.slope).toBe(m.d);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('piecewise-linear flag', () => {
  it('is set for ReLU, hard tanh, linear and the tent map only', () => {
    for (const a of ACTIVATIONS) {
      const m = buildMap({ ...base, act: a }, null);
      expect(m.piecewiseLinear).toBe([Act.Relu, Act.HardTanh, Act.Linear].includes(actCode(a) as 1 | 3 | 4));
    }
    expect(new TentMap(2).piecewiseLinear).toBe(true);
    expect(new LogisticMap(4).piecewiseLinear).toBe(false);
  });
});

describe('piecewise-linear maps at their kinks', () => {
  it('use the right derivative, so the exact tent map’s floating-point collapse onto 0 has λ = ln 2', () => {
    const tent = buildMap({ ...base, act: 'relu', g: 1, sb: 1 }, { w: Float64Array.of(1, 1), b: Float64Array.of(0, -0.5), a: Float64Array.of(2, -4), c: 0 });
    tent.fd(0);
    expect(tent.d).toBe(2);
    tent.fd(0.5);
    expect(tent.d).toBe(-2);
    const a = analyseOrbit(tent, 0.1, 1000, 1000);
    // the orbit has collapsed to the unstable fixed point 0 (53-bit mantissa), whose multiplier is 2
    expect(a.tail[a.tail.length - 1]).toBe(0);
    expect(a.lambda).toBeCloseTo(Math.LN2, 12);
  });

  it('clip output: the right derivative at the clip edges', () => {
    const m = buildMap({ ...base, act: 'linear', out: 'clip', g: 1, sb: 1 }, { w: Float64Array.of(1), b: Float64Array.of(0), a: Float64Array.of(2), c: 0 });
    // f(x) = clip(2x): at x = 0 the right derivative is 2, at x = ½ it is 0
    m.fd(0);
    expect(m.d).toBe(2);
    m.fd(0.5);
    expect(m.d).toBe(0);
    m.fd(0.25);
    expect(m.d).toBe(2);
  });
});
