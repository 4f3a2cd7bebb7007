/**
 * Imported networks (M6): the JSON file formats, their validation, and how a
 * network travels in a link (a content hash, plus the data itself when small).
 *
 * File formats:
 *   {"model":"net1d","w":[..],"b":[..],"a":[..],"c":0,"activation":"relu","output":"identity"}
 *   {"model":"rnn","W":[[..],..],"b":[..],"activation":"tanh"}
 *   {"model":"plrnn","A":[..],"W":[[..],..],"h":[..]}
 */
import { ACTIVATIONS, type Activation } from '../core/models/activations';
import { OUTPUTS, type Net1dWeights, type OutputMode } from '../core/models/net1d';
import type { PlrnnWeights, RnnWeights } from '../core/models/vector';

export const MAX_IMPORTED_WIDTH = 1024;
/** Unit counts an imported RNN / PLRNN may have (as the seeded ones). */
export const ND_RANGE = { rnn: [2, 512], plrnn: [2, 64] } as const;
/** Up to this many numbers, a network travels inside the link; larger ones by hash only. */
export const INLINE_MAX_NUMBERS = 300;

export const IMPORTABLE: readonly string[] = ['net1d', 'rnn', 'plrnn'];
export type ImportableModel = 'net1d' | 'rnn' | 'plrnn';

export type ImportedData = Net1dWeights | RnnWeights | PlrnnWeights;

export type ImportedNetwork =
  | { model: 'net1d'; weights: Net1dWeights; act: Activation; out: OutputMode }
  | { model: 'rnn'; weights: RnnWeights; act: Activation }
  | { model: 'plrnn'; weights: PlrnnWeights };

export interface WeightsRef {
  /** Content hash of the weights (hex). */
  hash: string;
  /** The weights, when known on this device or carried by the link. */
  data: ImportedData | null;
}

export type ParseResult = { ok: true; net: ImportedNetwork } | { ok: false; error: string };

export function kindOf(d: ImportedData): ImportableModel {
  return 'A' in d ? 'plrnn' : 'W' in d ? 'rnn' : 'net1d';
}

/** Width k of a 1-D network, or unit count N (M) of an RNN (PLRNN). */
export function weightsWidth(d: ImportedData): number {
  return 'A' in d ? d.h.length : 'W' in d ? d.b.length : d.w.length;
}

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

/** An n × n matrix given as an array of n rows, flattened row-major. */
function squareMatrix(v: unknown, name: string): { m: Float64Array; n: number } | string {
  if (!Array.isArray(v) || v.length === 0) return `"${name}" must be a square matrix: an array of rows, each an array of numbers.`;
  const n = v.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = numberArray(v[i], `${name}[${i}]`);
    if (typeof row === 'string') return row.includes('must be an array') ? `"${name}[${i}]" must be a row (an array of numbers).` : row;
    if (row.length !== n) return `"${name}" must be square: it has ${n} rows but row ${i} has ${row.length} entries.`;
    m.set(row, i * n);
  }
  return { m, n };
}

