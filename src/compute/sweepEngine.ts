/**
 * The sweep on the engine's worker pool: wires the store to a SweepManager
 * (src/compute/sweep.ts), publishes its view in `sweepSlot` (at most once per
 * animation frame) and gives the panel its Start / Cancel.
 *
 * The engine owns the pool and calls `startSweepManager(store, pool)` once;
 * nothing runs until Start is pressed (only a short calibration while the
 * sweep tab is open, for the estimate).
 */
import type { AppStore } from '../state/store';
import type { Params } from '../params/spec';
import { ResultSlot } from './results';
import { SWEEP_DEPENDS_ON, SweepManager, sweepConfigOf, type SweepView, type SweepWorker } from './sweep';
import type { WorkerHandle } from './workerHandle';
import { jobActive } from '../params/views';

export const sweepSlot = new ResultSlot<SweepView>();

/** Quiet time after the last change of a sweep parameter before it is applied (typing, dragging). */
export const SWEEP_SETTLE_MS = 150;

interface Controls {
  start(): void;
  cancel(): void;
}

let controls: Controls | null = null;

/** Start / Cancel for the panel; inert until the engine started the manager. */
export const sweepControl = {
  get available(): boolean {
    return controls !== null;
  },
  start(): void {
    controls?.start();
  },
  cancel(): void {
    controls?.cancel();
  },
};

function depsOf(p: Params): string {
  return JSON.stringify(SWEEP_DEPENDS_ON.map((k) => p[k]));
}

export function sweepWorkersOf(pool: WorkerHandle[]): SweepWorker[] {
  return pool.map((h) => ({
    calibrate: (cfg, jobId) => h.call((api) => api.sweepCalibrate(cfg, { lane: 'sweep-cal', jobId })),
    run: (cfg, tasks, jobId) => h.call((api) => api.sweepTasks(cfg, tasks, { lane: 'sweep', jobId })),
    cancelBefore: (lane, jobId) => h.notify((api) => api.setLatest(lane, jobId)),
  }));
}

export interface SweepHandle {
  manager: SweepManager;
  stop(): void;
}

export function startSweepManager(store: AppStore, pool: WorkerHandle[]): SweepHandle {
  let pending: SweepView | null = null;
  let frame = false;
  const raf = (run: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 16));
  const publish = () => {
    frame = false;
    if (pending) sweepSlot.set(pending);
    pending = null;
  };

  const manager = new SweepManager({
    workers: sweepWorkersOf(pool),
    onView: (v) => {
      pending = v;
      const job = v.state === 'running' ? { state: 'running' as const } : v.state === 'error' ? { state: 'error' as const, message: v.message ?? 'error' } : { state: 'idle' as const };
      store.getState().setJob('sweep', job);
      // A change of state (started, cancelled, done) is shown at once; progress once per frame.
      const shown = sweepSlot.get();
      if (!shown || shown.state !== v.state || shown.restarts !== v.restarts) publish();
      else if (!frame) {
        frame = true;
        raf(publish);
      }
    },
  });

  let applied = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const apply = () => {
    timer = null;
    const s = store.getState();
    applied = depsOf(s.params);
    manager.setConfig(sweepConfigOf(s.params));
  };
  const onChange = () => {
    const s = store.getState();
    manager.setActive(jobActive('sweep', s.params));
    if (depsOf(s.params) === applied) {
      if (timer) clearTimeout(timer);
      timer = null;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    // While a slider is dragged, wait for its release.
    if (!s.dragging) timer = setTimeout(apply, SWEEP_SETTLE_MS);
  };

  apply();
  manager.setActive(jobActive('sweep', store.getState().params));
  const unsub = store.subscribe(
    (s) => [s.params, s.dragging] as const,
    onChange,
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
  );

  controls = {
    start() {
      // Apply a change still settling, so the run is for what the controls show.
      if (timer || depsOf(store.getState().params) !== applied) {
        if (timer) clearTimeout(timer);
        apply();
      }
      manager.start();
    },
    cancel() {
      manager.cancel();
    },
  };

  return {
    manager,
    stop() {
      unsub();
      if (timer) clearTimeout(timer);
      manager.dispose();
      controls = null;
    },
  };
}

