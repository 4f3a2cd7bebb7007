import { describe, expect, it } from 'vitest';
import { LatestWinsLane, type LaneOutcome } from '../../../src/compute/lane';
import { WorkAllowance, follow, viewLane, type Job } from '../../../src/compute/lanes';
import { START_BUDGET_S } from '../../../src/core/cost';
import { createAppStore, type AppState } from '../../../src/state/store';

interface Req {
  v: number;
  draft: boolean;
}

/** A lane whose jobs are resolved by hand, recording what reaches the screen. */
function harness() {
  const jobs: { req: Req; jobId: number; resolve: (o: LaneOutcome<number>) => void }[] = [];
  const delivered: number[] = [];
  const cancels: number[] = [];
  const statuses: string[] = [];
  const lane = new LatestWinsLane<Req, number>({
    dispatch: (req, jobId) => new Promise((resolve) => jobs.push({ req, jobId, resolve })),
    cancelBefore: (id) => cancels.push(id),
    deliver: (v) => delivered.push(v),
    onStatus: (s) => statuses.push(s.state),
    preemptible: (r) => !r.draft,
  });
  return { lane, jobs, delivered, cancels, statuses };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('latest-wins lane', () => {
  it('keeps one job in flight and only the newest pending request', async () => {
    const h = harness();
    h.lane.request({ v: 1, draft: true });
    h.lane.request({ v: 2, draft: true });
    h.lane.request({ v: 3, draft: true });
    expect(h.jobs.map((j) => j.req.v)).toEqual([1]);
    h.jobs[0].resolve({ ok: true, value: 10 });
    await tick();
    // the draft was drawn (a drag is followed), then the newest pending was sent; 2 never ran
    expect(h.delivered).toEqual([10]);
    expect(h.jobs.map((j) => j.req.v)).toEqual([1, 3]);
    h.jobs[1].resolve({ ok: true, value: 30 });
    await tick();
    expect(h.delivered).toEqual([10, 30]);
    expect(h.statuses.at(-1)).toBe('idle');
  });

  it('stops a running final job when a newer request comes, and never draws it', async () => {
    const h = harness();
    h.lane.request({ v: 1, draft: false });
    const first = h.jobs[0].jobId;
    h.lane.request({ v: 2, draft: false });
    // the worker was told that jobs before first + 1 are stale
    expect(h.cancels).toContain(first + 1);
    // the stale job still answers (it finished before noticing): it is dropped
    h.jobs[0].resolve({ ok: true, value: 111 });
    await tick();
    expect(h.delivered).toEqual([]);
    expect(h.jobs[1].jobId).toBe(first + 1);
    h.jobs[1].resolve({ ok: true, value: 222 });
    await tick();
    expect(h.delivered).toEqual([222]);
  });

  it('reports cancellation quietly and errors as a status', async () => {
    const h = harness();
    h.lane.request({ v: 1, draft: false });
    h.jobs[0].resolve({ ok: false, code: 'CANCELLED', message: 'superseded' });
    await tick();
    expect(h.delivered).toEqual([]);
    expect(h.statuses.at(-1)).toBe('idle');
    h.lane.request({ v: 2, draft: false });
    h.jobs[1].resolve({ ok: false, code: 'ERROR', message: 'boom' });
    await tick();
    expect(h.statuses.at(-1)).toBe('error');
  });

  it('survives a dispatch that rejects (a crashed worker) and goes on', async () => {
    let n = 0;
    const delivered: number[] = [];
    const statuses: string[] = [];
    const lane = new LatestWinsLane<Req, number>({
      dispatch: async (req) => {
        if (n++ === 0) throw new Error('worker crashed');
        return { ok: true, value: req.v };
      },
      cancelBefore: () => undefined,
      deliver: (v) => delivered.push(v),
      onStatus: (s) => statuses.push(s.state === 'error' ? `error:${s.message}` : s.state),
      preemptible: () => true,
    });
    lane.request({ v: 1, draft: false });
    await tick();
    expect(statuses).toContain('error:worker crashed');
    lane.request({ v: 2, draft: false });
    await tick();
    expect(delivered).toEqual([2]);
  });

  it('never lets an older result replace a newer one', async () => {
    const h = harness();
    h.lane.request({ v: 1, draft: true });
    h.jobs[0].resolve({ ok: true, value: 1 });
    await tick();
    h.lane.request({ v: 2, draft: true });
    h.jobs[1].resolve({ ok: true, value: 2 });
    await tick();
    expect(h.delivered).toEqual([1, 2]);
  });
});

describe('follow', () => {
  type S = { shown: boolean; v: number; dragging: boolean };
  const follower = (h: ReturnType<typeof harness>) =>
    follow(h.lane as unknown as LatestWinsLane<Job<{ v: number }>, unknown>, (s: AppState) => ((s as unknown as S).shown ? { v: (s as unknown as S).v } : null));
  const state = (shown: boolean, v = 1): AppState => ({ shown, v, dragging: false }) as unknown as AppState;

  it('a view no longer shown cancels its running job, and asks again when shown again', async () => {
    const h = harness();
    const f = follower(h);
    f(state(true));
    expect(h.jobs).toHaveLength(1);
    const first = h.jobs[0].jobId;
    f(state(false));
    // the workers are told to drop it
    expect(h.cancels).toContain(first + 1);
    h.jobs[0].resolve({ ok: false, code: 'CANCELLED', message: '' });
    await tick();
    expect(h.statuses.at(-1)).toBe('idle');
    // shown again: the same request is asked for again (its result never came)
    f(state(true));
    expect(h.jobs).toHaveLength(2);
    expect(h.jobs[1].req).toMatchObject({ req: { v: 1 } });
  });

  it('a view hidden after its job finished cancels nothing and asks for nothing when shown again', async () => {
    const h = harness();
    const f = follower(h);
    f(state(true));
    h.jobs[0].resolve({ ok: true, value: 5 });
    await tick();
    const cancels = h.cancels.length;
    f(state(false));
    f(state(true));
    expect(h.cancels.length).toBe(cancels);
    expect(h.jobs).toHaveLength(1);
    expect(h.delivered).toEqual([5]);
  });
});

describe('follow with a cost (the cost model, core/cost.ts)', () => {
  type S = { v: number; dragging: boolean };
  const state = (v: number, dragging = false): AppState => ({ v, dragging, params: {} }) as unknown as AppState;

  function priced() {
    const h = harness();
    const store = createAppStore();
    const allowance = new WorkAllowance();
    // a request of v costs v seconds; its draft (v / 100) always fits
    const build = (s: AppState, draft: boolean) => ({ v: (s as unknown as S).v, draft });
    const f = follow(h.lane as unknown as LatestWinsLane<Job<{ v: number; draft: boolean }>, unknown>, build, {
      name: 'view',
      allowance,
      store,
      estimate: (r) => ({ firstS: r.draft ? r.v / 100 : r.v, totalS: r.draft ? r.v / 100 : r.v }),
    });
    return { h, store, allowance, f };
  }

  it('sends what fits, with the allowance as its meter’s limit, and no gate', () => {
    const { h, store, f } = priced();
    f(state(2));
    expect(h.jobs).toHaveLength(1);
    expect(h.jobs[0].req).toMatchObject({ req: { v: 2, draft: false }, draft: false, limitS: START_BUDGET_S });
    expect(store.getState().gates.view ?? null).toBeNull();
  });

  it('beyond the allowance: the estimate as the gate, the cheap draft meanwhile; Start allows it', () => {
    const { h, store, allowance, f } = priced();
    f(state(40));
    expect(store.getState().gates.view).toEqual({ kind: 'estimate', seconds: 40, partial: false });
    expect(h.jobs).toHaveLength(1);
    expect(h.jobs[0].req).toMatchObject({ req: { v: 40, draft: true }, draft: true });
    // the same state again asks for nothing more
    f(state(40));
    expect(h.jobs).toHaveLength(1);
    // Start: the view may now spend 4× the estimate, and the final goes out
    allowance.approve('view', 40);
    expect(allowance.of('view')).toBe(160);
    f.reset();
    f(state(40));
    h.jobs[0].resolve({ ok: true, value: 0 });
    return tick().then(() => {
      expect(h.jobs.at(-1)!.req).toMatchObject({ req: { v: 40, draft: false }, limitS: 160 });
      expect(store.getState().gates.view ?? null).toBeNull();
      // a later state of the same cost needs no second click; a far heavier one does
      f(state(100));
      expect(store.getState().gates.view ?? null).toBeNull();
      f(state(1000));
      expect(store.getState().gates.view).toMatchObject({ kind: 'estimate', seconds: 1000 });
    });
  });

  it('a job its meter stopped leaves a gate with what it spent (the view lane)', async () => {
    const store = createAppStore();
    const sent: { v: number; limitS: number | undefined; resolve: (o: LaneOutcome<number>) => void }[] = [];
    const delivered: number[] = [];
    const lane = viewLane<{ v: number }, number>(
      store,
      'search',
      (req, _jobId, limitS) => new Promise((resolve) => sent.push({ v: req.v, limitS, resolve })),
      () => {},
      (v) => delivered.push(v),
    );
    const f = follow(lane, (s) => ({ v: (s as unknown as S).v }), { name: 'search', allowance: new WorkAllowance(), store, estimate: () => null });
    f(state(7));
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0].limitS).toBe(START_BUDGET_S);
    sent[0].resolve({ ok: false, code: 'OVER_BUDGET', message: 'stopped', spentS: 5.2 });
    await expect.poll(() => store.getState().gates.search).toEqual({ kind: 'spent', seconds: 5.2 });
    expect(delivered).toEqual([]);
    expect(store.getState().jobs.search).toEqual({ state: 'idle' });
  });
});
