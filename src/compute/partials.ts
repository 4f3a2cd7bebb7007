import { proxy, type ProxyMarked } from 'comlink';

/**
 * A callback for a job's partial results that goes quiet once the job's call
 * has settled. Comlink delivers a proxied callback over its own MessagePort,
 * not the port the call returns on, so the last partial can arrive after the
 * final result — and would replace "done" by "99 %" on screen. Close the sink
 * as soon as the call returns (a `finally`), and late partials are dropped.
 */
export function partialSink<T>(accept: (value: T) => void): { callback: ((value: T) => void) & ProxyMarked; close(): void } {
  let open = true;
  return {
    callback: proxy((value: T) => {
      if (open) accept(value);
    }),
    close: () => {
      open = false;
    },
  };
}
