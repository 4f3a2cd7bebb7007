/**
 * Kernels that measure what the app itself runs (no reference counterpart):
 *
 * LAMBDA1D  analyseOrbit on the K1 network at g = 2.5, 1000 transient + 10⁶ steps.
 * PANEL-64  computePanel1d for a width-64 tanh net1d, built as the app builds it
 *           (panel1dRequest from defaultParams() with k = 64, draft quality),
 *           with the λ run fixed at the benchmark's definition lt = 500,
 *           ls = 2000 so that figures stay comparable when the app's own draft
 *           lengths change (they are reported beside it). It runs on every
 *           animation frame while g is dragged, so it has to stay well under 16 ms.
 */
import { NetMap } from '../src/core/models';
import { Act } from '../src/core/models/activations';
import { analyseOrbit, type OrbitAnalysis } from '../src/core/map1d/orbit';
import { computePanel1d, type Panel1dRequest, type Panel1dResult } from '../src/core/jobs/panel1d';
import { panel1dRequest } from '../src/params/requests';
import { defaultParams } from '../src/params/url';
import { K1, k1Weights, type ZScores } from './k1';

export const LAMBDA1D = { g: 2.5, transient: 1000, steps: 1_000_000 } as const;

export function lambda1dMap(z: ZScores): NetMap {
  return new NetMap(k1Weights(z, LAMBDA1D.g), Act.Tanh, 'identity');
}

export function runLambda1d(map: NetMap): OrbitAnalysis {
  return analyseOrbit(map, K1.x0, LAMBDA1D.transient, LAMBDA1D.steps);
}

/** The benchmark's λ run (draft quality as first specified). */
export const PANEL64_LAMBDA_RUN = { lt: 500, ls: 2000 } as const;

export function panel64Request(): { req: Panel1dRequest; appDraft: { lt: number; ls: number } } {
  const p = defaultParams();
  p.k = 64;
  p.act = 'tanh';
  p.model = 'net1d';
  const req = panel1dRequest(p, null, true);
  const appDraft = { lt: req.params.lt, ls: req.params.ls };
  req.params.lt = Math.min(p.lt, PANEL64_LAMBDA_RUN.lt);
  req.params.ls = Math.min(p.ls, PANEL64_LAMBDA_RUN.ls);
  return { req, appDraft };
}

export function runPanel(req: Panel1dRequest): Panel1dResult {
  return computePanel1d(req);
}
