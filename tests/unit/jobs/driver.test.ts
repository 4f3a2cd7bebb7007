/**
 * The one driver of the workers' jobs (workers/driver.ts), in Node: a stale
 * job stops within one slice, partial results arrive (throttled), failures
 * are values, and a job run in slices gives the bits of the same job run to
 * the end (the CLI's and the tests' runToEnd).
 */
import { describe, expect, it } from 'vitest';
import { createDriver, drive, type Slicing } from '../../../workers/driver';
import { NO_PAUSE, pacer, runToEnd, type Job } from '../../../src/core/job';
import { decodeHash } from '../../../src/params/url';
import { diagramJob, eigenRequest, expressivityRequest, gradientRequest, panel1dRequest, periodicRequest, spectrumRequest, vectorPanelRequest } from '../../../src/params/requests';
import { computePanel1d, panel1dJob } from '../../../src/core/jobs/panel1d';
import { computeVectorPanel, vectorPanelJob } from '../../../src/core/jobs/panelND';
import { computeExpressivity, computePeriodicView, expressivityJob, periodicViewJob } from '../../../src/core/jobs/paperB';
import { computeEigenView, eigenViewSteps } from '../../../src/core/vector/eigen';
import { computeGradients, gradientSteps } from '../../../src/core/gradients/gradients';
import { spectrumJob } from '../../../src/core/jobs/spectrumJob';
import { bifurcationJob, type BifurcationRequest } from '../../../src/core/jobs/diagramJob';

/** A fake clock that moves `step` ms on every reading, and counts the pauses. */
function fakeSlicing(sliceMs = 8, step = 1): Slicing & { pauses: number } {
  let t = 0;
  const s = {
    sliceMs,
    pauses: 0,
    now: () => (t += step),
    yieldNow: () => {
      s.pauses++;
      return Promise.resolve();
    },
  };
  return s;
}

/** Real time, counting the pauses (the driver's own yieldNow). */
function countingSlicing(sliceMs = 2): Slicing & { pauses: number } {
  const s = {
    sliceMs,
    pauses: 0,
    now: () => performance.now(),
    yieldNow: () => {
      s.pauses++;
      return new Promise<void>((r) => setImmediate(r));
    },
  };
  return s;
}

/** Exact bits of a result: typed arrays as bytes, −0 and NaN kept apart (timings dropped). */
function bits(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v;
  if (Array.isArray(v)) return v.map(bits);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !['elapsedSeconds', 'etaSeconds', 'ms', 'stageProgress', 'kernelsReason'].includes(k))
        .map(([k, x]) => [k, bits(x)]),
    );
  return v;
}

/** Counts its steps; each step is one pause point. */
function* counter(steps: number, seen: { n: number }): Job<number> {
  for (let i = 0; i < steps; i++) {
    seen.n++;
    yield undefined;
  }
  return seen.n;
}

