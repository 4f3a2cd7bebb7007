/**
 * The sweep scheduler with fake workers: each fake runs the real worker
 * methods (createSweepApi) in-process, with its own "latest job" table as a
 * worker has, so cancellation goes through the same isStale path.
 */
import { describe, expect, it } from 'vitest';
import { SweepManager, planSweepTasks, sweepConfigOf, sweepCurves, sweepKey, type SweepView, type SweepWorker } from '../../../src/compute/sweep';
import { gGrid, planTasks, runSweep, wilson, type CellCounts, type CellTask, type SweepConfig } from '../../../src/core/interval/sweep';
import { calibrationGs, createSweepApi, type SweepOutcome } from '../../../workers/sweep.api';
import { createDriver } from '../../../workers/driver';
import { defaultParams } from '../../../src/params/url';

const CFG: SweepConfig = { act: 'relu', out: 'identity', init: 'he', sb: 1, seed: 7, widths: [2, 8], gs: gGrid(0.5, 3.5, 4), samples: 30 };

interface Fake extends SweepWorker {
  calls: { tasks: CellTask[]; jobId: number }[];
  calibrations: number;
  cancels: { lane: string; jobId: number }[];
  outcomes: SweepOutcome<CellCounts[]>[];
  /** Hold every call until release() (to look at the scheduler mid-run). */
  hold: boolean;
  release(): void;
  /** Reject the next n calls as a crashed worker would. */
  crashNext: number;
}

function fakeWorker(log: CellTask[] = []): Fake {
  const latest = new Map<string, number>();
  const api = createSweepApi(createDriver({ isStale: (lane, jobId) => (latest.get(lane) ?? 0) > jobId }));
  let waiting: (() => void)[] = [];
  const w: Fake = {
    calls: [],
    calibrations: 0,
    cancels: [],
    outcomes: [],
    hold: false,
    crashNext: 0,
    release() {
      const ws = waiting;
      waiting = [];
      ws.forEach((f) => f());
    },
    async calibrate(cfg, jobId) {
      w.calibrations++;
      return api.sweepCalibrate(cfg, { lane: 'sweep-cal', jobId }, { minNetworks: 1, maxNetworks: 1, warmupMs: 0 });
    },
    async run(cfg, tasks, jobId) {
      w.calls.push({ tasks, jobId });
      log.push(...tasks);
      if (w.hold) await new Promise<void>((r) => waiting.push(r));
      if (w.crashNext > 0) {
        w.crashNext--;
        throw new Error('The diagram 1 worker crashed');
      }
      const out = await api.sweepTasks(cfg, tasks, { lane: 'sweep', jobId });
      w.outcomes.push(out);
      return out;
    },
    cancelBefore(lane, jobId) {
      w.cancels.push({ lane, jobId });
      if (jobId > (latest.get(lane) ?? 0)) latest.set(lane, jobId);
    },
  };
  return w;
}

