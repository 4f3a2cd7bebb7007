/**
 * A Canvas 2D look-alike that records what is drawn as SVG elements, so the
 * panels' imperative `draw(ctx, x, y)` callbacks produce vectors for the SVG
 * export without a second drawing code path.
 *
 * It covers what the panels use (paths, arcs, rects, dashes, alpha, text,
 * drawImage of a raster such as the orbit diagram's density image, save /
 * restore, transforms); unknown methods are no-ops (see `asCanvasContext`).
 * Consecutive shapes of the same style are merged into one <path>, so a cloud
 * of 3 000 dots is one element, not 3 000.
 *
 * Pure (no DOM): images are turned into hrefs by a function the caller passes.
 */

type Matrix = [number, number, number, number, number, number];

export interface SvgContextOptions {
  /** Multiplies every line width, as the screen's canvas does (projector, presentation mode). */
  lineScale?: number;
  /** A data: URL (or any href) for an image source; null skips the image. */
  imageHref?: (img: unknown) => string | null;
  /** Text width for measureText (default: 0.6 em per character). */
  measure?: (text: string, font: string) => number;
  /** Decimals of coordinates (default 2: 1/100 px). */
  decimals?: number;
}

interface State {
  strokeStyle: string;
  fillStyle: string;
  globalAlpha: number;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  font: string;
  textAlign: string;
  textBaseline: string;
  imageSmoothingEnabled: boolean;
  dash: number[];
  m: Matrix;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "rgba(1,2,3,0.5)" → ["rgb(1,2,3)", 0.5]; "#rrggbbaa" likewise; other colours as they are. */
export function splitAlpha(color: string): [string, number] {
  const c = color.trim();
  const m = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/i.exec(c);
  if (m) return [`rgb(${m[1]},${m[2]},${m[3]})`, Number(m[4])];
  const h = /^#([0-9a-f]{6})([0-9a-f]{2})$/i.exec(c);
  if (h) return [`#${h[1]}`, parseInt(h[2], 16) / 255];
  if (c === 'transparent') return ['#000', 0];
  return [c, 1];
}

export class SvgContext {
  private s: State = {
    strokeStyle: '#000000',
    fillStyle: '#000000',
    globalAlpha: 1,
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    imageSmoothingEnabled: true,
    dash: [],
    m: [...IDENTITY],
  };
  private stack: State[] = [];
  /** The current path (already in output coordinates). */
  private d: string[] = [];
  private cur: [number, number] | null = null;
  private start: [number, number] | null = null;
  private readonly out: { key: string; open: string; d: string[] }[] = [];
  private readonly lineScale: number;
  private readonly opts: SvgContextOptions;
  private readonly k: number;
  /** Shapes recorded (strokes, fills, rects, texts, images) before merging. */
  shapes = 0;
  miterLimit = 10;
  lineDashOffset = 0;
  shadowBlur = 0;
  shadowColor = 'transparent';
  globalCompositeOperation = 'source-over';

  constructor(opts: SvgContextOptions = {}) {
    this.opts = opts;
    this.lineScale = opts.lineScale ?? 1;
    this.s.lineWidth = this.lineScale; // canvas's default width 1, scaled
    this.k = Math.pow(10, opts.decimals ?? 2);
  }

  // ------------------------------------------------------------- state
  get strokeStyle(): string {
    return this.s.strokeStyle;
  }
  set strokeStyle(v: string) {
    if (typeof v === 'string') this.s.strokeStyle = v;
  }
  get fillStyle(): string {
    return this.s.fillStyle;
  }
  set fillStyle(v: string) {
    if (typeof v === 'string') this.s.fillStyle = v;
  }
  get globalAlpha(): number {
    return this.s.globalAlpha;
  }
  set globalAlpha(v: number) {
    if (v >= 0 && v <= 1) this.s.globalAlpha = v;
  }
  get lineWidth(): number {
    return this.s.lineWidth / this.lineScale;
  }
  set lineWidth(v: number) {
    if (v > 0 && Number.isFinite(v)) this.s.lineWidth = v * this.lineScale;
  }
  get lineCap(): string {
    return this.s.lineCap;
  }
  set lineCap(v: string) {
    this.s.lineCap = v;
  }
  get lineJoin(): string {
    return this.s.lineJoin;
  }
  set lineJoin(v: string) {
    this.s.lineJoin = v;
  }
  get font(): string {
    return this.s.font;
  }
  set font(v: string) {
    this.s.font = v;
  }
  get textAlign(): string {
    return this.s.textAlign;
  }
  set textAlign(v: string) {
    this.s.textAlign = v;
  }
  get textBaseline(): string {
    return this.s.textBaseline;
  }
  set textBaseline(v: string) {
    this.s.textBaseline = v;
  }
  get imageSmoothingEnabled(): boolean {
    return this.s.imageSmoothingEnabled;
  }
  set imageSmoothingEnabled(v: boolean) {
    this.s.imageSmoothingEnabled = v;
  }

