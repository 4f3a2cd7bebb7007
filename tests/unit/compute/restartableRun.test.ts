/**
 * The lifecycle the sweep and the τ sweep share (RestartableRun), on a minimal
 * manager whose workers answer only when the test says so: Start, the workers
 * pulling batches, Cancel, the restart on a config change, crashes, errors,
 * dispose, and where the managers' hooks are called.
 */
import { describe, expect, it } from 'vitest';
import { RestartableRun, type RunRecord } from '../../../src/compute/restartableRun';
import type { Outcome } from '../../../workers/outcome';

interface Cfg {
  key: string;
  /** Batches of a run (batch i answers with a value of the test's choosing). */
  n: number;
  runnable?: boolean;
}

interface Run extends RunRecord {
  n: number;
  next: number;
  retry: number[];
  got: number[];
}

interface Call {
  batch: number;
  jobId: number;
  resolve(o: Outcome<number>): void;
  reject(e: unknown): void;
}

interface Worker {
  calls: Call[];
  /** Every markStaleOn(w, jobId). */
  stale: number[];
}

interface View {
  state: string;
  key: string;
  jobId: number | null;
  got: number[];
  restarts: number;
  endedAt: number | null;
  message: string | null;
}

class Harness extends RestartableRun<Cfg, Run, Worker, number, number, View> {
  /** The hooks and the views in the order they happened. */
  readonly log: string[] = [];

  setConfig(cfg: Cfg): void {
    if (cfg.key !== this.key) this.configure(cfg, cfg.key);
  }

  override view(): View {
    const r = this.run;
    return { state: r?.state ?? 'idle', key: r?.key ?? '', jobId: r?.jobId ?? null, got: r ? [...r.got] : [], restarts: this.restarts, endedAt: r?.endedAt ?? null, message: r?.message ?? null };
  }

  protected override canRun(cfg: Cfg): boolean {
    return cfg.runnable !== false;
  }

  protected override newRun(cfg: Cfg, record: RunRecord): Run {
    return { ...record, n: cfg.n, next: 0, retry: [], got: [], state: cfg.n > 0 ? 'running' : 'done' };
  }

  protected override take(run: Run): number | null {
    return run.retry.length ? run.retry.shift()! : run.next < run.n ? run.next++ : null;
  }

  protected override dispatch(w: Worker, run: Run, batch: number): Promise<Outcome<number>> {
    return new Promise((resolve, reject) => w.calls.push({ batch, jobId: run.jobId, resolve, reject }));
  }

  protected override requeue(run: Run, batch: number): void {
    this.log.push(`requeue ${batch}`);
    run.retry.push(batch);
  }

  protected override accept(run: Run, _batch: number, result: number): boolean {
    run.got.push(result);
    return run.got.length === run.n;
  }

  protected override markStaleOn(w: Worker, jobId: number): void {
    w.stale.push(jobId);
  }

  protected override finished(run: Run): void {
    this.log.push(`finished ${run.jobId}`);
  }

  protected override workersIdle(): void {
    this.log.push('idle');
  }
}

