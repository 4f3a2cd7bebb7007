/**
 * The app's portable elementary functions (src/core/linalg/elementary.ts) in
 * numpy, for the "Copy as Python" scripts: app_exp, app_log, app_tanh,
 * app_sigmoid, app_sin, app_cos return the same bits as the TypeScript exp,
 * log, tanh, sigmoid, sin, cos for every float64 argument (±0, subnormals,
 * ±∞, NaN, huge arguments), on arrays of any shape and on scalars.
 *
 * They are the TypeScript translated operation for operation: numpy's
 * elementwise + − × ÷ are IEEE-754 double operations rounded to nearest and
 * never fused, so the same sequence of operations gives the same bits. Every
 * parenthesis below is JavaScript's left-to-right evaluation made explicit;
 * branches become boolean masks (each branch computed on its own elements);
 * the int32 steps (truncation, & | ^ << >>) run in np.int64 on values that
 * fit in 32 bits, where they agree with int32; 2ᵏ is built from its bits.
 * The Payne–Hanek reduction of sin and cos (|x| ≥ 2²⁰·π/2, k_rem_pio2.c) is
 * ported too, as a plain Python loop per such element (they are rare: an
 * activation never sees them), on Python floats, which are IEEE doubles.
 *
 * The table of exp and ln2/256 are printed from expTable.ts; the other
 * constants are the core's literals (the core does not export them), and
 * tests/unit/export/pythonElementary.test.ts compares 10⁶ arguments per
 * function bit for bit, so a drift would fail it.
 */
import { EXP2_TABLE, INV_LN2_256, LN2_256_HI, LN2_256_LO } from '../core/linalg/elementary/expTable';
import { pyNumber } from '../core/models/numpy';
import { NPIO2_HW, PIO2_CHUNKS, TWO_OVER_PI } from '../core/linalg/elementary/trig';

/** The Python names of the functions, by the TypeScript name. */
export const PYTHON_ELEMENTARY_NAMES = {
  exp: 'app_exp',
  log: 'app_log',
  tanh: 'app_tanh',
  sigmoid: 'app_sigmoid',
  sin: 'app_sin',
  cos: 'app_cos',
} as const;

/** A Python float literal (never an int literal: 3 would make Python integer arithmetic). */
function pyFloat(v: number): string {
  const s = pyNumber(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** The double with high word hi and low word 0 (bits.ts atHi). */
function atHi(hi: number): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, hi >>> 0);
  dv.setUint32(4, 0);
  return dv.getFloat64(0);
}

const hex = (v: number) => `0x${v.toString(16)}`;

