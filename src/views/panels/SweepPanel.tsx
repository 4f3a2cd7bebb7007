/**
 * Chaos-probability sweep (Paper B's threshold): over random 1-D networks
 * of several widths, the fraction with a point of period 3 (Li–Yorke chaos)
 * and the fraction with a 2-cycle, against the weight scale g, with 95 %
 * Wilson bands. Runs on the worker pool on request (Start), progressively,
 * cancellable; restarts by itself when a parameter it depends on changes.
 */
import { ListInput } from '../controls/ListInput';
import { fmtCount, fmtDuration } from '../format';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { sweepControl, sweepSlot } from '../../compute/sweepEngine';
import { sweepCurves, type SweepCurves, type SweepView } from '../../compute/sweep';
import { useResult } from '../useResult';
import { ACTIVATION_INFO } from '../../core/models/activations';
import { PARAM_SPECS } from '../../params/spec';
import { useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { ParamControl } from '../controls/ParamControl';
import { fmt } from '../format';
import './sweep.css';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import type { DataTable } from '../../export/types';

/** One colour per width (Okabe–Ito: distinguishable with the common colour-vision deficiencies). */
export const WIDTH_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#222222'];

const MARGIN_TOP = { top: 10, right: 16, bottom: 8, left: 62 };
const MARGIN_BOTTOM = { top: 10, right: 16, bottom: 42, left: 62 };

/** The clock, re-read four times a second while a sweep runs (elapsed / remaining). */
function useNow(running: boolean): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => setTick((t) => t + 1), 250);
    return () => clearInterval(id);
  }, [running]);
  return performance.now();
}

/** Widths as a text box "2, 8, 32, 128" (long lists without spaces, so six widths fit the box). */
function WidthsInput() {
  const spec = PARAM_SPECS.sw;
  return <ListInput k="sw" label={spec.label} testId="sweep-widths" className="sweep-widths" note="one curve each, e.g. 2, 8, 32" format={(l) => l.join(l.length > 4 ? ',' : ', ')} />;
}

