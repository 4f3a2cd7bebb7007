/**
 * The CLI's chaos-probability quantity: Paper B's sweep of random 1-D networks
 * (net1d) over widths and g, the fraction with a point of period 3 and of
 * period 2 and their Wilson bounds, computed task by task to report progress.
 */
import { isModel1D } from '../core/models';
import { gGrid, planTasks, runTask, wilson, type CellCounts, type SweepConfig } from '../core/interval/sweep';
import { ACTIVATION_INFO, type Activation } from '../core/models/activations';
import type { InitScheme, OutputMode } from '../core/models';
import type { Params } from '../params/spec';
import { UsageError, type CliArgs } from './args';
import { stateHash, stateWithRunSettings, type RunState } from './state';
import { PROGRESS_EVERY_MS, PROGRESS_FIRST_MS, type Progress } from './quantitySupport';
import { shardCells, type Shard } from '../core/jobs/shard';

/** Per (width, g); null in a shard's part for the cells of other shards. */
type Cells = (number | null)[][];

export interface ChaosProbabilityOutput {
  g: number[];
  widths: number[];
  /** p3[i][j]: fraction of the networks of width widths[i] at g[j] with a point of period 3. */
  p3: Cells;
  p3Low: Cells;
  p3High: Cells;
  /** The same for a 2-cycle. */
  p2: Cells;
  p2Low: Cells;
  p2High: Cells;
  /** Networks per (width, g). */
  samples: number;
  counts: { n: Cells; p3: Cells; p2: Cells };
  config: { act: Activation; out: OutputMode; init: InitScheme; sb: number; seed: number };
  /** exact: linear pieces of f³ (piecewise-linear φ); certified: interval Newton on an interval holding every periodic orbit. */
  method: 'exact' | 'certified';
  confidence: 0.95;
  state: string;
  /** A shard's part (--shard): which shard, and its cells (c = i·|g| + j for width i and g j). */
  shard?: { index: number; count: number };
  cells?: number[];
}

/**
 * Write a group of run settings into the state only if the link can carry all
 * of them (a group, such as --g's sg0, sg1, sgn, is never half applied).
 */
function withGroups(s: RunState, groups: Partial<Params>[]): Params {
  let params = s.params;
  for (const patch of groups) {
    const next = stateWithRunSettings({ ...s, params }, patch);
    const all = (Object.keys(patch) as (keyof Params)[]).every((k) => JSON.stringify(next[k]) === JSON.stringify(patch[k]));
    if (all) params = next;
  }
  return params;
}

/** The sweep of the link (act, out, init, sb, seed, sw, sg0, sg1, sgn, sn) with the run's overrides. */
export function chaosConfig(s: RunState, args: Pick<CliArgs, 'samples' | 'widths' | 'gRange'>): SweepConfig {
  const p = s.params;
  const gs = args.gRange ? gGrid(args.gRange.lo, args.gRange.hi, args.gRange.n) : gGrid(p.sg0, p.sg1, p.sgn);
  return { act: p.act, out: p.out, init: p.init, sb: p.sb, seed: p.seed, widths: args.widths ?? [...p.sw], gs, samples: args.samples ?? p.sn };
}

export function computeChaosProbability(s: RunState, args: Pick<CliArgs, 'samples' | 'widths' | 'gRange'> & { shard?: Shard | null }, progress?: Progress): ChaosProbabilityOutput {
  if (!isModel1D(s.params.model)) {
    throw new UsageError(`chaos-probability sweeps 1-D networks (Paper B's net1d), not model=${s.params.model}; for the vector models use orbit, lyapunov or eigen`);
  }
  const cfg = chaosConfig(s, args);
  const groups: Partial<Params>[] = [];
  if (args.samples !== null) groups.push({ sn: cfg.samples });
  if (args.widths !== null) groups.push({ sw: cfg.widths });
  if (args.gRange !== null) groups.push({ sg0: args.gRange.lo, sg1: args.gRange.hi, sgn: args.gRange.n });
  const state = stateHash(s, withGroups(s, groups));

  // runSweep's counts, computed task by task so that a long run can report progress
  // (the counts do not depend on the batching: tested against runSweep).
  const counts: CellCounts[][] = cfg.widths.map(() => cfg.gs.map(() => ({ n: 0, p3: 0, p2: 0 })));
  // a shard (--shard i/n) computes only its cells (core/jobs/shard.ts); the others stay null
  const ng = cfg.gs.length;
  const shard = args.shard ?? null;
  const cells = shardCells(cfg.widths.length * ng, shard);
  const mine = new Uint8Array(cfg.widths.length * ng);
  for (const c of cells) mine[c] = 1;
  const tasks = planTasks(cfg, 10).filter((t) => mine[t.ki * ng + t.gi] === 1);
  const total = cells.length * cfg.samples;
  const t0 = Date.now();
  let nextReport = t0 + PROGRESS_FIRST_MS;
  let done = 0;
  for (const task of tasks) {
    const c = runTask(cfg, task);
    const cell = counts[task.ki][task.gi];
    cell.n += c.n;
    cell.p3 += c.p3;
    cell.p2 += c.p2;
    done += c.n;
    const now = Date.now();
    if (progress && now >= nextReport && done < total) {
      const left = ((now - t0) * (total - done)) / done;
      progress(`chaos-probability: ${done} / ${total} networks (${Math.floor((100 * done) / total)} %), ${Math.round((now - t0) / 1000)} s elapsed, about ${Math.round(left / 1000)} s left`);
      nextReport = now + PROGRESS_EVERY_MS;
    }
  }

  const grid = (f: (c: CellCounts) => number): Cells => counts.map((row, i) => row.map((c, j) => (mine[i * ng + j] ? f(c) : null)));
  const bounds = (which: 'p3' | 'p2', side: 0 | 1) => grid((c) => wilson(c[which], c.n)[side]);
  return {
    g: cfg.gs,
    widths: cfg.widths,
    p3: grid((c) => c.p3 / c.n),
    p3Low: bounds('p3', 0),
    p3High: bounds('p3', 1),
    p2: grid((c) => c.p2 / c.n),
    p2Low: bounds('p2', 0),
    p2High: bounds('p2', 1),
    samples: cfg.samples,
    counts: { n: grid((c) => c.n), p3: grid((c) => c.p3), p2: grid((c) => c.p2) },
    config: { act: cfg.act, out: cfg.out, init: cfg.init, sb: cfg.sb, seed: cfg.seed },
    method: ACTIVATION_INFO[cfg.act].piecewiseLinear ? 'exact' : 'certified',
    confidence: 0.95,
    state,
    ...(shard && { shard: { index: shard.index, count: shard.count }, cells }),
  };
}
