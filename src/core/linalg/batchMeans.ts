/**
 * The standard error of a time average by batch means (Flegal & Jones,
 * "Batch means and spectral variance estimators in Markov chain Monte Carlo",
 * Ann. Statist. 2010): the series is cut into b consecutive batches, whose
 * means are nearly independent once a batch is longer than the correlation
 * time; the variance of the overall mean is then s²/b with s² the sample
 * variance of the batch means.
 *
 * Streaming, for runs whose length is not known in advance (a Lyapunov run
 * that stops when it is accurate enough): batches start one value long and
 * pairs are merged whenever MAX_BATCHES are full, so between MAX_BATCHES/2 and
 * MAX_BATCHES batches of equal length are kept at any time, in O(MAX_BATCHES)
 * memory. Values after the last full batch count in the mean, not in the error.
 */

/** Batches kept (even): 32 to 64 full batches once the run is long enough. */
export const MAX_BATCHES = 64;
/** Fewer full batches than this: no error estimate (NaN). */
export const MIN_BATCHES = 16;

export class BatchMeans {
  private readonly sums = new Float64Array(MAX_BATCHES);
  /** Full batches. */
  private nb = 0;
  /** Values per batch. */
  private size = 1;
  private cur = 0;
  private curN = 0;
  /** Values added. */
  n = 0;
  /** Their sum. */
  total = 0;

  add(v: number): void {
    this.n++;
    this.total += v;
    this.cur += v;
    if (++this.curN === this.size) this.close();
  }

  private close(): void {
    const s = this.sums;
    s[this.nb++] = this.cur;
    this.cur = 0;
    this.curN = 0;
    if (this.nb === MAX_BATCHES) {
      for (let i = 0; i < MAX_BATCHES / 2; i++) s[i] = s[2 * i] + s[2 * i + 1];
      this.nb = MAX_BATCHES / 2;
      this.size *= 2;
    }
  }

  /** Mean of all values added (NaN before the first). */
  get mean(): number {
    return this.n > 0 ? this.total / this.n : NaN;
  }

  /**
   * Standard error of `mean`: the batch means' standard deviation over √b,
   * scaled from the full batches' length to all n values. NaN with fewer than
   * MIN_BATCHES full batches; 0 for a constant series.
   */
  get stderr(): number {
    return batchStderr(this.sums, this.nb, this.size, this.n);
  }

  /** Full batches now (for tests and readouts). */
  get batches(): number {
    return this.nb;
  }
}

/**
 * The standard error of a mean of n values from b full batches of `size`
 * values whose sums are sums[0 … b−1]: the batch means' sample variance is
 * ≈ σ²_∞/size, so Var(mean of n) ≈ Var(batch mean)·size/n.
 */
function batchStderr(sums: Float64Array, b: number, size: number, n: number): number {
  if (b < MIN_BATCHES) return NaN;
  let m = 0;
  for (let i = 0; i < b; i++) m += sums[i];
  m /= b * size;
  let ss = 0;
  for (let i = 0; i < b; i++) {
    const d = sums[i] / size - m;
    ss += d * d;
  }
  return Math.sqrt((ss / (b - 1)) * size / n);
}

/**
 * Batch means of a vector series (the per-step logs of all k exponents of a
 * spectrum) with batches shared by the components, so that the error of any
 * linear combination — a sum of exponents, or a derived number linearised
 * (the delta method) — is estimated from the same batches, correlations
 * between the exponents included.
 */
export class VectorBatchMeans {
  readonly dim: number;
  /** Batch sums, batch-major: sums[b·dim + i]. */
  private readonly sums: Float64Array;
  private readonly cur: Float64Array;
  private readonly scratch = new Float64Array(MAX_BATCHES);
  private nb = 0;
  private size = 1;
  private curN = 0;
  /** Vectors added. */
  n = 0;

  constructor(dim: number) {
    this.dim = dim;
    this.sums = new Float64Array(MAX_BATCHES * dim);
    this.cur = new Float64Array(dim);
  }

  add(v: ArrayLike<number>): void {
    const d = this.dim;
    const cur = this.cur;
    for (let i = 0; i < d; i++) cur[i] += v[i];
    this.n++;
    if (++this.curN === this.size) this.close();
  }

  private close(): void {
    const d = this.dim;
    const s = this.sums;
    s.set(this.cur, this.nb * d);
    this.nb++;
    this.cur.fill(0);
    this.curN = 0;
    if (this.nb === MAX_BATCHES) {
      for (let b = 0; b < MAX_BATCHES / 2; b++) for (let i = 0; i < d; i++) s[b * d + i] = s[2 * b * d + i] + s[(2 * b + 1) * d + i];
      this.nb = MAX_BATCHES / 2;
      this.size *= 2;
    }
  }

  /** Standard error of the mean of component i. */
  stderr(i: number): number {
    const d = this.dim;
    for (let b = 0; b < this.nb; b++) this.scratch[b] = this.sums[b * d + i];
    return batchStderr(this.scratch, this.nb, this.size, this.n);
  }

  /** Standard error of Σᵢ wᵢ·(mean of component i). */
  stderrOf(w: ArrayLike<number>): number {
    const d = this.dim;
    for (let b = 0; b < this.nb; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) if (w[i] !== 0) s += w[i] * this.sums[b * d + i];
      this.scratch[b] = s;
    }
    return batchStderr(this.scratch, this.nb, this.size, this.n);
  }

  get batches(): number {
    return this.nb;
  }
}
