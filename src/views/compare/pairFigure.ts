/**
 * Compare mode's export: the two sides as one figure. Each side sends the
 * figures of its shown panels (views/export/figure.ts panelFigure, through
 * the embed API); here they are stacked per side and set side by side, under
 * a title naming what differs — as one SVG (each panel a nested <svg>, so
 * its own coordinates stay) or on a 1920 × 1080 slide.
 */
import type { Figure } from '../export/figure';
import { escapeXml } from '../../export/svgContext';

export const PAIR_SLIDE = { width: 1920, height: 1080 };

/** A standalone <svg> document placed at (x, y) with size w × h, keeping its own coordinates. */
function nested(fig: Figure, x: number, y: number, w: number, h: number): string {
  const m = /<svg\b[^>]*>([\s\S]*)<\/svg>\s*$/.exec(fig.svg);
  const inner = m ? m[1] : '';
  return `<svg x="${x}" y="${y}" width="${w}" height="${h}" viewBox="0 0 ${fig.width} ${fig.height}" preserveAspectRatio="xMidYMid meet">${inner}</svg>`;
}

export interface PairSide {
  /** What this side is ("left: the link", "right: g = 2"). */
  label: string;
  figures: Figure[];
}

/** Light text on a dark background, dark on a light one (#rrggbb or rgb()). */
function inkOn(bg: string): string {
  const hex = /^#([0-9a-f]{6})/i.exec(bg);
  const fn = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(bg);
  const rgb = hex ? [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) : fn ? fn.slice(1, 4).map(Number) : null;
  if (!rgb) return '#111111';
  return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 128 ? '#e8ebef' : '#111111';
}

/**
 * The pair at a given size (the slide: 1920 × 1080), or at its natural size
 * (null: each side as wide as its widest panel). The title says what differs.
 */
export function pairFigure(left: PairSide, right: PairSide, title: string, size: { width: number; height: number } | null): Figure {
  const bg = left.figures[0]?.background ?? right.figures[0]?.background ?? '#ffffff';
  const ink = inkOn(bg);
  const font = 'system-ui, sans-serif';
  // each side's panels in a grid of 1 … 3 columns, the one that shows them largest (a tall stack wastes a slide's width)
  const grid = (s: PairSide, cols: number) => {
    const cw = Math.max(1, ...s.figures.map((f) => f.width));
    const rows: Figure[][] = [];
    s.figures.forEach((f, i) => (i % cols === 0 ? rows.push([f]) : rows[rows.length - 1].push(f)));
    const rowH = rows.map((r) => Math.max(...r.map((f) => f.height)));
    return { cols, cw, rows, rowH, w: cw * Math.min(cols, s.figures.length), h: rowH.reduce((a, b) => a + b, 0) };
  };
  const pad = size ? 48 : 12;
  const titlePx = size ? 44 : 18;
  const labelPx = size ? 30 : 14;
  const top = pad + titlePx + 12 + labelPx + 10;
  const one = (s: PairSide) => grid(s, 1);
  const W = size?.width ?? Math.round(one(left).w + one(right).w + 3 * pad);
  const H = size?.height ?? Math.round(top + Math.max(one(left).h, one(right).h) + pad);
  const colW = (W - 3 * pad) / 2;
  const colH = H - top - pad;
  const best = (s: PairSide) => {
    if (!size) return one(s);
    const options = [1, 2, 3].filter((c) => c === 1 || c <= s.figures.length).map((c) => grid(s, c));
    const scale = (g: ReturnType<typeof grid>) => Math.min(colW / g.w, colH / Math.max(1, g.h));
    return options.reduce((a, b) => (scale(b) > scale(a) * 1.05 ? b : a));
  };
  const column = (s: PairSide, x0: number): string => {
    const g = best(s);
    // one scale for the side, so its panels keep their proportions
    const scale = Math.min(colW / g.w, colH / Math.max(1, g.h));
    const ox = x0 + (colW - g.w * scale) / 2;
    let y = top + (colH - g.h * scale) / 2;
    return g.rows
      .map((row, r) => {
        const parts = row.map((f, c) => nested(f, ox + (c * g.cw + (g.cw - f.width) / 2) * scale, y, f.width * scale, f.height * scale));
        y += g.rowH[r] * scale;
        return parts.join('\n');
      })
      .join('\n');
  };
  const text = (x: number, y: number, px: number, t: string) => `<text x="${x}" y="${y}" style="font: 600 ${px}px ${font}; fill: ${ink}">${escapeXml(t)}</text>`;
  const body = [
    `<rect width="${W}" height="${H}" fill="${escapeXml(bg)}"/>`,
    text(pad, pad + titlePx * 0.8, titlePx, title),
    text(pad, pad + titlePx + 12 + labelPx * 0.8, labelPx, left.label),
    text(2 * pad + colW, pad + titlePx + 12 + labelPx * 0.8, labelPx, right.label),
    `<line x1="${pad * 1.5 + colW}" x2="${pad * 1.5 + colW}" y1="${top}" y2="${H - pad}" stroke="${ink}" stroke-opacity="0.25" stroke-width="1.5"/>`,
    column(left, pad),
    column(right, 2 * pad + colW),
  ].join('\n');
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">\n${body}\n</svg>\n`;
  return { svg, width: W, height: H, background: bg };
}
