/**
 * The training lab: hand-written BPTT gradients against finite
 * differences, the cut of every Jacobian product at the forcing times, Adam,
 * determinism, Paper A's claim on Lorenz-63 at a reduced scale, and the
 * runner's Start / Pause / Resume / Reset and τ sweep with fake workers.
 */
import { describe, expect, it } from 'vitest';
import { Adam } from '../../../src/core/training/adam';
import { lorenzData, logisticData, rnnData } from '../../../src/core/training/trainData';
import { encode, generate, initParams, layoutOf, lossAndGrad, modelMap, pinv, trainableMask, type Forcing, type ModelLayout, type TrainModelKind } from '../../../src/core/training/trainModels';
import { Trainer, drawStarts } from '../../../src/core/training/trainLoop';
import { TrainJob, tauTask, tauTasks, type TauResult, type TrainChunk, type TrainInfo, type TrainSetup } from '../../../src/core/jobs/trainJob';
import { lyapunovSpectrum } from '../../../src/core/vector/spectrum';
import { Rng } from '../../../src/core/linalg/rng';
import { lorenzLambdaPerStep, LORENZ_DT, predictabilityTime } from '../../../src/core/training/lorenz';
import { TauSweepManager, type TauSweepView } from '../../../src/compute/tauSweep';
import { TrainingManager, type TrainRunView } from '../../../src/compute/trainingRun';
import type { TrainingWorker } from '../../../src/compute/trainingWorker';
import type { TrainingOutcome } from '../../../workers/training.api';

const lorenz = lorenzData();

/** The largest relative error of the gradient against central differences (entries the model does not train are skipped). */
function fdError(L: ModelLayout, th: Float64Array, data: Float64Array, starts: number[], T: number, f: Forcing): number {
  const g = new Float64Array(L.size);
  lossAndGrad(L, th, data, starts, T, f, g);
  const mask = trainableMask(L);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < L.size; i++) scale = Math.max(scale, Math.abs(g[i]));
  for (let i = 0; i < L.size; i++) {
    if (!mask[i]) {
      expect(g[i]).toBe(0);
      continue;
    }
    const h = 1e-6 * Math.max(1, Math.abs(th[i]));
    const a = th[i];
    th[i] = a + h;
    const lp = lossAndGrad(L, th, data, starts, T, f, null);
    th[i] = a - h;
    const lm = lossAndGrad(L, th, data, starts, T, f, null);
    th[i] = a;
    const fd = (lp - lm) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(Math.abs(fd), Math.abs(g[i]), 1e-3 * scale));
  }
  return worst;
}

const METHODS: Forcing[] = [
  { method: 'bptt', tau: 0, alpha: 0 },
  { method: 'clip', tau: 0, alpha: 0 },
  { method: 'stf', tau: 4, alpha: 0 },
  { method: 'gtf', tau: 0, alpha: 0.3 },
];

describe('BPTT gradients match central finite differences (1e-5 relative)', () => {
  for (const kind of ['plrnn', 'rnn'] as TrainModelKind[])
    for (const f of METHODS)
      it(`${kind}, ${f.method}`, () => {
        const L = layoutOf(kind, 5, 3);
        const th = initParams(L, 7);
        expect(fdError(L, th, lorenz.x, [3, 120], 13, f)).toBeLessThan(1e-5);
      });

  it('through the pseudo-inverse also when there are more observed dimensions than latent units (N > M)', () => {
    const x5 = new Float64Array(400 * 5);
    const rng = new Rng(3);
    for (let i = 0; i < x5.length; i++) x5[i] = Math.sin(0.1 * i) + 0.3 * rng.normal();
    for (const kind of ['plrnn', 'rnn'] as TrainModelKind[]) {
      const L = layoutOf(kind, 3, 5);
      const th = initParams(L, 2);
      expect(fdError(L, th, x5, [10, 200], 9, { method: 'stf', tau: 3, alpha: 0 })).toBeLessThan(1e-5);
    }
  });

  it('the pseudo-inverse satisfies the Moore–Penrose conditions', () => {
    for (const [n, m] of [
      [3, 7],
      [5, 3],
      [2, 2],
    ]) {
      const rng = new Rng(n * 10 + m);
      const B = rng.normals(n * m);
      const P = pinv(B, n, m);
      const mul = (X: Float64Array, r: number, k: number, Y: Float64Array, c: number) => {
        const out = new Float64Array(r * c);
        for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) for (let q = 0; q < k; q++) out[i * c + j] += X[i * k + q] * Y[q * c + j];
        return out;
      };
      const BPB = mul(mul(B, n, m, P, n), n, n, B, m);
      const PBP = mul(mul(P, m, n, B, m), m, m, P, n);
      BPB.forEach((v, i) => expect(v).toBeCloseTo(B[i], 10));
      PBP.forEach((v, i) => expect(v).toBeCloseTo(P[i], 10));
      const BP = mul(B, n, m, P, n);
      const PB = mul(P, m, n, B, m);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(BP[i * n + j]).toBeCloseTo(BP[j * n + i], 10);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(PB[i * m + j]).toBeCloseTo(PB[j * m + i], 10);
    }
  });
});

