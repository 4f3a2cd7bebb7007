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
import type { Panel1dRequest, Panel1dResult } from '../core/jobs/panel1d';
import type { ExpressivityRequest, ExpressivityResult, PeriodicViewRequest, PeriodicViewResult } from '../core/jobs/paperB';
import type { EigenRequest, EigenResult } from '../core/vector/eigen';
import type { Histogram } from '../core/map1d/bifurcation';
import type { VectorPanelRequest, VectorPanelResult } from '../core/jobs/panelND';
import type { SizeScanRequest, SizeScanResult, SpectrumJobRequest, SpectrumJobResult } from '../core/jobs/spectrumJob';
import { hasMeanField, modelOf } from '../core/models';
import { jobActive, type JobName } from '../params/views';
import { partialSink } from './partials';
import { importedOf, type AppState, type AppStore } from '../state/store';
import type { LaneOutcome } from './lane';
import { WorkAllowance, follow, toLane, viewLane, type EngineContext, type EnginePlugin, type FollowCost, type Follower } from './lanes';
import { diagramCost, eigenCost, panel1dCost, spectrumCost, spectrumWithin, vectorPanelCost, type CostEstimate } from '../params/jobCost';
import { startGradients } from './gradientsEngine';
import { startTraining } from './trainingEngine';
import { ResultSlot } from './results';
import { recordDraw } from './perfProbe';
import { WorkerHandle } from './workerHandle';
import { diagramJob, expressivityRequest, panel1dRequest, periodicRequest, spectrumRequest, modelParams, vectorPanelRequest, type DiagramJob } from '../params/requests';
import { startSweepManager } from './sweepEngine';
import { startPhaseManager } from './phaseEngine';
import { eigenRequest } from '../params/requests';

export interface View<Req, Res> {
  req: Req;
  res: Res;
}
export type Panel1dView = View<Panel1dRequest, Panel1dResult>;
export type PeriodicView = View<PeriodicViewRequest, PeriodicViewResult>;
export type ExpressivityView = View<ExpressivityRequest, ExpressivityResult>;

/** The diagram as drawn: the histogram of all columns so far (core/map1d/bifurcation.ts). */
export interface DiagramView extends Omit<Histogram, 'min' | 'max'> {
  job: DiagramJob;
  yRange: [number, number];
  /** Mean-field λ per column (RNN over g or σ_b), else null. */
  theory: Float64Array | null;
  ms: number;
}

export const panel1dSlot = new ResultSlot<Panel1dView>();
export const diagramSlot = new ResultSlot<DiagramView>();
export const periodicSlot = new ResultSlot<PeriodicView>();
export const expressivitySlot = new ResultSlot<ExpressivityView>();
export type VectorPanelView = View<VectorPanelRequest, VectorPanelResult>;
export const vectorPanelSlot = new ResultSlot<VectorPanelView>();
/** The spectrum job's latest estimates (partial while it runs). */
export type SpectrumView = View<SpectrumJobRequest, SpectrumJobResult>;
export const spectrumSlot = new ResultSlot<SpectrumView>();
export interface SizeScanView {
  running: boolean;
  result: SizeScanResult | null;
  error?: string;
}
export const sizeScanSlot = new ResultSlot<SizeScanView>();
export type EigenView = View<EigenRequest, EigenResult>;
export const eigenSlot = new ResultSlot<EigenView>();

export interface Engine {
  /** Start a view's job that waits for Start (its cost gate): it may now spend what was estimated, with room to spare. */
  startGated(lane: string): void;
  setDiagramSize(cols: number, rows: number): void;
  /** Stop the running spectrum (its estimates so far stay on screen). */
  cancelSpectrum(): void;
  /** Full spectra of the same law at several sizes N (λᵢ against i/N). */
  startSizeScan(): void;
  cancelSizeScan(): void;
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
  // So does the phase diagram.
  const phase = startPhaseManager(store, pool);
  const notifyPool = (lane: string, jobId: number) => pool.forEach((w) => w.notify((api) => api.setLatest(lane, jobId)));
  // The Paper B views take one pool worker each (the diagram, spread over all, is not shown with them).
  const viewWorker = (i: number) => pool[i % pool.length];

