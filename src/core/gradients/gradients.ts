/**
 * The gradient meter as one job (Paper A): λ_max first, then the meter window
 * by window (meterRun.ts), then BPTT's loss-gradient norms of the model and of
 * a contracting reference on data that continue the same orbit.
 */
import { buildMap, buildMapND, contractingReference, diffSetup, isModel1D, type DiffModel } from '../models';
import { LambdaRun1D } from '../map1d/lambda';
import { SpectrumRun } from '../vector/spectrum';
import { BPTT_NOISE, bpttCurveSteps, makeData } from './bptt';
import { pacer, runToEnd, type Job } from '../job';
import { MeterRun, sampleHorizons, type MeterSystem } from './meterRun';
import { lsqSlope, logKeep, meterStats } from './meterStats';
import { REFERENCE_TRANSIENT, planGradients, productStepFlops, type BpttView, type GradientModel, type GradientRequest, type GradientResult } from './gradientPlan';
import { exp } from '../linalg/elementary';

function systemOf(m: GradientModel): MeterSystem {
  if (!isModel1D(m.params.model)) {
    const map = buildMapND(m.params, m.imported);
    return { kind: 'nd', map, x0: map.initialState() };
  }
  return { kind: '1d', map: buildMap(m.params, m.imported), x0: m.params.x0 };
}

/**
 * ln‖∂L_T/∂θ‖ for the lengths Ts on the model's own noisy orbit from x0 (at map
 * time t0) after `transient` steps (NaN if the orbit diverges).
 */
export function bpttNorms(model: DiffModel, x0: Float64Array, t0: number, transient: number, Ts: Float64Array, tau: number, alpha: number): Float64Array {
  return runToEnd(bpttNormsSteps(model, x0, t0, transient, Ts, tau, alpha));
}

function* bpttNormsSteps(model: DiffModel, x0: Float64Array, t0: number, transient: number, Ts: Float64Array, tau: number, alpha: number): Job<Float64Array> {
  const Tmax = Ts[Ts.length - 1];
  const data = makeData(model, x0, transient, Tmax, BPTT_NOISE, 2024, t0);
  if (!data) return new Float64Array(Ts.length).fill(NaN);
  yield undefined;
  return yield* bpttCurveSteps(model, data.y, Ts, { tau, alpha, t0: data.t0 });
}

/**
 * The whole job as steps: each `yield` is a point where a worker may give the
 * thread back; a yielded result is a partial report (undefined: nothing new).
 * λ_max first (for the line; its orbit's end is where the meter starts), then
 * the meter window by window, with the BPTT panel after the first window (on
 * data that continue the same orbit).
 */
