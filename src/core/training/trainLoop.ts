/**
 * The training loop of the lab: Adam on mini-batches of random windows of the
 * data, one of four methods:
 *
 * - 'bptt': plain BPTT (the state is set to B⁺x only at the window's start);
 * - 'clip': the same, with the gradient's global norm clipped to `clip`;
 * - 'stf': sparse teacher forcing, z ← B⁺x every τ steps;
 * - 'gtf': generalised teacher forcing, z ← (1 − α)z + α·B⁺x at every step.
 *
 * Everything random (initial parameters, the windows of every batch) comes
 * from the seed: the same configuration gives the same run, step for step,
 * however it is sliced into batches of steps.
 *
 * `evaluate` runs the model freely from B⁺x₀ (no forcing) as long as the data
 * and compares: D_stsp and D_H (measures.ts), and λ_max of the model's latent
 * map by the QR method (one tangent vector) against the data's.
 */
import { Adam } from './adam';
import { dH, dStsp, type MeasureVersion } from './measures';
import { Rng } from '../linalg/rng';
import { lyapunovSpectrum } from '../vector/spectrum';
import type { TrainData } from './trainData';
import { Workspace, encode, generate, initParams, layoutOf, lossAndGrad, modelMap, norm2, trainableMask, type ForcingMethod, type ModelLayout, type TrainModelKind } from './trainModels';

/** Windows per mini-batch. */
export const TRAIN_BATCH = 16;

export interface TrainConfig {
  model: TrainModelKind;
  /** Latent units M. */
  m: number;
  method: ForcingMethod;
  tau: number;
  alpha: number;
  /** Gradient-norm bound (method 'clip'). */
  clip: number;
  /** Window (sequence) length. */
  T: number;
  lr: number;
  /** Parameter updates in the whole run. */
  steps: number;
  seed: number;
  /** Windows per batch (default TRAIN_BATCH). */
  batch?: number;
  /** Which D_stsp and D_H (default Paper A's: measures.ts). */
  measures?: MeasureVersion;
}

export interface StepStats {
  loss: number;
  /** Norm of the gradient before clipping. */
  gradNorm: number;
}

export interface EvalOptions {
  /** Generated steps for D_stsp and D_H (default: the data's length). */
  genSteps?: number;
  /** Points of the reconstruction kept for the phase-space plot (default 3000). */
  keep?: number;
  /** QR steps for λ_max (default 4000, after 300 of transient); 0 skips it. */
  lyapSteps?: number;
  /** Which D_stsp and D_H (default Paper A's). */
  measures?: MeasureVersion;
}

export interface TrainEvaluation {
  step: number;
  dStsp: number;
  dH: number;
  /** λ_max of the trained model per step (null if its orbit diverged or it was skipped). */
  lambdaMax: number | null;
  /** Fraction of the generated points inside the data's box. */
  genInside: number;
  diverged: boolean;
  /** The first `keep` generated observations (keep × n; NaN after a divergence). */
  recon: Float64Array;
}

/** Loss and gradient norm are not finite: the run stopped. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}

/** The data row x_s for window starts: uniform in [0, len − T − 1]. */
export function drawStarts(rng: Rng, len: number, T: number, batch: number): number[] {
  const span = len - T;
  if (span < 1) throw new Error(`the data (${len} rows) are shorter than a window of ${T + 1}`);
  const out: number[] = [];
  for (let b = 0; b < batch; b++) out.push(Math.min(span - 1, Math.floor(rng.uniform() * span)));
  return out;
}

export class Trainer {
  readonly layout: ModelLayout;
  readonly theta: Float64Array;
  readonly cfg: Required<TrainConfig>;
  readonly data: TrainData;
  private readonly adam: Adam;
  private readonly rng: Rng;
  private readonly grad: Float64Array;
  private readonly mask: Uint8Array;
  private readonly ws: Workspace;
  /** Updates done. */
  stepsDone = 0;

