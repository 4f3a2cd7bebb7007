/**
 * The compute API the workers expose: plain data in, typed arrays out (their
 * buffers transferred), expected outcomes (cancelled, failed) as values.
 * Created by a function so tests can drive it over a MessageChannel in Node.
 */
import { transfer } from 'comlink';
import { computePanel1d } from '../src/core/jobs/panel1d';
import { computeExpressivity, computePeriodicView } from '../src/core/jobs/paperB';
import { computeVectorPanel } from '../src/core/jobs/panelND';
import { histogramColumnsND, probeRangeND, projectionFor, theoryColumns, type SweepBaseND } from '../src/core/vector/diagramND';
import { runSizeScan, runSpectrumJob, type SizeScanRequest, type SizeScanResult, type SpectrumJobRequest, type SpectrumJobResult } from '../src/core/jobs/spectrumJob';
import { allocHistogram, columnValues, histogramColumns, makeColumnFactory, probeRange, type SweepBase } from '../src/core/map1d/bifurcation';
import { SLICE_MS, now, yieldNow } from './cooperative';
import { createSweepApi } from './sweep.api';
export { buffersOf, type JobMeta, type Outcome } from './outcome';
import { buffersOf, type JobMeta, type Outcome } from './outcome';
import { createEigenApi } from './eigen.api';
import { createGradientsApi } from './gradients.api';
import { createTrainingApi } from './training.api';

export interface BifurcationRequest {
  /** A 1-D map's sweep, or a vector map's (then `nd` is set and `base` unused). */
  base: SweepBase;
  nd?: SweepBaseND;
  /** Parameter window and the total number of columns of the diagram. */
  lo: number;
  hi: number;
  cols: number;
  /** This job's share of the columns: [j0, j1). */
  j0: number;
  j1: number;
  rows: number;
  /** State window; null = automatic (every worker probes the same way, so shares agree). */
  yRange: [number, number] | null;
}

export interface BifurcationChunk {
  /** Mean-field λ per column (random RNN), else null. */
  theory: Float64Array | null;
  j0: number;
  j1: number;
  rows: number;
  yRange: [number, number];
  counts: Uint32Array;
  lambda: Float64Array;
  period: Int16Array;
  diverged: Uint8Array;
  outside: number;
  min: number;
  max: number;
}

export interface ApiHooks {
  /** Called with every successful value just before it is transferred (tests). */
  onResult?: (value: unknown) => void;
}

export function createComputeApi(hooks: ApiHooks = {}) {
  const latest = new Map<string, number>();
  const isStale = (m: JobMeta) => (latest.get(m.lane) ?? 0) > m.jobId;
  const cancelled = (m: JobMeta): Outcome<never> => ({ ok: false, jobId: m.jobId, code: 'CANCELLED', message: 'superseded by a newer request' });
  const failed = (m: JobMeta, e: unknown): Outcome<never> => ({
    ok: false,
    jobId: m.jobId,
    code: 'ERROR',
    message: e instanceof Error ? e.message : String(e),
  });
  function done<T>(m: JobMeta, value: T): Outcome<T> {
    hooks.onResult?.(value);
    const out: Outcome<T> = { ok: true, jobId: m.jobId, value };
    return transfer(out, buffersOf(value));
  }

  /** A computation short enough to run without time slices: skipped if already stale. */
  function quick<Req, Res>(compute: (req: Req) => Res) {
    return async (req: Req, meta: JobMeta): Promise<Outcome<Res>> => {
      if (isStale(meta)) return cancelled(meta);
      try {
        return done(meta, compute(req));
      } catch (e) {
        return failed(meta, e);
      }
    };
  }

  return {
    ...createSweepApi({ isStale: (lane, jobId) => (latest.get(lane) ?? 0) > jobId }),
    ...createEigenApi({ isStale: (lane, jobId) => (latest.get(lane) ?? 0) > jobId }),
    ...createGradientsApi({ isStale: (lane, jobId) => (latest.get(lane) ?? 0) > jobId }),
    ...createTrainingApi({ isStale: (lane, jobId) => (latest.get(lane) ?? 0) > jobId }),

    ping(): string {
      return 'pong';
    },

    /** Mark every job of `lane` older than `jobId` as stale. */
    setLatest(lane: string, jobId: number): void {
      if (jobId > (latest.get(lane) ?? 0)) latest.set(lane, jobId);
    },

    panel1d: quick(computePanel1d),
    periodicView: quick(computePeriodicView),
    vectorPanel: quick(computeVectorPanel),

    /** Full spectra at several sizes N (λᵢ against i/N), each reported as it is done. */
    async sizeScan(req: SizeScanRequest, meta: JobMeta, onPartial?: (p: SizeScanResult) => void): Promise<Outcome<SizeScanResult>> {
      try {
        if (isStale(meta)) return cancelled(meta);
        const out = await runSizeScan(req, { yieldNow, now, sliceMs: SLICE_MS, stale: () => isStale(meta), partial: () => undefined, partialScan: (p) => onPartial?.(p) });
        return out ? done(meta, out) : cancelled(meta);
      } catch (e) {
        return failed(meta, e);
      }
    },

    /**
     * The Lyapunov spectrum, progressively: λ_max, then the top exponents, then
     * all; `onPartial` (a Comlink proxy) receives each improved estimate.
     */
    async spectrum(req: SpectrumJobRequest, meta: JobMeta, onPartial?: (p: SpectrumJobResult) => void): Promise<Outcome<SpectrumJobResult>> {
      try {
        if (isStale(meta)) return cancelled(meta);
        const out = await runSpectrumJob(req, {
          yieldNow,
          now,
          sliceMs: SLICE_MS,
          stale: () => isStale(meta),
          partial: (p) => onPartial?.(p),
        });
        if (!out) return cancelled(meta);
        return done(meta, out);
      } catch (e) {
        return failed(meta, e);
      }
    },
    expressivity: quick(computeExpressivity),

    async bifurcation(req: BifurcationRequest, meta: JobMeta): Promise<Outcome<BifurcationChunk>> {
      try {
        if (isStale(meta)) return cancelled(meta);
        const nd = req.nd;
        const proj = nd ? projectionFor(nd, req.lo, req.hi) : null;
        const yRange = req.yRange ?? (nd ? probeRangeND(nd, proj!, req.lo, req.hi) : probeRange(req.base, req.lo, req.hi));
        const all = columnValues(req.lo, req.hi, req.cols, 'centers');
        const values = all.slice(req.j0, req.j1);
        const n = values.length;
        const h = allocHistogram(n, req.rows);
        const setup = nd ? null : makeColumnFactory(req.base);
        const scratch = new Float64Array((nd ?? req.base).keep);
        let t0 = now();
        for (let j = 0; j < n; j++) {
          if (nd) histogramColumnsND(nd, proj!, values, j, j + 1, yRange[0], yRange[1], req.rows, h, scratch);
          else histogramColumns(req.base, values, j, j + 1, yRange[0], yRange[1], req.rows, h, setup!, scratch);
          if (now() - t0 > SLICE_MS) {
            await yieldNow();
            if (isStale(meta)) return cancelled(meta);
            t0 = now();
          }
        }
        return done(meta, {
          theory: nd ? theoryColumns(nd, values) : null,
          j0: req.j0,
          j1: req.j1,
          rows: req.rows,
          yRange,
          counts: h.counts,
          lambda: h.lambda,
          period: h.period,
          diverged: h.diverged,
          outside: h.outside,
          min: h.min,
          max: h.max,
        });
      } catch (e) {
        return failed(meta, e);
      }
    },
  };
}

export type ComputeApi = ReturnType<typeof createComputeApi>;
