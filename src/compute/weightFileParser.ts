/**
 * Read a weight file in a worker (workers/weights.worker.ts), with progress:
 * parsing and checking a 50 MB file never blocks the page. One read at a time:
 * a new one stops the old. Where workers are missing (unit tests), it parses here.
 */
import { parseWeightFile, type WeightFileResult } from '../params/weightFile';
import { weightsHash } from '../params/weights';
import type { WeightsWorkerReply, WeightsWorkerRequest } from '../../workers/weights.worker';

export interface WeightFileRead {
  result: WeightFileResult;
  /** The content hash of the network read (null on failure). */
  hash: string | null;
}

let worker: Worker | null = null;
let nextId = 0;
let pending: { id: number; reject: (e: Error) => void } | null = null;

function weightsWorker(): Worker {
  worker ??= new Worker(new URL('../../workers/weights.worker.ts', import.meta.url), { type: 'module', name: 'weights' });
  return worker;
}

export interface ReadOptions {
  /** The file's name (messages, `.pt` detection). */
  name: string;
  /** The recurrent module to import (null: the only one). */
  module?: string | null;
  /** The hash a link needs: the module with this hash is taken. */
  want?: string | null;
  onProgress?: (fraction: number) => void;
}

/** The network in a file or in bytes (pasted text). Rejects only if a newer read replaced it. */
export function readWeightFile(input: File | Uint8Array, opts: ReadOptions): Promise<WeightFileRead> {
  const onProgress = opts.onProgress ?? (() => undefined);
  if (typeof Worker === 'undefined') {
    const here = async (): Promise<WeightFileRead> => {
      const bytes = input instanceof Uint8Array ? input : new Uint8Array(await input.arrayBuffer());
      const result = parseWeightFile(bytes, opts.name, opts.module ?? null, onProgress);
      return { result, hash: result.ok ? weightsHash(result.net.weights) : null };
    };
    return here();
  }
  if (pending) {
    pending.reject(new Error('replaced by a newer file'));
    worker?.terminate();
    worker = null;
  }
  const id = ++nextId;
  const w = weightsWorker();
  return new Promise<WeightFileRead>((resolve, reject) => {
    pending = { id, reject };
    const done = () => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      if (pending?.id === id) pending = null;
    };
    const onMessage = (e: MessageEvent<WeightsWorkerReply>) => {
      if (e.data.id !== id) return;
      if ('progress' in e.data) onProgress(e.data.progress);
      else {
        done();
        resolve({ result: e.data.result, hash: e.data.hash });
      }
    };
    const onError = (e: ErrorEvent) => {
      done();
      worker?.terminate();
      worker = null;
      resolve({ result: { ok: false, error: `The weight-file reader failed: ${e.message || 'its worker did not start'}.` }, hash: null });
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    const req: WeightsWorkerRequest = { id, file: input, name: opts.name, module: opts.module ?? null, want: opts.want ?? null };
    w.postMessage(req);
  });
}
