/**
 * A worker that answers one request at a time with progress reports, where a
 * new request abandons the old one (a fresh worker, so the old work stops):
 * the CSV reader of the training lab and the weight-file reader of Import.
 * Replies are `{id, progress}` while it works and `{id, …result}` at the end.
 */
export type ProgressReply<R> = { id: number; progress: number } | ({ id: number } & R);

export interface LatestOnlyWorker<Q, R> {
  /** Send `body`; resolves with the final reply (or `failed`'s when the worker fails), rejects if a newer request replaced it. */
  request(body: Q, onProgress: (fraction: number) => void): Promise<R>;
}

export function latestOnlyWorker<Q, R>(make: () => Worker, failed: (message: string) => R): LatestOnlyWorker<Q, R> {
  let worker: Worker | null = null;
  let nextId = 0;
  let pending: { id: number; reject: (e: Error) => void } | null = null;
  return {
    request(body, onProgress) {
      if (pending) {
        pending.reject(new Error('replaced by a newer request'));
        worker?.terminate();
        worker = null;
      }
      const id = ++nextId;
      const w = (worker ??= make());
      return new Promise<R>((resolve, reject) => {
        pending = { id, reject };
        const done = () => {
          w.removeEventListener('message', onMessage);
          w.removeEventListener('error', onError);
          if (pending?.id === id) pending = null;
        };
        const onMessage = (e: MessageEvent<ProgressReply<R>>) => {
          if (e.data.id !== id) return;
          if ('progress' in e.data) onProgress(e.data.progress);
          else {
            done();
            const { id: _id, ...result } = e.data;
            resolve(result as unknown as R);
          }
        };
        const onError = (e: ErrorEvent) => {
          done();
          worker?.terminate();
          worker = null;
          resolve(failed(e.message || 'its worker did not start'));
        };
        w.addEventListener('message', onMessage);
        w.addEventListener('error', onError);
        w.postMessage({ id, ...body });
      });
    },
  };
}
