/**
 * The compute API the workers expose: plain data in, typed arrays out (their
 * buffers transferred), expected outcomes (cancelled, failed) as values. Each
 * method is a request, a job of src/core (core/job.ts) and the driver
 * (driver.ts), which slices, cancels and reports for all of them.
 * Created by a function so tests can drive it over a MessageChannel in Node.
 */
import { panel1dJob, type Panel1dRequest } from '../src/core/jobs/panel1d';
import { expressivityJob, periodicViewJob, type ExpressivityRequest, type PeriodicViewRequest } from '../src/core/jobs/paperB';
import { vectorPanelJob, type VectorPanelRequest } from '../src/core/jobs/panelND';
import { sizeScanJob, spectrumJob, type SizeScanRequest, type SizeScanResult, type SpectrumJobRequest, type SpectrumJobResult } from '../src/core/jobs/spectrumJob';
import { bifurcationJob, type BifurcationRequest } from '../src/core/jobs/diagramJob';
import { createDriver, type RunningJob, type Slicing } from './driver';
import type { JobMeta } from './outcome';
import { createSweepApi } from './sweep.api';
import { createPhaseApi } from './phase.api';
import { createEigenApi } from './eigen.api';
import { createGradientsApi } from './gradients.api';
import { createTrainingApi } from './training.api';
export { buffersOf, type JobMeta, type Outcome } from './outcome';
export type { BifurcationChunk, BifurcationRequest } from '../src/core/jobs/diagramJob';

export interface ApiHooks {
  /** Called with every successful value just before it is transferred (tests). */
  onResult?: (value: unknown) => void;
  /** The driver's time slicing (tests). */
  slicing?: Slicing;
}

export function createComputeApi(hooks: ApiHooks = {}) {
  const driver = createDriver({ onResult: hooks.onResult, slicing: hooks.slicing });
  return {
    ...createSweepApi(driver),
    ...createPhaseApi(driver),
    ...createEigenApi(driver),
    ...createGradientsApi(driver),
    ...createTrainingApi(driver),

    ping(): string {
      return 'pong';
    },

    /** Mark every job of `lane` older than `jobId` as stale: a running one stops at its next slice. */
    setLatest(lane: string, jobId: number): void {
      driver.setLatest(lane, jobId);
    },

    /** The jobs running in this worker (tests, and the browser tests' probe). */
    runningJobs(): RunningJob[] {
      return driver.running();
    },

    panel1d: (req: Panel1dRequest, meta: JobMeta) => driver.run('panel1d', meta, () => panel1dJob(req)),
    periodicView: (req: PeriodicViewRequest, meta: JobMeta) => driver.run('periodicView', meta, () => periodicViewJob(req)),
    vectorPanel: (req: VectorPanelRequest, meta: JobMeta) => driver.run('vectorPanel', meta, () => vectorPanelJob(req)),
    expressivity: (req: ExpressivityRequest, meta: JobMeta) => driver.run('expressivity', meta, () => expressivityJob(req)),

    /** Full spectra at several sizes N (λᵢ against i/N), each reported as it is done. */
    sizeScan: (req: SizeScanRequest, meta: JobMeta, onPartial?: (p: SizeScanResult) => void) =>
      driver.run('sizeScan', meta, () => sizeScanJob(req), { onPartial, reportMs: 0 }),

    /**
     * The Lyapunov spectrum, progressively: λ_max, then the top exponents, then
     * all; `onPartial` (a Comlink proxy) receives each improved estimate (the
     * job paces its own reports).
     */
    spectrum: (req: SpectrumJobRequest, meta: JobMeta, onPartial?: (p: SpectrumJobResult) => void) =>
      driver.run('spectrum', meta, () => spectrumJob(req), { onPartial, reportMs: 0 }),

    /** A share of the orbit diagram's columns. */
    bifurcation: (req: BifurcationRequest, meta: JobMeta) => driver.run('bifurcation', meta, () => bifurcationJob(req)),
  };
}

export type ComputeApi = ReturnType<typeof createComputeApi>;
