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
    const b = this.nb;
    if (b < MIN_BATCHES) return NaN;
    const s = this.sums;
    const size = this.size;
    let m = 0;
    for (let i = 0; i < b; i++) m += s[i];
    m /= b * size;
    let ss = 0;
    for (let i = 0; i < b; i++) {
      const d = s[i] / size - m;
      ss += d * d;
    }
    // Var(batch mean) ≈ σ²_∞ / size, so Var(mean of n) ≈ Var(batch mean)·size / n
    const varBatch = ss / (b - 1);
    return Math.sqrt((varBatch * size) / this.n);
  }

  /** Full batches now (for tests and readouts). */
  get batches(): number {
    return this.nb;
  }
}
