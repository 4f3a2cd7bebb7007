/**
 * Read a weight file in a worker (workers/weights.worker.ts), with progress:
 * parsing and checking a 50 MB file never blocks the page. One read at a time:
 * a new one stops the old. Where workers are missing (unit tests), it parses here.
 */
import { parseWeightFile, type WeightFileResult } from '../params/weightFile';
import { weightsHash } from '../params/weights';
import type { WeightsWorkerRequest } from '../../workers/weights.worker';
import { latestOnlyWorker } from './latestOnlyWorker';

export interface WeightFileRead {
  result: WeightFileResult;
  /** The content hash of the network read (null on failure). */
  hash: string | null;
}

const reader = latestOnlyWorker<Omit<WeightsWorkerRequest, 'id'>, WeightFileRead>(
  () => new Worker(new URL('../../workers/weights.worker.ts', import.meta.url), { type: 'module', name: 'weights' }),
  (message) => ({ result: { ok: false, error: `The weight-file reader failed: ${message}.` }, hash: null }),
);

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
  return reader.request({ file: input, name: opts.name, module: opts.module ?? null, want: opts.want ?? null }, onProgress);
}