function setup(n = 3, cfg = CFG, now?: () => number) {
  const log: CellTask[] = [];
  const workers = Array.from({ length: n }, () => fakeWorker(log));
  const views: SweepView[] = [];
  const waiters: { pred: (v: SweepView) => boolean; resolve: (v: SweepView) => void }[] = [];
  const m = new SweepManager({
    workers,
    now,
    onView: (v) => {
      views.push(v);
      for (const w of [...waiters]) {
        if (w.pred(v)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(v);
        }
      }
    },
  });
  const until = (pred: (v: SweepView) => boolean) => new Promise<SweepView>((resolve) => waiters.push({ pred, resolve }));
  m.setConfig(cfg);
  return { m, workers, views, until, log };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('sweep manager', () => {
  it('does not start by itself; the estimate comes from calibrating every width once', async () => {
    const { m, workers, views, until } = setup(2);
    expect(m.view().state).toBe('idle');
    expect(m.view().estimate).toBeNull();
    m.setActive(true);
    const v = await until((x) => x.estimate !== null);
    // only the first worker calibrates, every width, and nothing else runs
    expect(workers[0].calibrations).toBe(1);
    expect(workers[1].calibrations).toBe(0);
    expect(workers.every((w) => w.calls.length === 0)).toBe(true);
    const e = v.estimate!;
    expect(e.msPerNetwork).toHaveLength(2);
    expect(e.workers).toBe(2);
    const serial = (e.msPerNetwork[0] + e.msPerNetwork[1]) * CFG.gs.length * CFG.samples;
    expect(e.totalMs).toBeCloseTo(serial / 2, 9);
    expect(v.state).toBe('idle');
    expect(v.total).toBe(2 * 4 * 30);
    // another seed or sample count needs no new calibration
    m.setConfig({ ...CFG, seed: 8, samples: 60 });
    await tick();
    expect(workers[0].calibrations).toBe(1);
    expect(m.view().estimate!.totalMs).toBeCloseTo(2 * e.totalMs, 9);
    expect(views.every((x) => x.state === 'idle')).toBe(true);
  });

  it('spreads the tasks over all workers, accumulates progressively and ends with runSweep’s counts', async () => {
    const { m, workers, views, until, log } = setup(3);
    m.start();
    const done = await until((v) => v.state === 'done');
    expect(done.counts).toEqual(runSweep(CFG).counts);
    expect(done.done).toBe(done.total);
    expect(done.total).toBe(240);
    expect(done.outdated).toBe(false);
    for (const row of done.counts!) for (const c of row) expect(c.n).toBe(30);
    // every worker took part, and every call was a whole number of tasks
    for (const w of workers) expect(w.calls.length).toBeGreaterThan(0);
    // progress only grows, and the counts were published before the end
    const running = views.filter((v) => v.state === 'running');
    expect(running.length).toBeGreaterThan(3);
    for (let i = 1; i < running.length; i++) expect(running[i].done).toBeGreaterThanOrEqual(running[i - 1].done);
    const partial = running.find((v) => v.done > 0 && v.done < v.total)!;
    expect(partial.counts!.flat().some((c) => c.n > 0)).toBe(true);
    // tasks go out round by round: the first calls cover every cell before any cell's second batch
    expect(log.slice(0, 8).every((t) => t.s0 === 0)).toBe(true);
    expect(log).toEqual(planSweepTasks(CFG, 10));
    // within a round, the widest (costliest) networks first
    expect(log.slice(0, 8).map((t) => CFG.widths[t.ki])).toEqual([8, 8, 8, 8, 2, 2, 2, 2]);
    expect([...log].sort((a, b) => a.s0 - b.s0 || a.ki - b.ki || a.gi - b.gi)).toEqual(planTasks(CFG, 10));
    // the remaining time is a number while running, and the curves have Wilson bands
    expect(running.some((v) => v.remainingMs !== null && v.remainingMs >= 0)).toBe(true);
    const curves = sweepCurves(CFG, done.counts!);
    const c0 = done.counts![1][3];
    expect(curves[1].p3[3]).toBe(c0.p3 / 30);
    expect([curves[1].p3Low[3], curves[1].p3High[3]]).toEqual(wilson(c0.p3, 30));
    expect(curves[1].n).toEqual([30, 30, 30, 30]);
  });

  it('cancel stops dispatching, marks the job stale in every worker and drops late results', async () => {
    const { m, workers, until } = setup(2);
    m.start();
    await until((v) => v.done > 0);
    for (const w of workers) w.hold = true;
    await tick();
    const callsBefore = workers.map((w) => w.calls.length);
    const jobId = workers[0].calls[0].jobId;
    m.cancel();
    const v = m.view();
    expect(v.state).toBe('cancelled');
    expect(v.endedAt).not.toBeNull();
    for (const w of workers) expect(w.cancels).toContainEqual({ lane: 'sweep', jobId: jobId + 1 });
    const doneAtCancel = v.done;
    for (const w of workers) w.release();
    for (let i = 0; i < 20; i++) await tick();
    // held calls ran after the cancel: the worker side saw them stale
    expect(workers.some((w) => w.outcomes.some((o) => !o.ok && o.code === 'CANCELLED'))).toBe(true);
    // nothing new was dispatched and progress did not move
    expect(workers.map((w) => w.calls.length)).toEqual(callsBefore);
    expect(m.view().done).toBe(doneAtCancel);
    expect(m.view().state).toBe('cancelled');
  });

  it('calibration times every width at both ends and the middle of the g range', async () => {
    expect(calibrationGs(CFG.gs)).toEqual([0.5, 1.5, 3.5]);
    expect(calibrationGs([2])).toEqual([2]);
    const api = createSweepApi(createDriver({ isStale: () => false }));
    const out = await api.sweepCalibrate(CFG, { lane: 'sweep-cal', jobId: 1 }, { minNetworks: 4, maxNetworks: 4, warmupMs: 0 });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.gs).toEqual([0.5, 1.5, 3.5]);
    expect(out.value.networks).toEqual([4, 4]);
    for (const ms of out.value.msPerNetwork) expect(ms).toBeGreaterThan(0);
    // a stale calibration stops
    const stale = createSweepApi(createDriver({ isStale: () => true }));
    expect(await stale.sweepCalibrate(CFG, { lane: 'sweep-cal', jobId: 1 })).toMatchObject({ ok: false, code: 'CANCELLED' });
  });

  it('a running task of the worker stops within a slice when its job goes stale', async () => {
    const w = fakeWorker();
    const heavy: SweepConfig = { ...CFG, act: 'tanh', widths: [128], gs: [2], samples: 10 };
    const running = w.run(heavy, [{ ki: 0, gi: 0, s0: 0, s1: 10 }], 4);
    await tick();
    w.cancelBefore('sweep', 5);
    const out = await running;
    expect(out).toMatchObject({ ok: false, code: 'CANCELLED', jobId: 4 });
  });

  it('a parameter change while running restarts the sweep (progress resets); a finished one is only marked outdated', async () => {
    const { m, workers, until, views } = setup(2);
    m.start();
    await until((v) => v.done > 0);
    const firstJob = workers[0].calls[0].jobId;
    const cfgB: SweepConfig = { ...CFG, sb: 0.5, samples: 20 };
    m.setConfig(cfgB);
    const restarted = views[views.length - 1];
    expect(restarted.state).toBe('running');
    expect(restarted.restarts).toBe(1);
    expect(restarted.done).toBe(0);
    expect(restarted.total).toBe(2 * 4 * 20);
    expect(restarted.key).toBe(sweepKey(cfgB));
    for (const w of workers) expect(w.cancels).toContainEqual({ lane: 'sweep', jobId: firstJob + 1 });
    const done = await until((v) => v.state === 'done');
    expect(done.counts).toEqual(runSweep(cfgB).counts);
    expect(done.restarts).toBe(1);
    // late results of the first run never reached the counts (checked above by equality)
    // a change after the end: outdated, not restarted
    const calls = workers.map((w) => w.calls.length);
    m.setConfig({ ...cfgB, seed: 99 });
    let v = m.view();
    expect(v.state).toBe('done');
    expect(v.outdated).toBe(true);
    expect(v.counts).toEqual(done.counts);
    await tick();
    expect(workers.map((w) => w.calls.length)).toEqual(calls);
    // back to the parameters of the result: valid again
    m.setConfig(cfgB);
    v = m.view();
    expect(v.outdated).toBe(false);
    // the same config again is not a change
    const n = views.length;
    m.setConfig({ ...cfgB, widths: [...cfgB.widths], gs: [...cfgB.gs] });
    expect(views.length).toBe(n);
  });

  it('calls made after a calibration group several cheap tasks, and the counts do not change', async () => {
    const { m, workers, until } = setup(2);
    m.setActive(true);
    await until((v) => v.estimate !== null);
    m.start();
    const done = await until((v) => v.state === 'done');
    expect(done.counts).toEqual(runSweep(CFG).counts);
    const sizes = workers.flatMap((w) => w.calls.map((c) => c.tasks.length));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2 * 4 * 3);
  });

  it('a finished run rescales the estimate of the next one by the time it really took', async () => {
    // a clock that moves 40 ms whenever it is read: the run "takes" a known time
    let t = 0;
    const { m, until } = setup(2, CFG, () => (t += 40));
    m.setActive(true);
    const before = (await until((v) => v.estimate !== null)).estimate!;
    m.start();
    const done = await until((v) => v.state === 'done');
    const actual = done.endedAt! - done.startedAt;
    const after = done.estimate!;
    expect(actual).toBeGreaterThan(50);
    const factor = Math.min(5, Math.max(0.2, actual / before.totalMs));
    expect(after.totalMs).toBeCloseTo(before.totalMs * factor, 6);
    after.msPerNetwork.forEach((ms, i) => expect(ms).toBeCloseTo(before.msPerNetwork[i] * factor, 9));
  });

  it('a crashed call is redone on the restarted worker; a run fails after too many crashes', async () => {
    const { m, workers, until } = setup(2);
    workers[1].crashNext = 2;
    m.start();
    const done = await until((v) => v.state === 'done' || v.state === 'error');
    expect(done.state).toBe('done');
    expect(done.counts).toEqual(runSweep(CFG).counts);

    const bad = setup(1);
    bad.workers[0].crashNext = 100;
    bad.m.start();
    const failed = await bad.until((v) => v.state === 'error');
    expect(failed.message).toMatch(/crashed/);
  });

  it('the config comes from the link’s act, out, init, sb, seed, sw, sg0, sg1, sgn, sn', () => {
    const p = { ...defaultParams(), act: 'relu' as const, sw: [2, 8], sg0: 1, sg1: 3, sgn: 5, sn: 40, seed: 3, g: 1.7, x0: 0.4 };
    const cfg = sweepConfigOf(p);
    expect(cfg).toEqual({ act: 'relu', out: p.out, init: p.init, sb: p.sb, seed: 3, widths: [2, 8], gs: [1, 1.5, 2, 2.5, 3], samples: 40 });
    // g and x0 are not part of it
    const other = { ...p, g: 3, x0: 0 };
    expect(sweepKey(sweepConfigOf(other))).toBe(sweepKey(cfg));
    const sb2 = { ...p, sb: 2 };
    expect(sweepKey(sweepConfigOf(sb2))).not.toBe(sweepKey(cfg));
  });
});
