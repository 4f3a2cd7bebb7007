/**
 * GATED-128 (issue #14): the full Lyapunov spectrum of an LSTM with H = 64
 * units (state (h, c): 128 numbers, 128 exponents) against that of the M2
 * Elman RNN with N = 128 (bench/k2.ts), 10⁴ steps each, QR every step, the two
 * alternating round by round in one process. The LSTM is PyTorch's
 * initialisation with seed 42 and g = 8 (past its edge of chaos, README
 * "Gated models"); both start from their seeded state and frame, as the app's
 * spectrum view runs them (SpectrumRun, advance in one call).
 * Target (issue #14): the LSTM within 3× of the RNN.
 */
import { LSTM_SPEC, drawGated, gatedMap, type MapND } from '../src/core/models';
import { SpectrumRun } from '../src/core/vector/spectrum';
import { k2Map, k2Params } from './k2';

export const GATED_BENCH = { H: 64, g: 8, seed: 42, steps: 10_000, rnnN: 128 } as const;

export interface GatedMeasure {
  lstm: number[];
  rnn: number[];
  /** t(LSTM) / t(RNN), pair by pair. */
  ratios: number[];
  lstmLambda1: number;
  rnnLambda1: number;
  lstmSumRule: number;
  n: number;
}

function timed(map: MapND, x0: Float64Array, steps: number): { seconds: number; run: SpectrumRun } {
  const run = new SpectrumRun(map, x0, { k: map.n, transient: 0, steps, sumRule: true });
  const t0 = process.hrtime.bigint();
  run.advance(steps);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, run };
}

export function measureGated(rounds: number, log: (s: string) => void): GatedMeasure {
  const d = drawGated('lstm', GATED_BENCH.H, 1, GATED_BENCH.seed);
  const lstm = gatedMap(LSTM_SPEC, d, GATED_BENCH.g);
  const p = k2Params(GATED_BENCH.rnnN);
  const rnn = k2Map(p);
  log(`GATED-128: warm-up (200 steps each)…`);
  timed(lstm, d.x0, 200);
  timed(rnn, p.h0, 200);
  const out: GatedMeasure = { lstm: [], rnn: [], ratios: [], lstmLambda1: NaN, rnnLambda1: NaN, lstmSumRule: NaN, n: lstm.n };
  for (let r = 0; r < rounds; r++) {
    log(`GATED-128 round ${r + 1}/${rounds}`);
    const first = r % 2 === 0;
    const a = first ? timed(lstm, d.x0, GATED_BENCH.steps) : null;
    const b = timed(rnn, p.h0, GATED_BENCH.steps);
    const c = a ?? timed(lstm, d.x0, GATED_BENCH.steps);
    out.lstm.push(c.seconds);
    out.rnn.push(b.seconds);
    out.ratios.push(c.seconds / b.seconds);
    const lr = c.run.result();
    out.lstmLambda1 = lr.lambdas[0];
    out.lstmSumRule = Math.abs(lr.lambdas.reduce((s, v) => s + v, 0) - lr.meanLogDet);
    out.rnnLambda1 = b.run.result().lambdas[0];
  }
  return out;
}
