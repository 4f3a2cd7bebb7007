/**
 * Import a weight file (issue #14), shared by the Import panel and the
 * "this link needs the weight file" banner: the file is read and checked in a
 * worker with progress (compute/weightFileParser.ts); a file with several
 * recurrent modules asks which; the network is kept on this device
 * (state/weightStore.ts) and goes into the state — as a new import, or, for
 * the weights a link asked for (same hash), into the link's own state.
 */
import { useRef, useState } from 'react';
import { importPatch } from '../../core/models';
import { readWeightFile } from '../../compute/weightFileParser';
import { describeModule, type ModuleInfo, type WeightFileResult } from '../../params/weightFile';
import { cleanWeightName } from '../../params/weights';
import { appStore } from '../../state/store';
import { storeWeights } from '../../state/weightStore';

/** Largest file read: a 512-unit, several-layer LSTM in float64 with room. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface WeightImport {
  /** Fraction read of the file being read, or null. */
  progress: number | null;
  error: string | null;
  /** The file's recurrent modules when it has several and none was chosen. */
  choice: ModuleInfo[] | null;
  /** What the last import brought in, in words. */
  summary: string | null;
  /** Whether the last import's weights are kept on this device (null while being written, or before any). */
  stored: boolean | null;
  read(input: File | Uint8Array, name: string, module?: string | null): void;
  /** Import the module chosen from `choice`. */
  choose(module: string): void;
}

function summaryOf(r: Extract<WeightFileResult, { ok: true }>, name: string): string {
  const m = r.module ? r.modules.find((x) => x.name === r.module) : null;
  const what = m ? `${describeModule(m)}${r.modules.length > 1 || m.name !== '(root)' ? ` (module ${m.name})` : ''}` : `a ${r.net.model} network`;
  const extra = r.extra.length ? `; also in the file, not needed: ${r.extra.slice(0, 4).map((t) => `${t.name} [${t.shape.join(', ')}]`).join(', ')}${r.extra.length > 4 ? ` and ${r.extra.length - 4} more` : ''}` : '';
  return `Imported ${name}: ${what}${extra}.`;
}

/** `want`: the hash the link needs (the banner), or null for a new import. */
export function useWeightImport(want: string | null): WeightImport {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<ModuleInfo[] | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [stored, setStored] = useState<boolean | null>(null);
  const last = useRef<{ input: File | Uint8Array; name: string } | null>(null);
  /** Reads started: a store that ends after a newer read began does not report. */
  const reads = useRef(0);

  const read = (input: File | Uint8Array, name: string, module: string | null = null) => {
    const size = input instanceof Uint8Array ? input.length : input.size;
    if (size > MAX_FILE_BYTES) {
      setError(`${name} is ${(size / 1e6).toFixed(1)} MB; at most ${MAX_FILE_BYTES / 1e6} MB can be imported.`);
      return;
    }
    last.current = { input, name };
    const readId = ++reads.current;
    setError(null);
    setChoice(null);
    setSummary(null);
    setStored(null);
    setProgress(0);
    readWeightFile(input, { name, module, want, onProgress: setProgress }).then(
      ({ result, hash }) => {
        setProgress(null);
        if (!result.ok) {
          if (result.modules && result.modules.length > 1 && module === null && !want) setChoice(result.modules);
          setError(result.ok === false ? result.error : null);
          return;
        }
        const ref = { hash: hash!, data: result.net.weights, name: cleanWeightName(name) };
        const s = appStore.getState();
        if (want) {
          if (hash !== want) {
            setError(`${name} holds other weights (#${hash?.slice(0, 8)}) than the link needs (#${want.slice(0, 8)}). Drop the file the link was made with, or import this one as a new network below.`);
            return;
          }
          s.supplyWeights(ref);
        } else {
          // the file's own φ, σ_out and width, at the scales that leave the weights as they are
          s.importNetwork(ref, importPatch(result.net.model, result.net.weights, result.net.patch));
        }
        setSummary(summaryOf(result, name));
        void storeWeights(ref).then((ok) => {
          if (readId === reads.current) setStored(ok);
        });
      },
      () => setProgress(null), // replaced by a newer read
    );
  };

  const choose = (module: string) => {
    if (last.current) read(last.current.input, last.current.name, module);
  };

  return { progress, error, choice, summary, stored, read, choose };
}
