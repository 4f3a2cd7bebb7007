/**
 * Lyapunov spectrum: QR re-orthonormalisation every step, shown as it
 * converges — λ_max first (one tangent vector), then the top exponents, then
 * all N — with the derived numbers and two numerical-health checks: the
 * two-trajectory λ_max and the sum rule Σλᵢ = ⟨ln|det J|⟩.
 */
import { MiniReadout } from '../MiniReadout';
import { useCallback, useMemo, useRef } from 'react';
import { spectrumSlot } from '../../compute/engine';
import { useResult } from '../useResult';
import { largestError, spectrumSummary, type SpectrumResult } from '../../core/vector/spectrum';
import { useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS } from '../palette';
import { fmt, fmtCount } from '../format';
import { stopText } from '../runLengthText';
import { useEngine } from '../engineContext';
import { ParamControl } from '../controls/ParamControl';
import { SizeScan } from './SizeScan';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import { columnsTable, recordTable } from '../export/tables';
import { pythonFor } from '../export/pythonFor';
import { CostGateNotice } from '../CostGateNotice';

const MARGIN = { top: 10, right: 16, bottom: 40, left: 60 };
const NONE = new Float64Array(0);
const TRACE_COLORS = ['#D55E00', '#E69F00', '#009E73', '#0072B2', '#CC79A7', '#56B4E9', '#999933', '#555555'];

/** The most complete stage the job has reached. */
function bestStage(): SpectrumResult | null {
  const r = spectrumSlot.get()?.res;
  return r ? (r.full ?? r.top ?? r.lambdaMax) : null;
}

/**
 * Exports: the exponents (as `cli lyapunov --format csv` prints them), their
 * convergence traces, and the derived numbers with the two health checks.
 */
const SPECTRUM_EXPORT: PanelExport = {
  tables: () => {
    const res = spectrumSlot.get()?.res;
    const best = bestStage();
    if (!res || !best) return [];
    const l = Array.from(best.lambdas);
    const sm = spectrumSummary(l, res.n, best.diverged);
    const traces: Record<string, number[]> = {};
    for (let i = 0; i < Math.min(best.k, TRACE_COLORS.length); i++) traces[`lambda${i + 1}`] = Array.from(best.traceT, (_, s) => best.traceL[s * best.k + i]);
    const lmax = res.lambdaMax?.lambdas[0] ?? NaN;
    return [
      columnsTable('spectrum', { i: l.map((_, i) => i + 1), lambda: l, stderr: Array.from(best.errors.lambdas) }),
      columnsTable('convergence', { steps: best.traceT, ...traces }),
      recordTable('summary', {
        n: res.n,
        k: best.k,
        steps: best.steps,
        transient: best.transient,
        lambda_max: lmax,
        lambda_max_stderr: res.lambdaMax?.errors.lambdas[0] ?? null,
        diverged: best.diverged,
        positive: sm.positive,
        kaplan_yorke: sm.kaplanYorke,
        kaplan_yorke_stderr: sm.kaplanYorke === null ? null : best.errors.kaplanYorke,
        entropy: sm.entropy,
        entropy_stderr: sm.entropy === null ? null : best.errors.entropy,
        two_trajectory: res.twoTrajectory?.lambda ?? null,
        sum: sm.sum,
        mean_log_det: best.k === res.n ? best.meanLogDet : null,
        lambda_mf: res.meanField?.lambda ?? null,
        stage: res.stage,
      }),
    ];
  },
  python: () => pythonFor('spectrum', { lambdaMax: spectrumSlot.get()?.res.lambdaMax?.lambdas[0], spectrum: bestStage()?.lambdas, steps: bestStage()?.steps, lambdaMaxSteps: spectrumSlot.get()?.res.lambdaMax?.steps }),
  values: () => {
    const res = spectrumSlot.get()?.res;
    return { lambdaMax: res?.lambdaMax?.lambdas[0] ?? null, spectrum: Array.from(bestStage()?.lambdas ?? []), stage: res?.stage ?? null };
  },
};

/**
 * Which kernels computed the stage shown, in words (issue #7): the WebAssembly
 * SIMD kernels and the JavaScript ones give the same bits, so this only tells
 * where a fallback ran (and why).
 */
