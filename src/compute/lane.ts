/**
 * A latest-wins request lane: one job in flight, at most one pending (newer
 * requests overwrite it), results delivered in order and never out of date.
 *
 * - A job that may be pre-empted (an expensive final render) is told to stop
 *   as soon as a newer request arrives; its result, if it still comes, is dropped.
 * - A job that may not (a quick draft while dragging) runs to the end and is
 *   drawn, then the newest pending request is sent: the screen follows a drag.
 * - An older job's result never replaces a newer one's.
 */
export type LaneOutcome<Res> =
  | { ok: true; value: Res }
  | { ok: false; code: 'CANCELLED' | 'ERROR'; message: string }
  /** The job used the work it was allowed (core/cost.ts) before it was done. */
  | { ok: false; code: 'OVER_BUDGET'; message: string; spentS: number };

import type { LaneStatus } from '../state/store';

export type { LaneStatus } from '../state/store';

export interface LaneOptions<Req, Res> {
  /** Run a request; must settle (a crashed worker rejects). */
  dispatch(req: Req, jobId: number): Promise<LaneOutcome<Res>>;
  /** Tell the workers that jobs older than `jobId` are stale. */
  cancelBefore(jobId: number): void;
  deliver(value: Res, req: Req, jobId: number): void;
  onStatus?(s: LaneStatus): void;
  /** May a running job of this request be stopped by a newer one? */
  preemptible(req: Req): boolean;
  /** Defer a dispatch (e.g. to the next animation frame); immediate by default. */
  schedule?(run: () => void): void;
  /** A job stopped by its work allowance (the view then asks for Start). */
  onOverBudget?(req: Req, spentS: number): void;
}

export class LatestWinsLane<Req, Res> {
  private seq = 0;
  private inFlight: { req: Req; jobId: number } | null = null;
  private pending: Req | null = null;
  private scheduled = false;
  private lastDelivered = 0;
  private readonly opts: LaneOptions<Req, Res>;

  constructor(opts: LaneOptions<Req, Res>) {
    this.opts = opts;
  }

  /** Ask for a computation; it replaces any request not yet started. */
  request(req: Req): void {
    this.pending = req;
    if (this.inFlight) {
      if (this.opts.preemptible(this.inFlight.req)) this.opts.cancelBefore(this.inFlight.jobId + 1);
      return;
    }
    this.kick();
  }

  /** Drop the pending request and stop the running one. */
  cancel(): void {
    this.pending = null;
    if (this.inFlight) this.opts.cancelBefore(this.inFlight.jobId + 1);
  }

  get busy(): boolean {
    return this.inFlight !== null || this.pending !== null;
  }

  private kick(): void {
    if (this.scheduled || this.inFlight || !this.pending) return;
    const schedule = this.opts.schedule ?? ((run: () => void) => run());
    this.scheduled = true;
    schedule(() => {
      this.scheduled = false;
      this.startPending();
    });
  }

  private startPending(): void {
    if (this.inFlight || !this.pending) return;
    const req = this.pending;
    this.pending = null;
    const jobId = ++this.seq;
    this.inFlight = { req, jobId };
    this.opts.cancelBefore(jobId);
    this.opts.onStatus?.({ state: 'running' });
    let settled: Promise<LaneOutcome<Res>>;
    try {
      settled = this.opts.dispatch(req, jobId);
    } catch (e) {
      settled = Promise.reject(e);
    }
    settled.then(
      (out) => this.finish(req, jobId, out),
      (err: unknown) => this.finish(req, jobId, { ok: false, code: 'ERROR', message: err instanceof Error ? err.message : String(err) }),
    );
  }

  private finish(req: Req, jobId: number, out: LaneOutcome<Res>): void {
    this.inFlight = null;
    if (out.ok) {
      const superseded = this.pending !== null && this.opts.preemptible(req);
      if (!superseded && jobId > this.lastDelivered) {
        this.lastDelivered = jobId;
        this.opts.deliver(out.value, req, jobId);
      }
      if (!this.pending) this.opts.onStatus?.({ state: 'idle' });
    } else if (out.code === 'ERROR') {
      this.opts.onStatus?.({ state: 'error', message: out.message });
    } else if (out.code === 'OVER_BUDGET') {
      if (!this.pending && jobId > this.lastDelivered) this.opts.onOverBudget?.(req, out.spentS);
      if (!this.pending) this.opts.onStatus?.({ state: 'idle' });
    } else if (!this.pending) {
      this.opts.onStatus?.({ state: 'idle' });
    }
    this.kick();
  }
}