describe('forcing cuts the Jacobian products', () => {
  /** Gradient of one window (T steps from start s), times its number of loss terms T·n (undoing the mean). */
  const sumGrad = (L: ModelLayout, th: Float64Array, s: number, T: number, f: Forcing) => {
    const g = new Float64Array(L.size);
    lossAndGrad(L, th, lorenz.x, [s], T, f, g);
    return g.map((v) => v * T * L.n);
  };

  for (const kind of ['plrnn', 'rnn'] as TrainModelKind[])
    it(`${kind}: with forcing every τ steps the gradient is the sum of independent windows of length τ (no product longer than τ)`, () => {
      const L = layoutOf(kind, 6, 3);
      const th = initParams(L, 5);
      const tau = 5;
      const T = 4 * tau;
      const s = 40;
      const full = sumGrad(L, th, s, T, { method: 'stf', tau, alpha: 0 });
      const chunks = new Float64Array(L.size);
      for (let k = 0; k < T / tau; k++) sumGrad(L, th, s + k * tau, tau, { method: 'bptt', tau: 0, alpha: 0 }).forEach((v, i) => (chunks[i] += v));
      const scale = Math.max(...full.map(Math.abs));
      full.forEach((v, i) => expect(Math.abs(v - chunks[i])).toBeLessThan(1e-12 * scale));
      // plain BPTT through the same window is not such a sum: its products run through all T steps
      const plain = sumGrad(L, th, s, T, { method: 'bptt', tau: 0, alpha: 0 });
      expect(Math.max(...plain.map((v, i) => Math.abs(v - chunks[i])))).toBeGreaterThan(1e-3 * scale);
    });

  it('a loss term does not depend on any state before the last forcing (perturbing the parameters only after it)', () => {
    // Loss of the last chunk alone, via the full window: its gradient with respect to the data before the last forcing time is 0.
    const L = layoutOf('plrnn', 6, 3);
    const th = initParams(L, 8);
    const tau = 6;
    const T = 3 * tau;
    const f: Forcing = { method: 'stf', tau, alpha: 0 };
    const base = Float64Array.from(lorenz.x.subarray(0, 200 * 3));
    const lossOfLastChunk = (x: Float64Array) => {
      const full = lossAndGrad(L, th, x, [10], T, f, null) * T;
      const head = lossAndGrad(L, th, x, [10], 2 * tau, f, null) * 2 * tau;
      return full - head;
    };
    const ref = lossOfLastChunk(base);
    // data rows 11 … 10 + 2τ − 1 (inputs of the first two chunks, not forcing rows of the last one) leave it unchanged
    for (const row of [11, 15, 10 + tau + 1, 10 + 2 * tau - 1]) {
      const x = Float64Array.from(base);
      x[row * 3] += 0.5;
      expect(lossOfLastChunk(x)).toBeCloseTo(ref, 12);
    }
    // the forcing row of the last chunk does change it
    const x = Float64Array.from(base);
    x[(10 + 2 * tau) * 3] += 0.5;
    expect(Math.abs(lossOfLastChunk(x) - ref)).toBeGreaterThan(1e-6);
  });

  it('generalised teacher forcing: α = 1 is forcing at every step, α = 0 is plain BPTT', () => {
    for (const kind of ['plrnn', 'rnn'] as TrainModelKind[]) {
      const L = layoutOf(kind, 5, 3);
      const th = initParams(L, 1);
      const grad = (f: Forcing) => {
        const g = new Float64Array(L.size);
        const loss = lossAndGrad(L, th, lorenz.x, [7, 90], 15, f, g);
        return { loss, g };
      };
      const a1 = grad({ method: 'gtf', tau: 0, alpha: 1 });
      const t1 = grad({ method: 'stf', tau: 1, alpha: 0 });
      expect(a1.loss).toBeCloseTo(t1.loss, 14);
      a1.g.forEach((v, i) => expect(v).toBeCloseTo(t1.g[i], 12));
      const a0 = grad({ method: 'gtf', tau: 0, alpha: 0 });
      const b = grad({ method: 'bptt', tau: 0, alpha: 0 });
      a0.g.forEach((v, i) => expect(v).toBeCloseTo(b.g[i], 12));
    }
  });
});

