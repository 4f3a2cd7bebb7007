/**
 * Orbit diagram: the states an orbit settles on, for every value of one
 * parameter, shaded by how often each is visited (log scale), with the
 * Lyapunov exponent λ(parameter) in a strip below on the same axis.
 * Drag a rectangle to zoom (recomputed at full resolution), click to set the
 * parameter; the red line is the current value.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { diagramSlot, panel1dSlot, vectorPanelSlot, type DiagramView } from '../../compute/engine';
import { useResult } from '../useResult';
import { PARAM_SPECS, type Projection } from '../../params/spec';
import { isModel1D, modelND, type Model } from '../../core/models';
import { appStore, useApp } from '../../state/store';
import { Plot, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS } from '../palette';
import { fmt } from '../format';
import { densityImage } from './density';
import { useResolvedTheme } from '../theme';
import { useEngine } from '../engineContext';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import type { DataTable } from '../../export/types';
import { columnsTable } from '../export/tables';
import { pythonFor } from '../export/pythonFor';
import { CostGateNotice } from '../CostGateNotice';

const MARGIN = { top: 8, right: 14, bottom: 6, left: 60 };
const STRIP_MARGIN = { top: 4, right: 14, bottom: 40, left: 60 };

/** The parameter value of each column (its pixel centre, as the workers use it). */
function columnCenters(v: DiagramView): number[] {
  const { lo, hi, cols } = v.job;
  return Array.from({ length: cols }, (_, j) => lo + ((j + 0.5) * (hi - lo)) / cols);
}

/**
 * Exports: λ (and period, divergence, the mean-field λ_MF) per column; the
 * visit density as (parameter, state, count) for every non-empty cell — the
 * diagram keeps counts on its pixel grid, not the states themselves.
 */
const DIAGRAM_EXPORT: PanelExport = {
  tableNames: () => ['lambda', 'density'],
  tables: () => {
    const v = diagramSlot.get();
    if (!v) return [];
    const name = v.job.nd?.param ?? v.job.base.param;
    const values = columnCenters(v);
    const lambda = columnsTable('lambda', {
      [name]: values,
      lambda: Array.from(v.lambda, (l, j) => (v.diverged[j] ? null : l)),
      stderr: Array.from(v.lambdaStderr, (l, j) => (v.diverged[j] ? null : l)),
      period: v.period,
      diverged: Array.from(v.diverged, (d) => d === 1),
      ...(v.theory ? { lambda_mf: v.theory } : {}),
    });
    const { cols, rows } = v.job;
    const [yLo, yHi] = v.yRange;
    const density: DataTable = { name: 'density', columns: [name, 'state', 'count'], rows: [] };
    for (let j = 0; j < cols; j++)
      for (let i = 0; i < rows; i++) {
        const c = v.counts[j * rows + i];
        if (c > 0) density.rows.push([values[j], yLo + ((i + 0.5) * (yHi - yLo)) / rows, c]);
      }
    return [lambda, density];
  },
  python: () => {
    const v = diagramSlot.get();
    const vector = !!v?.job.nd;
    return pythonFor('diagram', {
      lambda: panel1dSlot.get()?.res.analysis.lambda,
      lambdaMax: vectorPanelSlot.get()?.res.lambda,
      diagram: v && !vector ? { values: columnCenters(v), lambda: Array.from(v.lambda, (l, j) => (v.diverged[j] ? NaN : l)) } : null,
    });
  },
  values: () => {
    const v = diagramSlot.get();
    return v ? { param: v.job.nd?.param ?? v.job.base.param, from: v.job.lo, to: v.job.hi, columns: v.job.cols, rows: v.job.rows, quality: v.job.quality, stateRange: [...v.yRange] } : {};
  },
};

interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  moved: boolean;
}

/** What the diagram's vertical axis shows: the state of a 1-D map, or a projection of a vector state. */
function projectionName(model: Model, proj: Projection, unit: number): string {
  if (isModel1D(model)) return 'state x';
  const names = modelND(model).coordinates;
  if (proj === 'mean') return names ? `(${names.join(' + ')})/${names.length}` : 'mean activity';
  if (proj === 'unit') return names?.[unit] ?? `unit ${unit}`;
  return 'PC 1';
}