function kernelsText(kernels: SpectrumResult['kernels'], reason: string, n: number): string {
  if (kernels === 'wasm-simd') return 'WebAssembly SIMD kernels';
  if (reason === 'WebAssembly SIMD unavailable') return 'JavaScript kernels (no WebAssembly SIMD here)';
  if (reason === 'installed') return n < 8 ? `JavaScript kernels (N = ${n}: too small to gain from SIMD)` : 'JavaScript kernels';
  if (reason === 'not installed') return 'JavaScript kernels (WebAssembly SIMD still loading)';
  if (reason === 'disabled') return 'JavaScript kernels (WebAssembly SIMD switched off)';
  return 'JavaScript kernels (WebAssembly SIMD failed to load)';
}

/** While a run with a tolerance goes: its largest error so far against the tolerance (the error shrinking). */
function errorProgress(r: SpectrumResult | null): string {
  if (!r || !(r.tol > 0)) return '';
  const worst = largestError(r.errors.lambdas);
  return Number.isFinite(worst) && worst > 0 ? ` · largest error ${fmt(worst, 2)} → ${fmt(r.tol, 2)}` : '';
}

export function SpectrumView() {
  const view = useResult(spectrumSlot);
  const job = useApp((s) => s.jobs.spectrum);
  const engine = useEngine();
  const res = view?.res;
  const best: SpectrumResult | null = res ? (res.full ?? res.top ?? res.lambdaMax) : null;
  const running = job?.state === 'running';
  const barsBox = useRef<HTMLDivElement>(null);
  const bars = useSize(barsBox);
  const traceBox = useRef<HTMLDivElement>(null);
  const traces = useSize(traceBox);

  const lambdas = best?.lambdas ?? NONE;
  const lmax = res?.lambdaMax?.lambdas[0] ?? NaN;
  const errors = best?.errors.lambdas ?? NONE;
  // a diverged orbit has no exponents: every readout says so (the summary reports nothing)
  const diverged = best?.diverged === true;
  const sm = best && res ? spectrumSummary(lambdas, res.n, best.diverged) : null;
  const complete = best && best.k === res?.n;
  const sum = sm?.sum ?? NaN;
  const shown = (v: string) => (diverged ? 'diverged' : v);

  const yDomain = useMemo<[number, number]>(() => {
    if (!lambdas.length) return [-1, 1];
    let lo = 0;
    let hi = 0;
    for (const l of lambdas) {
      if (!Number.isFinite(l)) continue;
      lo = Math.min(lo, Math.max(l, -10));
      hi = Math.max(hi, l);
    }
    return [lo * 1.08 - 0.02, Math.max(0.1, hi * 1.15)];
  }, [lambdas]);
  const drawBars = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      const k = lambdas.length;
      const w = Math.max(1, (x(1) - x(0)) * 0.8);
      for (let i = 0; i < k; i++) {
        const l = Math.max(yDomain[0], lambdas[i]);
        if (!Number.isFinite(l)) continue;
        ctx.fillStyle = l > 0 ? COLORS.chaos : COLORS.order;
        const px = x(i + 1) - w / 2;
        ctx.fillRect(px, Math.min(y(0), y(l)), w, Math.abs(y(l) - y(0)));
      }
      // whiskers of ± 2 standard errors (where they are known and the bar is wide enough to carry one)
      ctx.strokeStyle = COLORS.ink;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (let i = 0; i < k && w >= 3; i++) {
        const se = errors[i];
        if (!Number.isFinite(se) || !Number.isFinite(lambdas[i]) || lambdas[i] < yDomain[0]) continue;
        const cx = x(i + 1);
        const y0 = y(lambdas[i] - 2 * se);
        const y1 = y(lambdas[i] + 2 * se);
        const cap = Math.min(6, w / 3);
        ctx.moveTo(cx, y0);
        ctx.lineTo(cx, y1);
        ctx.moveTo(cx - cap, y0);
        ctx.lineTo(cx + cap, y0);
        ctx.moveTo(cx - cap, y1);
        ctx.lineTo(cx + cap, y1);
      }
      ctx.stroke();
      ctx.lineWidth = 1;
      ctx.strokeStyle = COLORS.ink;
      ctx.beginPath();
      ctx.moveTo(x(0.5), y(0));
      ctx.lineTo(x(k + 0.5), y(0));
      ctx.stroke();
      if (res?.meanField && Number.isFinite(res.meanField.lambda)) {
        ctx.strokeStyle = COLORS.ink;
        ctx.setLineDash([6, 4]);
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x(0.5), y(res.meanField.lambda));
        ctx.lineTo(x(Math.min(k, 4) + 0.5), y(res.meanField.lambda));
        ctx.stroke();
        ctx.setLineDash([]);
      }
    },
    [lambdas, errors, yDomain, res],
  );

  const traceDomain = useMemo<{ x: [number, number]; y: [number, number] }>(() => {
    if (!best || !best.traceT.length) return { x: [1, 10], y: [-1, 1] };
    const kShow = Math.min(best.k, TRACE_COLORS.length);
    let lo = Infinity;
    let hi = -Infinity;
    const from = Math.floor(best.traceT.length * 0.2);
    for (let s = from; s < best.traceT.length; s++)
      for (let i = 0; i < kShow; i++) {
        const v = best.traceL[s * best.k + i];
        if (!Number.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    const pad = 0.1 * (hi - lo + 1e-6);
    return { x: [Math.max(1, best.traceT[0]), Math.max(10, best.traceT[best.traceT.length - 1])], y: [lo - pad, hi + pad] };
  }, [best]);
  const drawTraces = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!best) return;
      const kShow = Math.min(best.k, TRACE_COLORS.length);
      for (let i = 0; i < kShow; i++) {
        ctx.strokeStyle = TRACE_COLORS[i];
        ctx.lineWidth = 1.8;
        const ys = Float64Array.from({ length: best.traceT.length }, (_, s) => best.traceL[s * best.k + i]);
        strokeSeries(ctx, x, y, best.traceT, ys);
      }
    },
    [best],
  );

  const stageText = !res
    ? running
      ? 'starting…'
      : ''
    : res.stage === 'done'
      ? `done in ${fmt(res.elapsedSeconds, 3)} s${best && best.stopped !== 'steps' && best.stopped ? ` · ${fmtCount(best.steps)} steps, ${stopText(best, 'every error')}` : ''}`
      : !running
        ? `stopped during ${res.stage === 'lambda-max' ? 'λ_max' : res.stage === 'top' ? `the top ${res.kTop}` : `all ${res.kFull}`} (${Math.round(100 * res.stageProgress)} %): estimates so far`
        : `${res.stage === 'lambda-max' ? 'λ_max (1 tangent vector)' : res.stage === 'top' ? `top ${res.kTop} exponents` : `all ${res.kFull} exponents`}: ${Math.round(100 * res.stageProgress)} %${errorProgress(running ? best : null)}${Number.isFinite(res.etaSeconds) ? ` · about ${fmt(Math.max(0, res.etaSeconds), 2)} s left` : ''}`;

  return (
    <div className="grid view-grid spectrum-grid">
      <PanelFrame id="spectrum" className="span2" labelledBy="spec-title" exportData={SPECTRUM_EXPORT}>
        <header>
          <h2 id="spec-title">Lyapunov spectrum</h2>
          <div className="panel-tools">
            <span className="status" data-testid="spectrum-status">
              {stageText}
            </span>
            {best && res && (
              <span
                className="status"
                data-testid="spectrum-kernels"
                data-kernels={best.kernels}
                title={`Computed with the ${best.kernels === 'wasm-simd' ? 'WebAssembly SIMD' : 'JavaScript'} kernels (${res.kernelsReason}); both give the same bits.`}
              >
                {kernelsText(best.kernels, res.kernelsReason, res.n)}
              </span>
            )}
            <button type="button" className="small" disabled={!running} onClick={() => engine?.cancelSpectrum()} data-testid="spectrum-cancel">
              Cancel
            </button>
          </div>
        </header>
        <p className="explain">
          A frame of tangent vectors is carried along the orbit by the Jacobians and re-orthonormalised (QR) at every step; the logs of R’s diagonal,
          averaged, are the exponents λ₁ ≥ λ₂ ≥ … (per step). λ_max &gt; 0 means nearby states separate exponentially — chaos — and, by Paper A, exploding
          loss gradients. λ_max comes first, then the top exponents, then all of them.
        </p>
        {diverged && (
          <p className="error" role="status" data-testid="spectrum-diverged">
            The orbit diverged (a coordinate left |h| ≤ 10⁶, or became non-finite): it has no Lyapunov exponents. Lower the weight scale g.
          </p>
        )}
        <CostGateNotice lane="spectrum" what="The spectrum" />
        {job?.state === 'error' && (
          <p className="error" role="alert">
            The spectrum could not be computed: {job.message}
          </p>
        )}
        <div className="spectrum-readouts" data-testid="spectrum-readouts">
          <MiniReadout label="λ_max" value={shown(fmt(lmax, 4))} stderr={diverged ? null : res?.lambdaMax?.errors.lambdas[0]} cls={!diverged && lmax > 1e-3 ? 'chaos' : 'order'} testId="spectrum-lmax" />
          <MiniReadout label="positive exponents" value={shown(best && sm ? `${sm.positive} of ${best.k}` : '…')} testId="spectrum-npos" />
          <MiniReadout
            label="Kaplan–Yorke dimension"
            value={shown(sm?.kaplanYorke != null ? fmt(sm.kaplanYorke, 4) : '…')}
            stderr={sm?.kaplanYorke != null ? best?.errors.kaplanYorke : null}
            testId="spectrum-ky"
          />
          <MiniReadout
            label="entropy rate Σλ⁺"
            value={shown(sm?.entropy != null ? fmt(sm.entropy, 4) : '…')}
            stderr={sm?.entropy != null ? best?.errors.entropy : null}
            testId="spectrum-entropy"
          />
          <MiniReadout label="predictability ln 2/λ_max" value={shown(!diverged && lmax > 0 ? `${fmt(Math.LN2 / lmax, 3)} steps` : '—')} />
          <MiniReadout
            label="two-trajectory λ_max"
            value={res?.twoTrajectory ? fmt(res.twoTrajectory.lambda, 4) : '…'}
            note={res?.twoTrajectory && Number.isFinite(lmax) ? `vs QR ${fmt(lmax, 4)}: Δ = ${fmt(Math.abs(res.twoTrajectory.lambda - lmax), 2)}` : ''}
            testId="spectrum-two"
          />
          <MiniReadout
            label="sum rule Σλᵢ = ⟨ln|det J|⟩"
            value={complete && res?.full ? `${fmt(sum, 6)} vs ${fmt(res.full.meanLogDet, 6)}` : complete && res?.top ? `${fmt(sum, 6)} vs ${fmt(res.top.meanLogDet, 6)}` : 'needs all N exponents'}
            note={complete && best && Number.isFinite(best.meanLogDet) ? `|Δ| = ${fmt(Math.abs(sum - best.meanLogDet), 2)}${best.singular ? ' (singular Jacobians: −∞ floored)' : ''}` : ''}
            testId="spectrum-sum"
          />
          {res?.meanField && (
            <MiniReadout
              label="mean-field λ_MF"
              value={fmt(res.meanField.lambda, 4)}
              note={`critical g ≈ ${Number.isFinite(res.meanField.criticalG) ? fmt(res.meanField.criticalG, 4) : '—'}`}
              testId="spectrum-mf"
            />
          )}
        </div>
        <div className="split">
          <div className="panel-body fixed-h" ref={barsBox}>
            {bars.width > 0 && (
              <Plot
                width={bars.width}
                height={bars.height}
                margin={MARGIN}
                xDomain={[0.5, Math.max(1, lambdas.length) + 0.5]}
                yDomain={yDomain}
                xLabel="index i"
                yLabel="λᵢ (per step)"
                draw={drawBars}
                ariaLabel={`Lyapunov exponents: ${[...lambdas].slice(0, 8).map((l) => fmt(l, 3)).join(', ')}${lambdas.length > 8 ? ', …' : ''}`}
                testId="spectrum-bars"
              />
            )}
          </div>
          <div className="panel-body fixed-h" ref={traceBox}>
            {traces.width > 0 && (
              <Plot
                width={traces.width}
                height={traces.height}
                margin={MARGIN}
                xDomain={traceDomain.x}
                yDomain={traceDomain.y}
                xLog
                xLabel="steps averaged"
                yLabel="running estimate"
                draw={drawTraces}
                ariaLabel="Convergence of the leading exponents"
                testId="spectrum-traces"
              />
            )}
          </div>
        </div>
        <div className="legend">
          <span className="legend-item">
            <i style={{ background: COLORS.chaos }} /> λᵢ &gt; 0
          </span>
          <span className="legend-item">
            <i style={{ background: COLORS.order }} /> λᵢ &lt; 0
          </span>
          {res?.meanField && (
            <span className="legend-item">
              <i className="dashed" /> mean-field λ_MF
            </span>
          )}
          <span className="legend-item">whiskers: ± 2 standard errors (batch means over the run)</span>
          <span className="legend-item">right: convergence of λ₁ … λ{Math.min(best?.k ?? 1, 8)} (log steps)</span>
          <div className="inline-controls">
            <ParamControl k="nk" />
            <ParamControl k="ls" />
            <ParamControl k="tol" />
          </div>
        </div>
      </PanelFrame>
      <SizeScan />
    </div>
  );
}

