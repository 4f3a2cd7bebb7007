/**
 * The one shape of every long computation the workers run: a generator that
 * yields `undefined` where it may pause, or a partial result to report, and
 * returns the final result. The worker's driver (workers/driver.ts) runs it in
 * time slices; the CLI and the tests run it to the end with `runToEnd`. The
 * yields never change the arithmetic, so both give the same bits.
 */

/** A time-sliceable job: yields pause points (undefined) or partial results P, returns R. */
export type Job<R, P = never> = Generator<P | undefined, R, void>;

/** Milliseconds a worker runs a job before giving its thread back (the driver's slice). */
export const SLICE_MS = 8;

/** Run a job to the end, synchronously (its pauses and partial results are skipped). */
export function runToEnd<R>(job: Generator<unknown, R, void>): R {
  for (;;) {
    const r = job.next();
    if (r.done) return r.value;
  }
}

export const clockNow = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * When a job should pause, cheaply: loops count their iterations (`tick`, a
 * counter) and the clock is read only once the count reaches a stride, sized
 * so that happens about every targetMs/4 (an evaluation of f costs 10⁴ times
 * more for a 1024-wide network than for the logistic map); coarse steps (a
 * Newton start, the pieces of a network) ask the clock directly (`due`).
 * Use: `if (pace.tick(units)) yield* pace.pause();`.
 */
export interface Pacer {
  /** Count `units` of work (default 1); true when the stretch has used its time. */
  tick(units?: number): boolean;
  /** Read the clock: true when the stretch has used its time (after steps of a microsecond or more). */
  due(): boolean;
  /** The pause: yields once, then starts the next stretch. */
  pause(): Generator<undefined, void, void>;
}

/** Never pauses (the synchronous helpers the CLI and the sweep call in tight loops). */
export const NO_PAUSE: Pacer = {
  tick: () => false,
  due: () => false,
  *pause() {},
};

class AdaptivePacer implements Pacer {
  private left: number;
  private stride: number;
  /** Start of the stretch, and the last clock read. */
  private t0: number;
  private tc: number;
  private readonly now: () => number;
  private readonly targetMs: number;

  constructor(now: () => number, targetMs: number, stride: number) {
    this.now = now;
    this.targetMs = targetMs;
    this.stride = stride;
    this.left = stride;
    this.t0 = this.tc = now();
  }

  tick(units = 1): boolean {
    this.left -= units;
    return this.left <= 0 && this.due();
  }

  due(): boolean {
    const t = this.now();
    if (this.left <= 0) {
      // the stride's units took t − tc: read the clock again after about a quarter of the target
      // (at most 8× more units at a time: a coarse clock reads 0)
      const dt = t - this.tc;
      const want = dt > 0 ? (this.stride * this.targetMs) / (4 * dt) : this.stride * 8;
      this.stride = Math.max(1, Math.min(this.stride * 8, Math.round(want)));
      this.left = this.stride;
    }
    this.tc = t;
    return t - this.t0 >= this.targetMs;
  }

  *pause(): Generator<undefined, void, void> {
    yield undefined;
    this.t0 = this.tc = this.now();
    this.left = this.stride;
  }
}

/**
 * A pacer for one job: stretches of ~1 ms keep the driver's slices (SLICE_MS)
 * to within about a millisecond, while a pause costs well under 0.1 % of one.
 */
export function pacer(now: () => number = clockNow, targetMs = 1, stride = 16): Pacer {
  return new AdaptivePacer(now, targetMs, stride);
}
