/**
 * TRAIN-PLRNN: training steps per second of the training lab, the same
 * core code the worker runs (Trainer.step: a mini-batch of windows forward and
 * back through time, the pseudo-inverse and its derivative, Adam).
 *
 * Setting: Lorenz-63 (the app's data), PLRNN M = 15, T = 200, 16 windows per
 * step, sparse teacher forcing τ = 15, lr 3e-3, seed 1. Each run times
 * STEPS_PER_RUN steps of one continuing run (after a warm-up), alternately
 * with the same number of forward passes alone (the loss without its
 * gradient), so the ratio "step / forward" — what the backward pass and the
 * update cost on top of the forward pass — is measured pair by pair. A tanh
 * RNN of the same size is timed the same way (TRAIN-RNN, in `result`).
 */
import { lorenzData } from '../src/core/training/trainData';
import { Trainer, drawStarts, type TrainConfig } from '../src/core/training/trainLoop';
import { Workspace, lossAndGrad } from '../src/core/training/trainModels';
import { Rng } from '../src/core/linalg/rng';
import { median, medianRatio, timeIt } from './stats';

export const TRAIN_BENCH = { m: 15, T: 200, batch: 16, tau: 15, lr: 3e-3, seed: 1 } as const;
export const STEPS_PER_RUN = 100;

export interface TrainMeasure {
  /** Seconds per STEPS_PER_RUN training steps, per run. */
  stepTimes: number[];
  /** Seconds per STEPS_PER_RUN forward passes (loss only), per run. */
  forwardTimes: number[];
  stepsPerSecond: number;
  /** Median of the pair-by-pair ratios (training step) / (forward pass). */
  stepOverForward: number;
  /** Nominal GFLOP/s of a training step (flops counted by trainFlops). */
  gflops: number;
  finalLoss: number;
}

/**
 * Multiply-adds of one training step, counted as 2 flops each: per window and
 * time step the forward M² (recurrence) + N·M (read-out), the backward 2·M²
 * (Wᵀδ and the W gradient) + 2·N·M; the A, h terms and Adam are O(M) and left out.
 */
export function trainFlops(m: number, n: number, T: number, batch: number): number {
  return 2 * batch * T * (3 * m * m + 3 * n * m);
}

export function measureTrain(model: 'plrnn' | 'rnn', runs: number, warmups: number, log: (s: string) => void = () => undefined): TrainMeasure {
  const data = lorenzData();
  const cfg: TrainConfig = { model, m: TRAIN_BENCH.m, method: 'stf', tau: TRAIN_BENCH.tau, alpha: 0, clip: 1, T: TRAIN_BENCH.T, lr: TRAIN_BENCH.lr, steps: 1e9, seed: TRAIN_BENCH.seed, batch: TRAIN_BENCH.batch };
  const tr = new Trainer(data, cfg);
  const ws = new Workspace(tr.layout, cfg.T);
  const rng = new Rng(99);
  const f = { method: cfg.method, tau: cfg.tau, alpha: cfg.alpha };
  const batch = TRAIN_BENCH.batch;
  const forward = () => {
    for (let k = 0; k < STEPS_PER_RUN; k++) lossAndGrad(tr.layout, tr.theta, data.x, drawStarts(rng, data.len, cfg.T, batch), cfg.T, f, null, ws);
  };
  let loss = NaN;
  const steps = () => {
    for (let k = 0; k < STEPS_PER_RUN; k++) loss = tr.step().loss;
  };
  for (let w = 0; w < warmups; w++) {
    steps();
    forward();
  }
  const stepTimes: number[] = [];
  const forwardTimes: number[] = [];
  for (let r = 0; r < runs; r++) {
    stepTimes.push(timeIt(steps));
    forwardTimes.push(timeIt(forward));
    log(`TRAIN-${model.toUpperCase()} run ${r + 1}/${runs}: ${(STEPS_PER_RUN / stepTimes[r]).toFixed(1)} steps/s`);
  }
  const med = median(stepTimes);
  return {
    stepTimes,
    forwardTimes,
    stepsPerSecond: STEPS_PER_RUN / med,
    stepOverForward: medianRatio(stepTimes, forwardTimes),
    gflops: (trainFlops(TRAIN_BENCH.m, 3, TRAIN_BENCH.T, TRAIN_BENCH.batch) * STEPS_PER_RUN) / med / 1e9,
    finalLoss: loss,
  };
}
