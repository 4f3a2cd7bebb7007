/**
 * The cost model (issue #13, src/params/jobCost.ts, core/cost.ts): what a
 * link starts by itself. Every scene and the defaults of every view start
 * unasked; the heavy links of the audit do not; estimates grow with the work
 * asked for; the spectrum's part that fits keeps its first stages.
 */
import { describe, expect, it } from 'vitest';
import { decodeHash } from '../../../src/params/url';
import { diagramJob, eigenRequest, panel1dRequest, spectrumRequest, vectorPanelRequest } from '../../../src/params/requests';
import { diagramCost, eigenCost, panel1dCost, spectrumCost, spectrumWithin, vectorPanelCost, type CostEstimate } from '../../../src/params/jobCost';
import { fits } from '../../../src/compute/lanes';
import { NS, START_BUDGET_S, batchedDiagramColumnsWithin, columnBatchS, diagramColumnsWithin, fmtWork, meanFieldColumnS } from '../../../src/core/cost';
import { jobActive } from '../../../src/params/views';
import { SCENES } from '../../../src/params/scenes';
import { MODEL_LIST, columnCostOf } from '../../../src/core/models';
import { TABS, type Params } from '../../../src/params/spec';

/** The a-priori estimates of every job the link's view runs (the diagram at a 1 000 × 400 canvas). */
function estimates(hash: string): { job: string; e: CostEstimate; progressive: boolean }[] {
  const p: Params = decodeHash(hash).params;
  const out: { job: string; e: CostEstimate; progressive: boolean }[] = [];
  const on = (j: Parameters<typeof jobActive>[0]) => jobActive(j, p);
  if (on('panel1d')) out.push({ job: 'panel1d', e: panel1dCost(panel1dRequest(p, null, false)), progressive: false });
  if (on('vectorPanel')) out.push({ job: 'vectorPanel', e: vectorPanelCost(vectorPanelRequest(p, null, false), null), progressive: false });
  if (on('spectrum')) out.push({ job: 'spectrum', e: spectrumCost(spectrumRequest(p, null, false), null), progressive: true });
  if (on('eigen')) out.push({ job: 'eigen', e: eigenCost(eigenRequest(p, null, false)!), progressive: false });
  if (on('diagram')) out.push({ job: 'diagram', e: diagramCost(diagramJob(p, null, { cols: 1000, rows: 400 }, false), null), progressive: false });
  return out;
}

const startsByItself = (hash: string) => estimates(hash).filter(({ e, progressive }) => !fits(e, START_BUDGET_S, progressive));

