/**
 * A bench worker thread of the PHASE kernel: runs phaseCellsJob on the cells
 * it is given (a batch of the map, pulled when it is free), as an app worker runs a
 * batch of the phase view (workers/phase.api.ts), and replies with the cells'
 * values and the seconds it was busy.
 */
import { parentPort } from 'node:worker_threads';
import { phaseCell, phaseCellsJob, sharedArena, type PhaseJobRequest } from '../src/core/jobs/phaseJob';
import { NO_PAUSE } from '../src/core/job';
import { runToEnd } from '../src/core/job';
import { loadKernelsNode } from '../wasm/node';

/** The wasm kernels, as an app worker installs them (workers/compute.worker.ts); RNN_LAB_KERNELS=js keeps the JS ones. */
const kernelsReady = loadKernelsNode();

export interface PhaseBenchJob {
  req: PhaseJobRequest;
  /** Row-major cell indices, this worker's share. */
  cells: number[];
  /** Run every cell on its own (phaseCell), as before cells of a column ran as one batch. */
  oneByOne?: boolean;
}

export interface PhaseBenchReply {
  cells: number[];
  value: Float64Array;
  stderr: Float64Array;
  /** Seconds from the job's start to its end in this thread. */
  busySeconds: number;
}

parentPort!.on('message', async (job: PhaseBenchJob) => {
  await kernelsReady;
  const t0 = process.hrtime.bigint();
  // the job's own pacer, as in the app (its pauses are skipped here, the worker driver slices there)
  const r = job.oneByOne ? oneByOne(job.req, job.cells) : runToEnd(phaseCellsJob(job.req, job.cells));
  const busySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const reply: PhaseBenchReply = { cells: r.cells, value: r.value, stderr: r.stderr, busySeconds };
  parentPort!.postMessage(reply, [r.value.buffer as ArrayBuffer, r.stderr.buffer as ArrayBuffer]);
});

/** The cells one by one: each its own λ run (the same values as phaseCellsJob, bit for bit). */
function oneByOne(req: PhaseJobRequest, cells: number[]): { cells: number[]; value: Float64Array; stderr: Float64Array } {
  const arena = sharedArena(req);
  const value = new Float64Array(cells.length);
  const stderr = new Float64Array(cells.length);
  cells.forEach((c, i) => {
    const v = runToEnd(phaseCell(req, c, NO_PAUSE, arena));
    value[i] = v.value;
    stderr[i] = v.stderr;
  });
  return { cells, value, stderr };
}
