/**
 * A bench worker thread of the SWEEP kernel: pulls task indices from a shared
 * counter (Atomics.add on a SharedArrayBuffer, the shared queue) and runs
 * runTask on each, as an app worker runs sweepTasks; replies with its counts.
 */
import { parentPort } from 'node:worker_threads';
import { runTask, type CellTask, type SweepConfig } from '../src/core/interval/sweep';
import { loadKernelsNode } from '../wasm/node';

/** The wasm kernels, as an app worker installs them (workers/compute.worker.ts); RNN_LAB_KERNELS=js keeps the JS ones. */
const kernelsReady = loadKernelsNode();

export interface SweepJob {
  cfg: SweepConfig;
  tasks: CellTask[];
  /** Int32Array over a SharedArrayBuffer: [0] = next task index. */
  next: Int32Array;
}

/** Per task index: [n, p3, p2] (zeros for tasks other workers took). */
export interface SweepReply {
  counts: Int32Array;
  tasksRun: number;
}

parentPort!.on('message', async (job: SweepJob) => {
  await kernelsReady;
  const counts = new Int32Array(job.tasks.length * 3);
  let tasksRun = 0;
  for (let i = Atomics.add(job.next, 0, 1); i < job.tasks.length; i = Atomics.add(job.next, 0, 1)) {
    const c = runTask(job.cfg, job.tasks[i]);
    counts[3 * i] = c.n;
    counts[3 * i + 1] = c.p3;
    counts[3 * i + 2] = c.p2;
    tasksRun++;
  }
  const reply: SweepReply = { counts, tasksRun };
  parentPort!.postMessage(reply, [counts.buffer]);
});