  constructor(data: TrainData, cfg: TrainConfig) {
    this.cfg = { batch: TRAIN_BATCH, measures: 'paper', ...cfg };
    this.data = data;
    if (data.len < cfg.T + 2) throw new Error(`the data have ${data.len} rows: a sequence length of ${cfg.T} needs at least ${cfg.T + 2}`);
    this.layout = layoutOf(cfg.model, cfg.m, data.n);
    this.theta = initParams(this.layout, cfg.seed);
    this.adam = new Adam(this.layout.size, { lr: cfg.lr });
    // windows from their own stream, so they do not depend on the model's size
    this.rng = new Rng((cfg.seed ^ 0x9e3779b9) >>> 0);
    this.grad = new Float64Array(this.layout.size);
    this.mask = trainableMask(this.layout);
    this.ws = new Workspace(this.layout, cfg.T);
  }

  get finished(): boolean {
    return this.stepsDone >= this.cfg.steps;
  }

  /** One parameter update; throws TrainingDivergedError when the loss or gradient is not finite. */
  step(): StepStats {
    const { cfg, layout, theta, grad } = this;
    const starts = drawStarts(this.rng, this.data.len, cfg.T, cfg.batch);
    grad.fill(0);
    const loss = lossAndGrad(layout, theta, this.data.x, starts, cfg.T, { method: cfg.method, tau: cfg.tau, alpha: cfg.alpha }, grad, this.ws);
    const gradNorm = norm2(grad);
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      throw new TrainingDivergedError(`the loss or its gradient overflowed at step ${this.stepsDone + 1} (loss ${loss}, ‖∇‖ ${gradNorm})`);
    }
    if (cfg.method === 'clip' && gradNorm > cfg.clip) {
      const s = cfg.clip / gradNorm;
      for (let i = 0; i < grad.length; i++) grad[i] *= s;
    }
    this.adam.step(theta, grad, this.mask);
    this.stepsDone++;
    return { loss, gradNorm };
  }

  /** Up to `count` updates (fewer at the end of the run). */
  steps(count: number): StepStats[] {
    const out: StepStats[] = [];
    while (out.length < count && !this.finished) out.push(this.step());
    return out;
  }

  evaluate(opts: EvalOptions = {}): TrainEvaluation {
    return evaluateModel(this.layout, this.theta, this.data, this.stepsDone, { measures: this.cfg.measures, ...opts });
  }
}

/** Free-running comparison of a model with the data (see the file's header). */
export function evaluateModel(layout: ModelLayout, theta: Float64Array, data: TrainData, step: number, opts: EvalOptions = {}): TrainEvaluation {
  const n = data.n;
  const genSteps = opts.genSteps ?? data.len;
  const keep = Math.min(genSteps, opts.keep ?? 3000);
  const z0 = encode(layout, theta, data.x.subarray(0, n));
  const g = generate(layout, theta, z0, genSteps);
  const version = opts.measures ?? 'paper';
  const ds = dStsp(data.x, g.x.subarray(0, g.finiteSteps * n), n, { version });
  const dh = g.diverged ? 1 : dH(data.x, g.x, n, { version }).value;
  let lambdaMax: number | null = null;
  const lyapSteps = opts.lyapSteps ?? 4000;
  if (!g.diverged && lyapSteps > 0 && g.zEnd) {
    const sp = lyapunovSpectrum(modelMap(layout, theta, g.zEnd), g.zEnd, { k: 1, transient: 300, steps: lyapSteps });
    lambdaMax = sp.diverged || !Number.isFinite(sp.lambdas[0]) ? null : sp.lambdas[0];
  }
  return {
    step,
    dStsp: g.diverged && g.finiteSteps === 0 ? dStsp(data.x, new Float64Array(0), n, { version }).value : ds.value,
    dH: dh,
    lambdaMax,
    genInside: ds.genInside * (g.finiteSteps / Math.max(1, genSteps)),
    diverged: g.diverged,
    recon: g.x.slice(0, keep * n),
  };
}