describe('Adam', () => {
  it('converges on a quadratic', () => {
    const c = Float64Array.of(1, -2, 3, 0.5);
    const a = Float64Array.of(1, 10, 0.1, 100);
    const th = new Float64Array(4);
    const opt = new Adam(4, { lr: 0.05 });
    const g = new Float64Array(4);
    for (let t = 0; t < 3000; t++) {
      for (let i = 0; i < 4; i++) g[i] = 2 * a[i] * (th[i] - c[i]);
      opt.step(th, g);
    }
    th.forEach((v, i) => expect(v).toBeCloseTo(c[i], 3));
  });

  it('leaves masked entries alone; its first step moves every entry by lr', () => {
    const th = Float64Array.of(0, 0, 0);
    new Adam(3, { lr: 0.1 }).step(th, Float64Array.of(5, -0.001, 3), Uint8Array.of(1, 1, 0));
    expect(th[0]).toBeCloseTo(-0.1, 6);
    expect(th[1]).toBeCloseTo(0.1, 4);
    expect(th[2]).toBe(0);
  });
});

describe('training runs', () => {
  const cfg = { model: 'plrnn' as const, m: 6, method: 'stf' as const, tau: 10, alpha: 0, clip: 1, T: 40, lr: 3e-3, steps: 30, seed: 5, batch: 4 };

  it('the same configuration gives the same run, however it is sliced; another seed another run', () => {
    const a = new Trainer(lorenz, cfg);
    const la = a.steps(30).map((s) => s.loss);
    const setup: TrainSetup = { data: { kind: 'lorenz' }, cfg, evalEvery: 10 };
    const job = new TrainJob(setup);
    const chunks: TrainChunk[] = [];
    let k = 0;
    while (!job.done) chunks.push(job.advance(Infinity, () => 0, [1, 7, 3, 11][k++ % 4]));
    const lb = chunks.flatMap((c) => [...c.loss]);
    expect(lb).toEqual(la);
    expect(chunks[chunks.length - 1].done).toBe(true);
    // evaluations at steps 0, 10, 20, 30, whatever the chunks
    expect(chunks.flatMap((c) => c.evals.map((e) => e.step))).toEqual([0, 10, 20, 30]);
    expect(Array.from(a.theta)).toEqual(Array.from(job.trainer.theta));
    const c = new Trainer(lorenz, { ...cfg, seed: 6 });
    expect(c.steps(30).map((s) => s.loss)).not.toEqual(la);
  });

  it('windows come from the seed and fit in the data', () => {
    const rng = new Rng(1);
    const s = drawStarts(rng, 100, 40, 200);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...s)).toBeLessThanOrEqual(100 - 40 - 1);
    expect(() => new Trainer(logisticData(30), { ...cfg, T: 40 })).toThrow(/at least 42/);
  });

  it('the trained model as a map: PLRNN and RNN give the same orbit as generate, λ_max by QR', () => {
    for (const kind of ['plrnn', 'rnn'] as TrainModelKind[]) {
      const L = layoutOf(kind, 8, 3);
      const th = initParams(L, 3);
      const z0 = encode(L, th, lorenz.x.subarray(0, 3));
      const g = generate(L, th, z0, 50);
      const map = modelMap(L, th, z0);
      let z = Float64Array.from(z0);
      const nz = new Float64Array(8);
      for (let t = 0; t < 50; t++) {
        map.step(z, nz, t);
        z = Float64Array.from(nz);
      }
      expect(g.zEnd).not.toBeNull();
      g.zEnd!.forEach((v, i) => expect(v).toBeCloseTo(z[i], 12));
      const sp = lyapunovSpectrum(map, z0, { k: 1, transient: 100, steps: 500 });
      expect(Number.isFinite(sp.lambdas[0])).toBe(true);
    }
  });

  it('RNN data: the lab’s chaotic RNN, its first units observed, λ_max > 0 measured', () => {
    const d = rnnData({ k: 64, g: 2, sb: 0.1, wl: 'gauss', act: 'tanh', seed: 6 }, 2000);
    expect(d.n).toBe(3);
    expect(d.lambda).toBeGreaterThan(0.05);
  });

  it('a τ-sweep model is trained and evaluated', () => {
    const gen = tauTask({ kind: 'lorenz' }, { ...cfg, steps: 12 }, { method: 'stf', tau: 5, seed: 2 }, () => 0, 5);
    const seen: number[] = [];
    let r = gen.next();
    while (!r.done) {
      seen.push(r.value);
      r = gen.next();
    }
    expect(seen).toEqual([5, 10, 12]);
    const res = r.value;
    expect(res.tau).toBe(5);
    expect(res.dStsp).toBeGreaterThan(0);
    expect(res.dH).toBeGreaterThanOrEqual(0);
    expect(res.dataLambda).toBeCloseTo(lorenzLambdaPerStep(LORENZ_DT), 12);
    expect(tauTasks([5, 10], 7, 2)).toEqual([
      { method: 'stf', tau: 5, seed: 7 },
      { method: 'stf', tau: 10, seed: 7 },
      { method: 'bptt', tau: 0, seed: 7 },
      { method: 'stf', tau: 5, seed: 8 },
      { method: 'stf', tau: 10, seed: 8 },
      { method: 'bptt', tau: 0, seed: 8 },
    ]);
  });
});

