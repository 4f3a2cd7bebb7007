/**
 * One worker behind Comlink, started lazily, restarted after a crash.
 *
 * Comlink never settles a call whose worker died or was terminated, so every
 * call is raced against a rejecter kept here; a crash rejects them all.
 */
import { wrap } from 'comlink';
import type { ComputeApi } from '../../workers/compute.api';

/**
 * The worker API as seen from the page: every method returns a promise of
 * what it returns in the worker (Comlink's own Remote type garbles unions).
 */
export type RemoteApi = {
  [K in keyof ComputeApi]: (...args: Parameters<ComputeApi[K]>) => Promise<Awaited<ReturnType<ComputeApi[K]>>>;
};

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

export class WorkerHandle {
  private worker: Worker | null = null;
  private remote: RemoteApi | null = null;
  private readonly rejecters = new Set<(e: Error) => void>();
  private readonly factory: () => Worker;
  readonly name: string;
  /** Called when the worker crashed (it will be restarted on the next call). */
  onCrash: ((message: string) => void) | null = null;
  restarts = 0;

  constructor(name: string, factory: () => Worker) {
    this.name = name;
    this.factory = factory;
  }

  private api(): RemoteApi {
    if (!this.remote) {
      const w = this.factory();
      w.addEventListener('error', (e) => this.crash(e.message || 'unknown error'));
      w.addEventListener('messageerror', () => this.crash('a message could not be read'));
      this.worker = w;
      this.remote = wrap<ComputeApi>(w) as unknown as RemoteApi;
    }
    return this.remote;
  }

  /** Run fn against the worker; rejects if the worker crashes meanwhile. */
  call<T>(fn: (api: RemoteApi) => Promise<T>): Promise<T> {
    let reject!: (e: Error) => void;
    const guard = new Promise<never>((_, rej) => {
      reject = rej;
    });
    this.rejecters.add(reject);
    let run: Promise<T>;
    try {
      run = fn(this.api());
    } catch (e) {
      run = Promise.reject(e);
    }
    return Promise.race([run, guard]).finally(() => this.rejecters.delete(reject));
  }

  /** Fire-and-forget message (e.g. setLatest); ignored if the worker is not running. */
  notify(fn: (api: RemoteApi) => unknown): void {
    if (!this.remote) return;
    try {
      const r = fn(this.remote);
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      /* a dead worker is restarted by the next call */
    }
  }

  private crash(message: string): void {
    this.terminate(new WorkerCrashedError(`The ${this.name} worker crashed (${message}); it has been restarted.`));
    this.restarts++;
    this.onCrash?.(message);
  }

  terminate(reason: Error = new WorkerCrashedError(`The ${this.name} worker was stopped.`)): void {
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
    for (const r of [...this.rejecters]) r(reason);
    this.rejecters.clear();
  }
}
