/**
 * The bytes of a `.safetensors` file (issue #14: importing trained recurrent
 * networks, e.g. `safetensors.torch.save_file(model.state_dict(), "net.safetensors")`),
 * parsed and checked — pure, no DOM, no file system: the caller hands over the bytes.
 *
 * Layout: an 8-byte little-endian unsigned header length N, N bytes of UTF-8
 * JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {…}}`,
 * then the raw little-endian data buffer; offsets are relative to the start of
 * that buffer (byte 8 + N of the file).
 *
 * Floating-point dtypes F64, F32, F16 and BF16 are read, every value converted to
 * a Float64Array exactly (all four embed in binary64: F16 and BF16 bit for bit,
 * subnormals, ±0, ±∞ and NaN included). Integer and boolean tensors (a
 * BatchNorm's I64 `num_batches_tracked`, masks) are checked like the others and
 * listed in `skipped`, not decoded — unless the name is that of a recurrent
 * weight or bias, which must be a float; any other dtype (8-bit floats, …) is
 * refused, naming the tensor and the dtype. Non-finite
 * values are kept: the next layer (stateDict.ts) refuses them where they matter,
 * naming the tensor and the index.
 *
 * The file is read once, in linear time: the header is decoded by one
 * TextDecoder call and one JSON.parse, the data tensor by tensor in chunks, with
 * an optional progress callback between chunks (a worker reports progress for a
 * file of tens of MB).
 */

/** The dtypes that are read; the names are safetensors' own. */
export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16';

/** Bytes per element of each dtype that is read. */
export const DTYPE_SIZE: Readonly<Record<SafetensorsDtype, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

/** One tensor of the file: its stored dtype, its shape (row-major) and its values as binary64. */
export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Row-major, product(shape) values, converted exactly from the stored dtype. */
  data: Float64Array;
}

export interface SafetensorsFile {
  /** The floating-point tensors in the order of the header. */
  tensors: Map<string, SafetensorsTensor>;
  /** Integer and boolean tensors, not read (not weights of a recurrent layer): name, dtype, shape. */
  skipped: { name: string; dtype: string; shape: number[] }[];
  /** The header's optional `__metadata__` (strings to strings; a non-string value is kept as its JSON text); {} when absent. */
  metadata: Record<string, string>;
}

/** Called between chunks of decoding with the fraction of the data read so far: increasing, the last call with 1. */
export type ProgressCallback = (fraction: number) => void;

/** Largest header accepted (the reference implementation's limit too). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** Elements decoded between two looks at the progress. */
const CHUNK = 1 << 18;
/** Smallest step of progress reported (besides the final 1). */
const PROGRESS_STEP = 0.01;

const SUPPORTED = Object.keys(DTYPE_SIZE).join(', ');

function isDtype(s: string): s is SafetensorsDtype {
  return Object.prototype.hasOwnProperty.call(DTYPE_SIZE, s);
}

/** Integer and boolean dtypes: checked and skipped (their bytes per element). */
const SKIPPED_SIZE: Readonly<Record<string, number>> = { BOOL: 1, U8: 1, I8: 1, U16: 2, I16: 2, U32: 4, I32: 4, U64: 8, I64: 8 };

/** Names of the parameters of PyTorch's recurrent layers (stateDict.ts): never skipped. */
const RECURRENT_PARAM = /(^|\.)(weight|bias)_(ih|hh|hr)_l\d+(_reverse)?$/;