describe('Paper A on Lorenz-63 (reduced: PLRNN M = 10, T = 200, 1 000 Adam steps of 8 windows, 3 seeds)', () => {
  it('sparse teacher forcing at τ ≈ τ_pred reaches a lower D_stsp than plain BPTT and than τ ten times larger', { timeout: 90_000 }, () => {
    const tauPred = Math.round(predictabilityTime(lorenzLambdaPerStep(LORENZ_DT))); // 15
    expect(tauPred).toBe(15);
    const run = (method: 'bptt' | 'stf', tau: number, seed: number) => {
      const tr = new Trainer(lorenz, { model: 'plrnn', m: 10, method, tau, alpha: 0, clip: 1, T: 200, lr: 5e-3, steps: 1000, seed, batch: 8 });
      while (!tr.finished) tr.step();
      return tr.evaluate({ keep: 0, lyapSteps: 0 }).dStsp;
    };
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const seeds = [1, 2, 3];
    const atPred = seeds.map((s) => run('stf', tauPred, s));
    const tenTimes = seeds.map((s) => run('stf', 10 * tauPred, s));
    const plain = seeds.map((s) => run('bptt', 0, s));
    const msg = `D_stsp τ_pred ${atPred.map((v) => v.toFixed(2))}, 10·τ_pred ${tenTimes.map((v) => v.toFixed(2))}, BPTT ${plain.map((v) => v.toFixed(2))}`;
    expect(median(atPred), msg).toBeLessThan(median(plain));
    expect(median(atPred), msg).toBeLessThan(median(tenTimes));
    // and by a wide margin: the attractor is learnt at τ_pred, not without forcing
    expect(median(atPred), msg).toBeLessThan(0.5 * Math.min(median(plain), median(tenTimes)));
  });
});

