/**
 * The phase diagram (issue #15): one quantity over a grid of two parameters
 * of the current model — λ_max of the seeded network, Paper B's P(period 3)
 * and P(2-cycle), or the kind of the orbit — with the mean-field critical
 * line χ₁ = 1 over it when one axis is g (the random RNN). Cells fill in
 * coarse to fine on every worker (compute/phase.ts); drag a rectangle to
 * zoom (Back / Reset view as on the orbit diagram), hover for a cell's
 * values, click to open Explore at the cell's parameters.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { phaseControl, phaseSlot } from '../../compute/phaseEngine';
import type { PhaseMap, PhaseView as PhaseViewData } from '../../compute/phase';
import { draftSources } from '../../core/jobs/phaseOrder';
import { fmtWork } from '../../core/cost';
import { PARAM_SPECS, type Params } from '../../params/spec';
import { phaseProblemOf } from '../../params/phase';
import { appStore, importedOf, useApp } from '../../state/store';
import { useResult } from '../useResult';
import { Plot, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { ParamControl } from '../controls/ParamControl';
import { COLORS } from '../palette';
import { fmt, fmtCount, fmtDuration } from '../format';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import type { DataTable } from '../../export/types';
import { pythonFor } from '../export/pythonFor';
import { kindColors, kindOrder, lambdaScale, probabilityScale, quantityLabel, rgbaOf, type PhaseColorScale } from './phaseColors';
import './phase.css';

const MARGIN = { top: 10, right: 12, bottom: 44, left: 62 };
const BAR_MARGIN = { top: 10, right: 6, bottom: 44, left: 62 };
const BAR_WIDTH = 92;
/** A phone: a narrower colour bar, without its axis title. */
const BAR_MARGIN_NARROW = { top: 10, right: 4, bottom: 44, left: 40 };
const BAR_WIDTH_NARROW = 58;
/** The map may be this much wider than high (cells stretch, the map fills a wide screen). */
const MAX_ASPECT = 1.6;

/** Cells the numpy script recomputes (a spread subsample of the computed ones). */
const PYTHON_CHECKS = 12;

const axisName = (k: string) => (PARAM_SPECS.px.labels as Record<string, string>)[k] ?? k;

/** Half a cell's width along an axis of `values` (both ends are cell centres). */
function halfCell(values: readonly number[]): number {
  return values.length > 1 ? (values[values.length - 1] - values[0]) / (values.length - 1) / 2 : 0.5;
}

function domainOf(values: readonly number[]): [number, number] {
  const h = halfCell(values);
  return [values[0] - h, values[values.length - 1] + h];
}

/** The index of the cell centre nearest to v (−1 outside the map). */
function nearestIndex(values: readonly number[], v: number): number {
  const h = halfCell(values);
  if (!(v >= values[0] - h && v <= values[values.length - 1] + h)) return -1;
  return Math.max(0, Math.min(values.length - 1, Math.round((v - values[0]) / (2 * h))));
}

function scaleOf(map: PhaseMap): PhaseColorScale | null {
  if (map.quantity === 'lambda-max' || map.quantity === 'lambda-mean') return lambdaScale(map.value);
  if (map.quantity === 'p3' || map.quantity === 'p2') return probabilityScale(map.high);
  return null;
}

/** The map as an nx × ny image (row 0 at the bottom, as the y axis runs up); cells not computed show their draft anchor's colour, faded. */
function mapImage(map: PhaseMap, scale: PhaseColorScale | null, kinds: Map<string, string>): HTMLCanvasElement {
  const { nx, ny } = map;
  const src = draftSources(map.computed, nx, ny);
  const img = new ImageData(nx, ny);
  const cache = new Map<string, [number, number, number, number]>();
  const bytes = (css: string) => {
    let b = cache.get(css);
    if (!b) cache.set(css, (b = rgbaOf(css)));
    return b;
  };
  for (let row = 0; row < ny; row++)
    for (let col = 0; col < nx; col++) {
      const c = row * nx + col;
      const s = src[c];
      if (s < 0 || map.diverged[s]) continue;
      let css: string | null = null;
      if (map.quantity === 'kind') css = map.kind[s] ? (kinds.get(map.kind[s]!) ?? null) : null;
      else if (Number.isFinite(map.value[s])) css = scale!.color(map.value[s]);
      if (!css) continue;
      const [r, g, b] = bytes(css);
      const o = ((ny - 1 - row) * nx + col) * 4;
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      img.data[o + 3] = s === c ? 255 : 150;
    }
  const canvas = document.createElement('canvas');
  canvas.width = nx;
  canvas.height = ny;
  canvas.getContext('2d')?.putImageData(img, 0, 0);
  return canvas;
}

