/**
 * Play (space): a slow sweep of the orbit diagram's parameter (g for the
 * networks) back and forth across the diagram's window, while every panel
 * follows as it does when a slider is dragged (draft quality per frame, the
 * final result when paused).
 */
import { PARAM_SPECS, type Params } from '../params/spec';
import { appStore } from '../state/store';
import { uiStore } from '../state/ui';

/** Seconds for one pass across the window. */
export const PASS_SECONDS = 20;

let frame = 0;

export function isPlaying(): boolean {
  return uiStore.getState().playing;
}

export function togglePlay(): void {
  if (isPlaying()) stopPlay();
  else startPlay();
}

export function startPlay(): void {
  if (isPlaying()) return;
  const p = appStore.getState().params;
  const key = p.bp;
  const [lo, hi] = [p.bx0, p.bx1];
  const step = PARAM_SPECS[key].step;
  let v = p[key as keyof Params] as number;
  if (!(v >= lo && v < hi)) v = lo;
  let dir = 1;
  let last = performance.now();
  uiStore.getState().setPlaying(true);
  appStore.getState().setDragging(true);
  const tick = (now: number) => {
    if (!isPlaying()) return;
    const dt = Math.min(100, now - last) / 1000;
    last = now;
    v += (dir * (hi - lo) * dt) / PASS_SECONDS;
    if (v >= hi) [v, dir] = [hi, -1];
    if (v <= lo) [v, dir] = [lo, 1];
    // snap to the parameter's step but keep the exact position for the next frame
    appStore.getState().setParam(key, (Math.round(v / step) * step) as Params[typeof key], { history: 'replace' });
    frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
}

export function stopPlay(): void {
  if (!isPlaying()) return;
  cancelAnimationFrame(frame);
  uiStore.getState().setPlaying(false);
  appStore.getState().setDragging(false);
}
