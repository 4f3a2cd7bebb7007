/**
 * The training lab's jobs as the workers (and the CLI) run them, free of
 * workers and the DOM:
 *
 * - TrainJob: one training run, advanced in chunks of steps within a time
 *   budget (so the page can pause, resume or drop the run between chunks; a
 *   chunk is a job, core/job.ts, pausing after every step), evaluated
 *   every `evalEvery` steps and at the end. The chunking does not change the
 *   run: the windows of every batch come from the seed in order, evaluations
 *   fall on fixed steps.
 * - tauTask: one model of the τ sweep, trained to the end as a job (each
 *   `next()` does a few steps and yields the steps done), then evaluated.
 */
import { csvData, lorenzData, logisticData, rnnData, type RnnDataSpec, type TrainData } from '../training/trainData';
import { Trainer, TrainingDivergedError, type TrainConfig, type TrainEvaluation } from '../training/trainLoop';
import { predictabilityTime } from '../training/lorenz';
import { runToEnd, type Job } from '../job';

export type DataSpec =
  | { kind: 'lorenz' }
  | { kind: 'logistic' }
  | { kind: 'rnn'; rnn: RnnDataSpec }
  | { kind: 'csv'; values: Float64Array; n: number; columns: string[]; name: string; id: number };

export interface TrainSetup {
  data: DataSpec;
  cfg: TrainConfig;
  /** Evaluate every this many steps (and at step 0 and at the end). */
  evalEvery: number;
}

/** Evaluations per run: about 40, at least every 25 steps apart. */
export function evalEveryFor(steps: number): number {
  return Math.max(25, Math.ceil(steps / 40));
}

/** Rows of the data sent to the page for the phase-space plot. */
export const PREVIEW_ROWS = 3000;

export function dataKey(d: DataSpec): string {
  switch (d.kind) {
    case 'lorenz':
    case 'logistic':
      return d.kind;
    case 'rnn':
      return `rnn:${JSON.stringify(d.rnn)}`;
    case 'csv':
      return `csv:${d.id}:${d.n}:${d.columns.join('\u0001')}`;
  }
}

const cache = new Map<string, TrainData>();

/** The data set of a spec (the last few are kept: a restarted run does not rebuild them). */
export function buildData(d: DataSpec): TrainData {
  const key = dataKey(d);
  const hit = cache.get(key);
  if (hit) return hit;
  let data: TrainData;
  switch (d.kind) {
    case 'lorenz':
      data = lorenzData();
      break;
    case 'logistic':
      data = logisticData();
      break;
    case 'rnn':
      data = rnnData(d.rnn);
      break;
    case 'csv':
      data = csvData(d.values, d.n, d.columns, d.name);
      break;
  }
  cache.set(key, data);
  while (cache.size > 4) cache.delete(cache.keys().next().value!);
  return data;
}

export interface TrainInfo {
  label: string;
  n: number;
  len: number;
  columns: string[];
  /** λ_max of the data per step (null: unknown) and τ_pred = ln 2/λ_max. */
  lambda: number | null;
  lambdaSource: string;
  tauPred: number | null;
  /** The first PREVIEW_ROWS rows of the (z-scored) data, rows × n. */
  preview: Float64Array;
  /** Trained parameters. */
  params: number;
  steps: number;
  evalEvery: number;
}

export type EvalSummary = Omit<TrainEvaluation, 'recon'>;

export interface TrainChunk {
  /** Step number of loss[0] (steps count from 1). */
  from: number;
  loss: Float64Array;
  gradNorm: Float64Array;
  evals: EvalSummary[];
  /** The reconstruction of the last evaluation in this chunk (null if none). */
  recon: Float64Array | null;
  stepsDone: number;
  done: boolean;
  /** Why the run stopped early (the loss overflowed). */
  error: string | null;
}

function summary(e: TrainEvaluation): EvalSummary {
  const { recon: _r, ...rest } = e;
  return rest;
}

/** What the page shows of a data set before any training: its description, λ_max, τ_pred and first rows. */
export function dataInfo(spec: DataSpec): Omit<TrainInfo, 'params' | 'steps' | 'evalEvery'> {
  const d = buildData(spec);
  return {
    label: d.label,
    n: d.n,
    len: d.len,
    columns: d.columns,
    lambda: d.lambda,
    lambdaSource: d.lambdaSource,
    tauPred: d.lambda !== null && d.lambda > 0 ? predictabilityTime(d.lambda) : null,
    preview: d.x.slice(0, Math.min(d.len, PREVIEW_ROWS) * d.n),
  };
}

export type DataInfo = ReturnType<typeof dataInfo>;

/** `dataInfo` as a job (core/job.ts): a pause after the data are built (cached, so not built twice). */
export function* dataInfoJob(spec: DataSpec): Job<DataInfo> {
  buildData(spec);
  yield undefined;
  return dataInfo(spec);
}

export class TrainJob {
  readonly trainer: Trainer;
  readonly setup: TrainSetup;
  private pendingEval: TrainEvaluation | null;
  private error: string | null = null;

  constructor(setup: TrainSetup) {
    this.setup = setup;
    this.trainer = new Trainer(buildData(setup.data), setup.cfg);
    this.pendingEval = this.trainer.evaluate();
  }

  get done(): boolean {
    return this.error !== null || this.trainer.finished;
  }

