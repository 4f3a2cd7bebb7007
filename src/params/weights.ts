/**
 * Imported networks: the JSON file formats, their validation, and how a
 * network travels in a link (a content hash, plus the data itself when small).
 *
 * File formats:
 *   {"model":"net1d","w":[..],"b":[..],"a":[..],"c":0,"activation":"relu","output":"identity"}
 *   {"model":"rnn","W":[[..],..],"b":[..],"activation":"tanh"}
 *   {"model":"plrnn","A":[..],"W":[[..],..],"h":[..]}
 */
import { oneLine } from '../core/format';
import { MODEL_LIST, modelOf, modelOfWeights, quote, type ImportedData, type ModelId, type ModelParams } from '../core/models';

export type { ImportedData } from '../core/models';

/** Up to this many numbers, a network travels inside the link; larger ones by hash only. */
export const INLINE_MAX_NUMBERS = 300;

/** The models whose weights can be imported (those with an importer in the registry). */
export const IMPORTABLE: readonly ModelId[] = MODEL_LIST.filter((m) => m.importer).map((m) => m.id);

/** A validated weight file: the model, its weights, and the parameters the file fixes (φ, σ_out, k). */
export interface ImportedNetwork {
  model: ModelId;
  weights: ImportedData;
  patch: Partial<ModelParams>;
}

export interface WeightsRef {
  /** Content hash of the weights (hex). */
  hash: string;
  /** The weights, when known on this device or carried by the link. */
  data: ImportedData | null;
  /** The name of the file they came from (the link's `wn`), to ask for it where the weights are missing. */
  name?: string | null;
}

/** Longest file name a link carries. */
export const WEIGHT_NAME_MAX = 80;

/** A file name as the link carries it: its last path part, printable, at most WEIGHT_NAME_MAX characters; null if nothing is left. */
export function cleanWeightName(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f<>"`]/g, '').trim().slice(0, WEIGHT_NAME_MAX);
  return clean === '' ? null : clean;
}

export type ParseResult = { ok: true; net: ImportedNetwork } | { ok: false; error: string };

/** The model of imported weights. */
export function kindOf(d: ImportedData): ModelId {
  const id = modelOfWeights(d);
  if (!id) throw new Error('weights of no known model');
  return id;
}

function importerOf(id: ModelId) {
  const imp = modelOf(id).importer;
  if (!imp) throw new Error(`the ${id} model cannot be imported`);
  return imp;
}

/** Width k of a 1-D network, or unit count N of a vector network. */
export function weightsWidth(d: ImportedData): number {
  return importerOf(kindOf(d)).width(d as never);
}

/** Validate a network file. Every failure names the field and what is wrong. */
export function parseNetworkJson(text: string): ParseResult {
  let obj: unknown;
  try {
    obj = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte-order mark, as some editors write it
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${oneLineExcerpt(e)}` };
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { ok: false, error: 'The file must hold one JSON object.' };
  const o = obj as Record<string, unknown>;
  const model = o.model === undefined ? 'net1d' : o.model;
  const m = MODEL_LIST.find((x) => x.id === model && x.importer);
  if (!m) return { ok: false, error: `"model" is ${quote(o.model)}; use ${IMPORTABLE.map((id) => `"${id}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}.` };
  let r: ReturnType<NonNullable<typeof m.importer>['parse']>;
  try {
    r = m.importer!.parse(o);
  } catch (e) {
    // validation returns messages; an exception here is a file the checks did not foresee
    return { ok: false, error: `The file could not be read as a ${m.name} network: ${oneLineExcerpt(e)}` };
  }
  return r.ok ? { ok: true, net: { model: m.id, weights: r.weights as ImportedData, patch: r.patch } } : r;
}

/** An error's message on one line, at most 200 characters. */
function oneLineExcerpt(e: unknown): string {
  return oneLine(e instanceof Error ? e.message : String(e), 200);
}

/** The file of an imported network as an object (φ and σ_out from the state). */
export function networkFile(model: ModelId, weights: ImportedData, p: ModelParams): Record<string, unknown> {
  return importerOf(model).toJson(weights as never, p);
}

/** The file of an imported network (φ and σ_out from the state). */
export function networkToJson(model: ModelId, weights: ImportedData, p: ModelParams): string {
  return JSON.stringify(networkFile(model, weights, p));
}

/** The numbers of a network in a fixed order (the link's binary form, the hash, the local store). */
export function packWeights(d: ImportedData): Float64Array {
  return importerOf(kindOf(d)).pack(d as never);
}
const pack = packWeights;

/** The network of a model from `packWeights`' numbers, or why they do not fit. */
export function unpackWeights(vals: Float64Array, model: ModelId): ImportedData | string {
  return importerOf(model).unpack(vals) as ImportedData | string;
}

function bytesOf(packed: Float64Array): Uint8Array {
  const bytes = new Uint8Array(packed.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < packed.length; i++) view.setFloat64(8 * i, packed[i], true);
  return bytes;
}

/** cyrb53-style 53-bit hash of the weights' bytes (and their kind), as 14 hex digits. */
export function weightsHash(d: ImportedData): string {
  const bytes = bytesOf(pack(d));
  let h1 = 0xdeadbeef ^ importerOf(kindOf(d)).hashSalt;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 2654435761);
    h2 = Math.imul(h2 ^ bytes[i], 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const v = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return v.toString(16).padStart(14, '0');
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export function encodeWeightsData(d: ImportedData): string {
  return toBase64Url(bytesOf(pack(d)));
}

/** The weights of a model of the given kind from the link's binary form, or why not. */
export function decodeWeightsData(s: string, model: ModelId = 'net1d'): ImportedData | string {
  const bytes = fromBase64Url(s);
  if (!bytes) return 'the weights in the link are not valid base64url';
  if (bytes.length % 8 !== 0 || bytes.length === 0) return 'the weights in the link have the wrong length';
  const count = bytes.length / 8;
  const view = new DataView(bytes.buffer);
  const vals = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    vals[i] = view.getFloat64(8 * i, true);
    if (!Number.isFinite(vals[i])) return 'the weights in the link contain a non-finite number';
  }
  return importerOf(model).unpack(vals) as ImportedData | string;
}

export function decodeWeightsParam(wh: string | null, wd: string | null, model: ModelId, warnings: string[], wn: string | null = null): WeightsRef | null {
  const name = cleanWeightName(wn);
  let data: ImportedData | null = null;
  if (wd !== null) {
    const d = decodeWeightsData(wd, model);
    if (typeof d === 'string') warnings.push(`Imported network ignored: ${d}.`);
    else data = d;
  }
  if (data) {
    const hash = weightsHash(data);
    if (wh !== null && wh !== hash) warnings.push('The imported network’s hash did not match its data; the data was used.');
    return { hash, data, name };
  }
  if (wh !== null && /^[0-9a-f]{14}$/.test(wh)) return { hash: wh, data: null, name };
  if (wh !== null) warnings.push('The imported network’s reference in the link is malformed; it was ignored.');
  return null;
}

export function encodeWeightsParam(ref: WeightsRef): string[] {
  const parts = [`wh=${ref.hash}`];
  if (ref.data && pack(ref.data).length <= INLINE_MAX_NUMBERS) parts.push(`wd=${encodeWeightsData(ref.data)}`);
  const name = cleanWeightName(ref.name);
  if (name) parts.push(`wn=${encodeURIComponent(name)}`);
  return parts;
}
