/**
 * Expressivity: laps (monotone pieces), level crossings and fixed points of
 * fᵗ against t on a log axis, whose growth rate estimates the topological
 * entropy; the graph of fᵗ; and Paper B's persistence comparison — one
 * perturbed layer reused t times (recurrent) against t independently
 * perturbed layers (feed-forward).
 */
import { useCallback, useMemo, useRef } from 'react';
import { expressivitySlot } from '../../compute/engine';
import { useResult } from '../useResult';
import { useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS } from '../palette';
import { fmt, sup } from '../format';
import { ParamControl } from '../controls/ParamControl';
import { Examples } from '../Examples';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import { columnsTable, recordTable } from '../export/tables';
import { pythonFor } from '../export/pythonFor';
import { CostGateNotice } from '../CostGateNotice';

const MARGIN = { top: 10, right: 16, bottom: 40, left: 60 };
const SERIES = [
  { key: 'laps', label: 'laps (monotone pieces)', color: '#0b4f8a' },
  { key: 'crossings', label: 'crossings of the middle level', color: '#E69F00' },
  { key: 'fixedPoints', label: 'fixed points of fᵗ', color: '#009E73' },
] as const;
const RNN_COLOR = '#c8102e';
const UNIT: [number, number] = [0, 1];
const FNN_COLOR = '#0072B2';

/** Exports: laps, crossings and fixed points of fᵗ (as `cli laps --format csv`) with the entropy estimate. */
const LAPS_EXPORT: PanelExport = {
  tables: () => {
    const l = expressivitySlot.get()?.res.laps;
    if (!l) return [];
    return [
      columnsTable('laps', { t: l.t, laps: l.laps, crossings: l.crossings, fixedPoints: l.fixedPoints }),
      recordTable('growth', { growth_rate: l.growthRate, entropy: l.entropy, method: l.method, window_lo: l.window[0], window_hi: l.window[1], level: l.level }),
    ];
  },
  python: () => pythonFor('laps', {}),
};

const GRAPH_EXPORT: PanelExport = {
  tables: () => {
    const g = expressivitySlot.get()?.res.graph;
    return g ? [columnsTable('graph', { x: g.xs, [`f${g.t}`]: g.ys })] : [];
  },
  python: () => pythonFor('graph', {}),
};

/** Exports: laps against σ (mean, min, max over the draws), and the example compositions. */
const PERSISTENCE_EXPORT: PanelExport = {
  tables: () => {
    const res = expressivitySlot.get()?.res;
    const p = res?.persistence;
    if (!res || !p) return [];
    const ex = res.examples;
    return [
      columnsTable('persistence', {
        sigma: p.sigmas,
        recurrent_mean: p.recurrent.map((s) => s.mean),
        recurrent_min: p.recurrent.map((s) => s.min),
        recurrent_max: p.recurrent.map((s) => s.max),
        feedforward_mean: p.feedforward.map((s) => s.mean),
        feedforward_min: p.feedforward.map((s) => s.min),
        feedforward_max: p.feedforward.map((s) => s.max),
      }),
      ...(ex
        ? [
            columnsTable('example_recurrent', { x: ex.recurrent.xs, y: ex.recurrent.ys }),
            columnsTable('example_feedforward', { x: ex.feedforward.xs, y: ex.feedforward.ys }),
          ]
        : []),
    ];
  },
  python: () => pythonFor('persistence', {}),
};

function useBox() {
  const ref = useRef<HTMLDivElement>(null);
  return { ref, ...useSize(ref) };
}

