/**
 * SWEEP: samples (networks tested) per second of the chaos-probability sweep
 * with 1 worker and with all workers (os.availableParallelism()), on Node
 * worker_threads that pull tasks from one shared queue, as the app's pool
 * does. Two sweeps of fixed size: ReLU (exact periodic points) and tanh (grid).
 * Target (PERFORMANCE.md): speed-up ≥ 0.9 × workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { gGrid, runSweep, type CellCounts, type CellTask, type SweepConfig } from '../src/core/interval/sweep';
import { planSweepTasks } from '../src/compute/sweep';
import type { SweepJob, SweepReply } from './sweepWorker';

export const SWEEP_KERNELS = {
  /** 4 widths × 8 g × 200 networks = 6400 networks, ≈ 0.1 ms each (exact f³ pieces). */
  'SWEEP-relu': { act: 'relu', out: 'identity', init: 'he', sb: 1, seed: 6, widths: [2, 8, 32, 128], gs: gGrid(0.5, 4, 8), samples: 200 },
  /** 3 widths × 8 g × 40 networks = 960 networks, ≈ 2 ms each (grid of 2001 points). */
  'SWEEP-tanh': { act: 'tanh', out: 'identity', init: 'he', sb: 1, seed: 6, widths: [2, 8, 32], gs: gGrid(0.5, 4, 8), samples: 40 },
} as const satisfies Record<string, SweepConfig>;
export type SweepKernel = keyof typeof SWEEP_KERNELS;

/** Samples per task, as the app's scheduler (SWEEP_BATCH). */
const BATCH = 10;

export function sweepConfig(name: SweepKernel): SweepConfig {
  const c = SWEEP_KERNELS[name];
  return { ...c, widths: [...c.widths], gs: [...c.gs] };
}

export function networksOf(cfg: SweepConfig): number {
  return cfg.widths.length * cfg.gs.length * cfg.samples;
}

/** A pool of worker threads running bench/sweepWorker.ts through tsx. */
export class SweepThreadPool {
  readonly size: number;
  private readonly workers: Worker[];

  constructor(size = availableParallelism()) {
    this.size = size;
    const boot = new URL('./sweepBoot.mjs', import.meta.url);
    const entry = new URL('./sweepWorker.ts', import.meta.url).href;
    this.workers = Array.from({ length: size }, () => new Worker(boot, { workerData: { entry } }));
  }

  /** Run every task on the first `n` workers; seconds from dispatch to the last reply. */
  async run(cfg: SweepConfig, tasks: CellTask[], n: number): Promise<{ seconds: number; counts: CellCounts[][]; tasksPerWorker: number[] }> {
    const next = new Int32Array(new SharedArrayBuffer(4));
    const job: SweepJob = { cfg, tasks, next };
    const t0 = process.hrtime.bigint();
    const replies = await Promise.all(
      this.workers.slice(0, n).map(
        (w) =>
          new Promise<SweepReply>((resolve, reject) => {
            const onMessage = (m: SweepReply) => {
              w.off('error', onError);
              resolve(m);
            };
            const onError = (e: Error) => {
              w.off('message', onMessage);
              reject(e);
            };
            w.once('message', onMessage);
            w.once('error', onError);
            w.postMessage(job);
          }),
      ),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const counts = cfg.widths.map(() => cfg.gs.map(() => ({ n: 0, p3: 0, p2: 0 })));
    for (const r of replies) {
      tasks.forEach((t, i) => {
        const c = counts[t.ki][t.gi];
        c.n += r.counts[3 * i];
        c.p3 += r.counts[3 * i + 1];
        c.p2 += r.counts[3 * i + 2];
      });
    }
    return { seconds, counts, tasksPerWorker: replies.map((r) => r.tasksRun) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export interface SweepMeasure {
  kernel: SweepKernel;
  networks: number;
  workers: number;
  /** Seconds per run, round by round: 1 worker, then all workers. */
  one: number[];
  all: number[];
  /** t(1 worker) / t(all workers), pair by pair in each round. */
  ratios: number[];
  tasksPerWorker: number[];
  /** Counts identical with 1 and with all workers, and equal to runSweep's. */
  countsOk: boolean;
}

/** Warm up every worker, then `runs` rounds of (1 worker, all workers), the order alternating. */
export async function measureSweep(pool: SweepThreadPool, kernel: SweepKernel, runs: number, warmups: number, log: (s: string) => void): Promise<SweepMeasure> {
  const cfg = sweepConfig(kernel);
  // the app's order: rounds of samples, costliest widths first in each round
  const tasks = planSweepTasks(cfg, BATCH);
  log(`${kernel}: ${networksOf(cfg)} networks, ${tasks.length} tasks; ${warmups} warm-up(s) on ${pool.size} workers…`);
  // every worker warms its own JIT (each takes a share of the tasks)
  for (let i = 0; i < Math.max(1, warmups); i++) await pool.run(cfg, tasks, pool.size);
  const one: number[] = [];
  const all: number[] = [];
  let countsOk = true;
  let tasksPerWorker: number[] = [];
  let reference: CellCounts[][] | null = null;
  for (let r = 0; r < runs; r++) {
    log(`${kernel} round ${r + 1}/${runs}`);
    // alternate the order (A B, B A, …) so a drift of the machine's speed cancels in the ratios
    let a: Awaited<ReturnType<SweepThreadPool['run']>>;
    let b: Awaited<ReturnType<SweepThreadPool['run']>>;
    if (r % 2 === 0) {
      a = await pool.run(cfg, tasks, 1);
      b = await pool.run(cfg, tasks, pool.size);
    } else {
      b = await pool.run(cfg, tasks, pool.size);
      a = await pool.run(cfg, tasks, 1);
    }
    one.push(a.seconds);
    all.push(b.seconds);
    tasksPerWorker = b.tasksPerWorker;
    reference ??= a.counts;
    if (JSON.stringify(a.counts) !== JSON.stringify(reference) || JSON.stringify(b.counts) !== JSON.stringify(reference)) countsOk = false;
  }
  // untimed: the same counts as the one-thread runSweep (what the CLI prints)
  if (reference && JSON.stringify(runSweep(cfg).counts) !== JSON.stringify(reference)) countsOk = false;
  return { kernel, networks: networksOf(cfg), workers: pool.size, one, all, ratios: one.map((t, i) => t / all[i]), tasksPerWorker, countsOk };
}