export function DiagramPanel() {
  const view = useResult(diagramSlot);
  // atomic selectors: dragging another parameter does not re-render the diagram
  const bp = useApp((s) => s.params.bp);
  const bx0 = useApp((s) => s.params.bx0);
  const bx1 = useApp((s) => s.params.bx1);
  const by0 = useApp((s) => s.params.by0);
  const by1 = useApp((s) => s.params.by1);
  const cursor = useApp((s) => s.params[s.params.bp]);
  const model = useApp((s) => s.params.model);
  const proj = useApp((s) => s.params.proj);
  const unit = useApp((s) => s.params.unit);
  const yName = projectionName(model, proj, unit);
  const job = useApp((s) => s.jobs.diagram);
  const canBack = useApp((s) => s.zoomStacks.diagram.length > 0);
  const engine = useEngine();
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const scales = useRef<{ x: Scale; y: Scale } | null>(null);

  const label = PARAM_SPECS.bp.labels[bp];
  const xDomain = useMemo<[number, number]>(() => [bx0, bx1], [bx0, bx1]);
  const yDomain = useMemo<[number, number]>(() => (by0 !== null && by1 !== null ? [by0, by1] : (view?.yRange ?? [-1, 1])), [by0, by1, view]);

  const hDiagram = Math.max(140, Math.floor(height * 0.7));
  const hStrip = Math.max(90, height - hDiagram);
  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotH = Math.max(10, hDiagram - MARGIN.top - MARGIN.bottom);

  // Tell the engine how many columns/rows a full-resolution diagram needs.
  useEffect(() => {
    if (width <= 0) return;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    engine?.setDiagramSize(Math.min(2400, Math.round(plotW * dpr)), Math.min(1600, Math.round(plotH * dpr)));
  }, [engine, plotW, plotH, width]);

  const dark = useResolvedTheme() === 'dark';
  const image = useMemo(() => {
    if (!view) return null;
    const img = densityImage(view.counts, view.job.cols, view.job.rows, view.job.base.keep, view.diverged, dark);
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    c.getContext('2d')?.putImageData(img, 0, 0);
    return c;
  }, [view, dark]);

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!view || !image) return;
      ctx.imageSmoothingEnabled = view.job.quality === 'draft';
      const [yLo, yHi] = view.yRange;
      ctx.drawImage(image, x(view.job.lo), y(yHi), x(view.job.hi) - x(view.job.lo), y(yLo) - y(yHi));
    },
    [view, image],
  );

  const lambdaDomain = useMemo<[number, number]>(() => lambdaRange(view), [view]);
  const drawStrip = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale, size: { w: number; h: number }) => {
      if (!view) return;
      const { cols, lo, hi } = view.job;
      const dx = (hi - lo) / cols;
      const y0 = y(0);
      for (let j = 0; j < cols; j++) {
        const a = x(lo + j * dx);
        const b = x(lo + (j + 1) * dx);
        if (view.diverged[j]) {
          ctx.fillStyle = COLORS.hatch;
          ctx.fillRect(a, 0, Math.max(1, b - a), size.h);
          continue;
        }
        const l = view.lambda[j];
        if (!Number.isFinite(l)) continue;
        const yl = y(Math.max(lambdaDomain[0], Math.min(lambdaDomain[1], l)));
        ctx.fillStyle = l > 0 ? COLORS.chaos : COLORS.order;
        ctx.fillRect(a, Math.min(y0, yl), Math.max(1, b - a + 0.3), Math.abs(yl - y0));
      }
      ctx.strokeStyle = COLORS.ink;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(0, y0);
      ctx.lineTo(size.w, y0);
      ctx.stroke();
      if (view.theory) {
        // mean-field λ_MF(parameter) over the simulated λ_max
        ctx.strokeStyle = COLORS.ink;
        ctx.lineWidth = 2.2;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        let pen = false;
        for (let j = 0; j < cols; j++) {
          const t = view.theory[j];
          if (!Number.isFinite(t)) {
            pen = false;
            continue;
          }
          const px = x(lo + (j + 0.5) * dx);
          const py = y(Math.max(lambdaDomain[0], Math.min(lambdaDomain[1], t)));
          if (pen) ctx.lineTo(px, py);
          else ctx.moveTo(px, py);
          pen = true;
        }
        ctx.stroke();
        ctx.setLineDash([]);
        // the critical value where λ_MF crosses 0 (order → chaos in mean-field theory)
        for (let j = 1; j < cols; j++) {
          const a = view.theory[j - 1];
          const b = view.theory[j];
          if (!(a < 0 && b >= 0)) continue;
          const pc = lo + (j - 0.5 + -a / (b - a)) * dx;
          const px = x(pc);
          ctx.strokeStyle = COLORS.ink;
          ctx.lineWidth = 1.5;
          ctx.setLineDash([2, 3]);
          ctx.beginPath();
          ctx.moveTo(px, 0);
          ctx.lineTo(px, size.h);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = COLORS.ink;
          ctx.font = '600 12px system-ui, sans-serif';
          ctx.fillText(`${PARAM_SPECS.bp.labels[view.job.nd?.param ?? 'g']}c ≈ ${fmt(pc, 3)}`, px + 4, 12);
        }
      }
    },
    [view, lambdaDomain],
  );

  const local = (e: React.PointerEvent) => {
    const r = (e.currentTarget as Element).getBoundingClientRect();
    return { px: e.clientX - r.left, py: e.clientY - r.top };
  };

  const onUp = (e: React.PointerEvent<SVGRectElement>) => {
    const s = scales.current;
    const d = drag;
    setDrag(null);
    if (!s || !d) return;
    const { px, py } = local(e);
    const dx = Math.abs(px - d.x0);
    const dy = Math.abs(py - d.y0);
    const st = appStore.getState();
    if (dx < 5 && dy < 5) {
      st.setParam(bp, s.x.invert(px), { history: 'push' });
      return;
    }
    if (dx < 5) return;
    const xa = s.x.invert(Math.min(px, d.x0));
    const xb = s.x.invert(Math.max(px, d.x0));
    const win = { bx0: xa, bx1: xb, by0: st.params.by0, by1: st.params.by1 };
    if (dy >= 5) {
      win.by0 = s.y.invert(Math.max(py, d.y0));
      win.by1 = s.y.invert(Math.min(py, d.y0));
    }
    st.zoomTo(win);
  };

  const hoverCol = hover !== null && view ? Math.floor(((hover - view.job.lo) / (view.job.hi - view.job.lo)) * view.job.cols) : -1;
  const hoverInfo = view && hoverCol >= 0 && hoverCol < view.job.cols ? columnText(view, hoverCol) : null;

  return (
    <PanelFrame id="diagram" className="diagram-panel" exportData={DIAGRAM_EXPORT}>
      <header>
        <h2 id="diagram-title">Orbit diagram over {label}</h2>
        <div className="panel-tools">
          <span className="status" data-testid="diagram-status">
            {job?.state === 'running' ? 'computing…' : job?.state === 'error' ? '' : view ? `${view.job.quality === 'draft' ? 'draft' : `${view.job.cols} columns`} · ${Math.round(view.ms)} ms` : ''}
          </span>
          <button type="button" className="small" onClick={() => appStore.getState().zoomBack()} disabled={!canBack} data-testid="zoom-back">
            ← Back
          </button>
          <button type="button" className="small" onClick={() => appStore.getState().zoomReset()} data-testid="zoom-reset">
            Reset view
          </button>
        </div>
      </header>
      <CostGateNotice lane="diagram" what="The orbit diagram" />
      {job?.state === 'error' && (
        <p className="error" role="alert">
          The diagram could not be computed: {job.message}
        </p>
      )}
      <div className="panel-body" ref={box}>
        {width > 0 && (
          <>
            <Plot
              width={width}
              height={hDiagram}
              margin={MARGIN}
              xDomain={xDomain}
              yDomain={yDomain}
              yLabel={yName}
              draw={draw}
              hideXTickLabels
              ariaLabel={`Orbit diagram of x over ${label} from ${fmt(bx0)} to ${fmt(bx1)}`}
              testId="diagram"
              overlayProps={{
                onPointerDown: (e) => {
                  (e.currentTarget as SVGRectElement).setPointerCapture(e.pointerId);
                  const { px, py } = local(e);
                  setDrag({ x0: px, y0: py, x1: px, y1: py, moved: false });
                },
                onPointerMove: (e) => {
                  const { px, py } = local(e);
                  if (scales.current) setHover(scales.current.x.invert(px));
                  if (drag) setDrag({ ...drag, x1: px, y1: py, moved: true });
                },
                onPointerLeave: () => setHover(null),
                onPointerUp: onUp,
                onPointerCancel: () => setDrag(null),
                style: { cursor: 'crosshair' },
              }}
            >
              {(x, y) => {
                scales.current = { x, y };
                const cx = x(cursor);
                return (
                  <g>
                    {cursor >= xDomain[0] && cursor <= xDomain[1] && (
                      <g className="cursor">
                        <line x1={cx} x2={cx} y1={0} y2={plotH} stroke={COLORS.cursor} strokeWidth={2} />
                        <text x={cx + (cx > plotW - 110 ? -6 : 6)} y={16} textAnchor={cx > plotW - 110 ? 'end' : 'start'} className="cursor-label">
                          {label} = {fmt(cursor, 5)}
                        </text>
                      </g>
                    )}
                    {drag && drag.moved && (
                      <rect
                        className="zoom-rect"
                        x={Math.min(drag.x0, drag.x1)}
                        y={Math.abs(drag.y1 - drag.y0) < 5 ? 0 : Math.min(drag.y0, drag.y1)}
                        width={Math.abs(drag.x1 - drag.x0)}
                        height={Math.abs(drag.y1 - drag.y0) < 5 ? plotH : Math.abs(drag.y1 - drag.y0)}
                      />
                    )}
                  </g>
                );
              }}
            </Plot>
            <Plot
              width={width}
              height={hStrip}
              margin={STRIP_MARGIN}
              xDomain={xDomain}
              yDomain={lambdaDomain}
              xLabel={label}
              yLabel="λ"
              yTicks={3}
              draw={drawStrip}
              ariaLabel={`Lyapunov exponent λ over ${label}; positive (chaotic) in orange`}
              testId="lambda-strip"
            >
              {(x, y) =>
                cursor >= xDomain[0] && cursor <= xDomain[1] ? (
                  <line x1={x(cursor)} x2={x(cursor)} y1={y.range()[1]} y2={y.range()[0]} stroke={COLORS.cursor} strokeWidth={2} />
                ) : null
              }
            </Plot>
          </>
        )}
      </div>
      <div className="legend">
        <span className="legend-item">
          <i style={{ background: COLORS.chaos }} /> λ &gt; 0 (chaos)
        </span>
        <span className="legend-item">
          <i style={{ background: COLORS.order }} /> λ &lt; 0 (order)
        </span>
        <span className="legend-item">
          <i className="hatch" /> diverged
        </span>
        {view?.theory && (
          <span className="legend-item">
            <i className="dashed" /> mean-field λ_MF
          </span>
        )}
        <span className="legend-item hover-readout" data-testid="diagram-hover">
          {hoverInfo ?? 'Drag to zoom · click to set the parameter'}
        </span>
      </div>
    </PanelFrame>
  );
}

