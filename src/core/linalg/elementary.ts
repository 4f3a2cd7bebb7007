/**
 * Portable elementary functions: exp, expm1, log, tanh, the logistic sigmoid,
 * sin and cos, computed only from IEEE-754 basic operations (+ − × ÷ and
 * exact ones: comparisons, truncation, floor, bit access), so that every
 * JavaScript engine returns the same bits. The engines' own Math.exp, log,
 * cos, tanh … are not specified to the bit and differ between engines (Node
 * 20's V8 and Chromium 156 disagree in the last bit on 3–10 % of arguments):
 * on a chaotic orbit such a bit becomes another picture.
 *
 * The algorithms are those of fdlibm 5.3 (Sun Microsystems, 1993: e_exp.c,
 * s_expm1.c, e_log.c, s_tanh.c, k_sin.c, k_cos.c, e_rem_pio2.c,
 * k_rem_pio2.c), whose error is below 1 ulp, with the refinements V8 made to
 * them (exp(1) = e exactly), translated operation for operation: in double
 * arithmetic without fused multiply-add each operation rounds as in C, so
 * exp, expm1, log, sin and cos return the C library's bits. tanh is fdlibm's
 * with its last step carried in two parts, to stay within 1 ulp (see `tanh`).
 * Bit access (rare, and only where a word must be read) goes through one
 * Float64Array/Uint32Array pair (little-endian, checked at load).
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
if (U32[1] !== 0x3ff00000) throw new Error('elementary.ts assumes little-endian doubles');

/** The high word (sign, exponent, top 20 bits of the mantissa) as a signed int32. */
function hiWord(x: number): number {
  F64[0] = x;
  return U32[1] | 0;
}

/** The low word (the other 32 bits of the mantissa), unsigned. */
function loWord(x: number): number {
  F64[0] = x;
  return U32[0];
}

function fromWords(hi: number, lo: number): number {
  U32[1] = hi;
  U32[0] = lo;
  return F64[0];
}

/** x with its high word replaced. */
function withHiWord(x: number, hi: number): number {
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
function atHi(hi: number): number {
  return fromWords(hi, 0);
}

/** 2ᵏ for k = −1022 … 1023 at POW2[k + 1022]. */
const POW2 = new Float64Array(2046);
for (let k = -1022; k <= 1023; k++) POW2[k + 1022] = fromWords((0x3ff + k) << 20, 0);

/** x·2ⁿ, exact (as fdlibm's scalbn) for the n that the reductions below produce. */
function scalbn(x: number, n: number): number {
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

// ------------------------------------------------------------------ exp

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const INV_LN2 = 1.44269504088896338700; // 0x3FF71547 652B82FE
const EXP_P1 = 1.66666666666666019037e-1;
const EXP_P2 = -2.77777777770155933842e-3;
const EXP_P3 = 6.61375632143793436117e-5;
const EXP_P4 = -1.65339022054652515390e-6;
const EXP_P5 = 4.13813679705723846039e-8;
const EXP_OVERFLOW = 7.09782712893383973096e2;
const EXP_UNDERFLOW = -7.45133219101941108420e2;
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO_1023 = 8.98846567431158e307;
const E = 2.718281828459045;

/** |x| thresholds of exp and expm1 (fdlibm compares high words with these). */
const HI_709 = atHi(0x40862e42); // |x| ≥ 709.78…: overflow/underflow checks
const HI_HALF_LN2 = atHi(0x3fd62e43); // |x| > ½ln2
const HI_1_5_LN2 = atHi(0x3ff0a2b2); // |x| < 1.5·ln2
const HI_2M28 = atHi(0x3e300000); // 2^-28
const HI_2M54 = atHi(0x3c900000); // 2^-54
const HI_56_LN2 = atHi(0x4043687a); // 56·ln2

/** eˣ (fdlibm e_exp.c): x = k·ln2 + r, |r| ≤ ½ln2, a rational approximation of e^r, then 2ᵏ. */
export function exp(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < HI_709)) {
    if (x !== x) return x; // NaN
    if (x > EXP_OVERFLOW) return Infinity;
    if (x < EXP_UNDERFLOW) return 0;
  }
  const neg = x < 0;
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= HI_HALF_LN2) {
    if (ax < HI_1_5_LN2) {
      if (x === 1) return E; // the reduction would miss e's last bit
      hi = neg ? x + LN2_HI : x - LN2_HI;
      lo = neg ? -LN2_LO : LN2_LO;
      k = neg ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (neg ? -0.5 : 0.5)) | 0; // truncation (|k| ≤ 1075)
      hi = x - k * LN2_HI; // exact: k·ln2_hi has trailing zeros
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < HI_2M28) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO_1023;
    return y * POW2[k + 1022];
  }
  return y * POW2[k + 1000 + 1022] * TWO_M1000;
}

