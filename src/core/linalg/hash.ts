/**
 * A fast digest of a Float64Array's bits (two 32-bit FNV-style lanes over its
 * words): equal arrays give equal digests, so it keys caches and tells
 * requests apart without comparing or serialising every number.
 */
export function digestF64(a: Float64Array): string {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < u.length; i++) {
    h1 = Math.imul(h1 ^ u[i], 16777619);
    h2 = Math.imul(h2 + u[i], 2246822519) ^ (h2 >>> 13);
  }
  return `f64[${a.length}]${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}
