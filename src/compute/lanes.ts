/**
 * The building blocks every view of the engine uses: a latest-wins lane whose
 * results go to a slot, and `follow`, which turns state changes into draft or
 * final requests. Engine plug-ins (views added later) use them too.
 */
import type { Outcome } from '../../workers/compute.api';
import type { AppState, AppStore, CostGate } from '../state/store';
import { PROGRESSIVE_BUDGET_S, START_BUDGET_S, START_GROWTH } from '../core/cost';
import type { CostEstimate } from '../params/jobCost';
import { LatestWinsLane, type LaneOutcome } from './lane';
import { requestKey } from '../params/requests';
import type { WorkerHandle } from './workerHandle';

export function toLane<T>(o: Outcome<T>): LaneOutcome<T> {
  if (o.ok) return { ok: true, value: o.value };
  return o.code === 'OVER_BUDGET' ? { ok: false, code: o.code, message: o.message, spentS: o.spentS } : { ok: false, code: o.code, message: o.message };
}

const raf = (run: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => run()) : setTimeout(run, 0));

/**
 * At most one dispatch per animation frame: the first request of a frame goes
 * out at once (no added latency while dragging), a second one waits for the
 * next frame.
 */
export function frameGate(): (run: () => void) => void {
  let last = -Infinity;
  return (run) => {
    const now = performance.now();
    if (now - last >= 12) {
      last = now;
      run();
    } else
      raf(() => {
        last = performance.now();
        run();
      });
  };
}

export interface Job<Req> {
  req: Req;
  draft: boolean;
  /** Reference seconds of work the job may spend (its meter, core/cost.ts). */
  limitS?: number;
}

/** A latest-wins lane whose results go to a slot; drafts are drawn, stale finals are not. */
export function viewLane<Req, Res>(
  store: AppStore,
  name: string,
  run: (req: Req, jobId: number, limitS: number | undefined) => Promise<LaneOutcome<Res>>,
  cancel: (jobId: number) => void,
  deliver: (res: Res, req: Req) => void,
): LatestWinsLane<Job<Req>, Res> {
  return new LatestWinsLane<Job<Req>, Res>({
    dispatch: ({ req, limitS }, jobId) => run(req, jobId, limitS),
    cancelBefore: cancel,
    deliver: (res, { req }) => deliver(res, req),
    onStatus: (s) => store.getState().setJob(name, s),
    onOverBudget: (_job, spentS) => store.getState().setGate(name, { kind: 'spent', seconds: spentS }),
    preemptible: (j) => !j.draft,
    schedule: frameGate(),
  });
}

export type Follower = ((s: AppState) => void) & { reset(): void };

/**
 * What a link may start by itself, per view (the cost model, core/cost.ts):
 * START_BUDGET_S of reference seconds, more for a view once its Start button
 * was pressed. Kept for the session: a lecturer who started a heavy view
 * drags its sliders without being asked again at the same cost.
 */
export class WorkAllowance {
  private readonly approved = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  /** Reference seconds the view's job may cost (its first result, or in all). */
  of(name: string): number {
    return this.approved.get(name) ?? START_BUDGET_S;
  }

  /** Start was pressed for a job estimated (or stopped) at `seconds`: allow that with room to spare. */
  approve(name: string, seconds: number): void {
    const s = Number.isFinite(seconds) ? seconds : START_BUDGET_S;
    this.approved.set(name, Math.max(this.of(name), s) * START_GROWTH);
    this.listeners.forEach((l) => l());
  }

  onChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

/** How a view's requests are priced: the estimate of a request (null: not known in advance, its meter decides). */
export interface FollowCost<Req> {
  name: string;
  allowance: WorkAllowance;
  estimate(req: Req): CostEstimate | null;
  /** The job reports running estimates (the spectrum): its first result must fit the allowance, the whole of it PROGRESSIVE_BUDGET_S. */
  progressive?: boolean;
  /** The part of a request that fits the allowance (e.g. the spectrum's first stages), computed meanwhile; null: none. */
  within?(req: Req, allowanceS: number): Req | null;
  store: AppStore;
}

/** Whether an estimate fits what the view may spend. */
export function fits(e: CostEstimate | null, allowanceS: number, progressive = false): boolean {
  if (!e) return true;
  return e.firstS <= allowanceS && e.totalS <= (progressive ? Math.max(allowanceS, PROGRESSIVE_BUDGET_S) : allowanceS);
}

/**
 * Follow the state for one view: build its request (null when the view is not
 * shown), and ask for a draft while dragging, the final result otherwise,
 * only when the request changed. A view no longer shown while its job still
 * runs cancels it (the workers drop it at their next slice), and asks again
 * when it is shown again.
 *
 * With a cost (`priced`), a request estimated beyond what the view may spend
 * is not sent: the view shows the estimate and a Start button (its gate), and
 * its draft if that fits; every job sent carries the allowance as the limit
 * of its work meter.
 */
export function follow<Req>(lane: LatestWinsLane<Job<Req>, unknown>, build: (s: AppState, draft: boolean) => Req | null, priced?: FollowCost<Req>): Follower {
  // Keys of what was last asked for at final quality, and of the last draft.
  let finalKey = '';
  let draftKey = '';
  const gate = (g: CostGate | null) => {
    if (!priced) return;
    const cur = priced.store.getState().gates[priced.name] ?? null;
    if (g === null ? cur !== null : cur?.kind !== g.kind || cur.seconds !== g.seconds || cur.partial !== g.partial) priced.store.getState().setGate(priced.name, g);
  };
  const limit = () => (priced ? priced.allowance.of(priced.name) : undefined);
  const step = (s: AppState) => {
    const final = build(s, false);
    if (!final) {
      if (lane.busy) {
        lane.cancel();
        finalKey = draftKey = '';
      }
      gate(null);
      return;
    }
    const fk = requestKey(final);
    if (fk === finalKey) return;
    if (!s.dragging) {
      finalKey = fk;
      draftKey = '';
      const e = priced ? priced.estimate(final) : null;
      if (priced && !fits(e, limit()!, priced.progressive)) {
        // too much to start unasked: the estimate and Start, with the part that fits or a cheap draft meanwhile
        const part = priced.within?.(final, limit()!) ?? null;
        gate({ kind: 'estimate', seconds: e!.totalS, partial: part !== null });
        if (part) {
          lane.request({ req: part, draft: false, limitS: limit() });
          return;
        }
        const draft = build(s, true);
        if (draft && fits(priced.estimate(draft), START_BUDGET_S)) lane.request({ req: draft, draft: true, limitS: START_BUDGET_S });
        else lane.cancel();
        return;
      }
      gate(null);
      lane.request({ req: final, draft: false, limitS: limit() });
      return;
    }
    const draft = build(s, true)!;
    const dk = requestKey(draft);
    if (dk === draftKey) return;
    draftKey = dk;
    finalKey = ''; // the screen no longer shows the final result
    if (priced && !fits(priced.estimate(draft), limit()!)) return; // a drag over a heavy view: the gate stays
    lane.request({ req: draft, draft: true, limitS: limit() });
  };
  step.reset = () => {
    finalKey = draftKey = '';
  };
  return step;
}

/** What an engine plug-in gets: the store, the workers, and a way to tell the pool a lane moved on. */
export interface EngineContext {
  store: AppStore;
  /** The worker of the cheap, latency-sensitive panels. */
  cheap: WorkerHandle;
  /** The pool for heavy work. */
  pool: WorkerHandle[];
  /** Jobs of `lane` older than `jobId` are stale in every pool worker. */
  notifyPool(lane: string, jobId: number): void;
}

/** A view added to the engine: followers run on every state change; stop() on shutdown. */
export interface EnginePlugin {
  followers: Follower[];
  stop?(): void;
}