  save(): void {
    this.stack.push({ ...this.s, dash: [...this.s.dash], m: [...this.s.m] as Matrix });
  }
  restore(): void {
    const s = this.stack.pop();
    if (s) this.s = s;
  }
  setLineDash(segments: number[]): void {
    this.s.dash = segments.every((v) => Number.isFinite(v) && v >= 0) ? [...segments] : this.s.dash;
  }
  getLineDash(): number[] {
    return [...this.s.dash];
  }

  // ------------------------------------------------------------- transforms
  setTransform(a: number | { a: number; b: number; c: number; d: number; e: number; f: number } = 1, b = 0, c = 0, d = 1, e = 0, f = 0): void {
    this.s.m = typeof a === 'object' ? [a.a, a.b, a.c, a.d, a.e, a.f] : [a, b, c, d, e, f];
  }
  resetTransform(): void {
    this.s.m = [...IDENTITY];
  }
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    const [A, B, C, D, E, F] = this.s.m;
    this.s.m = [A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F];
  }
  translate(x: number, y: number): void {
    this.transform(1, 0, 0, 1, x, y);
  }
  scale(x: number, y: number): void {
    this.transform(x, 0, 0, y, 0, 0);
  }
  rotate(t: number): void {
    this.transform(Math.cos(t), Math.sin(t), -Math.sin(t), Math.cos(t), 0, 0);
  }

  private pt(x: number, y: number): [number, number] {
    const [a, b, c, d, e, f] = this.s.m;
    return [a * x + c * y + e, b * x + d * y + f];
  }
  /** Length scale of the transform (line widths, radii, font sizes). */
  private unit(): number {
    const [a, b, c, d] = this.s.m;
    return Math.sqrt(Math.abs(a * d - b * c)) || 1;
  }
  /** No rotation or shear, equal scales: arcs stay circular arcs. */
  private similar(): boolean {
    const [a, b, c, d] = this.s.m;
    return b === 0 && c === 0 && Math.abs(Math.abs(a) - Math.abs(d)) < 1e-12;
  }
  private n(v: number): string {
    const r = Math.round(v * this.k) / this.k;
    return String(r === 0 ? 0 : r);
  }

  // ------------------------------------------------------------- paths
  beginPath(): void {
    this.d = [];
    this.cur = null;
    this.start = null;
  }
  moveTo(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const p = this.pt(x, y);
    this.d.push(`M${this.n(p[0])} ${this.n(p[1])}`);
    this.cur = p;
    this.start = p;
  }
  lineTo(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (!this.cur) return this.moveTo(x, y);
    const p = this.pt(x, y);
    this.d.push(`L${this.n(p[0])} ${this.n(p[1])}`);
    this.cur = p;
  }
  closePath(): void {
    if (!this.cur) return;
    this.d.push('Z');
    this.cur = this.start;
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.moveTo(x, y);
    this.lineTo(x + w, y);
    this.lineTo(x + w, y + h);
    this.lineTo(x, y + h);
    this.closePath();
  }
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void {
    if (!this.cur) this.moveTo(cx, cy);
    const c = this.pt(cx, cy);
    const p = this.pt(x, y);
    this.d.push(`Q${this.n(c[0])} ${this.n(c[1])} ${this.n(p[0])} ${this.n(p[1])}`);
    this.cur = p;
  }
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void {
    if (!this.cur) this.moveTo(c1x, c1y);
    const a = this.pt(c1x, c1y);
    const b = this.pt(c2x, c2y);
    const p = this.pt(x, y);
    this.d.push(`C${this.n(a[0])} ${this.n(a[1])} ${this.n(b[0])} ${this.n(b[1])} ${this.n(p[0])} ${this.n(p[1])}`);
    this.cur = p;
  }

