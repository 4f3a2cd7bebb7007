/**
 * One share of the orbit diagram's columns (a worker job, core/job.ts):
 * histograms of the states of each column, its λ and period, for a 1-D map or
 * a vector map. It may pause after every column.
 */
import { batchColumns, histogramColumnsND, probeRangeNDSteps, projectionFor, theoryColumns, type SweepBaseND } from '../vector/diagramND';
import { allocHistogram, columnValues, histogramColumns, makeColumnFactory, probeRangeSteps, type Histogram, type SweepBase } from '../map1d/bifurcation';
import { pacer, type Job, type Pacer } from '../job';
import { stateDimension } from '../models';

export interface BifurcationRequest {
  /** A 1-D map's sweep, or a vector map's (then `nd` is set and `base` unused). */
  base: SweepBase;
  nd?: SweepBaseND;
  /** Parameter window and the total number of columns of the diagram. */
  lo: number;
  hi: number;
  cols: number;
  /** This job's share of the columns: [j0, j1). */
  j0: number;
  j1: number;
  rows: number;
  /** State window; null = automatic (every worker probes the same way, so shares agree). */
  yRange: [number, number] | null;
}

/** Columns j0 … j1−1 of the diagram's histogram (rows bins over yRange). */
export interface BifurcationChunk extends Histogram {
  /** Mean-field λ per column (random RNN), else null. */
  theory: Float64Array | null;
  j0: number;
  j1: number;
  rows: number;
  yRange: [number, number];
}

export function* bifurcationJob(req: BifurcationRequest, pace: Pacer = pacer()): Job<BifurcationChunk> {
  const nd = req.nd;
  const proj = nd ? projectionFor(nd, req.lo, req.hi) : null;
  const yRange = req.yRange ?? (nd ? yield* probeRangeNDSteps(nd, proj!, req.lo, req.hi, pace) : yield* probeRangeSteps(req.base, req.lo, req.hi, pace));
  const all = columnValues(req.lo, req.hi, req.cols, 'centers');
  const values = all.slice(req.j0, req.j1);
  const n = values.length;
  const h = allocHistogram(n, req.rows);
  const setup = nd ? null : makeColumnFactory(req.base);
  const scratch = new Float64Array(req.base.keep);
  // a vector map's columns run in batches (one matrix product a step for all of them, core/vector/columnBatch.ts)
  const block = nd ? batchColumns(stateDimension(nd.params, nd.imported)) : 1;
  for (let j = 0; j < n; j += block) {
    const j1 = Math.min(n, j + block);
    if (nd) histogramColumnsND(nd, proj!, values, j, j1, yRange[0], yRange[1], req.rows, h);
    else histogramColumns(req.base, values, j, j1, yRange[0], yRange[1], req.rows, h, setup!, scratch);
    // a column is transient + keep steps (microseconds at least): the clock is read after each
    if (pace.due()) yield* pace.pause();
  }
  return {
    theory: nd ? theoryColumns(nd, values) : null,
    j0: req.j0,
    j1: req.j1,
    rows: req.rows,
    yRange,
    counts: h.counts,
    lambda: h.lambda,
    lambdaStderr: h.lambdaStderr,
    period: h.period,
    diverged: h.diverged,
    outside: h.outside,
    min: h.min,
    max: h.max,
  };
}
