/**
 * The Explore view for vector maps (RNN, PLRNN, Hénon): readouts,
 * the mean-field variance map (RNN) or the attractor in the plane, the time
 * series of a few units with the twin trajectory's distance, and the orbit
 * diagram (shared with the 1-D maps).
 */
import { StdErr } from '../StdErr';
import { useCallback, useMemo, useRef } from 'react';
import { vectorPanelSlot } from '../../compute/engine';
import { useResult } from '../useResult';
import { useApp } from '../../state/store';
import { hasMeanField, modelND } from '../../core/models';
import { Plot, strokeSeries, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS } from '../palette';
import { fmt, sub } from '../format';
import { DiagramPanel } from './DiagramPanel';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import { columnsTable, recordTable, steps } from '../export/tables';
import { pythonFor } from '../export/pythonFor';
import { recordDraw } from '../../compute/perfProbe';
import { CostGateNotice } from '../CostGateNotice';

const MARGIN = { top: 8, right: 14, bottom: 38, left: 56 };
const UNIT_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'];

const vectorPython = (panel: 'readouts' | 'meanfield' | 'attractor' | 'units') => () => pythonFor(panel, { lambdaMax: vectorPanelSlot.get()?.res.lambda });

/** Exports of the vector Explore panels: what each plots, from the vector-panel result. */
const READOUTS_EXPORT: PanelExport = {
  tables: () => {
    const r = vectorPanelSlot.get()?.res;
    if (!r) return [];
    const mf = r.meanField;
    return [
      recordTable('lambda_max', { lambda_max: r.diverged ? null : r.lambda, stderr: r.diverged ? null : r.lambdaStderr, steps: r.lambdaSteps, kind: r.kind, period: r.period, n: r.n }),
      columnsTable('convergence', { steps: r.traceT, running_estimate: r.trace }),
      ...(mf ? [recordTable('mean_field', { q_star: mf.qStar, chi1: mf.chi1, lambda_mf: mf.lambda, critical_g: mf.criticalG, sigma_w2: mf.sigmaW2, sigma_b2: mf.sigmaB2 })] : []),
    ];
  },
  python: vectorPython('readouts'),
  values: () => {
    const r = vectorPanelSlot.get()?.res;
    return { lambdaMax: r?.lambda ?? null, lambdaMaxStderr: r?.lambdaStderr ?? null, kind: r?.kind ?? null, lambdaMF: r?.meanField?.lambda ?? null };
  },
};

const MEANFIELD_EXPORT: PanelExport = {
  tables: () => {
    const mf = vectorPanelSlot.get()?.res.meanField;
    if (!mf) return [];
    return [
      columnsTable('variance_map', { q: mf.qs, F_q: mf.Fq }),
      columnsTable('simulated', { t: steps(mf.simulated.length), q_t: mf.simulated }),
      recordTable('fixed_point', { q_star: mf.qStar, chi1: mf.chi1, lambda_mf: mf.lambda, critical_g: mf.criticalG }),
    ];
  },
  python: vectorPython('meanfield'),
};

const ATTRACTOR_EXPORT: PanelExport = {
  tables: () => {
    const r = vectorPanelSlot.get()?.res;
    if (!r) return [];
    return [columnsTable('phase', { [r.phase.xLabel || 'x']: r.phase.xs, [r.phase.yLabel || 'y']: r.phase.ys })];
  },
  python: vectorPython('attractor'),
};

const UNITS_EXPORT: PanelExport = {
  tables: () => {
    const r = vectorPanelSlot.get()?.res;
    if (!r) return [];
    const units: Record<string, ArrayLike<number>> = {};
    r.units.forEach((u, j) => (units[`h${u + 1}`] = r.values.subarray(j * r.len, (j + 1) * r.len)));
    return [
      columnsTable('units', { t: steps(r.len), ...units, mean: r.mean }),
      columnsTable('distance', { t: steps(r.logSep.length), log10_distance: r.logSep }),
      columnsTable('running_extremes', { t: steps(r.sepMin.length).map((i) => i + r.sepTransient), log10_min: r.sepMin, log10_max: r.sepMax }),
      ...(r.n > 2 && r.phase.xs.length ? [columnsTable('phase', { [r.phase.xLabel]: r.phase.xs, [r.phase.yLabel]: r.phase.ys })] : []),
    ];
  },
  python: vectorPython('units'),
};

