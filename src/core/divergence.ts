/**
 * The one divergence bound of the lab. Divergence is a result, not an error:
 * an orbit whose state leaves |x| ≤ DIVERGENCE_BOUND in any coordinate, or
 * becomes non-finite, stops there and says so (every view, the export and the CLI).
 */
export const DIVERGENCE_BOUND = 1e6;

/** |x| beyond the bound, or NaN. */
export function isDiverged(x: number): boolean {
  return !(Math.abs(x) <= DIVERGENCE_BOUND);
}

/** Some coordinate of the state beyond the bound, or NaN. */
export function stateDiverged(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i]) <= DIVERGENCE_BOUND)) return true;
  return false;
}
