/**
 * What the Paper B views show for one state, one job each (core/job.ts,
 * run in a worker): the periodic-points view and the expressivity view. For
 * a wide network they take minutes, so they pause in their loops.
 */
import { MODEL_LIST, buildMap, networkOf, type ImportedData, type ModelParams } from '../models';
import { periodicSteps, type PeriodicResult } from '../interval/periodic';
import { scrambleSteps, type ScrambleResult } from '../interval/scrambling';
import { defaultWindowSteps, iterateGraphSteps, lapsSteps, type LapsResult } from '../interval/laps';
import { persistenceSteps, perturb, type PersistenceResult } from '../interval/persistence';
import { NetMap } from '../models';
import { actCode } from '../models/activations';
import { Rng } from '../linalg/rng';
import { isDiverged } from '../divergence';
import { padRange } from '../map1d/bifurcation';
import { NO_PAUSE, pacer, runToEnd, type Job, type Pacer } from '../job';
import { NS, charge } from '../cost';
import { meteredMap } from '../models/metered';

export interface PeriodicViewRequest {
  params: ModelParams & { x0: number; d0: number; se: number; pc: number };
  imported: ImportedData | null;
  /** While a slider is dragged: a coarser grid and no scrambled-pairs count. */
  draft?: boolean;
}

export interface Graph {
  xs: Float64Array;
  ys: Float64Array;
}

export interface PeriodicViewResult {
  periodic: PeriodicResult;
  /** The cobweb's interval. */
  domain: [number, number];
  /** The iterate drawn with its cycles. */
  p: number;
  f: Graph;
  fp: Graph;
  scramble: ScrambleResult | null;
  /** Why there are no scrambled pairs to count (e.g. the orbit diverged). */
  scrambleNote: string | null;
}

/** Hull of where the orbit from x0 settles (last half of 2000 steps), or null if it diverges. */
function* attractorHull(map: ReturnType<typeof buildMap>, x0: number, pace: Pacer): Job<[number, number] | null> {
  let x = x0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < 2000; t++) {
    x = map.f(x);
    if (isDiverged(x)) return null;
    if (t >= 1000) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if ((t & 127) === 127 && pace.tick(128)) yield* pace.pause();
  }
  return [lo, hi];
}

export function computePeriodicView(req: PeriodicViewRequest): PeriodicViewResult {
  return runToEnd(periodicViewJob(req, NO_PAUSE));
}

/**
 * The map of a Paper B view, its evaluations charged to the job's work meter
 * (core/cost.ts): how many a certified search needs depends on the map.
 */
function viewMap(p: ModelParams, imported: ImportedData | null) {
  const network = networkOf(p, imported);
  return meteredMap(buildMap(p, imported), network?.net.w.length ?? 0, network?.act === 'sin' ? 2.5 : 1);
}

export function* periodicViewJob(req: PeriodicViewRequest, pace: Pacer = pacer()): Job<PeriodicViewResult> {
  const p = req.params;
  const map = viewMap(p, req.imported);
  const periodic = yield* periodicSteps(map, { maxPeriod: 8, maxCells: req.draft ? 20_000 : 200_000 }, pace);
  // The cobweb shows where the cycles are (the window that holds every periodic
  // orbit can be far wider than the cycles themselves, e.g. for tanh networks).
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of [...periodic.cycles, ...periodic.unverified])
    for (const v of c.points) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  const win = map.periodicWindow();
  let domain: [number, number];
  if (Number.isFinite(lo) && hi - lo > 1e-9) {
    const pad = 0.15 * (hi - lo);
    domain = [lo - pad, hi + pad];
    if (win && win[1] > win[0]) domain = [Math.max(domain[0], win[0]), Math.min(domain[1], win[1])];
  } else if (win && win[1] > win[0]) domain = win;
  else domain = Number.isFinite(lo) ? padRange(lo, hi) : yield* defaultWindowSteps(map, pace);
  const shown = p.pc > 0 ? p.pc : (periodic.periods[0] ?? 1);
  const f = yield* iterateGraphSteps(map, domain, 1, pace, 20000, 800);
  const fp = yield* iterateGraphSteps(map, domain, shown, pace, 20000, 1500);

  // Pairs start on the attractor of the orbit from x₀ when it is a proper
  // interval, otherwise across the interval that holds the cycles.
  const hull = yield* attractorHull(map, p.x0, pace);
  let scramble: ScrambleResult | null = null;
  let scrambleNote: string | null = null;
  if (req.draft) scrambleNote = 'counted when the slider is released';
  else {
    const proper = hull && hull[1] - hull[0] > 1e-6 * Math.max(1, Math.abs(hull[0]));
    const win = proper ? hull! : domain;
    scramble = yield* scrambleSteps(map, win, { pairs: 200, d0: p.d0, T1: 100, T2: 2000, eps: p.se, eta: 0.1 * (win[1] - win[0]) }, pace);
    if (!proper) scrambleNote = hull ? 'The orbit from x₀ settles on a cycle; pairs were started across the interval of the cycles.' : 'The orbit from x₀ diverges; pairs were started across the interval of the cycles.';
  }
  return { periodic, domain, p: shown, f: { xs: f.xs, ys: f.ys }, fp: { xs: fp.xs, ys: fp.ys }, scramble, scrambleNote };
}