function activationOf(o: Record<string, unknown>): Activation | string {
  if (o.activation === undefined) return `"activation" is missing; use one of ${ACTIVATIONS.join(', ')}.`;
  if (!(ACTIVATIONS as readonly unknown[]).includes(o.activation)) {
    return `"activation" ${JSON.stringify(o.activation)} is not supported; use one of ${ACTIVATIONS.join(', ')}.`;
  }
  return o.activation as Activation;
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
  const model = o.model === undefined ? 'net1d' : o.model;
  if (model === 'rnn') return parseRnn(o);
  if (model === 'plrnn') return parsePlrnn(o);
  if (model !== 'net1d') {
    return { ok: false, error: `"model" is ${JSON.stringify(o.model)}; use "net1d", "rnn" or "plrnn".` };
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
  const act = activationOf(o);
  if (!(ACTIVATIONS as readonly string[]).includes(act)) return { ok: false, error: act };
  const output = o.output === undefined ? 'identity' : o.output;
  if (!(OUTPUTS as readonly unknown[]).includes(output)) {
    return { ok: false, error: `"output" ${JSON.stringify(output)} is not supported; use one of ${OUTPUTS.join(', ')}.` };
  }
  return { ok: true, net: { model: 'net1d', weights: { w, b, a, c }, act: act as Activation, out: output as OutputMode } };
}

function sizeError(model: 'rnn' | 'plrnn', n: number): string | null {
  const [lo, hi] = ND_RANGE[model];
  return n < lo || n > hi ? `The ${model === 'rnn' ? 'RNN' : 'PLRNN'} has ${n} units; between ${lo} and ${hi} are supported.` : null;
}

function parseRnn(o: Record<string, unknown>): ParseResult {
  const W = squareMatrix(o.W, 'W');
  if (typeof W === 'string') return { ok: false, error: W };
  const size = sizeError('rnn', W.n);
  if (size) return { ok: false, error: size };
  const b = o.b === undefined ? new Float64Array(W.n) : numberArray(o.b, 'b');
  if (typeof b === 'string') return { ok: false, error: b };
  if (b.length !== W.n) return { ok: false, error: `"b" has ${b.length} entries but W is ${W.n} × ${W.n}.` };
  const act = activationOf(o);
  if (!(ACTIVATIONS as readonly string[]).includes(act)) return { ok: false, error: act };
  return { ok: true, net: { model: 'rnn', weights: { W: W.m, b }, act: act as Activation } };
}

function parsePlrnn(o: Record<string, unknown>): ParseResult {
  const A = numberArray(o.A, 'A');
  if (typeof A === 'string') return { ok: false, error: `${A} (A is the diagonal of the PLRNN's linear part, one number per unit.)` };
  const W = squareMatrix(o.W, 'W');
  if (typeof W === 'string') return { ok: false, error: W };
  const size = sizeError('plrnn', W.n);
  if (size) return { ok: false, error: size };
  if (A.length !== W.n) return { ok: false, error: `"A" has ${A.length} entries but W is ${W.n} × ${W.n}.` };
  const h = o.h === undefined ? new Float64Array(W.n) : numberArray(o.h, 'h');
  if (typeof h === 'string') return { ok: false, error: h };
  if (h.length !== W.n) return { ok: false, error: `"h" has ${h.length} entries but W is ${W.n} × ${W.n}.` };
  return { ok: true, net: { model: 'plrnn', weights: { A, W: W.m, h } } };
}

export function networkToJson(net: ImportedNetwork): string {
  const rows = (m: Float64Array, n: number) => Array.from({ length: n }, (_, i) => [...m.subarray(i * n, i * n + n)]);
  switch (net.model) {
    case 'net1d':
      return JSON.stringify({
        model: 'net1d',
        w: [...net.weights.w],
        b: [...net.weights.b],
        a: [...net.weights.a],
        c: net.weights.c,
        activation: net.act,
        output: net.out,
      });
    case 'rnn':
      return JSON.stringify({ model: 'rnn', W: rows(net.weights.W, net.weights.b.length), b: [...net.weights.b], activation: net.act });
    case 'plrnn':
      return JSON.stringify({ model: 'plrnn', A: [...net.weights.A], W: rows(net.weights.W, net.weights.h.length), h: [...net.weights.h] });
  }
}

/** The numbers of a network in a fixed order (the link's binary form and the hash). */
function pack(d: ImportedData): Float64Array {
  if ('A' in d) return Float64Array.from([...d.A, ...d.W, ...d.h]);
  if ('W' in d) return Float64Array.from([...d.W, ...d.b]);
  const k = d.w.length;
  const all = new Float64Array(3 * k + 1);
  all.set(d.w, 0);
  all.set(d.b, k);
  all.set(d.a, 2 * k);
  all[3 * k] = d.c;
  return all;
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
  const kind = kindOf(d);
  let h1 = 0xdeadbeef ^ (kind === 'net1d' ? 0 : kind === 'rnn' ? 0x1234567 : 0x7654321);
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
export function decodeWeightsData(s: string, model: ImportableModel = 'net1d'): ImportedData | string {
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
  if (model === 'net1d') {
    if (count < 4 || (count - 1) % 3 !== 0) return 'the weights in the link have the wrong length';
    const k = (count - 1) / 3;
    if (k > MAX_IMPORTED_WIDTH) return `the network in the link is wider than ${MAX_IMPORTED_WIDTH}`;
    return { w: vals.slice(0, k), b: vals.slice(k, 2 * k), a: vals.slice(2 * k, 3 * k), c: vals[3 * k] };
  }
  // rnn: n² + n numbers; plrnn: n + n² + n
  const n = model === 'rnn' ? Math.round((-1 + Math.sqrt(1 + 4 * count)) / 2) : Math.round(-1 + Math.sqrt(1 + count));
  const expected = model === 'rnn' ? n * n + n : n * n + 2 * n;
  if (n < 1 || expected !== count) return 'the weights in the link have the wrong length';
  const err = sizeError(model, n);
  if (err) return err.toLowerCase();
  if (model === 'rnn') return { W: vals.slice(0, n * n), b: vals.slice(n * n) };
  return { A: vals.slice(0, n), W: vals.slice(n, n + n * n), h: vals.slice(n + n * n) };
}

export function decodeWeightsParam(wh: string | null, wd: string | null, model: ImportableModel, warnings: string[]): WeightsRef | null {
  let data: ImportedData | null = null;
  if (wd !== null) {
    const d = decodeWeightsData(wd, model);
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
  if (ref.data && pack(ref.data).length <= INLINE_MAX_NUMBERS) parts.push(`wd=${encodeWeightsData(ref.data)}`);
  return parts;
}
