/**
 * A panel as a standalone SVG: its plots (the React-owned <svg> with axes and
 * overlays, computed styles inlined so CSS variables are resolved, plus the
 * canvas data re-drawn as vectors by an SVG recording context), the panel's
 * title and its legend, on the panel's own background colour — so a dark
 * theme exports dark figures and a projector theme its stronger colours.
 *
 * Two layouts: "figure" (the on-screen size; PNG 2× and SVG) and "slide"
 * (1920 × 1080: title and caption on top, the plots letterboxed in the middle
 * with type enlarged to at least 20 px on the slide, the legend below).
 * A panel without plots (readouts, tables) exports its text.
 */
import { SvgContext, escapeXml } from '../../export/svgContext';
import { currentLineScale } from '../theme';
import { plotPainter } from '../chart/plotRegistry';

export interface Figure {
  svg: string;
  width: number;
  height: number;
  /** The background colour (a video frame around a smaller figure is filled with it). */
  background: string;
}

/** Computed properties copied onto every cloned SVG element (what the CSS sets for plots). */
const SVG_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
  'display',
];

const SLIDE = { width: 1920, height: 1080 };
const SLIDE_MIN_FONT = 20;

interface LegendEntry {
  text: string;
  color: string | null;
  dashed: boolean;
}

interface PlotPart {
  x: number;
  y: number;
  width: number;
  height: number;
  /** SVG content in the plot's own coordinates (data below, axes above). */
  body: string;
}

let uid = 0;

function measureCanvas(): CanvasRenderingContext2D | null {
  return document.createElement('canvas').getContext('2d');
}

/** Text width in px for a CSS font. */
function textWidth(text: string, font: string): number {
  const c = measureCanvas();
  if (!c) return 0.6 * parseFloat(font) * text.length;
  c.font = font;
  return c.measureText(text).width;
}

/** An image source (the diagram's density canvas) as a data: URL for <image>. */
function imageHref(img: unknown): string | null {
  if (img instanceof HTMLCanvasElement) return img.toDataURL('image/png');
  if (img instanceof HTMLImageElement) return img.src;
  if (typeof ImageBitmap !== 'undefined' && img instanceof ImageBitmap) {
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    c.getContext('2d')?.drawImage(img, 0, 0);
    return c.toDataURL('image/png');
  }
  return null;
}

/** How plots are scaled into a figure: type at least minFont, stroke widths times strokeScale (figure units). */
interface PlotStyle {
  minFont: number;
  strokeScale: number;
}

const AS_ON_SCREEN: PlotStyle = { minFont: 0, strokeScale: 1 };

/** Clone an SVG subtree with its computed paint and font inlined (the file stands alone). */
function cloneWithStyles(src: Element, style0: PlotStyle): Element {
  const dst = src.cloneNode(false) as Element;
  const cs = getComputedStyle(src);
  const style: string[] = [];
  for (const p of SVG_PROPS) {
    let v = cs.getPropertyValue(p);
    if (!v) continue;
    if (p === 'font-size' && style0.minFont > 0) v = `${Math.max(parseFloat(v), style0.minFont)}px`;
    if (p === 'stroke-width' && style0.strokeScale !== 1 && parseFloat(v) > 0) v = `${parseFloat(v) * style0.strokeScale}px`;
    style.push(`${p}:${v}`);
  }
  if (style.length) dst.setAttribute('style', style.join(';'));
  // markers grow like the lines, not like the whole figure
  if (style0.strokeScale !== 1 && src.tagName.toLowerCase() === 'circle') dst.setAttribute('r', String(Number(src.getAttribute('r')) * style0.strokeScale));
  dst.removeAttribute('class');
  for (const child of Array.from(src.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) dst.appendChild(child.cloneNode());
    else if (child.nodeType === Node.ELEMENT_NODE) {
      const el = child as Element;
      // interaction layers and hover-only marks are not part of the figure
      if (el.classList.contains('plot-overlay') || el.classList.contains('zoom-rect') || el.tagName.toLowerCase() === 'title') continue;
      dst.appendChild(cloneWithStyles(el, style0));
    }
  }
  return dst;
}

