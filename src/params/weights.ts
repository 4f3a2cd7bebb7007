/**
 * Imported 1-D networks (M6): the JSON file format, its validation, and how a
 * network travels in a link (a content hash, plus the data itself when small).
 *
 * File format:
 *   {"model":"net1d","w":[..],"b":[..],"a":[..],"c":0,"activation":"relu","output":"identity"}
 */
import { ACTIVATIONS, type Activation } from '../core/activations';
import { OUTPUTS, type Net1dWeights, type OutputMode } from '../core/net1d';

export const MAX_IMPORTED_WIDTH = 1024;
/** Networks up to this width travel inside the link; wider ones by hash only. */
export const INLINE_MAX_WIDTH = 64;

export interface ImportedNetwork {
  weights: Net1dWeights;
  act: Activation;
  out: OutputMode;
}

export interface WeightsRef {
  /** Content hash of the weights (hex). */
  hash: string;
  /** The weights, when known on this device or carried by the link. */
  data: Net1dWeights | null;
}

export type ParseResult = { ok: true; net: ImportedNetwork } | { ok: false; error: string };

function numberArray(v: unknown, name: string): Float64Array | string {
  if (!Array.isArray(v)) return `"${name}" must be an array of numbers.`;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return `"${name}[${i}]" must be a finite number (got ${JSON.stringify(x) ?? String(x)}).`;
    out[i] = x;
  }
  return out;
}

/** Validate a network file. Every failure names the field and what is wrong. */
export function parseNetworkJson(text: string): ParseResult {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { ok: false, error: 'The file must hold one JSON object.' };
  const o = obj as Record<string, unknown>;
  if (o.model !== undefined && o.model !== 'net1d') {
    return { ok: false, error: `"model" is ${JSON.stringify(o.model)}; only "net1d" networks can be imported in this version.` };
  }
  const w = numberArray(o.w, 'w');
  if (typeof w === 'string') return { ok: false, error: w };
  const b = numberArray(o.b, 'b');
  if (typeof b === 'string') return { ok: false, error: b };
  const a = numberArray(o.a, 'a');
  if (typeof a === 'string') return { ok: false, error: a };
  if (w.length === 0) return { ok: false, error: '"w" is empty: the network needs at least one unit.' };
  if (b.length !== w.length || a.length !== w.length) {
    return { ok: false, error: `"w", "b" and "a" must have the same length (got ${w.length}, ${b.length}, ${a.length}).` };
  }
  if (w.length > MAX_IMPORTED_WIDTH) return { ok: false, error: `Width ${w.length} exceeds the maximum ${MAX_IMPORTED_WIDTH}.` };
  const c = o.c === undefined ? 0 : o.c;
  if (typeof c !== 'number' || !Number.isFinite(c)) return { ok: false, error: `"c" must be a finite number (got ${JSON.stringify(c)}).` };
  if (o.activation === undefined) return { ok: false, error: `"activation" is missing; use one of ${ACTIVATIONS.join(', ')}.` };
  if (!(ACTIVATIONS as readonly unknown[]).includes(o.activation)) {
    return { ok: false, error: `"activation" ${JSON.stringify(o.activation)} is not supported; use one of ${ACTIVATIONS.join(', ')}.` };
  }
  const output = o.output === undefined ? 'identity' : o.output;
  if (!(OUTPUTS as readonly unknown[]).includes(output)) {
    return { ok: false, error: `"output" ${JSON.stringify(output)} is not supported; use one of ${OUTPUTS.join(', ')}.` };
  }
  return { ok: true, net: { weights: { w, b, a, c }, act: o.activation as Activation, out: output as OutputMode } };
}

export function networkToJson(net: ImportedNetwork): string {
  return JSON.stringify({
    model: 'net1d',
    w: [...net.weights.w],
    b: [...net.weights.b],
    a: [...net.weights.a],
    c: net.weights.c,
    activation: net.act,
    output: net.out,
  });
}

function packWeights(net: Net1dWeights): Float64Array {
  const k = net.w.length;
  const all = new Float64Array(3 * k + 1);
  all.set(net.w, 0);
  all.set(net.b, k);
  all.set(net.a, 2 * k);
  all[3 * k] = net.c;
  return all;
}

function bytesOf(net: Net1dWeights): Uint8Array {
  const packed = packWeights(net);
  const bytes = new Uint8Array(packed.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < packed.length; i++) view.setFloat64(8 * i, packed[i], true);
  return bytes;
}

/** cyrb53-style 53-bit hash of the weights' bytes, as 14 hex digits. */
export function weightsHash(net: Net1dWeights): string {
  const bytes = bytesOf(net);
  let h1 = 0xdeadbeef;
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

export function encodeWeightsData(net: Net1dWeights): string {
  return toBase64Url(bytesOf(net));
}

export function decodeWeightsData(s: string): Net1dWeights | string {
  const bytes = fromBase64Url(s);
  if (!bytes) return 'the weights in the link are not valid base64url';
  if (bytes.length % 8 !== 0 || bytes.length < 32) return 'the weights in the link have the wrong length';
  const n = bytes.length / 8;
  if ((n - 1) % 3 !== 0) return 'the weights in the link have the wrong length';
  const k = (n - 1) / 3;
  if (k > MAX_IMPORTED_WIDTH) return `the network in the link is wider than ${MAX_IMPORTED_WIDTH}`;
  const view = new DataView(bytes.buffer);
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    vals[i] = view.getFloat64(8 * i, true);
    if (!Number.isFinite(vals[i])) return 'the weights in the link contain a non-finite number';
  }
  return { w: vals.slice(0, k), b: vals.slice(k, 2 * k), a: vals.slice(2 * k, 3 * k), c: vals[3 * k] };
}

export function decodeWeightsParam(wh: string | null, wd: string | null, warnings: string[]): WeightsRef | null {
  let data: Net1dWeights | null = null;
  if (wd !== null) {
    const d = decodeWeightsData(wd);
    if (typeof d === 'string') warnings.push(`Imported network ignored: ${d}.`);
    else data = d;
  }
  if (data) {
    const hash = weightsHash(data);
    if (wh !== null && wh !== hash) warnings.push('The imported network’s hash did not match its data; the data was used.');
    return { hash, data };
  }
  if (wh !== null && /^[0-9a-f]{14}$/.test(wh)) return { hash: wh, data: null };
  if (wh !== null) warnings.push('The imported network’s reference in the link is malformed; it was ignored.');
  return null;
}

export function encodeWeightsParam(ref: WeightsRef): string[] {
  const parts = [`wh=${ref.hash}`];
  if (ref.data && ref.data.w.length <= INLINE_MAX_WIDTH) parts.push(`wd=${encodeWeightsData(ref.data)}`);
  return parts;
}
