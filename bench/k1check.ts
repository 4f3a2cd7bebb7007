/**
 * Correctness of our K1 against the references (untimed).
 *
 * - z-scores and weights: compared exactly. The JS reference uses the same
 *   Math.log/Math.cos, so it must be bit-identical; C uses glibc log/cos, which
 *   differ from V8's by an ulp for a few per cent of arguments, so the C
 *   z-scores may differ in the last bit (reported in ulps).
 * - states: js/k1_opt.js has our arithmetic and summation order but V8's
 *   Math.tanh, ours the portable tanh (core/linalg/elementary.ts); C also
 *   contracts w·x + b and the sum into FMAs and uses glibc's tanh. A last-bit
 *   difference is harmless on an attracting periodic orbit and amplified to
 *   O(1) on a chaotic one; so both are compared column by column, and the
 *   columns are classified by our λ.
 */
import { K1, k1Grid, k1Weights, type ZScores } from './k1';
import { ulpDistance } from './stats';

export const STATE_TOL = 1e-9;

export interface WeightCheck {
  zCount: number;
  /** z-scores bit-identical to the JS reference's Rng (null: not available). */
  zEqualJs: number | null;
  /** z-scores bit-identical to the C RNG (glibc log/cos), and the largest ulp distance. */
  zEqualC: number | null;
  zMaxUlpC: number | null;
  /** First four u32 of the stream equal to C's. */
  u32EqualC: boolean | null;
  /** Weights (w, b, a over all g) bit-identical to those derived from the C z-scores. */
  weightsEqualC: number | null;
  weightsTotal: number;
  /** Our g grid (columnValues) equals the reference's gmin + (gmax − gmin)·j/(ng − 1) bit for bit. */
  gridExact: boolean;
}

function flatZ(z: ZScores): Float64Array {
  const out = new Float64Array(3 * z.u.length);
  out.set(z.u, 0);
  out.set(z.v, z.u.length);
  out.set(z.c, 2 * z.u.length);
  return out;
}

function zFromFlat(f: Float64Array, n: number): ZScores {
  return { u: f.slice(0, n), v: f.slice(n, 2 * n), c: f.slice(2 * n, 3 * n) };
}

export function checkWeights(
  ours: ZScores,
  ourU32: number[],
  jsNormals: Float64Array | null,
  c: { u32: number[]; normals: Float64Array } | null,
): WeightCheck {
  const n = ours.u.length;
  const flat = flatZ(ours);
  const gs = k1Grid();
  let gridExact = true;
  for (let j = 0; j < K1.ng; j++) if (!Object.is(gs[j], K1.gmin + ((K1.gmax - K1.gmin) * j) / (K1.ng - 1))) gridExact = false;
  const res: WeightCheck = {
    zCount: flat.length,
    zEqualJs: null,
    zEqualC: null,
    zMaxUlpC: null,
    u32EqualC: null,
    weightsEqualC: null,
    weightsTotal: 3 * n * K1.ng,
    gridExact,
  };
  if (jsNormals) {
    let eq = 0;
    for (let i = 0; i < flat.length; i++) if (Object.is(flat[i], jsNormals[i])) eq++;
    res.zEqualJs = eq;
  }
  if (c) {
    let eq = 0;
    let maxUlp = 0;
    for (let i = 0; i < flat.length; i++) {
      const d = ulpDistance(flat[i], c.normals[i]);
      if (d === 0) eq++;
      if (d > maxUlp) maxUlp = d;
    }
    res.zEqualC = eq;
    res.zMaxUlpC = maxUlp;
    res.u32EqualC = c.u32.length === ourU32.length && c.u32.every((x, i) => x === ourU32[i]);
    const cz = zFromFlat(c.normals, n);
    let weq = 0;
    for (let j = 0; j < K1.ng; j++) {
      const a = k1Weights(ours, gs[j]);
      const b = k1Weights(cz, gs[j]);
      for (let i = 0; i < n; i++) {
        if (Object.is(a.w[i], b.w[i])) weq++;
        if (Object.is(a.b[i], b.b[i])) weq++;
        if (Object.is(a.a[i], b.a[i])) weq++;
      }
    }
    res.weightsEqualC = weq;
  }
  return res;
}

export interface StateCheckJs {
  /** Columns whose 500 states are bit-identical to js/k1_opt.js's. */
  identicalColumns: number;
  checksumEqual: boolean;
}