function visiblePlots(section: HTMLElement): HTMLElement[] {
  return Array.from(section.querySelectorAll<HTMLElement>('.plot')).filter((p) => p.offsetWidth > 0 && plotPainter(p));
}

/** The union of the panel's plots on screen (null: no plot). */
function plotsBox(section: HTMLElement): DOMRect | null {
  const rs = visiblePlots(section).map((p) => p.getBoundingClientRect());
  if (!rs.length) return null;
  const left = Math.min(...rs.map((r) => r.left));
  const top = Math.min(...rs.map((r) => r.top));
  return new DOMRect(left, top, Math.max(...rs.map((r) => r.right)) - left, Math.max(...rs.map((r) => r.bottom)) - top);
}

function plotParts(section: HTMLElement, style: PlotStyle): { parts: PlotPart[]; box: DOMRect } | null {
  const plots = visiblePlots(section);
  if (!plots.length) return null;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  const rects = plots.map((p) => p.getBoundingClientRect());
  for (const r of rects) {
    left = Math.min(left, r.left);
    top = Math.min(top, r.top);
    right = Math.max(right, r.right);
    bottom = Math.max(bottom, r.bottom);
  }
  const serializer = new XMLSerializer();
  const parts = plots.map((plot, i) => {
    const painter = plotPainter(plot)!;
    const r = rects[i];
    const ctx = new SvgContext({ lineScale: currentLineScale() * style.strokeScale, imageHref, measure: textWidth });
    try {
      painter.paint(ctx.asCanvasContext());
    } catch (e) {
      console.warn('export: a plot could not be redrawn as vectors', e);
    }
    const id = `plot-clip-${++uid}`;
    const { margin: m, w, h } = painter;
    const data = `<defs><clipPath id="${id}"><rect width="${w}" height="${h}"/></clipPath></defs><g class="plot-data" transform="translate(${m.left},${m.top})" clip-path="url(#${id})">\n${ctx.toSvg()}\n</g>`;
    const svg = plot.querySelector('svg.plot-svg');
    const axes = svg ? Array.from(svg.children).map((c) => serializer.serializeToString(cloneWithStyles(c, style))).join('\n') : '';
    return { x: r.left - left, y: r.top - top, width: r.width, height: r.height, body: `${data}\n${axes}` };
  });
  return { parts, box: new DOMRect(left, top, right - left, bottom - top) };
}

function legendEntries(section: HTMLElement): LegendEntry[] {
  const out: LegendEntry[] = [];
  for (const item of Array.from(section.querySelectorAll<HTMLElement>('.legend .legend-item'))) {
    if (item.classList.contains('hover-readout') || item.offsetParent === null) continue;
    const text = (item.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!text) continue;
    // the swatch: an empty coloured element (a line, dot, disk or ring) before the text
    const sw = (Array.from(item.children) as HTMLElement[]).find((c) => !(c.textContent ?? '').trim() && c.getClientRects().length > 0);
    let color: string | null = null;
    let dashed = false;
    if (sw) {
      const cs = getComputedStyle(sw);
      dashed = sw.classList.contains('dashed');
      // a patterned swatch (the diagram's hatching) becomes a mid grey
      color = dashed ? cs.borderTopColor : cs.backgroundColor !== 'rgba(0, 0, 0, 0)' ? cs.backgroundColor : cs.backgroundImage !== 'none' ? 'rgb(150, 155, 160)' : cs.borderTopColor || null;
    }
    out.push({ text, color, dashed });
  }
  return out;
}

function panelTitle(section: HTMLElement): string {
  const h = section.querySelector('h2');
  return ((h?.textContent ?? section.getAttribute('aria-label') ?? section.dataset.panel ?? '') || '').replace(/\s+/g, ' ').trim();
}