export function ExpressivityView() {
  const view = useResult(expressivitySlot);
  const job = useApp((s) => s.jobs.expressivity);
  const res = view?.res;
  const laps = res?.laps;
  const lapsBox = useBox();
  const graphBox = useBox();

  const yMax = useMemo(() => (laps ? Math.max(2, ...laps.laps, ...laps.crossings, ...laps.fixedPoints) * 1.6 : 10), [laps]);
  const T = laps?.t.length ? laps.t[laps.t.length - 1] : 1;
  const drawLaps = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!laps) return;
      const ts = laps.t;
      for (const s of SERIES) {
        const vs = (laps[s.key] as number[]).map((v) => (v > 0 ? v : NaN));
        ctx.strokeStyle = s.color;
        ctx.fillStyle = s.color;
        ctx.lineWidth = 2;
        strokeSeries(ctx, x, y, ts, vs);
        ts.forEach((t, i) => {
          if (!(vs[i] > 0)) return;
          ctx.beginPath();
          ctx.arc(x(t), y(vs[i]), 3.5, 0, 2 * Math.PI);
          ctx.fill();
        });
      }
      // e^{h t} through the last lap count: the growth the entropy estimate describes
      if (Number.isFinite(laps.entropy) && laps.entropy > 0) {
        const last = laps.laps[laps.laps.length - 1];
        ctx.setLineDash([5, 4]);
        ctx.strokeStyle = COLORS.ink2;
        ctx.lineWidth = 1.2;
        ctx.beginPath();
        ctx.moveTo(x(1), y(Math.max(1, last * Math.exp(-laps.entropy * (T - 1)))));
        ctx.lineTo(x(T), y(last));
        ctx.stroke();
        ctx.setLineDash([]);
      }
    },
    [laps, T],
  );

  const graph = res?.graph;
  const gDomain = laps?.window ?? UNIT;
  const gyDomain = useMemo<[number, number]>(() => {
    if (!graph) return gDomain;
    let lo = gDomain[0];
    let hi = gDomain[1];
    for (const v of graph.ys) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return [lo, hi];
  }, [graph, gDomain]);
  const drawGraph = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!graph) return;
      ctx.strokeStyle = COLORS.diagonal;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(x(gDomain[0]), y(gDomain[0]));
      ctx.lineTo(x(gDomain[1]), y(gDomain[1]));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.strokeStyle = COLORS.map;
      ctx.lineWidth = 1.4;
      strokeSeries(ctx, x, y, graph.xs, graph.ys);
    },
    [graph, gDomain],
  );

  return (
    <div className="grid view-grid expressivity-grid">
      <PanelFrame id="laps" exportData={LAPS_EXPORT}>
        <header>
          <h2 id="laps-title">Laps of fᵗ</h2>
          <span className="status">{job?.state === 'running' ? 'computing…' : ''}</span>
        </header>
        <p className="explain">
          The number of monotone pieces (laps) of fᵗ grows like e<sup>h·t</sup>, with h the topological entropy (Misiurewicz–Szlenk). A map with a period-3
          point has h ≥ ln φ ≈ 0.48: its laps grow at least like the Fibonacci numbers; the tent map doubles them. Counts are{' '}
          {laps?.method === 'exact' ? 'exact (f is piecewise linear)' : 'made on a fine grid (a lower bound)'}.
        </p>
        <Examples tab="expressivity" />
        <CostGateNotice lane="expressivity" what="The laps of the iterates" />
        {job?.state === 'error' && (
          <p className="error" role="alert">
            Could not compute: {job.message}
          </p>
        )}
        <div className="readout-line" data-testid="growth">
          {laps ? (
            <>
              growth rate per step ≈ <strong>{fmt(laps.growthRate, 4)}</strong>, entropy h ≈ <strong>{fmt(laps.entropy, 4)}</strong> nats
              {laps.laps.length ? ` · f${sup(T)}: ${laps.laps[laps.laps.length - 1].toLocaleString('en')} laps on [${fmt(laps.window[0])}, ${fmt(laps.window[1])}]` : ''}
            </>
          ) : (
            '…'
          )}
        </div>
        <div className="panel-body fixed-h" ref={lapsBox.ref}>
          {lapsBox.width > 0 && (
            <Plot
              width={lapsBox.width}
              height={lapsBox.height}
              margin={MARGIN}
              xDomain={[0.5, Math.max(T, 2) + 0.5]}
              yDomain={[0.8, yMax]}
              yLog
              xLabel="t"
              yLabel="count (log scale)"
              draw={drawLaps}
              ariaLabel={laps ? `Laps of f^t for t = 1 to ${T}: ${laps.laps.join(', ')}` : 'Laps (computing)'}
              testId="laps"
            />
          )}
        </div>
        <div className="legend">
          {SERIES.map((s) => (
            <span key={s.key} className="legend-item">
              <i style={{ background: s.color }} /> {s.label}
            </span>
          ))}
          <span className="legend-item">
            <i style={{ background: '#555' }} /> e<sup>h·t</sup>
          </span>
        </div>
        {laps?.notes.map((n) => (
          <p key={n} className="method">
            {n}
          </p>
        ))}
        <div className="inline-controls">
          <ParamControl k="xt" />
        </div>
      </PanelFrame>
      <PanelFrame id="graph" exportData={GRAPH_EXPORT}>
        <header>
          <h2 id="graph-title">Graph of f{graph ? sup(graph.t) : 'ᵗ'}</h2>
        </header>
        <div className="panel-body fixed-h" ref={graphBox.ref}>
          {graphBox.width > 0 && (
            <Plot
              width={graphBox.width}
              height={graphBox.height}
              margin={MARGIN}
              xDomain={gDomain}
              yDomain={gyDomain}
              xLabel="x"
              yLabel={`f${graph ? sup(graph.t) : 'ᵗ'}(x)`}
              draw={drawGraph}
              ariaLabel={graph ? `Graph of the ${graph.t}-th iterate` : 'Graph (computing)'}
              testId="iterate-graph"
            />
          )}
        </div>
        <div className="inline-controls">
          <ParamControl k="xg" />
        </div>
      </PanelFrame>
      <Persistence />
    </div>
  );
}