// ---------------------------------------------------------------------------
// The runner with fake workers

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function fakeWorker() {
  const calls: string[] = [];
  let pending: (() => void)[] = [];
  const info: TrainInfo = { label: 'x', n: 3, len: 100, columns: ['x', 'y', 'z'], lambda: 0.05, lambdaSource: '', tauPred: 13.9, preview: new Float64Array(0), params: 10, steps: 20, evalEvery: 5 };
  let done = 0;
  const w: TrainingWorker & { release(): void; calls: string[] } = {
    calls,
    release() {
      const p = pending;
      pending = [];
      p.forEach((f) => f());
    },
    create: async (_s, id) => {
      calls.push(`create ${id}`);
      done = 0;
      return { ok: true, jobId: id, value: info };
    },
    advance: (id) =>
      new Promise<TrainingOutcome<TrainChunk>>((resolve) => {
        calls.push(`advance ${id}`);
        pending.push(() => {
          const from = done + 1;
          done = Math.min(20, done + 5);
          resolve({ ok: true, jobId: id, value: { from, loss: new Float64Array(done - from + 1).fill(1), gradNorm: new Float64Array(done - from + 1).fill(2), evals: [], recon: null, stepsDone: done, done: done >= 20, error: null } });
        });
      }),
    drop: (id) => void calls.push(`drop ${id}`),
    network: () => Promise.resolve(null),
    preview: async () => ({ ok: false, jobId: 0, code: 'ERROR', message: 'no preview' }),
    tauTask: async () => ({ ok: false, jobId: 0, code: 'CANCELLED', message: '' }),
    cancelBefore: () => undefined,
  };
  return w;
}

describe('TrainingManager (Start / Pause / Resume / Reset)', () => {
  const setup: TrainSetup = { data: { kind: 'lorenz' }, cfg: { model: 'plrnn', m: 4, method: 'stf', tau: 5, alpha: 0, clip: 1, T: 20, lr: 1e-3, steps: 20, seed: 1 }, evalEvery: 5 };

  it('runs chunk after chunk, pauses after the chunk in flight, resumes, finishes', async () => {
    const w = fakeWorker();
    const views: TrainRunView[] = [];
    const m = new TrainingManager({ worker: w, onView: (v) => views.push(v) });
    m.setConfig('k1', setup);
    expect(views.at(-1)!.state).toBe('idle');
    m.start();
    expect(views.at(-1)!.state).toBe('starting');
    await tick();
    expect(views.at(-1)!.state).toBe('running');
    w.release();
    await tick();
    expect(views.at(-1)!.stepsDone).toBe(5);
    m.pause();
    expect(views.at(-1)!.state).toBe('pausing');
    w.release();
    await tick();
    expect(views.at(-1)!.state).toBe('paused');
    expect(views.at(-1)!.stepsDone).toBe(10);
    const asked = w.calls.filter((c) => c.startsWith('advance')).length;
    await tick();
    w.release();
    await tick();
    expect(w.calls.filter((c) => c.startsWith('advance')).length).toBe(asked); // nothing asked while paused
    m.resume();
    for (let i = 0; i < 4; i++) {
      w.release();
      await tick();
    }
    const v = views.at(-1)!;
    expect(v.state).toBe('done');
    expect(v.stepsDone).toBe(20);
    expect(Array.from(v.loss)).toEqual(new Array(20).fill(1));
  });

  it('a changed parameter resets the run (never continues it); Reset drops it', async () => {
    const w = fakeWorker();
    const views: TrainRunView[] = [];
    const m = new TrainingManager({ worker: w, onView: (v) => views.push(v) });
    m.setConfig('k1', setup);
    m.start();
    await tick();
    w.release();
    await tick();
    m.setConfig('k1', setup); // the same parameters: nothing happens
    expect(views.at(-1)!.state).toBe('running');
    m.setConfig('k2', { ...setup, cfg: { ...setup.cfg, tau: 7 } });
    let v = views.at(-1)!;
    expect(v.state).toBe('idle');
    expect(v.stepsDone).toBe(0);
    expect(v.message).toContain('parameter changed');
    expect(w.calls).toContain('drop 1');
    w.release(); // the old run's chunk comes back late: ignored
    await tick();
    expect(views.at(-1)!.stepsDone).toBe(0);
    m.start();
    await tick();
    expect(w.calls).toContain('create 2');
    m.reset();
    v = views.at(-1)!;
    expect(v.state).toBe('idle');
    expect(w.calls).toContain('drop 2');
    m.setConfig('k3', { error: 'Paste a CSV' });
    m.start();
    expect(views.at(-1)!.state).toBe('idle');
    expect(views.at(-1)!.message).toBe('Paste a CSV');
  });
});

