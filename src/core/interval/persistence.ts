/**
 * Persistence of oscillations under perturbation (Paper B):
 * a recurrent net reuses ONE perturbed layer t times (fᵗ of a perturbed f);
 * a feed-forward stack composes t INDEPENDENTLY perturbed layers. Paper B's
 * claim: the recurrent composition keeps its exponentially many laps, the
 * feed-forward one loses them as the perturbation σ grows.
 */
import { Rng } from '../linalg/rng';
import { NetMap } from '../models';
import type { Act } from '../models/activations';
import type { Net1dWeights, OutputMode } from '../models';
import { compose, mergePieces, restrict, type Piece } from '../models/piecewise';
import { countPieces, signChanges } from './laps';
import { isDiverged } from '../divergence';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';
import { NS, charge } from '../cost';

export function perturb(net: Net1dWeights, sigma: number, rng: Rng): Net1dWeights {
  const k = net.w.length;
  const w = new Float64Array(k);
  const b = new Float64Array(k);
  const a = new Float64Array(k);
  for (let i = 0; i < k; i++) w[i] = net.w[i] + sigma * rng.normal();
  for (let i = 0; i < k; i++) b[i] = net.b[i] + sigma * rng.normal();
  for (let i = 0; i < k; i++) a[i] = net.a[i] + sigma * rng.normal();
  return { w, b, a, c: net.c + sigma * rng.normal() };
}

/** Laps of layers[t−1] ∘ … ∘ layers[0] on the window (exact if PL, else on a grid). */
export function lapsOfComposition(layers: NetMap[], window: [number, number], grid = 4001, pieceCap = 1_000_000): number {
  return runToEnd(lapsOfCompositionSteps(layers, window, NO_PAUSE, grid, pieceCap));
}

/**
 * `lapsOfComposition` as a job (core/job.ts). The pieces of one wide
 * network (tens of ms for k = 1024) are the smallest step it can pause after.
 */
function* lapsOfCompositionSteps(layers: NetMap[], window: [number, number], pace: Pacer, grid = 4001, pieceCap = 1_000_000): Job<number> {
  const pieces: (Piece[] | null)[] = [];
  for (const m of layers) {
    // the pieces of a network (k + 1 pieces, each summing its k units: netPieces), metered (core/cost.ts)
    const k = m.weights.w.length;
    charge(2 * k * (k + 1) * NS.netUnitLinear);
    pieces.push(m.pieces());
    if (pace.due()) yield* pace.pause();
  }
  if (pieces.every((p) => p)) {
    let F: Piece[] | null = mergePieces(restrict(pieces[0]!, window[0], window[1]));
    for (let j = 1; j < layers.length && F; j++) {
      F = compose(pieces[j]!, F, pieceCap);
      if (pace.due()) yield* pace.pause();
    }
    if (F) return countPieces(F, 0).laps;
  }
  const xs = new Float64Array(grid);
  for (let i = 0; i < grid; i++) xs[i] = window[0] + ((window[1] - window[0]) * i) / (grid - 1);
  for (const m of layers) {
    charge(grid * m.weights.w.length * NS.netUnit);
    for (let i = 0; i < grid; i++) {
      xs[i] = isDiverged(xs[i]) ? NaN : m.f(xs[i]);
      if ((i & 127) === 127 && pace.tick(128)) yield* pace.pause();
    }
  }
  const d = new Float64Array(grid - 1);
  for (let i = 0; i + 1 < grid; i++) d[i] = xs[i + 1] - xs[i];
  return 1 + signChanges(d);
}

export interface PersistenceResult {
  t: number;
  sigmas: number[];
  draws: number;
  /** Mean, min and max laps over the draws, per σ. */
  recurrent: { mean: number; min: number; max: number }[];
  feedforward: { mean: number; min: number; max: number }[];
}

export interface PersistenceOptions {
  t?: number;
  sigmas?: number[];
  draws?: number;
  seed?: number;
}

export function persistence(net: Net1dWeights, act: Act, out: OutputMode, window: [number, number], opts: PersistenceOptions = {}): PersistenceResult {
  return runToEnd(persistenceSteps(net, act, out, window, opts, NO_PAUSE));
}

/** `persistence` as a job (core/job.ts). */
export function* persistenceSteps(net: Net1dWeights, act: Act, out: OutputMode, window: [number, number], opts: PersistenceOptions, pace: Pacer): Job<PersistenceResult> {
  const t = Math.max(1, Math.min(12, opts.t ?? 6));
  const sigmas = opts.sigmas ?? [0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3];
  const draws = Math.max(1, opts.draws ?? 12);
  const stats = (v: number[]) => ({ mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v) });
  const recurrent: PersistenceResult['recurrent'] = [];
  const feedforward: PersistenceResult['feedforward'] = [];
  for (let si = 0; si < sigmas.length; si++) {
    const sigma = sigmas[si];
    const rl: number[] = [];
    const fl: number[] = [];
    for (let d = 0; d < draws; d++) {
      // one stream per (σ, draw): results do not depend on the other σ values asked for
      const rng = new Rng((opts.seed ?? 1) * 7919 + si * 104729 + d * 1299709);
      const one = new NetMap(perturb(net, sigma, rng), act, out);
      rl.push(yield* lapsOfCompositionSteps(Array(t).fill(one), window, pace));
      const stack = Array.from({ length: t }, () => new NetMap(perturb(net, sigma, rng), act, out));
      fl.push(yield* lapsOfCompositionSteps(stack, window, pace));
    }
    recurrent.push(stats(rl));
    feedforward.push(stats(fl));
  }
  return { t, sigmas, draws, recurrent, feedforward };
}
