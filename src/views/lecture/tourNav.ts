/** Stepping through a tour: each step is a new history entry, so Back returns to the previous one. */
import { stepHash } from '../../lecture/steps';
import { appStore } from '../../state/store';

export function goToStep(i: number): void {
  const p = appStore.getState().params;
  if (!p.tour.length) return;
  const j = Math.max(0, Math.min(p.tour.length - 1, i));
  location.hash = stepHash(p.tour, j, p);
}

/** Next (+1) or previous (−1) step; false when there is no tour. */
export function stepTour(delta: number): boolean {
  const p = appStore.getState().params;
  if (!p.tour.length) return false;
  const j = p.ts + delta;
  if (j >= 0 && j < p.tour.length) goToStep(j);
  return true;
}

export function endTour(): void {
  appStore.getState().setParams({ tour: [], ts: 0 }, { history: 'push' });
}
