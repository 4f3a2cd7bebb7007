/**
 * exp, tanh and the logistic sigmoid by Tang's table method (Tang 1989:
 * e^x = 2^(k/256)·e^r, |r| ≤ ln2/512, the table in two parts), carried to
 * about 2⁻⁶⁰ so that one final rounding is the only error (≤ 0.51 ulp);
 * expm1 and log as fdlibm 5.3 (s_expm1.c, e_log.c, operation for operation),
 * and fdlibm's exp for the ends of the range (subnormal results). See
 * elementary.ts.
 */
import { POW2, atHi, fromWords, hiWord, loWord, withHiWord } from './bits';
import { EXP2_TABLE, INV_LN2_256, LN2_256_HI, LN2_256_LO } from './expTable';

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

/** eˣ (fdlibm e_exp.c): x = k·ln2 + r, |r| ≤ ½ln2, a rational approximation of e^r, then 2ᵏ. For |x| ≥ 700 only. */
function expFdlibm(x: number): number {
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

// ------------------------------------------------------------------ log10

const IVLN10_HI = 4.34294481878168880939e-1; // 0x3fdbcb7b 15200000
const IVLN10_LO = 2.50829467116452752298e-11; // 0x3dbb9438 ca9aadd5
const LOG10_2HI = 3.01029995663611771306e-1; // 0x3FD34413 509F6000
const LOG10_2LO = 3.69423907715893078616e-13; // 0x3D59FEF3 11F12B36

/**
 * log₁₀ x within 1 ulp (FreeBSD msun's e_log10.c, 2013: fdlibm's log1p kernel
 * with f − f²/2 split so that it multiplies 1/ln 10 in two parts; fdlibm
 * 5.3's log₁₀ = ln x · (1/ln 10) is off by up to 1.6 ulp).
 */
export function log10(x: number): number {
  let hx = hiWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | loWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = hiWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  if (hx === 0x3ff00000 && loWord(x) === 0) return 0;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHiWord(x, hx | (i ^ 0x3ff00000)); // normalise x or x/2
  k += i >> 20;
  const y = k;
  const f = x - 1;
  const hfsq = 0.5 * f * f;
  // s·(f²/2 + R): fdlibm's log1p kernel
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = s * (hfsq + (t2 + t1));
  const hi = fromWords(hiWord(f - hfsq), 0); // its low word cleared: hi·IVLN10_HI is exact
  const lo = f - hi - hfsq + r;
  let valHi = hi * IVLN10_HI;
  const y2 = y * LOG10_2HI;
  let valLo = y * LOG10_2LO + (lo + hi) * IVLN10_LO + lo * IVLN10_HI;
  const ww = y2 + valHi;
  valLo += y2 - ww + valHi;
  valHi = ww;
  return valLo + valHi;
}

// ------------------------------------------------------------------ exp, tanh, sigmoid

const SHIFT = 6755399441055744; // 1.5·2⁵²: y + SHIFT − SHIFT rounds y to an integer
const SPLIT = 134217729; // 2²⁷ + 1 (Dekker's split)
const TWO_26 = 67108864; // 2²⁶: e + 2²⁶ − 2²⁶ rounds e ∈ [0, 1] to a multiple of 2⁻²⁶

/** The low part of the last expHiLo (a typed-array slot: a module-level `let` costs a hole check per read). */
const EXP_LO = new Float64Array(1);

/**
 * e^y = hi + EXP_LO to about 2⁻⁶⁰ relative, for |y| ≤ 700: y = k·ln2/256 + r,
 * e^r − 1 by its Taylor polynomial of degree 5 (|r| ≤ 0.00136: the next term
 * is below 2⁻⁶⁶), times the table's 2^(j/256) in two parts, times 2^(k ≫ 8).
 */
function expHiLo(y: number): number {
  const kd = y * INV_LN2_256 + SHIFT - SHIFT;
  const k = kd | 0;
  const r = y - kd * LN2_256_HI - kd * LN2_256_LO;
  const j = (k & 255) << 1;
  const scale = POW2[(k >> 8) + 1022];
  const r2 = r * r;
  const p = r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24 + r * (1 / 120)));
  const th = EXP2_TABLE[j];
  const lo = EXP2_TABLE[j + 1] + th * p;
  const s = th + lo;
  EXP_LO[0] = (th - s + lo) * scale;
  return s * scale;
}

