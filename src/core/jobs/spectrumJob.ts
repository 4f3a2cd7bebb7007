/**
 * The Lyapunov spectrum as a progressive job: λ_max first (one tangent
 * vector, O(N²) per step), then the top exponents, then the whole spectrum
 * (O(N³) per step), each stage reporting running estimates. A job
 * (core/job.ts): it yields after every chunk of steps (sized to fill a
 * slice) and yields its running estimates when they are due for a report.
 */
import { buildMapND, meanFieldSigmas, type ImportedData, type ModelParams } from '../models';
import { SpectrumRun, twoTrajectorySteps, type SpectrumResult } from '../vector/spectrum';
import { criticalG, meanField } from '../vector/meanField';
import { kernelInfo } from '../linalg/simd';
import { SLICE_MS, clockNow, pacer, type Job } from '../job';
import { costCap } from '../runLength';

export interface SpectrumJobRequest {
  /** ls: the steps averaged, or with tol > 0 the cap (core/runLength.ts). */
  params: ModelParams & { lt: number; ls: number; tol: number; nk: number };
  imported: ImportedData | null;
  /** While a slider is dragged: λ_max only, over fewer steps. */
  draft?: boolean;
}

export type SpectrumStage = 'lambda-max' | 'top' | 'full' | 'done';

export interface SpectrumJobResult {
  n: number;
  /** The stage running (or 'done'). */
  stage: SpectrumStage;
  /** Fraction of the running stage done. */
  stageProgress: number;
  lambdaMax: SpectrumResult | null;
  top: SpectrumResult | null;
  full: SpectrumResult | null;
  /** Exponents asked for in the last stage. */
  kTop: number;
  kFull: number;
  twoTrajectory: { lambda: number; steps: number; diverged: boolean } | null;
  meanField: { lambda: number; chi1: number; qStar: number; criticalG: number } | null;
  /** Estimated seconds left for the whole job (from the speed measured so far). */
  etaSeconds: number;
  elapsedSeconds: number;
  /**
   * Why the stage running had the kernels it has (each stage's result carries
   * `kernels`): kernelInfo().reason when the run started, e.g. 'installed' or
   * 'WebAssembly SIMD unavailable'.
   */
  kernelsReason: string;
}

/** The job's clock: chunks of steps are sized to fill a slice of `sliceMs`; reports every `reportMs`. */
export interface SpectrumClock {
  now(): number;
  sliceMs?: number;
  /** Milliseconds between partial reports (default 120). */
  reportMs?: number;
}

const WALL_CLOCK: SpectrumClock = { now: clockNow };

/** Arithmetic per step with k tangent vectors (the Jacobian product and the QR). */
export function flopsPerStep(n: number, k: number): number {
  return 2 * n * n * k + 2 * n * k * k + 2 * n * n;
}

/**
 * The spectrum job: yields after every chunk of steps, and its running result
 * (one object, updated in place) when a report is due: every reportMs, and at
 * once when λ_max is known.
 */
