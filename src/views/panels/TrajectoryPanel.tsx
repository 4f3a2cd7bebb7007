/**
 * Trajectory and scrambling: xₜ and the twin yₜ (started δ₀ away) against t,
 * and log₁₀|xₜ − yₜ| with its running minimum and maximum after a transient.
 * Paper B's scrambling shows as a maximum that stays large while the minimum
 * keeps dropping: the orbits separate, and come back arbitrarily close.
 */
import { useCallback, useMemo, useRef } from 'react';
import { panel1dSlot } from '../../compute/engine';
import { useResult } from '../useResult';
import { useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS } from '../palette';
import { fmt } from '../format';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import { columnsTable, steps } from '../export/tables';
import { pythonFor } from '../export/pythonFor';

const MARGIN = { top: 8, right: 14, bottom: 38, left: 56 };
/** Exports: x_t, the twin y_t and log₁₀|x_t − y_t|; the running extremes after the transient. */
const TRAJECTORY_EXPORT: PanelExport = {
  tables: () => {
    const r = panel1dSlot.get()?.res;
    if (!r) return [];
    const n = Math.max(r.orbit.length, r.twin.length);
    return [
      columnsTable('trajectory', { t: steps(n), x: r.orbit, twin: r.twin, log10_distance: r.logSep }),
      columnsTable('running_extremes', { t: steps(r.sepMin.length).map((i) => i + r.sepTransient), log10_min: r.sepMin, log10_max: r.sepMax }),
    ];
  },
  python: () => pythonFor('trajectory', { lambda: panel1dSlot.get()?.res.analysis.lambda, steps: panel1dSlot.get()?.res.analysis.steps }),
};

/** Where an exact coincidence (distance 0) is drawn on the log axis. */
const LOG_FLOOR = -17;

export function TrajectoryPanel() {
  const view = useResult(panel1dSlot);
  const d0 = useApp((s) => s.params.d0);
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const res = view?.res;
  const T = view?.req.params.T ?? 1;

  const ts = useMemo(() => {
    const n = res ? Math.max(res.orbit.length, res.twin.length) : 0;
    return Float64Array.from({ length: n }, (_, i) => i);
  }, [res]);

  const xDomain: [number, number] = [0, T];
  const yDomain = useMemo<[number, number]>(() => {
    if (!res || !res.orbit.length) return [-1, 1];
    let lo = Infinity;
    let hi = -Infinity;
    for (const a of [res.orbit, res.twin])
      for (const v of a) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    const pad = Math.max(1e-6, (hi - lo) * 0.06);
    return [lo - pad, hi + pad];
  }, [res]);
  const sepDomain = useMemo<[number, number]>(() => {
    if (!res || !res.logSep.length) return [-16, 1];
    let hi = -Infinity;
    let lo = Infinity;
    for (const v of res.logSep) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!Number.isFinite(lo)) return [LOG_FLOOR - 1, 1];
    const hasZero = res.logSep.some((v) => v === -Infinity);
    return [Math.floor(Math.min(lo, hasZero ? LOG_FLOOR : lo)) - 0.5, Math.ceil(Math.max(hi, lo + 1)) + 0.5];
  }, [res]);

  const drawOrbit = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res) return;
      ctx.lineWidth = 1.4;
      ctx.strokeStyle = COLORS.twin;
      strokeSeries(ctx, x, y, ts, res.twin);
      ctx.strokeStyle = COLORS.orbit;
      strokeSeries(ctx, x, y, ts, res.orbit);
      if (res.orbit.length <= 400) {
        ctx.fillStyle = COLORS.orbit;
        for (let t = 0; t < res.orbit.length; t++) {
          ctx.beginPath();
          ctx.arc(x(t), y(res.orbit[t]), 2, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    },
    [res, ts],
  );

  const drawSep = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale, size: { w: number; h: number }) => {
      if (!res) return;
      // transient band
      ctx.fillStyle = COLORS.band;
      ctx.fillRect(0, 0, x(res.sepTransient), size.h);
      const sep = res.logSep.map((v) => (v === -Infinity ? LOG_FLOOR : v));
      ctx.strokeStyle = COLORS.ink2;
      ctx.lineWidth = 1.2;
      strokeSeries(ctx, x, y, ts, sep);
      const tt = Float64Array.from({ length: res.sepMin.length }, (_, i) => i + res.sepTransient);
      const clampFloor = (a: Float64Array) => a.map((v) => (v === -Infinity ? LOG_FLOOR : v));
      ctx.lineWidth = 2.4;
      ctx.setLineDash([6, 3]);
      ctx.strokeStyle = COLORS.runMax;
      strokeSeries(ctx, x, y, tt, clampFloor(res.sepMax));
      ctx.strokeStyle = COLORS.runMin;
      strokeSeries(ctx, x, y, tt, clampFloor(res.sepMin));
      ctx.setLineDash([]);
    },
    [res, ts],
  );

  const h1 = Math.max(70, Math.floor(height * 0.5));
  const h2 = Math.max(80, height - h1);
  const lastMin = res?.sepMin.length ? res.sepMin[res.sepMin.length - 1] : NaN;
  const lastMax = res?.sepMax.length ? res.sepMax[res.sepMax.length - 1] : NaN;

  return (
    <PanelFrame id="trajectory" labelledBy="traj-title" exportData={TRAJECTORY_EXPORT}>
      <header>
        <h2 id="traj-title">Trajectory &amp; scrambling</h2>
        <p className="hint keep">
          <span className="swatch" style={{ background: COLORS.orbit }} /> xₜ from x₀ <span className="swatch" style={{ background: COLORS.twin }} /> twin from x₀ + {fmt(d0, 3)}
        </p>
      </header>
      <div className="panel-body" ref={box}>
        {width > 0 && (
          <>
            <Plot width={width} height={h1} margin={MARGIN} xDomain={xDomain} yDomain={yDomain} yLabel="xₜ" draw={drawOrbit} ariaLabel="Time series of the orbit and its twin" testId="trajectory" hideXTickLabels={false} />
            <Plot
              width={width}
              height={h2}
              margin={MARGIN}
              xDomain={xDomain}
              yDomain={sepDomain}
              xLabel="step t"
              yLabel="log₁₀|xₜ − yₜ|"
              draw={drawSep}
              ariaLabel={`Log distance between the twin orbits; after the transient its minimum is ${fmt(lastMin)} and maximum ${fmt(lastMax)}`}
              testId="separation"
            />
          </>
        )}
      </div>
      {res && (
        <div className="legend">
          <span className="legend-item">
            <i style={{ background: COLORS.runMax }} /> running max after t = {res.sepTransient}: {sepText(lastMax)}
          </span>
          <span className="legend-item">
            <i style={{ background: COLORS.runMin }} /> running min: {sepText(lastMin)}
          </span>
          {res.orbitDiverged && <span className="legend-item warn-text">the orbit diverged</span>}
        </div>
      )}
    </PanelFrame>
  );
}

function sepText(v: number): string {
  if (v === -Infinity) return 'the orbits coincide exactly';
  if (!Number.isFinite(v)) return '—';
  return `|xₜ − yₜ| = ${fmt(Math.pow(10, v), 2)}`;
}
