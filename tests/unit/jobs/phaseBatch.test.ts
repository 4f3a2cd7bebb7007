/**
 * Cells of a phase map as column batches (issue #17, core/jobs/phaseBatch.ts):
 * which maps batch, how cells are grouped and handed out, and that a batched
 * map is the one-cell runs bit for bit (so a cell still equals the CLI's
 * lyapunov of its state, docs/cli.md).
 */
import { describe, expect, it } from 'vitest';
import { decodeHash } from '../../../src/params/url';
import { phaseRequest, phaseSettingsOf } from '../../../src/params/phase';
import { phaseCell, phaseCellCostS, phaseCellsJob, phaseJob, sharedArena, type PhaseCellValue, type PhaseJobRequest } from '../../../src/core/jobs/phaseJob';
import { PHASE_BATCH_MIN_CELLS, phaseBatchAxis, phaseBatchRuns, phaseCellGroups } from '../../../src/core/jobs/phaseBatch';
import { lambdaMaxOf, lyapunovJob } from '../../../src/core/jobs/lyapunovJob';
import { phaseCellRequest } from '../../../src/core/jobs/phaseJob';
import { coarsestStride, progressiveOrder, strideOf } from '../../../src/core/jobs/phaseOrder';
import { PHASE_TARGET_CALL_MS, nextPhaseCells, phaseBatchSize, phaseCellBatches, phaseCellOrder } from '../../../src/compute/phase';
import { NO_PAUSE, runToEnd } from '../../../src/core/job';
import { kernelsActive, setKernelsEnabled } from '../../../src/core/linalg/simd';

function requestOf(link: string): PhaseJobRequest {
  const s = decodeHash(link);
  return phaseRequest(s.params, null, phaseSettingsOf(s.params));
}

/** A cell's value as plain data (toEqual: bit for bit, NaN equal to NaN). */
const plain = (v: PhaseCellValue) => ({ ...v });

/** Every cell one by one (the reference: each its own lyapunov run). */
function oneByOne(req: PhaseJobRequest, cells: readonly number[]): PhaseCellValue[] {
  const arena = sharedArena(req);
  return cells.map((c) => runToEnd(phaseCell(req, c, NO_PAUSE, arena)));
}

const TANH = '#v=1&tab=phase&model=rnn&act=tanh&k=24&seed=3&pn=6&pls=300&lt=200';
const GRU = '#v=1&tab=phase&model=gru&k=12&seed=3&pn=6&pls=300&lt=200&px0=0.5&px1=10&py=ia&py0=0&py1=2';

describe('which phase maps run their cells as column batches', () => {
  it('λ maps of the RNN with σ_b or the input amplitude on an axis; not p3, a map of the line, several exponents, a tolerance, the PLRNN', () => {
    expect(phaseBatchAxis(requestOf(TANH))).toBe('y'); // g × σ_b: a column of the map shares g
    expect(phaseBatchAxis(requestOf(`${TANH}&px=sb&px0=0&px1=2&py=g&py0=0.5&py1=3`))).toBe('x');
    expect(phaseBatchAxis(requestOf(`${TANH}&py=ia&py0=0&py1=2&inp=sine`))).toBe('y');
    expect(phaseBatchAxis(requestOf(`${TANH}&pq=kind`))).toBe('y');
    expect(phaseBatchAxis(requestOf(`${TANH}&pq=lambda-mean`))).toBe('y');
    const req = requestOf(TANH);
    expect(phaseBatchAxis({ ...req, quantity: 'p3' })).toBeNull();
    expect(phaseBatchAxis({ ...req, lyapunov: { ...req.lyapunov!, k: 2 } })).toBeNull();
    expect(phaseBatchAxis({ ...req, lyapunov: { ...req.lyapunov!, tol: 0.01 } })).toBeNull();
    expect(phaseBatchAxis(requestOf('#v=1&tab=phase&model=net1d&pn=4'))).toBeNull();
    expect(phaseBatchAxis(requestOf('#v=1&tab=phase&model=plrnn&k=12&pn=4'))).toBeNull();
    // the gated networks batch along the input amplitude (their columns of one g are exact)
    expect(phaseBatchAxis(requestOf(`${GRU}&inp=sine`))).toBe('y');
    // g × width: no column shares its weights with another at another σ_b
    expect(phaseBatchAxis(requestOf(`${TANH}&py=k&py0=8&py1=24`))).toBeNull();
  });

  it('groups: every cell once, cells of a group share the fixed axis, at most `max` a group; one cell a group when nothing batches', () => {
    const req = requestOf(TANH);
    const nx = req.x.values.length;
    const cells = phaseCellOrder(req);
    const groups = phaseCellGroups(req, cells, 4);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(cells.slice().sort((a, b) => a - b));
    for (const g of groups) {
      expect(g.length).toBeLessThanOrEqual(4);
      expect(new Set(g.map((c) => c % nx)).size).toBe(1);
    }
    const byRow = phaseCellGroups(requestOf(`${TANH}&px=sb&px0=0&px1=2&py=g&py0=0.5&py1=3`), cells);
    for (const g of byRow) expect(new Set(g.map((c) => Math.floor(c / nx))).size).toBe(1);
    expect(phaseCellGroups({ ...req, quantity: 'p2' }, [3, 1, 2])).toEqual([[3], [1], [2]]);
  });
});