export function* gradientSteps(req: GradientRequest, now: () => number = () => Date.now()): Job<GradientResult, GradientResult> {
  const start = now();
  const pace = pacer(now);
  const draft = req.draft ?? false;
  const sys = systemOf(req.model);
  const n = sys.kind === 'nd' ? sys.map.n : 1;
  const plan = planGradients(req, n);
  const { k, H, windows, lt, ls, Ts } = plan;
  const tau = Math.max(0, Math.round(req.tau));
  const alpha = Math.min(1, Math.max(0, req.alpha));
  const total = plan.flops.lambda + plan.flops.meter + plan.flops.bptt;
  let lambdaMax = NaN;
  let lambdaMaxStderr = NaN;
  let bptt: BpttView | null = null;
  let stage: GradientResult['stage'] = 'lambda';
  let doneWork = 0;
  let diverged = false;
  let run: MeterRun | null = null;

  const result = (): GradientResult => {
    const w = run ? run.windowsDone : 0;
    const fitFrom = Math.max(1, Math.ceil(H / 2));
    const stats = run && w > 0 ? meterStats(run.curves, H, w, tau, alpha, fitFrom) : null;
    const nan = () => new Float64Array(H).fill(NaN);
    const svH = run ? Int32Array.from(run.svH) : sampleHorizons(H, plan.svSamples);
    const svCount = svH.length;
    const sv = new Float64Array(svCount * k).fill(NaN);
    if (run && run.svWindowsDone > 0) for (let i = 0; i < sv.length; i++) sv[i] = run.svSum[i] / run.svWindowsDone;
    const svSlopes = new Float64Array(k);
    const col = new Float64Array(svCount);
    for (let i = 0; i < k; i++) {
      for (let s = 0; s < svCount; s++) col[s] = sv[s * k + i];
      svSlopes[i] = lsqSlope(svH, col, fitFrom, H);
    }
    let ftMean = NaN;
    let ftSd = NaN;
    if (run && w > 0) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < w; i++) {
        const v = run.curves[i * H + H - 1] / H;
        s += v;
        s2 += v * v;
      }
      ftMean = s / w;
      ftSd = w > 1 ? Math.sqrt(Math.max(0, (s2 - w * ftMean * ftMean) / (w - 1))) : NaN;
    }
    const hs = Float64Array.from({ length: H }, (_, i) => i + 1);
    const lm = lambdaMax;
    return {
      model: req.model.params.model,
      n,
      k,
      fullSet: k === n,
      H,
      windows,
      windowsAsked: plan.windowsAsked,
      windowsDone: w,
      svWindows: run ? run.svWindowsDone : 0,
      tau,
      alpha,
      logNorm: stats ? stats.mean : nan(),
      bandLo: stats ? stats.lo : nan(),
      bandHi: stats ? stats.hi : nan(),
      bandKind: stats ? stats.bandKind : 'minmax',
      free: stats ? stats.free : nan(),
      slope: stats ? lsqSlope(hs, stats.mean, fitFrom, H) : NaN,
      freeSlope: stats ? lsqSlope(hs, stats.free, fitFrom, H) : NaN,
      slopeStderr: stats ? stats.slopeStderr : NaN,
      freeSlopeStderr: stats ? stats.freeSlopeStderr : NaN,
      fitFrom,
      svH,
      sv,
      svSlopes,
      lambdaMax: lm,
      lambdaMaxStderr,
      lambdaSteps: ls,
      tauPred: lm > 0 ? Math.LN2 / lm : NaN,
      scaling: tau > 0 && lm > 0 ? tau * (lm + (alpha > 0 ? logKeep(alpha) : 0)) : NaN,
      alphaFlat: lm > 0 ? 1 - exp(-lm) : NaN,
      finiteTime: { mean: ftMean, sd: ftSd },
      bptt,
      diverged: diverged || (run?.diverged ?? false),
      singular: run?.singular ?? false,
      draft,
      stage,
      progress: total > 0 ? Math.min(1, doneWork / total) : 1,
      elapsedSeconds: (now() - start) / 1000,
    };
  };

  // 1. λ_max: QR with one tangent vector (vector maps), mean ln|f′| (1-D)
  let meterStart: MeterSystem;
  let t0 = lt + ls;
  if (sys.kind === 'nd') {
    const spec = new SpectrumRun(sys.map, sys.x0, { k: 1, transient: lt, steps: ls, traceLength: 2 });
    const per = Math.max(1, Math.floor(2e6 / (4 * n * n)));
    let done = 0;
    while (!spec.finished) {
      spec.advance(per);
      done += per;
      doneWork = (plan.flops.lambda * Math.min(done, lt + ls)) / (lt + ls);
      yield undefined;
    }
    const r = spec.result();
    diverged = r.diverged;
    lambdaMax = r.diverged ? NaN : r.lambdas[0];
    lambdaMaxStderr = r.diverged ? NaN : r.errors.lambdas[0];
    meterStart = { kind: 'nd', map: sys.map, x0: Float64Array.from(spec.state()) };
  } else {
    // the one 1-D λ loop (map1d/lambda.ts), in pieces of 128 steps so the job may pause
    const run = new LambdaRun1D(sys.map, sys.x0);
    for (let t = 0; t < lt + ls && !run.diverged; t += 128) {
      const n = Math.min(128, lt + ls - t);
      const skip = Math.max(0, Math.min(n, lt - t));
      if (run.skip(skip)) run.advance(n - skip);
      if (pace.tick(n)) yield* pace.pause();
    }
    diverged = run.diverged;
    lambdaMax = run.lambda;
    lambdaMaxStderr = run.stderr;
    meterStart = { kind: '1d', map: sys.map, x0: run.x };
  }
  doneWork = plan.flops.lambda;
  if (diverged) {
    stage = 'done';
    return result();
  }
  stage = 'meter';
  // 2. the meter (from where λ_max's orbit ended: already on the attractor), window by window
  run = new MeterRun(meterStart, { horizon: H, windows, transient: 0, t0, svWindows: plan.svWindows, svSamples: plan.svSamples, frameK: k });
  yield result();
  const chunkFor = (direct: boolean) => Math.max(1, Math.floor(2e6 / productStepFlops(n, k, direct)));
  let reported = 0;
  let bpttDone = false;
  while (!run.finished) {
    const before = run.unitsDone;
    run.advance(chunkFor(!run.inQrForm(run.windowsDone)));
    doneWork = plan.flops.lambda + (plan.flops.meter * run.unitsDone) / run.totalUnits + (bpttDone ? plan.flops.bptt : 0);
    if (run.windowsDone > reported) {
      reported = run.windowsDone;
      yield result();
      if (!bpttDone) {
        // 3. BPTT once the first window is on screen, on data continuing the orbit
        bpttDone = true;
        stage = 'bptt';
        const here = run.state();
        t0 = here.t;
        bptt = yield* bpttStage(req, Ts, tau, alpha, here.x, t0);
        doneWork += plan.flops.bptt;
        stage = 'meter';
        yield result();
      }
    } else if (run.unitsDone > before) yield undefined;
  }
  stage = 'done';
  doneWork = total;
  return result();
}

function* bpttStage(req: GradientRequest, Ts: Float64Array, tau: number, alpha: number, x: Float64Array, t0: number): Generator<undefined, BpttView> {
  const ref = contractingReference(req.model.params, req.model.imported);
  const cur = diffSetup(req.model.params, req.model.imported, null);
  yield undefined;
  const current = yield* bpttNormsSteps(cur.model, x, t0, 0, Ts, tau, alpha);
  yield undefined;
  const refModel = diffSetup(req.model.params, req.model.imported, ref.at);
  const reference = yield* bpttNormsSteps(refModel.model, refModel.x0, 0, REFERENCE_TRANSIENT, Ts, tau, alpha);
  return { T: Ts, current, reference, thetaLabel: cur.model.thetaLabel, referenceLabel: ref.label, noise: BPTT_NOISE, tau, alpha };
}

/** The whole job in one call (CLI, tests). */
export function computeGradients(req: GradientRequest): GradientResult {
  return runToEnd(gradientSteps(req));
}
