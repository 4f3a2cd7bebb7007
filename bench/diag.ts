/**
 * DIAG-64 (issue #17): the orbit diagram of the default 64-unit tanh RNN,
 * `#v=1&tab=explore&model=rnn&k=64` decoded as the CLI decodes it, with 1 000
 * columns over the link's g window, 300 transient + 200 recorded steps each
 * and λ_max per column, into a 1 000 × 400 histogram: the diagram job's path
 * (columns in batches, core/vector/columnBatch.ts) against the columns one by
 * one (`runColumnND`, one matrix–vector product a step, as before the batches),
 * alternating round by round in one process, one core. The projection and the
 * y window are computed once, untimed (every worker does that part once).
 * Targets (issue #17): batched ≤ 1 s, and ≥ 5× the one-by-one path.
 *
 * DIAG-GRU-64: the same for the 64-unit GRU at PyTorch's initialisation
 * (`#v=1&tab=explore&model=gru&k=64`, the gated batch of
 * core/models/gatedColumns.ts) with the app's 237 columns.
 */
import { readFileSync } from 'node:fs';
import { resolveState } from '../src/cli/state';
import { diagramJob } from '../src/params/requests';
import { allocHistogram, columnValues, type Histogram } from '../src/core/map1d/bifurcation';
import { columnArena, columnMap, histogramColumnsND, batchColumns, probeRangeND, projectionFor, runColumnND, type ProjectionWeights, type SweepBaseND } from '../src/core/vector/diagramND';
import type { Arena } from '../src/core/linalg/simd';

export interface DiagSpec {
  name: 'DIAG-64' | 'DIAG-GRU-64';
  link: string;
  cols: number;
  rows: number;
  transient: number;
  keep: number;
}

export const DIAG_BENCH: DiagSpec = { name: 'DIAG-64', link: '#v=1&tab=explore&model=rnn&k=64', cols: 1000, rows: 400, transient: 300, keep: 200 };
export const DIAG_GRU_BENCH: DiagSpec = { name: 'DIAG-GRU-64', link: '#v=1&tab=explore&model=gru&k=64', cols: 237, rows: 400, transient: 300, keep: 200 };

export interface DiagMeasure {
  batched: number[];
  oneByOne: number[];
  /** t(one by one) / t(batched), pair by pair. */
  speedups: number[];
  lo: number;
  hi: number;
  n: number;
  blockColumns: number;
  /** λ_max of the two paths: the largest difference among columns with λ < −0.05 (fixed points and cycles), and how many such columns. */
  stableMaxDiff: number;
  stableColumns: number;
  /** Columns with λ_max > 0 in the batched and in the one-by-one diagram. */
  chaoticBatched: number;
  chaoticOneByOne: number;
}

function setup(spec: DiagSpec): { base: SweepBaseND; proj: ProjectionWeights; values: Float64Array; y: [number, number]; lo: number; hi: number } {
  const s = resolveState(spec.link, null, (p) => new Uint8Array(readFileSync(p)));
  const job = diagramJob({ ...s.params, bt: spec.transient, bn: spec.keep }, s.imported, { cols: spec.cols, rows: spec.rows }, false);
  const base = job.nd!;
  const proj = projectionFor(base, job.lo, job.hi);
  const values = columnValues(job.lo, job.hi, spec.cols, 'centers');
  return { base, proj, values, y: probeRangeND(base, proj, job.lo, job.hi), lo: job.lo, hi: job.hi };
}

function timeBatched(base: SweepBaseND, proj: ProjectionWeights, values: Float64Array, y: [number, number], rows: number): { seconds: number; h: Histogram } {
  const h = allocHistogram(values.length, rows);
  const block = batchColumns(base.params.k);
  const t0 = process.hrtime.bigint();
  for (let j = 0; j < values.length; j += block) histogramColumnsND(base, proj, values, j, Math.min(values.length, j + block), y[0], y[1], rows, h);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, h };
}

function timeOneByOne(base: SweepBaseND, proj: ProjectionWeights, values: Float64Array, y: [number, number], rows: number): { seconds: number; h: Histogram } {
  const h = allocHistogram(values.length, rows);
  const scale = rows / (y[1] - y[0]);
  const pts = new Float64Array(base.keep);
  const t0 = process.hrtime.bigint();
  let arena: Arena | null | undefined;
  for (let j = 0; j < values.length; j++) {
    const map = columnMap(base, values[j]);
    if (arena === undefined) arena = columnArena(map);
    const r = runColumnND(map, proj, base.transient, base.keep, pts, 0, arena);
    h.lambda[j] = r.lambda;
    for (let t = 0; t < r.n; t++) {
      const i = Math.floor((pts[t] - y[0]) * scale);
      if (i >= 0 && i < rows) h.counts[j * rows + i]++;
    }
  }
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, h };
}

export function measureDiag(rounds: number, log: (s: string) => void, spec: DiagSpec = DIAG_BENCH): DiagMeasure {
  const { base, proj, values, y, lo, hi } = setup(spec);
  const rows = spec.rows;
  log(`${spec.name}: warm-up…`);
  timeBatched(base, proj, values.subarray(0, 128), y, rows);
  timeOneByOne(base, proj, values.subarray(0, 32), y, rows);
  const out: DiagMeasure = { batched: [], oneByOne: [], speedups: [], lo, hi, n: base.params.k, blockColumns: batchColumns(base.params.k), stableMaxDiff: 0, stableColumns: 0, chaoticBatched: 0, chaoticOneByOne: 0 };
  for (let r = 0; r < rounds; r++) {
    log(`${spec.name} round ${r + 1}/${rounds}`);
    const first = r % 2 === 0;
    const a = first ? timeBatched(base, proj, values, y, rows) : null;
    const b = timeOneByOne(base, proj, values, y, rows);
    const c = a ?? timeBatched(base, proj, values, y, rows);
    out.batched.push(c.seconds);
    out.oneByOne.push(b.seconds);
    out.speedups.push(b.seconds / c.seconds);
    if (r === 0) {
      for (let j = 0; j < values.length; j++) {
        const lb = c.h.lambda[j];
        const lo1 = b.h.lambda[j];
        if (lb > 0) out.chaoticBatched++;
        if (lo1 > 0) out.chaoticOneByOne++;
        if (lo1 < -0.05) {
          out.stableColumns++;
          out.stableMaxDiff = Math.max(out.stableMaxDiff, Math.abs(lb - lo1));
        }
      }
    }
  }
  return out;
}
