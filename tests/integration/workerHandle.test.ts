/**
 * A crashed worker: its pending calls reject at once (Comlink alone would
 * leave them pending forever), the crash is reported, and the next call runs
 * on a fresh worker.
 */
import { describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { createComputeApi } from '../../workers/compute.api';
import { MAX_CRASHES, WorkerHandle, WorkerCrashedError, WorkerUnavailableError } from '../../src/compute/workerHandle';
import { panel1dRequest } from '../../src/params/requests';
import { defaultParams } from '../../src/params/url';

/** A stand-in for a Worker: one end of a MessageChannel whose other end runs the API. */
function fakeWorker(registry: { port: MessagePort; other: MessagePort }[]): Worker {
  const ch = new MessageChannel();
  expose(createComputeApi(), ch.port2);
  const port = ch.port1 as MessagePort & { terminate?: () => void };
  port.terminate = () => {
    ch.port1.close();
    ch.port2.close();
  };
  registry.push({ port, other: ch.port2 });
  return port as unknown as Worker;
}

describe('worker handle', () => {
  it('rejects pending calls when the worker crashes, reports it, and restarts on the next call', async () => {
    const made: { port: MessagePort; other: MessagePort }[] = [];
    const h = new WorkerHandle('test', () => fakeWorker(made));
    const crashes: string[] = [];
    h.onCrash = (m) => crashes.push(m);

    expect(await h.call((api) => api.ping())).toBe('pong');
    expect(made).toHaveLength(1);

    // a call that never answers (the worker side stops listening), then a crash
    made[0].other.close();
    const pending = h.call((api) => api.ping());
    made[0].port.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
    await expect(pending).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(pending).rejects.toThrow(/crashed \(out of memory\)/);
    expect(crashes).toEqual(['out of memory']);
    expect(h.restarts).toBe(1);

    // the next call starts a new worker and works
    const out = await h.call((api) => api.panel1d(panel1dRequest({ ...defaultParams(), model: 'logistic', r: 2.5 }, null, true), { lane: 'p', jobId: 1 }));
    expect(made).toHaveLength(2);
    expect(out.ok && out.value.analysis.period).toBe(1);
    h.terminate();
  });

  it('terminate() settles calls in flight instead of leaving them pending', async () => {
    const made: { port: MessagePort; other: MessagePort }[] = [];
    const h = new WorkerHandle('test', () => fakeWorker(made));
    await h.call((api) => api.ping());
    made[0].other.close();
    const pending = h.call((api) => api.ping());
    h.terminate();
    await expect(pending).rejects.toThrow(/stopped/);
  });

  it('a worker that cannot load: restarts with waits between them, then one give-up, and no more starts', async () => {
    let starts = 0;
    const broken = () => {
      starts++;
      const ch = new MessageChannel();
      const port = ch.port1 as MessagePort & { terminate?: () => void };
      port.terminate = () => ch.port1.close();
      // as a 404 worker script: an error event soon after the start, never an answer
      setTimeout(() => port.dispatchEvent(Object.assign(new Event('error'), { message: 'script not found' })), 0);
      return port as unknown as Worker;
    };
    const h = new WorkerHandle('test', broken);
    const gaveUp: string[] = [];
    const crashes: string[] = [];
    h.onGiveUp = (m) => gaveUp.push(m);
    h.onCrash = (m) => crashes.push(m);
    const t0 = Date.now();
    for (let i = 0; i < MAX_CRASHES; i++) await expect(h.call((api) => api.ping())).rejects.toThrow();
    expect(starts).toBe(MAX_CRASHES);
    expect(crashes).toHaveLength(MAX_CRASHES - 1);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatch(/could not be started \(script not found; 4 attempts\)/);
    expect(h.unavailable).toBe(gaveUp[0]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250 + 1000 + 2000 - 50); // the waits between the starts
    // from now on a call fails at once, without starting anything
    for (let i = 0; i < 5; i++) await expect(h.call((api) => api.ping())).rejects.toBeInstanceOf(WorkerUnavailableError);
    expect(starts).toBe(MAX_CRASHES);
    expect(gaveUp).toHaveLength(1);
  }, 20_000);

  it('an answered call resets the count: crashes far apart never give up', async () => {
    const made: { port: MessagePort; other: MessagePort }[] = [];
    const h = new WorkerHandle('test', () => fakeWorker(made));
    let gaveUp = 0;
    h.onGiveUp = () => gaveUp++;
    for (let i = 0; i < MAX_CRASHES + 2; i++) {
      expect(await h.call((api) => api.ping())).toBe('pong');
      made[made.length - 1].port.dispatchEvent(Object.assign(new Event('error'), { message: 'crash' }));
    }
    expect(await h.call((api) => api.ping())).toBe('pong');
    expect(gaveUp).toBe(0);
    expect(h.unavailable).toBeNull();
    h.terminate();
  }, 30_000);
});
