/**
 * The one 1-D Lyapunov loop: λ = mean of ln|f′(x_t)| along the orbit, the
 * derivative taken at the point each step starts from. Used by the orbit
 * analysis (cobweb readouts, the CLI), the orbit diagram's columns and the
 * gradient meter's λ line, so all of them give the same bits.
 */
import type { Map1D } from '../models';
import { isDiverged } from '../divergence';
import { BatchMeans } from '../linalg/batchMeans';
import { log } from '../linalg/elementary';

/** Floor for ln|f′| when f′ = 0 exactly (a superstable orbit has λ = −∞) or is subnormal. */
export const LOG_DERIVATIVE_FLOOR = log(1e-300);

/** ln|d|, floored at LOG_DERIVATIVE_FLOOR (also for d = 0). */
export function logDerivative(d: number): number {
  const ad = Math.abs(d);
  if (!(ad > 0)) return LOG_DERIVATIVE_FLOOR;
  const l = log(ad);
  return l < LOG_DERIVATIVE_FLOOR ? LOG_DERIVATIVE_FLOOR : l;
}

/**
 * An orbit with its running sum of ln|f′|, advanced in pieces so that callers
 * may pause, record states or read the running mean between pieces. Leaving
 * the divergence bound (core/divergence.ts) stops it for good.
 */
export class LambdaRun1D {
  x: number;
  /** Σ ln|f′| over the measured steps. */
  acc = 0;
  /** Measured steps completed (not counting the step that diverged). */
  steps = 0;
  /** The same logs by batch means, for λ's standard error (`acc` stays the λ sum, bit for bit). */
  readonly batches = new BatchMeans();
  /** f′ = 0 met on a measured step: λ = −∞, floored per step. */
  superstable = false;
  /** Steps taken in all (transient and measured) when the orbit left the bound; −1 while it has not. */
  divergedAt = -1;
  private taken = 0;
  private ringPos = 0;

  constructor(
    private readonly map: Map1D,
    x0: number,
  ) {
    this.x = x0;
    if (isDiverged(x0)) this.divergedAt = 0;
  }

  get diverged(): boolean {
    return this.divergedAt >= 0;
  }

  /** Mean ln|f′| so far (NaN before the first step or after divergence). */
  get lambda(): number {
    return this.steps > 0 && !this.diverged ? this.acc / this.steps : NaN;
  }

  /** Standard error of λ by batch means (NaN before enough steps, or after divergence). */
  get stderr(): number {
    return this.steps > 0 && !this.diverged ? this.batches.stderr : NaN;
  }

  /** n steps of f, not measured (a transient); false once diverged. */
  skip(n: number): boolean {
    if (this.diverged) return false;
    const map = this.map;
    let x = this.x;
    for (let t = 0; t < n; t++) {
      x = map.f(x);
      if (isDiverged(x)) {
        this.x = x;
        this.divergedAt = this.taken + t + 1;
        return false;
      }
    }
    this.x = x;
    this.taken += n;
    return true;
  }

  /**
   * n measured steps; false once diverged. With `ring`, every new state goes to
   * ring[off + j], j counting the recorded states modulo `len` (a ring buffer,
   * or a plain record when len ≥ the steps).
   */
  advance(n: number, ring: Float64Array | null = null, off = 0, len = ring ? ring.length - off : 0): boolean {
    if (this.diverged) return false;
    const map = this.map;
    let x = this.x;
    let acc = this.acc;
    let pos = this.ringPos;
    for (let t = 0; t < n; t++) {
      x = map.fd(x);
      const d = map.d;
      if (!(Math.abs(d) > 0)) this.superstable = true;
      const l = logDerivative(d);
      acc += l;
      this.batches.add(l);
      if (isDiverged(x)) {
        this.x = x;
        this.acc = acc;
        this.steps += t;
        this.divergedAt = this.taken + t + 1;
        return false;
      }
      if (ring) {
        ring[off + pos] = x;
        if (++pos === len) pos = 0;
      }
    }
    this.x = x;
    this.acc = acc;
    this.ringPos = pos;
    this.steps += n;
    this.taken += n;
    return true;
  }
}
