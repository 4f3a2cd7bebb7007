/**
 * The phase view's scheduler with fake workers that run the real worker
 * methods (createPhaseApi) in-process, each with its own "latest job" table,
 * so cancellation goes through the driver's isStale path as in a worker.
 */
import { describe, expect, it } from 'vitest';
import { PhaseManager, criticalLinePoints, phaseCellOrder, type PhaseConfig, type PhaseView, type PhaseWorker } from '../../../src/compute/phase';
import { phaseConfigOf, phaseStartsItself } from '../../../src/compute/phaseEngine';
import { createPhaseApi } from '../../../workers/phase.api';
import { createDriver } from '../../../workers/driver';
import { decodeHash } from '../../../src/params/url';
import { phaseJob, criticalGAt, type PhaseResult } from '../../../src/core/jobs/phaseJob';
import { runToEnd } from '../../../src/core/job';
import { progressiveOrder } from '../../../src/core/jobs/phaseOrder';
import { phaseProblemOf } from '../../../src/params/phase';

interface Fake extends PhaseWorker {
  cellCalls: number[][];
  lineCalls: number;
  crashNext: number;
  hold: boolean;
  release(): void;
}

function fakeWorker(): Fake {
  const latest = new Map<string, number>();
  const api = createPhaseApi(createDriver({ isStale: (lane, jobId) => (latest.get(lane) ?? 0) > jobId }));
  let waiting: (() => void)[] = [];
  const w: Fake = {
    cellCalls: [],
    lineCalls: 0,
    crashNext: 0,
    hold: false,
    release() {
      const ws = waiting;
      waiting = [];
      ws.forEach((f) => f());
    },
    async cells(req, cells, jobId) {
      w.cellCalls.push(cells);
      if (w.hold) await new Promise<void>((r) => waiting.push(r));
      if (w.crashNext > 0) {
        w.crashNext--;
        throw new Error('the worker crashed');
      }
      return api.phaseCells(req, cells, { lane: 'phase', jobId });
    },
    async line(req, at, jobId) {
      w.lineCalls++;
      return api.phaseLine(req, at, { lane: 'phase', jobId });
    },
    cancelBefore(jobId) {
      if (jobId > (latest.get('phase') ?? 0)) latest.set('phase', jobId);
    },
  };
  return w;
}

function setup(n: number) {
  const workers = Array.from({ length: n }, fakeWorker);
  const views: PhaseView[] = [];
  const waiters: { pred: (v: PhaseView) => boolean; resolve: (v: PhaseView) => void }[] = [];
  const m = new PhaseManager({
    workers,
    targetCallMs: 5,
    linePoints: 5,
    onView: (v) => {
      views.push(v);
      for (const w of [...waiters]) if (w.pred(v)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(v);
      }
    },
  });
  const until = (pred: (v: PhaseView) => boolean) => new Promise<PhaseView>((resolve) => waiters.push({ pred, resolve }));
  return { m, workers, views, until };
}

function config(hash: string): PhaseConfig {
  const d = decodeHash(hash);
  expect(d.warnings).toEqual([]);
  const cfg = phaseConfigOf(d.params, null);
  expect(cfg).not.toBeNull();
  return cfg!;
}

const RNN = '#v=1&tab=phase&model=rnn&k=8&seed=3&px=g&px0=0.5&px1=3&py=sb&py0=0&py1=1&pn=6&pls=200&lt=100';