// ------------------------------------------------------------------ expm1

const EXPM1_Q1 = -3.33333333333331316428e-2;
const EXPM1_Q2 = 1.58730158725481460165e-3;
const EXPM1_Q3 = -7.93650757867487942473e-5;
const EXPM1_Q4 = 4.00821782732936239552e-6;
const EXPM1_Q5 = -2.01099218183624371326e-7;

/** eˣ − 1 without cancellation near 0 (fdlibm s_expm1.c). */
export function expm1(x: number): number {
  const ax = Math.abs(x);
  const neg = x < 0;
  if (!(ax < HI_56_LN2)) {
    if (x !== x) return x; // NaN
    if (x > EXP_OVERFLOW) return Infinity;
    if (neg) return -1; // x < −56·ln2 (and −∞): e^x − 1 rounds to −1
  }
  let hi: number;
  let lo: number;
  let k = 0;
  let c = 0;
  if (ax >= HI_HALF_LN2) {
    if (ax < HI_1_5_LN2) {
      if (!neg) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INV_LN2 * x + (neg ? -0.5 : 0.5)) | 0; // truncation (|k| ≤ 1075)
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (ax < HI_2M54) {
    return x; // expm1(x) rounds to x (−0 stays −0)
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (EXPM1_Q1 + hxs * (EXPM1_Q2 + hxs * (EXPM1_Q3 + hxs * (EXPM1_Q4 + hxs * EXPM1_Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  let y: number;
  if (k <= -2 || k > 56) {
    y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO_1023 : y * POW2[k + 1022];
    return y - 1;
  }
  if (k < 20) {
    t = 1 - POW2[1022 - k]; // 1 − 2^-k, exact
    y = t - (e - x);
    return y * POW2[k + 1022];
  }
  t = POW2[1022 - k]; // 2^-k
  y = x - (e + t);
  y += 1;
  return y * POW2[k + 1022];
}

// ------------------------------------------------------------------ log

const TWO54 = 1.80143985094819840000e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** ln x (fdlibm e_log.c): x = 2ᵏ(1 + f), √2/2 < 1 + f < √2, log(1 + f) by a series in s = f/(2 + f). */
export function log(x: number): number {
  let hx = hiWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | loWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = hiWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHiWord(x, hx | (i0 ^ 0x3ff00000)); // normalise x or x/2
  k += i0 >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^-20 ≤ f < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const i = (hx - 0x6147a) | (0x6b851 - hx);
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : k * LN2_HI - (s * (f - R) - k * LN2_LO - f);
}

// ------------------------------------------------------------------ tanh, sigmoid

// ------------------------------------------------------------------ tanh

/** a·b − p exactly for p = a·b rounded (Dekker 1971; no fused multiply-add needed). */
const SPLIT = 134217729; // 2^27 + 1
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** The double-double expm1(y) of tanh, for y in (−2, 0]: its high part (returned) and low part (in EXPM1_LO). */
let EXPM1_LO = 0;
function expm1Double(y: number): number {
  let k = 0;
  let r = y;
  let c = 0;
  if (-y > 0.34657359027997264) {
    // −y > ½ln2: y = k·ln2 + r as in fdlibm's expm1, with the reduction's tail c
    let hi: number;
    let lo: number;
    if (-y < HI_1_5_LN2) {
      hi = y + LN2_HI;
      lo = -LN2_LO;
      k = -1;
    } else {
      k = (INV_LN2 * y - 0.5) | 0;
      hi = y - k * LN2_HI;
      lo = k * LN2_LO;
    }
    r = hi - lo;
    c = hi - r - lo;
  }
  // expm1(r) = r + r²/2 − r·e (fdlibm's polynomial for e), its sum kept in two parts
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const hxsLo = productError(r, hfx, hxs);
  const r1 = 1 + hxs * (EXPM1_Q1 + hxs * (EXPM1_Q2 + hxs * (EXPM1_Q3 + hxs * (EXPM1_Q4 + hxs * EXPM1_Q5))));
  const t = 3 - r1 * hfx;
  const e = hxs * ((r1 - t) / (6 - r * t));
  const pe = r * e;
  const peLo = productError(r, e, pe);
  const s1 = r + hxs;
  const s1Lo = hxs - (s1 - r);
  const s2 = s1 - pe;
  const bb = s2 - s1;
  const s2Lo = s1 - (s2 - bb) + (-pe - bb);
  let hi = s2;
  let lo = s1Lo + s2Lo + hxsLo - peLo;
  lo += c * (1 + hi); // expm1(r + c) = expm1(r) + c·e^r
  if (k !== 0) {
    // 2^k·(1 + S) − 1, exact but for the final two-part sum
    const p = 1 + hi;
    const pLo = hi - (p - 1) + lo;
    const scale = POW2[k + 1022];
    const ph = p * scale;
    const q = ph - 1;
    hi = q;
    lo = ph - (q + 1) + pLo * scale;
  }
  const h = hi + lo;
  EXPM1_LO = lo - (h - hi);
  return h;
}

/**
 * tanh x to within 1 ulp. fdlibm's s_tanh.c (−t/(t + 2) with t = expm1(−2|x|))
 * is off by up to 2 ulp (e.g. at x = 0.2277): here t is carried in two parts
 * and the quotient corrected once, so only the final rounding remains.
 * Above |x| = 22 tanh rounds to ±1; below 2^-28 to x.
 */
export function tanh(x: number): number {
  const ax = Math.abs(x);
  let z: number;
  if (ax < 22) {
    if (ax < HI_2M28) return x; // keeps −0
    const t = expm1Double(-2 * ax);
    const tLo = EXPM1_LO;
    // z = −t/(t + 2), then one correction with the residual −t − z·(t + 2)
    const d = t + 2;
    const dLo = t - (d - 2) + tLo;
    const q = -t / d;
    const qd = q * d;
    const qdLo = productError(q, d, qd);
    const r0 = -t - qd;
    const bb = r0 + t;
    const r0Lo = -t - (r0 - bb) + (-qd - bb);
    z = q + (r0 + (r0Lo - qdLo - q * dLo - tLo)) / d;
  } else if (ax === Infinity) z = 1;
  else if (x !== x) return x; // NaN
  else z = 1; // |x| ≥ 22: ±1
  return x < 0 ? -z : z;
}

/** The logistic function 1/(1 + e^−x), as the lab's activations write it. */
export function sigmoid(x: number): number {
  return 1 / (1 + exp(-x));
}

// ------------------------------------------------------------------ sin, cos

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** sin on [−π/4, π/4] of x + y (y the tail of x; iy = 0: y is 0), fdlibm k_sin.c. */
function kernelSin(x: number, y: number, iy: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return x; // |x| < 2^-27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy === 0) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;

/** cos on [−π/4, π/4] of x + y, fdlibm k_cos.c. */
function kernelCos(x: number, y: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0); // x/4 (0.28125 above 0.78125)
  const iz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (iz - (z * r - x * y));
}

/** 2/π in 24-bit chunks (fdlibm's two_over_pi, 396 hex digits). */
// prettier-ignore
const TWO_OVER_PI = [
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7, 0x246e3a,
  0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c, 0x7026b4, 0x5f7e41,
  0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11, 0x8b5a0a, 0x6d1f6d, 0x367ecf,
  0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7, 0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08,
  0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e, 0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880,
  0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
];

/** High words of n·π/2 for n = 1 … 32 (a quick test for cancellation). */
// prettier-ignore
const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a, 0x402f6a7a,
  0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a,
  0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb,
  0x404858eb, 0x404921fb,
];

/** π/2 in 24-bit chunks (fdlibm's PIo2). */
// prettier-ignore
const PIO2_CHUNKS = [
  1.57079625129699707031e0, 7.54978941586159635335e-8, 5.39030252995776476554e-15, 3.28200341580791294123e-22,
  1.27065575308067607349e-29, 1.22933308981111328932e-36, 2.73370053816464559624e-44, 2.16741683877804819444e-51,
];

const TWO24 = 1.67772160000000000000e7;
const TWON24 = 5.96046447753906250000e-8;

// work arrays of the large-argument reduction (no allocation per call)
const RP_F = new Float64Array(20);
const RP_Q = new Float64Array(20);
const RP_FQ = new Float64Array(20);
const RP_IQ = new Int32Array(20);
const RP_TX = new Float64Array(3);
/** The reduced argument: x − nπ/2 = Y0 + Y1. */
let Y0 = 0;
let Y1 = 0;

/**
 * Payne–Hanek reduction of a large x (given as nx 24-bit pieces tx with the
 * exponent e0 of the first): the last three bits of n and x − nπ/2 in Y0 + Y1
 * (fdlibm k_rem_pio2.c at 64-bit precision, jk = 4).
 */
function kernelRemPio2(tx: Float64Array, e0: number, nx: number): number {
  const jk = 4;
  const jp = jk;
  const f = RP_F;
  const q = RP_Q;
  const fq = RP_FQ;
  const iq = RP_IQ;
  const jx = nx - 1;
  let jv = Math.trunc((e0 - 3) / 24);
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);
  let j = jv - jx;
  const m = jx + jk;
  for (let i = 0; i <= m; i++, j++) f[i] = j < 0 ? 0 : TWO_OVER_PI[j];
  for (let i = 0; i <= jk; i++) {
    let fw = 0;
    for (let jj = 0; jj <= jx; jj++) fw += tx[jj] * f[jx + i - jj];
    q[i] = fw;
  }
  let jz = jk;
  let n = 0;
  let ih = 0;
  let z = 0;
  for (;;) {
    // distill q[] into iq[] reversingly
    z = q[jz];
    for (let i = 0, jj = jz; jj > 0; i++, jj--) {
      const fw = Math.trunc(TWON24 * z);
      iq[i] = Math.trunc(z - TWO24 * fw);
      z = q[jj - 1] + fw;
    }
    z = scalbn(z, q0);
    z -= 8 * Math.floor(z * 0.125); // trim off the integer ≥ 8
    n = Math.trunc(z);
    z -= n;
    ih = 0;
    if (q0 > 0) {
      const i = iq[jz - 1] >> (24 - q0);
      n += i;
      iq[jz - 1] -= i << (24 - q0);
      ih = iq[jz - 1] >> (23 - q0);
    } else if (q0 === 0) ih = iq[jz - 1] >> 23;
    else if (z >= 0.5) ih = 2;
    let carry = 0;
    if (ih > 0) {
      // q > 0.5
      n += 1;
      for (let i = 0; i < jz; i++) {
        const v = iq[i];
        if (carry === 0) {
          if (v !== 0) {
            carry = 1;
            iq[i] = 0x1000000 - v;
          }
        } else iq[i] = 0xffffff - v;
      }
      if (q0 === 1) iq[jz - 1] &= 0x7fffff;
      else if (q0 === 2) iq[jz - 1] &= 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= scalbn(1, q0);
      }
    }
    // recompute with more terms of 2/π when the fraction cancelled
    if (z === 0) {
      let jj = 0;
      for (let i = jz - 1; i >= jk; i--) jj |= iq[i];
      if (jj === 0) {
        let k = 1;
        while (k <= jk && iq[jk - k] === 0) k++;
        for (let i = jz + 1; i <= jz + k; i++) {
          f[jx + i] = TWO_OVER_PI[jv + i];
          let fw = 0;
          for (let jjj = 0; jjj <= jx; jjj++) fw += tx[jjj] * f[jx + i - jjj];
          q[i] = fw;
        }
        jz += k;
        continue;
      }
    }
    break;
  }
  // chop off zero terms
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (iq[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    z = scalbn(z, -q0);
    if (z >= TWO24) {
      const fw = Math.trunc(TWON24 * z);
      iq[jz] = Math.trunc(z - TWO24 * fw);
      jz += 1;
      q0 += 24;
      iq[jz] = fw;
    } else iq[jz] = Math.trunc(z);
  }
  // the integer chunks as doubles, then PIo2 · q
  let fw = scalbn(1, q0);
  for (let i = jz; i >= 0; i--) {
    q[i] = fw * iq[i];
    fw *= TWON24;
  }
  for (let i = jz; i >= 0; i--) {
    let s = 0;
    for (let k = 0; k <= jp && k <= jz - i; k++) s += PIO2_CHUNKS[k] * q[i + k];
    fq[jz - i] = s;
  }
  let s = 0;
  for (let i = jz; i >= 0; i--) s += fq[i];
  Y0 = ih === 0 ? s : -s;
  s = fq[0] - s;
  for (let i = 1; i <= jz; i++) s += fq[i];
  Y1 = ih === 0 ? s : -s;
  return n & 7;
}

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;

/** n and x − nπ/2 = Y0 + Y1 for |x| > π/4 (fdlibm e_rem_pio2.c). */
function remPio2(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1
    if (hx > 0) {
      let z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        Y0 = z - PIO2_1T;
        Y1 = z - Y0 - PIO2_1T;
      } else {
        z -= PIO2_2;
        Y0 = z - PIO2_2T;
        Y1 = z - Y0 - PIO2_2T;
      }
      return 1;
    }
    let z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      Y0 = z + PIO2_1T;
      Y1 = z - Y0 + PIO2_1T;
    } else {
      z += PIO2_2;
      Y0 = z + PIO2_2T;
      Y1 = z - Y0 + PIO2_2T;
    }
    return -1;
  }
  if (ix <= 0x413921fb) {
    // |x| ≲ 2^19·π/2: Cody–Waite with 33 + 33 + 53 bits of π/2
    const t0 = Math.abs(x);
    const n = Math.trunc(t0 * INV_PIO2 + 0.5);
    const fn = n;
    let r = t0 - fn * PIO2_1;
    let w = fn * PIO2_1T;
    if (n < 32 && ix !== NPIO2_HW[n - 1]) {
      Y0 = r - w;
    } else {
      const j = ix >> 20;
      Y0 = r - w;
      let i = j - ((hiWord(Y0) >> 20) & 0x7ff);
      if (i > 16) {
        let t = r;
        w = fn * PIO2_2;
        r = t - w;
        w = fn * PIO2_2T - (t - r - w);
        Y0 = r - w;
        i = j - ((hiWord(Y0) >> 20) & 0x7ff);
        if (i > 49) {
          t = r;
          w = fn * PIO2_3;
          r = t - w;
          w = fn * PIO2_3T - (t - r - w);
          Y0 = r - w;
        }
      }
    }
    Y1 = r - Y0 - w;
    if (hx < 0) {
      Y0 = -Y0;
      Y1 = -Y1;
      return -n;
    }
    return n;
  }
  // large |x|: z = scalbn(|x|, ilogb(x) − 23) in three 24-bit pieces
  const e0 = (ix >> 20) - 1046;
  let z = fromWords(ix - (e0 << 20), loWord(x));
  const tx = RP_TX;
  for (let i = 0; i < 2; i++) {
    tx[i] = Math.trunc(z);
    z = (z - tx[i]) * TWO24;
  }
  tx[2] = z;
  let nx = 3;
  while (tx[nx - 1] === 0) nx--;
  const n = kernelRemPio2(tx, e0, nx);
  if (hx < 0) {
    Y0 = -Y0;
    Y1 = -Y1;
    return -n;
  }
  return n;
}

/** sin x (fdlibm s_sin.c): reduce modulo π/2, then the kernels. */
export function sin(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, 0);
  if (ix >= 0x7ff00000) return x - x; // ±∞, NaN → NaN
  const n = remPio2(x) & 3;
  if (n === 0) return kernelSin(Y0, Y1, 1);
  if (n === 1) return kernelCos(Y0, Y1);
  if (n === 2) return -kernelSin(Y0, Y1, 1);
  return -kernelCos(Y0, Y1);
}

/** cos x (fdlibm s_cos.c). */
export function cos(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x) & 3;
  if (n === 0) return kernelCos(Y0, Y1);
  if (n === 1) return -kernelSin(Y0, Y1, 1);
  if (n === 2) return -kernelCos(Y0, Y1);
  return kernelSin(Y0, Y1, 1);
}
