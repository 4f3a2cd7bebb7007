/**
 * Chaos-probability sweep (Paper B's threshold): over random
 * 1-D networks of several widths drawn with one init law, the fraction that
 * have a point of period 3 (hence Li–Yorke chaos) and the fraction that have a
 * 2-cycle, as the weight scale g grows.
 *
 * Period 3 is tested on the TRUE f³ (exactly for ReLU maps): the authors'
 * notebooks computed f⁴ and so counted 2- and 4-cycles as chaos.
 * Sample s of width k uses the same network for every g (only scaled), so the
 * curves are smooth in g and reproducible from the seed.
 */
import { actCode, type Activation } from '../models/activations';
import { NetMap } from '../models';
import { drawNet1d, type InitScheme, type OutputMode } from '../models';
import { periodicPoints } from './periodic';

export interface SweepConfig {
  act: Activation;
  out: OutputMode;
  init: InitScheme;
  sb: number;
  seed: number;
  widths: number[];
  gs: number[];
  samples: number;
  /** Cell budget of the certified search for smooth activations (ReLU-type maps are exact). */
  maxCells?: number;
}

export interface CellTask {
  /** Index into widths and gs; samples s0 … s1 − 1. */
  ki: number;
  gi: number;
  s0: number;
  s1: number;
}

export interface CellCounts {
  n: number;
  p3: number;
  p2: number;
}

/** The seed of sample s of width k (a 32-bit avalanche of the three). */
export function sampleSeed(seed: number, k: number, s: number): number {
  let h = (seed >>> 0) ^ Math.imul(k, 0x85ebca77) ^ Math.imul(s + 1, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Does this map have a point of (minimal) period 3, and a 2-cycle? */
export function testNetwork(map: NetMap, maxCells = 20_000): { p3: boolean; p2: boolean } {
  const r = periodicPoints(map, { maxPeriod: 3, maxCells, pieceCap: 200_000 });
  return { p3: r.period3, p2: r.periods.includes(2) };
}

export function runTask(cfg: SweepConfig, task: CellTask): CellCounts {
  const k = cfg.widths[task.ki];
  const g = cfg.gs[task.gi];
  const act = actCode(cfg.act);
  const counts: CellCounts = { n: 0, p3: 0, p2: 0 };
  for (let s = task.s0; s < task.s1; s++) {
    const net = drawNet1d(cfg.init, k, sampleSeed(cfg.seed, k, s), g, cfg.sb);
    const r = testNetwork(new NetMap(net, act, cfg.out), cfg.maxCells);
    counts.n++;
    if (r.p3) counts.p3++;
    if (r.p2) counts.p2++;
  }
  return counts;
}

/**
 * Tasks in rounds of `batch` samples over every (width, g) cell, so that all
 * curves appear early and refine as samples arrive.
 */
export function planTasks(cfg: SweepConfig, batch = 10): CellTask[] {
  const tasks: CellTask[] = [];
  for (let s0 = 0; s0 < cfg.samples; s0 += batch) {
    const s1 = Math.min(cfg.samples, s0 + batch);
    for (let ki = 0; ki < cfg.widths.length; ki++) for (let gi = 0; gi < cfg.gs.length; gi++) tasks.push({ ki, gi, s0, s1 });
  }
  return tasks;
}

/** Wilson score interval for x successes in n trials (default 95 %). */
export function wilson(x: number, n: number, z = 1.959963984540054): [number, number] {
  if (n <= 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Evenly spaced g values (inclusive). */
export function gGrid(g0: number, g1: number, n: number): number[] {
  if (n <= 1) return [g0];
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? g1 : g0 + ((g1 - g0) * i) / (n - 1)));
}

/** All counts of a sweep, computed in one go (the CLI; the app spreads tasks over workers). */
export function runSweep(cfg: SweepConfig): { counts: CellCounts[][] } {
  const counts = cfg.widths.map(() => cfg.gs.map(() => ({ n: 0, p3: 0, p2: 0 })));
  for (const t of planTasks(cfg, cfg.samples)) {
    const c = runTask(cfg, t);
    const cell = counts[t.ki][t.gi];
    cell.n += c.n;
    cell.p3 += c.p3;
    cell.p2 += c.p2;
  }
  return { counts };
}
