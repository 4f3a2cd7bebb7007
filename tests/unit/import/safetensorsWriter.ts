/**
 * A small .safetensors writer for the import tests, written from the format's
 * description and independent of src/core/import/safetensors.ts: an 8-byte
 * little-endian header length, the JSON header, the data buffer.
 */

export interface RawTensor {
  name: string;
  dtype: string;
  shape: number[];
  /** The tensor's bytes as stored (little-endian). */
  bytes: Uint8Array;
}

export function f64Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const v = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) v.setFloat64(8 * i, values[i], true);
  return out;
}

export function f32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) v.setFloat32(4 * i, values[i], true);
  return out;
}

/** 16-bit words (F16 or BF16 bit patterns), little-endian. */
export function u16Bytes(words: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(words.length * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) v.setUint16(2 * i, words[i], true);
  return out;
}

/** A file from a header text and a data buffer; `declared` overrides the header length written. */
export function rawFile(headerText: string, data: Uint8Array = new Uint8Array(0), declared?: bigint): Uint8Array {
  const header = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

export interface WriteOptions {
  metadata?: Record<string, string>;
  /** Pad the header with spaces to a multiple of `pad` bytes (safetensors uses 8); default 1: no padding. */
  pad?: number;
  /** Spaces added after the padding (an odd count puts the data at an odd offset: unaligned reads). */
  extraSpaces?: number;
}

/** The tensors, laid out in order, as a .safetensors file. */
export function safetensorsBytes(tensors: RawTensor[], opts: WriteOptions = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (opts.metadata) header.__metadata__ = opts.metadata;
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
  }
  let text = JSON.stringify(header);
  const pad = opts.pad ?? 1;
  while (new TextEncoder().encode(text).length % pad !== 0) text += ' ';
  text += ' '.repeat(opts.extraSpaces ?? 0);
  const data = new Uint8Array(offset);
  offset = 0;
  for (const t of tensors) {
    data.set(t.bytes, offset);
    offset += t.bytes.length;
  }
  return rawFile(text, data);
}

/** A file of F32 tensors given as shapes and values. */
export function f32File(tensors: Record<string, { shape: number[]; values: ArrayLike<number> }>, opts?: WriteOptions): Uint8Array {
  return safetensorsBytes(
    Object.entries(tensors).map(([name, t]) => ({ name, dtype: 'F32', shape: t.shape, bytes: f32Bytes(t.values) })),
    opts,
  );
}
