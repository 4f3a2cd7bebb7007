/** Colours (Okabe–Ito based: distinguishable with the common colour-vision deficiencies). */
export const COLORS = {
  map: '#0b4f8a',
  diagonal: '#8a8f98',
  cobweb: '#c8102e',
  orbit: '#0072B2',
  twin: '#E69F00',
  chaos: '#D55E00',
  order: '#0072B2',
  stable: '#111111',
  cursor: '#c8102e',
  diverged: '#9aa0a6',
  runMin: '#009E73',
  runMax: '#CC79A7',
  grid: '#e3e6ea',
} as const;

/** Colour of the k-th iterate overlay (k ≥ 2; k = 1 is the map itself). */
export const ITERATE_COLORS: Record<number, string> = {
  1: COLORS.map,
  2: '#CC79A7',
  3: '#009E73',
  4: '#56B4E9',
  5: '#E69F00',
  6: '#7B61FF',
  7: '#999933',
  8: '#555555',
};
