/**
 * How well a generated trajectory reproduces the data's dynamics, in two
 * versions (`MeasureVersion`):
 *
 * - 'paper' (the default): Paper A's own measures (Mikhaeil, Monfared &
 *   Durstewitz 2022, §4 and their evaluation code), so the numbers compare
 *   with Paper A's tables. D_stsp bins the box [μ − 2σ, μ + 2σ] of the data in
 *   every dimension; D_H smooths each spectrum with a Gaussian of σ = 2
 *   frequency bins, keeps the first 500 frequencies and takes
 *   D_H = √(1 − Σ√(p·q)) with the trapezoidal sum. (Paper A's binning code
 *   also drops every point of the lowest bin, a `> 0` for `≥ 0`; that slip is
 *   not copied.)
 * - 'gtf': the later versions of the generalised-teacher-forcing repository
 *   (Hess et al. 2023): the box [min − 0.1σ, max + 0.1σ] and smoothing
 *   σ = L/512 over every frequency.
 *
 * In both:
 *
 * - D_stsp, the state-space divergence: KL(p_data ‖ p_gen) of the occupation
 *   histograms, n_bins per dimension over the box (points of either series
 *   outside it are dropped), Laplace smoothing
 *   p = (count + α)/(Σ count + α·n_bins^d) with α = 1e-5. 10 bins per dimension.
 *   Up to 3 dimensions the series are binned as they are; with more, both are
 *   projected on the first 3 principal components of the data (our choice, in
 *   place of the Gaussian-mixture version Paper A uses for high dimensions).
 * - D_H, the power-spectrum Hellinger distance: per dimension both series are
 *   z-scored, cut to the same power-of-two length, |rfft|² is smoothed by a
 *   Gaussian along frequency and normalised to sum 1, and
 *   H = (1/√2)‖√p − √q‖₂ = √(1 − Σ√(p·q)) ∈ [0, 1]; the mean over dimensions.
 *
 * Series are flat row-major Float64Arrays: len × n (row t = the state at t).
 */
import { principalAxes } from '../linalg/pca';
import { cos, exp, log, sin } from '../linalg/elementary';

export const DSTSP_BINS = 10;
export const DSTSP_ALPHA = 1e-5;

export const MEASURE_VERSIONS = ['paper', 'gtf'] as const;
export type MeasureVersion = (typeof MEASURE_VERSIONS)[number];

/** What each version is, in a few words (for the view, the CLI and exports). */
export const MEASURE_LABELS: Record<MeasureVersion, string> = {
  paper: 'Paper A: D_stsp over μ ± 2σ, 10 bins; D_H with σ = 2, 500 frequencies',
  gtf: 'GTF repository: D_stsp over [min − 0.1σ, max + 0.1σ], 10 bins; D_H with σ = L/512',
};

/** Paper A's D_H: smoothing σ (frequency bins) and the frequencies kept. */
export const PAPER_DH_SIGMA = 2;
export const PAPER_DH_FREQUENCIES = 500;

export interface DstspOptions {
  bins?: number;
  alpha?: number;
  /** The box: Paper A's μ ± 2σ ('paper', default) or the GTF repository's [min − 0.1σ, max + 0.1σ]. */
  version?: MeasureVersion;
}

/** Mean and standard deviation of every column. */
export function columnStats(x: Float64Array, n: number): { mean: Float64Array; std: Float64Array } {
  const len = Math.floor(x.length / n);
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  for (let t = 0; t < len; t++) for (let i = 0; i < n; i++) mean[i] += x[t * n + i];
  for (let i = 0; i < n; i++) mean[i] /= Math.max(1, len);
  for (let t = 0; t < len; t++)
    for (let i = 0; i < n; i++) {
      const d = x[t * n + i] - mean[i];
      std[i] += d * d;
    }
  for (let i = 0; i < n; i++) std[i] = Math.sqrt(std[i] / Math.max(1, len));
  return { mean, std };
}

/** Every column shifted and scaled to mean 0 and standard deviation 1 (a constant column to 0). */
export function zscore(x: Float64Array, n: number): Float64Array {
  const { mean, std } = columnStats(x, n);
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const i = k % n;
    out[k] = std[i] > 0 ? (x[k] - mean[i]) / std[i] : 0;
  }
  return out;
}

/** Rows of x projected on the axes (k × n): len × k. */
export function project(x: Float64Array, n: number, mean: Float64Array, axes: Float64Array, k: number): Float64Array {
  const len = Math.floor(x.length / n);
  const out = new Float64Array(len * k);
  for (let t = 0; t < len; t++)
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[t * n + i] - mean[i]) * axes[a * n + i];
      out[t * k + a] = s;
    }
  return out;
}

