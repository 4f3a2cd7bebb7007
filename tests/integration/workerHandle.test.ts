/**
 * A crashed worker: its pending calls reject at once (Comlink alone would
 * leave them pending forever), the crash is reported, and the next call runs
 * on a fresh worker.
 */
import { describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { createComputeApi } from '../../workers/compute.api';
import { WorkerHandle, WorkerCrashedError } from '../../src/compute/workerHandle';
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
});