function Persistence() {
  const view = useResult(expressivitySlot);
  const res = view?.res;
  const pers = res?.persistence;
  const ex = res?.examples;
  const box = useBox();
  const exBox = useBox();
  const sigmaNow = view?.req.params.xp ?? 0.1;

  const yDomain = useMemo<[number, number]>(() => {
    if (!pers) return [1, 100];
    const all = [...pers.recurrent, ...pers.feedforward].flatMap((s) => [s.min, s.max]);
    return [Math.max(0.8, Math.min(...all) * 0.8), Math.max(...all) * 1.4];
  }, [pers]);
  const sx = useMemo(() => (pers ? pers.sigmas.map((s) => s) : []), [pers]);
  const drawPers = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!pers) return;
      const band = (stats: typeof pers.recurrent, color: string) => {
        ctx.fillStyle = color + '26';
        ctx.beginPath();
        stats.forEach((s, i) => (i ? ctx.lineTo(x(sx[i]), y(s.max)) : ctx.moveTo(x(sx[i]), y(s.max))));
        for (let i = stats.length - 1; i >= 0; i--) ctx.lineTo(x(sx[i]), y(stats[i].min));
        ctx.closePath();
        ctx.fill();
        ctx.strokeStyle = color;
        ctx.lineWidth = 2.4;
        strokeSeries(
          ctx,
          x,
          y,
          sx,
          stats.map((s) => s.mean),
        );
      };
      band(pers.feedforward, FNN_COLOR);
      band(pers.recurrent, RNN_COLOR);
      ctx.strokeStyle = COLORS.ink2;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x(sigmaNow), y(yDomain[0]));
      ctx.lineTo(x(sigmaNow), y(yDomain[1]));
      ctx.stroke();
      ctx.setLineDash([]);
    },
    [pers, sx, sigmaNow, yDomain],
  );
  const exDomain = res?.laps.window ?? UNIT;
  const exY = useMemo<[number, number]>(() => {
    if (!ex) return exDomain;
    let lo = exDomain[0];
    let hi = exDomain[1];
    for (const g of [ex.recurrent, ex.feedforward])
      for (const v of g.ys) {
        if (!Number.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    return [lo, hi];
  }, [ex, exDomain]);
  const drawEx = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!ex) return;
      ctx.lineWidth = 1.3;
      ctx.strokeStyle = FNN_COLOR;
      strokeSeries(ctx, x, y, ex.feedforward.xs, ex.feedforward.ys);
      ctx.strokeStyle = RNN_COLOR;
      strokeSeries(ctx, x, y, ex.recurrent.xs, ex.recurrent.ys);
    },
    [ex],
  );
  const t = pers?.t ?? view?.req.params.xn ?? 6;

  return (
    <PanelFrame id="persistence" className="span2" labelledBy="persist-title" exportData={PERSISTENCE_EXPORT}>
      <header>
        <h2 id="persist-title">Persistence under perturbation</h2>
      </header>
      <p className="explain">
        Paper B: a recurrent network reuses one layer, so a perturbed layer still composes into a map with exponentially many oscillations; a feed-forward
        stack of {t} independently perturbed layers loses them. Each weight and bias gets N(0, σ²) noise; lines are means over draws, bands their range.
      </p>
      {!pers && res?.notes.length ? <p className="method">{res.notes.join(' ')}</p> : null}
      <div className="split">
        <div className="panel-body fixed-h" ref={box.ref}>
          {box.width > 0 && pers && (
            <Plot
              width={box.width}
              height={box.height}
              margin={MARGIN}
              xDomain={[0, Math.max(...pers.sigmas)]}
              yDomain={yDomain}
              yLog
              xLabel="perturbation σ"
              yLabel={`laps of the ${t}-fold composition`}
              draw={drawPers}
              ariaLabel={`Laps against σ: recurrent ${pers.recurrent.map((s) => fmt(s.mean, 3)).join(', ')}; feed-forward ${pers.feedforward.map((s) => fmt(s.mean, 3)).join(', ')}`}
              testId="persistence"
            />
          )}
        </div>
        <div className="panel-body fixed-h" ref={exBox.ref}>
          {exBox.width > 0 && ex && (
            <Plot
              width={exBox.width}
              height={exBox.height}
              margin={MARGIN}
              xDomain={exDomain}
              yDomain={exY}
              xLabel="x"
              yLabel={`σ = ${fmt(ex.sigma, 3)}: ${t}-fold composition`}
              draw={drawEx}
              ariaLabel={`Graphs of the recurrent and feed-forward ${t}-fold compositions at sigma ${ex.sigma}`}
              testId="persistence-example"
            />
          )}
        </div>
      </div>
      <div className="legend">
        <span className="legend-item">
          <i style={{ background: RNN_COLOR }} /> recurrent: one perturbed layer, {t} times
        </span>
        <span className="legend-item">
          <i style={{ background: FNN_COLOR }} /> feed-forward: {t} perturbed layers
        </span>
        <div className="inline-controls">
          <ParamControl k="xn" />
          <ParamControl k="xp" />
        </div>
      </div>
    </PanelFrame>
  );
}
