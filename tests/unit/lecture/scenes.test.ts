/**
 * The scene library: every scene is a clean link (no warnings, no redundant
 * keys) and every number its text quotes is what the core code computes for
 * it. The checks use the CLI's pure functions, which decode a link exactly as
 * the app does and compute with the same core code as the workers.
 */
import { describe, expect, it } from 'vitest';
import { LECTURE_TOUR, SCENES, SCENE_GROUPS, SCENE_IDS, sceneById, sceneHash, type Scene } from '../../../src/params/scenes';
import { applyOverrides, decodeHash, encodeHash } from '../../../src/params/url';
import { resolveState, type RunState } from '../../../src/cli/state';
import { computeBifurcation, computeLaps, computeLyapunov } from '../../../src/cli/map1dQuantities';
import { computeEigen, computeLyapunovND } from '../../../src/cli/vectorQuantities';
import { computeChaosProbability } from '../../../src/cli/chaosProbability';
import { phaseCellsJob } from '../../../src/core/jobs/phaseJob';
import { runToEnd } from '../../../src/core/job';
import { phaseRequest, phaseSettingsOf } from '../../../src/params/phase';
import { criticalLinePoints } from '../../../src/compute/phase';
import { criticalGAt } from '../../../src/core/jobs/phaseJob';
import { computeExpressivity, computePeriodicView } from '../../../src/core/jobs/paperB';
import { computePanel1d } from '../../../src/core/jobs/panel1d';
import { columnMap, projectionFor, runColumnND, type SweepBaseND } from '../../../src/core/vector/diagramND';
import { gradientRequest, modelParams, panel1dRequest } from '../../../src/params/requests';
import { computeGradients } from '../../../src/core/gradients/gradients';
import { twoTrajectoryLambda } from '../../../src/core/vector/spectrum';
import { LORENZ_DT, LORENZ_LAMBDA, rk4Step } from '../../../src/core/training/lorenz';
import type { MapND } from '../../../src/core/models';
import type { ModelParams } from '../../../src/core/models';
import type { Net1dWeights } from '../../../src/core/models';
import type { Params } from '../../../src/params/spec';

function scene(id: string): Scene {
  const s = sceneById(id);
  if (!s) throw new Error(`no scene ${id}`);
  return s;
}

/** The run state of a scene, with some keys replaced (`g=0.8` …). */
function stateOf(id: string, extra = ''): RunState {
  const pairs = new URLSearchParams(sceneHash(scene(id)));
  for (const [k, v] of new URLSearchParams(extra)) pairs.set(k, v);
  return resolveState(pairs.toString(), null, () => {
    throw new Error('no files');
  });
}

function lyap1d(id: string, extra = '') {
  return computeLyapunov(stateOf(id, extra), null, null);
}
function lyapND(id: string, extra = '', steps: number | null = null, exponents: number | null = 1) {
  return computeLyapunovND(stateOf(id, extra), { steps, transient: null, exponents });
}

/** One column of a vector model's orbit diagram, as the app's workers compute it. */
function vectorColumn(id: string, value: number) {
  const s = stateOf(id);
  const p = s.params;
  const base: SweepBaseND = { params: modelParams(p), imported: null, param: p.bp, transient: p.bt, keep: p.bn, proj: p.proj, unit: p.unit };
  const proj = projectionFor(base, p.bx0, p.bx1);
  return runColumnND(columnMap(base, value), proj, p.bt, p.bn, new Float64Array(p.bn), 0);
}

/** The 1-D panel as the app requests it (ls = auto: the λ run stops at its tolerance). */
function panel1d(s: RunState) {
  return computePanel1d(panel1dRequest(s.params, s.imported, false));
}

function periodicView(s: RunState) {
  return computePeriodicView({ params: s.params as unknown as ModelParams & { x0: number; d0: number; se: number; pc: number }, imported: s.imported as Net1dWeights | null });
}

