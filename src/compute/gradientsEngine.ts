/**
 * The gradient meter's lane: follows the gradient view, asks one pool
 * worker for the meter and the BPTT panel — a draft while a slider is dragged
 * (fewer windows, a shorter horizon), the final result on release — and puts
 * the growing result (λ_max, then window after window) in `gradientsSlot`.
 */
import { partialSink } from './partials';
import type { GradientRequest, GradientResult } from '../core/gradients/gradientPlan';
import { importedOf } from '../state/store';
import { jobActive } from '../params/views';
import type { GradientsApi, GradientsOutcome } from '../../workers/gradients.api';
import { follow, toLane, viewLane, type EngineContext, type EnginePlugin } from './lanes';
import { gradientRequest } from '../params/requests';
import { ResultSlot } from './results';
import type { RemoteApi } from './workerHandle';

export interface GradientsView {
  req: GradientRequest;
  res: GradientResult;
}

/** The meter's latest result (partial while it runs). */
export const gradientsSlot = new ResultSlot<GradientsView>();

export const GRADIENTS_LANE = 'gradients';

type GradientsRemote = {
  gradientMeter(...args: Parameters<GradientsApi['gradientMeter']>): Promise<GradientsOutcome<GradientResult>>;
};

/** The worker API seen as the gradient meter's (compute.api spreads createGradientsApi into it). */
function gradientsApi(api: RemoteApi): GradientsRemote {
  const g = api as unknown as Partial<GradientsRemote>;
  if (typeof g.gradientMeter !== 'function') throw new Error('this worker has no gradientMeter (workers/compute.api.ts must spread createGradientsApi)');
  return g as GradientsRemote;
}

export function startGradients(ctx: EngineContext): EnginePlugin {
  // one fixed pool worker (the training lab runs on the first)
  const worker = ctx.pool[Math.min(1, ctx.pool.length - 1)];
  let current = 0;
  const lane = viewLane<GradientRequest, GradientResult>(
    ctx.store,
    GRADIENTS_LANE,
    async (req, jobId) => {
      current = jobId;
      const partials = partialSink((res: GradientResult) => {
        if (current === jobId) gradientsSlot.set({ req, res });
      });
      try {
        return toLane(await worker.call((api) => gradientsApi(api).gradientMeter(req, { lane: GRADIENTS_LANE, jobId }, partials.callback)));
      } finally {
        partials.close();
      }
    },
    (jobId) => ctx.notifyPool(GRADIENTS_LANE, jobId),
    (res, req) => gradientsSlot.set({ req, res }),
  );
  const follower = follow(lane, (s, draft) => {
    if (!jobActive('gradients', s.params)) return null;
    return gradientRequest(s.params, importedOf(s), draft);
  });
  return {
    followers: [follower],
    stop: () => lane.cancel(),
  };
}