export function VectorExplore() {
  const model = useApp((s) => s.params.model);
  return (
    <>
      <VectorReadouts />
      <div className="grid">
        {hasMeanField(model) ? <MeanFieldPanel /> : <PhasePanel big />}
        <VectorTrajectoryPanel withPhase={hasMeanField(model)} />
        <DiagramPanel />
      </div>
    </>
  );
}

/** Without mean-field theory (PLRNN, Hénon, imported): how far the twin trajectory got, in words. */
function TwinReadout() {
  const res = useResult(vectorPanelSlot)?.res;
  // a 2-D map with a constant det J (Hénon: −b) has λ₁ + λ₂ = ln|det J|, so λ₂ and D_KY follow from λ₁
  const logDet = useApp((s) => {
    const m = modelND(s.params.model);
    return m.constantLogDet && m.dimension(s.params, null) === 2 ? m.constantLogDet(s.params) : null;
  });
  if (!res || res.diverged || res.len < 2) return <span className="readout-value small">{res ? '—' : '…'}</span>;
  const last = res.logSep[res.len - 1];
  const first = res.logSep[0];
  const grew = Number.isFinite(last) && Number.isFinite(first) && last - first > 2;
  // the distance itself, 2 significant digits (1.0e−8, 0.76)
  const pow = (v: number) => (Number.isFinite(v) ? fmt(10 ** v, 2) : '0');
  const l2 = logDet !== null && Number.isFinite(logDet) ? logDet - res.lambda : NaN;
  const dky = res.kind === 'chaotic' && Number.isFinite(l2) && l2 < 0 ? 1 + res.lambda / Math.abs(l2) : NaN;
  return (
    <>
      <span className="readout-value small" data-testid="twin-summary">
        twin: ‖h − h′‖ {pow(first)} → {pow(last)} in {res.len - 1} steps
      </span>
      <span className="readout-note">
        {res.kind === 'chaotic'
          ? grew
            ? 'nearby states separate: sensitive dependence on the start'
            : `they separate like e^(λ_max·t): order one after about ${fmt(-Math.LN10 * first / res.lambda, 2)} steps`
          : 'nearby states stay together (order)'}
        {Number.isFinite(dky) ? ` · Kaplan–Yorke dimension 1 + λ₁/|λ₂| = ${fmt(dky, 3)} (λ₂ = ln b − λ₁)` : ''}
      </span>
    </>
  );
}

function VectorReadouts() {
  const view = useResult(vectorPanelSlot);
  const job = useApp((s) => s.jobs.vectorPanel);
  const res = view?.res;
  const mf = res?.meanField;
  const kindText = !res
    ? 'computing…'
    : res.kind === 'diverged'
      ? 'diverged: the state left |h| ≤ 10⁶'
      : res.kind === 'periodic'
        ? `period ${res.period}`
        : res.kind;
  const cls = res?.kind === 'chaotic' ? 'chaos' : res?.kind === 'diverged' ? 'diverged' : res ? 'order' : '';
  return (
    <PanelFrame id="readouts" baseClass="readouts" ariaLabel="Readouts" ariaLive="polite" exportData={READOUTS_EXPORT}>
      <div className="readout">
        <span className="readout-label">Largest Lyapunov exponent λ_max</span>
        <span className={`readout-value ${res && !res.diverged ? (res.lambda > 1e-3 ? 'chaos' : 'order') : ''}`}>
          <span data-testid="lambda">{res && !res.diverged ? fmt(res.lambda, 4) : '—'}</span>
          {res && !res.diverged && <StdErr value={res.lambdaStderr} testId="lambda-stderr" />}
        </span>
        <span className="readout-note">{res && !res.diverged ? `per step, one tangent vector over ${res.lambdaSteps.toLocaleString('en')} steps · the full spectrum is in “Lyapunov spectrum”` : ''}</span>
      </div>
      <div className="readout">
        <span className="readout-label">Orbit</span>
        <span className={`readout-value ${cls}`} data-testid="orbit-kind">
          {kindText}
        </span>
        {res?.kind === 'chaotic' && <span className="readout-note">predictability ln 2/λ_max ≈ {fmt(Math.LN2 / res.lambda, 3)} steps</span>}
      </div>
      <div className="readout">
        <span className="readout-label">{mf ? 'Mean-field theory' : 'Twin trajectory'}</span>
        {mf ? (
          <>
            <span className={`readout-value small ${mf.lambda > 0 ? 'chaos' : 'order'}`} data-testid="mean-field">
              λ_MF = ½ ln χ₁ = {fmt(mf.lambda, 3)} · χ₁ = {fmt(mf.chi1, 3)}
            </span>
            <span className="readout-note">
              critical g ≈ {Number.isFinite(mf.criticalG) ? fmt(mf.criticalG, 4) : 'none in (0, 20]'} (for this law and σ_b) · q* = {fmt(mf.qStar, 3)}
            </span>
          </>
        ) : (
          <TwinReadout />
        )}
      </div>
      <CostGateNotice lane="vectorPanel" what="The orbit, its twin and λ_max" />
      {job?.state === 'error' && (
        <p className="error" role="alert">
          Could not compute: {job.message}
        </p>
      )}
    </PanelFrame>
  );
}

