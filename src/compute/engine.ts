/**
 * Wires the store to the workers: one worker for the cheap panels (cobweb,
 * trajectory, readouts) so a heavy job never delays the panel being dragged,
 * and a pool sized from hardwareConcurrency for the orbit diagram, the Paper B
 * views and the sweep.
 *
 * Every view follows the state the same way (`follow`): while a slider is
 * dragged it asks for drafts, on release for the final result, and a change
 * that does not touch what a view depends on asks for nothing.
 */
import type { Panel1dRequest, Panel1dResult } from '../core/panel1d';
import type { ExpressivityRequest, ExpressivityResult, PeriodicViewRequest, PeriodicViewResult } from '../core/paperB';
import type { Net1dWeights } from '../core/net1d';
import type { EigenRequest, EigenResult } from '../core/eigen';
import type { Outcome } from '../../workers/compute.api';
import { importedWeights, type AppState, type AppStore } from '../state/store';
import { LatestWinsLane, type LaneOutcome } from './lane';
import { ResultSlot } from './results';
import { recordDraw } from './perfProbe';
import { WorkerHandle } from './workerHandle';
import { diagramJob, expressivityRequest, panel1dRequest, periodicRequest, requestKey, type DiagramJob } from './requests';
import { startSweepManager } from './sweepEngine';

export interface View<Req, Res> {
  req: Req;
  res: Res;
}
export type Panel1dView = View<Panel1dRequest, Panel1dResult>;
export type PeriodicView = View<PeriodicViewRequest, PeriodicViewResult>;
export type ExpressivityView = View<ExpressivityRequest, ExpressivityResult>;

export interface DiagramView {
  job: DiagramJob;
  yRange: [number, number];
  counts: Uint32Array;
  lambda: Float64Array;
  period: Int16Array;
  diverged: Uint8Array;
  outside: number;
  ms: number;
}

export const panel1dSlot = new ResultSlot<Panel1dView>();
export const diagramSlot = new ResultSlot<DiagramView>();
export const periodicSlot = new ResultSlot<PeriodicView>();
export const expressivitySlot = new ResultSlot<ExpressivityView>();
export type EigenView = View<EigenRequest, EigenResult>;
export const eigenSlot = new ResultSlot<EigenView>();

function toLane<T>(o: Outcome<T>): LaneOutcome<T> {
  return o.ok ? { ok: true, value: o.value } : { ok: false, code: o.code, message: o.message };
}

const raf = (run: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => run()) : setTimeout(run, 0));

/**
 * At most one dispatch per animation frame: the first request of a frame goes
 * out at once (no added latency while dragging), a second one waits for the
 * next frame.
 */
function frameGate(): (run: () => void) => void {
  let last = -Infinity;
  return (run) => {
    const now = performance.now();
    if (now - last >= 12) {
      last = now;
      run();
    } else
      raf(() => {
        last = performance.now();
        run();
      });
  };
}

interface Job<Req> {
  req: Req;
  draft: boolean;
}

/** A latest-wins lane whose results go to a slot; drafts are drawn, stale finals are not. */
function viewLane<Req, Res>(
  store: AppStore,
  name: string,
  run: (req: Req, jobId: number) => Promise<LaneOutcome<Res>>,
  cancel: (jobId: number) => void,
  deliver: (res: Res, req: Req) => void,
): LatestWinsLane<Job<Req>, Res> {
  return new LatestWinsLane<Job<Req>, Res>({
    dispatch: ({ req }, jobId) => run(req, jobId),
    cancelBefore: cancel,
    deliver: (res, { req }) => deliver(res, req),
    onStatus: (s) => store.getState().setJob(name, s),
    preemptible: (j) => !j.draft,
    schedule: frameGate(),
  });
}

/**
 * Follow the state for one view: build its request (null when the view is not
 * shown), and ask for a draft while dragging, the final result otherwise,
 * only when the request changed.
 */
function follow<Req>(lane: LatestWinsLane<Job<Req>, unknown>, build: (s: AppState, imported: Net1dWeights | null, draft: boolean) => Req | null) {
  // Keys of what was last asked for at final quality, and of the last draft.
  let finalKey = '';
  let draftKey = '';
  const step = (s: AppState) => {
    const imported = importedWeights(s);
    const final = build(s, imported, false);
    if (!final) return;
    const fk = requestKey(final);
    if (fk === finalKey) return;
    if (!s.dragging) {
      finalKey = fk;
      draftKey = '';
      lane.request({ req: final, draft: false });
      return;
    }
    const draft = build(s, imported, true)!;
    const dk = requestKey(draft);
    if (dk === draftKey) return;
    draftKey = dk;
    finalKey = ''; // the screen no longer shows the final result
    lane.request({ req: draft, draft: true });
  };
  step.reset = () => {
    finalKey = draftKey = '';
  };
  return step;
}

export interface Engine {
  setDiagramSize(cols: number, rows: number): void;
  poolSize: number;
  pool: WorkerHandle[];
  stop(): void;
}