/** Legend entries laid out in rows within `width`; returns the SVG and its height. */
function layoutLegend(entries: LegendEntry[], x0: number, y0: number, width: number, fontPx: number, font: string, color: string, center: boolean): { svg: string; height: number } {
  if (!entries.length) return { svg: '', height: 0 };
  const gap = fontPx * 1.1;
  const sw = fontPx * 1.4;
  const rowH = fontPx * 1.6;
  // an entry wider than the row is broken into several, at spaces
  const pieces: LegendEntry[] = [];
  for (const e of entries) {
    let line = '';
    let first = true;
    for (const word of e.text.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      const lead = first && e.color ? sw + fontPx * 0.4 : 0;
      if (line && lead + textWidth(next, `${fontPx}px ${font}`) > width) {
        pieces.push({ ...e, text: line, color: first ? e.color : null });
        first = false;
        line = word;
      } else line = next;
    }
    pieces.push({ ...e, text: line, color: first ? e.color : null });
  }
  const items = pieces.map((e) => ({ ...e, w: (e.color ? sw + fontPx * 0.4 : 0) + textWidth(e.text, `${fontPx}px ${font}`) }));
  const rows: (typeof items)[] = [[]];
  let used = 0;
  for (const it of items) {
    if (used > 0 && used + gap + it.w > width) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(it);
    used += (used > 0 ? gap : 0) + it.w;
  }
  const out: string[] = [];
  rows.forEach((row, ri) => {
    const total = row.reduce((s, it, i) => s + it.w + (i ? gap : 0), 0);
    let x = center ? x0 + (width - total) / 2 : x0;
    const y = y0 + ri * rowH + fontPx;
    for (const it of row) {
      if (it.color) {
        const c = escapeXml(it.color);
        out.push(
          it.dashed
            ? `<line x1="${x}" x2="${x + sw}" y1="${y - fontPx * 0.32}" y2="${y - fontPx * 0.32}" stroke="${c}" stroke-width="${fontPx * 0.2}" stroke-dasharray="${fontPx * 0.35} ${fontPx * 0.25}"/>`
            : `<rect x="${x}" y="${y - fontPx * 0.45}" width="${sw}" height="${Math.max(3, fontPx * 0.28)}" rx="${fontPx * 0.12}" fill="${c}"/>`,
        );
        x += sw + fontPx * 0.4;
      }
      out.push(`<text x="${x}" y="${y}" style="font: ${fontPx}px ${escapeXml(font)}; fill: ${escapeXml(color)}">${escapeXml(it.text)}</text>`);
      x += it.w - (it.color ? sw + fontPx * 0.4 : 0) + gap;
    }
  });
  return { svg: out.join('\n'), height: rows.length * rowH + fontPx * 0.4 };
}

/** An element whose children stack as lines (a row of chips or a flex row is one line). */
function isColumn(el: HTMLElement): boolean {
  const cs = getComputedStyle(el);
  if (/flex/.test(cs.display) && cs.flexDirection.startsWith('row')) return false;
  return Array.from(el.children).some((c) => /^(block|flex|grid|table|list-item)/.test(getComputedStyle(c).display));
}

