/**
 * What the Explore view shows for a vector model, in one call (a worker job):
 * time series of a few units, the twin trajectory's distance, a 2-D phase
 * portrait, λ_max with its convergence, the kind of orbit, and for the random
 * RNN the mean-field variance map with the simulated variances on it. A job
 * (core/job.ts) that pauses in its loops: a wide network with a long λ
 * run takes minutes, and the panels of a 1-D link share its worker.
 */
import { buildMapND, meanFieldSigmas, modelND, type ImportedData, type MapND, type MeanFieldSigmas, type ModelParams } from '../models';
import { SpectrumRun } from '../vector/spectrum';
import { criticalG, meanField, varianceMap } from '../vector/meanField';
import { Rng } from '../linalg/rng';
import { arenaDoubles, createArena, kernelsActive, type Arena } from '../linalg/simd';
import { qrMgsBlockedWork } from '../linalg/qr';
import { NO_PAUSE, pacer, runToEnd, type Job, type Pacer } from '../job';
import { principalPlaneSteps } from '../linalg/pca';
import { stateDiverged } from '../divergence';
import { log10, norm2 } from '../linalg/elementary';

export interface VectorPanelRequest {
  params: ModelParams & { d0: number; T: number; lt: number; ls: number; unit: number };
  imported: ImportedData | null;
  draft?: boolean;
}

export interface MeanFieldView {
  sigmaW2: number;
  sigmaB2: number;
  qStar: number;
  chi1: number;
  lambda: number;
  criticalG: number;
  diverged: boolean;
  /** The variance map sampled: q and F(q). */
  qs: Float64Array;
  Fq: Float64Array;
  /** Cobweb from the simulated initial variance. */
  q0: number;
  /** Simulated variances q_t = σ_w²·mean(h_t²) + σ_b² of the network's first steps (q_{t+1} ≈ F(q_t)). */
  simulated: Float64Array;
}

export type VectorKind = 'fixed point' | 'periodic' | 'chaotic' | 'quasi-periodic' | 'diverged';

export interface VectorPanelResult {
  n: number;
  /** Units shown and their series: values[u·(len) + t]. */
  units: number[];
  values: Float64Array;
  len: number;
  mean: Float64Array;
  /** log₁₀‖h_t − h′_t‖ of the twin started δ₀ away (−Infinity where they coincide). */
  logSep: Float64Array;
  sepTransient: number;
  sepMin: Float64Array;
  sepMax: Float64Array;
  /** Phase portrait after a transient: two coordinates and their names. */
  phase: { xs: Float64Array; ys: Float64Array; xLabel: string; yLabel: string };
  lambda: number;
  /** λ_max's standard error by batch means (NaN if too few steps). */
  lambdaStderr: number;
  lambdaSteps: number;
  traceT: Float64Array;
  trace: Float64Array;
  kind: VectorKind;
  period: number;
  diverged: boolean;
  divergedAt: number;
  meanField: MeanFieldView | null;
}

function finite(x: Float64Array): boolean {
  return !stateDiverged(x);
}

/**
 * A map with two state buffers to step between. With the wasm kernels the map
 * is bound to an arena holding its weights and both buffers, so each step's
 * g·W h runs as SIMD (same bits as the JavaScript step); this panel runs on
 * every frame of a g drag.
 */
interface Stepper {
  map: MapND;
  x: Float64Array;
  nx: Float64Array;
}

/**
 * One arena reused by every job: the panel runs on every frame of a drag,
 * and a new WebAssembly memory per frame costs more (allocation, and the
 * garbage collector reclaiming it) than the frame's arithmetic. A job holds
 * it until it ends (returns no view of it); jobs of one worker interleave, so
 * a second job meanwhile gets an arena of its own.
 */
let scratch: Arena | null = null;
let scratchHeld = false;

function takeScratch(doubles: number): Arena | null {
  if (!kernelsActive()) return null;
  if (scratchHeld) return createArena(doubles);
  scratchHeld = true;
  if (scratch && scratch.capacity >= doubles) {
    scratch.reset();
    return scratch;
  }
  scratch = createArena(doubles);
  return scratch;
}

function releaseScratch(ar: Arena | null): void {
  if (ar && ar === scratch) scratchHeld = false;
}

function stepperFor(map: MapND, ar: Arena | null): Stepper {
  const n = map.n;
  if (!(n >= 8 && map.bind && map.arenaDoubles && ar)) return { map, x: new Float64Array(n), nx: new Float64Array(n) };
  const x = ar.alloc(n);
  const nx = ar.alloc(n);
  return { map: map.bind!(ar), x, nx };
}

/** Run T steps from x0, storing every state (n·(T+1) numbers); stops at divergence. Pauses by steps of n² work. */
function* trajectory(stepper: Stepper, x0: Float64Array, T: number, pace: Pacer, t0 = 0): Job<{ states: Float64Array; len: number }> {
  const { map } = stepper;
  const n = map.n;
  const states = new Float64Array(n * (T + 1));
  states.set(x0, 0);
  let x = stepper.x;
  let nx = stepper.nx;
  x.set(x0.subarray(0, n));
  for (let t = 1; t <= T; t++) {
    map.step(x, nx, t0 + t - 1);
    if (!finite(nx)) return { states, len: t };
    states.set(nx, t * n);
    [x, nx] = [nx, x];
    if (pace.tick(n * n)) yield* pace.pause();
  }
  return { states, len: T + 1 };
}

