/**
 * Every mounted Plot registers how to paint its data layer again, keyed by its
 * root element: the export code re-runs the latest `draw` against an SVG
 * recording context (vectors for the SVG export) without the panels knowing.
 */
import type { Margin } from './Plot';

export interface PlotPainter {
  /** The plot area's size (the canvas, without the margins). */
  w: number;
  h: number;
  margin: Margin;
  /** Paint the data layer into ctx, in plot-area coordinates (no devicePixelRatio). */
  paint(ctx: CanvasRenderingContext2D): void;
}

const painters = new WeakMap<Element, PlotPainter>();

export function registerPlot(root: Element, p: PlotPainter): void {
  painters.set(root, p);
}

export function plotPainter(root: Element): PlotPainter | undefined {
  return painters.get(root);
}