  /** As CanvasRenderingContext2D.arc: a line to the arc's start if a path is open, then the arc. */
  arc(x: number, y: number, r: number, a0: number, a1: number, ccw = false): void {
    if (![x, y, r, a0, a1].every(Number.isFinite) || r < 0) return;
    const TAU = 2 * Math.PI;
    let sweep: number;
    if (!ccw) sweep = a1 - a0 >= TAU ? TAU : ((((a1 - a0) % TAU) + TAU) % TAU);
    else sweep = a0 - a1 >= TAU ? -TAU : -((((a0 - a1) % TAU) + TAU) % TAU);
    const at = (t: number): [number, number] => [x + r * Math.cos(t), y + r * Math.sin(t)];
    const [sx, sy] = at(a0);
    if (this.cur) this.lineTo(sx, sy);
    else this.moveTo(sx, sy);
    if (sweep === 0 || r === 0) return;
    if (!this.similar()) {
      // a rotated or sheared frame: a fine polyline
      const steps = Math.max(8, Math.ceil((Math.abs(sweep) * r * this.unit()) / 3));
      for (let i = 1; i <= steps; i++) {
        const p = at(a0 + (sweep * i) / steps);
        this.lineTo(p[0], p[1]);
      }
      return;
    }
    const [a, , , d] = this.s.m;
    const R = this.n(r * Math.abs(a));
    // canvas angles grow clockwise on screen (y down), as SVG's sweep-flag 1; a mirrored frame flips it
    const flag = (sweep > 0) !== a * d < 0 ? 1 : 0;
    const arcTo = (t: number, large: number) => {
      const p = this.pt(...at(t));
      this.d.push(`A${R} ${R} 0 ${large} ${flag} ${this.n(p[0])} ${this.n(p[1])}`);
      this.cur = p;
    };
    if (Math.abs(sweep) >= TAU - 1e-12) {
      arcTo(a0 + sweep / 2, 0);
      arcTo(a0 + sweep, 0);
    } else arcTo(a0 + sweep, Math.abs(sweep) > Math.PI ? 1 : 0);
  }

  ellipse(x: number, y: number, rx: number, ry: number, rot: number, a0: number, a1: number, ccw = false): void {
    this.save();
    this.translate(x, y);
    this.rotate(rot);
    this.scale(1, ry / (rx || 1));
    this.arc(0, 0, rx, a0, a1, ccw);
    this.restore();
  }

  // ------------------------------------------------------------- painting
  private paintAttrs(kind: 'stroke' | 'fill', rule?: string): string {
    const [color, a] = splitAlpha(kind === 'stroke' ? this.s.strokeStyle : this.s.fillStyle);
    const alpha = a * this.s.globalAlpha;
    const op = alpha < 1 ? ` ${kind}-opacity="${Math.round(alpha * 1000) / 1000}"` : '';
    if (kind === 'fill') return `fill="${escapeXml(color)}"${op}${rule === 'evenodd' ? ' fill-rule="evenodd"' : ''}`;
    const u = this.unit();
    let attrs = `fill="none" stroke="${escapeXml(color)}"${op} stroke-width="${this.n(this.s.lineWidth * u)}"`;
    if (this.s.dash.length) attrs += ` stroke-dasharray="${this.s.dash.map((v) => this.n(v * u)).join(' ')}"`;
    if (this.s.lineCap !== 'butt') attrs += ` stroke-linecap="${this.s.lineCap}"`;
    if (this.s.lineJoin !== 'miter') attrs += ` stroke-linejoin="${this.s.lineJoin}"`;
    return attrs;
  }

  private emit(attrs: string, d: string[]): void {
    // nothing but moveTo: no shape
    if (d.every((seg) => /^M[^A-Za-z]*$/.test(seg))) return;
    this.shapes++;
    const last = this.out[this.out.length - 1];
    if (last && last.key === attrs) last.d.push(...d);
    else this.out.push({ key: attrs, open: `<path ${attrs}`, d: [...d] });
  }

  stroke(): void {
    this.emit(this.paintAttrs('stroke'), this.d);
  }
  fill(rule?: string): void {
    this.emit(this.paintAttrs('fill', typeof rule === 'string' ? rule : undefined), this.d);
  }

  private rectPath(x: number, y: number, w: number, h: number): string[] {
    if (![x, y, w, h].every(Number.isFinite)) return [];
    const p = [this.pt(x, y), this.pt(x + w, y), this.pt(x + w, y + h), this.pt(x, y + h)];
    if (this.similar()) {
      const [a, b] = p[0];
      return [`M${this.n(a)} ${this.n(b)}h${this.n(p[1][0] - a)}v${this.n(p[2][1] - b)}h${this.n(-(p[1][0] - a))}Z`];
    }
    return [`M${this.n(p[0][0])} ${this.n(p[0][1])}`, ...p.slice(1).map((q) => `L${this.n(q[0])} ${this.n(q[1])}`), 'Z'];
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.emit(this.paintAttrs('fill'), this.rectPath(x, y, w, h));
  }
  strokeRect(x: number, y: number, w: number, h: number): void {
    this.emit(this.paintAttrs('stroke'), this.rectPath(x, y, w, h));
  }
  /** Clearing has no vector meaning (the export starts from an empty picture). */
  clearRect(): void {}
  clip(): void {}