  const panelLane = viewLane<Panel1dRequest, Panel1dResult>(
    store,
    'panel1d',
    async (req, jobId, limitS) => toLane(await cheap.call((api) => api.panel1d(req, { lane: 'panel1d', jobId, limitS }))),
    (jobId) => cheap.notify((api) => api.setLatest('panel1d', jobId)),
    (res, req) => {
      recordDraw('panel1d-result', req.params.g);
      panel1dSlot.set({ req, res });
    },
  );

  const periodicLane = viewLane<PeriodicViewRequest, PeriodicViewResult>(
    store,
    'periodic',
    async (req, jobId, limitS) => toLane(await viewWorker(0).call((api) => api.periodicView(req, { lane: 'periodic', jobId, limitS }))),
    (jobId) => notifyPool('periodic', jobId),
    (res, req) => periodicSlot.set({ req, res }),
  );

  const expressivityLane = viewLane<ExpressivityRequest, ExpressivityResult>(
    store,
    'expressivity',
    async (req, jobId, limitS) => toLane(await viewWorker(1).call((api) => api.expressivity(req, { lane: 'expressivity', jobId, limitS }))),
    (jobId) => notifyPool('expressivity', jobId),
    (res, req) => expressivitySlot.set({ req, res }),
  );

  const vectorPanelLane = viewLane<VectorPanelRequest, VectorPanelResult>(
    store,
    'vectorPanel',
    async (req, jobId, limitS) => toLane(await cheap.call((api) => api.vectorPanel(req, { lane: 'vectorPanel', jobId, limitS }))),
    (jobId) => cheap.notify((api) => api.setLatest('vectorPanel', jobId)),
    (res, req) => vectorPanelSlot.set({ req, res }),
  );

  // The spectrum reports running estimates through a callback while it works.
  let spectrumJob = 0;
  const spectrumLane = viewLane<SpectrumJobRequest, SpectrumJobResult>(
    store,
    'spectrum',
    async (req, jobId, limitS) => {
      spectrumJob = jobId;
      const partials = partialSink((res: SpectrumJobResult) => {
        if (spectrumJob === jobId) spectrumSlot.set({ req, res });
      });
      try {
        return toLane(await viewWorker(0).call((api) => api.spectrum(req, { lane: 'spectrum', jobId, limitS }, partials.callback)));
      } finally {
        partials.close();
      }
    },
    (jobId) => notifyPool('spectrum', jobId),
    (res, req) => spectrumSlot.set({ req, res }),
  );

  // One fixed worker: it caches the eigenvalues at g = 1, so moving g only rescales them.
  const eigenLane = viewLane<EigenRequest, EigenResult>(
    store,
    'eigen',
    async (req, jobId, limitS) => toLane(await viewWorker(2).call((api) => api.eigenView(req, { lane: 'eigen', jobId, limitS }))),
    (jobId) => notifyPool('eigen', jobId),
    (res, req) => eigenSlot.set({ req, res }),
  );

  const diagramLane = viewLane<DiagramJob, DiagramView>(store, 'diagram', (job, jobId, limitS) => runDiagram(job, jobId, limitS), (jobId) => notifyPool('diagram', jobId), (v) =>
    diagramSlot.set(v),
  );