function cellText(v: PhaseViewData, map: PhaseMap, row: number, col: number): string {
  const req = v.req!;
  const c = row * map.nx + col;
  const where = `${axisName(req.x.param)} = ${fmt(map.xs[col], 4)}, ${axisName(req.y.param)} = ${fmt(map.ys[row], 4)}`;
  let what: string;
  if (!map.computed[c]) what = 'not computed yet';
  else if (map.diverged[c]) what = 'the orbit diverged';
  else if (map.quantity === 'lambda-max') {
    const l = map.value[c];
    what = Number.isFinite(l) ? `λ_max = ${fmt(l, 3)}${Number.isFinite(map.stderr[c]) ? ` ± ${fmt(map.stderr[c], 2)}` : ''} (${l > 0 ? 'chaos' : 'order'})` : 'λ = −∞ (superstable)';
  } else if (map.quantity === 'lambda-mean') {
    const n = map.count[c];
    const lost = req.seeds - n;
    what = `mean λ_max = ${fmt(map.value[c], 3)}${Number.isFinite(map.stderr[c]) ? ` ± ${fmt(map.stderr[c], 2)}` : ''} over ${n} seed${n === 1 ? '' : 's'}${lost > 0 ? ` (${lost} diverged)` : ''}`;
  } else if (map.quantity === 'kind') what = map.kind[c] ?? '—';
  else {
    const n = req.sweep?.samples ?? 0;
    what = `${quantityLabel(map.quantity)} = ${fmt(map.value[c], 3)} (${map.count[c]} of ${n}; 95 % Wilson ${fmt(map.low[c], 3)} … ${fmt(map.high[c], 3)})`;
  }
  const line = v.line;
  let crit = '';
  if (line) {
    const other = line.axis === 'x' ? map.xs[col] : map.ys[row];
    const g = interpolate(line.at, line.g, other);
    if (Number.isFinite(g)) crit = ` · mean-field critical g here: ${fmt(g, 4)}`;
  }
  return `${where}: ${what}${crit}`;
}

/** Linear interpolation of ys over ascending xs (NaN outside). */
function interpolate(xs: readonly number[], ys: ArrayLike<number>, x: number): number {
  for (let i = 1; i < xs.length; i++) {
    if (x >= xs[i - 1] && x <= xs[i]) {
      const t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
      return ys[i - 1] + t * (ys[i] - ys[i - 1]);
    }
  }
  return NaN;
}