describe('what a link starts by itself', () => {
  it('every scene starts without a click', () => {
    for (const s of SCENES) expect(startsByItself(`#${s.hash}`), s.hash).toEqual([]);
  });

  it('the defaults of every model in every view start without a click, at the widest default width too', () => {
    for (const m of MODEL_LIST)
      for (const tab of TABS) {
        const hash = `#model=${m.id}&tab=${tab}`;
        expect(startsByItself(hash), hash).toEqual([]);
      }
    // the default Explore view of the widest vector networks (k = 512)
    for (const hash of ['#model=rnn&k=512', '#model=plrnn&k=512']) expect(startsByItself(hash), hash).toEqual([]);
  });

  it('the heavy links of the audit wait for Start, with estimates far above the budget', () => {
    const explore = estimates('#model=rnn&k=512&T=10000&lt=100000&ls=1000000').find((x) => x.job === 'vectorPanel')!;
    expect(explore.e.totalS).toBeGreaterThan(4 * START_BUDGET_S);
    const spectrum = estimates('#tab=spectrum&model=rnn&k=512&lt=100000&ls=1000000').find((x) => x.job === 'spectrum')!;
    // the first running estimate alone (the transient of 10⁵ steps) is beyond the budget; the whole is hours
    expect(spectrum.e.firstS).toBeGreaterThan(START_BUDGET_S);
    expect(spectrum.e.totalS).toBeGreaterThan(1800);
    expect(fits(spectrum.e, START_BUDGET_S, true)).toBe(false);
    expect(spectrumWithin(spectrumRequest(decodeHash('#tab=spectrum&model=rnn&k=512&lt=100000&ls=1000000').params, null, false), null, START_BUDGET_S)).toBeNull();
  });

  it('a spectrum too long in all computes the stages that fit, bit for bit those of the whole request', () => {
    const p = decodeHash('#tab=spectrum&model=rnn&k=512').params;
    const req = spectrumRequest(p, null, false);
    expect(fits(spectrumCost(req, null), START_BUDGET_S, true)).toBe(false);
    const part = spectrumWithin(req, null, START_BUDGET_S)!;
    // λ_max and the top 8 (all else equal: the same stages as the whole run's first two)
    expect(part.params.nk).toBe(8);
    expect({ ...part.params, nk: req.params.nk }).toEqual(req.params);
    expect(fits(spectrumCost(part, null), START_BUDGET_S, true)).toBe(true);
    // after Start (an allowance of 4× the estimate) the whole request fits
    expect(spectrumWithin(req, null, 4 * spectrumCost(req, null).totalS)).toBe(req);
  });

  it('estimates grow with every parameter of the work: lt counts, and a vector step costs N²', () => {
    const vp = (h: string) => vectorPanelCost(vectorPanelRequest(decodeHash(h).params, null, false), null).totalS;
    expect(vp('#model=rnn&k=64&lt=20000')).toBeGreaterThan(vp('#model=rnn&k=64&lt=1000'));
    expect(vp('#model=rnn&k=64&T=5000')).toBeGreaterThan(vp('#model=rnn&k=64&T=200'));
    expect(vp('#model=rnn&k=64&ls=50000')).toBeGreaterThan(vp('#model=rnn&k=64&ls=5000'));
    // 8× the units: the products cost 64× (the fixed per-step cost keeps it below that)
    const r = vp('#model=rnn&k=512') / vp('#model=rnn&k=64');
    expect(r).toBeGreaterThan(8);
    const sp = (h: string) => spectrumCost(spectrumRequest(decodeHash(h).params, null, false), null);
    expect(sp('#model=rnn&k=64&lt=50000&tab=spectrum').firstS).toBeGreaterThan(sp('#model=rnn&k=64&tab=spectrum').firstS);
  });

  it('a 1-D network orbit diagram is sized to the budget by its width', () => {
    expect(diagramColumnsWithin(16, 1000, 500)).toBeGreaterThan(2000);
    const wide = diagramColumnsWithin(1024, 1000, 500);
    expect(wide).toBeLessThan(200);
    expect(wide).toBeGreaterThanOrEqual(24);
    const j = diagramJob(decodeHash('#k=1024').params, null, { cols: 1000, rows: 400 }, false);
    expect(j.cols).toBe(wide);
    expect(diagramCost(j, null).totalS).toBeLessThanOrEqual(2.01);
    // the default network keeps one column per pixel
    expect(diagramJob(decodeHash('#').params, null, { cols: 1000, rows: 400 }, false).cols).toBe(1000);
  });

  it('a vector orbit diagram in column batches gets as many columns as the budget allows (issue #17)', () => {
    // the default 64-unit tanh RNN over g: one column per pixel, as the 1-D lab's diagram (146 one by one)
    const rnn = diagramJob(decodeHash('#model=rnn&k=64').params, null, { cols: 1000, rows: 400 }, false);
    expect(batchedDiagramColumnsWithin(64, 300, 200, meanFieldColumnS(true))).toBeGreaterThan(1000);
    expect(rnn.cols).toBe(1000);
    expect(diagramCost(rnn, null).totalS).toBeLessThanOrEqual(2.01);
    // the widest: fewer, within the budget (and at least 24)
    const wide = diagramJob(decodeHash('#model=rnn&k=512').params, null, { cols: 1000, rows: 400 }, false);
    expect(wide.cols).toBe(batchedDiagramColumnsWithin(512, wide.nd!.transient, wide.nd!.keep, meanFieldColumnS(true)));
    expect(wide.cols).toBeLessThan(1000);
    expect(wide.cols).toBeGreaterThanOrEqual(24);
    expect(diagramCost(wide, null).totalS).toBeLessThanOrEqual(2.01);
    // so does the PLRNN's
    expect(diagramJob(decodeHash('#model=plrnn&k=64').params, null, { cols: 1000, rows: 400 }, false).cols).toBe(1000);
    // the gated networks batch too, priced by their own shape: a GRU's product is 3H × H and its
    // gates cost more than a tanh, so a 64-unit GRU gets fewer columns than a 64-unit RNN, within the budget
    const gru = diagramJob(decodeHash('#model=gru&k=64').params, null, { cols: 1000, rows: 400 }, false);
    const shape = columnCostOf('gru');
    expect(shape.productN2).toBe(3);
    expect(shape.unitNs).toBeGreaterThan(NS.batchUnit);
    expect(gru.cols).toBe(batchedDiagramColumnsWithin(64, gru.nd!.transient, gru.nd!.keep, 0, shape));
    expect(gru.cols).toBeLessThan(1000);
    expect(diagramCost(gru, null).totalS).toBeCloseTo(gru.cols * columnBatchS(64, 300, 200, shape), 6);
    expect(diagramCost(gru, null).totalS).toBeLessThanOrEqual(2.01);
    // an LSTM of H units has n = 2H state numbers and a 4H × H product: n²
    expect(columnCostOf('lstm').productN2).toBe(1);
    // the batch's estimate: columns × (one batched column + its λ_MF)
    expect(diagramCost(rnn, null).totalS).toBeCloseTo(1000 * (columnBatchS(64, 300, 200) + meanFieldColumnS(true)), 6);
  });

  it('says estimates in words', () => {
    expect(fmtWork(0.4)).toBe('under a second');
    expect(fmtWork(20.2)).toBe('≈ 20 s');
    expect(fmtWork(3770)).toBe('≈ 63 min');
    expect(fmtWork(7 * 3600)).toBe('≈ 7 h');
    expect(fmtWork(Infinity)).toBe('an unknown time');
  });
});
