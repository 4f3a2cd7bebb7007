/**
 * The run of the CLI's `lyapunov` quantity, in one place: for a map of the
 * line the mean of ln|f′| with the orbit's period and kind (`analyseOrbit`),
 * for a vector map the k largest exponents by QR every step (`SpectrumRun`).
 * Every cell of a phase map (phaseJob.ts) runs exactly this, with the
 * request `lyapunovRequest` (params/requests.ts) builds for the cell's state,
 * so a cell's λ_max is the number `lyapunov` prints for that state.
 */
import { buildMap, buildMapND, isModel1D, type ImportedData, type MapND, type ModelParams } from '../models';
import { analyseOrbitSteps, type OrbitAnalysis } from '../map1d/orbit';
import { SpectrumRun, spectrumSummary, type SpectrumResult } from '../vector/spectrum';
import type { Arena } from '../linalg/simd';
import { NO_PAUSE, type Job, type Pacer } from '../job';
import { flopsPerStep } from './spectrumJob';

export interface LyapunovRequest {
  /** The model part of the state; a map of the line starts at params.x0, a vector map at its seeded h₀. */
  params: ModelParams;
  imported: ImportedData | null;
  /** Discarded steps. */
  transient: number;
  /** Steps averaged; with tol > 0 the most that may be (core/runLength.ts). */
  steps: number;
  /** 0: a fixed length; > 0: stop at the first checkpoint where every standard error is below it. */
  tol: number;
  /** Vector maps: the number of exponents (1 … N). 1 for the maps of the line. */
  k: number;
}

export type LyapunovRun =
  | { family: '1d'; analysis: OrbitAnalysis }
  | {
      family: 'vector';
      /** The map (not bound to the run's arena): it may go on from `end`. */
      map: MapND;
      result: SpectrumResult;
      /** The state after the run (a copy) and the steps taken to reach it (the time index of the next step). */
      end: Float64Array;
      t: number;
    };

export interface LyapunovJobOptions {
  /** A wasm arena to allocate the spectrum's buffers from (reset by the caller), instead of a new one per run. */
  arena?: Arena | null;
  /** Called after every chunk of a vector run: steps done (transient included), in all, and (lazily) the steps likely in all. */
  onChunk?: (done: number, total: number, expected: () => number) => void;
}

/** Steps per chunk of a vector run at most (progress and pauses are checked between chunks; the numbers do not depend on it). */
const MAX_CHUNK = 2000;

/** The lyapunov quantity's run as a job (core/job.ts). */
export function* lyapunovJob(req: LyapunovRequest, pace: Pacer = NO_PAUSE, opts: LyapunovJobOptions = {}): Job<LyapunovRun> {
  if (isModel1D(req.params.model)) {
    const map = buildMap(req.params, req.imported);
    const analysis = yield* analyseOrbitSteps(map, req.params.x0, req.transient, req.steps, { tol: req.tol }, pace);
    return { family: '1d', analysis };
  }
  const map = buildMapND(req.params, req.imported);
  const n = map.n;
  const run = new SpectrumRun(map, map.initialState(), { k: req.k, transient: req.transient, steps: req.steps, tol: req.tol, arena: opts.arena ?? null });
  const total = req.transient + req.steps;
  const flops = flopsPerStep(n, run.k);
  const chunk = Math.max(1, Math.min(MAX_CHUNK, Math.floor(1e7 / flops)));
  for (let done = 0; done < total && !run.finished; ) {
    const c = Math.min(chunk, total - done);
    run.advance(c);
    done += c;
    opts.onChunk?.(done, total, () => req.transient + run.result().expectedSteps);
    if (pace.tick(c * flops)) yield* pace.pause();
  }
  return { family: 'vector', map, result: run.result(), end: Float64Array.from(run.state()), t: run.stepsTaken };
}

/** The λ_max `lyapunov` prints and its standard error (null where there is no number), and whether the orbit diverged. */
export interface LambdaMax {
  lambda: number | null;
  stderr: number | null;
  diverged: boolean;
  /** A map of the line met f′ = 0: λ = −∞, printed as null. */
  superstable: boolean;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function lambdaMaxOf(run: LyapunovRun): LambdaMax {
  if (run.family === '1d') {
    const a = run.analysis;
    // a superstable orbit has λ = −∞: no number (the floor ln 10⁻³⁰⁰ is not one)
    const lambda = a.diverged || a.superstable ? null : finiteOrNull(a.lambda);
    return { lambda, stderr: lambda === null ? null : finiteOrNull(a.stderr), diverged: a.diverged, superstable: a.superstable };
  }
  const r = run.result;
  const finite = spectrumSummary(r.lambdas, r.n, r.diverged || r.steps === 0).finite;
  return {
    lambda: finite ? finiteOrNull(r.lambdas[0]) : null,
    stderr: finite ? finiteOrNull(r.errors.lambdas[0]) : null,
    diverged: r.diverged,
    superstable: false,
  };
}