  info(): TrainInfo {
    return {
      ...dataInfo(this.setup.data),
      params: this.trainer.layout.size - (this.trainer.layout.kind === 'plrnn' ? this.trainer.layout.m : 0),
      steps: this.setup.cfg.steps,
      evalEvery: this.setup.evalEvery,
    };
  }

  /**
   * Steps until `budgetMs` is used up (at least one, at most maxSteps), with
   * the evaluations that fall due; the evaluation before the first step comes
   * with the first chunk.
   */
  advance(budgetMs: number, now: () => number, maxSteps = Infinity): TrainChunk {
    return runToEnd(this.advanceSteps(budgetMs, now, maxSteps));
  }

  /** `advance` as a job: it may pause after every step. */
  *advanceSteps(budgetMs: number, now: () => number, maxSteps = Infinity): Job<TrainChunk> {
    const tr = this.trainer;
    const from = tr.stepsDone + 1;
    const loss: number[] = [];
    const grad: number[] = [];
    const evals: TrainEvaluation[] = [];
    if (this.pendingEval) {
      evals.push(this.pendingEval);
      this.pendingEval = null;
    }
    const t0 = now();
    const every = this.setup.evalEvery;
    while (!this.done && loss.length < maxSteps) {
      try {
        const s = tr.step();
        loss.push(s.loss);
        grad.push(s.gradNorm);
      } catch (e) {
        if (!(e instanceof TrainingDivergedError)) throw e;
        this.error = e.message;
        evals.push(tr.evaluate());
        break;
      }
      if (tr.stepsDone % every === 0 || tr.finished) evals.push(tr.evaluate());
      if (now() - t0 >= budgetMs) break;
      yield undefined;
    }
    const last = evals.length ? evals[evals.length - 1] : null;
    return {
      from,
      loss: Float64Array.from(loss),
      gradNorm: Float64Array.from(grad),
      evals: evals.map(summary),
      recon: last ? last.recon : null,
      stepsDone: tr.stepsDone,
      done: this.done,
      error: this.error,
    };
  }
}

/**
 * A new run as a job: a pause after its data are built (cached), before the
 * model and its first evaluation; `keep` receives the run, the result is what
 * the page shows before the first step.
 */
export function* createTrainJob(setup: TrainSetup, keep: (job: TrainJob) => void): Job<TrainInfo> {
  buildData(setup.data);
  yield undefined;
  const job = new TrainJob(setup);
  keep(job);
  return job.info();
}

// ---------------------------------------------------------------------------
// The τ sweep

/** Most steps a model of the τ sweep is trained for (the link's tep if smaller). */
export const TAU_SWEEP_MAX_STEPS = 1500;
/** Models per τ (seeds seed, seed + 1, …). */
export const TAU_SWEEP_SEEDS = 2;

export interface TauTask {
  /** 'bptt': the plain-BPTT reference; 'stf': sparse teacher forcing at tau. */
  method: 'stf' | 'bptt';
  tau: number;
  seed: number;
}

export interface TauResult extends TauTask {
  dStsp: number;
  dH: number;
  lambdaMax: number | null;
  /** Mean loss over the last 20 steps. */
  loss: number;
  diverged: boolean;
  /** The run stopped because its loss overflowed (then it is evaluated where it stopped). */
  error: string | null;
  ms: number;
  /** λ_max of the data per step (null: unknown). */
  dataLambda: number | null;
}

/** The sweep's models: every τ with TAU_SWEEP_SEEDS seeds, then the plain-BPTT reference with as many. */
export function tauTasks(taus: readonly number[], seed: number, seeds = TAU_SWEEP_SEEDS): TauTask[] {
  const out: TauTask[] = [];
  for (let s = 0; s < seeds; s++) {
    for (const tau of taus) out.push({ method: 'stf', tau, seed: (seed + s) >>> 0 });
    out.push({ method: 'bptt', tau: 0, seed: (seed + s) >>> 0 });
  }
  return out;
}

/** The configuration of one sweep model: the link's model and data, the task's method, τ and seed, at most TAU_SWEEP_MAX_STEPS steps. */
export function tauTaskConfig(base: TrainConfig, task: TauTask): TrainConfig {
  return { ...base, method: task.method, tau: task.tau, seed: task.seed, steps: Math.min(base.steps, TAU_SWEEP_MAX_STEPS) };
}

/**
 * Train one sweep model: each `next()` runs `stepsPerSlice` steps and yields
 * the steps done; the return value is the result.
 */
export function* tauTask(data: DataSpec, base: TrainConfig, task: TauTask, now: () => number, stepsPerSlice = 4): Generator<number, TauResult, void> {
  const t0 = now();
  const tr = new Trainer(buildData(data), tauTaskConfig(base, task));
  const last: number[] = [];
  let error: string | null = null;
  while (!tr.finished) {
    try {
      for (let k = 0; k < stepsPerSlice && !tr.finished; k++) {
        const s = tr.step();
        last.push(s.loss);
        if (last.length > 20) last.shift();
      }
    } catch (e) {
      if (!(e instanceof TrainingDivergedError)) throw e;
      error = e.message;
      break;
    }
    yield tr.stepsDone;
  }
  const ev = tr.evaluate({ keep: 0, lyapSteps: 2000 });
  return {
    ...task,
    dStsp: ev.dStsp,
    dH: ev.dH,
    lambdaMax: ev.lambdaMax,
    loss: last.length ? last.reduce((s, v) => s + v, 0) / last.length : NaN,
    diverged: ev.diverged,
    error,
    ms: now() - t0,
    dataLambda: tr.data.lambda,
  };
}