/** Lines of a panel's text (a panel without plots), wrapped to `width`. */
function textLines(section: HTMLElement, width: number, font: string): string[] {
  const lines: string[] = [];
  const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const walk = (el: HTMLElement) => {
    for (const child of Array.from(el.children) as HTMLElement[]) {
      // the menu, the title, controls, the explanation strip and pictures are not the panel's text
      if (child.classList.contains('export-tools') || child.classList.contains('panel-explain') || child.tagName === 'H2' || child.getClientRects().length === 0) continue;
      if (['BUTTON', 'INPUT', 'SELECT', 'LABEL', 'svg', 'CANVAS'].includes(child.tagName) || child.classList.contains('control')) continue;
      if (child.tagName === 'TABLE') {
        for (const tr of Array.from(child.querySelectorAll('tr'))) lines.push(Array.from(tr.children, (c) => text(c)).join('   '));
      } else if (child.classList.contains('readout') || child.classList.contains('mini-readout')) {
        // label: value — note
        const [label, value, ...rest] = Array.from(child.children).filter((c) => c.tagName !== 'svg').map(text).filter(Boolean);
        lines.push(value ? `${label}: ${value}${rest.length ? ` (${rest.join('; ')})` : ''}` : (label ?? ''));
      } else if (isColumn(child)) walk(child);
      else if (text(child)) lines.push(text(child));
    }
  };
  walk(section);
  const out: string[] = [];
  for (const line of lines) {
    let cur = '';
    for (const word of line.split(' ')) {
      const next = cur ? `${cur} ${word}` : word;
      if (cur && textWidth(next, font) > width) {
        out.push(cur);
        cur = word;
      } else cur = next;
    }
    if (cur) out.push(cur);
  }
  return out.slice(0, 60);
}

