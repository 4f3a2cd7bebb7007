/**
 * The enclosures behind the certified periodic-point search: every value of f
 * and f′ (and of fᵖ, (fᵖ)′) at points of an interval lies in what the
 * interval arithmetic returns for it, for every model and activation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTIVATIONS, actCode, dphi, encloseActivation, phi } from '../../../src/core/models/activations';
import { drawNet1d, LogisticMap, NetMap, OUTPUTS, TentMap } from '../../../src/core/models';
import type { Map1D } from '../../../src/core/models';
import { iv } from '../../../src/core/linalg/interval';
import { PowerEnclosure, shrinkWindow } from '../../../src/core/interval/certified';

/** Points spread over [lo, hi], both ends included. */
function pointsOf(lo: number, hi: number, n = 41): number[] {
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
}

/** f, f′ at x with the map's own point evaluation. */
function fAndD(map: Map1D, x: number): [number, number] {
  const y = map.fd(x);
  return [y, map.d];
}

const interval = fc
  .tuple(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: 0, max: 6, noNaN: true }))
  .map(([a, w]) => [a, a + w * w * w * 0.03] as [number, number]);

describe('interval enclosures', () => {
  it('φ and φ′ of every activation lie in their enclosure over any interval', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTIVATIONS), interval, (name, [lo, hi]) => {
        const act = actCode(name);
        const F = iv(0);
        const D = iv(0);
        encloseActivation(act, lo, hi, F, D);
        for (const z of pointsOf(lo, hi)) {
          const v = phi(act, z);
          const d = dphi(act, z);
          expect(v).toBeGreaterThanOrEqual(F.lo);
          expect(v).toBeLessThanOrEqual(F.hi);
          expect(d).toBeGreaterThanOrEqual(D.lo);
          expect(d).toBeLessThanOrEqual(D.hi);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('a network’s f and f′ lie in Map1D.enclose for every activation and output', () => {
    const out = new Float64Array(4);
    fc.assert(
      fc.property(fc.constantFrom(...ACTIVATIONS), fc.constantFrom(...OUTPUTS), fc.integer({ min: 1, max: 24 }), fc.double({ min: 0.3, max: 5, noNaN: true }), fc.integer({ min: 0, max: 1e6 }), interval, (name, o, k, g, seed, [lo, hi]) => {
        const m = new NetMap(drawNet1d('he', k, seed, g, 1), actCode(name), o);
        m.enclose(lo, hi, out);
        for (const x of pointsOf(lo, hi)) {
          const [y, d] = fAndD(m, x);
          expect(y).toBeGreaterThanOrEqual(out[0]);
          expect(y).toBeLessThanOrEqual(out[1]);
          expect(d).toBeGreaterThanOrEqual(out[2]);
          expect(d).toBeLessThanOrEqual(out[3]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the logistic and tent maps, and the p-fold enclosure of fᵖ and (fᵖ)′ by the chain rule', () => {
    const maps: Map1D[] = [new LogisticMap(4), new LogisticMap(3.3), new TentMap(2), new TentMap(1.7), new NetMap(drawNet1d('he', 16, 6, 2.7, 1), actCode('tanh'), 'identity')];
    fc.assert(
      fc.property(fc.constantFrom(...maps.keys()), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (mi, p, u, w) => {
        const map = maps[mi];
        const lo = u;
        const hi = u + 0.02 * w * w;
        const E = new PowerEnclosure(map, p);
        expect(E.over(lo, hi)).toBe(true);
        for (const x of pointsOf(lo, hi, 21)) {
          let y = x;
          let d = 1;
          for (let j = 0; j < p; j++) {
            y = map.fd(y);
            d *= map.d;
          }
          expect(y).toBeGreaterThanOrEqual(E.f.lo);
          expect(y).toBeLessThanOrEqual(E.f.hi);
          expect(d).toBeGreaterThanOrEqual(E.d.lo);
          expect(d).toBeLessThanOrEqual(E.d.hi);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('enclosures are tight enough to prove: narrow cells give narrow images', () => {
    const E = new PowerEnclosure(new LogisticMap(4), 3);
    E.over(0.3, 0.3 + 1e-9);
    // (f³)′ is at most 64 in size: the image of a 1e-9 cell is below 1e-7 wide
    expect(E.f.hi - E.f.lo).toBeLessThan(1e-7);
    expect(E.d.hi - E.d.lo).toBeLessThan(1e-5);
  });

  it('the shrunk window holds every invariant set: the attractors orbits settle on', () => {
    // W ↦ f(W) ∩ W keeps every set A with f(A) = A (periodic orbits, ω-limit sets) inside
    for (const [m, win] of [
      [new NetMap(drawNet1d('he', 16, 6, 2.7, 1), actCode('tanh'), 'identity'), null],
      [new NetMap(drawNet1d('he', 8, 3, 1.8, 0.5), actCode('sigmoid'), 'identity'), null],
      [new NetMap({ w: Float64Array.of(1), b: Float64Array.of(0.3), a: Float64Array.of(5), c: 0 }, actCode('sin'), 'identity'), null],
      [new LogisticMap(3.7), [0, 1]],
    ] as [Map1D, [number, number] | null][]) {
      const w0 = win ?? m.periodicWindow()!;
      const [lo, hi] = shrinkWindow(m, w0);
      expect(lo).toBeGreaterThanOrEqual(w0[0]);
      expect(hi).toBeLessThanOrEqual(w0[1]);
      let seen = [Infinity, -Infinity];
      for (const x0 of pointsOf(w0[0], w0[1], 200)) {
        let x = x0;
        for (let t = 0; t < 600; t++) {
          x = m.f(x);
          if (t >= 500) seen = [Math.min(seen[0], x), Math.max(seen[1], x)];
        }
      }
      expect(seen[0]).toBeGreaterThanOrEqual(lo);
      expect(seen[1]).toBeLessThanOrEqual(hi);
    }
    // and it is f's range, not the crude bound c ± Σ|aᵢ|, for the default network
    const m = new NetMap(drawNet1d('he', 16, 6, 2.7, 1), actCode('tanh'), 'identity');
    const [lo, hi] = shrinkWindow(m, m.periodicWindow()!);
    expect(hi - lo).toBeLessThan(2.4);
    expect(m.periodicWindow()![1] - m.periodicWindow()![0]).toBeGreaterThan(20);
  });
});
