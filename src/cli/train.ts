/**
 * The CLI's `train` quantity: the training lab's run for a link, headless —
 * the same data, model, method and seed as the app (core/training/trainParams.ts), so
 * the same link gives the same loss curve, step for step. The data are
 * Lorenz-63, the logistic map or the lab's RNN (td=csv needs the user's file,
 * which a link does not carry).
 */
import { TrainJob, evalEveryFor, type DataSpec, type EvalSummary } from '../core/jobs/trainJob';
import { TRAIN_BATCH } from '../core/training/trainLoop';
import { MEASURE_LABELS } from '../core/training/measures';
import { rnnDataSpec, trainConfigOf } from '../params/trainRequests';
import { UsageError } from './args';
import { trainedNetwork, type TrainedNetwork } from '../core/training/trainedNetwork';
import { importPatch } from '../core/models';
import { decodeHash, encodeHash } from '../params/url';
import { networkFile, weightsHash } from '../params/weights';
import { modelParams } from '../params/requests';
import { stateHash, stateWithRunSettings, type RunState } from './state';

export interface TrainOutput {
  config: {
    data: string;
    model: string;
    M: number;
    method: string;
    /** Forcing interval (stf), mixing (gtf), clipping norm (clip); null where the method has none. */
    tau: number | null;
    alpha: number | null;
    clip: number | null;
    T: number;
    lr: number;
    steps: number;
    batch: number;
    seed: number;
    /** Which D_stsp and D_H: 'paper' (Paper A's) or 'gtf' (the GTF repository's); `measuresLabel` says what they are. */
    measures: string;
    measuresLabel: string;
  };
  data: { label: string; n: number; length: number; lambdaMax: number | null; tauPred: number | null };
  /** Loss (MSE) and gradient norm (before clipping) of every step 1 … steps. */
  loss: (number | null)[];
  gradNorm: (number | null)[];
  /** Free-running evaluations every `evalEvery` steps (and at 0 and the end). */
  evaluations: { step: number; dStsp: number | null; dH: number | null; lambdaMax: number | null; diverged: boolean }[];
  evalEvery: number;
  final: { dStsp: number | null; dH: number | null; lambdaMax: number | null; diverged: boolean };
  /** Why training stopped before `steps` (the loss overflowed), else null. */
  stopped: string | null;
  state: string;
  /**
   * The trained model as a network of the other views (core/training/trainedNetwork.ts),
   * as the training lab's "Explore the trained model" imports it: its weight file
   * (what the import panel's "Save as .json" writes; --weights reads it), its
   * content hash, and the spectrum view's link for it (with the weights inside
   * when they fit: at most 300 numbers).
   */
  network: { model: string; hash: string; file: Record<string, unknown>; link: string };
}

const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

function evalRow(e: EvalSummary) {
  return { step: e.step, dStsp: finite(e.dStsp), dH: finite(e.dH), lambdaMax: finite(e.lambdaMax), diverged: e.diverged };
}

export function computeTrain(s: RunState, stepsArg: number | null, progress?: (message: string) => void): TrainOutput {
  const p0 = s.params;
  if (p0.td === 'csv') throw new UsageError('td=csv: a link does not carry the CSV file; train on td=lorenz, logistic or rnn from the CLI');
  const steps = stepsArg ?? p0.tep;
  const p = stateWithRunSettings(s, { tep: steps });
  const cfg = { ...trainConfigOf(p0), steps };
  const data: DataSpec = p0.td === 'rnn' ? { kind: 'rnn', rnn: rnnDataSpec(p0) } : { kind: p0.td };
  const evalEvery = evalEveryFor(steps);
  const job = new TrainJob({ data, cfg, evalEvery });
  const info = job.info();
  const loss: (number | null)[] = [];
  const gradNorm: (number | null)[] = [];
  const evals: EvalSummary[] = [];
  let stopped: string | null = null;
  const t0 = Date.now();
  let nextReport = t0 + 2000;
  while (!job.done) {
    const c = job.advance(250, () => Date.now());
    c.loss.forEach((v) => loss.push(finite(v)));
    c.gradNorm.forEach((v) => gradNorm.push(finite(v)));
    evals.push(...c.evals);
    stopped = c.error;
    const now = Date.now();
    if (progress && !job.done && now >= nextReport) {
      const left = ((now - t0) * (steps - c.stepsDone)) / Math.max(1, c.stepsDone);
      progress(`train: ${c.stepsDone} / ${steps} steps (${Math.floor((100 * c.stepsDone) / steps)} %), ${Math.round((now - t0) / 1000)} s elapsed, about ${Math.round(left / 1000)} s left`);
      nextReport = now + 5000;
    }
  }
  const last = evals[evals.length - 1];
  return {
    config: {
      data: p0.td,
      model: cfg.model,
      M: cfg.m,
      method: cfg.method,
      tau: cfg.method === 'stf' ? cfg.tau : null,
      alpha: cfg.method === 'gtf' ? cfg.alpha : null,
      clip: cfg.method === 'clip' ? cfg.clip : null,
      T: cfg.T,
      lr: cfg.lr,
      steps,
      batch: TRAIN_BATCH,
      seed: cfg.seed,
      measures: cfg.measures ?? 'paper',
      measuresLabel: MEASURE_LABELS[cfg.measures ?? 'paper'],
    },
    data: { label: info.label, n: info.n, length: info.len, lambdaMax: finite(info.lambda), tauPred: finite(info.tauPred) },
    loss,
    gradNorm,
    evaluations: evals.map(evalRow),
    evalEvery,
    final: { dStsp: finite(last.dStsp), dH: finite(last.dH), lambdaMax: finite(last.lambdaMax), diverged: last.diverged },
    stopped,
    state: stateHash(s, p),
    network: networkOf(trainedNetwork(job.trainer.layout, job.trainer.theta)),
  };
}

function networkOf(net: TrainedNetwork): TrainOutput['network'] {
  const params = { ...decodeHash(`model=${net.model}`).params, ...importPatch(net.model, net.weights, net.patch), ...net.patch, tab: 'spectrum' as const };
  const hash = weightsHash(net.weights);
  const file = networkFile(net.model, net.weights, modelParams(params));
  return { model: net.model, hash, file, link: `#${encodeHash({ params, weights: { hash, data: net.weights } })}` };
}

/** CSV: one row per step (loss, gradient norm), the evaluation columns filled on the evaluated steps (step 0: before training). */
export function trainCsv(d: TrainOutput): string {
  const num = (v: number | null) => (v === null ? '' : String(v));
  const byStep = new Map(d.evaluations.map((e) => [e.step, e]));
  const lines = ['step,loss,gradNorm,dStsp,dH,lambdaMax'];
  const e0 = byStep.get(0);
  if (e0) lines.push(`0,,,${num(e0.dStsp)},${num(e0.dH)},${num(e0.lambdaMax)}`);
  d.loss.forEach((l, i) => {
    const e = byStep.get(i + 1);
    lines.push(`${i + 1},${num(l)},${num(d.gradNorm[i])},${e ? num(e.dStsp) : ''},${e ? num(e.dH) : ''},${e ? num(e.lambdaMax) : ''}`);
  });
  return lines.join('\n') + '\n';
}
