/**
 * The phase view on the engine's worker pool: wires the store to a
 * PhaseManager (phase.ts), publishes its view in `phaseSlot` (at most once
 * per animation frame) and gives the panel its Start / Cancel.
 *
 * A map whose cost model estimate fits PROGRESSIVE_BUDGET_S (core/cost.ts:
 * a progressive job with a Cancel button) starts by itself while the view is
 * shown; a larger one, and the p3 / p2 maps (whose certified searches have no
 * estimate), wait for Start. Leaving the view cancels a running map (the
 * other views need the workers); coming back to the same map shows it again,
 * or recomputes it if it was not finished.
 */
import type { AppStore } from '../state/store';
import { importedOf } from '../state/store';
import type { Params } from '../params/spec';
import { ResultSlot } from './results';
import { PhaseManager, type PhaseConfig, type PhaseView, type PhaseWorker } from './phase';
import type { WorkerHandle } from './workerHandle';
import { jobActive } from '../params/views';
import { phaseProblemOf, phaseRequest, phaseSettingsOf } from '../params/phase';
import { requestKey } from '../params/requests';
import { phaseCellCostS } from '../core/jobs/phaseJob';
import { PROGRESSIVE_BUDGET_S } from '../core/cost';
import type { ImportedData } from '../core/models';

export const phaseSlot = new ResultSlot<PhaseView>();

/** Quiet time after the last change of a parameter before the map follows it (typing, dragging). */
export const PHASE_SETTLE_MS = 150;

/** The map of the link (null when it cannot be drawn: phaseProblemOf says why). */
export function phaseConfigOf(p: Params, imported: ImportedData | null): PhaseConfig | null {
  if (phaseProblemOf(p, imported !== null)) return null;
  const req = phaseRequest(p, imported, phaseSettingsOf(p));
  return { req, key: requestKey(req), cellS: phaseCellCostS(req) };
}

/** Whether a map starts by itself: its estimate is known and within the progressive budget. */
export function phaseStartsItself(estimateS: number | null): boolean {
  return estimateS !== null && estimateS <= PROGRESSIVE_BUDGET_S;
}

let controls: { start(): void; cancel(): void } | null = null;

/** Start / Cancel for the panel; inert until the engine started the manager. */
export const phaseControl = {
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

export function phaseWorkersOf(pool: WorkerHandle[]): PhaseWorker[] {
  return pool.map((h) => ({
    cells: (req, cells, jobId) => h.call((api) => api.phaseCells(req, cells, { lane: 'phase', jobId })),
    line: (req, at, jobId) => h.call((api) => api.phaseLine(req, at, { lane: 'phase', jobId })),
    cancelBefore: (jobId) => h.notify((api) => api.setLatest('phase', jobId)),
  }));
}

export function startPhaseManager(store: AppStore, pool: WorkerHandle[]): { manager: PhaseManager; stop(): void } {
  let pending: PhaseView | null = null;
  let frame = false;
  const raf = (run: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 16));
  const publish = () => {
    frame = false;
    if (pending) phaseSlot.set(pending);
    pending = null;
  };
  const manager = new PhaseManager({
    workers: phaseWorkersOf(pool),
    onView: (v) => {
      pending = v;
      store.getState().setJob('phase', v.state === 'running' ? { state: 'running' } : v.state === 'error' ? { state: 'error', message: v.message ?? 'error' } : { state: 'idle' });
      // a change of state is shown at once; progress once per frame
      const shown = phaseSlot.get();
      if (!shown || shown.state !== v.state || shown.key !== v.key || shown.currentKey !== v.currentKey) publish();
      else if (!frame) {
        frame = true;
        raf(publish);
      }
    },
  });

  let active = false;
  let appliedKey = '';
  /** The user cancelled the map of this key: it does not start again by itself. */
  let cancelledKey: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const maybeStart = () => {
    if (!active || manager.running) return;
    const cur = manager.current;
    if (cur && cur.key === appliedKey && cur.state !== 'cancelled') return; // shown already (done, or failed)
    if (cancelledKey === appliedKey) return;
    if (appliedKey && phaseStartsItself(manager.estimateS())) manager.start();
  };

  const apply = () => {
    timer = null;
    const s = store.getState();
    const cfg = phaseConfigOf(s.params, importedOf(s));
    const key = cfg?.key ?? '';
    if (key === appliedKey) return;
    appliedKey = key;
    // a running map restarts for the new parameters, unless they ask for more than it may start with
    if (manager.running && cfg && cfg.cellS !== null && !phaseStartsItself(cfg.cellS * cfg.req.x.values.length * cfg.req.y.values.length)) manager.cancel();
    manager.setConfig(cfg);
    maybeStart();
  };

  const onChange = () => {
    const s = store.getState();
    const nowActive = jobActive('phase', s.params);
    if (nowActive !== active) {
      active = nowActive;
      if (!active && manager.running) manager.cancel();
    }
    if (timer) clearTimeout(timer);
    timer = null;
    if (!active) return;
    const cfgKey = phaseConfigOf(s.params, importedOf(s))?.key ?? '';
    if (cfgKey === appliedKey) return maybeStart();
    // while a slider is dragged, wait for its release
    if (!s.dragging) timer = setTimeout(apply, PHASE_SETTLE_MS);
  };

  const unsub = store.subscribe(
    (s) => [s.params, s.weights, s.dragging] as const,
    onChange,
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] },
  );
  active = jobActive('phase', store.getState().params);
  if (active) apply();

  controls = {
    start() {
      if (timer) {
        clearTimeout(timer);
        apply();
      }
      cancelledKey = null;
      manager.start();
    },
    cancel() {
      cancelledKey = appliedKey;
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