/** for the random RNN: the cobweb of the variance map q ← σ_w²·E[φ(√q z)²] + σ_b². */
function MeanFieldPanel() {
  const view = useResult(vectorPanelSlot);
  const mf = view?.res.meanField ?? null;
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const side = Math.max(120, Math.min(width - 70, height - 50));
  const qMax = mf ? mf.qs[mf.qs.length - 1] : 1;
  const domain = useMemo<[number, number]>(() => [0, qMax], [qMax]);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!mf) return;
      ctx.strokeStyle = COLORS.diagonal;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(x(0), y(0));
      ctx.lineTo(x(qMax), y(qMax));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.strokeStyle = COLORS.map;
      ctx.lineWidth = 2.6;
      strokeSeries(ctx, x, y, mf.qs, mf.Fq);
      // the theory's cobweb from the network's initial variance
      ctx.strokeStyle = COLORS.cobweb;
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      let q = mf.q0;
      ctx.moveTo(x(q), y(0));
      const F = (v: number) => {
        // interpolate the sampled map
        const i = Math.min(mf.qs.length - 2, Math.max(0, Math.floor((v / qMax) * (mf.qs.length - 1))));
        const t = (v - mf.qs[i]) / (mf.qs[i + 1] - mf.qs[i]);
        return mf.Fq[i] + t * (mf.Fq[i + 1] - mf.Fq[i]);
      };
      for (let i = 0; i < 30 && q <= qMax; i++) {
        const nq = F(q);
        ctx.lineTo(x(q), y(nq));
        ctx.lineTo(x(nq), y(nq));
        q = nq;
      }
      ctx.stroke();
      // the network's own variances: (q_t, q_{t+1}) should sit on the curve
      ctx.fillStyle = COLORS.ink;
      for (let t = 0; t + 1 < mf.simulated.length; t++) {
        const a = mf.simulated[t];
        const b = mf.simulated[t + 1];
        if (!Number.isFinite(a) || !Number.isFinite(b)) break;
        ctx.beginPath();
        ctx.arc(x(a), y(b), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    },
    [mf, qMax],
  );
  return (
    <PanelFrame id="meanfield" labelledBy="mf-title" exportData={MEANFIELD_EXPORT}>
      <header>
        <h2 id="mf-title">Mean-field variance map</h2>
        <p className="hint">q ← σ_w²·E[φ(√q z)²] + σ_b²; dots: the network’s own (q_t, q_t₊₁)</p>
      </header>
      <div className="panel-body square" ref={box}>
        {width > 0 && mf && (
          <Plot
            width={side + 70}
            height={side + 50}
            margin={{ top: 10, right: 14, bottom: 40, left: 56 }}
            xDomain={domain}
            yDomain={domain}
            xLabel="q_t"
            yLabel="q_t₊₁"
            draw={draw}
            ariaLabel={`Variance map of mean-field theory with fixed point q* = ${fmt(mf.qStar)}, slope chi1 = ${fmt(mf.chi1)}`}
            testId="mean-field-map"
          >
            {(x, y) =>
              Number.isFinite(mf.qStar) && mf.qStar <= qMax ? (
                <circle cx={x(mf.qStar)} cy={y(mf.qStar)} r={6} className={`fixed-point ${mf.chi1 < 1 ? 'stable' : 'unstable'}`}>
                  <title>{`q* = ${fmt(mf.qStar)}: χ₁ = ${fmt(mf.chi1)} (${mf.chi1 < 1 ? 'ordered' : 'chaotic'})`}</title>
                </circle>
              ) : null
            }
          </Plot>
        )}
      </div>
      {mf && (
        <div className="legend">
          <span className="legend-item">
            σ_w² = {fmt(mf.sigmaW2, 3)}, σ_b² = {fmt(mf.sigmaB2, 3)}: {mf.chi1 > 1 ? 'χ₁ > 1, chaos predicted' : 'χ₁ < 1, order predicted'}
          </span>
        </div>
      )}
    </PanelFrame>
  );
}

