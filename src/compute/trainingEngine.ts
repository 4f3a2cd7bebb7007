/**
 * The training lab on the engine's workers: wires the store and the user's CSV
 * to a TrainingManager (trainingRun.ts, on the first pool worker) and a
 * TauSweepManager (tauSweep.ts, on the whole pool), publishes their views in
 * `trainingSlot` and `tauSweepSlot` (a change of state at once, progress at
 * most once per frame) and gives the panels their buttons (`trainingControl`).
 *
 * A change of what a run or the τ sweep depends on is applied when a dragged
 * slider is released, not at every pixel.
 */
import { knownTauPred, trainConfigOf } from '../params/trainRequests';
import { evalEveryFor, type DataSpec } from '../core/jobs/trainJob';
import type { EngineContext, EnginePlugin, Follower } from './lanes';
import { ResultSlot } from './results';
import { TauSweepManager, type TauSweepView } from './tauSweep';
import { csvSlot, dataLabelOf, dataSpecOf, tauSweepKey, trainKey } from './trainingInputs';
import { TrainingManager, type TrainRunView } from './trainingRun';
import { trainingWorkerOf } from './trainingWorker';
import type { TrainedNetwork } from '../core/training/trainedNetwork';

export const trainingSlot = new ResultSlot<TrainRunView>();
export const tauSweepSlot = new ResultSlot<TauSweepView>();

interface Controls {
  training: TrainingManager;
  sweep: TauSweepManager;
}
let controls: Controls | null = null;

/** The view's buttons; inert until the engine started the runner. */
export const trainingControl = {
  get available(): boolean {
    return controls !== null;
  },
  start: () => controls?.training.start(),
  pause: () => controls?.training.pause(),
  resume: () => controls?.training.resume(),
  reset: () => controls?.training.reset(),
  /** The run's model as it stands, as a network to import (null: no run). */
  network: (): Promise<TrainedNetwork | null> => controls?.training.network() ?? Promise.resolve(null),
  startSweep: () => controls?.sweep.start(),
  cancelSweep: () => controls?.sweep.cancel(),
};

/** Publish to a slot at most once per animation frame (state changes at once). */
function framePublisher<T extends { state: string }>(slot: ResultSlot<T>): (v: T) => void {
  let pending: T | null = null;
  let frame = false;
  const raf = (run: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 16));
  const flush = () => {
    frame = false;
    if (pending) slot.set(pending);
    pending = null;
  };
  return (v) => {
    pending = v;
    const shown = slot.get();
    if (!shown || shown.state !== v.state) flush();
    else if (!frame) {
      frame = true;
      raf(flush);
    }
  };
}

export function startTraining(ctx: EngineContext): EnginePlugin {
  const { store, pool } = ctx;
  const publishRun = framePublisher(trainingSlot);
  const publishSweep = framePublisher(tauSweepSlot);
  const training = new TrainingManager({
    worker: trainingWorkerOf(pool[0]),
    onView: (v) => {
      store.getState().setJob('training', v.state === 'running' || v.state === 'starting' || v.state === 'pausing' ? { state: 'running' } : v.state === 'error' ? { state: 'error', message: v.message ?? 'error' } : { state: 'idle' });
      publishRun(v);
    },
  });
  const sweep: TauSweepManager = new TauSweepManager(pool.map(trainingWorkerOf), (v) => {
    store.getState().setJob('tausweep', v.state === 'running' ? { state: 'running' } : v.state === 'error' ? { state: 'error', message: v.message ?? 'error' } : { state: 'idle' });
    publishSweep(v);
  });

  let appliedKeys = '';
  const apply = () => {
    const p = store.getState().params;
    const csv = p.td === 'csv' ? csvSlot.get() : null;
    const tk = trainKey(p, csv);
    const sk = tauSweepKey(p, csv);
    if (`${tk}|${sk}` === appliedKeys) return;
    appliedKeys = `${tk}|${sk}`;
    const data = dataSpecOf(p, csv);
    const cfg = trainConfigOf(p);
    const err = 'error' in data ? data.error : null;
    training.setConfig(tk, err !== null ? { error: err } : { data: data as DataSpec, cfg, evalEvery: evalEveryFor(cfg.steps) });
    sweep.setConfig({
      key: sk,
      data: err !== null ? null : (data as DataSpec),
      base: cfg,
      taus: [...p.tsw].sort((a, b) => a - b),
      tauPred: knownTauPred(p),
      dataLabel: dataLabelOf(p, csv),
      error: err,
    });
  };
  apply();
  const unsubCsv = csvSlot.subscribe(apply);
  // While a slider is dragged the run is not reset at every pixel: on release.
  const follower: Follower = Object.assign((s: { dragging: boolean }) => void (s.dragging || apply()), {
    reset() {
      /* nothing is cached per request */
    },
  });
  controls = { training, sweep };
  return {
    followers: [follower],
    stop() {
      unsubCsv();
      training.dispose();
      sweep.dispose();
      controls = null;
    },
  };
}
