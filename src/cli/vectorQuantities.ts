/**
 * The CLI's quantities of the vector models (rnn, plrnn, henon): orbit (the
 * states h₀ … h_T), lyapunov (the spectrum, its summary, the two-trajectory
 * check and the mean-field theory) and eigen (the matrix's spectrum and the
 * fixed points' Jacobians), from the same core as the app's workers.
 */
import { meanFieldSigmas, stateDimension, type MeanFieldSigmas } from '../core/models';
import type { Params } from '../params/spec';
import { spectrumSummary, twoTrajectoryLambda } from '../core/vector/spectrum';
import { criticalG, meanField } from '../core/vector/meanField';
import { computeEigenView } from '../core/vector/eigen';
import { eigenRequest, lyapunovRequest, modelParams } from '../params/requests';
import type { StopReason } from '../core/runLength';
import { lyapunovJob } from '../core/jobs/lyapunovJob';
import { NO_PAUSE, runToEnd } from '../core/job';
import { UsageError, type CliArgs } from './args';
import { stateHash, stateWithRunSettings, type RunState } from './state';
import { stateDiverged } from '../core/divergence';
import { PROGRESS_EVERY_MS, PROGRESS_FIRST_MS, familyNames, finiteOrNull, vectorMap, type Progress } from './quantitySupport';

/** orbit of a vector model (rnn, plrnn, henon): the states h₀ … h_T. */
export interface OrbitNDOutput {
  /** states[t] = h_t (N numbers); states[0] = the initial state. */
  states: number[][];
  /** Units N. */
  n: number;
  diverged: boolean;
  /** Index of the first state beyond the bound (states has exactly that many). */
  divergedAt?: number;
  steps: number;
  state: string;
}

export interface MeanFieldOutput {
  /** Fixed point q* of the variance map (null if it diverges). */
  qStar: number | null;
  chi1: number | null;
  /** ½ ln χ₁ per step: the mean-field λ_max. */
  lambda: number | null;
  /** The g at which χ₁ = 1 for this φ, law and σ_b (null if none in (0, 20]). */
  criticalG: number | null;
  /** σ_w² = g²·N·Var(Wᵢⱼ) and σ_b² used. */
  sigmaW2: number;
  sigmaB2: number;
  /** Where σ_w² and σ_b² come from. */
  source: 'law' | 'imported';
  /** The variance map has no finite fixed point (unbounded φ, σ_w² too large): q*, χ₁, λ are null. */
  diverged: boolean;
  notes: string[];
}

/** lyapunov of a vector model: the spectrum. */
export interface LyapunovNDOutput {
  /** λ₁ ≥ … ≥ λ_k per step (natural log); null where not finite. */
  exponents: (number | null)[];
  /** The standard error of each exponent by batch means over the run (null while the run is too short to tell). */
  stderr: (number | null)[];
  lambdaMax: number | null;
  /** Steps averaged (with ls = auto: until every standard error was below tol, or the cap). */
  steps: number;
  transient: number;
  /** With ls = auto, the tolerance on every exponent's standard error (null for a fixed length). */
  tol: number | null;
  /** 'steps' (fixed length), 'tol' (every error below tol), 'cap' (ls = auto reached the cap first); null if diverged. */
  stopped: StopReason | null;
  /** Exponents computed (k) and units (N). */
  k: number;
  n: number;
  positive: number;
  /** Kaplan–Yorke dimension (null when the k exponents computed do not reach a negative sum, k < N). */
  kaplanYorke: number | null;
  /** Its standard error, propagated from the exponents' (the delta method on the same batches). */
  kaplanYorkeStderr: number | null;
  /** Σ λ⁺ (a lower bound when k < N and λ_k > 0). */
  entropy: number | null;
  entropyStderr: number | null;
  /** ln 2 / λ_max steps (null unless λ_max > 0). */
  predictabilityTime: number | null;
  /** λ_max by two nearby trajectories (renormalised every step), the same transient and steps. */
  twoTrajectory: number | null;
  /** Full spectrum only: Σλᵢ and ⟨ln|det J|⟩ along the same orbit (they must agree). */
  sumRule?: { sum: number | null; meanLogDet: number | null };
  meanField?: MeanFieldOutput;
  diverged: boolean;
  /** A Jacobian was singular on the way (ReLU units off): the smallest exponents are floored. */
  singular: boolean;
  state: string;
}

