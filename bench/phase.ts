/**
 * PHASE (issue #15): cells per second of the app's default phase map (λ_max
 * over g × σ_b of a width-64 tanh RNN) with 1 worker thread and with all of
 * them (os.availableParallelism()), and the time of the whole default map on
 * all of them.
 *
 * The request is the phase view's: the link decoded as the CLI decodes it
 * (cli/state.ts `resolveState`), then `phaseRequest(params, imported,
 * phaseSettingsOf(params))` (params/phase.ts). Each worker thread
 * (bench/phaseWorker.ts, loaded through bench/sweepBoot.mjs, with the wasm
 * kernels installed as the app's workers install them) runs `phaseCellsJob`
 * on batches of PHASE_BENCH.batch cells, each free worker pulling the next
 * batch, as the app's workers pull theirs (compute/phase.ts).
 * Target (PERFORMANCE.md, issue #15): speed-up ≥ 0.9 × workers.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { resolveState } from '../src/cli/state';
import { phaseRequest, phaseSettingsOf } from '../src/params/phase';
import { phaseCellCostS, type PhaseJobRequest } from '../src/core/jobs/phaseJob';
import { phaseCellBatches } from '../src/compute/phase';
import type { PhaseBenchJob, PhaseBenchReply } from './phaseWorker';

export const PHASE_BENCH = {
  /** The app's default phase map: g 0…4 × σ_b 0…3, 32 × 32 cells, λ_max of 1000 steps after 1000 transient. */
  link: '#v=1&tab=phase&model=rnn&act=tanh&k=64&seed=1',
  /** Cells of the 1-worker / all-workers comparison: every 8th cell, spread over the grid. */
  subsetCells: 128,
  /** Cells a worker takes at a time (the app's batches are about 100 ms of work: some 16 such cells). */
  batch: 4,
} as const;

/** The phase view's request for the benchmark's link. */
export function phaseBenchRequest(): { req: PhaseJobRequest; warnings: string[] } {
  const s = resolveState(PHASE_BENCH.link, null, (p) => new Uint8Array(readFileSync(p)));
  return { req: phaseRequest(s.params, s.imported, phaseSettingsOf(s.params)), warnings: s.warnings };
}

/** `count` cells of a map of `total` spread over it: cell stride·i + (i mod stride), i.e. one in each run of `stride`, at a shifting offset. */
export function spreadCells(total: number, count: number): number[] {
  const stride = Math.max(1, Math.floor(total / count));
  return Array.from({ length: Math.min(count, total) }, (_, i) => stride * i + (i % stride));
}

export interface PhaseRunResult {
  seconds: number;
  /** Per cell of the list asked for, in its order. */
  value: Float64Array;
  stderr: Float64Array;
  cellsPerWorker: number[];
  busySeconds: number[];
}

/** A pool of worker threads running bench/phaseWorker.ts through tsx. */
export class PhaseThreadPool {
  readonly size: number;
  private readonly workers: Worker[];

  constructor(size = availableParallelism()) {
    this.size = size;
    const boot = new URL('./sweepBoot.mjs', import.meta.url);
    const entry = new URL('./phaseWorker.ts', import.meta.url).href;
    this.workers = Array.from({ length: size }, () => new Worker(boot, { workerData: { entry } }));
  }