export function checkStatesJs(ours: Float64Array, js: Float64Array): StateCheckJs {
  let identical = 0;
  for (let j = 0; j < K1.ng; j++) {
    let ok = true;
    for (let t = j * K1.record; t < (j + 1) * K1.record; t++) {
      if (!Object.is(ours[t], js[t])) {
        ok = false;
        break;
      }
    }
    if (ok) identical++;
  }
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < ours.length; i++) {
    if (Number.isFinite(ours[i])) s1 += ours[i];
    if (Number.isFinite(js[i])) s2 += js[i];
  }
  return { identicalColumns: identical, checksumEqual: Object.is(s1, s2) };
}

export interface StateCheckC {
  tol: number;
  /** Columns whose 500 states agree with C's to `tol`, state for state. */
  agree: number;
  /** Columns before the first one that does not (all of g < g*), and that g*. */
  leadingAgree: number;
  firstDisagreeG: number | null;
  /** Further columns on the same periodic orbit to `tol`, at another phase (states shifted by 1 … maxShift steps). */
  agreeShifted: number;
  /** Further columns on the same orbit to `looseTol` (best shift): orbits still converging, near a bifurcation. */
  agreeLoose: number;
  looseTol: number;
  /** The rest: different states. How many of them have λ > 0 (chaotic), and the smallest λ among them. */
  differ: number;
  differChaotic: number;
  differMinLambda: number | null;
  /** Columns with λ < 0 (attracting orbit) in total. */
  stable: number;
  /** Checksums over the state-for-state agreeing columns only (ours, C): these should match closely. */
  checksumAgreeOurs: number;
  checksumAgreeC: number;
}

/** Smallest max |x[t+s] − y[t]| over shifts |s| ≤ maxShift (s = 0 excluded), over the overlap. */
function bestShiftDiff(x: Float64Array, y: Float64Array, off: number, len: number, maxShift: number): { diff: number; shift: number } {
  let best = Infinity;
  let bestS = 0;
  for (let s = -maxShift; s <= maxShift; s++) {
    if (s === 0) continue;
    let m = 0;
    const t0 = Math.max(0, -s);
    const t1 = Math.min(len, len - s);
    for (let t = t0; t < t1; t++) {
      const d = Math.abs(x[off + t + s] - y[off + t]);
      if (!(d <= m)) m = d;
      if (!(m < best)) break;
    }
    if (m < best) {
      best = m;
      bestS = s;
    }
  }
  return { diff: best, shift: bestS };
}

export function checkStatesC(ours: Float64Array, lambda: Float64Array, c: Float64Array, tol = STATE_TOL, looseTol = 1e-6, maxShift = 64): StateCheckC {
  const gs = k1Grid();
  const len = K1.record;
  const r: StateCheckC = {
    tol,
    agree: 0,
    leadingAgree: 0,
    firstDisagreeG: null,
    agreeShifted: 0,
    agreeLoose: 0,
    looseTol,
    differ: 0,
    differChaotic: 0,
    differMinLambda: null,
    stable: 0,
    checksumAgreeOurs: 0,
    checksumAgreeC: 0,
  };
  let leading = true;
  for (let j = 0; j < K1.ng; j++) {
    const off = j * len;
    let maxDiff = 0;
    let s1 = 0;
    let s2 = 0;
    for (let t = off; t < off + len; t++) {
      const d = Math.abs(ours[t] - c[t]);
      if (!(d <= maxDiff)) maxDiff = d; // NaN counts as a disagreement
      s1 += ours[t];
      s2 += c[t];
    }
    if (lambda[j] < 0) r.stable++;
    const ok = maxDiff <= tol;
    if (leading && ok) r.leadingAgree++;
    if (leading && !ok) {
      leading = false;
      r.firstDisagreeG = gs[j];
    }
    if (ok) {
      r.agree++;
      r.checksumAgreeOurs += s1;
      r.checksumAgreeC += s2;
      continue;
    }
    const shifted = bestShiftDiff(ours, c, off, len, maxShift).diff;
    const best = Math.min(shifted, maxDiff);
    if (shifted <= tol) r.agreeShifted++;
    else if (best <= looseTol) r.agreeLoose++;
    else {
      r.differ++;
      if (lambda[j] > 0) r.differChaotic++;
      if (r.differMinLambda === null || lambda[j] < r.differMinLambda) r.differMinLambda = lambda[j];
    }
  }
  return r;
}