/** Σ_t (x_t − mean)(x_t − mean)ᵀ over rows from … rows − 1 (symmetric, n × n, row-major). */
/** Smallest p ≤ maxP with max‖h_{t+p} − h_t‖∞ small over the last rows of `states`; 0 if none. */
export function* vectorPeriod(states: Float64Array, n: number, len: number, pace: Pacer, maxP = 64): Job<number> {
  const window = Math.min(len, 4 * maxP);
  const start = len - window;
  let scale = 1;
  for (let i = start * n; i < len * n; i++) scale = Math.max(scale, Math.abs(states[i]));
  const tol = 1e-7 * scale;
  for (let p = 1; p <= Math.min(maxP, Math.floor(window / 2)); p++) {
    let ok = true;
    for (let t = start; t + p < len && ok; t++)
      for (let i = 0; i < n; i++)
        if (Math.abs(states[(t + p) * n + i] - states[t * n + i]) > tol) {
          ok = false;
          break;
        }
    if (ok) return p;
    if (pace.tick(window * n)) yield* pace.pause();
  }
  return 0;
}

function meanFieldView(p: ModelParams, sigmas: MeanFieldSigmas, map: MapND, x0: Float64Array, N = 240): MeanFieldView {
  const { sigmaW2, sigmaB2 } = sigmas;
  const mf = meanField(p.act, sigmaW2, sigmaB2);
  // σ_w² = g²·(law): the critical g for this law and bias
  const lawS2 = p.g > 0 ? sigmaW2 / (p.g * p.g) : sigmas.lawSigma2;
  const gc = criticalG(p.act, lawS2, sigmaB2);
  const F = varianceMap(p.act, sigmaW2, sigmaB2);
  // The simulated counterpart of q: the variance the next pre-activations would have,
  // q_t = σ_w²·mean(h_t²) + σ_b². Mean-field theory says q_{t+1} ≈ F(q_t).
  const n = map.n;
  const steps = 40;
  const sim = new Float64Array(steps);
  let x: Float64Array = Float64Array.from(x0);
  let nx: Float64Array = new Float64Array(n);
  for (let t = 0; t < steps; t++) {
    map.step(x, nx, t);
    let h2 = 0;
    for (let i = 0; i < n; i++) h2 += x[i] * x[i];
    sim[t] = (sigmaW2 * h2) / n + sigmaB2;
    [x, nx] = [nx, x];
    if (!finite(x)) break;
  }
  const q0 = sim[0];
  const qMax = Math.max(1, 1.3 * (Number.isFinite(mf.qStar) ? mf.qStar : 0), 1.3 * q0, ...Array.from(sim).map((v) => 1.1 * v));
  const qs = new Float64Array(N);
  const Fq = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    qs[i] = (qMax * i) / (N - 1);
    Fq[i] = F(qs[i]);
  }
  return { sigmaW2, sigmaB2, qStar: mf.qStar, chi1: mf.chi1, lambda: mf.lambda, criticalG: gc, diverged: mf.diverged, qs, Fq, q0, simulated: sim };
}

export function computeVectorPanel(req: VectorPanelRequest): VectorPanelResult {
  return runToEnd(vectorPanelJob(req, NO_PAUSE));
}

/** The Explore panels' job for a vector model (core/job.ts). */
export function* vectorPanelJob(req: VectorPanelRequest, pace: Pacer = pacer()): Job<VectorPanelResult> {
  const p = req.params;
  const map = buildMapND(p, req.imported);
  const sigmas = meanFieldSigmas(p, req.imported);
  const x0 = map.initialState();
  const T = Math.max(1, Math.round(p.T));

  // room for the stepper (two states and the bound weights) and the λ_max run (k = 1, same map)
  const mapDoubles = map.arenaDoubles?.() ?? 0;
  const nn = map.n;
  const ar = nn >= 8 ? takeScratch(arenaDoubles(nn, nn) + mapDoubles + arenaDoubles(nn, nn, nn, nn, 1, 1, qrMgsBlockedWork(1)) + mapDoubles) : null;
  try {
    return yield* vectorPanelSteps(req, map, sigmas, x0, T, ar, pace);
  } finally {
    releaseScratch(ar);
  }
}