/** Half the smallest axis span of the phase portrait (state units). */
const COLLAPSED_HALF_SPAN = 0.05;

/** The attractor in the plane: Hénon’s (x, y), or the first two principal components. */
function PhasePanel({ big }: { big?: boolean }) {
  const view = useResult(vectorPanelSlot);
  const res = view?.res;
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const [xd, yd] = useMemo(() => {
    if (!res || !res.phase.xs.length) return [[-1, 1] as [number, number], [-1, 1] as [number, number]];
    const ext = (a: Float64Array): [number, number] => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of a) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      // an orbit collapsed on a fixed point keeps a readable window around it
      // (PCA of rounding noise would otherwise blow 1e-9 up to the full axis)
      const pad = Math.max(COLLAPSED_HALF_SPAN, 0.06 * (hi - lo));
      return [lo - pad, hi + pad];
    };
    return [ext(res.phase.xs), ext(res.phase.ys)];
  }, [res]);
  const collapsed = !!res && res.phase.xs.length > 0 && xd[1] - xd[0] <= 2 * COLLAPSED_HALF_SPAN + 1e-12 && yd[1] - yd[0] <= 2 * COLLAPSED_HALF_SPAN + 1e-12;
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res) return;
      const { xs, ys } = res.phase;
      ctx.fillStyle = COLORS.cloud;
      const r = xs.length > 1500 ? 1.1 : 2;
      for (let i = 0; i < xs.length; i++) ctx.fillRect(x(xs[i]) - r / 2, y(ys[i]) - r / 2, r, r);
      if (collapsed) {
        // a single point: mark it so it is seen, and say what it is
        const cx = x(xs[xs.length - 1]);
        const cy = y(ys[ys.length - 1]);
        ctx.beginPath();
        ctx.arc(cx, cy, 6, 0, 2 * Math.PI);
        ctx.fill();
        ctx.font = '13px system-ui, sans-serif';
        ctx.fillText('fixed point', cx + 10, cy - 8);
      }
    },
    [res, collapsed],
  );
  const plot = width > 0 && res && (
    <Plot
      width={width}
      height={Math.max(100, height)}
      margin={MARGIN}
      xDomain={xd}
      yDomain={yd}
      xLabel={res.phase.xLabel}
      yLabel={res.phase.yLabel}
      draw={draw}
      ariaLabel={`Phase portrait: ${res.phase.xs.length} states after the transient`}
      testId="phase"
    />
  );
  if (!big) return <div className="panel-body" ref={box}>{plot}</div>;
  return (
    <PanelFrame id="attractor" labelledBy="phase-title" exportData={ATTRACTOR_EXPORT}>
      <header>
        <h2 id="phase-title">Attractor</h2>
        <p className="hint">states after the transient{res && res.n > 2 ? ', projected on the first two principal components' : ''}</p>
      </header>
      <div className="panel-body" ref={box}>
        {plot}
      </div>
    </PanelFrame>
  );
}