describe('a batched phase map is its cells run one by one, bit for bit', () => {
  const cases: { name: string; link: string }[] = [
    { name: 'λ_max, tanh, g × σ_b', link: TANH },
    { name: 'λ_max, ReLU, g × σ_b with diverging cells', link: '#v=1&tab=phase&model=rnn&act=relu&k=20&seed=3&pn=6&px0=0&px1=3&pls=300&lt=200' },
    { name: 'λ_max, g × input amplitude, sine input', link: `${TANH}&inp=sine&ip=7&py=ia&py0=0&py1=2` },
    { name: 'λ_max, σ_b × g (batches along x)', link: `${TANH}&px=sb&px0=0&px1=2&py=g&py0=0.5&py1=3` },
    { name: 'kind', link: `${TANH}&pq=kind` },
    { name: 'lambda-mean over 3 seeds', link: `${TANH}&pq=lambda-mean&pn=5&sn=3` },
    { name: 'a GRU, λ_max, g × input amplitude, sine input', link: `${GRU}&inp=sine&ip=7` },
    { name: 'an LSTM, kind, g × constant input', link: '#v=1&tab=phase&model=lstm&k=8&seed=2&pn=6&pls=300&lt=200&px0=0.5&px1=12&py=ia&py0=-2&py1=2&inp=const&pq=kind' },
  ];
  for (const { name, link } of cases)
    it(name, () => {
      const req = requestOf(link);
      expect(req.lyapunov!.params.model).toBe(link.match(/model=(\w+)/)![1]);
      expect(req.y.param === 'ia' || !link.includes('py=ia')).toBe(true);
      expect(phaseBatchAxis(req)).not.toBeNull();
      expect(kernelsActive()).toBe(true);
      const total = req.x.values.length * req.y.values.length;
      const cells = phaseCellOrder(req);
      // the groups of the whole map are batches (not single cells)
      expect(phaseCellGroups(req, cells).every((g) => g.length >= PHASE_BATCH_MIN_CELLS)).toBe(true);
      const ref = oneByOne(req, cells);
      const got = runToEnd(phaseCellsJob(req, cells));
      cells.forEach((c, i) => {
        const v = { value: got.value[i], stderr: got.stderr[i], low: got.low[i], high: got.high[i], count: got.count[i], kind: got.kind[i], diverged: got.diverged[i] === 1 };
        expect(v, `cell ${c}`).toEqual(plain(ref[i]));
      });
      // the whole map as the CLI runs it: the same cells
      const map = runToEnd(phaseJob(req));
      expect(map.done).toBe(total);
      cells.forEach((c, i) => {
        expect(map.value[c]).toEqual(ref[i].value);
        expect(map.stderr[c]).toEqual(ref[i].stderr);
        expect(map.diverged[c] === 1).toBe(ref[i].diverged);
        if (map.kind) expect(map.kind[c]).toBe(ref[i].kind);
        if (req.quantity === 'lambda-mean') expect(map.count![c]).toBe(ref[i].count);
      });
      if (link.includes('relu')) expect(ref.some((v) => v.diverged) && ref.some((v) => !v.diverged)).toBe(true);
      if (req.quantity === 'kind') expect(new Set(ref.map((v) => v.kind)).size).toBeGreaterThan(1);
    });

  it('one batch against lyapunov of each cell: λ_max, its error and divergence; the JavaScript kernels give the same bits', () => {
    const req = requestOf(TANH);
    const nx = req.x.values.length;
    const column = Array.from({ length: req.y.values.length }, (_, r) => r * nx + 4); // g = x value 4, every σ_b
    const batch = runToEnd(phaseBatchRuns(req, column, 0, false, NO_PAUSE, { arena: null }));
    column.forEach((c, i) => {
      const run = runToEnd(lyapunovJob(phaseCellRequest(req.lyapunov!, req.x.param, req.x.values[c % nx], req.y.param, req.y.values[Math.floor(c / nx)])));
      const lm = lambdaMaxOf(run);
      expect(batch.lambda[i]).toBe(lm.lambda);
      expect(batch.lambdaStderr[i]).toBe(lm.stderr);
      expect(batch.diverged[i]).toBe(0);
    });
    // a chaotic and an ordered cell among them (the test means something)
    expect(Math.max(...batch.lambda)).toBeGreaterThan(0.01);
    setKernelsEnabled(false);
    try {
      const js = runToEnd(phaseBatchRuns(req, column, 0, false, NO_PAUSE, { arena: null }));
      expect([...js.lambda]).toEqual([...batch.lambda]);
      expect([...js.lambdaStderr]).toEqual([...batch.lambdaStderr]);
    } finally {
      setKernelsEnabled(true);
    }
  });
});