  // ------------------------------------------------------------- text and images
  private fontPx(): number {
    const m = /([\d.]+)px/.exec(this.s.font);
    return m ? Number(m[1]) : 10;
  }
  private textAttrs(): string {
    const anchor = this.s.textAlign === 'center' ? 'middle' : this.s.textAlign === 'right' || this.s.textAlign === 'end' ? 'end' : 'start';
    const base: Record<string, string> = { top: 'hanging', hanging: 'hanging', middle: 'central', bottom: 'text-after-edge', ideographic: 'ideographic' };
    const size = this.fontPx() * this.unit();
    const font = this.s.font.replace(/([\d.]+)px/, `${this.n(size)}px`);
    return `style="font: ${escapeXml(font)}"${anchor !== 'start' ? ` text-anchor="${anchor}"` : ''}${base[this.s.textBaseline] ? ` dominant-baseline="${base[this.s.textBaseline]}"` : ''}`;
  }
  fillText(text: string, x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const [px, py] = this.pt(x, y);
    this.shapes++;
    this.push(`<text x="${this.n(px)}" y="${this.n(py)}" ${this.paintAttrs('fill')} ${this.textAttrs()}>${escapeXml(String(text))}</text>`);
  }
  strokeText(text: string, x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const [px, py] = this.pt(x, y);
    this.shapes++;
    this.push(`<text x="${this.n(px)}" y="${this.n(py)}" ${this.paintAttrs('stroke')} ${this.textAttrs()}>${escapeXml(String(text))}</text>`);
  }
  measureText(text: string): { width: number } {
    return { width: this.opts.measure ? this.opts.measure(text, this.s.font) : 0.6 * this.fontPx() * String(text).length };
  }

  drawImage(img: unknown, ...args: number[]): void {
    const href = this.opts.imageHref?.(img);
    if (!href) return;
    const size = img as { width?: number; height?: number };
    const iw = size.width ?? 0;
    const ih = size.height ?? 0;
    let sx = 0;
    let sy = 0;
    let sw = iw;
    let sh = ih;
    let dx: number;
    let dy: number;
    let dw = iw;
    let dh = ih;
    if (args.length >= 8) [sx, sy, sw, sh, dx, dy, dw, dh] = args;
    else if (args.length >= 4) [dx, dy, dw, dh] = args;
    else [dx, dy] = args;
    if (![dx, dy, dw, dh].every(Number.isFinite) || !this.similar()) return;
    const [x0, y0] = this.pt(dx, dy);
    const [x1, y1] = this.pt(dx + dw, dy + dh);
    const pixelated = this.s.imageSmoothingEnabled ? '' : ' image-rendering="optimizeSpeed" style="image-rendering: pixelated"';
    const op = this.s.globalAlpha < 1 ? ` opacity="${this.s.globalAlpha}"` : '';
    this.shapes++;
    const box = `x="${this.n(Math.min(x0, x1))}" y="${this.n(Math.min(y0, y1))}" width="${this.n(Math.abs(x1 - x0))}" height="${this.n(Math.abs(y1 - y0))}"`;
    if (sx === 0 && sy === 0 && sw === iw && sh === ih) {
      this.push(`<image ${box} preserveAspectRatio="none" href="${escapeXml(href)}"${pixelated}${op}/>`);
    } else {
      this.push(
        `<svg ${box} viewBox="${sx} ${sy} ${sw} ${sh}" preserveAspectRatio="none"><image width="${iw}" height="${ih}" href="${escapeXml(href)}"${pixelated}${op}/></svg>`,
      );
    }
  }

  putImageData(): void {}
  createLinearGradient(): { addColorStop(): void } {
    return { addColorStop() {} };
  }
  createRadialGradient(): { addColorStop(): void } {
    return { addColorStop() {} };
  }

  /** An element that is never merged (text, image). */
  private push(el: string): void {
    this.out.push({ key: `\u0000${this.out.length}`, open: el, d: [] });
  }

  /** The recorded elements, in drawing order. */
  toSvg(): string {
    return this.out.map((e) => (e.d.length ? `${e.open} d="${e.d.join('')}"/>` : e.open)).join('\n');
  }

  /** This object typed as a canvas context; methods it lacks are no-ops rather than errors. */
  asCanvasContext(): CanvasRenderingContext2D {
    return new Proxy(this, {
      get(target, prop, receiver) {
        if (prop in target) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        }
        return () => undefined;
      },
      set(target, prop, value) {
        return Reflect.set(target, prop, value, target);
      },
    }) as unknown as CanvasRenderingContext2D;
  }
}
