/**
 * Colours of the plots (Okabe–Ito based: distinguishable with the common
 * colour-vision deficiencies), one set per theme. Canvas drawing reads
 * COLORS at draw time; setPalette swaps the set in place and every Plot
 * redraws when the theme changes.
 */
const LIGHT = {
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
  /** Text-strength strokes (reference lines, means). */
  ink: '#111111',
  /** Secondary strokes. */
  ink2: '#333333',
  /** Shaded bands (transients, spreads). */
  band: 'rgba(120,130,140,0.12)',
  /** Hatching of diverged columns. */
  hatch: 'rgba(150,155,160,0.45)',
  /** Dots of a point cloud. */
  cloud: 'rgba(11,79,138,0.55)',
};
export type Palette = typeof LIGHT;

const DARK: Palette = {
  map: '#6cb4f0',
  diagonal: '#7d8590',
  cobweb: '#ff6b7d',
  orbit: '#56B4E9',
  twin: '#F0B400',
  chaos: '#FF8A3D',
  order: '#56B4E9',
  stable: '#e8ebef',
  cursor: '#ff6b7d',
  diverged: '#6b7280',
  runMin: '#2fd3a0',
  runMax: '#e59ac8',
  grid: '#2a3038',
  ink: '#e8ebef',
  ink2: '#c2c8d0',
  band: 'rgba(200,210,220,0.10)',
  hatch: 'rgba(140,145,150,0.45)',
  cloud: 'rgba(108,180,240,0.6)',
};

/** Projector: the light set, darker and more saturated for washed-out beamers. */
const PROJECTOR: Palette = {
  ...LIGHT,
  map: '#003f7f',
  diagonal: '#555b63',
  cobweb: '#b0001e',
  orbit: '#005a9c',
  twin: '#c77800',
  chaos: '#c04a00',
  order: '#005a9c',
  stable: '#000000',
  cursor: '#b0001e',
  runMin: '#007a58',
  runMax: '#b0408a',
  ink: '#000000',
  ink2: '#1a1a1a',
  band: 'rgba(90,100,110,0.16)',
  cloud: 'rgba(0,63,127,0.6)',
};

export type PaletteName = 'light' | 'dark' | 'projector';
const PALETTES: Record<PaletteName, Palette> = { light: LIGHT, dark: DARK, projector: PROJECTOR };

export const COLORS: Palette = { ...LIGHT };

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

let current: PaletteName = 'light';

export function setPalette(name: PaletteName): void {
  if (name === current) return;
  current = name;
  Object.assign(COLORS, PALETTES[name]);
  ITERATE_COLORS[1] = COLORS.map;
  ITERATE_COLORS[8] = name === 'dark' ? '#b0b0b0' : '#555555';
  ITERATE_COLORS[7] = name === 'dark' ? '#c8c850' : '#999933';
}

export function paletteName(): PaletteName {
  return current;
}