describe('handing the cells out', () => {
  it('column by column within each level, coarse levels first, every cell once', () => {
    for (const [nx, ny] of [
      [32, 32],
      [17, 5],
      [40, 12],
    ]) {
      const order = progressiveOrder(nx, ny, 8, true);
      expect(new Set(order).size).toBe(nx * ny);
      expect(order.length).toBe(nx * ny);
      const s0 = coarsestStride(nx, ny);
      const strides = order.map((c) => strideOf(Math.floor(c / nx), c % nx, s0));
      for (let i = 1; i < order.length; i++) {
        expect(strides[i]).toBeLessThanOrEqual(strides[i - 1]);
        // within a level, columns ascend, and rows ascend within a column
        if (strides[i] === strides[i - 1]) {
          const [c0, c1] = [order[i - 1] % nx, order[i] % nx];
          expect(c1 > c0 || (c1 === c0 && order[i] > order[i - 1])).toBe(true);
        }
      }
    }
  });

  it('a worker’s n cells grow to the end of their column (up to 2n); costly cells (n < 4) and maps that do not batch take n', () => {
    const req = requestOf('#v=1&tab=phase&model=rnn&act=tanh&k=64&seed=1');
    const nx = req.x.values.length;
    const order = phaseCellOrder(req);
    // the first level's column 0 has 8 cells (rows 0, 4, …, 28): n = 5 grows to the column's end
    const col0 = [0, 4, 8, 12, 16, 20, 24, 28].map((r) => r * nx);
    expect(nextPhaseCells(req, order, 0, 5)).toEqual(col0);
    expect(nextPhaseCells(req, order, 0, 4)).toEqual(col0);
    expect(nextPhaseCells(req, order, 0, 3)).toEqual(col0.slice(0, 3));
    const cellS = phaseCellCostS(req);
    const n = phaseBatchSize(cellS, PHASE_TARGET_CALL_MS, order.length);
    expect(n).toBeGreaterThanOrEqual(PHASE_BATCH_MIN_CELLS);
    const batches = phaseCellBatches(req, cellS);
    expect(batches.flat()).toEqual(order);
    for (let i = 0; i + 1 < batches.length; i++) {
      const b = batches[i];
      expect(b.length).toBeGreaterThanOrEqual(n);
      expect(b.length).toBeLessThanOrEqual(2 * n);
      // a batch that stopped short of 2n cells ends where its column ends
      if (b.length < 2 * n) expect(batches[i + 1][0] % nx).not.toBe(b[b.length - 1] % nx);
    }
    const p3 = { ...req, quantity: 'p3' as const };
    expect(nextPhaseCells(p3, order, 0, 5)).toEqual(order.slice(0, 5));
  });

  it('the cost model prices a batched cell as a column of a batch, below its one-by-one run', () => {
    const req = requestOf('#v=1&tab=phase&model=rnn&act=tanh&k=64&seed=1');
    const batched = phaseCellCostS(req)!;
    const alone = phaseCellCostS({ ...req, lyapunov: { ...req.lyapunov!, k: 2 } })!;
    expect(batched).toBeGreaterThan(0);
    expect(batched).toBeLessThan(alone);
  });
});
