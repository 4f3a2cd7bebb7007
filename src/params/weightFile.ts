/**
 * A weight file of any supported kind, from its bytes (issue #14): the lab's
 * own JSON formats (weights.ts), a PyTorch state_dict saved as `.safetensors`
 * or as a `.json` of tensor names to nested arrays. The recurrent module of a
 * state_dict becomes a network of the lab:
 *
 *   nn.GRU / nn.LSTM (any number of layers) → the gru / lstm model, tensors as stored;
 *   nn.RNN, one layer → the rnn model: W = weight_hh_l0, b = bias_ih_l0 + bias_hh_l0
 *     (h' = φ(W_hh h + b_ih + b_hh) when the input x is zero, as in Paper A's experiments);
 *   nn.RNN, several layers → the elman model (models/elman.ts), tensors as stored.
 *
 * Pure: the caller (a worker in the app, the CLI) hands over the bytes. Every
 * failure is a message naming the tensor (or the field) and the problem.
 */
import { oneLine } from '../core/format';
import { findRecurrentModules, moduleName, pickModule, stateDictFromJson, type RecurrentImport, type RecurrentKind, type RecurrentModule, type StateDict } from '../core/import/stateDict';
import { parseSafetensors, type ProgressCallback } from '../core/import/safetensors';
import { gatedFromModule, type ImportedData } from '../core/models';
import { parseNetworkJson, type ImportedNetwork } from './weights';

/** A recurrent module found in a file, as offered for the choice. */
export interface ModuleInfo {
  /** Its name (the prefix without the dot, or "(root)"): what `--module` takes. */
  name: string;
  kind: RecurrentKind;
  hidden: number;
  layers: number;
  input: number;
}

export type WeightFileFormat = 'lab-json' | 'state-dict-json' | 'safetensors';

export type WeightFileResult =
  | {
      ok: true;
      net: ImportedNetwork;
      format: WeightFileFormat;
      /** The module imported (null for the lab's own formats). */
      module: string | null;
      /** Every recurrent module of the file. */
      modules: ModuleInfo[];
      /** What else the file holds (a readout's fc.weight, …): shown, not needed. */
      extra: { name: string; shape: number[] }[];
    }
  | {
      ok: false;
      error: string;
      /** When the file has several recurrent modules and none was chosen: the choice. */
      modules?: ModuleInfo[];
    };

const KIND_NAME: Readonly<Record<RecurrentKind, string>> = { rnn: 'Elman RNN (nn.RNN)', gru: 'GRU', lstm: 'LSTM' };

/** "GRU, 2 layers × 64 units, input 3" */
export function describeModule(m: ModuleInfo): string {
  const layers = m.layers > 1 ? `${m.layers} layers × ${m.hidden} units` : `${m.hidden} units`;
  return `${KIND_NAME[m.kind]}, ${layers}, input size ${m.input}`;
}

function info(m: RecurrentModule): ModuleInfo {
  return { name: moduleName(m), kind: m.kind, hidden: m.hidden, layers: m.layers.length, input: m.input };
}

/** The lab's network of a recurrent module, or why it has none. */
export function networkOfModule(m: RecurrentModule): { ok: true; net: ImportedNetwork } | { ok: false; error: string } {
  if (m.hidden < 2) return { ok: false, error: `module '${moduleName(m)}' has ${m.hidden} unit; the ${m.kind} model needs at least 2` };
  if (m.kind === 'rnn' && m.layers.length === 1) {
    // one layer: the rnn model (b = b_ih + b_hh), with its mean field, column batch and laws
    const [l] = m.layers;
    const b = new Float64Array(m.hidden);
    for (let i = 0; i < m.hidden; i++) b[i] = l.bIh[i] + l.bHh[i];
    const weights: ImportedData = { W: l.wHh, b };
    return { ok: true, net: { model: 'rnn', weights, patch: { k: m.hidden } } };
  }
  // GRU and LSTM of any depth, and stacked nn.RNN: one map of the concatenated state (models/gated.ts)
  const weights = gatedFromModule(m);
  return { ok: true, net: { model: weights.kind, weights, patch: { k: m.hidden } } };
}

