/**
 * Worker methods of the chaos-probability sweep. Spread into the compute
 * API by createComputeApi; `isStale` says whether a job of a lane was superseded.
 *
 * - sweepCalibrate: ms per network for each width (at the middle g), so the
 *   page can show the estimated time before a long run.
 * - sweepTasks: a batch of (width, g, samples) cells, one network at a time,
 *   yielding every ~8 ms so that a cancel (setLatest of the lane) is noticed
 *   within one slice. Counts come back as small plain objects.
 */
import type { JobMeta, Outcome } from './outcome';
import { runTask, type CellCounts, type CellTask, type SweepConfig } from '../src/core/interval/sweep';
import { SLICE_MS, now, yieldNow } from './cooperative';

export interface SweepApiContext {
  isStale(lane: string, jobId: number): boolean;
}

export type SweepJobMeta = JobMeta;
export type SweepOutcome<T> = Outcome<T>;

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

export function createSweepApi(ctx: SweepApiContext) {
  const cancelled = (m: SweepJobMeta): SweepOutcome<never> => ({ ok: false, jobId: m.jobId, code: 'CANCELLED', message: 'superseded by a newer request' });
  const failed = (m: SweepJobMeta, e: unknown): SweepOutcome<never> => ({
    ok: false,
    jobId: m.jobId,
    code: 'ERROR',
    message: e instanceof Error ? e.message : String(e),
  });

  return {
    /**
     * Time networks of every width at both ends and the middle of the g range
     * (samples far from the sweep's own), after warming the JIT on every width:
     * cold code would make the estimate several times too long.
     */
    async sweepCalibrate(cfg: SweepConfig, meta: SweepJobMeta, opts: CalibrateOptions = {}): Promise<SweepOutcome<Calibration>> {
      try {
        if (ctx.isStale(meta.lane, meta.jobId)) return cancelled(meta);
        const minN = Math.max(1, opts.minNetworks ?? 3);
        const maxN = Math.max(minN, opts.maxNetworks ?? 40);
        const budget = opts.budgetMs ?? 60;
        const gs = calibrationGs(cfg.gs);
        const sub: SweepConfig = { ...cfg, gs };
        const K = cfg.widths.length;
        let slice = now();
        const pause = async (): Promise<boolean> => {
          if (now() - slice <= SLICE_MS) return false;
          await yieldNow();
          slice = now();
          return ctx.isStale(meta.lane, meta.jobId);
        };
        // Warm-up: every width and g in turn, smallest widths most often (they are cheapest).
        const warm0 = now();
        for (let i = 0; i < 2 * K || (i < 40 * K && now() - warm0 < (opts.warmupMs ?? 60)); i++) {
          runTask(sub, { ki: i % K, gi: Math.floor(i / K) % gs.length, s0: 1_000_000 + i, s1: 1_000_001 + i });
          if (await pause()) return cancelled(meta);
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
            if (await pause()) return cancelled(meta);
          }
          msPerNetwork.push(spent / n);
          networks.push(n);
        }
        return { ok: true, jobId: meta.jobId, value: { msPerNetwork, gs, networks } };
      } catch (e) {
        return failed(meta, e);
      }
    },

    /**
     * Counts for each task (same order). One network at a time, so a cancel is
     * noticed after at most one slice plus one network; the counts do not
     * depend on how the samples are split (runTask is per sample).
     */
    async sweepTasks(cfg: SweepConfig, tasks: CellTask[], meta: SweepJobMeta): Promise<SweepOutcome<CellCounts[]>> {
      try {
        if (ctx.isStale(meta.lane, meta.jobId)) return cancelled(meta);
        const out: CellCounts[] = [];
        let t0 = now();
        for (const task of tasks) {
          const c: CellCounts = { n: 0, p3: 0, p2: 0 };
          for (let s = task.s0; s < task.s1; s++) {
            const r = runTask(cfg, { ki: task.ki, gi: task.gi, s0: s, s1: s + 1 });
            c.n += r.n;
            c.p3 += r.p3;
            c.p2 += r.p2;
            if (now() - t0 > SLICE_MS) {
              await yieldNow();
              if (ctx.isStale(meta.lane, meta.jobId)) return cancelled(meta);
              t0 = now();
            }
          }
          out.push(c);
        }
        return { ok: true, jobId: meta.jobId, value: out };
      } catch (e) {
        return failed(meta, e);
      }
    },
  };
}
