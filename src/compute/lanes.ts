/**
 * The building blocks every view of the engine uses: a latest-wins lane whose
 * results go to a slot, and `follow`, which turns state changes into draft or
 * final requests. Engine plug-ins (views added later) use them too.
 */
import type { Outcome } from '../../workers/compute.api';
import type { AppState, AppStore } from '../state/store';
import { LatestWinsLane, type LaneOutcome } from './lane';
import { requestKey } from '../params/requests';
import type { WorkerHandle } from './workerHandle';

export function toLane<T>(o: Outcome<T>): LaneOutcome<T> {
  return o.ok ? { ok: true, value: o.value } : { ok: false, code: o.code, message: o.message };
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
}

/** A latest-wins lane whose results go to a slot; drafts are drawn, stale finals are not. */
export function viewLane<Req, Res>(
  store: AppStore,
  name: string,
  run: (req: Req, jobId: number) => Promise<LaneOutcome<Res>>,
  cancel: (jobId: number) => void,
  deliver: (res: Res, req: Req) => void,
): LatestWinsLane<Job<Req>, Res> {
  return new LatestWinsLane<Job<Req>, Res>({
    dispatch: ({ req }, jobId) => run(req, jobId),
    cancelBefore: cancel,
    deliver: (res, { req }) => deliver(res, req),
    onStatus: (s) => store.getState().setJob(name, s),
    preemptible: (j) => !j.draft,
    schedule: frameGate(),
  });
}

export type Follower = ((s: AppState) => void) & { reset(): void };

/**
 * Follow the state for one view: build its request (null when the view is not
 * shown), and ask for a draft while dragging, the final result otherwise,
 * only when the request changed. A view no longer shown while its job still
 * runs cancels it (the workers drop it at their next slice), and asks again
 * when it is shown again.
 */
export function follow<Req>(lane: LatestWinsLane<Job<Req>, unknown>, build: (s: AppState, draft: boolean) => Req | null): Follower {
  // Keys of what was last asked for at final quality, and of the last draft.
  let finalKey = '';
  let draftKey = '';
  const step = (s: AppState) => {
    const final = build(s, false);
    if (!final) {
      if (lane.busy) {
        lane.cancel();
        finalKey = draftKey = '';
      }
      return;
    }
    const fk = requestKey(final);
    if (fk === finalKey) return;
    if (!s.dragging) {
      finalKey = fk;
      draftKey = '';
      lane.request({ req: final, draft: false });
      return;
    }
    const draft = build(s, true)!;
    const dk = requestKey(draft);
    if (dk === draftKey) return;
    draftKey = dk;
    finalKey = ''; // the screen no longer shows the final result
    lane.request({ req: draft, draft: true });
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