export interface EigenFixedPointOutput {
  point: number[];
  norm: number;
  residual: number;
  origin: boolean;
  /** ρ(J(h*)), null when not computed (N > jacobianEigenMaxN). */
  spectralRadius: number | null;
  unstableDims: number | null;
  stability: string;
  eigenvalues: { re: number[]; im: number[] } | null;
  from: string[];
}

export interface EigenOutput {
  /** Eigenvalues of the recurrent matrix (empty for Hénon), by modulus. */
  re: number[];
  im: number[];
  spectralRadius: number | null;
  /** ‖·‖₂ of the matrix. */
  norm2: number | null;
  /** Which matrix: "gW" (RNN), "g(diag(A) + W)" (PLRNN); null for Hénon. */
  matrix: string | null;
  circularLaw: { radius: number; kind: string; formula: string } | null;
  /** PLRNN: the spectrum of gW alone. */
  offDiagonal?: { re: number[]; im: number[]; spectralRadius: number };
  fixedPoints: EigenFixedPointOutput[];
  starts: { name: string; outcome: string; iterations: number; residual: number | null; fixedPoint: number }[];
  failed: number;
  singular: number;
  jacobianEigenMaxN: number;
  n: number;
  g: number;
  model: string;
  notes: string[];
  state: string;
}

/** Largest vector orbit printed: (T + 1)·N numbers (as the 1-D orbit's 10⁷). */
export const MAX_ORBIT_NUMBERS = 1e7;

export function computeOrbitND(s: RunState, stepsArg: number | null): OrbitNDOutput {
  const steps = stepsArg ?? s.params.T;
  const map = vectorMap(s);
  const n = map.n;
  if ((steps + 1) * n > MAX_ORBIT_NUMBERS) {
    throw new UsageError(`an orbit of ${steps} steps of ${n} units is ${(steps + 1) * n} numbers; at most ${MAX_ORBIT_NUMBERS} are printed (lower --steps)`);
  }
  const p = stateWithRunSettings(s, { T: steps });
  let x: Float64Array = map.initialState();
  let next: Float64Array = new Float64Array(n);
  const states: number[][] = [Array.from(x)];
  let divergedAt = -1;
  for (let t = 0; t < steps; t++) {
    map.step(x, next, t); // t: the input u_t of an input-driven RNN
    [x, next] = [next, x];
    if (stateDiverged(x)) {
      divergedAt = t + 1;
      break;
    }
    states.push(Array.from(x));
  }
  const out: OrbitNDOutput = { states, n, diverged: divergedAt >= 0, steps, state: stateHash(s, p) };
  if (divergedAt >= 0) out.divergedAt = divergedAt;
  return out;
}

/** The mean-field theory of the state's random network (σ_w², σ_b² from the law, or measured on imported weights). */
function meanFieldOf(s: RunState, m: MeanFieldSigmas): MeanFieldOutput {
  const source = s.imported ? 'imported' : 'law';
  const mf = meanField(s.params.act, m.sigmaW2, m.sigmaB2);
  const notes: string[] = [];
  if (s.params.wl === 'orth' && source === 'law') notes.push('An orthogonal W is not i.i.d.: the mean field uses its N·Var(Wᵢⱼ) = 1, an approximation.');
  if (s.params.inp !== 'none') notes.push('The mean field ignores the input u_t.');
  return {
    qStar: mf.diverged ? null : finiteOrNull(mf.qStar),
    chi1: mf.diverged ? null : finiteOrNull(mf.chi1),
    lambda: mf.diverged ? null : finiteOrNull(mf.lambda),
    criticalG: finiteOrNull(criticalG(s.params.act, m.lawSigma2, m.sigmaB2)),
    sigmaW2: m.sigmaW2,
    sigmaB2: m.sigmaB2,
    source,
    diverged: mf.diverged,
    notes,
  };
}

