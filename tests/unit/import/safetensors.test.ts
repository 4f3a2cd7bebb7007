/**
 * The .safetensors parser (issue #14): the fixtures numpy wrote
 * (tests/fixtures/import/make_fixtures.py) read bit for bit, every F16 and
 * BF16 pattern decoded exactly (against an independent decoder here and
 * numpy's own), aligned and unaligned data, and every refusal naming the
 * tensor and the problem.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBf16, decodeF16, parseSafetensors } from '../../../src/core/import/safetensors';
import { f32Bytes, f32File, f64Bytes, rawFile, safetensorsBytes, u16Bytes } from './safetensorsWriter';

const FIXTURES = 'tests/fixtures/import';
const fixture = (name: string) => new Uint8Array(fs.readFileSync(`${FIXTURES}/${name}`));

interface ExpectedTensor {
  dtype: string;
  shape: number[];
  bits: string[];
}
const EXPECTED = JSON.parse(fs.readFileSync(`${FIXTURES}/expected.json`, 'utf8')) as Record<string, unknown> & {
  f16_all_sha256: string;
  bf16_all_sha256: string;
  f16_samples: Record<string, string>;
};

/** The 64 bits of a double as 16 hex digits. */
function bitsHex(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16).padStart(16, '0');
}

const isNaNBits = (hex: string) => (BigInt(`0x${hex}`) & 0x7ff0000000000000n) === 0x7ff0000000000000n && (BigInt(`0x${hex}`) & 0xfffffffffffffn) !== 0n;

/** Values equal bit for bit (any NaN matches any NaN: JavaScript does not promise NaN payloads). */
function expectBits(actual: Float64Array, bits: string[], what: string): void {
  expect(actual.length, what).toBe(bits.length);
  for (let i = 0; i < bits.length; i++) {
    if (isNaNBits(bits[i])) expect(Number.isNaN(actual[i]), `${what}[${i}]`).toBe(true);
    else expect(bitsHex(actual[i]), `${what}[${i}]`).toBe(bits[i]);
  }
}

/** sha256 of the values' little-endian bytes, every NaN as the quiet NaN 0x7ff8000000000000 (as the generator hashes numpy's). */
function canonicalSha256(values: Float64Array): string {
  const buf = new ArrayBuffer(values.length * 8);
  const v = new DataView(buf);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) {
      v.setUint32(8 * i, 0, true);
      v.setUint32(8 * i + 4, 0x7ff80000, true);
    } else v.setFloat64(8 * i, values[i], true);
  }
  return createHash('sha256').update(new Uint8Array(buf)).digest('hex');
}

/**
 * binary16 → binary64 by building the double's bits (a different route from the
 * parser's table of products): exponent rebiased 15 → 1023, fraction shifted up
 * 42 places; subnormals normalised by shifting until the hidden bit appears.
 */
function refF16(h: number): number {
  const sign = h >> 15;
  let e = (h >> 10) & 31;
  let m = h & 1023;
  let hi: number;
  if (e === 31) hi = 0x7ff00000 | (m << 10) | (m ? 0x80000 : 0);
  else if (e === 0 && m === 0) hi = 0;
  else {
    if (e === 0) {
      e = 1;
      while ((m & 1024) === 0) {
        m <<= 1;
        e--;
      }
      m &= 1023;
    }
    hi = ((e - 15 + 1023) << 20) | (m << 10);
  }
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, (hi | (sign << 31)) >>> 0);
  v.setUint32(4, 0);
  return v.getFloat64(0);
}

/** bfloat16 → number arithmetically (the parser reinterprets binary32 bits instead). */
function refBf16(b: number): number {
  const sign = b & 0x8000 ? -1 : 1;
  const e = (b >> 7) & 255;
  const m = b & 127;
  if (e === 255) return m ? NaN : sign * Infinity;
  if (e === 0) return sign * m * Math.pow(2, -133);
  return sign * (128 + m) * Math.pow(2, e - 134);
}