function rgba(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/** Shade between lo and hi over the runs of finite values. */
function fillBand(ctx: CanvasRenderingContext2D, x: Scale, y: Scale, xs: number[], lo: number[], hi: number[]): void {
  let i = 0;
  while (i < xs.length) {
    while (i < xs.length && !(Number.isFinite(lo[i]) && Number.isFinite(hi[i]))) i++;
    const a = i;
    while (i < xs.length && Number.isFinite(lo[i]) && Number.isFinite(hi[i])) i++;
    if (i - a < 1) continue;
    ctx.beginPath();
    if (i - a === 1) {
      ctx.rect(x(xs[a]) - 2, y(hi[a]), 4, y(lo[a]) - y(hi[a]));
    } else {
      ctx.moveTo(x(xs[a]), y(hi[a]));
      for (let j = a + 1; j < i; j++) ctx.lineTo(x(xs[j]), y(hi[j]));
      for (let j = i - 1; j >= a; j--) ctx.lineTo(x(xs[j]), y(lo[j]));
      ctx.closePath();
    }
    ctx.fill();
  }
}

/** Exports: per width and g the counts and fractions with Wilson bounds (as `cli chaos-probability --format csv`). */
const SWEEP_EXPORT: PanelExport = {
  tables: () => {
    const v = sweepSlot.get();
    if (!v?.cfg || !v.counts) return [];
    const cfg = v.cfg;
    const t: DataTable = { name: 'chaos_probability', columns: ['width', 'g', 'n', 'p3', 'p3Low', 'p3High', 'p2', 'p2Low', 'p2High'], rows: [] };
    sweepCurves(cfg, v.counts).forEach((c) =>
      cfg.gs.forEach((g, j) => t.rows.push([c.width, g, c.n[j], c.p3[j], c.p3Low[j], c.p3High[j], c.p2[j], c.p2Low[j], c.p2High[j]])),
    );
    return [t];
  },
  values: () => {
    const v = sweepSlot.get();
    return { state: v?.state ?? null, done: v?.done ?? null, total: v?.total ?? null, outdated: v?.outdated ?? null };
  },
};

type Which = 'p3' | 'p2';

function drawCurves(ctx: CanvasRenderingContext2D, x: Scale, y: Scale, gs: number[], curves: SweepCurves[], which: Which, faded: boolean): void {
  ctx.globalAlpha = faded ? 0.35 : 1;
  curves.forEach((c, i) => {
    ctx.fillStyle = rgba(WIDTH_COLORS[i % WIDTH_COLORS.length], 0.13);
    fillBand(ctx, x, y, gs, c[`${which}Low`], c[`${which}High`]);
  });
  curves.forEach((c, i) => {
    const col = WIDTH_COLORS[i % WIDTH_COLORS.length];
    ctx.strokeStyle = col;
    ctx.lineWidth = 2.4;
    ctx.lineJoin = 'round';
    strokeSeries(ctx, x, y, gs, c[which]);
    ctx.fillStyle = col;
    const p = c[which];
    for (let j = 0; j < gs.length; j++) {
      if (!Number.isFinite(p[j])) continue;
      ctx.beginPath();
      ctx.arc(x(gs[j]), y(p[j]), 3.2, 0, 2 * Math.PI);
      ctx.fill();
    }
  });
  ctx.globalAlpha = 1;
}

function statusText(v: SweepView | null, now: number): string {
  if (!v) return 'Starting the workers…';
  // n per point as counted (the smallest cell), not as asked
  const minN = v.counts ? Math.min(...v.counts.flat().map((c) => c.n)) : 0;
  const per = `${fmtCount(minN)} networks per point`;
  const outdated = v.outdated ? ' · outdated (parameters changed)' : '';
  switch (v.state) {
    case 'idle':
      return 'Not started: press Start';
    case 'running':
      return `Running · ${fmtCount(v.done)} / ${fmtCount(v.total)} networks${v.restarts ? ` · restarted (a parameter changed)` : ''}`;
    case 'done':
      return `Done · ${per} in ${fmtDuration((v.endedAt ?? now) - v.startedAt)}${outdated}`;
    case 'cancelled':
      return `Cancelled at ${fmtCount(v.done)} / ${fmtCount(v.total)} networks${outdated}`;
    case 'error':
      return `Stopped by an error: ${v.message ?? ''}`;
  }
}

function estimateText(v: SweepView | null): string {
  if (!v) return '';
  const total = v.currentCfg ? v.currentCfg.widths.length * v.currentCfg.gs.length * v.currentCfg.samples : 0;
  const e = v.estimate;
  const workers = `${v.workers} worker${v.workers === 1 ? '' : 's'}`;
  if (e) return `${fmtCount(total)} networks · ≈ ${fmtDuration(e.totalMs)} on ${workers}`;
  if (v.estimating) return `${fmtCount(total)} networks · estimating the time on ${workers}…`;
  return `${fmtCount(total)} networks on ${workers}`;
}

export function SweepPanel() {
  const view = useResult(sweepSlot);
  const act = useApp((s) => s.params.act);
  const sg0 = useApp((s) => s.params.sg0);
  const sg1 = useApp((s) => s.params.sg1);
  const running = view?.state === 'running';
  const now = useNow(running);
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const [hover, setHover] = useState<number | null>(null);
  const scales = useRef<Scale | null>(null);

  // What the charts show: the run's config, else the current parameters (empty axes).
  const cfg = view?.cfg ?? null;
  const curves = useMemo(() => (view?.cfg && view.counts ? sweepCurves(view.cfg, view.counts) : null), [view]);
  const gs = cfg?.gs ?? null;
  const xDomain = useMemo<[number, number]>(() => (gs && gs.length > 1 ? [gs[0], gs[gs.length - 1]] : [sg0, sg1]), [gs, sg0, sg1]);
  const yDomain = useMemo<[number, number]>(() => {
    if (!curves) return [0, 1];
    let hi = 0;
    for (const c of curves) for (const v of [...c.p2High, ...c.p3High]) if (Number.isFinite(v)) hi = Math.max(hi, v);
    // both charts share one scale so the two probabilities compare by eye
    return [0, Math.max(0.2, Math.min(1, Math.ceil((hi + 0.02) * 10) / 10))];
  }, [curves]);
  const faded = !!view?.outdated;

  const drawP3 = useCallback((ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => gs && curves && drawCurves(ctx, x, y, gs, curves, 'p3', faded), [gs, curves, faded]);
  const drawP2 = useCallback((ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => gs && curves && drawCurves(ctx, x, y, gs, curves, 'p2', faded), [gs, curves, faded]);

  const hoverIdx = useMemo(() => {
    if (hover === null || !gs) return -1;
    let best = 0;
    for (let j = 1; j < gs.length; j++) if (Math.abs(gs[j] - hover) < Math.abs(gs[best] - hover)) best = j;
    return best;
  }, [hover, gs]);

  const hTop = Math.max(120, Math.floor((height - 34) / 2));
  const hBottom = Math.max(150, height - hTop);
  const total = view?.state === 'idle' || !view ? 0 : view.total;
  const done = view?.state === 'idle' || !view ? 0 : view.done;
  const pct = total > 0 ? (100 * done) / total : 0;
  const elapsed = view && view.state !== 'idle' ? Math.max(0, (view.endedAt ?? now) - view.startedAt) : 0;
  const remaining = view?.state === 'running' && view.remainingMs !== null ? Math.max(0, view.remainingMs - Math.max(0, now - view.updatedAt)) : null;
  const method = ACTIVATION_INFO[(cfg ?? view?.currentCfg)?.act ?? act].piecewiseLinear;
  const shownCfg = cfg ?? view?.currentCfg ?? null;
  const canStart = sweepControl.available && !running;
  const empty = !curves || done === 0;

  const overlay = {
    onPointerMove: (e: React.PointerEvent<SVGRectElement>) => {
      const r = e.currentTarget.getBoundingClientRect();
      if (scales.current) setHover(scales.current.invert(e.clientX - r.left));
    },
    onPointerLeave: () => setHover(null),
    style: { cursor: 'crosshair' },
  };

  const hoverLine = (x: Scale, y: Scale) => {
    scales.current = x;
    if (empty) {
      return (
        <text className="sweep-empty" x={x.range()[1] / 2} y={y.range()[0] / 2} textAnchor="middle">
          {running ? 'waiting for the first networks…' : 'Press Start to run the sweep'}
        </text>
      );
    }
    if (hoverIdx < 0 || !gs) return null;
    const px = x(gs[hoverIdx]);
    return <line x1={px} x2={px} y1={0} y2={y.range()[0]} className="sweep-hover-line" />;
  };

  const hoverInfo =
    hoverIdx >= 0 && curves && gs
      ? `g = ${fmt(gs[hoverIdx], 3)}, P(3) / P(2): ` + curves.map((c) => `k=${c.width} ${pct2(c.p3[hoverIdx])} / ${pct2(c.p2[hoverIdx])}`).join(' · ') + ` (n = ${curves[0].n[hoverIdx]})`
      : null;

  return (
    <PanelFrame id="sweep" className="sweep-panel" exportData={SWEEP_EXPORT}>
      <header>
        <h2 id="sweep-title">Chaos probability of random networks vs g</h2>
        <div className="panel-tools">
          <span className="status sweep-status" data-testid="sweep-status" data-restarts={view?.restarts ?? 0} role="status">
            {statusText(view, now)}
          </span>
          <button type="button" className="primary" data-testid="sweep-start" disabled={!canStart} onClick={() => sweepControl.start()}>
            {view && view.state !== 'idle' && !running ? 'Run again' : 'Start'}
          </button>
          <button type="button" data-testid="sweep-cancel" disabled={!running} onClick={() => sweepControl.cancel()}>
            Cancel
          </button>
        </div>
      </header>
      <p className="sweep-about">
        Each point is the fraction of random networks of width k (one seed each) that have a point of period 3 (top) or a 2-cycle (bottom) at
        weight scale g. Paper B (Chatziafratis et al. 2022): with standard initialisation a random 1-D network has a period-3 point — hence
        Li–Yorke chaos, by Li and Yorke’s “period three implies chaos” — with a probability that does not vanish as k grows and rises with the
        weight variance (the threshold phenomenon). Period 3 is tested on the true f³; the authors’ notebooks computed f⁴ and so counted 2- and
        4-cycles as chaos, which is why P(2-cycle) is shown beside it.
      </p>
      <div className="sweep-controls">
        <WidthsInput />
        <ParamControl k="sg0" />
        <ParamControl k="sg1" />
        <ParamControl k="sgn" />
        <ParamControl k="sn" />
      </div>
      <div className="sweep-progress-row">
        <div
          className="sweep-bar"
          role="progressbar"
          aria-label="Networks tested"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
          aria-valuetext={`${fmtCount(done)} of ${fmtCount(total)} networks`}
          data-testid="sweep-progress"
        >
          <div className={`sweep-bar-fill ${view?.state ?? ''}`} style={{ width: `${pct}%` }} />
        </div>
        <span className="sweep-progress-text" data-testid="sweep-progress-text">
          {view && view.state !== 'idle' ? (
            <>
              {fmtCount(done)} / {fmtCount(total)} networks · {fmtDuration(elapsed)} elapsed
              {remaining !== null ? ` · ≈ ${fmtDuration(remaining)} left` : running ? ' · estimating…' : ''}
            </>
          ) : null}
          {!running && (
            <span className="sweep-estimate" data-testid="sweep-estimate">
              {view && view.state !== 'idle' ? ' · next run: ' : 'Estimated: '}
              {estimateText(view)}
            </span>
          )}
        </span>
      </div>
      {shownCfg && (
        <p className="sweep-setup" data-testid="sweep-setup">
          {PARAM_SPECS.init.labels[shownCfg.init]} init, φ = {ACTIVATION_INFO[shownCfg.act].label}, σ_out = {PARAM_SPECS.out.labels[shownCfg.out]}, σ_b ={' '}
          {fmt(shownCfg.sb, 3)}, seed {shownCfg.seed} · g from {fmt(shownCfg.gs[0], 3)} to {fmt(shownCfg.gs[shownCfg.gs.length - 1], 3)} ({shownCfg.gs.length}{' '}
          values) · {fmtCount(shownCfg.samples)} networks per point ·{' '}
          {method ? 'exact: linear pieces of f, f², f³ (piecewise-linear φ)' : 'certified: interval Newton on f, f², f³ (smooth φ; a rare tangency left undecided counts as absent)'}
          {!cfg ? ' (not run yet)' : ''}
        </p>
      )}
      <div className="panel-body sweep-body" ref={box}>
        {width > 0 && (
          <>
            <Plot
              width={width}
              height={hTop}
              margin={MARGIN_TOP}
              xDomain={xDomain}
              yDomain={yDomain}
              yLabel="P(period-3 point)"
              hideXTickLabels
              draw={drawP3}
              ariaLabel="Fraction of random networks with a point of period 3, against g, one curve per width, with 95 % Wilson bands"
              testId="sweep-p3"
              overlayProps={overlay}
            >
              {hoverLine}
            </Plot>
            <Plot
              width={width}
              height={hBottom}
              margin={MARGIN_BOTTOM}
              xDomain={xDomain}
              yDomain={yDomain}
              xLabel="weight scale g"
              yLabel="P(2-cycle)"
              draw={drawP2}
              ariaLabel="Fraction of random networks with a 2-cycle, against g, one curve per width, with 95 % Wilson bands"
              testId="sweep-p2"
              overlayProps={overlay}
            >
              {hoverLine}
            </Plot>
          </>
        )}
      </div>
      <div className="legend sweep-legend">
        {(cfg?.widths ?? view?.currentCfg?.widths ?? []).map((k, i) => (
          <span className="legend-item" key={k}>
            <i style={{ background: WIDTH_COLORS[i % WIDTH_COLORS.length] }} /> k = {k}
          </span>
        ))}
        <span className="legend-item">
          <i className="band" /> 95 % Wilson interval
        </span>
        <span className="legend-item hover-readout" data-testid="sweep-hover">
          {hoverInfo ?? (faded ? 'faded: computed for other parameters' : 'hover for the values at one g')}
        </span>
      </div>
    </PanelFrame>
  );
}

function pct2(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : '—';
}