  /** Split the columns into shares, hand them to the pool, assemble. */
  async function runDiagram(job: DiagramJob, jobId: number, limitS: number | undefined): Promise<LaneOutcome<DiagramView>> {
    const t0 = performance.now();
    const nShares = Math.min(job.cols, poolSize * 3);
    const shares: [number, number][] = [];
    for (let s = 0; s < nShares; s++) shares.push([Math.floor((s * job.cols) / nShares), Math.floor(((s + 1) * job.cols) / nShares)]);
    const counts = new Uint32Array(job.cols * job.rows);
    const lambda = new Float64Array(job.cols);
    const lambdaStderr = new Float64Array(job.cols);
    const period = new Int16Array(job.cols);
    const diverged = new Uint8Array(job.cols);
    const theory = job.nd && hasMeanField(job.nd.params.model) ? new Float64Array(job.cols).fill(NaN) : null;
    let outside = 0;
    let yRange: [number, number] | null = job.yRange;
    let failure: LaneOutcome<DiagramView> | null = null;
    let next = 0;
    const worker = async (w: WorkerHandle) => {
      while (next < shares.length && !failure) {
        const [j0, j1] = shares[next++];
        const out = await w.call((api) =>
          api.bifurcation({ base: job.base, nd: job.nd, lo: job.lo, hi: job.hi, cols: job.cols, j0, j1, rows: job.rows, yRange: job.yRange }, { lane: 'diagram', jobId, limitS }),
        );
        if (!out.ok) {
          failure ??= toLane(out) as LaneOutcome<DiagramView>;
          return;
        }
        const c = out.value;
        counts.set(c.counts, c.j0 * job.rows);
        lambda.set(c.lambda, c.j0);
        lambdaStderr.set(c.lambdaStderr, c.j0);
        period.set(c.period, c.j0);
        diverged.set(c.diverged, c.j0);
        if (theory && c.theory) theory.set(c.theory, c.j0);
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
    return { ok: true, value: { job, yRange: yRange ?? [-1, 1], counts, lambda, lambdaStderr, period, diverged, outside, theory, ms: performance.now() - t0 } };
  }

  let diagramSize = { cols: 0, rows: 0 };
  // which jobs follow the state is the view registry's: the view shown and the model's family
  const on = (job: JobName, s: AppState) => jobActive(job, s.params);
  // what each view's job costs (the cost model): beyond what a link may start by itself, the view waits for Start
  const allowance = new WorkAllowance();
  const priced = <Req,>(name: string, estimate: (req: Req, s: AppState) => CostEstimate | null, extra: Partial<FollowCost<Req>> = {}): FollowCost<Req> => ({
    name,
    allowance,
    store,
    estimate: (req) => estimate(req, store.getState()),
    ...extra,
  });
  const followers = [
    follow(panelLane, (s, draft) => (on('panel1d', s) ? panel1dRequest(s.params, importedOf(s), draft) : null), priced('panel1d', panel1dCost)),
    follow(vectorPanelLane, (s, draft) => (on('vectorPanel', s) ? vectorPanelRequest(s.params, importedOf(s), draft) : null), priced('vectorPanel', (r, s) => vectorPanelCost(r, importedOf(s)))),
    follow(diagramLane, (s, draft) => (on('diagram', s) && diagramSize.cols > 0 ? diagramJob(s.params, importedOf(s), diagramSize, draft) : null), priced('diagram', (j, s) => diagramCost(j, importedOf(s)))),
    follow(spectrumLane, (s, draft) => (on('spectrum', s) ? spectrumRequest(s.params, importedOf(s), draft) : null), priced('spectrum', (r) => spectrumCost(r, r.imported), { progressive: true, within: (r, allowed) => spectrumWithin(r, r.imported, allowed) })),
    follow(eigenLane, (s, draft) => (on('eigen', s) ? eigenRequest(s.params, importedOf(s), draft) : null), priced('eigen', eigenCost)),
    // the certified searches: their cost is not known in advance, their meter stops them at the allowance
    follow(periodicLane, (s, draft) => (on('periodic', s) ? periodicRequest(s.params, importedOf(s), draft) : null), priced('periodic', () => null)),
    follow(expressivityLane, (s, draft) => (on('expressivity', s) ? expressivityRequest(s.params, importedOf(s), draft) : null), priced('expressivity', () => null)),
  ];
  const followerOf: Record<string, Follower> = { panel1d: followers[0], vectorPanel: followers[1], diagram: followers[2], spectrum: followers[3], eigen: followers[4], periodic: followers[5], expressivity: followers[6] };
  // Views added as plug-ins (gradient meter, training lab) follow the state the same way.
  const ctx: EngineContext = { store, cheap, pool, notifyPool };
  const plugins: EnginePlugin[] = [startGradients(ctx), startTraining(ctx)];
  for (const pl of plugins) followers.push(...pl.followers);
  // A panel that changes size while g is dragged (a readout wraps onto another
  // line) would restart the whole orbit diagram on every frame: its new size
  // waits until the drag ends.
  let pendingDiagramSize: { cols: number; rows: number } | null = null;
  const update = () => {
    const s = store.getState();
    if (pendingDiagramSize && !s.dragging) {
      diagramSize = pendingDiagramSize;
      pendingDiagramSize = null;
    }
    for (const f of followers) f(s);
  };

  // A crashed worker: say so (the message stays until dismissed) and recompute
  // what was on screen on a fresh worker.
  const onCrash = (h: WorkerHandle) => () => {
    if (store.getState().fatal) return; // the page already says it cannot compute
    store.getState().addWarnings([`The ${h.name} worker crashed and was restarted; the panels were recomputed.`]);
    followers.forEach((f) => f.reset());
    queueMicrotask(update);
  };
  cheap.onCrash = onCrash(cheap);
  pool.forEach((w) => (w.onCrash = onCrash(w)));
  // a worker that cannot start at all (e.g. its script is gone after a deploy): one message, and Reload
  const onGiveUp = (message: string) => store.getState().setFatal(`${message} The lab cannot compute until the page is reloaded.`);
  for (const h of [cheap, ...pool]) h.onGiveUp = onGiveUp;

  const unsub = store.subscribe(
    (s) => [s.params, s.weights, s.dragging] as const,
    update,
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] },
  );
  update();