const ALL = Array.from({ length: 65536 }, (_, i) => i);

function expectSameValues(actual: Float64Array, reference: (bits: number) => number, label: string): void {
  for (let b = 0; b < 65536; b++) {
    const want = reference(b);
    if (!(Object.is(actual[b], want) || (Number.isNaN(actual[b]) && Number.isNaN(want)))) {
      throw new Error(`${label} pattern 0x${b.toString(16)}: got ${actual[b]}, expected ${want}`);
    }
  }
}

describe('the fixtures numpy wrote', () => {
  const files = ['gru2_encoder_f32.safetensors', 'lstm_nobias_f64.safetensors', 'rnn_f16.safetensors', 'rnn_bf16.safetensors'];
  for (const file of files) {
    it(`${file}: every tensor's dtype, shape and values bit for bit`, () => {
      const want = EXPECTED[file] as Record<string, ExpectedTensor>;
      const { tensors } = parseSafetensors(fixture(file));
      expect([...tensors.keys()]).toEqual(Object.keys(want));
      for (const [name, t] of Object.entries(want)) {
        const got = tensors.get(name)!;
        expect(got.dtype, name).toBe(t.dtype);
        expect(got.shape, name).toEqual(t.shape);
        expectBits(got.data, t.bits, name);
      }
    });
  }

  it('reads the metadata', () => {
    expect(parseSafetensors(fixture('gru2_encoder_f32.safetensors')).metadata).toEqual({ format: 'pt' });
    expect(parseSafetensors(fixture('lstm_nobias_f64.safetensors')).metadata).toEqual({});
  });

  it('keeps ±0, subnormals, the extremes, ±∞ and NaN of F16 and BF16 (probe.special)', () => {
    const f16 = parseSafetensors(fixture('rnn_f16.safetensors')).tensors.get('probe.special')!.data;
    expect(Object.is(f16[0], 0)).toBe(true);
    expect(Object.is(f16[1], -0)).toBe(true);
    expect(f16[2]).toBe(2 ** -24);
    expect(f16[3]).toBe(-(2 ** -24));
    expect(f16[4]).toBe(1023 * 2 ** -24);
    expect(f16[5]).toBe(2 ** -14);
    expect(f16[6]).toBe(65504);
    expect(f16[7]).toBe(-65504);
    expect(f16.slice(8, 10)).toEqual(new Float64Array([Infinity, -Infinity]));
    expect(Number.isNaN(f16[10])).toBe(true);
    expect(f16[11]).toBe(1);
    const bf = parseSafetensors(fixture('rnn_bf16.safetensors')).tensors.get('probe.special')!.data;
    expect(Object.is(bf[1], -0)).toBe(true);
    expect(bf[2]).toBe(2 ** -133);
    expect(bf[5]).toBe(2 ** -126);
    expect(bf[6]).toBe(0xff * 2 ** 120);
    expect(bf[8]).toBe(Infinity);
    expect(Number.isNaN(bf[10])).toBe(true);
  });
});

describe('F16 and BF16: all 65 536 bit patterns', () => {
  for (const [label, extraSpaces] of [
    ['aligned', 0],
    ['unaligned', 1],
  ] as const) {
    it(`F16, ${label} data: equal to a bit-building decoder and to numpy's`, () => {
      const file = safetensorsBytes([{ name: 'all', dtype: 'F16', shape: [65536], bytes: u16Bytes(ALL) }], { pad: 8, extraSpaces });
      const data = parseSafetensors(file).tensors.get('all')!.data;
      expectSameValues(data, refF16, 'F16');
      expect(canonicalSha256(data)).toBe(EXPECTED.f16_all_sha256);
      for (const [b, hex] of Object.entries(EXPECTED.f16_samples)) expect(bitsHex(data[Number(b)]), `0x${Number(b).toString(16)}`).toBe(hex);
    });

    it(`BF16, ${label} data: equal to an arithmetic decoder and to numpy's`, () => {
      const file = safetensorsBytes([{ name: 'all', dtype: 'BF16', shape: [256, 256], bytes: u16Bytes(ALL) }], { pad: 8, extraSpaces });
      const t = parseSafetensors(file).tensors.get('all')!;
      expect(t.shape).toEqual([256, 256]);
      expectSameValues(t.data, refBf16, 'BF16');
      expect(canonicalSha256(t.data)).toBe(EXPECTED.bf16_all_sha256);
    });
  }

  it('decodeF16 and decodeBf16 agree with the references on every pattern', () => {
    expectSameValues(Float64Array.from(ALL, decodeF16), refF16, 'decodeF16');
    expectSameValues(Float64Array.from(ALL, decodeBf16), refBf16, 'decodeBf16');
  });
});