export function startEngine(store: AppStore): Engine {
  const cheap = new WorkerHandle('cobweb', () => new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'cobweb' }));
  const poolSize = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
  const pool = Array.from(
    { length: poolSize },
    (_, i) => new WorkerHandle(`compute ${i + 1}`, () => new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: `pool-${i + 1}` })),
  );
  // The chaos-probability sweep runs its own batches on the same pool.
  const sweep = startSweepManager(store, pool);
  const notifyPool = (lane: string, jobId: number) => pool.forEach((w) => w.notify((api) => api.setLatest(lane, jobId)));
  // The Paper B views take one pool worker each (the diagram, spread over all, is not shown with them).
  const viewWorker = (i: number) => pool[i % pool.length];

  const panelLane = viewLane<Panel1dRequest, Panel1dResult>(
    store,
    'panel1d',
    async (req, jobId) => toLane(await cheap.call((api) => api.panel1d(req, { lane: 'panel1d', jobId }))),
    (jobId) => cheap.notify((api) => api.setLatest('panel1d', jobId)),
    (res, req) => {
      recordDraw('panel1d-result', req.params.g);
      panel1dSlot.set({ req, res });
    },
  );

  const periodicLane = viewLane<PeriodicViewRequest, PeriodicViewResult>(
    store,
    'periodic',
    async (req, jobId) => toLane(await viewWorker(0).call((api) => api.periodicView(req, { lane: 'periodic', jobId }))),
    (jobId) => notifyPool('periodic', jobId),
    (res, req) => periodicSlot.set({ req, res }),
  );

  const expressivityLane = viewLane<ExpressivityRequest, ExpressivityResult>(
    store,
    'expressivity',
    async (req, jobId) => toLane(await viewWorker(1).call((api) => api.expressivity(req, { lane: 'expressivity', jobId }))),
    (jobId) => notifyPool('expressivity', jobId),
    (res, req) => expressivitySlot.set({ req, res }),
  );

  const diagramLane = viewLane<DiagramJob, DiagramView>(store, 'diagram', (job, jobId) => runDiagram(job, jobId), (jobId) => notifyPool('diagram', jobId), (v) =>
    diagramSlot.set(v),
  );

  /** Split the columns into shares, hand them to the pool, assemble. */
  async function runDiagram(job: DiagramJob, jobId: number): Promise<LaneOutcome<DiagramView>> {
    const t0 = performance.now();
    const nShares = Math.min(job.cols, poolSize * 3);
    const shares: [number, number][] = [];
    for (let s = 0; s < nShares; s++) shares.push([Math.floor((s * job.cols) / nShares), Math.floor(((s + 1) * job.cols) / nShares)]);
    const counts = new Uint32Array(job.cols * job.rows);
    const lambda = new Float64Array(job.cols);
    const period = new Int16Array(job.cols);
    const diverged = new Uint8Array(job.cols);
    let outside = 0;
    let yRange: [number, number] | null = job.yRange;
    let failure: LaneOutcome<DiagramView> | null = null;
    let next = 0;
    const worker = async (w: WorkerHandle) => {
      while (next < shares.length && !failure) {
        const [j0, j1] = shares[next++];
        const out = await w.call((api) =>
          api.bifurcation({ base: job.base, lo: job.lo, hi: job.hi, cols: job.cols, j0, j1, rows: job.rows, yRange: job.yRange }, { lane: 'diagram', jobId }),
        );
        if (!out.ok) {
          failure ??= toLane(out) as LaneOutcome<DiagramView>;
          return;
        }
        const c = out.value;
        counts.set(c.counts, c.j0 * job.rows);
        lambda.set(c.lambda, c.j0);
        period.set(c.period, c.j0);
        diverged.set(c.diverged, c.j0);
        outside += c.outside;
        yRange = c.yRange;
      }
    };
    try {
      await Promise.all(pool.map(worker));
    } catch (e) {
      return { ok: false, code: 'ERROR', message: e instanceof Error ? e.message : String(e) };
    }
    if (failure) return failure;
    return { ok: true, value: { job, yRange: yRange ?? [-1, 1], counts, lambda, period, diverged, outside, ms: performance.now() - t0 } };
  }

  let diagramSize = { cols: 0, rows: 0 };
  const followers = [
    follow(panelLane, (s, imported, draft) => (s.params.tab === 'explore' ? panel1dRequest(s.params, imported, draft) : null)),
    follow(diagramLane, (s, imported, draft) => (s.params.tab === 'explore' && diagramSize.cols > 0 ? diagramJob(s.params, imported, diagramSize, draft) : null)),
    follow(periodicLane, (s, imported, draft) => (s.params.tab === 'periodic' ? periodicRequest(s.params, imported, draft) : null)),
    follow(expressivityLane, (s, imported, draft) => (s.params.tab === 'expressivity' ? expressivityRequest(s.params, imported, draft) : null)),
  ];
  const update = () => {
    const s = store.getState();
    for (const f of followers) f(s);
  };

  // A crashed worker: say so (the message stays until dismissed) and recompute
  // what was on screen on a fresh worker.
  const onCrash = (h: WorkerHandle) => () => {
    store.getState().addWarnings([`The ${h.name} worker crashed and was restarted; the panels were recomputed.`]);
    followers.forEach((f) => f.reset());
    queueMicrotask(update);
  };
  cheap.onCrash = onCrash(cheap);
  pool.forEach((w) => (w.onCrash = onCrash(w)));

  const unsub = store.subscribe(
    (s) => [s.params, s.weights, s.dragging] as const,
    update,
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] },
  );
  update();

  return {
    poolSize,
    pool,
    setDiagramSize(cols, rows) {
      if (cols === diagramSize.cols && rows === diagramSize.rows) return;
      diagramSize = { cols, rows };
      update();
    },
    stop() {
      unsub();
      sweep.stop();
      cheap.terminate();
      pool.forEach((w) => w.terminate());
    },
  };
}