export interface ExpressivityRequest {
  params: ModelParams & { xt: number; xg: number; xn: number; xp: number };
  imported: ImportedData | null;
  /** While a slider is dragged: no persistence comparison. */
  draft?: boolean;
}

export interface ExpressivityResult {
  laps: LapsResult;
  graph: Graph & { t: number; exact: boolean };
  persistence: PersistenceResult | null;
  /** Graphs of the t-fold compositions at σ = xp (one draw), recurrent and feed-forward. */
  examples: { sigma: number; recurrent: Graph; feedforward: Graph } | null;
  notes: string[];
}

const SIGMAS = [0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5];

export function computeExpressivity(req: ExpressivityRequest): ExpressivityResult {
  return runToEnd(expressivityJob(req, NO_PAUSE));
}

export function* expressivityJob(req: ExpressivityRequest, pace: Pacer = pacer()): Job<ExpressivityResult> {
  const p = req.params;
  const map = viewMap(p, req.imported);
  const laps = yield* lapsSteps(map, { T: p.xt }, pace);
  const window = laps.window;
  const g = yield* iterateGraphSteps(map, window, p.xg, pace);
  const notes: string[] = [];
  const network = networkOf(p, req.imported);
  let pers: PersistenceResult | null = null;
  let examples: ExpressivityResult['examples'] = null;
  if (req.draft) notes.push('The persistence comparison is recomputed when the slider is released.');
  else if (network) {
    const net = network.net;
    const act = actCode(network.act);
    const out = network.out;
    const pl = map.piecewiseLinear;
    pers = yield* persistenceSteps(net, act, out, window, { t: p.xn, sigmas: SIGMAS, draws: pl ? 12 : 5, seed: 1 }, pace);
    const rng = new Rng(2024);
    const one = new NetMap(perturb(net, p.xp, rng), act, out);
    const layers = Array.from({ length: p.xn }, () => new NetMap(perturb(net, p.xp, rng), act, out));
    const recurrent = yield* composeGraph([...Array(p.xn)].map(() => one), window, pace);
    const feedforward = yield* composeGraph(layers, window, pace);
    examples = { sigma: p.xp, recurrent, feedforward };
  } else {
    const nets = MODEL_LIST.filter((m) => m.family === '1d' && m.network).map((m) => `the ${m.name}`);
    notes.push(`The persistence comparison perturbs the weights of a network: choose ${nets.join(' or ')}.`);
  }
  return { laps, graph: { xs: g.xs, ys: g.ys, t: p.xg, exact: g.exact }, persistence: pers, examples, notes };
}

/** Samples of layers[t−1] ∘ … ∘ layers[0] on the window. */
function* composeGraph(layers: NetMap[], window: [number, number], pace: Pacer, n = 2000): Job<Graph> {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const units = layers.reduce((s, m) => s + m.weights.w.length, 0) * NS.netUnit;
  for (let i = 0; i < n; i++) {
    let x = window[0] + ((window[1] - window[0]) * i) / (n - 1);
    xs[i] = x;
    for (const m of layers) x = isDiverged(x) ? NaN : m.f(x);
    charge(units);
    ys[i] = isDiverged(x) ? NaN : x;
    if (pace.tick(layers.length)) yield* pace.pause();
  }
  return { xs, ys };
}
