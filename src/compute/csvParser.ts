/**
 * Parse a CSV for the training lab in a worker (workers/csv.worker.ts), with
 * progress: a 30 MB file does not freeze the page. One parse at a time: a new
 * one stops the old. Where workers are missing (unit tests), it parses here.
 */
import { parseCsv, type CsvParse } from '../core/training/csvData';
import type { CsvWorkerReply, CsvWorkerRequest } from '../../workers/csv.worker';

let worker: Worker | null = null;
let nextId = 0;
let pending: { id: number; reject: (e: Error) => void } | null = null;

function csvWorker(): Worker {
  worker ??= new Worker(new URL('../../workers/csv.worker.ts', import.meta.url), { type: 'module', name: 'csv' });
  return worker;
}

/** The parse of a file or pasted text; `onProgress` gets the fraction of rows read. Rejects if a newer parse replaced it. */
export function parseCsvOffThread(input: File | string, onProgress: (fraction: number) => void): Promise<CsvParse> {
  if (typeof Worker === 'undefined') return typeof input === 'string' ? Promise.resolve(parseCsv(input, onProgress)) : input.text().then((t) => parseCsv(t, onProgress));
  if (pending) {
    // the old parse is abandoned: a fresh worker, so its work stops too
    pending.reject(new Error('replaced by a newer file'));
    worker?.terminate();
    worker = null;
  }
  const id = ++nextId;
  const w = csvWorker();
  return new Promise<CsvParse>((resolve, reject) => {
    pending = { id, reject };
    const done = () => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      if (pending?.id === id) pending = null;
    };
    const onMessage = (e: MessageEvent<CsvWorkerReply>) => {
      if (e.data.id !== id) return;
      if ('progress' in e.data) onProgress(e.data.progress);
      else {
        done();
        resolve(e.data.result);
      }
    };
    const onError = (e: ErrorEvent) => {
      done();
      worker?.terminate();
      worker = null;
      resolve({ ok: false, errors: [`The CSV reader failed: ${e.message || 'its worker did not start'}.`] });
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    const req: CsvWorkerRequest = typeof input === 'string' ? { id, text: input } : { id, file: input };
    w.postMessage(req);
  });
}
