/**
 * Cobweb: the graph of f (and chosen iterates fᵏ) against y = x, the
 * cobweb of the orbit from x₀ (drag on the plot to move x₀), and the fixed
 * points of f, filled when stable (|f′| < 1) and open when unstable.
 */
import { useCallback, useRef } from 'react';
import { panel1dSlot } from '../../compute/engine';
import type { Panel1dResult } from '../../core/jobs/panel1d';
import { useResult } from '../useResult';
import { appStore, useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale, squareFrame } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS, ITERATE_COLORS } from '../palette';
import { fmt, sup } from '../format';
import { recordDraw } from '../../compute/perfProbe';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import { columnsTable, steps } from '../export/tables';
import { pythonFor } from '../export/pythonFor';

const MARGIN = { top: 10, right: 14, bottom: 42, left: 56 };

/** Exports: the orbit (as `cli orbit --format csv`), f and its iterates, the fixed points. */
const COBWEB_EXPORT: PanelExport = {
  tables: () => {
    const r = panel1dSlot.get()?.res;
    if (!r) return [];
    return [
      columnsTable('orbit', { t: steps(r.orbit.length), x: r.orbit }),
      columnsTable('map', { x: r.xs, ...Object.fromEntries(r.iterates.map((it) => [it.k === 1 ? 'f' : `f${it.k}`, it.ys])) }),
      columnsTable('fixed_points', { x: r.fixedPoints.map((f) => f.x), slope: r.fixedPoints.map((f) => f.slope), stability: r.fixedPoints.map((f) => f.stability) }),
    ];
  },
  python: () => pythonFor('cobweb', { lambda: panel1dSlot.get()?.res.analysis.lambda, steps: panel1dSlot.get()?.res.analysis.steps }),
  values: () => {
    const r = panel1dSlot.get()?.res;
    return { lambda: r?.analysis.lambda ?? null, kind: r?.kind ?? null, domain: r ? [...r.domain] : null };
  },
};

export function CobwebPanel() {
  const view = useResult(panel1dSlot);
  const x0 = useApp((s) => s.params.x0);
  const T = useApp((s) => s.params.T);
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  // Square plot area: y = x at 45°.
  const frame = squareFrame(width, height, MARGIN, 120);
  const res = view?.res;
  const domain = res?.domain ?? ([0, 1] as [number, number]);

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res) return;
      const [lo, hi] = res.domain;
      // y = x
      ctx.strokeStyle = COLORS.diagonal;
      ctx.lineWidth = 1.2;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(x(lo), y(lo));
      ctx.lineTo(x(hi), y(hi));
      ctx.stroke();
      ctx.setLineDash([]);
      // iterates, f last so it sits on top
      for (const it of [...res.iterates].reverse()) {
        ctx.strokeStyle = ITERATE_COLORS[it.k] ?? '#444';
        ctx.lineWidth = it.k === 1 ? 2.6 : 1.6;
        strokeSeries(ctx, x, y, res.xs, it.ys);
      }
      // cobweb
      const o = res.orbit;
      const n = o.length;
      ctx.strokeStyle = COLORS.cobweb;
      ctx.globalAlpha = n > 300 ? 0.35 : n > 100 ? 0.6 : 0.85;
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      if (n > 0) ctx.moveTo(x(o[0]), y(o[0]));
      for (let t = 0; t + 1 < n; t++) {
        ctx.lineTo(x(o[t]), y(o[t + 1]));
        ctx.lineTo(x(o[t + 1]), y(o[t + 1]));
      }
      ctx.stroke();
      ctx.globalAlpha = 1;
      recordDraw('cobweb', view?.req.params.g ?? NaN);
    },
    [res, view],
  );

  const setX0FromPointer = (e: React.PointerEvent<SVGRectElement>, xs: Scale) => {
    const r = (e.currentTarget as SVGRectElement).getBoundingClientRect();
    const v = xs.invert(e.clientX - r.left);
    appStore.getState().setParam('x0', v, { history: 'replace' });
  };

  const xScaleRef = useRef<Scale | null>(null);

  return (
    <PanelFrame id="cobweb" exportData={COBWEB_EXPORT}>
      <header>
        <h2 id="cobweb-title">Cobweb</h2>
        <p className="hint">
          Drag on the plot to move x₀. Filled dots: stable fixed points; open: unstable.
        </p>
      </header>
      <div className="panel-body square" ref={box}>
        {width > 0 && (
          <Plot
            width={frame.width}
            height={frame.height}
            margin={MARGIN}
            xDomain={domain}
            yDomain={domain}
            xLabel="xₜ"
            yLabel="xₜ₊₁"
            draw={draw}
            ariaLabel={describe(res, x0)}
            testId="cobweb"
            overlayProps={{
              onPointerDown: (e) => {
                if (!xScaleRef.current) return;
                (e.currentTarget as SVGRectElement).setPointerCapture(e.pointerId);
                appStore.getState().setDragging(true);
                setX0FromPointer(e, xScaleRef.current);
              },
              onPointerMove: (e) => {
                if (e.buttons && xScaleRef.current && appStore.getState().dragging) setX0FromPointer(e, xScaleRef.current);
              },
              onPointerUp: () => appStore.getState().setDragging(false),
              onPointerCancel: () => appStore.getState().setDragging(false),
              style: { cursor: 'ew-resize' },
            }}
          >
            {(xs, ys) => {
              xScaleRef.current = xs;
              const [lo] = ys.domain();
              const inView = x0 >= domain[0] && x0 <= domain[1];
              return (
                <g>
                  {res?.fixedPoints.map((fp, i) => (
                    <circle
                      key={i}
                      cx={xs(fp.x)}
                      cy={ys(fp.x)}
                      r={5.5}
                      className={`fixed-point ${fp.stability}`}
                      data-stability={fp.stability}
                    >
                      <title>{`x* = ${fmt(fp.x, 6)}, f′(x*) = ${fmt(fp.slope)}: ${fp.stability}`}</title>
                    </circle>
                  ))}
                  {inView && (
                    <g className="x0-handle">
                      <line x1={xs(x0)} x2={xs(x0)} y1={ys(lo)} y2={ys(x0)} stroke="#333" strokeDasharray="3 3" />
                      <circle cx={xs(x0)} cy={ys(lo)} r={7} fill="#fff" stroke="#111" strokeWidth={2} />
                      <text x={xs(x0) + 9} y={ys(lo) - 8} className="handle-label">
                        x₀
                      </text>
                    </g>
                  )}
                </g>
              );
            }}
          </Plot>
        )}
      </div>
      {res && (
        <div className="legend">
          {res.iterates.map((it) => (
            <span key={it.k} className="legend-item">
              <i style={{ background: ITERATE_COLORS[it.k] }} />
              f{it.k > 1 ? sup(it.k) : ''}
            </span>
          ))}
          <span className="legend-item">
            <i style={{ background: COLORS.cobweb }} />
            cobweb ({Math.max(0, res.orbit.length - 1)} of {T} steps{res.orbitDiverged ? ', then diverged' : ''})
          </span>
        </div>
      )}
    </PanelFrame>
  );
}

function describe(res: Panel1dResult | undefined, x0: number): string {
  if (!res) return 'Cobweb plot (computing)';
  const fps = res.fixedPoints.map((f) => `${fmt(f.x)} (${f.stability})`).join(', ') || 'none in view';
  return `Cobweb plot of f on [${fmt(res.domain[0])}, ${fmt(res.domain[1])}] from x0 = ${fmt(x0)}. Fixed points: ${fps}.`;
}