/** Occupation counts of the rows of x in a d-dimensional grid (bins per dimension over [lo, hi]); points outside are dropped. */
function histogram(x: Float64Array, d: number, lo: Float64Array, hi: Float64Array, bins: number): { counts: Float64Array; inside: number } {
  let cells = 1;
  for (let i = 0; i < d; i++) cells *= bins;
  const counts = new Float64Array(cells);
  const len = Math.floor(x.length / d);
  let inside = 0;
  outer: for (let t = 0; t < len; t++) {
    let idx = 0;
    for (let i = 0; i < d; i++) {
      const v = x[t * d + i];
      const f = ((v - lo[i]) / (hi[i] - lo[i])) * bins;
      if (!(f >= 0 && f < bins)) continue outer; // outside the box (or not finite)
      idx = idx * bins + Math.floor(f);
    }
    counts[idx]++;
    inside++;
  }
  return { counts, inside };
}

export interface DstspResult {
  value: number;
  /** Dimensions binned (the data's, or 3 principal components). */
  dims: number;
  bins: number;
  /** Fraction of the generated points inside the box. */
  genInside: number;
}

/** The box of D_stsp per dimension of the data (see the file's header); a constant column gets ±0.5. */
export function dstspBox(x: Float64Array, d: number, version: MeasureVersion): { lo: Float64Array; hi: Float64Array } {
  const { mean, std } = columnStats(x, d);
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  if (version === 'paper') {
    for (let i = 0; i < d; i++) {
      const half = 2 * std[i] || 0.5;
      lo[i] = mean[i] - half;
      hi[i] = mean[i] + half;
    }
    return { lo, hi };
  }
  lo.fill(Infinity);
  hi.fill(-Infinity);
  const len = Math.floor(x.length / d);
  for (let t = 0; t < len; t++)
    for (let i = 0; i < d; i++) {
      const v = x[t * d + i];
      if (v < lo[i]) lo[i] = v;
      if (v > hi[i]) hi[i] = v;
    }
  for (let i = 0; i < d; i++) {
    const pad = 0.1 * std[i] || 0.5;
    lo[i] -= pad;
    hi[i] += pad;
  }
  return { lo, hi };
}

/**
 * D_stsp = KL(p_data ‖ p_gen) of the binned occupation densities (see the
 * file's header). `data` and `gen` are len × n; their lengths may differ.
 */
export function dStsp(data: Float64Array, gen: Float64Array, n: number, opts: DstspOptions = {}): DstspResult {
  const bins = opts.bins ?? DSTSP_BINS;
  const alpha = opts.alpha ?? DSTSP_ALPHA;
  let xd = data;
  let xg = gen;
  let d = n;
  if (n > 3) {
    const { mean, axes } = principalAxes(data, n, 3, columnStats(data, n).mean);
    xd = project(data, n, mean, axes, 3);
    xg = project(gen, n, mean, axes, 3);
    d = 3;
  }
  const { lo, hi } = dstspBox(xd, d, opts.version ?? 'paper');
  const hd = histogram(xd, d, lo, hi, bins);
  const hg = histogram(xg, d, lo, hi, bins);
  const K = hd.counts.length;
  const zd = hd.inside + alpha * K;
  const zg = hg.inside + alpha * K;
  let kl = 0;
  for (let b = 0; b < K; b++) {
    const p = (hd.counts[b] + alpha) / zd;
    const q = (hg.counts[b] + alpha) / zg;
    kl += p * log(p / q);
  }
  const glen = Math.floor(xg.length / d);
  return { value: Math.max(0, kl), dims: d, bins, genInside: glen > 0 ? hg.inside / glen : 0 };
}