function svgDoc(width: number, height: number, background: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" fill="${escapeXml(background)}"/>
${body}
</svg>
`;
}

/** The colour behind the panel: its own, an ancestor's, the theme's panel colour, or white. */
function backgroundOf(section: HTMLElement): string {
  for (let el: HTMLElement | null = section; el; el = el.parentElement) {
    const bg = getComputedStyle(el).backgroundColor;
    if (bg && bg !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return getComputedStyle(document.documentElement).getPropertyValue('--panel').trim() || '#ffffff';
}

function colors(section: HTMLElement) {
  const cs = getComputedStyle(section);
  const bg = backgroundOf(section);
  const h2 = section.querySelector('h2');
  const ink = h2 ? getComputedStyle(h2).color : cs.color;
  const legend = section.querySelector('.legend');
  const ink2 = legend ? getComputedStyle(legend).color : cs.color;
  return { bg, ink, ink2, font: cs.fontFamily || 'system-ui, sans-serif' };
}

/** The panel at its on-screen size (PNG 2×, SVG): title, plots, legend. */
export function panelFigure(section: HTMLElement): Figure {
  const { bg, ink, ink2, font } = colors(section);
  const title = panelTitle(section);
  const plots = plotParts(section, AS_ON_SCREEN);
  if (!plots) return textFigure(section, title, { bg, ink, ink2, font });
  // as wide as the plots, or the title where it is longer (the plots are then centred)
  const W = Math.round(Math.max(plots.box.width, title ? textWidth(title, `600 15px ${font}`) + 16 : 0));
  const dx = Math.round((W - plots.box.width) / 2);
  const titleH = title ? 26 : 4;
  const legend = layoutLegend(legendEntries(section), 8, titleH + plots.box.height + 2, W - 16, 12, font, ink2, false);
  const H = Math.ceil(titleH + plots.box.height + legend.height + 6);
  const body = [
    title ? `<text x="8" y="18" style="font: 600 15px ${escapeXml(font)}; fill: ${escapeXml(ink)}">${escapeXml(title)}</text>` : '',
    ...plots.parts.map((p) => `<g transform="translate(${p.x + dx},${p.y + titleH})">\n${p.body}\n</g>`),
    legend.svg,
  ].join('\n');
  return { svg: svgDoc(W, H, bg, body), width: W, height: H, background: bg };
}

function textFigure(section: HTMLElement, title: string, c: { bg: string; ink: string; ink2: string; font: string }): Figure {
  const W = Math.max(320, Math.round(section.getBoundingClientRect().width));
  const fontPx = 14;
  const lines = textLines(section, W - 24, `${fontPx}px ${c.font}`);
  const titleH = title ? 30 : 8;
  const H = Math.ceil(titleH + lines.length * fontPx * 1.5 + 12);
  const body = [
    title ? `<text x="12" y="21" style="font: 600 16px ${escapeXml(c.font)}; fill: ${escapeXml(c.ink)}">${escapeXml(title)}</text>` : '',
    ...lines.map((l, i) => `<text x="12" y="${titleH + (i + 1) * fontPx * 1.5 - 4}" style="font: ${fontPx}px ${escapeXml(c.font)}; fill: ${escapeXml(c.ink2)}">${escapeXml(l)}</text>`),
  ].join('\n');
  return { svg: svgDoc(W, H, c.bg, body), width: W, height: H, background: c.bg };
}

/** The panel on a 1920 × 1080 slide: title and caption, plots letterboxed with slide-sized type, legend. */
export function slideFigure(section: HTMLElement, caption: string): Figure {
  const { bg, ink, ink2, font } = colors(section);
  const title = panelTitle(section);
  const legendEntriesList = legendEntries(section);
  const pad = 70;
  const titlePx = 52;
  const captionPx = 26;
  const top = pad + titlePx + (caption ? captionPx * 1.6 : 0) + 30;
  const legendProbe = layoutLegend(legendEntriesList, pad, 0, SLIDE.width - 2 * pad, 28, font, ink2, true);
  const bottom = SLIDE.height - pad * 0.7 - legendProbe.height;
  const head = [
    `<text x="${pad}" y="${pad + titlePx * 0.8}" style="font: 600 ${titlePx}px ${escapeXml(font)}; fill: ${escapeXml(ink)}">${escapeXml(title)}</text>`,
    caption ? `<text x="${pad}" y="${pad + titlePx + captionPx * 1.1}" style="font: ${captionPx}px ${escapeXml(font)}; fill: ${escapeXml(ink2)}">${escapeXml(caption)}</text>` : '',
  ];
  // first pass for the size, second with the type scaled for the slide
  const probe = plotsBox(section);
  if (!probe) {
    const text = textFigure(section, '', { bg, ink, ink2, font });
    const s = Math.min((SLIDE.width - 2 * pad) / text.width, (bottom - top) / text.height, 2.2);
    const inner = text.svg.replace(/^[\s\S]*?<rect[^>]*\/>/, '').replace(/<\/svg>\s*$/, '');
    const body = [...head, `<g transform="translate(${(SLIDE.width - text.width * s) / 2},${top}) scale(${s})">${inner}</g>`].join('\n');
    return { svg: svgDoc(SLIDE.width, SLIDE.height, bg, body), width: SLIDE.width, height: SLIDE.height, background: bg };
  }
  const boxW = SLIDE.width - 2 * pad;
  const boxH = bottom - top;
  const s = Math.min(boxW / probe.width, boxH / probe.height);
  // type grows with the figure (at least 20 px on the slide); lines less: 1.3 to 2 times their screen width
  const lines = Math.min(2, Math.max(1.3, s));
  const plots = plotParts(section, { minFont: SLIDE_MIN_FONT / s, strokeScale: lines / s })!;
  const ox = (SLIDE.width - probe.width * s) / 2;
  const oy = top + (boxH - probe.height * s) / 2;
  const legend = layoutLegend(legendEntriesList, pad, oy + probe.height * s + 14, boxW, 28, font, ink2, true);
  const body = [
    ...head,
    `<g transform="translate(${ox},${oy}) scale(${s})">`,
    ...plots.parts.map((p) => `<g transform="translate(${p.x},${p.y})">\n${p.body}\n</g>`),
    '</g>',
    legend.svg,
  ].join('\n');
  return { svg: svgDoc(SLIDE.width, SLIDE.height, bg, body), width: SLIDE.width, height: SLIDE.height, background: bg };
}

/** Draw an SVG document onto a canvas of the given pixel size. */
export async function rasterize(fig: Figure, width: number, height: number): Promise<HTMLCanvasElement> {
  const url = URL.createObjectURL(new Blob([fig.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = Math.round(width);
    c.height = Math.round(height);
    const ctx = c.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(img, 0, 0, c.width, c.height);
    return c;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function canvasBlob(c: HTMLCanvasElement, type = 'image/png'): Promise<Blob> {
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be encoded'))), type));
}
