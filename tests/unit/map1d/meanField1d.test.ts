/**
 * The annealed mean field of Paper B's random 1-D networks
 * (core/map1d/meanField1d.ts): closed forms for ReLU and linear φ, the
 * variance map and χ₁ of tanh and hard tanh against a three-dimensional
 * trapezoid rule over (x, w, b) written here, the critical g as the root of
 * χ₁(q*) = 1, and the critical line of the phase view and the CLI for a 1-D
 * network (lambda-max and p3 maps).
 */
import { describe, expect, it } from 'vitest';
import { criticalG1d, gaussianMoments, maps, meanField1d, net1dSigmas } from '../../../src/core/map1d/meanField1d';
import { phaseCriticalLine } from '../../../src/core/jobs/phaseJob';
import { gaussianExpectation } from '../../../src/core/linalg/quadrature';
import type { Activation } from '../../../src/core/models';
import { cliJson, runCli } from '../support/cli';

/**
 * E over x ~ N(0, q), w ~ N(0, σ_w²), b ~ N(0, σ_b²) of F(x, w, b) by the
 * trapezoid rule in the z-scores on [−9, 9]³ (spectrally accurate for smooth
 * integrands under a Gaussian weight).
 */
function expect3(F: (x: number, w: number, b: number) => number, q: number, sw: number, sb: number, n = 181): number {
  const h = 18 / (n - 1);
  const z = Array.from({ length: n }, (_, i) => -9 + i * h);
  const wt = z.map((t) => (h * Math.exp(-0.5 * t * t)) / Math.sqrt(2 * Math.PI));
  let acc = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const wij = wt[i] * wt[j];
      for (let k = 0; k < n; k++) acc += wij * wt[k] * F(Math.sqrt(q) * z[i], sw * z[j], sb * z[k]);
    }
  return acc;
}