/** for vectors: a few units against t, and log₁₀ of the twin trajectory's distance. */
function VectorTrajectoryPanel({ withPhase }: { withPhase: boolean }) {
  const view = useResult(vectorPanelSlot);
  const res = view?.res;
  const d0 = useApp((s) => s.params.d0);
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const ts = useMemo(() => Float64Array.from({ length: res?.len ?? 0 }, (_, i) => i), [res]);
  const T = view?.req.params.T ?? 1;
  const yDomain = useMemo<[number, number]>(() => {
    if (!res) return [-1, 1];
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of res.values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return lo <= hi ? [lo - 0.05 * (hi - lo + 1e-9), hi + 0.05 * (hi - lo + 1e-9)] : [-1, 1];
  }, [res]);
  const sepDomain = useMemo<[number, number]>(() => {
    if (!res || !res.logSep.length) return [-16, 1];
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of res.logSep) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return Number.isFinite(lo) ? [Math.floor(lo) - 0.5, Math.ceil(Math.max(hi, lo + 1)) + 0.5] : [-17, 1];
  }, [res]);
  const drawSeries = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res) return;
      ctx.lineWidth = 1.4;
      res.units.forEach((_, j) => {
        ctx.strokeStyle = UNIT_COLORS[j % UNIT_COLORS.length];
        strokeSeries(ctx, x, y, ts, res.values.subarray(j * res.len, (j + 1) * res.len));
      });
      recordDraw('units', view?.req.params.g ?? NaN);
    },
    [res, ts, view],
  );
  const drawSep = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale, size: { w: number; h: number }) => {
      if (!res) return;
      ctx.fillStyle = COLORS.band;
      ctx.fillRect(0, 0, x(res.sepTransient), size.h);
      ctx.strokeStyle = COLORS.ink2;
      ctx.lineWidth = 1.2;
      strokeSeries(ctx, x, y, ts, res.logSep);
      const tt = Float64Array.from({ length: res.sepMin.length }, (_, i) => i + res.sepTransient);
      ctx.lineWidth = 2.4;
      ctx.setLineDash([6, 3]);
      ctx.strokeStyle = COLORS.runMax;
      strokeSeries(ctx, x, y, tt, res.sepMax);
      ctx.strokeStyle = COLORS.runMin;
      strokeSeries(ctx, x, y, tt, res.sepMin);
      ctx.setLineDash([]);
    },
    [res, ts],
  );
  const h1 = Math.max(70, Math.floor(height * (withPhase ? 0.36 : 0.5)));
  const h2 = Math.max(70, Math.floor(height * (withPhase ? 0.32 : 0.5)));
  return (
    <PanelFrame id="units" labelledBy="vtraj-title" exportData={UNITS_EXPORT}>
      <header>
        <h2 id="vtraj-title">Units &amp; twin trajectory</h2>
        <p className="hint keep">
          {res?.units.map((u, j) => (
            <span key={u}>
              <span className="swatch" style={{ background: UNIT_COLORS[j] }} /> h{sub(u + 1)}{' '}
            </span>
          ))}
          · twin from h₀ + {fmt(d0, 3)}·u (u a random unit vector)
        </p>
      </header>
      <div className="panel-body" ref={box}>
        {width > 0 && (
          <>
            <Plot width={width} height={h1} margin={MARGIN} xDomain={[0, T]} yDomain={yDomain} yLabel="hᵢ(t)" draw={drawSeries} ariaLabel="Time series of four units" testId="trajectory" />
            <Plot
              width={width}
              height={h2}
              margin={MARGIN}
              xDomain={[0, T]}
              yDomain={sepDomain}
              xLabel="step t"
              yLabel="log₁₀‖h − h′‖"
              draw={drawSep}
              ariaLabel="Log distance between the twin trajectories"
              testId="separation"
            />
            {withPhase && (
              <div style={{ height: Math.max(80, height - h1 - h2) }}>
                <PhasePanel />
              </div>
            )}
          </>
        )}
      </div>
    </PanelFrame>
  );
}