  // The size scan: a one-off job started by a button, on its own lane.
  let scanJob = 0;
  const startSizeScan = () => {
    const s = store.getState();
    const row = modelOf(s.params.model);
    if (row.family !== 'vector' || !row.k || s.weights) return; // a family of sizes needs a width, and seeded networks
    const max = Math.min(128, row.k.max);
    const sizes = [8, 16, 32, 64, 128].filter((n) => n <= max && n >= 8).slice(-4);
    const req: SizeScanRequest = { params: modelParams(s.params), sizes, transient: 300, steps: 1000 };
    const jobId = ++scanJob;
    notifyPool('sizes', jobId);
    sizeScanSlot.set({ running: true, result: null });
    const partials = partialSink((r: SizeScanResult) => {
      if (scanJob === jobId) sizeScanSlot.set({ running: true, result: r });
    });
    viewWorker(1)
      .call((api) => api.sizeScan(req, { lane: 'sizes', jobId }, partials.callback))
      .finally(partials.close)
      .then(
        (out) => {
          if (scanJob !== jobId) return;
          sizeScanSlot.set(out.ok ? { running: false, result: out.value } : { running: false, result: sizeScanSlot.get()?.result ?? null, error: out.code === 'ERROR' ? out.message : undefined });
        },
        (e: unknown) => {
          if (scanJob === jobId) sizeScanSlot.set({ running: false, result: null, error: e instanceof Error ? e.message : String(e) });
        },
      );
  };
  const cancelSizeScan = () => {
    const jobId = ++scanJob;
    notifyPool('sizes', jobId);
    sizeScanSlot.set({ running: false, result: sizeScanSlot.get()?.result ?? null });
  };

  return {
    poolSize,
    pool,
    startGated(lane) {
      const g = store.getState().gates[lane];
      if (!g) return;
      allowance.approve(lane, g.seconds);
      store.getState().setGate(lane, null);
      followerOf[lane]?.reset();
      update();
    },
    cancelSpectrum: () => spectrumLane.cancel(),
    startSizeScan,
    cancelSizeScan,
    setDiagramSize(cols, rows) {
      const same = cols === diagramSize.cols && rows === diagramSize.rows;
      if (store.getState().dragging && diagramSize.cols > 0) {
        pendingDiagramSize = same ? null : { cols, rows };
        return;
      }
      pendingDiagramSize = null;
      if (same) return;
      diagramSize = { cols, rows };
      update();
    },
    stop() {
      unsub();
      sweep.stop();
      phase.stop();
      plugins.forEach((pl) => pl.stop?.());
      cheap.terminate();
      pool.forEach((w) => w.terminate());
    },
  };
}