/** Exports: the map in long form (x, y, value, stderr, …) as `cli phase --format csv`, and the critical line. */
const PHASE_EXPORT: PanelExport = {
  tableNames: () => ['phase', 'critical_line'],
  tables: () => {
    const v = phaseSlot.get();
    const map = v?.map;
    if (!v?.req || !map) return [];
    const counting = map.quantity === 'p3' || map.quantity === 'p2';
    const seeds = map.quantity === 'lambda-mean';
    const t: DataTable = {
      name: 'phase',
      columns: [v.req.x.param, v.req.y.param, map.quantity === 'kind' ? 'kind' : 'value', 'stderr', ...(counting ? ['low', 'high', 'count'] : seeds ? ['seeds'] : []), 'diverged'],
      rows: [],
    };
    for (let row = 0; row < map.ny; row++)
      for (let col = 0; col < map.nx; col++) {
        const c = row * map.nx + col;
        if (!map.computed[c]) continue;
        const num = (x: number) => (Number.isFinite(x) ? x : null);
        t.rows.push([
          map.xs[col],
          map.ys[row],
          map.quantity === 'kind' ? map.kind[c] : map.diverged[c] ? null : num(map.value[c]),
          map.diverged[c] ? null : num(map.stderr[c]),
          ...(counting ? [num(map.low[c]), num(map.high[c]), map.count[c]] : seeds ? [map.count[c]] : []),
          map.diverged[c] === 1,
        ]);
      }
    const tables = [t];
    if (v.line) {
      const other = v.req[v.line.axis].param;
      tables.push({ name: 'critical_line', columns: [other, 'g_critical'], rows: v.line.at.map((a, i) => [a, Number.isFinite(v.line!.g[i]) ? v.line!.g[i] : null]) });
    }
    return tables;
  },
  python: () => {
    const v = phaseSlot.get();
    const map = v?.map;
    const cells: { x: number; y: number; lambda: number | null }[] = [];
    if (v?.req && map && map.quantity === 'lambda-max') {
      const done: number[] = [];
      for (let c = 0; c < map.computed.length; c++) if (map.computed[c]) done.push(c);
      const step = Math.max(1, Math.floor(done.length / PYTHON_CHECKS));
      for (let i = 0; i < done.length && cells.length < PYTHON_CHECKS; i += step) {
        const c = done[i];
        cells.push({ x: map.xs[c % map.nx], y: map.ys[Math.floor(c / map.nx)], lambda: map.diverged[c] || !Number.isFinite(map.value[c]) ? null : map.value[c] });
      }
    }
    return pythonFor('phase', { phase: v?.req ? { xParam: v.req.x.param, yParam: v.req.y.param, cells } : null } as never);
  },
  values: () => {
    const v = phaseSlot.get();
    if (!v?.req) return {};
    return {
      quantity: v.req.quantity,
      x: { param: v.req.x.param, from: v.req.x.values[0], to: v.req.x.values[v.req.x.values.length - 1], count: v.req.x.values.length },
      y: { param: v.req.y.param, from: v.req.y.values[0], to: v.req.y.values[v.req.y.values.length - 1], count: v.req.y.values.length },
      steps: v.req.lyapunov?.steps ?? null,
      transient: v.req.lyapunov?.transient ?? null,
      samples: v.req.sweep?.samples ?? null,
      seeds: v.req.quantity === 'lambda-mean' ? v.req.seeds : null,
      state: v.state,
      done: v.done,
      total: v.total,
    };
  },
};

interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function statusText(v: PhaseViewData | null, now: number): string {
  if (!v) return 'Starting the workers…';
  const outdated = v.outdated ? ' · outdated (parameters changed)' : '';
  switch (v.state) {
    case 'idle':
      return 'Not started';
    case 'running':
      return `Computing · ${fmtCount(v.done)} / ${fmtCount(v.total)} cells`;
    case 'done':
      return `Done · ${fmtCount(v.total)} cells in ${fmtDuration((v.endedAt ?? now) - v.startedAt)}${outdated}`;
    case 'cancelled':
      return `Cancelled at ${fmtCount(v.done)} / ${fmtCount(v.total)} cells${outdated}`;
    case 'error':
      return `Stopped by an error: ${v.message ?? ''}`;
  }
}

/** The clock, re-read twice a second while a map runs (elapsed / remaining). */
function useNow(running: boolean): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => setTick((t) => t + 1), 500);
    return () => clearInterval(id);
  }, [running]);
  return performance.now();
}