describe('F32 and F64', () => {
  const values = [0, -0, 1.5, -2.25, 1e-40 /* an F32 subnormal */, 3.4e38, Infinity, -Infinity, NaN, Math.PI, 0.1];

  for (const extraSpaces of [0, 1, 2, 3, 4]) {
    it(`the same values whatever the alignment of the data (header + ${extraSpaces} spaces)`, () => {
      const file = safetensorsBytes(
        [
          { name: 'a.f64', dtype: 'F64', shape: [values.length], bytes: f64Bytes(values) },
          { name: 'b.f32', dtype: 'F32', shape: [values.length, 1], bytes: f32Bytes(values) },
        ],
        { pad: 8, extraSpaces },
      );
      const { tensors } = parseSafetensors(file);
      expect([...tensors.get('a.f64')!.data]).toEqual(values);
      expect([...tensors.get('b.f32')!.data]).toEqual(values.map(Math.fround));
      expect(tensors.get('b.f32')!.shape).toEqual([values.length, 1]);
    });
  }

  it('reads a Uint8Array that is a view into a larger buffer (a Node Buffer), and an ArrayBuffer', () => {
    const file = f32File({ w: { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] } }, { pad: 8 });
    for (const shift of [0, 1, 2, 4, 8]) {
      const big = Buffer.alloc(file.length + shift + 5, 0xee);
      big.set(file, shift);
      const view = big.subarray(shift, shift + file.length);
      expect([...parseSafetensors(view).tensors.get('w')!.data], `shift ${shift}`).toEqual([1, 2, 3, 4, 5, 6]);
    }
    const ab = new ArrayBuffer(file.byteLength);
    new Uint8Array(ab).set(file);
    expect([...parseSafetensors(ab).tensors.get('w')!.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('honours data_offsets in any order, accepts empty and 0-d tensors, and keeps non-finite values (refused by the next layer)', () => {
    const data = new Uint8Array([...f32Bytes([7, 8]), ...f32Bytes([NaN]), ...f32Bytes([9])]);
    const header = {
      later: { dtype: 'F32', shape: [], data_offsets: [12, 16] },
      first: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      empty: { dtype: 'F64', shape: [0, 3], data_offsets: [8, 8] },
      bad: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
    };
    const { tensors } = parseSafetensors(rawFile(JSON.stringify(header), data));
    expect([...tensors.keys()]).toEqual(['later', 'first', 'empty', 'bad']);
    expect([...tensors.get('later')!.data]).toEqual([9]);
    expect(tensors.get('later')!.shape).toEqual([]);
    expect([...tensors.get('first')!.data]).toEqual([7, 8]);
    expect(tensors.get('empty')!.data.length).toBe(0);
    expect(Number.isNaN(tensors.get('bad')!.data[0])).toBe(true);
  });

  it('reads a header with no tensors', () => {
    const { tensors, metadata } = parseSafetensors(rawFile('{"__metadata__":{"a":"b"}}  '));
    expect(tensors.size).toBe(0);
    expect(metadata).toEqual({ a: 'b' });
  });
});

describe('refusals name the tensor and the problem', () => {
  const one = (entry: unknown, data = new Uint8Array(64)) => rawFile(JSON.stringify({ 'rnn.weight_hh_l0': entry }), data);
  const refuse = (bytes: Uint8Array, ...patterns: (string | RegExp)[]) => {
    let message = '';
    try {
      parseSafetensors(bytes);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message, 'an error').not.toBe('');
    for (const p of patterns) expect(message).toMatch(p);
    return message;
  };

  it('a file shorter than 8 bytes', () => {
    refuse(new Uint8Array(0), /truncated/, /0 bytes/);
    refuse(new Uint8Array(7), /truncated/, /7 bytes/);
  });

  it('a header length past the end of the file, or absurdly large', () => {
    refuse(rawFile('{}', new Uint8Array(4), 1000n), /header length 1000/, /past the end of the file/);
    refuse(rawFile('{}', new Uint8Array(4), 200n * 1024n * 1024n), /absurdly large/);
    refuse(rawFile('{}', new Uint8Array(4), 1n << 40n), /absurdly large/);
    refuse(rawFile('{}', new Uint8Array(4), 0xffffffffffffffffn), /absurdly large/);
  });

  it('a header that is not JSON, not UTF-8, or not an object', () => {
    refuse(rawFile('{"a": '), /not valid JSON/);
    refuse(rawFile(''), /not valid JSON/);
    const bad = rawFile('{"\u00e9":1}');
    bad[11] = 0xff; // the second byte of é
    refuse(bad, /not valid UTF-8/);
    refuse(rawFile('[1, 2]'), /not a JSON object/, /array/);
    refuse(rawFile('null'), /not a JSON object/);
    refuse(rawFile('"text"'), /not a JSON object/);
    refuse(rawFile('{"__metadata__": [1]}'), /__metadata__/);
  });

  it('a header entry that is not an object', () => {
    refuse(one(3), /tensor 'rnn.weight_hh_l0'/, /not an object/);
  });

  it('an unsupported or missing dtype, named', () => {
    refuse(one({ dtype: 'I64', shape: [1], data_offsets: [0, 8] }), /tensor 'rnn.weight_hh_l0'/, /dtype I64 is not supported/, /F64, F32, F16, BF16/);
    refuse(one({ dtype: 'BOOL', shape: [1], data_offsets: [0, 1] }), /tensor 'rnn.weight_hh_l0'/, /dtype BOOL/);
    refuse(one({ dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] }), /dtype F8_E4M3/);
    refuse(one({ shape: [1], data_offsets: [0, 4] }), /tensor 'rnn.weight_hh_l0'/, /dtype is missing/);
  });

  it('integer and boolean tensors of other layers (a BatchNorm counter, a mask) are checked and skipped, not refused', () => {
    const file = safetensorsBytes([
      { name: 'bn.num_batches_tracked', dtype: 'I64', shape: [], bytes: new Uint8Array(8) },
      { name: 'rnn.weight_hh_l0', dtype: 'F32', shape: [1, 1], bytes: f32Bytes([0.5]) },
      { name: 'mask', dtype: 'BOOL', shape: [3], bytes: new Uint8Array([1, 0, 1]) },
    ]);
    const f = parseSafetensors(file);
    expect([...f.tensors.keys()]).toEqual(['rnn.weight_hh_l0']);
    expect(f.skipped).toEqual([
      { name: 'bn.num_batches_tracked', dtype: 'I64', shape: [] },
      { name: 'mask', dtype: 'BOOL', shape: [3] },
    ]);
    // their byte ranges are still checked
    refuse(rawFile('{"n": {"dtype": "I64", "shape": [2], "data_offsets": [0, 8]}}', new Uint8Array(8)), /tensor 'n'/, /needs 16/);
    // a recurrent bias stored as an integer is refused
    refuse(rawFile('{"gru.bias_hh_l0": {"dtype": "I32", "shape": [1], "data_offsets": [0, 4]}}', new Uint8Array(4)), /tensor 'gru.bias_hh_l0'/, /dtype I32 is not supported/);
  });

  it('a shape that is not an array of non-negative integers', () => {
    for (const shape of [[-1], [1.5], ['2'], '3', null, [2, 1e300]]) {
      refuse(one({ dtype: 'F32', shape, data_offsets: [0, 4] }), /tensor 'rnn.weight_hh_l0'/, /shape is not an array of non-negative integers/);
    }
    refuse(one({ dtype: 'F32', data_offsets: [0, 4] }), /tensor 'rnn.weight_hh_l0'/, /shape/);
  });

  it('data_offsets that are not two integers with begin ≤ end', () => {
    for (const data_offsets of [[0], [0, 4, 8], ['0', '4'], [0.5, 4], [-4, 0], null]) {
      refuse(one({ dtype: 'F32', shape: [1], data_offsets }), /tensor 'rnn.weight_hh_l0'/, /data_offsets is not two non-negative integers/);
    }
    refuse(one({ dtype: 'F32', shape: [0], data_offsets: [8, 4] }), /tensor 'rnn.weight_hh_l0'/, /begin > end/);
  });

  it('a byte range that does not match shape × dtype size', () => {
    refuse(one({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] }), /tensor 'rnn.weight_hh_l0'/, /span 12 bytes/, /needs 16/, /\[2, 2\]/);
    refuse(one({ dtype: 'BF16', shape: [3], data_offsets: [0, 12] }), /tensor 'rnn.weight_hh_l0'/, /needs 6/);
    refuse(one({ dtype: 'F64', shape: [65536, 65536, 65536, 65536], data_offsets: [0, 8] }), /tensor 'rnn.weight_hh_l0'/, /span 8 bytes/);
  });

  it('offsets past the data buffer (truncated data)', () => {
    refuse(one({ dtype: 'F32', shape: [4, 4], data_offsets: [0, 64] }, new Uint8Array(63)), /tensor 'rnn.weight_hh_l0'/, /past the end of the data \(63 bytes\)/, /truncated/);
    // a real file cut short
    const whole = fixture('gru2_encoder_f32.safetensors');
    const msg = refuse(whole.subarray(0, whole.length - 1), /truncated/);
    expect(msg).toMatch(/tensor '[^']+'/);
  });

  it('overlapping tensors, naming both', () => {
    const data = new Uint8Array(64);
    const header = (a: number[], b: number[]) =>
      rawFile(JSON.stringify({ 'fc.weight': { dtype: 'F32', shape: [(a[1] - a[0]) / 4], data_offsets: a }, 'rnn.weight_hh_l0': { dtype: 'F32', shape: [(b[1] - b[0]) / 4], data_offsets: b } }), data);
    refuse(header([0, 16], [8, 24]), /'fc.weight'/, /'rnn.weight_hh_l0'/, /overlap/);
    refuse(header([8, 24], [0, 16]), /'fc.weight'/, /'rnn.weight_hh_l0'/, /overlap/);
    refuse(header([0, 16], [0, 16]), /'fc.weight'/, /'rnn.weight_hh_l0'/, /overlap/);
    refuse(header([0, 32], [8, 12]), /'fc.weight'/, /'rnn.weight_hh_l0'/, /overlap/);
    // a third tensor nested in the first, past a second that starts later
    const three = rawFile(
      JSON.stringify({
        big: { dtype: 'F32', shape: [16], data_offsets: [0, 64] },
        a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
      }),
      data,
    );
    refuse(three, /'big'/, /'a'/, /overlap/);
    // touching ranges and empty tensors inside others do not overlap
    expect(() => parseSafetensors(header([0, 16], [16, 32]))).not.toThrow();
    expect(() => parseSafetensors(header([0, 16], [8, 8]))).not.toThrow();
  });
});

describe('progress', () => {
  it('reports increasing fractions ending at exactly 1, also for a small or empty file', () => {
    for (const file of [fixture('rnn_f16.safetensors'), rawFile('{}')]) {
      const seen: number[] = [];
      parseSafetensors(file, (f) => seen.push(f));
      expect(seen.at(-1)).toBe(1);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    }
  });
});