/** In-place radix-2 complex FFT (re, im of a power-of-two length). */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n & (n - 1)) throw new Error(`fft: length ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = cos(ang);
    const wi = sin(ang);
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < half; k++) {
        const a = i + k;
        const b = a + half;
        const xr = re[b] * cr - im[b] * ci;
        const xi = re[b] * ci + im[b] * cr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

/** Largest power of two ≤ n (0 for n < 1). */
export function floorPow2(n: number): number {
  if (n < 1) return 0;
  let p = 1; // doubling is exact; Math.log2 is not portable to the bit
  while (p * 2 <= n) p *= 2;
  return p;
}

/** Default Gaussian smoothing of a spectrum of L/2 + 1 frequencies: σ = L/512 bins, at least 2 (σ = 20 at L = 10 240, as in the GTF repository). */
export function defaultSmoothing(L: number): number {
  return Math.max(2, L / 512);
}

/**
 * The normalised, smoothed power spectrum of one column of x (len × n), first
 * L rows (L a power of two): z-score, |rfft|² at frequencies 0 … L/2,
 * Gaussian smoothing with σ bins (kernel cut at 5σ, reflected at the ends), sum 1.
 */
export function powerSpectrum(x: Float64Array, n: number, col: number, L: number, sigma: number): Float64Array {
  const re = new Float64Array(L);
  const im = new Float64Array(L);
  let mean = 0;
  for (let t = 0; t < L; t++) mean += x[t * n + col];
  mean /= L;
  let v = 0;
  for (let t = 0; t < L; t++) {
    const d = x[t * n + col] - mean;
    re[t] = d;
    v += d * d;
  }
  const sd = Math.sqrt(v / L);
  if (sd > 0 && Number.isFinite(sd)) for (let t = 0; t < L; t++) re[t] /= sd;
  else re.fill(0);
  fft(re, im);
  const F = L / 2 + 1;
  const ps = new Float64Array(F);
  for (let k = 0; k < F; k++) ps[k] = re[k] * re[k] + im[k] * im[k];
  const out = new Float64Array(F);
  if (sigma > 0) {
    const r = Math.ceil(5 * sigma);
    const w = new Float64Array(r + 1);
    for (let j = 0; j <= r; j++) w[j] = exp((-0.5 * j * j) / (sigma * sigma));
    for (let k = 0; k < F; k++) {
      let s = 0;
      let ws = 0;
      for (let j = -r; j <= r; j++) {
        let m = k + j;
        if (m < 0) m = -m;
        if (m >= F) m = 2 * (F - 1) - m;
        if (m < 0 || m >= F) continue;
        const wj = w[Math.abs(j)];
        s += wj * ps[m];
        ws += wj;
      }
      out[k] = s / ws;
    }
  } else out.set(ps);
  let total = 0;
  for (let k = 0; k < F; k++) total += out[k];
  if (total > 0 && Number.isFinite(total)) for (let k = 0; k < F; k++) out[k] /= total;
  else out.fill(1 / F); // a constant series: a flat spectrum
  return out;
}

/** Hellinger distance of two distributions: (1/√2)‖√p − √q‖₂ = √(1 − Σ√(p·q)) ∈ [0, 1] (the first form: exactly 0 for p = q). */
export function hellinger(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) {
    const d = Math.sqrt(p[k]) - Math.sqrt(q[k]);
    s += d * d;
  }
  return Math.min(1, Math.sqrt(s / 2));
}

/** Trapezoid weights over unit steps: ½ at both ends, 1 inside. */
function trapezoidWeight(k: number, K: number): number {
  return k === 0 || k === K - 1 ? 0.5 : 1;
}

/** The first `k` entries of a spectrum, normalised so that their trapezoidal integral is 1. */
function truncated(p: Float64Array, k: number): Float64Array {
  const out = p.slice(0, Math.min(k, p.length));
  const K = out.length;
  let total = 0;
  for (let i = 0; i < K; i++) total += trapezoidWeight(i, K) * out[i];
  if (total > 0) for (let i = 0; i < K; i++) out[i] /= total;
  else out.fill(1 / Math.max(1, K - 1));
  return out;
}

/**
 * Paper A's Hellinger distance √(1 − ∫√(p·q)) of spectra normalised to ∫p = ∫q = 1,
 * the integrals by the trapezoidal rule over unit frequency steps. Written as
 * √(½∫(√p − √q)²), equal for such p and q and exactly 0 when p = q.
 */
export function hellingerTrapezoid(p: Float64Array, q: Float64Array): number {
  const K = p.length;
  let s = 0;
  for (let k = 0; k < K; k++) {
    const d = Math.sqrt(p[k]) - Math.sqrt(q[k]);
    s += trapezoidWeight(k, K) * d * d;
  }
  return Math.min(1, Math.sqrt(s / 2));
}

export interface DhOptions {
  /** 'paper' (default): σ = 2, the first 500 frequencies, √(1 − trapz √(pq)); 'gtf': σ = L/512, every frequency, (1/√2)‖√p − √q‖. */
  version?: MeasureVersion;
  /** Gaussian smoothing in frequency bins (default by the version). */
  sigma?: number;
  /** Longest length used (a power of two; default 16 384). */
  maxLength?: number;
}

export interface DhResult {
  value: number;
  /** Per dimension. */
  perDim: number[];
  /** Samples used of each series. */
  length: number;
  sigma: number;
}

/** D_H: the power-spectrum Hellinger distance averaged over the n dimensions (see the file's header). */
export function dH(data: Float64Array, gen: Float64Array, n: number, opts: DhOptions = {}): DhResult {
  const len = Math.min(Math.floor(data.length / n), Math.floor(gen.length / n));
  const L = Math.min(floorPow2(len), opts.maxLength ?? 16384);
  if (L < 4) return { value: NaN, perDim: [], length: L, sigma: 0 };
  const paper = (opts.version ?? 'paper') === 'paper';
  const sigma = opts.sigma ?? (paper ? PAPER_DH_SIGMA : defaultSmoothing(L));
  const perDim: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < L; t++) if (!Number.isFinite(gen[t * n + i])) return { value: 1, perDim: new Array<number>(n).fill(1), length: L, sigma };
    const p = powerSpectrum(data, n, i, L, sigma);
    const q = powerSpectrum(gen, n, i, L, sigma);
    perDim.push(paper ? hellingerTrapezoid(truncated(p, PAPER_DH_FREQUENCIES), truncated(q, PAPER_DH_FREQUENCIES)) : hellinger(p, q));
  }
  return { value: perDim.reduce((s, v) => s + v, 0) / n, perDim, length: L, sigma };
}