/** The constants, as the core defines them (exponential.ts, trig.ts). */
const CONSTANTS: [string, number][] = [
  // exp (fdlibm e_exp.c), expm1, log
  ['LN2_HI', 6.93147180369123816490e-1],
  ['LN2_LO', 1.90821492927058770002e-10],
  ['INV_LN2', 1.44269504088896338700],
  ['EXP_P1', 1.66666666666666019037e-1],
  ['EXP_P2', -2.77777777770155933842e-3],
  ['EXP_P3', 6.61375632143793436117e-5],
  ['EXP_P4', -1.65339022054652515390e-6],
  ['EXP_P5', 4.13813679705723846039e-8],
  ['EXP_OVERFLOW', 7.09782712893383973096e2],
  ['EXP_UNDERFLOW', -7.45133219101941108420e2],
  ['TWO_M1000', 9.33263618503218878990e-302],
  ['TWO_1023', 8.98846567431158e307],
  ['HI_709', atHi(0x40862e42)],
  ['TWO54', 1.80143985094819840000e16],
  ['LG1', 6.666666666666735130e-1],
  ['LG2', 3.999999999940941908e-1],
  ['LG3', 2.857142874366239149e-1],
  ['LG4', 2.222219843214978396e-1],
  ['LG5', 1.818357216161805012e-1],
  ['LG6', 1.531383769920937332e-1],
  ['LG7', 1.479819860511658591e-1],
  ['THIRD', 0.3333333333333333],
  // Tang's exp, tanh, sigmoid
  ['INV_LN2_256', INV_LN2_256],
  ['LN2_256_HI', LN2_256_HI],
  ['LN2_256_LO', LN2_256_LO],
  ['SHIFT', 6755399441055744],
  ['SPLIT', 134217729],
  ['TWO_26', 67108864],
  ['SIXTH', 1 / 6],
  ['C24', 1 / 24],
  ['C120', 1 / 120],
  ['TWO_M28', 3.725290298461914e-9],
  ['T1', -1 / 3],
  ['T2', 2 / 15],
  ['T3', -17 / 315],
  ['T4', 62 / 2835],
  ['T5', -1382 / 155925],
  ['T6', 21844 / 6081075],
  ['T7', -929569 / 638512875],
  ['T8', 6404582 / 10854718875],
  ['T9', -443861162 / 1856156927625],
  // sin, cos
  ['S1', -1.66666666666666324348e-1],
  ['S2', 8.33333333332248946124e-3],
  ['S3', -1.98412698298579493134e-4],
  ['S4', 2.75573137070700676789e-6],
  ['S5', -2.50507602534068634195e-8],
  ['S6', 1.58969099521155010221e-10],
  ['C1', 4.16666666666666019037e-2],
  ['C2', -1.38888888888741095749e-3],
  ['C3', 2.48015872894767294178e-5],
  ['C4', -2.75573143513906633035e-7],
  ['C5', 2.08757232129817482790e-9],
  ['C6', -1.13596475577881948265e-11],
  ['TWO24', 1.67772160000000000000e7],
  ['TWON24', 5.96046447753906250000e-8],
  ['INV_PIO2', 6.36619772367581382433e-1],
  ['PIO2_1', 1.57079632673412561417],
  ['PIO2_1T', 6.07710050650619224932e-11],
  ['PIO2_2', 6.07710050630396597660e-11],
  ['PIO2_2T', 2.02226624879595063154e-21],
  ['PIO2_3', 2.02226624871116645580e-21],
  ['PIO2_3T', 8.47842766036889956997e-32],
];

function rows(items: string[], perLine: number): string {
  const out: string[] = [];
  for (let i = 0; i < items.length; i += perLine) out.push(`    ${items.slice(i, i + perLine).join(', ')},`);
  return out.join('\n');
}

const tablePairs: string[] = [];
for (let j = 0; j < EXP2_TABLE.length; j += 2) tablePairs.push(`${pyFloat(EXP2_TABLE[j])}, ${pyFloat(EXP2_TABLE[j + 1])}`);

const PY_CONSTANTS = `${CONSTANTS.map(([name, v]) => `_${name} = ${pyFloat(v)}`).join('\n')}

# 2^(j/256), j = 0 ... 255, as pairs (nearest double, nearest double to the rest)
_EXP2_TABLE = np.array([
${rows(tablePairs, 2)}
], dtype=np.float64)
_TWO_OVER_PI = [
${rows(TWO_OVER_PI.map(hex), 8)}
]
_NPIO2_HW = np.array([
${rows(NPIO2_HW.map(hex), 8)}
], dtype=np.int64)
_PIO2_CHUNKS = [
${rows(PIO2_CHUNKS.map(pyFloat), 4)}
]`;

/**
 * The Python source: imports, constants and the six functions (names in
 * PYTHON_ELEMENTARY_NAMES). Self-contained; a script can paste it after its
 * own imports.
 */
