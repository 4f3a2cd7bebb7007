/**
 * exp, expm1, log (fdlibm 5.3: e_exp.c, s_expm1.c, e_log.c, operation for
 * operation) and tanh, the logistic sigmoid built on them; see elementary.ts.
 */
import { POW2, atHi, hiWord, loWord, withHiWord } from './bits';

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