function setup(workers = 2, maxCrashes = 2) {
  let t = 0;
  const pool: Worker[] = Array.from({ length: workers }, () => ({ calls: [], stale: [] }));
  const views: View[] = [];
  // a clock that moves 10 ms whenever it is read
  const m: Harness = new Harness({ workers: pool, now: () => (t += 10), maxCrashes, onView: (v) => (views.push(v), m.log.push(`view ${v.state}`)) });
  return { m, pool, views, last: () => views[views.length - 1] };
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

/** Answer a worker's oldest call. */
async function answer(w: Worker, value: number): Promise<Call> {
  const c = w.calls.shift()!;
  c.resolve({ ok: true, jobId: c.jobId, value });
  await flush();
  return c;
}

describe('RestartableRun', () => {
  it('starts only on request and for a config that can run; every worker pulls a batch, the next when its last is back; then done', async () => {
    const { m, pool, views, last } = setup(2);
    m.start(); // no config yet
    expect(views).toEqual([]);
    m.setConfig({ key: 'a', n: 3, runnable: false });
    expect(last().state).toBe('idle');
    m.start(); // the config cannot run
    expect(last().state).toBe('idle');
    expect(m.running).toBe(false);

    m.setConfig({ key: 'b', n: 3 });
    expect(pool.every((w) => w.calls.length === 0)).toBe(true);
    m.start();
    expect(m.running).toBe(true);
    expect(last()).toMatchObject({ state: 'running', key: 'b', jobId: 1, got: [], endedAt: null });
    expect(pool.map((w) => w.calls.map((c) => c.batch))).toEqual([[0], [1]]);
    const n = views.length;
    m.start(); // already running: nothing
    expect(views.length).toBe(n);

    await answer(pool[1], 10);
    expect(last()).toMatchObject({ state: 'running', got: [10] });
    expect(pool[1].calls.map((c) => c.batch)).toEqual([2]); // the free worker took the last batch
    await answer(pool[0], 20);
    expect(pool[0].calls).toEqual([]); // nothing left to hand out
    expect(last().state).toBe('running');
    m.log.length = 0;
    await answer(pool[1], 30);
    expect(last()).toMatchObject({ state: 'done', got: [10, 20, 30] });
    expect(last().endedAt).not.toBeNull();
    expect(m.running).toBe(false);
    // the manager's hooks: finished before the done view, the workers idle after it
    expect(m.log).toEqual(['finished 1', 'view done', 'idle']);
    expect(pool.every((w) => w.stale.length === 0)).toBe(true);
  });

  it('cancel ends the run, marks its job stale in every worker, drops late answers and hands out nothing more', async () => {
    const { m, pool, views, last } = setup(2);
    m.setConfig({ key: 'a', n: 5 });
    m.start();
    await answer(pool[0], 1);
    m.log.length = 0;
    m.cancel();
    const v = last();
    expect(v).toMatchObject({ state: 'cancelled', got: [1] });
    expect(v.endedAt).not.toBeNull();
    for (const w of pool) expect(w.stale).toEqual([2]); // jobId + 1
    expect(m.log).toEqual(['view cancelled', 'idle']);
    // the calls in flight come back: ignored, and nothing new goes out
    const n = views.length;
    await answer(pool[0], 2);
    await answer(pool[1], 3);
    expect(views.length).toBe(n);
    expect(pool.every((w) => w.calls.length === 0)).toBe(true);
    expect(m.view()).toMatchObject({ state: 'cancelled', got: [1] });
    // a second cancel does nothing
    m.cancel();
    expect(views.length).toBe(n);
    // Start again: a new job, the restart count back to 0
    m.start();
    expect(last()).toMatchObject({ state: 'running', jobId: 2, got: [], restarts: 0 });
  });

  it('a config of another key while running restarts the run under a new job id; the old run’s answers never count', async () => {
    const { m, pool, last } = setup(2);
    m.setConfig({ key: 'a', n: 4 });
    m.start();
    await answer(pool[0], 1);
    m.setConfig({ key: 'a', n: 4 }); // the same key: nothing
    expect(last()).toMatchObject({ state: 'running', jobId: 1, restarts: 0 });
    m.log.length = 0;
    m.setConfig({ key: 'b', n: 2 });
    expect(last()).toMatchObject({ state: 'running', key: 'b', jobId: 2, got: [], restarts: 1, endedAt: null });
    expect(m.log).toEqual(['view running']); // no idle hook: the workers are busy again
    for (const w of pool) expect(w.stale).toEqual([2]); // everything older than the new job
    // the old job's calls (batch 1 on worker 1, batch 2 on worker 0) come back late
    expect(pool.map((w) => w.calls.map((c) => c.jobId))).toEqual([
      [1, 2],
      [1, 2],
    ]);
    await answer(pool[0], 99);
    await answer(pool[1], 98);
    expect(last()).toMatchObject({ jobId: 2, got: [] });
    // no pump of the old run asks for more: only the new run's calls are left
    expect(pool.map((w) => w.calls.map((c) => c.jobId))).toEqual([[2], [2]]);
    await answer(pool[0], 5);
    await answer(pool[1], 6);
    expect(last()).toMatchObject({ state: 'done', key: 'b', got: [5, 6], restarts: 1 });
    // a finished run is not restarted by a change: it stays, for the old key
    m.log.length = 0;
    m.setConfig({ key: 'c', n: 2 });
    expect(last()).toMatchObject({ state: 'done', key: 'b', restarts: 1 });
    expect(m.log).toEqual(['idle', 'view done']); // the idle hook before the view
    expect(pool.every((w) => w.calls.length === 0)).toBe(true);
    m.start();
    expect(last()).toMatchObject({ state: 'running', key: 'c', jobId: 3, restarts: 0 });
  });

  it('a change to a config that cannot run cancels the running run (and counts as a restart)', async () => {
    const { m, pool, last } = setup(1);
    m.setConfig({ key: 'a', n: 3 });
    m.start();
    m.setConfig({ key: 'b', n: 3, runnable: false });
    expect(last()).toMatchObject({ state: 'cancelled', key: 'a', restarts: 1 });
    expect(last().endedAt).not.toBeNull();
    expect(pool[0].stale).toEqual([2]);
    await answer(pool[0], 1);
    expect(m.view()).toMatchObject({ state: 'cancelled', got: [] });
  });

  it('an empty run is done at once; no worker is called', () => {
    const { m, pool, last } = setup(2);
    m.setConfig({ key: 'a', n: 0 });
    m.start();
    expect(last().state).toBe('done');
    expect(pool.every((w) => w.calls.length === 0)).toBe(true);
  });

  it('a crashed call is requeued and redone; more than maxCrashes crashes fail the run and mark its job stale', async () => {
    const { m, pool, last } = setup(1, 2);
    m.setConfig({ key: 'a', n: 2 });
    m.start();
    const crash = async () => {
      pool[0].calls.shift()!.reject(new Error('the worker crashed'));
      await flush();
    };
    await crash();
    expect(m.log).toContain('requeue 0');
    expect(pool[0].calls.map((c) => c.batch)).toEqual([0]); // batch 0 again
    expect(last().state).toBe('running');
    await answer(pool[0], 7);
    await crash();
    expect(pool[0].calls.map((c) => c.batch)).toEqual([1]);
    m.log.length = 0;
    await crash(); // the third crash: more than 2
    expect(last()).toMatchObject({ state: 'error', message: 'the worker crashed', got: [7] });
    expect(last().endedAt).not.toBeNull();
    expect(pool[0].stale).toEqual([2]);
    expect(pool[0].calls).toEqual([]);
    expect(m.log).toEqual(['view error']); // no idle hook after an error
  });

  it('an ERROR outcome fails the run; a CANCELLED one only stops that worker’s pump', async () => {
    const { m, pool, last } = setup(2);
    m.setConfig({ key: 'a', n: 4 });
    m.start();
    const c0 = pool[0].calls.shift()!;
    c0.resolve({ ok: false, jobId: c0.jobId, code: 'CANCELLED', message: '' });
    await flush();
    expect(last().state).toBe('running');
    expect(pool[0].calls).toEqual([]); // that pump stopped
    expect(pool[1].calls.length).toBe(1);
    const c1 = pool[1].calls.shift()!;
    c1.resolve({ ok: false, jobId: c1.jobId, code: 'ERROR', message: 'out of memory' });
    await flush();
    expect(last()).toMatchObject({ state: 'error', message: 'out of memory' });
    for (const w of pool) expect(w.stale).toEqual([2]);
    expect(pool[1].calls).toEqual([]);
  });

  it('dispose cancels a running run (its cancelled view is the last) and nothing is emitted or started afterwards', async () => {
    const { m, pool, views, last } = setup(2);
    m.setConfig({ key: 'a', n: 3 });
    m.start();
    m.dispose();
    expect(last().state).toBe('cancelled');
    for (const w of pool) expect(w.stale).toEqual([2]);
    const n = views.length;
    await answer(pool[0], 1);
    m.setConfig({ key: 'b', n: 3 });
    m.start();
    expect(views.length).toBe(n);
    expect(m.running).toBe(false);
    expect(pool.map((w) => w.calls.length)).toEqual([0, 1]); // only the call still in flight before dispose
  });
});
