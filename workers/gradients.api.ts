/**
 * Worker method of the gradient meter, spread into the compute API by
 * createComputeApi. The job (gradientSteps, core/gradients/gradients.ts)
 * reports λ_max, then each window of the meter and the BPTT panel, forwarded
 * to `onPartial` (a Comlink proxy) at most every 150 ms.
 */
import type { JobMeta, Outcome } from './outcome';
import { gradientSteps } from '../src/core/gradients/gradients';
import type { GradientRequest, GradientResult } from '../src/core/gradients/gradientPlan';
import { now } from './cooperative';
import { createDriver, type Driver } from './driver';

export type GradientsJobMeta = JobMeta;
export type GradientsOutcome<T> = Outcome<T>;

/** Without a driver of the compute API, one of its own (nothing stale until told). */
export function createGradientsApi(driver: Driver = createDriver()) {
  return {
    /**
     * The gradient meter and the BPTT panel for one state; `onPartial`
     * receives the growing result (structured-cloned; the final one is transferred).
     */
    gradientMeter: (req: GradientRequest, meta: GradientsJobMeta, onPartial?: (p: GradientResult) => void): Promise<GradientsOutcome<GradientResult>> =>
      driver.run('gradientMeter', meta, () => gradientSteps(req, now), { onPartial, reportMs: 150 }),
  };
}

export type GradientsApi = ReturnType<typeof createGradientsApi>;
