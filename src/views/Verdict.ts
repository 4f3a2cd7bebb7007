/** The Li–Yorke verdict in words, from the periods found (shared by the panel and its tests). */
import { isPowerOfTwo } from '../core/interval/sharkovsky';

export interface VerdictText {
  chaotic: boolean;
  headline: string;
  detail: string;
}

export function liYorkeVerdict(periods: number[], maxPeriod: number): VerdictText {
  if (periods.includes(3)) {
    return {
      chaotic: true,
      headline: 'Period 3 found ⇒ Li–Yorke chaos',
      detail: 'By Li and Yorke’s theorem (“period three implies chaos”, 1975) f has points of every period and an uncountable scrambled set: pairs of orbits that come arbitrarily close again and again, yet keep separating.',
    };
  }
  const odd = periods.filter((p) => !isPowerOfTwo(p));
  if (odd.length) {
    return {
      chaotic: true,
      headline: `Period ${odd[0]} found ⇒ Li–Yorke chaos`,
      detail: `${odd[0]} is not a power of two, so f has positive topological entropy, and an interval map with positive entropy is Li–Yorke chaotic. By Sharkovsky’s theorem f also has every period to the right of ${odd[0]} in his order.`,
    };
  }
  const list = periods.length ? periods.join(', ') : 'none';
  return {
    chaotic: false,
    headline: periods.length ? 'Not Li–Yorke chaotic by this test' : 'No periodic points found',
    detail: periods.length
      ? `The periods up to ${maxPeriod} are ${list}: powers of two, which by Sharkovsky’s theorem do not imply chaos (a 2-cycle or 4-cycle is not chaos; this is the mistake of counting fixed points of f⁴ as if they were f³).`
      : `No periodic point up to period ${maxPeriod} was found.`,
  };
}