function lambdaRange(view: DiagramView | null): [number, number] {
  if (!view) return [-1, 1];
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < view.lambda.length; j++) {
    const l = view.lambda[j];
    if (!Number.isFinite(l) || view.diverged[j]) continue;
    lo = Math.min(lo, l);
    hi = Math.max(hi, l);
  }
  hi = Math.min(hi, 3);
  // Chaos (λ > 0) is what the strip is for: do not let deep (even superstable) order squash it.
  lo = Math.max(lo, -Math.max(1, 2 * hi));
  return [Math.min(-0.25, lo * 1.05), Math.max(0.25, hi * 1.05)];
}

function columnText(view: DiagramView, j: number): string {
  const { lo, hi, cols } = view.job;
  const v = lo + ((j + 0.5) * (hi - lo)) / cols;
  const name = PARAM_SPECS.bp.labels[view.job.base.param];
  if (view.diverged[j]) return `${name} = ${fmt(v, 5)}: the orbit diverged`;
  const l = view.lambda[j];
  const p = view.period[j];
  const kind = p > 0 ? `period ${p}` : l > 1e-3 ? 'chaotic' : 'aperiodic';
  const se = view.lambdaStderr[j];
  return `${name} = ${fmt(v, 5)}: λ = ${fmt(l, 3)}${Number.isFinite(se) ? ` ± ${fmt(se, 2)}` : ''}, ${kind}`;
}