export const PYTHON_ELEMENTARY = `# The app's elementary functions, bit for bit (see src/core/linalg/elementary.ts):
# only IEEE-754 + - * / and bit manipulation, in the app's order of operations.
import math
import struct

import numpy as np

${PY_CONSTANTS}


def _elementwise(kernel):
    """kernel on a flat float64 copy of x (errors silenced), back in x's shape; a scalar for a scalar."""

    def f(x):
        a = np.asarray(x, dtype=np.float64)
        flat = np.array(a, dtype=np.float64, copy=True).reshape(-1)
        with np.errstate(all="ignore"):
            out = kernel(flat)
        out = out.reshape(a.shape)
        return out[()] if out.ndim == 0 else out

    f.__name__ = kernel.__name__.lstrip("_")
    f.__doc__ = kernel.__doc__
    return f


def _hi(x):
    """The high words (sign, exponent, top of the mantissa) as signed int32 values (int64)."""
    return np.ascontiguousarray(x).view(np.int64) >> 32


def _lo(x):
    """The low words, unsigned (int64)."""
    return np.ascontiguousarray(x).view(np.int64) & 0xFFFFFFFF


def _from_words(hi, lo):
    return np.ascontiguousarray((np.asarray(hi, dtype=np.int64) << 32) | np.asarray(lo, dtype=np.int64)).view(np.float64)


def _with_hi(x, hi):
    return _from_words(hi, _lo(x))


def _pow2(k):
    """2**k for int64 k in -1022 ... 1023, exactly (from its bits)."""
    return np.ascontiguousarray((np.asarray(k, dtype=np.int64) + 1023) << 52).view(np.float64)


# ------------------------------------------------------------------ exp, tanh, sigmoid


def _exp_hi_lo(y):
    """e^y = hi + lo to about 2^-60 for |y| <= 700 (expHiLo): Tang's table method."""
    kd = (y * _INV_LN2_256 + _SHIFT) - _SHIFT
    k = kd.astype(np.int64)
    r = (y - kd * _LN2_256_HI) - kd * _LN2_256_LO
    j = (k & 255) << 1
    scale = _pow2(k >> 8)
    r2 = r * r
    p = r + r2 * ((0.5 + r * _SIXTH) + r2 * (_C24 + r * _C120))
    th = _EXP2_TABLE[j]
    lo = _EXP2_TABLE[j + 1] + th * p
    s = th + lo
    return s * scale, ((th - s) + lo) * scale


def _exp_fdlibm(x):
    """fdlibm's exp (expFdlibm) for |x| >= 700, +-inf and NaN: the only arguments exp and sigmoid give it."""
    out = np.empty_like(x)
    ax = np.abs(x)
    edge = ~(ax < _HI_709)
    nan = np.isnan(x)
    over = edge & (x > _EXP_OVERFLOW)
    under = edge & (x < _EXP_UNDERFLOW)
    out[nan] = x[nan]
    out[over] = np.inf
    out[under] = 0.0
    m = ~(nan | over | under)
    if np.any(ax[m] < 700.0):
        raise ValueError("_exp_fdlibm is ported for |x| >= 700 only")
    xm = x[m]
    k = np.trunc(_INV_LN2 * xm + np.where(xm < 0, -0.5, 0.5)).astype(np.int64)
    dk = k.astype(np.float64)
    hi = xm - dk * _LN2_HI
    lo = dk * _LN2_LO
    xr = hi - lo
    t = xr * xr
    c = xr - t * (_EXP_P1 + t * (_EXP_P2 + t * (_EXP_P3 + t * (_EXP_P4 + t * _EXP_P5))))
    y = 1.0 - ((lo - (xr * c) / (2.0 - c)) - hi)
    normal = y * _pow2(np.clip(k, -1022, 1023))
    top = (y * 2.0) * _TWO_1023
    tiny = (y * _pow2(np.clip(k + 1000, -1022, 1023))) * _TWO_M1000
    out[m] = np.where(k >= -1021, np.where(k == 1024, top, normal), tiny)
    return out


def _exp(x):
    """e^x, the app's exp (Tang's table method; fdlibm's for |x| >= 700)."""
    out = np.empty_like(x)
    ax = np.abs(x)
    big = ~(ax < 700.0)
    small = ax < _TWO_M28
    mid = ~big & ~small
    out[big] = _exp_fdlibm(x[big])
    out[small] = 1.0 + x[small]
    h, lo = _exp_hi_lo(x[mid])
    out[mid] = h + lo
    return out


def _tanh(x):
    """tanh x, the app's tanh."""
    out = np.empty_like(x)
    ax = np.abs(x)
    small = ax < 0.125
    mid = ~small & (ax < 22.0)
    rest = ~small & ~(ax < 22.0)
    xs = x[small]
    z = xs * xs
    z2 = z * z
    z4 = z2 * z2
    p = ((_T1 + z * _T2) + z2 * (_T3 + z * _T4)) + z4 * (((_T5 + z * _T6) + z2 * (_T7 + z * _T8)) + z4 * _T9)
    out[small] = np.where(ax[small] < 3.725290298461914e-9, xs, xs + (xs * z) * p)
    xr = x[rest]
    out[rest] = np.where(np.isnan(xr), xr, np.where(xr < 0, -1.0, 1.0))
    xm = x[mid]
    e, e_lo = _exp_hi_lo(-2.0 * ax[mid])
    eh = (e + _TWO_26) - _TWO_26
    el = (e - eh) + e_lo
    nh = 1.0 - eh
    dh = 1.0 + eh
    q = nh / dh
    u = _SPLIT * q
    qh = u - (u - q)
    ql = q - qh
    res = (nh - qh * dh) - ql * dh
    inv = 0.5 + 0.5 * q
    t = q + ((res - el) - q * el) * (inv - (el * inv) * inv)
    out[mid] = np.where(xm < 0, -t, t)
    return out


def _sigmoid(x):
    """1/(1 + e^-x), the app's sigmoid."""
    out = np.empty_like(x)
    nan = np.isnan(x)
    low = ~(x > -40.0) & ~nan
    far = low & (x < -700.0)
    near = low & ~(x < -700.0)
    high = x > 40.0
    mid = (x > -40.0) & ~high
    out[nan] = x[nan]
    out[far] = _exp_fdlibm(x[far])
    eh, e_lo = _exp_hi_lo(x[near])
    out[near] = eh - (eh * eh - e_lo)
    out[high] = 1.0
    eh, e_lo = _exp_hi_lo(-x[mid])
    dh = 1.0 + eh
    bb = dh - 1.0
    dl = ((1.0 - (dh - bb)) + (eh - bb)) + e_lo
    q = 1.0 / dh
    u = _SPLIT * q
    qh = u - (u - q)
    ql = q - qh
    u = _SPLIT * dh
    dhh = u - (u - dh)
    dhl = dh - dhh
    pr = q * dh
    res = (1.0 - pr) - ((((qh * dhh - pr) + qh * dhl) + ql * dhh) + ql * dhl)
    out[mid] = q + (res - q * dl) * q
    return out


# ------------------------------------------------------------------ log


def _log(x):
    """ln x, the app's log (fdlibm e_log.c)."""
    out = np.empty_like(x)
    hx = _hi(x)
    k = np.zeros(x.shape, dtype=np.int64)
    sub = hx < 0x00100000
    zero = sub & (((hx & 0x7FFFFFFF) | _lo(x)) == 0)
    neg = sub & ~zero & (hx < 0)
    out[zero] = -np.inf
    out[neg] = np.nan
    scaled = sub & ~zero & ~neg
    x = x.copy()
    x[scaled] = x[scaled] * _TWO54
    k[scaled] = -54
    hx = np.where(scaled, _hi(x), hx)
    special = ~zero & ~neg & (hx >= 0x7FF00000)
    out[special] = x[special] + x[special]
    m = ~(zero | neg | special)
    xm = x[m]
    h = hx[m]
    km = k[m] + ((h >> 20) - 1023)
    h = h & 0x000FFFFF
    i0 = (h + 0x95F64) & 0x100000
    xm = _with_hi(xm, h | (i0 ^ 0x3FF00000))
    km = km + (i0 >> 20)
    dk = km.astype(np.float64)
    k0 = km == 0
    f = xm - 1.0
    # -2^-20 <= f < 2^-20
    near1 = (0x000FFFFF & (2 + h)) < 3
    r_small = (f * f) * (0.5 - _THIRD * f)
    v_zero = np.where(k0, 0.0, dk * _LN2_HI + dk * _LN2_LO)
    v_near = np.where(k0, f - r_small, dk * _LN2_HI - ((r_small - dk * _LN2_LO) - f))
    v_near = np.where(f == 0, v_zero, v_near)
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    i = (h - 0x6147A) | (0x6B851 - h)
    t1 = w * (_LG2 + w * (_LG4 + w * _LG6))
    t2 = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7)))
    R = t2 + t1
    hfsq = (0.5 * f) * f
    v_hf = np.where(k0, f - (hfsq - s * (hfsq + R)), dk * _LN2_HI - ((hfsq - (s * (hfsq + R) + dk * _LN2_LO)) - f))
    v_s = np.where(k0, f - s * (f - R), dk * _LN2_HI - ((s * (f - R) - dk * _LN2_LO) - f))
    out[m] = np.where(near1, v_near, np.where(i > 0, v_hf, v_s))
    return out


# ------------------------------------------------------------------ sin, cos


def _kernel_sin(x, y, iy):
    """sin of x + y on [-pi/4, pi/4] (fdlibm k_sin.c); iy False: y is 0."""
    ix = _hi(x) & 0x7FFFFFFF
    z = x * x
    v = z * x
    r = _S2 + z * (_S3 + z * (_S4 + z * (_S5 + z * _S6)))
    if iy:
        val = x - (((z * (0.5 * y - v * r)) - y) - v * _S1)
    else:
        val = x + v * (_S1 + z * r)
    return np.where(ix < 0x3E400000, x, val)


def _kernel_cos(x, y):
    """cos of x + y on [-pi/4, pi/4] (fdlibm k_cos.c)."""
    ix = _hi(x) & 0x7FFFFFFF
    z = x * x
    r = z * (_C1 + z * (_C2 + z * (_C3 + z * (_C4 + z * (_C5 + z * _C6)))))
    zr_xy = z * r - x * y
    v_small = 1.0 - (0.5 * z - zr_xy)
    qx = np.where(ix > 0x3FE90000, 0.28125, _from_words(np.maximum(ix - 0x00200000, 0), 0))
    iz = 0.5 * z - qx
    a = 1.0 - qx
    v_big = a - (iz - zr_xy)
    return np.where(ix < 0x3E400000, 1.0, np.where(ix < 0x3FD33333, v_small, v_big))


def _scalbn(x, n):
    """x * 2**n for Python floats, as the app's scalbn."""
    while n > 1023:
        x *= _TWO_1023
        n -= 1023
    while n < -1022:
        x *= 2.2250738585072014e-308
        n += 1022
    return x * math.ldexp(1.0, n)


def _kernel_rem_pio2(tx, e0, nx):
    """Payne-Hanek (fdlibm k_rem_pio2.c, jk = 4) on Python floats and ints: (n & 7, y0, y1)."""
    jk = 4
    jp = jk
    f = [0.0] * 20
    q = [0.0] * 20
    fq = [0.0] * 20
    iq = [0] * 20
    jx = nx - 1
    jv = math.trunc((e0 - 3) / 24)
    if jv < 0:
        jv = 0
    q0 = e0 - 24 * (jv + 1)
    j = jv - jx
    m = jx + jk
    for i in range(m + 1):
        f[i] = 0.0 if j < 0 else float(_TWO_OVER_PI[j])
        j += 1
    for i in range(jk + 1):
        fw = 0.0
        for jj in range(jx + 1):
            fw += tx[jj] * f[jx + i - jj]
        q[i] = fw
    jz = jk
    while True:
        z = q[jz]
        i = 0
        jj = jz
        while jj > 0:
            fw = float(math.trunc(_TWON24 * z))
            iq[i] = math.trunc(z - _TWO24 * fw)
            z = q[jj - 1] + fw
            i += 1
            jj -= 1
        z = _scalbn(z, q0)
        z -= 8.0 * float(math.floor(z * 0.125))
        n = math.trunc(z)
        z -= float(n)
        ih = 0
        if q0 > 0:
            i = iq[jz - 1] >> (24 - q0)
            n += i
            iq[jz - 1] -= i << (24 - q0)
            ih = iq[jz - 1] >> (23 - q0)
        elif q0 == 0:
            ih = iq[jz - 1] >> 23
        elif z >= 0.5:
            ih = 2
        if ih > 0:
            n += 1
            carry = 0
            for i in range(jz):
                v = iq[i]
                if carry == 0:
                    if v != 0:
                        carry = 1
                        iq[i] = 0x1000000 - v
                else:
                    iq[i] = 0xFFFFFF - v
            if q0 == 1:
                iq[jz - 1] &= 0x7FFFFF
            elif q0 == 2:
                iq[jz - 1] &= 0x3FFFFF
            if ih == 2:
                z = 1.0 - z
                if carry != 0:
                    z -= _scalbn(1.0, q0)
        if z == 0.0:
            jj = 0
            for i in range(jz - 1, jk - 1, -1):
                jj |= iq[i]
            if jj == 0:
                k = 1
                while k <= jk and iq[jk - k] == 0:
                    k += 1
                for i in range(jz + 1, jz + k + 1):
                    f[jx + i] = float(_TWO_OVER_PI[jv + i])
                    fw = 0.0
                    for jjj in range(jx + 1):
                        fw += tx[jjj] * f[jx + i - jjj]
                    q[i] = fw
                jz += k
                continue
        break
    if z == 0.0:
        jz -= 1
        q0 -= 24
        while iq[jz] == 0:
            jz -= 1
            q0 -= 24
    else:
        z = _scalbn(z, -q0)
        if z >= _TWO24:
            fw = float(math.trunc(_TWON24 * z))
            iq[jz] = math.trunc(z - _TWO24 * fw)
            jz += 1
            q0 += 24
            iq[jz] = int(fw)
        else:
            iq[jz] = math.trunc(z)
    fw = _scalbn(1.0, q0)
    for i in range(jz, -1, -1):
        q[i] = fw * float(iq[i])
        fw *= _TWON24
    for i in range(jz, -1, -1):
        s = 0.0
        k = 0
        while k <= jp and k <= jz - i:
            s += _PIO2_CHUNKS[k] * q[i + k]
            k += 1
        fq[jz - i] = s
    s = 0.0
    for i in range(jz, -1, -1):
        s += fq[i]
    y0 = s if ih == 0 else -s
    s = fq[0] - s
    for i in range(1, jz + 1):
        s += fq[i]
    y1 = s if ih == 0 else -s
    return n & 7, y0, y1


def _rem_pio2_large(x):
    """n and x - n pi/2 = y0 + y1 for one finite Python float with |x| > 2^20 pi/2."""
    bits = struct.unpack("<Q", struct.pack("<d", x))[0]
    ix = (bits >> 32) & 0x7FFFFFFF
    e0 = (ix >> 20) - 1046
    z = struct.unpack("<d", struct.pack("<Q", ((ix - (e0 << 20)) << 32) | (bits & 0xFFFFFFFF)))[0]
    tx = [0.0, 0.0, 0.0]
    for i in range(2):
        tx[i] = float(math.trunc(z))
        z = (z - tx[i]) * _TWO24
    tx[2] = z
    nx = 3
    while tx[nx - 1] == 0.0:
        nx -= 1
    n, y0, y1 = _kernel_rem_pio2(tx, e0, nx)
    if bits >> 63:
        return -n, -y0, -y1
    return n, y0, y1


def _rem_pio2(x):
    """n and x - n pi/2 = y0 + y1 for finite x with |x| > pi/4 (fdlibm e_rem_pio2.c)."""
    hx = _hi(x)
    ix = hx & 0x7FFFFFFF
    n = np.zeros(x.shape, dtype=np.int64)
    y0 = np.zeros_like(x)
    y1 = np.zeros_like(x)
    # |x| < 3 pi/4: n = +-1
    a = ix < 0x4002D97C
    xa = x[a]
    pos = hx[a] > 0
    pio2 = ix[a] == 0x3FF921FB
    z = xa - _PIO2_1
    p0 = z - _PIO2_1T
    p1 = (z - p0) - _PIO2_1T
    z2 = z - _PIO2_2
    p0b = z2 - _PIO2_2T
    p1b = (z2 - p0b) - _PIO2_2T
    z = xa + _PIO2_1
    m0 = z + _PIO2_1T
    m1 = (z - m0) + _PIO2_1T
    z2 = z + _PIO2_2
    m0b = z2 + _PIO2_2T
    m1b = (z2 - m0b) + _PIO2_2T
    y0[a] = np.where(pos, np.where(pio2, p0b, p0), np.where(pio2, m0b, m0))
    y1[a] = np.where(pos, np.where(pio2, p1b, p1), np.where(pio2, m1b, m1))
    n[a] = np.where(pos, 1, -1)
    # |x| <= 2^20 pi/2: Cody-Waite with 33 + 33 + 53 bits of pi/2
    b = ~a & (ix <= 0x413921FB)
    xb = x[b]
    ixb = ix[b]
    t0 = np.abs(xb)
    fn = np.trunc(t0 * _INV_PIO2 + 0.5)
    nb = fn.astype(np.int64)
    r = t0 - fn * _PIO2_1
    w = fn * _PIO2_1T
    r0 = r - w
    quick = (nb < 32) & (ixb != _NPIO2_HW[np.clip(nb - 1, 0, 31)])
    j = ixb >> 20
    m2 = ~quick & ((j - ((_hi(r0) >> 20) & 0x7FF)) > 16)
    t = r
    w2 = fn * _PIO2_2
    r2 = t - w2
    w2 = fn * _PIO2_2T - ((t - r2) - w2)
    r02 = r2 - w2
    m3 = m2 & ((j - ((_hi(r02) >> 20) & 0x7FF)) > 49)
    t = r2
    w3 = fn * _PIO2_3
    r3 = t - w3
    w3 = fn * _PIO2_3T - ((t - r3) - w3)
    r03 = r3 - w3
    r = np.where(m3, r3, np.where(m2, r2, r))
    w = np.where(m3, w3, np.where(m2, w2, w))
    r0 = np.where(m3, r03, np.where(m2, r02, r0))
    r1 = (r - r0) - w
    negb = hx[b] < 0
    y0[b] = np.where(negb, -r0, r0)
    y1[b] = np.where(negb, -r1, r1)
    n[b] = np.where(negb, -nb, nb)
    # larger: Payne-Hanek, one element at a time
    for idx in np.flatnonzero(~a & ~b):
        n[idx], y0[idx], y1[idx] = _rem_pio2_large(float(x[idx]))
    return n, y0, y1


def _sin(x):
    """sin x, the app's sin (fdlibm s_sin.c)."""
    out = np.empty_like(x)
    ix = _hi(x) & 0x7FFFFFFF
    small = ix <= 0x3FE921FB
    special = ix >= 0x7FF00000
    red = ~small & ~special
    xs = x[small]
    out[small] = _kernel_sin(xs, np.zeros_like(xs), False)
    out[special] = x[special] - x[special]
    n, y0, y1 = _rem_pio2(x[red])
    n = n & 3
    ks = _kernel_sin(y0, y1, True)
    kc = _kernel_cos(y0, y1)
    out[red] = np.where(n == 0, ks, np.where(n == 1, kc, np.where(n == 2, -ks, -kc)))
    return out


def _cos(x):
    """cos x, the app's cos (fdlibm s_cos.c)."""
    out = np.empty_like(x)
    ix = _hi(x) & 0x7FFFFFFF
    small = ix <= 0x3FE921FB
    special = ix >= 0x7FF00000
    red = ~small & ~special
    xs = x[small]
    out[small] = _kernel_cos(xs, np.zeros_like(xs))
    out[special] = x[special] - x[special]
    n, y0, y1 = _rem_pio2(x[red])
    n = n & 3
    ks = _kernel_sin(y0, y1, True)
    kc = _kernel_cos(y0, y1)
    out[red] = np.where(n == 0, kc, np.where(n == 1, -ks, np.where(n == 2, -kc, ks)))
    return out


app_exp = _elementwise(_exp)
app_log = _elementwise(_log)
app_tanh = _elementwise(_tanh)
app_sigmoid = _elementwise(_sigmoid)
app_sin = _elementwise(_sin)
app_cos = _elementwise(_cos)
`;