describe('the scene library', () => {
  it('has at least 12 scenes with unique, URL-safe ids, titles and texts', () => {
    expect(SCENES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(SCENE_IDS).size).toBe(SCENES.length);
    for (const s of SCENES) {
      expect(s.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(encodeURIComponent(s.id)).toBe(s.id);
      expect(s.title.length).toBeGreaterThan(5);
      expect(s.title.length).toBeLessThan(70);
      expect(s.text.length).toBeGreaterThan(40);
      expect(s.text.length).toBeLessThan(420);
    }
  });

  it.each(SCENES.map((s) => [s.id, s] as const))('%s decodes without warnings, with only non-default keys', (_id, s) => {
    const keys = [...new URLSearchParams(s.hash).keys()];
    expect(keys).not.toContain('v');
    expect(keys).not.toContain('scene');
    expect(new Set(keys).size).toBe(keys.length);
    const d = decodeHash('v=1&' + s.hash + '&scene=' + s.id);
    expect(d.warnings).toEqual([]);
    expect(d.params.scene).toBe(s.id);
    expect(decodeHash(sceneHash(s))).toEqual(d);
    // every key matters: leaving it out changes the state
    const full = JSON.stringify(decodeHash(sceneHash(s)));
    for (const key of keys) {
      if (key === 'wh' || key === 'wd') continue; // an imported network is one thing
      const rest = new URLSearchParams(s.hash);
      rest.delete(key);
      const without = JSON.stringify(decodeHash(`v=1&${rest.toString()}&scene=${s.id}`));
      expect(without, `${s.id}: ${key} is the default`).not.toBe(full);
    }
  });

  it('groups hold every scene exactly once; the lecture tour names library scenes in order', () => {
    const grouped = SCENE_GROUPS.flatMap((g) => g.ids);
    expect([...grouped].sort()).toEqual([...SCENE_IDS].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(LECTURE_TOUR.length).toBeGreaterThanOrEqual(10);
    for (const id of LECTURE_TOUR) expect(sceneById(id), id).toBeDefined();
    expect(new Set(LECTURE_TOUR).size).toBe(LECTURE_TOUR.length);
    // the tour link, as the scene browser builds it, decodes cleanly
    const first = decodeHash(sceneHash(scene(LECTURE_TOUR[0])));
    const params: Params = { ...first.params, tour: LECTURE_TOUR.map((id) => ({ scene: id })), ts: 0 };
    const back = decodeHash(encodeHash({ params, weights: null }));
    expect(back.warnings).toEqual([]);
    expect(back.params.tour).toEqual(LECTURE_TOUR.map((id) => ({ scene: id })));
  });
});

describe('what the 1-D scenes claim', { timeout: 60_000 }, () => {
  it('neuron: a 2-cycle ±0.86 at g = 1.5, the stable fixed point 0 below g = 1 (λ = ln g)', () => {
    const above = lyap1d('neuron');
    expect(above.kind).toBe('periodic');
    expect(above.period).toBe(2);
    expect(above.lambdaMax!).toBeLessThan(0);
    const orb = panel1d(stateOf('neuron')).orbit;
    const [a, b] = [orb[orb.length - 2], orb[orb.length - 1]];
    expect(a * b).toBeLessThan(0); // alternates sign
    expect(Math.abs(a)).toBeCloseTo(0.858, 2);
    expect(Math.abs(a)).toBeCloseTo(Math.tanh(1.5 * Math.abs(a)), 9);
    const below = lyap1d('neuron', 'g=0.8');
    expect(below.period).toBe(1);
    expect(below.lambdaMax!).toBeCloseTo(Math.log(0.8), 6);
    const fp = panel1d(stateOf('neuron', 'g=0.8')).fixedPoints;
    expect(fp.some((f) => Math.abs(f.x) < 1e-9 && f.stability === 'stable')).toBe(true);
    expect(panel1d(stateOf('neuron')).fixedPoints.find((f) => Math.abs(f.x) < 1e-9)?.stability).toBe('unstable');
  });

  it('logistic: 1, 2, 4, 8 along the cascade, chaos beyond, period 3 at 3.83, λ = ln 2 at r = 4', () => {
    const period = (r: number) => lyap1d('logistic', `r=${r}`).period;
    expect(period(2.9)).toBe(1);
    expect(period(3.2)).toBe(2);
    expect(lyap1d('logistic').period).toBe(4); // the scene: r = 3.5
    expect(period(3.55)).toBe(8);
    expect(lyap1d('logistic', 'r=3.6').lambdaMax!).toBeGreaterThan(0);
    expect(period(3.83)).toBe(3);
    expect(lyap1d('logistic', 'r=4').lambdaMax!).toBeCloseTo(Math.LN2, 3);
  });

  it('period-doubling: 2-cycle from 2.37, 4 from 2.48, 8 near 2.50, chaos near 2.505, a 6-window at 2.52; the window frames one branch', () => {
    const at = (g: number) => lyap1d('period-doubling', `g=${g}`);
    expect(at(2.36).period).toBe(1);
    expect(at(2.38).period).toBe(2);
    expect(at(2.478).period).toBe(2);
    expect(at(2.482).period).toBe(4);
    expect(lyap1d('period-doubling').period).toBe(4); // the scene: g = 2.49
    expect(at(2.501).period).toBe(8);
    expect(at(2.508).lambdaMax!).toBeGreaterThan(0);
    expect(at(2.52).period).toBe(6);
    expect(at(2.53).lambdaMax!).toBeGreaterThan(0);
    // the state window holds the upper branch from the 2-cycle to the chaotic band
    const s = stateOf('period-doubling');
    const d = computeBifurcation(s, 39, 3000, 256);
    const [lo, hi] = [s.params.by0!, s.params.by1!];
    d.points.forEach((col, j) => {
      const upper = col.filter((y) => y > -0.9);
      expect(upper.length, `g = ${d.param[j]}`).toBeGreaterThan(0);
      for (const y of upper) expect(y >= lo && y <= hi, `${y} outside [${lo}, ${hi}] at g = ${d.param[j]}`).toBe(true);
    });
    expect(d.period[0]).toBe(2);
    expect(d.lambda.some((l) => l !== null && l > 0.1)).toBe(true);
  });

  it('period-3: a stable 3-cycle (0.156, 0.505, 0.957; multiplier 0.33), every period 1 … 8, no scrambled pair', () => {
    const r = periodicView(stateOf('period-3'));
    expect(r.periodic.period3).toBe(true);
    expect(r.periodic.liYorke).toBe(true);
    expect([...r.periodic.periods].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.p).toBe(3);
    const stable = r.periodic.cycles.filter((c) => c.period === 3 && c.stability === 'stable');
    expect(stable).toHaveLength(1);
    const pts = [...stable[0].points].sort((a, b) => a - b);
    expect(pts[0]).toBeCloseTo(0.156, 3);
    expect(pts[1]).toBeCloseTo(0.505, 3);
    expect(pts[2]).toBeCloseTo(0.957, 3);
    expect(stable[0].multiplier).toBeCloseTo(0.33, 2);
    expect(r.scramble?.scrambled).toBe(0);
  });

  it('li-yorke: four unstable 3-cycles (|Π f′| 23 … 1863) in the default network; about 56 % of pairs scramble', () => {
    const r = periodicView(stateOf('li-yorke'));
    expect(r.periodic.period3).toBe(true);
    const c3 = r.periodic.cycles.filter((c) => c.period === 3);
    expect(c3).toHaveLength(4);
    for (const c of c3) expect(c.stability).toBe('unstable');
    const mult = c3.map((c) => Math.abs(c.multiplier));
    expect(Math.min(...mult)).toBeCloseTo(23.4, 0);
    expect(Math.max(...mult)).toBeCloseTo(1863, -1);
    expect(r.scramble!.fraction).toBeGreaterThan(0.5);
    expect(r.scramble!.fraction).toBeLessThan(0.62);
  });

  it('scrambling: λ ≈ 0.40, the twin is 0.1 away by t ≈ 37, the running max stays at 2.3 and the min falls to about 0.01', () => {
    const r = panel1d(stateOf('scrambling'));
    expect(r.analysis.lambda).toBeCloseTo(0.4, 2);
    expect(r.logSep[0]).toBeCloseTo(-8, 1);
    const first = r.logSep.findIndex((v) => v > -1);
    expect(first).toBeGreaterThanOrEqual(33);
    expect(first).toBeLessThanOrEqual(41);
    expect(r.logSep.length).toBe(1001);
    expect(10 ** r.sepMax[r.sepMax.length - 1]).toBeCloseTo(2.3, 1);
    expect(10 ** r.sepMin[r.sepMin.length - 1]).toBeGreaterThan(0.005);
    expect(10 ** r.sepMin[r.sepMin.length - 1]).toBeLessThan(0.015);
  });
});

describe('what the Paper B scenes claim', { timeout: 60_000 }, () => {
  it('tent-laps: 2ᵗ laps, h = ln 2; the recurrent composition keeps its laps under noise, the feed-forward stack does not', () => {
    const s = stateOf('tent-laps');
    expect(s.params.k).toBe(2);
    const l = computeLaps(s, null, null);
    expect(l.method).toBe('exact');
    expect(l.laps).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(l.entropy!).toBeCloseTo(Math.LN2, 9);
    const e = computeExpressivity({ params: s.params as unknown as Parameters<typeof computeExpressivity>[0]['params'], imported: s.imported });
    const p = e.persistence!;
    const i = p.sigmas.indexOf(0.1);
    expect(p.t).toBe(6);
    expect(p.recurrent[0].mean).toBe(64);
    expect(p.recurrent[i].mean).toBeGreaterThan(45);
    expect(p.recurrent[i].mean).toBeLessThan(57);
    expect(p.feedforward[i].mean).toBeGreaterThan(16);
    expect(p.feedforward[i].mean).toBeLessThan(26);
  });

  it('fibonacci: laps 2, 3, 5, 8, … 144, rate → φ, entropy ln φ', () => {
    const l = computeLaps(stateOf('fibonacci'), null, null);
    expect(l.laps).toEqual([2, 3, 5, 8, 13, 21, 34, 55, 89, 144]);
    const phi = (1 + Math.sqrt(5)) / 2;
    expect(l.growthRate!).toBeCloseTo(phi, 2);
    expect(l.entropy!).toBeCloseTo(Math.log(phi), 2);
    expect(periodicView(stateOf('fibonacci')).periodic.period3).toBe(true);
  });

  it('chaos-probability: ≈ 0 up to g = 1, 0.1 – 0.4 by g = 2 – 4 for widths 8 … 128', () => {
    const r = computeChaosProbability(stateOf('chaos-probability'), { samples: null, widths: null, gRange: null });
    expect(r.method).toBe('exact');
    expect(r.widths).toEqual([2, 8, 32, 128]);
    r.widths.forEach((k, i) => {
      r.g.forEach((g, j) => {
        if (g <= 1) expect(r.p3[i][j], `k ${k}, g ${g}`).toBeLessThanOrEqual(0.03);
        if (k >= 8 && g >= 2) {
          expect(r.p3[i][j], `k ${k}, g ${g}`).toBeGreaterThanOrEqual(0.1);
          expect(r.p3[i][j], `k ${k}, g ${g}`).toBeLessThanOrEqual(0.4);
        }
      });
    });
  });
});

describe('what the RNN scenes claim', { timeout: 60_000 }, () => {
  it('rnn-ordered: λ_max = ln ρ(gW) ≈ −0.18; mean field q* = 0, λ_MF = ln 0.8', () => {
    const r = lyapND('rnn-ordered');
    expect(r.lambdaMax!).toBeCloseTo(-0.18, 2);
    expect(r.meanField!.qStar).toBe(0);
    expect(r.meanField!.lambda!).toBeCloseTo(Math.log(0.8), 4);
    expect(r.meanField!.criticalG!).toBeCloseTo(1, 6);
    const e = computeEigen(stateOf('rnn-ordered'));
    // within the run's tolerance (ls = auto): the frame's alignment at the start is an O(1/steps) bias of that size
    expect(r.stopped).toBe('tol');
    expect(Math.abs(Math.log(e.spectralRadius!) - r.lambdaMax!)).toBeLessThan(r.tol!);
    // a long fixed run comes closer
    expect(Math.abs(Math.log(e.spectralRadius!) - lyapND('rnn-ordered', '', 100_000).lambdaMax!)).toBeLessThan(2e-5);
  });

  it('rnn-chaotic: λ_max ≈ 0.13 (mean field 0.15, q* ≈ 2.1, χ₁ ≈ 1.36); ≈ 0 at g = 1.2, positive by 1.4', () => {
    const r = lyapND('rnn-chaotic');
    expect(r.lambdaMax!).toBeCloseTo(0.13, 2);
    expect(r.twoTrajectory!).toBeCloseTo(r.lambdaMax!, 3);
    expect(r.meanField!.lambda!).toBeCloseTo(0.155, 2);
    expect(r.meanField!.qStar!).toBeCloseTo(2.1, 1);
    expect(r.meanField!.chi1!).toBeCloseTo(1.36, 2);
    expect(Math.abs(lyapND('rnn-chaotic', 'g=1.2', 5000).lambdaMax!)).toBeLessThan(0.005);
    expect(lyapND('rnn-chaotic', 'g=1.4', 5000).lambdaMax!).toBeGreaterThan(0.005);
  });

  it('circular-law: radius g = 2, spectral radius 2.09, the origin unstable in 47 directions, no stable fixed point', () => {
    const e = computeEigen(stateOf('circular-law'));
    expect(e.n).toBe(64);
    expect(e.circularLaw!.radius).toBeCloseTo(2, 9);
    expect(e.spectralRadius!).toBeCloseTo(2.09, 2);
    const origin = e.fixedPoints.find((f) => f.norm < 1e-9);
    expect(origin?.unstableDims).toBe(47);
    expect(e.fixedPoints.length).toBeGreaterThan(1);
    for (const f of e.fixedPoints) expect(f.stability).toBe('unstable');
  });

  it('spectrum: 8 positive of 64, D_KY ≈ 15, entropy ≈ 0.55, τ_pred ≈ 5.3, sum rule', () => {
    const r = lyapND('spectrum', '', null, 0);
    expect(r.k).toBe(64);
    expect(r.lambdaMax!).toBeCloseTo(0.13, 2);
    expect(r.positive).toBe(8);
    expect(r.kaplanYorke!).toBeGreaterThan(14);
    expect(r.kaplanYorke!).toBeLessThan(15.5);
    expect(r.entropy!).toBeCloseTo(0.55, 1);
    expect(r.predictabilityTime!).toBeCloseTo(5.3, 0);
    expect(r.sumRule!.sum!).toBeCloseTo(r.sumRule!.meanLogDet!, 6);
  });

  it('below-above: the two sides are the rnn-ordered and rnn-chaotic states (λ_max ≈ −0.18 and +0.13)', () => {
    const p = stateOf('below-above').params;
    expect(p.cmp).toEqual(['g:2']);
    const left = lyapND('below-above', 'cmp=');
    const right = lyapND('below-above', 'g=2&cmp=');
    expect(left.lambdaMax!).toBeCloseTo(-0.18, 2);
    expect(right.lambdaMax!).toBeCloseTo(0.13, 2);
    expect(applyOverrides(p).g).toBe(2);
  });

  it('gru-init: the GRU at PyTorch’s initialisation is ordered (λ_max ≈ −0.46), with W_hh × 8 chaotic (λ_max ≈ +0.12, three positive exponents)', () => {
    expect(stateOf('gru-init').params.cmp).toEqual(['g:8']);
    expect(lyapND('gru-init', 'cmp=').lambdaMax!).toBeCloseTo(-0.46, 2);
    const right = lyapND('gru-init', 'g=8&cmp=');
    expect(right.lambdaMax!).toBeCloseTo(0.12, 1);
    expect(right.lambdaMax!).toBeGreaterThan(0.1);
  });

  it('edge-line: the sign of λ_max changes near g = 1 at σ_b = 0 and near 2.9 at σ_b = 3; g_c = 1, 1.86, 2.71', () => {
    const p = stateOf('edge-line').params;
    expect(p.tab).toBe('phase');
    const settings = phaseSettingsOf(p);
    // the cells of the scene's map at the quoted points (its grid runs over 0 … 4 and 0 … 3)
    const req = phaseRequest(p, null, { ...settings, x: { param: 'g', values: [0.5, 1.5, 2.5, 3] }, y: { param: 'sb', values: [0, 1, 3] } });
    const cells = runToEnd(phaseCellsJob(req, [0, 1, 6, 8, 9, 10, 11]));
    const at = (c: number) => cells.value[cells.cells.indexOf(c)];
    expect(at(0)).toBeLessThan(-0.3); // g = 0.5, σ_b = 0
    expect(at(1)).toBeGreaterThan(0); // g = 1.5, σ_b = 0
    expect(at(6)).toBeGreaterThan(0); // g = 2.5, σ_b = 1
    expect(at(8)).toBeLessThan(0); // g = 0.5, σ_b = 3
    expect(at(10)).toBeCloseTo(-0.15, 1); // g = 2.5, σ_b = 3
    expect(at(11)).toBeGreaterThan(0); // g = 3, σ_b = 3
    const line = criticalLinePoints(phaseRequest(p, null, settings))!;
    expect(line.axis).toBe('y');
    expect(criticalGAt(req, 'y', 0)).toBeCloseTo(1, 4);
    expect(criticalGAt(req, 'y', 1)).toBeCloseTo(1.86, 2);
    expect(criticalGAt(req, 'y', 3)).toBeCloseTo(2.71, 2);
  });

  it('relu-edge: He is critical (λ_max ≈ 0 at g = 1), λ ≈ ln g below, divergence from g ≈ 1.12', () => {
    expect(Math.abs(lyapND('relu-edge').lambdaMax!)).toBeLessThan(0.01);
    const below = lyapND('relu-edge', 'g=0.9');
    expect(below.lambdaMax!).toBeCloseTo(-0.1, 1);
    expect(below.meanField!.lambda!).toBeCloseTo(Math.log(0.9), 3);
    expect(below.meanField!.criticalG!).toBeCloseTo(1, 2);
    expect(vectorColumn('relu-edge', 0.9).period).toBe(1);
    expect(vectorColumn('relu-edge', 1.11).diverged).toBe(false);
    expect(vectorColumn('relu-edge', 1.13).diverged).toBe(true);
    expect(vectorColumn('relu-edge', 1.5).diverged).toBe(true);
  });

  it('input-suppresses-chaos: λ_max ≈ 0.13 without input, crosses 0 near a ≈ 1.6, ≈ −0.08 at a = 2', () => {
    expect(lyapND('input-suppresses-chaos', 'ia=0', 5000).lambdaMax!).toBeCloseTo(0.13, 2);
    expect(lyapND('input-suppresses-chaos', 'ia=1.5', 5000).lambdaMax!).toBeGreaterThan(0);
    expect(lyapND('input-suppresses-chaos', 'ia=1.7', 5000).lambdaMax!).toBeLessThan(0);
    expect(lyapND('input-suppresses-chaos').lambdaMax!).toBeCloseTo(-0.08, 2);
    expect(vectorColumn('input-suppresses-chaos', 2).period).toBe(20);
  });

  it('henon: λ_max ≈ 0.42; a 4-cycle at a = 1, chaos at 1.1, a period-7 window from 1.23', () => {
    expect(lyapND('henon').lambdaMax!).toBeCloseTo(0.42, 2);
    const full = lyapND('henon', '', null, 0);
    expect(full.exponents[0]! + full.exponents[1]!).toBeCloseTo(Math.log(0.3), 6);
    expect(vectorColumn('henon', 1).period).toBe(4);
    expect(vectorColumn('henon', 1).lambda).toBeLessThan(0);
    expect(vectorColumn('henon', 1.1).lambda).toBeGreaterThan(0);
    expect(vectorColumn('henon', 1.22).lambda).toBeGreaterThan(0);
    expect(vectorColumn('henon', 1.235).period).toBe(7);
    expect(vectorColumn('henon', 1.235).lambda).toBeLessThan(0);
  });

  it('plrnn: λ_max ≈ 0.05; fixed point, 2-cycle near 1.6, divergence from g ≈ 2.66', () => {
    const r = lyapND('plrnn');
    expect(r.lambdaMax!).toBeCloseTo(0.05, 2);
    expect(r.diverged).toBe(false);
    expect(vectorColumn('plrnn', 1.4).period).toBe(1);
    expect(vectorColumn('plrnn', 1.7).period).toBe(2);
    expect(vectorColumn('plrnn', 2).lambda).toBeGreaterThan(0);
    expect(vectorColumn('plrnn', 2.65).diverged).toBe(false);
    expect(vectorColumn('plrnn', 2.67).diverged).toBe(true);
    expect(vectorColumn('plrnn', 3.5).diverged).toBe(true);
  });
});

/** Lorenz-63 sampled every dt (RK4), as a map for the two-trajectory λ_max. */
function lorenzSampleMap(dt: number, substeps = 10): MapND {
  const work = new Float64Array(15);
  const step = (x: Float64Array, next: Float64Array) => {
    next.set(x);
    for (let i = 0; i < substeps; i++) rk4Step(next, dt / substeps, work);
  };
  const unused = () => {
    throw new Error('not needed');
  };
  return { n: 3, initialState: () => Float64Array.of(1, 1, 1), step, tangentStep: unused, jacobian: unused };
}

describe('what the Paper A scenes claim', { timeout: 60_000 }, () => {
  it('exploding-gradients: the network is chaotic (λ_max ≈ 0.13), and the meter reads ln‖J product‖ ≈ 42 (a factor ≈ 2·10¹⁸) at horizon 300', () => {
    const s = stateOf('exploding-gradients');
    expect(s.params.tab).toBe('gradients');
    const r = lyapND('exploding-gradients');
    expect(r.lambdaMax!).toBeCloseTo(0.13, 2);
    expect(s.params.gh).toBe(300);
    const meter = computeGradients(gradientRequest(s.params, null, false));
    const atHorizon = meter.logNorm[meter.logNorm.length - 1];
    expect(Math.abs(atHorizon - 42)).toBeLessThan(0.5); // the text's "about 42"
    expect(Math.abs(atHorizon / Math.LN10 - Math.log10(2e18))).toBeLessThan(0.3); // "a factor of about 2·10¹⁸"
  });

  it('forcing-cuts-gradients: τ = 5 is the predictability time ln 2/λ_max ≈ 5; α ≈ 0.13 flattens', () => {
    const s = stateOf('forcing-cuts-gradients');
    const r = lyapND('forcing-cuts-gradients');
    const tauPred = Math.LN2 / r.lambdaMax!;
    expect(tauPred).toBeCloseTo(5.3, 0);
    expect(Math.abs(s.params.tau - tauPred)).toBeLessThan(1);
    expect(1 - Math.exp(-r.lambdaMax!)).toBeCloseTo(0.13, 2);
    // the flat value ln‖P₅‖ ≈ 2.3 of the text lies well above τ·λ_max ≈ 0.65: e^(λ_max·τ) is a scaling with an O(1) offset, not a bound (issue #11, defect 6)
    const meter = computeGradients(gradientRequest(s.params, null, false));
    const flat = meter.logNorm[meter.logNorm.length - 1];
    expect(Math.abs(flat - 2.3)).toBeLessThan(0.15);
    expect(meter.scaling).toBeCloseTo(5 * meter.lambdaMax, 12);
    expect(flat - meter.scaling).toBeGreaterThan(1);
    // beyond τ no product enters: the curve is exactly flat
    expect(meter.logNorm[meter.logNorm.length - 1]).toBe(meter.logNorm[4]);
  });

  it('training-stf: τ = 15 is ln 2/λ_max of the Lorenz data per sample (measured: λ ≈ 0.9056·dt)', () => {
    const s = stateOf('training-stf');
    expect(s.params.tab).toBe('training');
    expect(s.params.td).toBe('lorenz');
    expect(s.params.tmeth).toBe('stf');
    const perStep = twoTrajectoryLambda(lorenzSampleMap(LORENZ_DT), Float64Array.of(1, 1, 1), 500, 40000).lambda;
    expect(perStep / LORENZ_DT).toBeCloseTo(LORENZ_LAMBDA, 1);
    expect(LORENZ_DT).toBe(0.05); // the scene's text quotes dt = 0.05
    const tauPred = Math.LN2 / (LORENZ_LAMBDA * LORENZ_DT);
    expect(Math.abs(s.params.ttau - tauPred)).toBeLessThan(1);
    expect(Math.abs(s.params.ttau - Math.LN2 / perStep) / s.params.ttau).toBeLessThan(0.1);
    expect(scene('training-stf').text).toContain(`τ = ${s.params.ttau} steps`);
  });

  it('training-bptt: plain BPTT on Lorenz windows (M and T as the text says)', () => {
    const p = stateOf('training-bptt').params;
    expect([p.tab, p.td, p.tmeth, p.tmod]).toEqual(['training', 'lorenz', 'bptt', 'plrnn']);
    const text = scene('training-bptt').text;
    expect(text).toContain(`M = ${p.tM}`);
    expect(text).toContain(`windows of ${p.tT} steps`);
    expect(text).toContain(`through ${p.tT} Jacobians`);
  });

  it('trained-gru: a GRU of 8 units from the training lab, with the Lorenz flow’s spectrum shape (+, 0, −) and D_KY ≈ 2.07; chaos gone (λ_max < 0) at g = 0.95 and 1.2', () => {
    const st = stateOf('trained-gru');
    expect([st.params.model, st.params.k, st.params.g, st.params.tab]).toEqual(['gru', 8, 1, 'spectrum']);
    const w = st.imported as { kind: string; H: number; layers: unknown[] };
    expect([w.kind, w.H, w.layers.length]).toEqual(['gru', 8, 1]);
    // the training link the text names is a clean link of the training lab
    const text = scene('trained-gru').text;
    const trainLink = /\((tab=training[^;)]*)/.exec(text)![1];
    const t = decodeHash(trainLink);
    expect(t.warnings).toEqual([]);
    expect([t.params.tmod, t.params.tM, t.params.tep, t.params.seed, t.params.td, t.params.tmeth]).toEqual(['gru', 8, 5000, 2, 'lorenz', 'stf']);
    const r = lyapND('trained-gru', '', 20000, 0);
    const [l1, l2, l3] = r.exponents as number[];
    expect(l1).toBeCloseTo(0.037, 2);
    expect(Math.abs(l2)).toBeLessThan(0.003);
    expect(l3).toBeLessThan(-0.4);
    expect(Math.abs(r.kaplanYorke! - 2.07)).toBeLessThan(0.03);
    // Lorenz-63 sampled every dt: λ₁ = 0.9056·dt ≈ 0.045, and D_KY = 2 + λ₁/|λ₃| with λ₃ = −14.572 (Sparrow 1982)
    expect(LORENZ_LAMBDA * LORENZ_DT).toBeCloseTo(0.045, 3);
    expect(2 + LORENZ_LAMBDA / 14.572).toBeCloseTo(2.06, 2);
    expect(Math.abs(r.sumRule!.sum! - r.sumRule!.meanLogDet!)).toBeLessThan(1e-9);
    for (const g of ['0.95', '1.2']) {
      const r = lyapND('trained-gru', `g=${g}`, 10000, 1);
      expect(r.lambdaMax!).toBeLessThan(-0.005);
      expect(r.lambdaMax! + 3 * r.stderr[0]!).toBeLessThan(0);
    }
  });
});
