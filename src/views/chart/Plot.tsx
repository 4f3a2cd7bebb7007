/**
 * A chart frame: React owns the elements and their sizes, d3 supplies scales
 * and draws axes into stable <g> refs (idempotent .call), data is painted on a
 * devicePixelRatio-scaled canvas by an imperative `draw` callback.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { select } from 'd3-selection';
import { format } from 'd3-format';
import type { NumberValue } from 'd3-scale';
import { registerPlot } from './plotRegistry';
import { reportDomains, useSharedDomains } from './sharedDomains';
import { currentLineScale, usePaintKey, useTypeScale } from '../theme';

const LINE_WIDTH = typeof CanvasRenderingContext2D === 'function' ? Object.getOwnPropertyDescriptor(CanvasRenderingContext2D.prototype, 'lineWidth') : undefined;

/**
 * Thicker lines on a projector or in presentation mode without touching each
 * panel's drawing code: this context's lineWidth setter multiplies by the
 * current scale (an own accessor shadowing the prototype's).
 */
function scaleLineWidths(ctx: CanvasRenderingContext2D): void {
  if (!LINE_WIDTH?.set || !LINE_WIDTH.get || Object.prototype.hasOwnProperty.call(ctx, 'lineWidth')) return;
  const { get, set } = LINE_WIDTH;
  Object.defineProperty(ctx, 'lineWidth', {
    configurable: true,
    get(this: CanvasRenderingContext2D) {
      return (get.call(this) as number) / currentLineScale();
    },
    set(this: CanvasRenderingContext2D, v: number) {
      set.call(this, v * currentLineScale());
    },
  });
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const DEFAULT_MARGIN: Margin = { top: 10, right: 14, bottom: 40, left: 56 };

export type Scale = ScaleContinuousNumeric<number, number>;

/**
 * The size of a square plot (x and y on one scale: cobwebs, the complex
 * plane) that fits a width × height box: its side (at least `minSide`) and
 * the Plot's width and height with the margins.
 */
export function squareFrame(width: number, height: number, margin: Margin, minSide: number): { side: number; width: number; height: number } {
  const side = Math.max(minSide, Math.min(width - margin.left - margin.right, height - margin.top - margin.bottom));
  return { side, width: side + margin.left + margin.right, height: side + margin.top + margin.bottom };
}

export interface PlotProps {
  width: number;
  height: number;
  margin?: Margin;
  xDomain: [number, number];
  yDomain: [number, number];
  xLabel?: string;
  yLabel?: string;
  xTicks?: number;
  yTicks?: number;
  /** Hide the x axis tick labels (a strip below shares them). */
  hideXTickLabels?: boolean;
  /** Logarithmic y axis (the domain must be positive). */
  yLog?: boolean;
  /** Logarithmic x axis (the domain must be positive). */
  xLog?: boolean;
  draw?: (ctx: CanvasRenderingContext2D, x: Scale, y: Scale, size: { w: number; h: number; dpr: number }) => void;
  /** SVG content drawn above the canvas, in plot coordinates (origin at top-left of the plot area). */
  children?: (x: Scale, y: Scale) => ReactNode;
  ariaLabel: string;
  testId?: string;
  /** Extra props for the interaction layer (pointer handlers). */
  overlayProps?: React.SVGProps<SVGRectElement>;
}

export function Plot(props: PlotProps) {
  const { width, height, draw, children } = props;
  // compare mode: the same plot on the other side may widen the axes (chart/sharedDomains.ts)
  useEffect(() => (props.testId ? reportDomains(props.testId, { x: props.xDomain, y: props.yDomain }) : undefined), [props.testId, props.xDomain, props.yDomain]);
  const { x: xDomain, y: yDomain } = useSharedDomains(props.testId, props.xDomain, props.yDomain);
  // larger type (presentation mode) needs more room for tick labels and axis titles
  const typeScale = useTypeScale();
  const m0 = props.margin ?? DEFAULT_MARGIN;
  const m = typeScale === 1 ? m0 : { ...m0, left: Math.round(m0.left * typeScale), bottom: Math.round(m0.bottom * typeScale) };
  const w = Math.max(10, width - m.left - m.right);
  const h = Math.max(10, height - m.top - m.bottom);
  const xLog = props.xLog ?? false;
  const x = useMemo<Scale>(() => (xLog ? scaleLog() : scaleLinear()).domain(xDomain).range([0, w]), [xDomain, w, xLog]);
  const yLog = props.yLog ?? false;
  const y = useMemo<Scale>(() => (yLog ? scaleLog() : scaleLinear()).domain(yDomain).range([h, 0]), [yDomain, h, yLog]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const gx = useRef<SVGGElement>(null);
  const gy = useRef<SVGGElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const dpr = typeof window !== 'undefined' ? Math.min(3, window.devicePixelRatio || 1) : 1;
  const paintKey = usePaintKey();

  useLayoutEffect(() => {
    const c = canvasRef.current;
    if (!c) return;
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    scaleLineWidths(ctx);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.lineWidth = 1;
    draw?.(ctx, x, y, { w, h, dpr });
  }, [draw, x, y, w, h, dpr, paintKey]);

  // The export menu re-runs the latest draw into an SVG context (views/export).
  useLayoutEffect(() => {
    if (!root.current) return;
    registerPlot(root.current, {
      w,
      h,
      margin: m,
      paint: (ctx) => {
        ctx.lineWidth = 1;
        draw?.(ctx, x, y, { w, h, dpr: 1 });
      },
    });
  });

  useEffect(() => {
    if (gx.current) {
      const ax = axisBottom(x).ticks(props.xTicks ?? Math.max(2, Math.floor(w / (80 * typeScale))));
      if (xLog) ax.ticks(Math.max(2, Math.floor(w / (80 * typeScale)))).tickFormat(logTickFormat(x));
      if (props.hideXTickLabels) ax.tickFormat(() => '');
      select(gx.current).call(ax);
    }
    if (gy.current) {
      const ay = axisLeft(y).ticks(props.yTicks ?? Math.max(2, Math.floor(h / (45 * typeScale))));
      if (yLog) ay.ticks(Math.max(2, Math.floor(h / (45 * typeScale)))).tickFormat(logTickFormat(y));
      select(gy.current).call(ay);
    }
    if (gx.current && gy.current && root.current) scheduleTidy(gx.current, gy.current, root.current);
  }, [x, y, w, h, props.xTicks, props.yTicks, props.hideXTickLabels, yLog, xLog, typeScale]);

  return (
    <div className="plot" ref={root} style={{ width, height }} data-testid={props.testId}>
      <canvas
        ref={canvasRef}
        className="plot-canvas"
        style={{ left: m.left, top: m.top, width: w, height: h }}
        role="img"
        aria-label={props.ariaLabel}
        tabIndex={0} /* Tab reaches every plot; its label says in words what it shows */
      />
      <svg width={width} height={height} className="plot-svg">
        <g transform={`translate(${m.left},${m.top})`}>
          <rect className="plot-frame" width={w} height={h} />
          <g ref={gx} className="axis" transform={`translate(0,${h})`} />
          <g ref={gy} className="axis" />
          {props.xLabel && (
            <text className="axis-label" x={w / 2} y={h + m.bottom - 6} textAnchor="middle">
              {props.xLabel}
            </text>
          )}
          {props.yLabel && (
            <text className="axis-label" transform={`translate(${-m.left + 14 * typeScale},${h / 2}) rotate(-90)`} textAnchor="middle">
              {props.yLabel}
            </text>
          )}
          {children?.(x, y)}
          {props.overlayProps && <rect className="plot-overlay" width={w} height={h} {...props.overlayProps} />}
        </g>
      </svg>
    </div>
  );
}

/**
 * Tick labels that would touch their neighbour are hidden (large type in a
 * short strip, long numbers on a narrow phone): every other one goes first.
 */
/**
 * Tick labels a reader can read: the first and last x labels slide inside the
 * plot's box (large type), a label that runs into its neighbour is hidden, and
 * an x label that runs into a y label in the corner gives way. This runs on
 * every frame of a drag for every plot whose axes moved, so the plots of one
 * React commit are tidied together in a microtask: all resets, then all boxes
 * read in one layout pass, then all changes written (reading per plot, let
 * alone per label, forced a page layout each time).
 */
const tidyQueue = new Map<HTMLElement, { gx: SVGGElement; gy: SVGGElement }>();

function scheduleTidy(gx: SVGGElement, gy: SVGGElement, root: HTMLElement): void {
  if (!tidyQueue.size) queueMicrotask(runTidy);
  tidyQueue.set(root, { gx, gy });
}

function runTidy(): void {
  const jobs = [...tidyQueue].filter(([root]) => root.isConnected);
  tidyQueue.clear();
  const labels = jobs.map(([root, { gx, gy }]) => ({ root, xs: [...gx.querySelectorAll<SVGTextElement>('.tick text')], ys: [...gy.querySelectorAll<SVGTextElement>('.tick text')] }));
  // writes: back to what d3 drew
  for (const { xs, ys } of labels) {
    for (const t of xs) {
      t.removeAttribute('dx');
      t.removeAttribute('visibility');
    }
    for (const t of ys) t.removeAttribute('visibility');
  }
  // reads: one layout for all
  const boxes = labels.map(({ root, xs, ys }) => ({ box: root.getBoundingClientRect(), xr: xs.map((t) => t.getBoundingClientRect()), yr: ys.map((t) => t.getBoundingClientRect()) }));
  // writes
  labels.forEach(({ xs, ys }, j) => {
    const { dx, hiddenX, hiddenY } = tidyLayout(boxes[j].box, boxes[j].xr, boxes[j].yr);
    xs.forEach((t, i) => {
      if (dx[i]) t.setAttribute('dx', String(dx[i]));
      if (hiddenX[i]) t.setAttribute('visibility', 'hidden');
    });
    ys.forEach((t, i) => hiddenY[i] && t.setAttribute('visibility', 'hidden'));
  });
}

/** Shifts of the x labels and which labels to hide, from their boxes and the plot's. */
function tidyLayout(box: DOMRect, xr: DOMRect[], yr: DOMRect[]): { dx: number[]; hiddenX: boolean[]; hiddenY: boolean[] } {
  const dx = xr.map((r) => {
    if (!r.width) return 0;
    const over = r.right - (box.right - 1);
    const under = box.left + 1 - r.left;
    return over > 0 ? -over : under > 0 ? under : 0;
  });
  const xBox = xr.map((r, i) => ({ left: r.left + dx[i], right: r.right + dx[i], top: r.top, bottom: r.bottom, empty: !r.width && !r.height }));
  const yBox = yr.map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom, empty: !r.width && !r.height }));
  const gap = 3;
  const hiddenX = collisions(xBox, (r, last) => r.left < last.right + gap && r.right > last.left - gap);
  const hiddenY = collisions(yBox, (r, last) => r.top < last.bottom + gap && r.bottom > last.top - gap);
  const shownY = yBox.filter((r, i) => !hiddenY[i] && !r.empty);
  xBox.forEach((r, i) => {
    if (!hiddenX[i] && shownY.some((q) => r.left < q.right && r.right > q.left && r.top < q.bottom && r.bottom > q.top)) hiddenX[i] = true;
  });
  return { dx, hiddenX, hiddenY };
}

