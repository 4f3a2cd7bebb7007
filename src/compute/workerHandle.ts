/**
 * One worker behind Comlink, started lazily, restarted after a crash.
 *
 * Comlink never settles a call whose worker died or was terminated, so every
 * call is raced against a rejecter kept here; a crash rejects them all.
 *
 * Restarts are bounded: after a crash the next start waits (RESTART_DELAYS_MS),
 * and after MAX_CRASHES crashes with no call answered in between — a worker
 * script that cannot load, as after a deploy removed it — the handle gives up:
 * every call fails at once and `onGiveUp` is told, once. An answered call
 * resets the count.
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

export class WorkerUnavailableError extends Error {
  override name = 'WorkerUnavailableError';
}

/** Crashes in a row (no call answered between them) before the handle gives up. */
export const MAX_CRASHES = 4;
/** Wait before the n-th restart in a row (n = 1, 2, …; the last entry repeats). */
export const RESTART_DELAYS_MS = [0, 250, 1000, 2000];

export class WorkerHandle {
  private worker: Worker | null = null;
  private remote: RemoteApi | null = null;
  private readonly rejecters = new Set<(e: Error) => void>();
  private readonly factory: () => Worker;
  readonly name: string;
  /** Called when the worker crashed (it will be restarted on the next call). */
  onCrash: ((message: string) => void) | null = null;
  /** Called once when the handle gives up (the worker cannot be started). */
  onGiveUp: ((message: string) => void) | null = null;
  restarts = 0;
  /** Crashes since the last answered call. */
  private crashesInARow = 0;
  private nextStartAt = 0;
  private gaveUp: string | null = null;

  constructor(name: string, factory: () => Worker) {
    this.name = name;
    this.factory = factory;
  }

  private api(): RemoteApi {
    if (!this.remote) {
      const w = this.factory();
      w.addEventListener('error', (e) => this.crash(e.message || 'its script did not load or failed at start'));
      w.addEventListener('messageerror', () => this.crash('a message could not be read'));
      this.worker = w;
      this.remote = wrap<ComputeApi>(w) as unknown as RemoteApi;
    }
    return this.remote;
  }

  /** The handle gave up restarting its worker (the message says why), or null. */
  get unavailable(): string | null {
    return this.gaveUp;
  }

  /** Run fn against the worker; rejects if the worker crashes meanwhile. */
  call<T>(fn: (api: RemoteApi) => Promise<T>): Promise<T> {
    if (this.gaveUp) return Promise.reject(new WorkerUnavailableError(this.gaveUp));
    let reject!: (e: Error) => void;
    const guard = new Promise<never>((_, rej) => {
      reject = rej;
    });
    this.rejecters.add(reject);
    const start = (): Promise<T> => {
      if (this.gaveUp) return Promise.reject(new WorkerUnavailableError(this.gaveUp));
      try {
        return fn(this.api());
      } catch (e) {
        return Promise.reject(e);
      }
    };
    const wait = this.remote ? 0 : this.nextStartAt - Date.now();
    const run = (wait > 0 ? new Promise<void>((r) => setTimeout(r, wait)).then(start) : start()).then((v) => {
      this.crashesInARow = 0; // the worker answered: it loads and runs
      return v;
    });
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
    this.crashesInARow++;
    if (this.crashesInARow >= MAX_CRASHES) {
      this.gaveUp = `The ${this.name} worker could not be started (${message}; ${this.crashesInARow} attempts).`;
      this.terminate(new WorkerUnavailableError(this.gaveUp));
      this.onGiveUp?.(this.gaveUp);
      return;
    }
    this.nextStartAt = Date.now() + RESTART_DELAYS_MS[Math.min(this.crashesInARow, RESTART_DELAYS_MS.length - 1)];
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