export function computeLyapunovND(s: RunState, args: Pick<CliArgs, 'steps' | 'transient' | 'exponents'>, progress?: Progress): LyapunovNDOutput {
  // --steps: a fixed length; otherwise the link's ls (auto: up to the cap, stopping at tol)
  const n = stateDimension(modelParams(s.params), s.imported);
  const kArg = args.exponents ?? s.params.nk;
  if (kArg > n) throw new UsageError(`--exponents must be between 0 and ${n} for this model (N = ${n} units; 0 means all)`);
  const req = lyapunovRequest(s.params, s.imported, args);
  const { transient, k } = req;
  const steps = req.steps;
  const patch: Partial<Params> = { ls: args.steps ?? s.params.ls, lt: transient };
  if (args.exponents !== null) patch.nk = args.exponents;
  const p = stateWithRunSettings(s, patch);

  const t0 = Date.now();
  let nextReport = t0 + PROGRESS_FIRST_MS;
  const onChunk = (done: number, total: number, expectedSteps: () => number) => {
    const now = Date.now();
    if (progress && now >= nextReport && done < total) {
      const expected = expectedSteps();
      if (expected <= done) return;
      const left = ((now - t0) * (expected - done)) / done;
      progress(`lyapunov: ${done} / ${req.tol > 0 ? `about ${expected}` : total} steps (${Math.floor((100 * done) / total)} %), ${Math.round((now - t0) / 1000)} s elapsed, about ${Math.round(left / 1000)} s left`);
      nextReport = now + PROGRESS_EVERY_MS;
    }
  };
  const run = runToEnd(lyapunovJob(req, NO_PAUSE, { onChunk }));
  if (run.family !== 'vector') throw new Error('a vector model gave a run of a map of the line');
  const map = run.map;
  const r = run.result;
  const lambdas = Array.from(r.lambdas);
  const summary = spectrumSummary(lambdas, n, r.diverged || r.steps === 0);
  const finite = summary.finite;
  const exponents = lambdas.map((v) => (finite ? finiteOrNull(v) : null));
  const se = (v: number) => (finite ? finiteOrNull(v) : null);
  const lambdaMax = exponents[0] ?? null;
  // the cross-check over the steps the spectrum took (with a tolerance, maybe fewer than the cap)
  const tt = twoTrajectoryLambda(vectorMap(s), map.initialState(), transient, r.diverged ? steps : r.steps);
  const out: LyapunovNDOutput = {
    exponents,
    stderr: Array.from(r.errors.lambdas, se),
    lambdaMax,
    steps: r.steps,
    transient,
    tol: req.tol > 0 ? req.tol : null,
    stopped: r.stopped,
    k,
    n,
    positive: summary.positive,
    kaplanYorke: summary.kaplanYorke,
    kaplanYorkeStderr: summary.kaplanYorke === null ? null : se(r.errors.kaplanYorke),
    entropy: summary.entropy,
    entropyStderr: summary.entropy === null ? null : se(r.errors.entropy),
    predictabilityTime: summary.predictabilityTime,
    twoTrajectory: tt.diverged ? null : finiteOrNull(tt.lambda),
    diverged: r.diverged,
    singular: r.singular,
    state: stateHash(s, p),
  };
  if (k === n) {
    out.sumRule = { sum: summary.sum === null ? null : finiteOrNull(summary.sum), meanLogDet: finite ? finiteOrNull(r.meanLogDet) : null };
  }
  const sigmas = meanFieldSigmas(modelParams(s.params), s.imported);
  if (sigmas) out.meanField = meanFieldOf(s, sigmas);
  return out;
}

export function computeEigen(s: RunState): EigenOutput {
  const req = eigenRequest(s.params, s.imported);
  if (!req) throw new UsageError(`eigen is computed for the vector models (${familyNames('vector')}), not for model=${s.params.model}`);
  const r = computeEigenView(req);
  const arr = (a: Float64Array) => Array.from(a);
  const out: EigenOutput = {
    re: r.matrix ? arr(r.matrix.re) : [],
    im: r.matrix ? arr(r.matrix.im) : [],
    spectralRadius: r.matrix ? r.matrix.spectralRadius : null,
    norm2: r.matrix ? r.matrix.norm2 : null,
    matrix: r.matrix ? r.matrix.label : null,
    circularLaw: r.circularLaw,
    fixedPoints: r.fixedPoints.map((f) => ({
      point: arr(f.point),
      norm: f.norm,
      residual: f.residual,
      origin: f.origin,
      spectralRadius: finiteOrNull(f.spectralRadius),
      unstableDims: f.unstableDims >= 0 ? f.unstableDims : null,
      stability: f.stability,
      eigenvalues: f.eig ? { re: arr(f.eig.re), im: arr(f.eig.im) } : null,
      from: f.from,
    })),
    starts: r.starts.map((t) => ({ ...t, residual: finiteOrNull(t.residual) })),
    failed: r.failed,
    singular: r.singular,
    jacobianEigenMaxN: r.jacobianEigenMaxN,
    n: r.n,
    g: r.g,
    model: r.model,
    notes: r.notes,
    state: stateHash(s, s.params),
  };
  if (r.offDiagonal) out.offDiagonal = { re: arr(r.offDiagonal.re), im: arr(r.offDiagonal.im), spectralRadius: r.offDiagonal.spectralRadius };
  return out;
}
