/**
 * Wires the store to the workers: one worker for the cheap panels (cobweb,
 * trajectory, readouts) so a diagram never delays the panel being dragged,
 * and a pool sized from hardwareConcurrency for the orbit diagram.
 */
import type { Panel1dResult } from '../core/panel1d';
import type { Outcome } from '../../workers/compute.api';
import { importedWeights, type AppStore } from '../state/store';
import { LatestWinsLane, type LaneOutcome } from './lane';
import { ResultSlot } from './results';
import { recordDraw } from './perfProbe';
import { WorkerHandle } from './workerHandle';
import { diagramJob, panel1dRequest, requestKey, type DiagramJob } from './requests';
import type { Panel1dRequest } from '../core/panel1d';

export interface Panel1dView {
  req: Panel1dRequest;
  res: Panel1dResult;
}

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

export interface Engine {
  setDiagramSize(cols: number, rows: number): void;
  poolSize: number;
  stop(): void;
}

export function startEngine(store: AppStore): Engine {
  const cheap = new WorkerHandle('cobweb', () => new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'cobweb' }));
  const poolSize = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
  const pool = Array.from(
    { length: poolSize },
    (_, i) => new WorkerHandle(`diagram ${i + 1}`, () => new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: `diagram-${i + 1}` })),
  );

  const panelLane = new LatestWinsLane<{ req: Panel1dRequest; draft: boolean }, Panel1dView>({
    dispatch: async ({ req }, jobId) => {
      const out = await cheap.call((api) => api.panel1d(req, { lane: 'panel1d', jobId }));
      return toLane(out.ok ? { ...out, value: { req, res: out.value } } : out);
    },
    cancelBefore: (jobId) => cheap.notify((api) => api.setLatest('panel1d', jobId)),
    deliver: (v) => {
      recordDraw('panel1d-result', v.req.params.g);
      panel1dSlot.set(v);
    },
    onStatus: (s) => store.getState().setJob('panel1d', s),
    preemptible: (r) => !r.draft,
    schedule: frameGate(),
  });

  const diagramLane = new LatestWinsLane<DiagramJob, DiagramView>({
    dispatch: (job, jobId) => runDiagram(job, jobId),
    cancelBefore: (jobId) => pool.forEach((w) => w.notify((api) => api.setLatest('diagram', jobId))),
    deliver: (v) => diagramSlot.set(v),
    onStatus: (s) => store.getState().setJob('diagram', s),
    preemptible: (job) => job.quality === 'final',
    schedule: frameGate(),
  });

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
  // Keys of what was last asked for at final quality, and of the last draft:
  // a drag that changes nothing a panel depends on recomputes nothing.
  const last = { panelFinal: '', panelDraft: '', diagramFinal: '', diagramDraft: '' };

  const update = () => {
    const s = store.getState();
    const imported = importedWeights(s);
    const dragging = s.dragging;

    const finalPanel = panel1dRequest(s.params, imported, false);
    const fpk = requestKey(finalPanel);
    if (fpk !== last.panelFinal) {
      if (!dragging) {
        last.panelFinal = fpk;
        last.panelDraft = '';
        panelLane.request({ req: finalPanel, draft: false });
      } else {
        const draft = panel1dRequest(s.params, imported, true);
        const dpk = requestKey(draft);
        if (dpk !== last.panelDraft) {
          last.panelDraft = dpk;
          last.panelFinal = ''; // the screen no longer shows the final result
          panelLane.request({ req: draft, draft: true });
        }
      }
    }

    if (diagramSize.cols > 0) {
      const finalJob = diagramJob(s.params, imported, diagramSize, false);
      const fdk = requestKey(finalJob);
      if (fdk !== last.diagramFinal) {
        if (!dragging) {
          last.diagramFinal = fdk;
          last.diagramDraft = '';
          diagramLane.request(finalJob);
        } else {
          const draft = diagramJob(s.params, imported, diagramSize, true);
          const ddk = requestKey(draft);
          if (ddk !== last.diagramDraft) {
            last.diagramDraft = ddk;
            last.diagramFinal = '';
            diagramLane.request(draft);
          }
        }
      }
    }
  };

  // A crashed worker: say so (the message stays until dismissed) and recompute
  // what was on screen on a fresh worker.
  const onCrash = (h: WorkerHandle) => () => {
    store.getState().addWarnings([`The ${h.name} worker crashed and was restarted; the panels were recomputed.`]);
    last.panelFinal = last.panelDraft = last.diagramFinal = last.diagramDraft = '';
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
    setDiagramSize(cols, rows) {
      if (cols === diagramSize.cols && rows === diagramSize.rows) return;
      diagramSize = { cols, rows };
      update();
    },
    stop() {
      unsub();
      cheap.terminate();
      pool.forEach((w) => w.terminate());
    },
  };
}