describe('the phase manager', () => {
  it('computes every cell on all workers, bit for bit as phaseJob, with the critical line', async () => {
    const { m, workers, until } = setup(3);
    // 1 ms a cell by the cost model: batches of 5 cells (grown to a column's 6), so every worker gets some
    const cfg = { ...config(RNN), cellS: 0.001 };
    m.setConfig(cfg);
    const done = until((v) => v.state === 'done');
    m.start();
    const v = await done;
    const ref = runToEnd(phaseJob(cfg.req)) as PhaseResult;
    const map = v.map!;
    expect([...map.computed].every((c) => c === 1)).toBe(true);
    expect(Array.from(map.value)).toEqual(Array.from(ref.value));
    expect(Array.from(map.stderr)).toEqual(Array.from(ref.stderr));
    expect(Array.from(map.diverged)).toEqual(Array.from(ref.diverged));
    // λ_max rises with g: negative at g = 0.5, positive at g = 3 (σ_b = 0)
    expect(map.value[0]).toBeLessThan(0);
    expect(map.value[5]).toBeGreaterThan(0);
    // every worker took part, and the cells went out coarse to fine
    expect(workers.every((w) => w.cellCalls.length + w.lineCalls > 0)).toBe(true);
    expect(workers.reduce((s, w) => s + w.lineCalls, 0)).toBe(1);
    // the critical line: the mean field's critical g at each point of the σ_b window
    const pts = criticalLinePoints(cfg.req, 5)!;
    expect(v.line!.axis).toBe('y');
    expect(v.line!.at).toEqual(pts.at);
    pts.at.forEach((sb, i) => expect(v.line!.g[i]).toBe(criticalGAt(cfg.req, 'y', sb)));
    expect(v.line!.g[0]).toBeCloseTo(1, 6); // tanh, σ_b = 0: g_c = 1
  });

  it('hands out the cells in the progressive order', async () => {
    const { m, workers, until } = setup(1);
    const cfg = config(RNN.replace('pn=6', 'pn=20').replace('pls=200', 'pls=100').replace('lt=100', 'lt=10'));
    m.setConfig(cfg);
    const done = until((v) => v.state === 'done');
    m.start();
    await done;
    // coarse to fine, each level column by column: the cells of one g go out together (they run as one batch)
    expect(workers[0].cellCalls.flat()).toEqual(progressiveOrder(20, 20, 8, true));
    expect(workers[0].cellCalls.flat()).toEqual(phaseCellOrder(cfg.req));
  });

  it('cancels: the workers drop the run, and a new start computes the whole map again', async () => {
    const { m, workers, until } = setup(2);
    m.setConfig(config(RNN));
    workers.forEach((w) => (w.hold = true));
    m.start();
    await until((v) => v.state === 'running');
    m.cancel();
    workers.forEach((w) => w.release());
    const v = m.view();
    expect(v.state).toBe('cancelled');
    expect(v.done).toBeLessThan(v.total);
    workers.forEach((w) => (w.hold = false));
    const done = until((x) => x.state === 'done');
    m.start();
    expect((await done).done).toBe(36);
  });

  it('restarts for a changed config, and redoes a crashed batch', async () => {
    const { m, workers, until } = setup(2);
    m.setConfig(config(RNN));
    workers[0].crashNext = 1;
    m.start();
    const other = config(RNN.replace('seed=3', 'seed=4'));
    m.setConfig(other);
    const v = await until((x) => x.state === 'done');
    expect(v.key).toBe(other.key);
    expect(v.restarts).toBe(1);
    const ref = runToEnd(phaseJob(other.req)) as PhaseResult;
    expect(Array.from(v.map!.value)).toEqual(Array.from(ref.value));
  });

  it('counts p3 with the sweep’s networks and its Wilson interval', async () => {
    const { m, until } = setup(2);
    const cfg = config('#v=1&tab=phase&model=net1d&act=relu&init=he&k=8&pq=p3&px=g&px0=1&px1=4&py=sb&py0=0&py1=1&pn=4&sn=20');
    expect(cfg.cellS).toBeNull(); // not known in advance: waits for Start
    expect(phaseStartsItself(cfg.cellS)).toBe(false);
    m.setConfig(cfg);
    const done = until((v) => v.state === 'done');
    m.start();
    const v = await done;
    const ref = runToEnd(phaseJob(cfg.req)) as PhaseResult;
    expect(Array.from(v.map!.value)).toEqual(Array.from(ref.value));
    expect(Array.from(v.map!.count)).toEqual(Array.from(ref.count!));
    expect(Array.from(v.map!.low)).toEqual(Array.from(ref.low!));
    // the mean-field line of the 1-D ReLU network with He weights: g_c = 2^(−1/4) at every σ_b (core/map1d/meanField1d.ts)
    expect(v.line!.axis).toBe('y');
    for (const g of v.line!.g) expect(g).toBeCloseTo(2 ** -0.25, 8);
  });
});

describe('the phase view’s config from a link', () => {
  it('says why a map cannot be drawn', () => {
    const d = (h: string) => decodeHash(h).params;
    expect(phaseProblemOf(d('#v=1&model=rnn&pq=p3'))).toMatch(/Paper B/);
    expect(phaseProblemOf(d('#v=1&model=rnn'))).toBeNull();
    expect(phaseConfigOf(d('#v=1&model=rnn&pq=p2'), null)).toBeNull();
  });

  it('starts by itself within the progressive budget only', () => {
    const small = config('#v=1&tab=phase&model=rnn&k=64&seed=1');
    expect(phaseStartsItself(small.cellS! * 32 * 32)).toBe(true);
    const big = config('#v=1&tab=phase&model=rnn&k=128&seed=1&pn=128&pls=20000');
    expect(phaseStartsItself(big.cellS! * 128 * 128)).toBe(false);
  });
});