describe('TauSweepManager', () => {
  const result = (t: { method: 'stf' | 'bptt'; tau: number; seed: number }): TauResult => ({ ...t, dStsp: t.tau, dH: 0.5, lambdaMax: 0.01, loss: 0.1, diverged: false, error: null, ms: 1, dataLambda: 0.05 });

  it('spreads the models over the workers, reports progress, finishes; cancel stops; a change restarts', async () => {
    const gates: (() => void)[] = [];
    const cancelled: number[] = [];
    const mk = (): TrainingWorker => ({
      create: async () => ({ ok: false, jobId: 0, code: 'ERROR', message: '' }),
      advance: async () => ({ ok: false, jobId: 0, code: 'ERROR', message: '' }),
      drop: () => undefined,
      network: () => Promise.resolve(null),
      preview: async () => ({ ok: false, jobId: 0, code: 'ERROR', message: '' }),
      cancelBefore: (j) => void cancelled.push(j),
      tauTask: (_d, _b, task, jobId, onProgress) =>
        new Promise((resolve) => {
          onProgress(3);
          gates.push(() => resolve({ ok: true, jobId, value: result(task) }));
        }),
    });
    const views: TauSweepView[] = [];
    const m = new TauSweepManager([mk(), mk()], (v) => views.push(v), () => 0);
    const base = { model: 'plrnn' as const, m: 4, method: 'stf' as const, tau: 5, alpha: 0, clip: 1, T: 20, lr: 1e-3, steps: 10, seed: 1 };
    m.setConfig({ key: 'a', data: { kind: 'lorenz' }, base, taus: [5, 10], tauPred: 15.3, dataLabel: 'Lorenz', error: null });
    m.start();
    expect(views.at(-1)!.state).toBe('running');
    expect(views.at(-1)!.tasks.length).toBe(6);
    expect(gates.length).toBe(2); // one model per worker at a time
    expect(views.at(-1)!.stepsDone).toBe(6);
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
    const v = views.at(-1)!;
    expect(v.state).toBe('done');
    expect(v.results.every((r) => r !== null)).toBe(true);
    expect(v.stepsDone).toBe(v.stepsTotal);
    expect(v.tauPred).toBe(15.3);
    // again; cancel
    m.start();
    m.cancel();
    expect(views.at(-1)!.state).toBe('cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    // a running sweep restarts when its parameters change; a finished one is marked outdated
    gates.length = 0;
    m.start();
    m.setConfig({ key: 'b', data: { kind: 'lorenz' }, base: { ...base, seed: 2 }, taus: [5], tauPred: 15.3, dataLabel: 'Lorenz', error: null });
    expect(views.at(-1)!.restarts).toBe(1);
    expect(views.at(-1)!.tasks.length).toBe(4);
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
    // the old run's models resolve too, but only the new run's count
    expect(views.at(-1)!.state).toBe('done');
    m.setConfig({ key: 'c', data: { kind: 'lorenz' }, base, taus: [5], tauPred: 15.3, dataLabel: 'Lorenz', error: null });
    expect(views.at(-1)!.outdated).toBe(true);
  });
});


