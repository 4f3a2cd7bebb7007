/** Density histogram → RGBA image, with a log colour scale shared by all columns. */
import { interpolateInferno } from 'd3-scale-chromatic';
import { rgb } from 'd3-color';

const LUT_SIZE = 256;
const luts = new Map<boolean, Uint8Array>();

/**
 * 256 RGB triples from faint (one visit) to strong (every point in one bin):
 * light yellow to black on a light page, dark purple to light yellow on a dark one.
 */
function densityLut(dark: boolean): Uint8Array {
  let lut = luts.get(dark);
  if (lut) return lut;
  lut = new Uint8Array(LUT_SIZE * 3);
  luts.set(dark, lut);
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = i / (LUT_SIZE - 1);
    const c = rgb(interpolateInferno(dark ? 0.25 + 0.73 * t : 0.86 - 0.86 * t));
    lut[3 * i] = c.r;
    lut[3 * i + 1] = c.g;
    lut[3 * i + 2] = c.b;
  }
  return lut;
}

/**
 * counts: cols × rows, column-major with row 0 at the bottom; `perColumn` is
 * the number of points recorded per column. The image has row 0 at the top.
 */
export function densityImage(counts: Uint32Array, cols: number, rows: number, perColumn: number, diverged: Uint8Array, dark = false): ImageData {
  const img = new ImageData(cols, rows);
  const d = img.data;
  const L = densityLut(dark);
  const logMax = Math.log(Math.max(2, perColumn));
  for (let j = 0; j < cols; j++) {
    const off = j * rows;
    if (diverged[j]) {
      for (let i = 0; i < rows; i++) {
        const p = 4 * ((rows - 1 - i) * cols + j);
        const stripe = (i + j) % 8 < 3;
        d[p] = d[p + 1] = d[p + 2] = stripe ? 190 : 232;
        d[p + 3] = 255;
      }
      continue;
    }
    for (let i = 0; i < rows; i++) {
      const c = counts[off + i];
      if (!c) continue;
      const t = Math.min(1, Math.log(c + 1) / logMax);
      const li = 3 * Math.round(t * (LUT_SIZE - 1));
      const p = 4 * ((rows - 1 - i) * cols + j);
      d[p] = L[li];
      d[p + 1] = L[li + 1];
      d[p + 2] = L[li + 2];
      d[p + 3] = 255;
    }
  }
  return img;
}