/** The network of one module of a state_dict: `module` names it (null: the only one). */
export function importStateDict(dict: StateDict, module: string | null, format: WeightFileFormat, also: { name: string; shape: number[] }[] = []): WeightFileResult {
  let found: RecurrentImport;
  try {
    found = findRecurrentModules(dict);
  } catch (e) {
    return { ok: false, error: messageOf(e) };
  }
  const modules = found.modules.map(info);
  if (module === null && found.modules.length > 1)
    return { ok: false, error: `The file has ${modules.length} recurrent modules (${modules.map((m) => m.name).join(', ')}): choose one.`, modules };
  let m: RecurrentModule;
  try {
    m = pickModule(found, module);
  } catch (e) {
    return { ok: false, error: messageOf(e), modules };
  }
  const r = networkOfModule(m);
  if (!r.ok) return { ok: false, error: r.error, modules };
  return { ok: true, net: r.net, format, module: moduleName(m), modules, extra: [...found.extra, ...also] };
}

function messageOf(e: unknown): string {
  return oneLine(e instanceof Error ? e.message : String(e), 400);
}

/** Whether a JSON object is a state_dict (tensor names) rather than one of the lab's own formats. */
function isStateDictObject(o: unknown): o is Record<string, unknown> {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  if ('model' in o) return false;
  return Object.keys(o).some((k) => /(^|\.)weight_hh_l\d+(_reverse)?$/.test(k) || /(^|\.)weight_hh$/.test(k));
}

/** The first bytes of a Python pickle or a zip archive (torch.save writes one of them). */
function looksLikeTorchSave(bytes: Uint8Array): boolean {
  return (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);
}

/** First byte that is not whitespace or a byte-order mark. */
function firstSignificant(bytes: Uint8Array): number {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i < bytes.length ? bytes[i] : -1;
}

/**
 * The network in a weight file. `name` is the file's name (for messages and
 * to recognise `.pt`), `module` the recurrent module to take when there are
 * several (null: the only one). `onProgress` follows the decoding of a
 * safetensors file's data.
 */
export function parseWeightFile(bytes: Uint8Array, name: string, module: string | null = null, onProgress?: ProgressCallback): WeightFileResult {
  if (bytes.length === 0) return { ok: false, error: `${name} is empty.` };
  if (looksLikeTorchSave(bytes) || /\.(pt|pth|ckpt)$/i.test(name))
    return {
      ok: false,
      error: `${name} looks like a torch.save file (a Python pickle), which the lab does not read (unpickling runs code). Save the state_dict with safetensors: safetensors.torch.save_file(model.state_dict(), "net.safetensors"), or as JSON (docs/import.md).`,
    };
  if (firstSignificant(bytes) === 0x7b /* { */) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, error: `${name} starts like JSON but is not valid UTF-8 text.` };
    }
    let obj: unknown;
    try {
      obj = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      obj = undefined; // parseNetworkJson names the syntax error
    }
    if (isStateDictObject(obj)) {
      let dict: StateDict;
      try {
        dict = stateDictFromJson(obj);
      } catch (e) {
        return { ok: false, error: messageOf(e) };
      }
      onProgress?.(1);
      return importStateDict(dict, module, 'state-dict-json');
    }
    const r = parseNetworkJson(text);
    onProgress?.(1);
    return r.ok ? { ok: true, net: r.net, format: 'lab-json', module: null, modules: [], extra: [] } : r;
  }
  let file: ReturnType<typeof parseSafetensors>;
  try {
    file = parseSafetensors(bytes, onProgress);
  } catch (e) {
    return { ok: false, error: `${name}: ${messageOf(e)}` };
  }
  return importStateDict(file.tensors, module, 'safetensors', file.skipped.map((t) => ({ name: t.name, shape: t.shape })));
}
