/**
 * Moving through a tour: the state of step i is its link, with the tour
 * itself and the lecturer's presentation settings (theme, presentation mode,
 * hidden controls) carried over unless the step's link sets them.
 */
import { decodeHash, encodeHash, hashPairs, type Decoded } from '../params/url';
import type { Params, TourStep } from '../params/spec';
import { stepInfo } from '../params/tour';

const CARRIED = ['theme', 'present', 'hide'] as const;

export function stepState(tour: readonly TourStep[], i: number, current: Params): Decoded {
  const j = Math.max(0, Math.min(tour.length - 1, i));
  const { hash } = stepInfo(tour[j]);
  const d = decodeHash(hash);
  const given = hashPairs(hash);
  for (const k of CARRIED) if (!given.has(k)) (d.params as unknown as Record<string, unknown>)[k] = current[k];
  d.params.tour = [...tour];
  d.params.ts = j;
  return d;
}

/** The link body of step i. */
export function stepHash(tour: readonly TourStep[], i: number, current: Params): string {
  const d = stepState(tour, i, current);
  return encodeHash({ params: d.params, weights: d.weights });
}

/** A tour link: the first step's state with the tour attached. */
export function tourHash(tour: readonly TourStep[], current: Params): string {
  return stepHash(tour, 0, current);
}
