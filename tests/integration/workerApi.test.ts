/**
 * The worker API over a real MessageChannel, the way Comlink carries it
 * between the page and a worker: results arrive as typed arrays whose buffers
 * were transferred (the sender's copies are detached), and a job superseded
 * by a newer one reports CANCELLED.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expose, wrap, type Remote } from 'comlink';
import { createComputeApi, type ComputeApi, type BifurcationRequest } from '../../workers/compute.api';
import { expressivityRequest, panel1dRequest, periodicRequest, vectorPanelRequest } from '../../src/params/requests';
import { decodeHash, defaultParams } from '../../src/params/url';
import type { SweepBase } from '../../src/core/map1d/bifurcation';
import type { ModelParams } from '../../src/core/models';

let channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels) {
    c.port1.close();
    c.port2.close();
  }
  channels = [];
});

function connect() {
  const sent: unknown[] = [];
  const ch = new MessageChannel();
  channels.push(ch);
  expose(createComputeApi({ onResult: (v) => sent.push(v) }), ch.port2);
  const api = wrap<ComputeApi>(ch.port1) as Remote<ComputeApi>;
  return { api, sent };
}

function base(k = 16): SweepBase {
  const p = defaultParams();
  return {
    params: { ...(p as unknown as ModelParams), k, x0: 0.1 },
    imported: null,
    param: 'g',
    transient: 1000,
    keep: 500,
  };
}

describe('compute API over a MessageChannel', () => {
  it('answers the panel request with transferred typed arrays', async () => {
    const { api, sent } = connect();
    const req = panel1dRequest({ ...defaultParams(), model: 'logistic', r: 3.2, x0: 0.1 }, null, false);
    const out = await api.panel1d(req, { lane: 'panel1d', jobId: 1 });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.orbit).toBeInstanceOf(Float64Array);
    expect(out.value.orbit.length).toBe(req.params.T + 1);
    expect(out.value.analysis.period).toBe(2);
    expect(out.value.kind).toBe('periodic');
    // the worker-side arrays were transferred, not copied
    const original = sent[0] as { orbit: Float64Array; xs: Float64Array };
    expect(original.orbit.byteLength).toBe(0);
    expect(original.xs.byteLength).toBe(0);
  });

  it('computes a share of the orbit diagram, histogram counts conserved', async () => {
    const { api, sent } = connect();
    const req: BifurcationRequest = { base: base(), lo: 0, hi: 4, cols: 40, j0: 10, j1: 20, rows: 64, yRange: null };
    const out = await api.bifurcation(req, { lane: 'diagram', jobId: 1 });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const c = out.value;
    expect(c.counts.length).toBe(10 * 64);
    let total = 0;
    for (const v of c.counts) total += v;
    const divergedCols = [...c.diverged].filter(Boolean).length;
    expect(total + c.outside).toBe((10 - divergedCols) * 500);
    expect(c.yRange[1]).toBeGreaterThan(c.yRange[0]);
    expect((sent[0] as { counts: Uint32Array }).counts.byteLength).toBe(0);
  });

  it('reports cancellation when a newer job of the same lane arrives', async () => {
    const { api } = connect();
    // big enough to need many time slices (k = 256, 200 columns)
    const req: BifurcationRequest = { base: { ...base(256), transient: 3000, keep: 1000 }, lo: 0, hi: 4, cols: 200, j0: 0, j1: 200, rows: 100, yRange: [-2, 2] };
    const running = api.bifurcation(req, { lane: 'diagram', jobId: 5 });
    await new Promise((r) => setTimeout(r, 30));
    await api.setLatest('diagram', 6);
    const out = await running;
    expect(out).toMatchObject({ ok: false, code: 'CANCELLED', jobId: 5 });
    // a job that is already stale when it arrives is not started at all
    const late = await api.panel1d(panel1dRequest(defaultParams(), null, true), { lane: 'diagram', jobId: 4 });
    expect(late).toMatchObject({ ok: false, code: 'CANCELLED' });
    // other lanes are unaffected
    const other = await api.panel1d(panel1dRequest(defaultParams(), null, true), { lane: 'panel1d', jobId: 1 });
    expect(other.ok).toBe(true);
  });

  it('returns an error value (not a rejection) when the computation throws', async () => {
    const { api } = connect();
    const bad = { base: { ...base(), params: null }, lo: 0, hi: 1, cols: 2, j0: 0, j1: 2, rows: 4, yRange: [0, 1] } as unknown as BifurcationRequest;
    const out = await api.bifurcation(bad, { lane: 'diagram', jobId: 1 });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.code).toBe('ERROR');
  });
});

describe('jobs of one worker interleave slice by slice', () => {
  const st = (h: string) => decodeHash(h).params;
  const until = async (cond: () => Promise<boolean>, ms = 20_000) => {
    const t0 = performance.now();
    while (!(await cond())) {
      if (performance.now() - t0 > ms) throw new Error('condition not met');
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('a huge vector panel does not hold up a 1-D panel on the same worker, and stops when its lane moves on', { timeout: 60_000 }, async () => {
    const { api } = connect();
    // the link of the issue: minutes of work
    const heavy = api.vectorPanel(vectorPanelRequest(st('#model=rnn&k=512&T=10000&lt=100000&ls=1000000'), null, false), { lane: 'vectorPanel', jobId: 1 });
    await until(async () => (await api.runningJobs()).some((j) => j.lane === 'vectorPanel'));
    const t0 = performance.now();
    const cheap = await api.panel1d(panel1dRequest(st('#model=logistic&r=3.9'), null, false), { lane: 'panel1d', jobId: 1 });
    const ms = performance.now() - t0;
    expect(cheap.ok).toBe(true);
    expect(ms).toBeLessThan(1000);
    expect((await api.runningJobs()).map((j) => j.name)).toEqual(['vectorPanel']);
    const t1 = performance.now();
    await api.setLatest('vectorPanel', 2);
    expect(await heavy).toMatchObject({ ok: false, code: 'CANCELLED', jobId: 1 });
    expect(performance.now() - t1).toBeLessThan(500);
    expect(await api.runningJobs()).toEqual([]);
  });

  it('a heavy expressivity or periodic-points job stops within a slice or two of a newer request of its lane', { timeout: 60_000 }, async () => {
    const { api } = connect();
    const cases = [
      { run: () => api.expressivity(expressivityRequest(st('#model=net1d&k=1024&act=relu'), null, false), { lane: 'expressivity', jobId: 1 }), lane: 'expressivity' },
      { run: () => api.periodicView(periodicRequest(st('#model=net1d&k=1024&act=tanh&g=10&sb=5'), null, false), { lane: 'periodic', jobId: 1 }), lane: 'periodic' },
    ];
    for (const c of cases) {
      const running = c.run();
      await until(async () => (await api.runningJobs()).some((j) => j.lane === c.lane));
      // let it get into its loops
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      await api.setLatest(c.lane, 2);
      expect(await running).toMatchObject({ ok: false, code: 'CANCELLED' });
      // a slice, plus the pieces of one 1024-wide network (tens of ms), the smallest step of the expressivity job
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });
});
