/**
 * Bit access to doubles for the portable elementary functions (elementary.ts):
 * the words of a double through one Float64Array/Uint32Array pair
 * (little-endian, checked at load), and exact scaling by powers of two.
 */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
if (U32[1] !== 0x3ff00000) throw new Error('elementary.ts assumes little-endian doubles');

/** The high word (sign, exponent, top 20 bits of the mantissa) as a signed int32. */
export function hiWord(x: number): number {
  F64[0] = x;
  return U32[1] | 0;
}

/** The low word (the other 32 bits of the mantissa), unsigned. */
export function loWord(x: number): number {
  F64[0] = x;
  return U32[0];
}

export function fromWords(hi: number, lo: number): number {
  U32[1] = hi;
  U32[0] = lo;
  return F64[0];
}

/** x with its high word replaced. */
export function withHiWord(x: number, hi: number): number {
  F64[0] = x;
  U32[1] = hi;
  return F64[0];
}

/**
 * Hot paths avoid bit access (a write of 8 bytes read back as 4, or the
 * reverse, stalls the CPU's store forwarding): word comparisons become
 * comparisons with these doubles (the smallest double with a given high
 * word), and 2ᵏ comes from a table.
 */
export function atHi(hi: number): number {
  return fromWords(hi, 0);
}

/** 2ᵏ for k = −1022 … 1023 at POW2[k + 1022]. */
export const POW2 = new Float64Array(2046);
for (let k = -1022; k <= 1023; k++) POW2[k + 1022] = fromWords((0x3ff + k) << 20, 0);

/** x·2ⁿ, exact (as fdlibm's scalbn) for the n that the reductions below produce. */
export function scalbn(x: number, n: number): number {
  while (n > 1023) {
    x *= 8.98846567431158e307; // 2^1023
    n -= 1023;
  }
  while (n < -1022) {
    x *= 2.2250738585072014e-308; // 2^-1022
    n += 1022;
  }
  return x * fromWords((0x3ff + n) << 20, 0);
}