export function* spectrumJob(req: SpectrumJobRequest, clock: SpectrumClock = WALL_CLOCK): Job<SpectrumJobResult, SpectrumJobResult> {
  const sliceMs = clock.sliceMs ?? SLICE_MS;
  const p = req.params;
  const map = buildMapND(p, req.imported);
  const n = map.n;
  const x0 = map.initialState();
  const transient = Math.max(0, Math.round(p.lt));
  const steps = Math.max(10, Math.round(req.draft ? Math.min(p.ls, 2000) : p.ls));
  // while dragging: a short fixed run; otherwise each stage may stop at the tolerance
  const tol = req.draft ? 0 : Math.max(0, p.tol);
  const kFull = p.nk > 0 ? Math.min(n, p.nk) : n;
  const kTop = Math.min(kFull, 8);
  const stages: { name: SpectrumStage; k: number }[] = [{ name: 'lambda-max', k: 1 }];
  if (kTop > 1 && !req.draft) stages.push({ name: 'top', k: kTop });
  if (kFull > kTop && !req.draft) stages.push({ name: 'full', k: kFull });

  let mf: SpectrumJobResult['meanField'] = null;
  const sigmas = meanFieldSigmas(p, req.imported);
  if (sigmas) {
    const { sigmaW2, sigmaB2 } = sigmas;
    const m = meanField(p.act, sigmaW2, sigmaB2);
    const lawS2 = p.g > 0 ? sigmaW2 / (p.g * p.g) : sigmas.lawSigma2;
    mf = { lambda: m.lambda, chi1: m.chi1, qStar: m.qStar, criticalG: criticalG(p.act, lawS2, sigmaB2) };
  }

  const start = clock.now();
  const reportMs = clock.reportMs ?? 120;
  let lastReport = start;
  let doneFlops = 0;
  const out: SpectrumJobResult = {
    n,
    stage: 'lambda-max',
    stageProgress: 0,
    lambdaMax: null,
    top: null,
    full: null,
    kTop,
    kFull,
    twoTrajectory: null,
    meanField: mf,
    etaSeconds: NaN,
    elapsedSeconds: 0,
    kernelsReason: kernelInfo().reason,
  };
  // seconds left: the flops still to do at the speed so far; a stage with a
  // tolerance is expected to take as long as its errors say, later stages as long
  const eta = (stage: number, taken: number, expected: number) => {
    const el = (clock.now() - start) / 1000;
    if (!(doneFlops > 0)) return NaN;
    let left = Math.max(0, transient + expected - taken) * flopsPerStep(n, stages[stage].k);
    for (let j = stage + 1; j < stages.length; j++) left += (transient + expected) * flopsPerStep(n, stages[j].k);
    return (el * left) / doneFlops;
  };

  for (let si = 0; si < stages.length; si++) {
    const st = stages[si];
    out.stage = st.name;
    // with a tolerance, a stage of many exponents is capped by its cost too
    const len = costCap({ steps, tol }, flopsPerStep(n, st.k));
    const run = new SpectrumRun(map, x0, { k: st.k, transient, steps: len.steps, tol, sumRule: st.k === n, traceLength: 100 });
    out.kernelsReason = kernelInfo().reason;
    let taken = 0;
    let expected = len.steps;
    // a chunk of steps that fits the time slice, adapted as we go
    let chunk = Math.max(1, Math.floor(2e6 / flopsPerStep(n, st.k)));
    while (!run.finished) {
      const t0 = clock.now();
      run.advance(chunk);
      doneFlops += (run.stepsTaken - taken) * flopsPerStep(n, st.k);
      taken = run.stepsTaken;
      const dt = clock.now() - t0;
      if (dt > 0) chunk = Math.max(1, Math.min(100000, Math.round((chunk * sliceMs) / dt)));
      const r = run.result();
      if (st.name === 'lambda-max') out.lambdaMax = r;
      else if (st.name === 'top') out.top = r;
      else out.full = r;
      expected = r.expectedSteps;
      out.stageProgress = run.finished ? 1 : taken / (transient + expected);
      if (clock.now() - lastReport > reportMs && r.steps > 0) {
        lastReport = clock.now();
        out.elapsedSeconds = (lastReport - start) / 1000;
        out.etaSeconds = eta(si, taken, expected);
        yield out;
      } else yield undefined;
    }
    if (st.name === 'lambda-max') {
      // the two-trajectory cross-check (cheap: two state updates per step)
      // over the steps λ_max took (a stage with a tolerance may stop early)
      out.twoTrajectory = yield* twoTrajectorySteps(map, x0, transient, Math.min(run.hasDiverged ? steps : run.stepsDone, 20000), pacer(clock.now));
      // the first estimate goes out at once (within a fraction of a second for N ≤ 64)
      out.elapsedSeconds = (clock.now() - start) / 1000;
      out.etaSeconds = eta(si, taken, expected);
      lastReport = clock.now();
      yield out;
      if (out.lambdaMax?.diverged) break;
    }
  }
  out.stage = 'done';
  out.stageProgress = 1;
  out.elapsedSeconds = (clock.now() - start) / 1000;
  out.etaSeconds = 0;
  return out;
}

export interface SizeScanRequest {
  params: ModelParams;
  sizes: number[];
  transient: number;
  steps: number;
}

export interface SizeScanResult {
  sizes: number[];
  /** Full spectra per size (λ₁ … λ_N), in the order of sizes; null while not yet computed. */
  spectra: (Float64Array | null)[];
  done: boolean;
}

/**
 * Full spectra of the same random network law at several sizes N (same g, law,
 * φ, σ_b, seed): λᵢ against i/N collapses onto one curve (Engelken et al. 2020).
 */
export function* sizeScanJob(req: SizeScanRequest, clock: SpectrumClock = WALL_CLOCK): Job<SizeScanResult, SizeScanResult> {
  const sliceMs = clock.sliceMs ?? SLICE_MS;
  const out: SizeScanResult = { sizes: req.sizes, spectra: req.sizes.map(() => null), done: false };
  for (let s = 0; s < req.sizes.length; s++) {
    const n = req.sizes[s];
    const map = buildMapND({ ...req.params, k: n }, null);
    const run = new SpectrumRun(map, map.initialState(), { k: n, transient: req.transient, steps: req.steps, sumRule: false });
    let chunk = Math.max(1, Math.floor(2e6 / flopsPerStep(n, n)));
    while (!run.finished) {
      const t0 = clock.now();
      run.advance(chunk);
      const dt = clock.now() - t0;
      if (dt > 0) chunk = Math.max(1, Math.round((chunk * sliceMs) / dt));
      yield undefined;
    }
    out.spectra[s] = run.result().lambdas;
    // every size is reported (the driver forwards each: reportMs 0)
    yield out;
  }
  out.done = true;
  return out;
}