export function PhaseView() {
  const view = useResult(phaseSlot);
  const params = useApp((s) => s.params);
  const canBack = useApp((s) => s.zoomStacks.phase.length > 0);
  const imported = useApp((s) => importedOf(s) !== null);
  const problem = useMemo(() => phaseProblemOf(params, imported), [params, imported]);
  const running = view?.state === 'running';
  const now = useNow(running);
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [hover, setHover] = useState<{ row: number; col: number } | null>(null);
  const scales = useRef<{ x: Scale; y: Scale } | null>(null);

  const map = view?.map ?? null;
  const req = view?.req ?? null;
  const scale = useMemo(() => (map ? scaleOf(map) : null), [map, view?.done]); // eslint-disable-line react-hooks/exhaustive-deps
  const kinds = useMemo(() => (map?.quantity === 'kind' ? kindOrder(map.kind) : []), [map, view?.done]); // eslint-disable-line react-hooks/exhaustive-deps
  const kindColor = useMemo(() => kindColors(kinds), [kinds]);
  const image = useMemo(() => (map ? mapImage(map, scale, kindColor) : null), [map, scale, kindColor, view?.done]); // eslint-disable-line react-hooks/exhaustive-deps

  // Axes: the run's grid, else the link's window (empty map).
  const xDomain = useMemo<[number, number]>(() => (req ? domainOf(req.x.values) : [params.px0, params.px1]), [req, params.px0, params.px1]);
  const yDomain = useMemo<[number, number]>(() => (req ? domainOf(req.y.values) : [params.py0, params.py1]), [req, params.py0, params.py1]);
  const xName = axisName(req?.x.param ?? params.px);
  const yName = axisName(req?.y.param ?? params.py);
  const faded = !!view?.outdated;

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!map || !image) return;
      ctx.globalAlpha = faded ? 0.45 : 1;
      ctx.imageSmoothingEnabled = false;
      const [x0, x1] = domainOf(map.xs);
      const [y0, y1] = domainOf(map.ys);
      ctx.drawImage(image, x(x0), y(y1), x(x1) - x(x0), y(y0) - y(y1));
      // diverged cells: hatched
      const hx = halfCell(map.xs);
      const hy = halfCell(map.ys);
      ctx.strokeStyle = COLORS.ink2;
      ctx.lineWidth = 0.8;
      ctx.beginPath();
      for (let c = 0; c < map.diverged.length; c++) {
        if (!map.computed[c] || !map.diverged[c]) continue;
        const cx = map.xs[c % map.nx];
        const cy = map.ys[Math.floor(c / map.nx)];
        const a = x(cx - hx);
        const b = x(cx + hx);
        const top = y(cy + hy);
        const bottom = y(cy - hy);
        const n = Math.max(1, Math.round((b - a) / 5));
        for (let i = 0; i <= n; i++) {
          const t = i / n;
          ctx.moveTo(a + t * (b - a), bottom);
          ctx.lineTo(a, bottom + t * (top - bottom));
          ctx.moveTo(b, top + t * (bottom - top));
          ctx.lineTo(b - t * (b - a), top);
        }
      }
      ctx.stroke();
      ctx.globalAlpha = 1;
      // the mean-field critical line χ₁ = 1
      const line = view?.line;
      if (line) {
        const pt = (i: number): [number, number] => (line.axis === 'y' ? [x(line.g[i]), y(line.at[i])] : [x(line.at[i]), y(line.g[i])]);
        for (const [w, color, dash] of [
          [5, 'rgba(255,255,255,0.85)', []],
          [2.4, COLORS.ink, [8, 5]],
        ] as const) {
          ctx.strokeStyle = color;
          ctx.lineWidth = w;
          ctx.setLineDash([...dash]);
          ctx.beginPath();
          let pen = false;
          for (let i = 0; i < line.at.length; i++) {
            if (!Number.isFinite(line.g[i])) {
              pen = false;
              continue;
            }
            const [px, py] = pt(i);
            if (pen) ctx.lineTo(px, py);
            else ctx.moveTo(px, py);
            pen = true;
          }
          ctx.stroke();
        }
        ctx.setLineDash([]);
      }
    },
    [map, image, faded, view?.line],
  );

  const barDomain = useMemo<[number, number]>(() => scale?.domain ?? [0, 1], [scale]);
  const drawBar = useCallback(
    (ctx: CanvasRenderingContext2D, _x: Scale, y: Scale, size: { w: number; h: number }) => {
      if (!scale) return;
      const [lo, hi] = scale.domain;
      const steps = 96;
      for (let i = 0; i < steps; i++) {
        const v0 = lo + ((hi - lo) * i) / steps;
        const v1 = lo + ((hi - lo) * (i + 1)) / steps;
        ctx.fillStyle = scale.color((v0 + v1) / 2);
        ctx.fillRect(0, y(v1), size.w, y(v0) - y(v1) + 0.5);
      }
      if (lo < 0 && hi > 0) {
        ctx.strokeStyle = COLORS.ink;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(0, y(0));
        ctx.lineTo(size.w, y(0));
        ctx.stroke();
      }
    },
    [scale],
  );

  const local = (e: React.PointerEvent) => {
    const r = (e.currentTarget as Element).getBoundingClientRect();
    return { px: e.clientX - r.left, py: e.clientY - r.top };
  };

  const cellAt = (px: number, py: number): { row: number; col: number } | null => {
    const s = scales.current;
    if (!s || !map) return null;
    const col = nearestIndex(map.xs, s.x.invert(px));
    const row = nearestIndex(map.ys, s.y.invert(py));
    return col < 0 || row < 0 ? null : { row, col };
  };

  const onUp = (e: React.PointerEvent<SVGRectElement>) => {
    const s = scales.current;
    const d = drag;
    setDrag(null);
    if (!s || !d || !req) return;
    const { px, py } = local(e);
    const st = appStore.getState();
    if (Math.abs(px - d.x0) < 5 && Math.abs(py - d.y0) < 5) {
      const cell = cellAt(px, py);
      if (!cell || !map) return;
      // the cell's own parameters, in Explore
      st.setParams({ [req.x.param]: map.xs[cell.col], [req.y.param]: map.ys[cell.row], tab: 'explore' } as Partial<Params>, { history: 'push' });
      return;
    }
    if (Math.abs(px - d.x0) < 5 || Math.abs(py - d.y0) < 5) return;
    st.zoomTo(
      {
        px0: s.x.invert(Math.min(px, d.x0)),
        px1: s.x.invert(Math.max(px, d.x0)),
        py0: s.y.invert(Math.max(py, d.y0)),
        py1: s.y.invert(Math.min(py, d.y0)),
      },
      'phase',
    );
  };

  const narrow = width < 520;
  const barWidth = narrow ? BAR_WIDTH_NARROW : BAR_WIDTH;
  const plotH = Math.max(200, Math.min(height, narrow ? width - barWidth : height));
  const plotW = Math.max(160, Math.min(width - barWidth - 8, MAX_ASPECT * plotH));
  const hoverInfo = view && map && hover ? cellText(view, map, hover.row, hover.col) : null;
  const total = view?.total ?? 0;
  const done = view?.done ?? 0;
  const pct = total > 0 ? (100 * done) / total : 0;
  const remaining = running && view?.remainingMs != null ? Math.max(0, view.remainingMs - Math.max(0, now - view.updatedAt)) : null;
  const estimate = view?.estimateS ?? null;
  const workers = view?.workers ?? 1;
  const needsStart = !problem && !running && (view?.state !== 'done' || view.outdated);
  const q = params.pq;
  const counting = q === 'p3' || q === 'p2';
  const canStart = phaseControl.available && !running && !problem;

  return (
    <PanelFrame id="phase" className="phase-panel" exportData={PHASE_EXPORT}>
      <header>
        <h2 id="phase-title">
          Phase diagram: {quantityLabel(req?.quantity ?? q)} over {xName} and {yName}
        </h2>
        <div className="panel-tools">
          <span className="status" data-testid="phase-status" data-state={view?.state ?? 'idle'} data-done={done} data-total={total} role="status">
            {problem ? '' : statusText(view, now)}
          </span>
          <button type="button" className="primary small" data-testid="phase-start" disabled={!canStart} onClick={() => phaseControl.start()}>
            {view && view.state !== 'idle' && !view.outdated && !running ? 'Run again' : 'Start'}
          </button>
          <button type="button" className="small" data-testid="phase-cancel" disabled={!running} onClick={() => phaseControl.cancel()}>
            Cancel
          </button>
          <button type="button" className="small" data-testid="phase-back" disabled={!canBack} onClick={() => appStore.getState().zoomBack('phase')}>
            ← Back
          </button>
          <button type="button" className="small" data-testid="phase-reset" onClick={() => appStore.getState().zoomReset('phase')}>
            Reset view
          </button>
        </div>
      </header>
      <div className="phase-controls">
        <ParamControl k="pq" />
        <ParamControl k="px" />
        <ParamControl k="py" />
        <ParamControl k="pn" />
        {counting || q === 'lambda-mean' ? <ParamControl k="sn" /> : null}
        {counting ? null : <ParamControl k="pls" />}
      </div>
      {problem && (
        <p className="error" role="alert" data-testid="phase-problem">
          {problem}
        </p>
      )}
      {!problem && (
        <div className="phase-progress-row">
          <div
            className="phase-bar"
            role="progressbar"
            aria-label="Cells computed"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={done}
            aria-valuetext={`${fmtCount(done)} of ${fmtCount(total)} cells`}
            data-testid="phase-progress"
          >
            <div className={`phase-bar-fill ${view?.state ?? ''}`} style={{ width: `${pct}%` }} />
          </div>
          <span className="phase-progress-text" data-testid="phase-estimate">
            {running
              ? remaining !== null
                ? `≈ ${fmtDuration(remaining)} left`
                : 'estimating…'
              : needsStart
                ? estimate !== null
                  ? `${fmtCount(params.pn * params.pn)} cells · ${fmtWork(estimate / workers)} on ${workers} worker${workers === 1 ? '' : 's'}: press Start`
                  : `${fmtCount(params.pn * params.pn)} cells × ${fmtCount(params.sn)} networks: the time is not known in advance; press Start`
                : ''}
          </span>
        </div>
      )}
      <div className="panel-body phase-body" ref={box}>
        {width > 0 && (
          <div className="phase-plots">
            <Plot
              width={plotW}
              height={plotH}
              margin={MARGIN}
              xDomain={xDomain}
              yDomain={yDomain}
              xLabel={xName}
              yLabel={yName}
              draw={draw}
              ariaLabel={`Phase diagram of ${quantityLabel(req?.quantity ?? q)} over ${xName} and ${yName}`}
              testId="phase-map"
              overlayProps={{
                onPointerDown: (e) => {
                  (e.currentTarget as SVGRectElement).setPointerCapture(e.pointerId);
                  const { px, py } = local(e);
                  setDrag({ x0: px, y0: py, x1: px, y1: py });
                },
                onPointerMove: (e) => {
                  const { px, py } = local(e);
                  setHover(cellAt(px, py));
                  if (drag) setDrag({ ...drag, x1: px, y1: py });
                },
                onPointerLeave: () => setHover(null),
                onPointerUp: onUp,
                onPointerCancel: () => setDrag(null),
                style: { cursor: 'crosshair' },
              }}
            >
              {(x, y) => {
                scales.current = { x, y };
                const sx = params[req?.x.param ?? params.px] as number;
                const sy = params[req?.y.param ?? params.py] as number;
                const inside = sx >= xDomain[0] && sx <= xDomain[1] && sy >= yDomain[0] && sy <= yDomain[1];
                return (
                  <g>
                    {!map && (
                      <text className="phase-empty" x={x.range()[1] / 2} y={y.range()[0] / 2} textAnchor="middle">
                        {problem ? 'No phase diagram for these settings' : needsStart ? 'Press Start to compute the map' : 'waiting for the first cells…'}
                      </text>
                    )}
                    {inside && (
                      <g className="phase-state" data-testid="phase-state-marker">
                        <circle cx={x(sx)} cy={y(sy)} r={7} />
                        <circle cx={x(sx)} cy={y(sy)} r={2.5} className="dot" />
                      </g>
                    )}
                    {drag && Math.abs(drag.x1 - drag.x0) >= 5 && Math.abs(drag.y1 - drag.y0) >= 5 && (
                      <rect className="zoom-rect" x={Math.min(drag.x0, drag.x1)} y={Math.min(drag.y0, drag.y1)} width={Math.abs(drag.x1 - drag.x0)} height={Math.abs(drag.y1 - drag.y0)} />
                    )}
                  </g>
                );
              }}
            </Plot>
            {scale && (
              <Plot
                width={barWidth}
                height={plotH}
                margin={narrow ? BAR_MARGIN_NARROW : BAR_MARGIN}
                xDomain={[0, 1]}
                yDomain={barDomain}
                xTicks={0}
                yLabel={narrow ? undefined : quantityLabel(map!.quantity)}
                draw={drawBar}
                ariaLabel={`Colour scale of ${quantityLabel(map!.quantity)} from ${fmt(barDomain[0], 3)} to ${fmt(barDomain[1], 3)}`}
                testId="phase-colorbar"
              >
              </Plot>
            )}
          </div>
        )}
      </div>
      <div className="legend">
        {(map?.quantity === 'lambda-max' || map?.quantity === 'lambda-mean') && (
          <>
            <span className="legend-item">
              <i style={{ background: '#2166ac' }} /> λ_max &lt; 0 (order)
            </span>
            <span className="legend-item">
              <i style={{ background: '#b2182b' }} /> λ_max &gt; 0 (chaos)
            </span>
          </>
        )}
        {kinds
          .filter((k) => k !== 'diverged')
          .map((k) => (
            <span className="legend-item" key={k}>
              <i style={{ background: kindColor.get(k) }} /> {k}
            </span>
          ))}
        <span className="legend-item">
          <i className="hatch" /> diverged
        </span>
        {(view?.lineExpected || view?.line) && (
          <span className="legend-item" data-testid="phase-line-legend">
            <i className="dashed" /> mean-field edge of chaos χ₁ = 1{view?.line ? '' : ' (computing…)'}
          </span>
        )}
        <span className="legend-item">
          <i className="ring" /> the link’s state
        </span>
        <span className="legend-item hover-readout" data-testid="phase-hover">
          {hoverInfo ?? 'Hover for a cell’s values · drag to zoom · click to open Explore there'}
        </span>
      </div>
    </PanelFrame>
  );
}