function fail(message: string): never {
  throw new Error(`safetensors: ${message}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

// ---------------------------------------------------------------- half-precision decoding

let f16Table: Float64Array | null = null;

/**
 * All 65 536 binary16 values as binary64, built once: sign, 5 exponent bits
 * (bias 15), 10 fraction bits; exponent 0 is ±0 and the subnormals m·2⁻²⁴,
 * exponent 31 is ±∞ (m = 0) or NaN. Every value is a small integer times a
 * power of two, so each product is exact.
 */
function f16Values(): Float64Array {
  if (f16Table) return f16Table;
  const table = new Float64Array(65536);
  // pow2[e] = 2^(e − 25) for the normal exponents e = 1 … 30, by exact doublings
  const pow2 = new Float64Array(31);
  pow2[1] = 2 ** -24;
  for (let e = 2; e <= 30; e++) pow2[e] = pow2[e - 1] * 2;
  const sub = 2 ** -24;
  for (let h = 0; h < 32768; h++) {
    const e = h >>> 10;
    const m = h & 1023;
    const v = e === 0 ? m * sub : e === 31 ? (m === 0 ? Infinity : NaN) : (1024 + m) * pow2[e];
    table[h] = v;
    table[h | 32768] = -v;
  }
  f16Table = table;
  return table;
}

/** One binary16 bit pattern (0 … 65535) as a number, exactly. */
export function decodeF16(bits: number): number {
  return f16Values()[bits & 0xffff];
}

// bfloat16 is the upper half of a binary32: put the bits there and read the float
const bfScratchU32 = new Uint32Array(1);
const bfScratchF32 = new Float32Array(bfScratchU32.buffer);

/** One bfloat16 bit pattern (0 … 65535) as a number, exactly. */
export function decodeBf16(bits: number): number {
  bfScratchU32[0] = (bits & 0xffff) << 16;
  return bfScratchF32[0];
}

let bfChunk: { u32: Uint32Array; f32: Float32Array } | null = null;

/** Scratch words for a chunk of BF16 values, shared by the calls (decoding is synchronous). */
function bfScratch(): { u32: Uint32Array; f32: Float32Array } {
  if (!bfChunk) {
    const u32 = new Uint32Array(CHUNK);
    bfChunk = { u32, f32: new Float32Array(u32.buffer) };
  }
  return bfChunk;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Values [from, to) of a tensor whose bytes start at `rel` in `bytes` (and in
 * `view`, over the same bytes) into out[from, to). Aligned data on a
 * little-endian host is viewed in place; otherwise read through the DataView.
 */
function decodeRange(dtype: SafetensorsDtype, bytes: Uint8Array, view: DataView, rel: number, out: Float64Array, from: number, to: number): void {
  const size = DTYPE_SIZE[dtype];
  const start = rel + from * size;
  const n = to - from;
  const buf = bytes.buffer;
  const abs = bytes.byteOffset + start;
  const aligned = LITTLE_ENDIAN_HOST && abs % size === 0;
  switch (dtype) {
    case 'F64':
      if (aligned) out.set(new Float64Array(buf, abs, n), from);
      else for (let i = 0; i < n; i++) out[from + i] = view.getFloat64(start + 8 * i, true);
      return;
    case 'F32':
      if (aligned) {
        // an explicit loop: V8's Float64Array.set from a Float32Array is slower than this
        const src = new Float32Array(buf, abs, n);
        for (let i = 0; i < n; i++) out[from + i] = src[i];
      } else for (let i = 0; i < n; i++) out[from + i] = view.getFloat32(start + 4 * i, true);
      return;
    case 'F16': {
      const table = f16Values();
      if (aligned) {
        const src = new Uint16Array(buf, abs, n);
        for (let i = 0; i < n; i++) out[from + i] = table[src[i]];
      } else for (let i = 0; i < n; i++) out[from + i] = table[view.getUint16(start + 2 * i, true)];
      return;
    }
    case 'BF16': {
      // each word shifted up 16 bits is a binary32's bits: write them to the scratch words, read the floats
      const { u32, f32 } = bfScratch();
      if (aligned) {
        const src = new Uint16Array(buf, abs, n);
        for (let i = 0; i < n; i++) u32[i] = src[i] << 16;
      } else for (let i = 0; i < n; i++) u32[i] = view.getUint16(start + 2 * i, true) << 16;
      for (let i = 0; i < n; i++) out[from + i] = f32[i];
      return;
    }
  }
}

// ---------------------------------------------------------------- the parser

interface Entry {
  name: string;
  dtype: SafetensorsDtype | 'skip';
  /** The stored dtype's name. */
  stored: string;
  shape: number[];
  begin: number;
  end: number;
  count: number;
}

/** The header length, the first 8 bytes as a little-endian u64 (refused when past 100 MB or past the file). */
function headerLength(view: DataView, fileLength: number): number {
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  if (high !== 0 || low > MAX_HEADER_BYTES) {
    const n = high * 4294967296 + low;
    fail(`header length ${n} is absurdly large (over ${MAX_HEADER_BYTES} bytes): not a safetensors file, or a corrupt one`);
  }
  if (8 + low > fileLength) fail(`header length ${low} goes past the end of the file (${fileLength} bytes): the file is truncated or not a safetensors file`);
  return low;
}

function parseHeader(bytes: Uint8Array, n: number): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('the header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isPlainObject(header)) fail(`the header is not a JSON object (got ${Array.isArray(header) ? 'an array' : show(header)})`);
  return header;
}

function readMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) fail(`"__metadata__" is not an object (got ${show(raw)})`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function readEntry(name: string, raw: unknown, dataLength: number): Entry {
  const t = `tensor '${name}'`;
  if (!isPlainObject(raw)) fail(`${t}: header entry is not an object (got ${show(raw)})`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string') fail(`${t}: dtype is missing or not a string (got ${show(dtype)})`);
  const skip = !isDtype(dtype) && Object.prototype.hasOwnProperty.call(SKIPPED_SIZE, dtype) && !RECURRENT_PARAM.test(name);
  if (!isDtype(dtype) && !skip) fail(`${t}: dtype ${dtype} is not supported (only ${SUPPORTED})`);
  const size = isDtype(dtype) ? DTYPE_SIZE[dtype] : SKIPPED_SIZE[dtype];
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(`${t}: shape is not an array of non-negative integers (got ${show(shape)})`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) fail(`${t}: data_offsets is not two non-negative integers [begin, end] (got ${show(offsets)})`);
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`${t}: data_offsets [${begin}, ${end}] has begin > end`);
  let count = 1;
  for (const d of shape as number[]) count *= d;
  const expected = count * size;
  if (end - begin !== expected)
    fail(`${t}: data_offsets [${begin}, ${end}] span ${end - begin} bytes, but shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${expected} (${count} × ${size})`);
  if (end > dataLength) fail(`${t}: data_offsets [${begin}, ${end}] go past the end of the data (${dataLength} bytes): the file is truncated`);
  return { name, dtype: skip ? 'skip' : (dtype as SafetensorsDtype), stored: dtype, shape: (shape as number[]).slice(), begin, end, count };
}

/** Two tensors whose byte ranges intersect are refused (empty tensors occupy nothing). */
function checkDisjoint(entries: Entry[]): void {
  const byStart = entries.filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin || a.end - b.end);
  let reach: Entry | null = null;
  for (const e of byStart) {
    if (reach && e.begin < reach.end)
      fail(`tensors '${reach.name}' [${reach.begin}, ${reach.end}) and '${e.name}' [${e.begin}, ${e.end}) overlap in the data buffer`);
    if (!reach || e.end > reach.end) reach = e;
  }
}

/**
 * The tensors and metadata of a safetensors file. Throws an Error naming the
 * tensor (when there is one) and the problem for: a file shorter than 8 bytes,
 * a header length past the file or over 100 MB, a header that is not UTF-8
 * JSON of an object, an unsupported dtype, a shape that is not non-negative
 * integers, data_offsets that are not two integers with begin ≤ end, a byte
 * range that does not fit shape × dtype size, a range past the data (truncated
 * file), and tensors whose ranges overlap (naming both).
 *
 * `onProgress`, when given, is called between chunks of decoding with the
 * fraction of the data bytes decoded, increasing, and last with exactly 1.
 */
export function parseSafetensors(input: Uint8Array | ArrayBuffer, onProgress?: ProgressCallback): SafetensorsFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < 8) fail(`the file is ${bytes.length} bytes long, shorter than the 8-byte header length: truncated or not a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = headerLength(view, bytes.length);
  const header = parseHeader(bytes, n);
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;

  const metadata = readMetadata(header.__metadata__);
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) if (name !== '__metadata__') entries.push(readEntry(name, raw, dataLength));
  checkDisjoint(entries);

  let total = 0;
  for (const e of entries) if (e.dtype !== 'skip') total += e.end - e.begin;
  let done = 0;
  let reported = 0;
  const tensors = new Map<string, SafetensorsTensor>();
  const skipped: SafetensorsFile['skipped'] = [];
  for (const e of entries) {
    if (e.dtype === 'skip') {
      skipped.push({ name: e.name, dtype: e.stored, shape: e.shape });
      continue;
    }
    const data = new Float64Array(e.count);
    const size = DTYPE_SIZE[e.dtype];
    for (let from = 0; from < e.count; from += CHUNK) {
      const to = Math.min(e.count, from + CHUNK);
      decodeRange(e.dtype, bytes, view, dataStart + e.begin, data, from, to);
      done += (to - from) * size;
      if (onProgress && done < total && done / total - reported >= PROGRESS_STEP) {
        reported = done / total;
        onProgress(reported);
      }
    }
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data });
  }
  onProgress?.(1);
  return { tensors, skipped, metadata };
}
