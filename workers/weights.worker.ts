/// <reference lib="webworker" />
/**
 * A weight file read and checked off the main thread (issue #14): a 50 MB
 * safetensors file does not freeze the page. The file is read here, parsed by
 * params/weightFile.ts with progress, and the network comes back with its
 * content hash. With `want` (the hash a link needs), every recurrent module of
 * the file is tried and the one with that hash is taken.
 */
import { parseWeightFile, type WeightFileResult } from '../src/params/weightFile';
import { weightsHash } from '../src/params/weights';

export type WeightsWorkerRequest = { id: number; file: File | Uint8Array; name: string; module: string | null; want: string | null };
export type WeightsWorkerReply = { id: number; progress: number } | { id: number; result: WeightFileResult; hash: string | null };

self.onmessage = async (e: MessageEvent<WeightsWorkerRequest>) => {
  const req = e.data;
  let bytes: Uint8Array;
  try {
    bytes = req.file instanceof Uint8Array ? req.file : new Uint8Array(await req.file.arrayBuffer());
  } catch {
    self.postMessage({ id: req.id, result: { ok: false, error: `${req.name} could not be read.` }, hash: null } satisfies WeightsWorkerReply);
    return;
  }
  let last = -1;
  const progress = (f: number) => {
    const pct = Math.floor(100 * f);
    if (pct === last) return;
    last = pct;
    self.postMessage({ id: req.id, progress: f } satisfies WeightsWorkerReply);
  };
  const reply = (result: WeightFileResult) => {
    let hash: string | null = null;
    try {
      hash = result.ok ? weightsHash(result.net.weights) : null;
    } catch (err) {
      result = { ok: false, error: `The network could not be hashed: ${err instanceof Error ? err.message : String(err)}` };
    }
    self.postMessage({ id: req.id, result, hash } satisfies WeightsWorkerReply);
  };
  try {
    let result = parseWeightFile(bytes, req.name, req.module, progress);
    if (req.want && !result.ok && result.modules && result.modules.length > 1) {
      // the link names the network by its hash: the module whose weights have it
      for (const m of result.modules) {
        const r = parseWeightFile(bytes, req.name, m.name);
        if (r.ok && weightsHash(r.net.weights) === req.want) {
          result = r;
          break;
        }
      }
    }
    reply(result);
  } catch (err) {
    reply({ ok: false, error: `The file could not be read as a network: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}` });
  }
};
