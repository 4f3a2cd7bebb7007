/**
 * sin and cos (fdlibm 5.3: k_sin.c, k_cos.c, e_rem_pio2.c and the Payne–Hanek
 * reduction of k_rem_pio2.c for large arguments, operation for operation);
 * see elementary.ts.
 */
import { fromWords, hiWord, loWord, scalbn } from './bits';

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
export const TWO_OVER_PI = [
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7, 0x246e3a,
  0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c, 0x7026b4, 0x5f7e41,
  0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11, 0x8b5a0a, 0x6d1f6d, 0x367ecf,
  0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7, 0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08,
  0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e, 0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880,
  0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
];

/** High words of n·π/2 for n = 1 … 32 (a quick test for cancellation). */
// prettier-ignore
export const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a, 0x402f6a7a,
  0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a,
  0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb,
  0x404858eb, 0x404921fb,
];

/** π/2 in 24-bit chunks (fdlibm's PIo2). */
// prettier-ignore
export const PIO2_CHUNKS = [
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