  /**
   * The cells on the first `n` workers, pulled in batches of `batch` cells by
   * whichever worker is free (as the app's workers pull batches, compute/phase.ts);
   * seconds from dispatch to the last reply.
   */
  async run(req: PhaseJobRequest, cells: readonly number[], n: number, batch: number | number[][] = PHASE_BENCH.batch, oneByOne = false): Promise<PhaseRunResult> {
    // batches of `batch` cells, or the batches given (the cells are their concatenation)
    const batches: number[][] = [];
    if (Array.isArray(batch)) batches.push(...batch);
    else for (let i = 0; i < cells.length; i += batch) batches.push(cells.slice(i, i + batch));
    let next = 0;
    const one = (w: Worker, list: number[]) =>
      new Promise<PhaseBenchReply>((resolve, reject) => {
        const onMessage = (m: PhaseBenchReply) => {
          w.off('error', onError);
          resolve(m);
        };
        const onError = (e: Error) => {
          w.off('message', onMessage);
          reject(e);
        };
        w.once('message', onMessage);
        w.once('error', onError);
        const job: PhaseBenchJob = { req, cells: list, oneByOne };
        w.postMessage(job);
      });
    const t0 = process.hrtime.bigint();
    const perWorker = await Promise.all(
      this.workers.slice(0, n).map(async (w) => {
        const got: PhaseBenchReply[] = [];
        while (next < batches.length) got.push(await one(w, batches[next++]));
        return got;
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const at = new Map<number, number>();
    cells.forEach((c, i) => at.set(c, i));
    const value = new Float64Array(cells.length).fill(NaN);
    const stderr = new Float64Array(cells.length).fill(NaN);
    for (const replies of perWorker)
      for (const r of replies)
        r.cells.forEach((c, k) => {
          const i = at.get(c)!;
          value[i] = r.value[k];
          stderr[i] = r.stderr[k];
        });
    return {
      seconds,
      value,
      stderr,
      cellsPerWorker: perWorker.map((rs) => rs.reduce((a, r) => a + r.cells.length, 0)),
      busySeconds: perWorker.map((rs) => rs.reduce((a, r) => a + r.busySeconds, 0)),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export interface PhaseMeasure {
  nx: number;
  ny: number;
  /** Cells of the 1-worker / all-workers comparison. */
  cells: number;
  workers: number;
  /** Seconds per run of the subset, round by round: 1 worker, then all workers. */
  one: number[];
  all: number[];
  /** t(1 worker) / t(all workers), pair by pair in each round. */
  ratios: number[];
  /** Seconds of the whole map on all workers, one per round: in the app's order and batches (cells of a column batched, core/jobs/phaseBatch.ts), and the same with every cell run on its own. */
  map: number[];
  mapOneByOne: number[];
  /** Cells a worker takes at a time in the whole map's runs (the app's rule), on average. */
  mapBatch: number;
  /** Busy seconds of each worker in the last all-workers run of the subset. */
  busySeconds: number[];
  /** λ_max identical, bit for bit, with 1 and with all workers, in every round, and in the whole map's runs. */
  valuesIdentical: boolean;
  /** The whole map: cells with λ_max > 0, the range of λ_max (finite values) and cells without a number. */
  mapSummary: { positive: number; min: number; max: number; nan: number };
  quantity: string;
  transient: number;
  steps: number;
  k: number;
  n: number;
  axes: string;
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Warm up every worker, then `runs` rounds of (1 worker, all workers) on the subset, the order alternating, and the whole map on all workers. */
export async function measurePhase(pool: PhaseThreadPool, runs: number, warmups: number, log: (s: string) => void): Promise<PhaseMeasure> {
  const { req, warnings } = phaseBenchRequest();
  if (warnings.length) log(`PHASE: the link gave warnings: ${warnings.join(' ')}`);
  const nx = req.x.values.length;
  const ny = req.y.values.length;
  const total = nx * ny;
  const subset = spreadCells(total, PHASE_BENCH.subsetCells);
  // the whole map as the app hands it out: coarse to fine, a level column by column, batches by the cost model
  const mapBatches = phaseCellBatches(req, phaseCellCostS(req));
  const all = mapBatches.flat();
  const mapBatch = all.length / mapBatches.length;
  const byCell = (cells: readonly number[], v: Float64Array) => {
    const out = new Float64Array(total).fill(NaN);
    cells.forEach((c, i) => (out[c] = v[i]));
    return out;
  };
  log(`PHASE: ${nx} × ${ny} map, ${subset.length} cells for 1 vs ${pool.size} workers; ${warmups} warm-up(s) on ${pool.size} workers…`);
  // every worker warms its own JIT (each takes a share of the cells)
  for (let i = 0; i < Math.max(1, warmups); i++) await pool.run(req, subset, pool.size);
  const one: number[] = [];
  const allT: number[] = [];
  const map: number[] = [];
  const mapOneByOne: number[] = [];
  let busySeconds: number[] = [];
  let reference: Float64Array | null = null;
  let mapReference: Float64Array | null = null;
  let identical = true;
  for (let r = 0; r < runs; r++) {
    log(`PHASE round ${r + 1}/${runs}`);
    // alternate the order (A B, B A, …) so a drift of the machine's speed cancels in the ratios
    let a: PhaseRunResult;
    let b: PhaseRunResult;
    if (r % 2 === 0) {
      a = await pool.run(req, subset, 1);
      b = await pool.run(req, subset, pool.size);
    } else {
      b = await pool.run(req, subset, pool.size);
      a = await pool.run(req, subset, 1);
    }
    one.push(a.seconds);
    allT.push(b.seconds);
    busySeconds = b.busySeconds;
    reference ??= a.value;
    if (!sameBits(a.value, reference) || !sameBits(b.value, reference)) identical = false;
    // the map batched and one by one, alternating which goes first
    const runMap = (oneByOne: boolean) => pool.run(req, all, pool.size, mapBatches, oneByOne);
    let m: PhaseRunResult;
    let m1: PhaseRunResult;
    if (r % 2 === 0) {
      m = await runMap(false);
      m1 = await runMap(true);
    } else {
      m1 = await runMap(true);
      m = await runMap(false);
    }
    map.push(m.seconds);
    mapOneByOne.push(m1.seconds);
    const mv = byCell(all, m.value);
    mapReference ??= mv;
    if (!sameBits(mv, mapReference) || !sameBits(byCell(all, m1.value), mapReference) || !sameBits(Float64Array.from(subset, (c) => mv[c]), reference)) identical = false;
  }
  const finite = Array.from(mapReference ?? []).filter((v) => Number.isFinite(v));
  const lyap = req.lyapunov!;
  return {
    nx,
    ny,
    cells: subset.length,
    workers: pool.size,
    one,
    all: allT,
    ratios: one.map((t, i) => t / allT[i]),
    map,
    mapOneByOne,
    mapBatch,
    busySeconds,
    valuesIdentical: identical,
    mapSummary: {
      positive: finite.filter((v) => v > 0).length,
      min: Math.min(...finite),
      max: Math.max(...finite),
      nan: total - finite.length,
    },
    quantity: req.quantity,
    transient: lyap.transient,
    steps: lyap.steps,
    k: lyap.k,
    n: lyap.params.k,
    axes: `${req.x.param} ${req.x.values[0]}…${req.x.values[nx - 1]} × ${req.y.param} ${req.y.values[0]}…${req.y.values[ny - 1]}`,
  };
}