function* vectorPanelSteps(req: VectorPanelRequest, map: MapND, sigmas: MeanFieldSigmas | null, x0: Float64Array, T: number, ar: Arena | null, pace: Pacer): Job<VectorPanelResult> {
  const p = req.params;
  const n = map.n;
  const stepper = stepperFor(map, ar);
  // the shown trajectory and its twin, δ₀ away along a random unit direction
  // (along one axis the offset can sit in a contracting direction and vanish in rounding)
  const tr = yield* trajectory(stepper, x0, T, pace);
  const y0 = Float64Array.from(x0);
  const dir = new Rng(991).normals(n);
  const dn = norm2(dir);
  for (let i = 0; i < n; i++) y0[i] += (p.d0 * dir[i]) / dn;
  const tw = yield* trajectory(stepper, y0, T, pace);
  const len = Math.min(tr.len, tw.len);
  const units = [...new Set([p.unit, (p.unit + 1) % n, (p.unit + 2) % n, (p.unit + 3) % n])].slice(0, Math.min(4, n));
  const values = new Float64Array(units.length * tr.len);
  units.forEach((u, j) => {
    for (let t = 0; t < tr.len; t++) values[j * tr.len + t] = tr.states[t * n + u];
  });
  const mean = new Float64Array(tr.len);
  for (let t = 0; t < tr.len; t++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += tr.states[t * n + i];
    mean[t] = s / n;
    if (pace.tick(n)) yield* pace.pause();
  }
  const logSep = new Float64Array(len);
  for (let t = 0; t < len; t++) {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const e = tr.states[t * n + i] - tw.states[t * n + i];
      d += e * e;
    }
    logSep[t] = log10(Math.sqrt(d));
    if (pace.tick(n)) yield* pace.pause();
  }
  const sepTransient = Math.min(len, Math.floor(T / 4));
  const sepMin = new Float64Array(Math.max(0, len - sepTransient));
  const sepMax = new Float64Array(Math.max(0, len - sepTransient));
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = sepTransient; t < len; t++) {
    lo = Math.min(lo, logSep[t]);
    hi = Math.max(hi, logSep[t]);
    sepMin[t - sepTransient] = lo;
    sepMax[t - sepTransient] = hi;
  }

  // λ_max (one tangent vector) after the λ transient; the tail gives the period and the phase portrait
  // a draft (every frame of a drag) keeps to a few ms for N = 64; the final run on release uses lt, ls
  const transient = Math.max(0, Math.round(req.draft ? Math.min(p.lt, 150) : p.lt));
  const steps = Math.max(1, Math.round(req.draft ? Math.min(p.ls, 450) : p.ls));
  const run = new SpectrumRun(map, x0, { k: 1, transient, steps, traceLength: 100, arena: ar });
  // in chunks of ~10⁵ flops (the run does not depend on how its steps are split)
  const chunk = Math.max(1, Math.floor(1e5 / (n * n)));
  while (!run.finished) {
    run.advance(chunk);
    if (pace.tick(chunk * n * n)) yield* pace.pause();
  }
  const sr = run.result();
  const tailLen = Math.min(3000, Math.max(200, req.draft ? 300 : 3000));
  const tail = sr.diverged ? { states: new Float64Array(0), len: 0 } : yield* trajectory(stepper, run.state(), tailLen, pace, transient + steps);
  const period = tail.len > 8 ? yield* vectorPeriod(tail.states, n, tail.len, pace) : 0;
  let phase: VectorPanelResult['phase'];
  if (tail.len < 2) phase = { xs: new Float64Array(0), ys: new Float64Array(0), xLabel: '', yLabel: '' };
  else if (n === 2) {
    const xs = new Float64Array(tail.len);
    const ys = new Float64Array(tail.len);
    for (let t = 0; t < tail.len; t++) {
      xs[t] = tail.states[2 * t];
      ys[t] = tail.states[2 * t + 1];
    }
    const names = modelND(p.model).coordinates;
    phase = { xs, ys, xLabel: names?.[0] ?? 'unit 1', yLabel: names?.[1] ?? 'unit 2' };
  } else {
    const pc = yield* principalPlaneSteps(tail.states, n, tail.len, 0, pace);
    const xs = new Float64Array(tail.len);
    const ys = new Float64Array(tail.len);
    for (let t = 0; t < tail.len; t++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < n; i++) {
        const d = tail.states[t * n + i] - pc.mean[i];
        a += d * pc.v1[i];
        b += d * pc.v2[i];
      }
      xs[t] = a;
      ys[t] = b;
      if (pace.tick(2 * n)) yield* pace.pause();
    }
    phase = { xs, ys, xLabel: 'PC 1', yLabel: 'PC 2' };
  }
  const diverged = sr.diverged || tr.len < T + 1;
  const kind: VectorKind = diverged ? 'diverged' : period === 1 ? 'fixed point' : period > 1 ? 'periodic' : sr.lambdas[0] > 1e-3 ? 'chaotic' : 'quasi-periodic';
  return {
    n,
    units,
    values,
    len: tr.len,
    mean,
    logSep,
    sepTransient,
    sepMin,
    sepMax,
    phase,
    lambda: sr.lambdas[0],
    lambdaStderr: sr.errors.lambdas[0],
    lambdaSteps: sr.steps,
    traceT: sr.traceT,
    trace: sr.traceL,
    kind,
    period,
    diverged,
    divergedAt: tr.len < T + 1 ? tr.len : -1,
    meanField: sigmas ? meanFieldView(p, sigmas, map, x0, req.draft ? 120 : 240) : null,
  };
}
