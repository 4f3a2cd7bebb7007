/**
 * Cooperative time slicing for long loops in a worker: `yieldNow()` lets the
 * worker read queued messages (a newer request's `setLatest`) between slices.
 * A MessageChannel macrotask is not clamped like nested setTimeout(0).
 */
const queue: (() => void)[] = [];
let port: MessagePort | null = null;

function viaChannel(): Promise<void> {
  if (!port) {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => queue.shift()?.();
    port = ch.port2;
    // In Node the port would keep the process alive.
    (ch.port1 as unknown as { unref?: () => void }).unref?.();
    (ch.port2 as unknown as { unref?: () => void }).unref?.();
  }
  return new Promise((resolve) => {
    queue.push(resolve);
    port!.postMessage(0);
  });
}

const g = globalThis as unknown as { setImmediate?: (cb: () => void) => void };

export function yieldNow(): Promise<void> {
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  return viaChannel();
}

/** Milliseconds a slice may run before yielding (stated with the jobs, which size their chunks by it). */
export { SLICE_MS } from '../src/core/job';

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
