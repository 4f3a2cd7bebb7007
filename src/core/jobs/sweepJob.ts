/**
 * The chaos-probability sweep's worker jobs (core/job.ts): each
 * pauses after every network, so a cancel is noticed within one slice plus
 * one network.
 *
 * - sweepCalibrateJob: ms per network for each width, so the page can show
 *   the estimated time before a long run.
 * - sweepTasksJob: a batch of (width, g, samples) cells, one network at a time.
 */
import { runTask, type CellCounts, type CellTask, type SweepConfig } from '../interval/sweep';
import { clockNow, type Job } from '../job';

export interface CalibrateOptions {
  /** Networks timed per width, at least (default 3) … */
  minNetworks?: number;
  /** … and at most (default 40), stopping once a width has used budgetMs (default 60). */
  maxNetworks?: number;
  budgetMs?: number;
  /** JIT warm-up before timing (default 60 ms). */
  warmupMs?: number;
}

export interface Calibration {
  /** Milliseconds per network for cfg.widths[i], averaged over the g values `gs`. */
  msPerNetwork: number[];
  gs: number[];
  networks: number[];
}

/**
 * The g values at which calibration times the networks: both ends and the
 * middle of the swept range (the cost of a network depends on g: more linear
 * pieces of f³ where the map folds more).
 */
export function calibrationGs(gs: readonly number[]): number[] {
  if (!gs.length) return [1];
  return [...new Set([gs[0], gs[Math.floor((gs.length - 1) / 2)], gs[gs.length - 1]])];
}

/**
 * Time networks of every width at both ends and the middle of the g range
 * (samples far from the sweep's own), after warming the JIT on every width:
 * cold code would make the estimate several times too long.
 */
export function* sweepCalibrateJob(cfg: SweepConfig, opts: CalibrateOptions = {}, now: () => number = clockNow): Job<Calibration> {
  const minN = Math.max(1, opts.minNetworks ?? 3);
  const maxN = Math.max(minN, opts.maxNetworks ?? 40);
  const budget = opts.budgetMs ?? 60;
  const gs = calibrationGs(cfg.gs);
  const sub: SweepConfig = { ...cfg, gs };
  const K = cfg.widths.length;
  // Warm-up: every width and g in turn, smallest widths most often (they are cheapest).
  const warm0 = now();
  for (let i = 0; i < 2 * K || (i < 40 * K && now() - warm0 < (opts.warmupMs ?? 60)); i++) {
    runTask(sub, { ki: i % K, gi: Math.floor(i / K) % gs.length, s0: 1_000_000 + i, s1: 1_000_001 + i });
    yield undefined;
  }
  const msPerNetwork: number[] = [];
  const networks: number[] = [];
  for (let ki = 0; ki < K; ki++) {
    let n = 0;
    let spent = 0;
    while (n < minN || (n < maxN && spent < budget)) {
      const t0 = now();
      runTask(sub, { ki, gi: n % gs.length, s0: 2_000_000 + n, s1: 2_000_001 + n });
      spent += now() - t0;
      n++;
      yield undefined;
    }
    msPerNetwork.push(spent / n);
    networks.push(n);
  }
  return { msPerNetwork, gs, networks };
}

/**
 * Counts for each task (same order), one network at a time; the counts do not
 * depend on how the samples are split (runTask is per sample).
 */
export function* sweepTasksJob(cfg: SweepConfig, tasks: CellTask[]): Job<CellCounts[]> {
  const out: CellCounts[] = [];
  for (const task of tasks) {
    const c: CellCounts = { n: 0, p3: 0, p2: 0 };
    for (let s = task.s0; s < task.s1; s++) {
      const r = runTask(cfg, { ki: task.ki, gi: task.gi, s0: s, s1: s + 1 });
      c.n += r.n;
      c.p3 += r.p3;
      c.p2 += r.p2;
      yield undefined;
    }
    out.push(c);
  }
  return out;
}