type Box = { left: number; right: number; top: number; bottom: number; empty: boolean };

/** Which labels to hide, walking in order and keeping each that does not clash with the last one kept. */
function collisions(boxes: Box[], clash: (r: Box, last: Box) => boolean): boolean[] {
  const hidden = boxes.map(() => false);
  let last: Box | null = null;
  boxes.forEach((r, i) => {
    if (r.empty) return;
    if (last && clash(r, last)) hidden[i] = true;
    else last = r;
  });
  return hidden;
}

const plainNumber = format('~g');
const powerOfTen = format('.0e');

/**
 * Log-axis labels a reader knows: 0.01, 0.1, 1, 10, 1000 or 1e+6 — not SI
 * prefixes ("100m"); only the decades (and 2, 5 when they fit) are labelled.
 */
function logTickFormat(scale: Scale): (v: NumberValue) => string {
  const [lo, hi] = scale.domain();
  const decades = Math.log10(Math.max(hi, lo) / Math.max(1e-300, Math.min(hi, lo)));
  return (v) => {
    const x = Number(v);
    const m = x / Math.pow(10, Math.floor(Math.log10(x) + 1e-9));
    const keep = Math.abs(m - 1) < 1e-6 || (decades < 3 && (Math.abs(m - 2) < 1e-6 || Math.abs(m - 5) < 1e-6));
    if (!keep) return '';
    return x >= 1e-3 && x < 1e5 ? plainNumber(x) : powerOfTen(x);
  };
}


/** Stroke a polyline through (xs[i], ys[i]), breaking at non-finite values. */
export function strokeSeries(
  ctx: CanvasRenderingContext2D,
  x: Scale,
  y: Scale,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  n = Math.min(xs.length, ys.length),
): void {
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < n; i++) {
    const yv = ys[i];
    const xv = xs[i];
    if (!Number.isFinite(yv) || !Number.isFinite(xv)) {
      pen = false;
      continue;
    }
    const px = x(xv);
    const py = y(yv);
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    pen = true;
  }
  ctx.stroke();
}