describe('the job driver', () => {
  it('a stale job stops within one slice, and a job stale on arrival never starts', async () => {
    // fake clock: one ms per reading, so a slice is a few steps
    const slicing = fakeSlicing(8);
    const seen = { n: 0 };
    let staleAfter = Infinity;
    const out = await drive(3, () => counter(1e9, seen), {
      slicing,
      stale: () => {
        // the lane moves on after the third slice
        if (slicing.pauses === 3) staleAfter = seen.n;
        return slicing.pauses >= 3;
      },
    });
    expect(out).toEqual({ ok: false, jobId: 3, code: 'CANCELLED', message: 'superseded by a newer request' });
    // not one step after the slice in which it went stale
    expect(seen.n).toBe(staleAfter);
    let started = false;
    const late = await drive(
      4,
      () => {
        started = true;
        return counter(10, { n: 0 });
      },
      { stale: () => true },
    );
    expect(late).toMatchObject({ ok: false, code: 'CANCELLED', jobId: 4 });
    expect(started).toBe(false);
  });

  it('in real time: a job of 0.2 ms steps ends within a slice of its lane moving on; its finally blocks run', async () => {
    const d = createDriver();
    let released = false;
    let steps = 0;
    function* busy(): Job<number> {
      try {
        for (;;) {
          const t0 = performance.now();
          while (performance.now() - t0 < 0.2);
          steps++;
          yield undefined;
        }
      } finally {
        released = true;
      }
    }
    const running = d.run('busy', { lane: 'a', jobId: 1 }, busy);
    expect(d.running()).toEqual([{ name: 'busy', lane: 'a', jobId: 1 }]);
    await new Promise((r) => setTimeout(r, 40));
    const before = steps;
    const t0 = performance.now();
    d.setLatest('a', 2);
    const out = await running;
    expect(out).toMatchObject({ ok: false, code: 'CANCELLED', jobId: 1 });
    expect(performance.now() - t0).toBeLessThan(100);
    // at most one slice (SLICE_MS of 0.2 ms steps) after the message was read
    expect(steps - before).toBeLessThanOrEqual(8 / 0.2 + 1);
    expect(released).toBe(true);
    expect(d.running()).toEqual([]);
  });

  it('partial results arrive: the first at once, then at most one per reportMs; 0 forwards each', async () => {
    function* growing(): Job<string, { i: number }> {
      for (let i = 0; i < 20; i++) yield i % 2 ? undefined : { i };
      return 'done';
    }
    // 5 ms per clock reading, one reading per yield: a partial every 10 ms
    const seen: number[] = [];
    const out = await drive(1, growing, { slicing: fakeSlicing(8, 5), onPartial: (p) => seen.push(p.i), reportMs: 18 });
    expect(out).toMatchObject({ ok: true, value: 'done' });
    expect(seen[0]).toBe(0);
    expect(seen).toEqual([0, 4, 8, 12, 16]);
    const all: number[] = [];
    await drive(1, growing, { slicing: fakeSlicing(), onPartial: (p) => all.push(p.i), reportMs: 0 });
    expect(all).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('an exception is an ERROR value, from the job or from making it', async () => {
    // eslint-disable-next-line require-yield
    function* throws(): Job<number> {
      throw new Error('bad state');
    }
    expect(await drive(7, throws)).toEqual({ ok: false, jobId: 7, code: 'ERROR', message: 'bad state' });
    expect(
      await drive(8, () => {
        throw new TypeError('no such model');
      }),
    ).toMatchObject({ ok: false, jobId: 8, code: 'ERROR', message: 'no such model' });
    const d = createDriver();
    expect(await d.run('x', { lane: 'l', jobId: 1 }, throws)).toMatchObject({ ok: false, code: 'ERROR' });
    expect(d.running()).toEqual([]);
  });

  it('the final value is handed to onResult (tests read the transferred arrays there)', async () => {
    const values: unknown[] = [];
    const d = createDriver({ onResult: (v) => values.push(v) });
    // eslint-disable-next-line require-yield
    function* arrays(): Job<{ a: Float64Array; b: { c: Int16Array } }> {
      return { a: new Float64Array(4), b: { c: new Int16Array(2) } };
    }
    const out = await d.run('arrays', { lane: 'l', jobId: 1 }, arrays);
    expect(out.ok).toBe(true);
    expect(values).toHaveLength(1);
  });

  it('the pacer pauses a tight loop about every targetMs, and NO_PAUSE never', () => {
    let t = 0;
    const p = pacer(() => t, 1, 16);
    let pauses = 0;
    function* loop(): Job<number> {
      let s = 0;
      for (let i = 0; i < 100000; i++) {
        t += 0.001; // 1 µs per iteration
        s += i;
        if (p.tick()) {
          pauses++;
          yield* p.pause();
        }
      }
      return s;
    }
    expect(runToEnd(loop())).toBe((100000 * 99999) / 2);
    // 100 ms of work in ~1 ms stretches
    expect(pauses).toBeGreaterThan(60);
    expect(pauses).toBeLessThan(110);
    expect(NO_PAUSE.tick(1e9)).toBe(false);
    expect(NO_PAUSE.due()).toBe(false);
  });
});

describe('a job run in slices gives the bits of the same job run to the end', () => {
  const st = (h: string) => decodeHash(h).params;
  const sliced = async <R>(start: () => Job<R, unknown>): Promise<{ value: R; pauses: number }> => {
    const slicing = countingSlicing(1);
    const out = await drive(1, start, { slicing });
    if (!out.ok) throw new Error(out.message);
    return { value: out.value, pauses: slicing.pauses };
  };

  it('the four quick jobs of the Explore and Paper B views, which pause inside their loops', { timeout: 60_000 }, async () => {
    const p1 = st('#model=net1d&k=64&act=tanh&g=3&T=2000&lt=1000&ls=30000&fk=1,2,4');
    const a = await sliced(() => panel1dJob(panel1dRequest(p1, null, false)));
    expect(a.pauses).toBeGreaterThan(5);
    expect(bits(a.value)).toEqual(bits(computePanel1d(panel1dRequest(p1, null, false))));

    const pv = st('#model=rnn&k=64&g=1.8&T=400&lt=300&ls=3000');
    const b = await sliced(() => vectorPanelJob(vectorPanelRequest(pv, null, false)));
    expect(b.pauses).toBeGreaterThan(5);
    expect(bits(b.value)).toEqual(bits(computeVectorPanel(vectorPanelRequest(pv, null, false))));

    const pp = st('#model=net1d&k=24&act=tanh&g=10&sb=5');
    const c = await sliced(() => periodicViewJob(periodicRequest(pp, null, false)));
    expect(c.pauses).toBeGreaterThan(5);
    expect(bits(c.value)).toEqual(bits(computePeriodicView(periodicRequest(pp, null, false))));

    const pe = st('#model=net1d&k=48&act=relu');
    const d = await sliced(() => expressivityJob(expressivityRequest(pe, null, false)));
    expect(d.pauses).toBeGreaterThan(5);
    expect(bits(d.value)).toEqual(bits(computeExpressivity(expressivityRequest(pe, null, false))));
  });

  it('two vector panels interleaved on one driver (they share the scratch arena only one at a time)', { timeout: 30_000 }, async () => {
    const reqs = ['#model=rnn&k=64&g=2&T=400&lt=300&ls=3000', '#model=rnn&k=96&g=1.2&T=300&lt=200&ls=4000'].map((h) => vectorPanelRequest(st(h), null, false));
    const d = createDriver({ slicing: countingSlicing(0.5) });
    const outs = await Promise.all(reqs.map((r, i) => d.run('vectorPanel', { lane: `v${i}`, jobId: 1 }, () => vectorPanelJob(r))));
    outs.forEach((o, i) => {
      expect(o.ok).toBe(true);
      if (o.ok) expect(bits(o.value)).toEqual(bits(computeVectorPanel(reqs[i])));
    });
  });

  it('the eigenvalue view, the gradient meter, the spectrum and a share of the orbit diagram', { timeout: 60_000 }, async () => {
    const p = st('#model=rnn&k=24&g=1.6&lt=300&ls=2000&gh=100&gwn=4');
    const e = await sliced(() => eigenViewSteps(eigenRequest(p, null)!));
    expect(bits(e.value)).toEqual(bits(computeEigenView(eigenRequest(p, null)!)));
    const g = await sliced(() => gradientSteps(gradientRequest(p, null, false)));
    expect(g.pauses).toBeGreaterThan(5);
    expect(bits(g.value)).toEqual(bits(computeGradients(gradientRequest(p, null, false))));
    // the spectrum's chunks follow the clock; its estimates do not depend on them
    const s = await sliced(() => spectrumJob(spectrumRequest(p, null, false)));
    const whole = runToEnd(spectrumJob(spectrumRequest(p, null, false), { now: () => 0 }));
    expect(bits(s.value.full)).toEqual(bits(whole.full));
    expect(bits(s.value.lambdaMax)).toEqual(bits(whole.lambdaMax));
    const job = diagramJob(st('#model=net1d&k=32'), null, { cols: 80, rows: 60 }, false);
    const req: BifurcationRequest = { base: job.base, nd: job.nd, lo: job.lo, hi: job.hi, cols: job.cols, j0: 10, j1: 70, rows: job.rows, yRange: job.yRange };
    const h = await sliced(() => bifurcationJob(req));
    expect(h.pauses).toBeGreaterThan(2);
    expect(bits(h.value)).toEqual(bits(runToEnd(bifurcationJob(req, NO_PAUSE))));
  });
});