describe('the 1-D network’s mean field', () => {
  it('ReLU and linear φ in closed form: χ₁ = k·σ_a²·σ_w²/2 (ReLU), k·σ_a²·σ_w² (linear), whatever σ_b and k', () => {
    for (const sb of [0, 0.5, 2])
      for (const k of [4, 64]) {
        expect(criticalG1d('relu', 'he', k, sb)).toBeCloseTo(2 ** -0.25, 8); // 2g²·2g²/2 = 1
        expect(criticalG1d('linear', 'he', k, sb)).toBeCloseTo(4 ** -0.25, 8);
        expect(criticalG1d('relu', 'lecun', k, sb)).toBeCloseTo(2 ** 0.25, 8); // g²·g²/2 = 1
        expect(criticalG1d('relu', 'normal', k, sb)).toBeCloseTo((2 / k) ** 0.25, 8); // k g²·g²/2 = 1
      }
    // the ReLU variance map is affine in q with slope χ₁: q* = (k σ_a² σ_b²/2 + σ_c²)/(1 − χ₁)
    const s = net1dSigmas('he', 8, 0.7, 1)!;
    const r = meanField1d('relu', s);
    expect(r.chi1).toBeCloseTo(2 * 0.7 ** 4, 14);
    expect(r.qStar).toBeCloseTo((s.kSigmaA2 * s.sigmaB ** 2 * 0.5 + s.sigmaC2) / (1 - r.chi1), 12);
    expect(meanField1d('relu', net1dSigmas('he', 8, 0.9, 1)!).diverged).toBe(true);
  });

  it('the moments of hard tanh and sine in closed form equal adaptive quadrature', () => {
    const d = { htanh: (u: number) => (Math.abs(u) < 1 ? 1 : 0), sin: Math.cos } as const;
    const f = { htanh: (u: number) => Math.max(-1, Math.min(1, u)), sin: Math.sin } as const;
    for (const act of ['htanh', 'sin'] as const)
      for (const V of [0.01, 0.7, 3, 40]) {
        const [m0, m1, m2] = gaussianMoments(act, V);
        const s = Math.sqrt(V);
        expect(m0).toBeCloseTo(gaussianExpectation((u) => f[act](u) ** 2, s), 10);
        expect(m1).toBeCloseTo(gaussianExpectation((u) => d[act](u) ** 2, s), 10);
        expect(m2).toBeCloseTo(gaussianExpectation((u) => u * u * d[act](u) ** 2, s), 10);
      }
  });

  it.each([
    ['tanh', 1.2, 0.7, 0.9],
    ['tanh', 3, 0.2, 5],
    ['sigmoid', 2, 1, 1.5],
    ['sigmoid', 4, 0.1, 8],
  ] as [Activation, number, number, number][])('%s, g = %s, σ_b = %s, q = %s: the variance map and χ₁ conditioned on w instead of x (u | w ~ N(0, w²q + σ_b²))', (act, g, sbp, q) => {
    const s = net1dSigmas('he', 16, g, sbp)!;
    const phi = act === 'tanh' ? Math.tanh : (u: number) => 1 / (1 + Math.exp(-u));
    const dphi = act === 'tanh' ? (u: number) => 1 - Math.tanh(u) ** 2 : (u: number) => phi(u) * (1 - phi(u));
    const m = maps(act, s);
    // E_w[h(w)·E_u[f(u)]], u | w ~ N(0, w²q + σ_b²), both by adaptive quadrature, the outer cut at w = σ_b/√q
    const overW = (h: (w: number) => number, f: (u: number) => number) =>
      gaussianExpectation((w) => h(w) * gaussianExpectation(f, Math.sqrt(w * w * q + s.sigmaB ** 2), 1e-12), s.sigmaW, 1e-12, [s.sigmaB / Math.sqrt(q)]);
    const F = s.kSigmaA2 * overW(() => 1, (u) => phi(u) ** 2) + s.sigmaC2;
    const chi = s.kSigmaA2 * overW((w) => w * w, (u) => dphi(u) ** 2);
    expect(Math.abs(m.next(q) - F) / F).toBeLessThan(1e-8);
    expect(Math.abs(m.chi(q) - chi) / chi).toBeLessThan(1e-8);
  });

  it('a smooth case against a 3-D trapezoid rule over (x, w, b)', () => {
    const s = net1dSigmas('lecun', 8, 1.1, 0.8)!;
    const m = maps('tanh', s);
    const F = s.kSigmaA2 * expect3((x, w, b) => Math.tanh(w * x + b) ** 2, 0.6, s.sigmaW, s.sigmaB) + s.sigmaC2;
    const chi = s.kSigmaA2 * expect3((x, w, b) => w * w * (1 - Math.tanh(w * x + b) ** 2) ** 2, 0.6, s.sigmaW, s.sigmaB);
    expect(Math.abs(m.next(0.6) - F) / F).toBeLessThan(1e-8);
    expect(Math.abs(m.chi(0.6) - chi) / chi).toBeLessThan(1e-8);
  });

  it('at the critical g, χ₁ = 1 at the fixed point q* of the variance map (tanh, hard tanh, sine, sigmoid)', () => {
    for (const act of ['tanh', 'htanh', 'sin', 'sigmoid'] as const)
      for (const sb of [0.3, 1]) {
        const gc = criticalG1d(act, 'he', 16, sb);
        expect(Number.isFinite(gc), `${act} σ_b = ${sb}`).toBe(true);
        const s = net1dSigmas('he', 16, gc, sb)!;
        const r = meanField1d(act, s);
        expect(Math.abs(maps(act, s).next(r.qStar) - r.qStar)).toBeLessThan(1e-9 * r.qStar);
        expect(Math.abs(r.chi1 - 1), `${act} σ_b = ${sb}`).toBeLessThan(1e-7);
        // ordered just below, not just above
        expect(meanField1d(act, net1dSigmas('he', 16, 0.99 * gc, sb)!).chi1).toBeLessThan(1);
        expect(meanField1d(act, net1dSigmas('he', 16, 1.01 * gc, sb)!).chi1).toBeGreaterThan(1);
      }
    // with σ_b = 0 the variance dies out below the edge: q* = 0, χ₁ = k σ_a² σ_w² φ′(0)² = 4g⁴ (He)
    expect(criticalG1d('tanh', 'he', 16, 0)).toBeCloseTo(4 ** -0.25, 6);
    // a law with uniform weights has no Gaussian mean field here
    expect(net1dSigmas('torch', 16, 1, 1)).toBeNull();
    expect(criticalG1d('tanh', 'torch', 16, 1)).toBeNaN();
  });

  it('the phase view’s and the CLI’s critical line of a 1-D network: criticalG for each σ_b (lambda-max and p3 maps)', () => {
    const o = cliJson(runCli(['phase', '--url', '#v=1&model=net1d&act=tanh&init=he&k=16', '--x', 'g:0.5:3:3', '--y', 'sb:0.5:1:2', '--steps', '200']));
    expect(o.meanField.axis).toBe('y');
    expect(o.meanField.criticalG).toHaveLength(2);
    o.meanField.criticalG.forEach((g: number, i: number) => expect(g).toBeCloseTo(criticalG1d('tanh', 'he', 16, [0.5, 1][i]), 9));
    const p3 = cliJson(runCli(['phase', '--url', '#v=1&model=net1d&act=relu&init=he&k=8', '--x', 'g:0.5:3:2', '--y', 'sb:0:1:2', '--quantity', 'p3', '--samples', '4']));
    expect(p3.meanField.criticalG).toEqual([expect.closeTo(2 ** -0.25, 8), expect.closeTo(2 ** -0.25, 8)]);
    // no line for the torch law or another output
    const none = cliJson(runCli(['phase', '--url', '#v=1&model=net1d&act=tanh&init=torch&k=16', '--x', 'g:0.5:3:2', '--y', 'sb:0.5:1:2', '--steps', '100']));
    expect(none.meanField.criticalG).toBeNull();
    expect(phaseCriticalLine).toBeTypeOf('function');
  });
});