/** eˣ within 0.51 ulp (fdlibm's for |x| ≥ 700, where results overflow or go subnormal). */
export function exp(x: number): number {
  const ax = x < 0 ? -x : x;
  if (!(ax < 700)) return expFdlibm(x);
  if (ax < 3.725290298461914e-9) return 1 + x; // |x| < 2⁻²⁸
  const h = expHiLo(x);
  return h + EXP_LO[0];
}

// tanh x = x + x³·P(x²) below 1/8: Taylor's coefficients (the x²⁰ term is below 2⁻⁵⁸ of x there)
const T1 = -1 / 3;
const T2 = 2 / 15;
const T3 = -17 / 315;
const T4 = 62 / 2835;
const T5 = -1382 / 155925;
const T6 = 21844 / 6081075;
const T7 = -929569 / 638512875;
const T8 = 6404582 / 10854718875;
const T9 = -443861162 / 1856156927625;

/**
 * tanh x within 0.51 ulp (measured over 10⁷ arguments; fdlibm's s_tanh.c is off
 * by up to 2 ulp). Below |x| = 1/8 the odd Taylor polynomial (its first term x
 * exact, the rest a small correction); above, (1 − e)/(1 + e) with
 * e = e^(−2|x|) = eh + el from expHiLo, eh rounded to 26 fraction bits so
 * that 1 ± eh are exact and short, the quotient corrected once with its exact
 * residual (Dekker 1971): only the final rounding remains. ±1 beyond 22.
 */
export function tanh(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < 0.125) {
    if (ax < 3.725290298461914e-9) return x; // |x| < 2⁻²⁸: tanh x rounds to x (and −0 stays −0)
    const z = x * x;
    const z2 = z * z;
    const z4 = z2 * z2;
    const p = T1 + z * T2 + z2 * (T3 + z * T4) + z4 * (T5 + z * T6 + z2 * (T7 + z * T8) + z4 * T9);
    return x + x * z * p;
  }
  if (!(ax < 22)) return ax === Infinity || ax >= 22 ? (x < 0 ? -1 : 1) : x; // NaN stays NaN
  const e = expHiLo(-2 * ax);
  const eh = e + TWO_26 - TWO_26;
  const el = e - eh + EXP_LO[0];
  const nh = 1 - eh; // exact, 27 bits
  const dh = 1 + eh; // exact, 27 bits
  const q = nh / dh;
  const u = SPLIT * q;
  const qh = u - (u - q);
  const ql = q - qh;
  const res = nh - qh * dh - ql * dh; // nh − q·dh, exact: both products fit in 53 bits
  const inv = 0.5 + 0.5 * q; // 1/dh (nh + dh = 2), good to 2⁻⁵³
  // t = (nh − el)/(dh + el) = q + (res − el − q·el)/(dh + el)
  const t = q + (res - el - q * el) * (inv - el * inv * inv);
  return x < 0 ? -t : t;
}

/**
 * The logistic function 1/(1 + e^−x) within 0.51 ulp: d = 1 + e^−x in two
 * parts, q = 1/dh corrected once with its exact residual (Dekker's product).
 * Beyond ±40: 1, and e^x(1 − e^x), which is σ to the last bit there.
 */
export function sigmoid(x: number): number {
  if (!(x > -40)) {
    if (x !== x) return x;
    if (x < -700) return expFdlibm(x);
    const eh = expHiLo(x);
    return eh - (eh * eh - EXP_LO[0]);
  }
  if (x > 40) return 1;
  const eh = expHiLo(-x);
  const dh = 1 + eh;
  const bb = dh - 1;
  const dl = 1 - (dh - bb) + (eh - bb) + EXP_LO[0]; // 1 + e = dh + dl (Knuth's two-sum)
  const q = 1 / dh;
  let u = SPLIT * q;
  const qh = u - (u - q);
  const ql = q - qh;
  u = SPLIT * dh;
  const dhh = u - (u - dh);
  const dhl = dh - dhh;
  const pr = q * dh;
  const res = 1 - pr - (qh * dhh - pr + qh * dhl + ql * dhh + ql * dhl); // 1 − q·dh (Dekker's product error)
  return q + (res - q * dl) * q;
}
