/**
 * Gradient meter (Paper A): ln‖J_T ⋯ J_{t+1}‖₂ against the horizon T − t
 * along an orbit on the attractor (mean over windows, with their spread), the
 * line of slope λ_max over it, the forcing scaling e^(λ_max·τ) and τ_pred; all singular
 * values of the product against the horizon; the BPTT loss gradient against
 * the sequence length for the current network and a contracting one.
 *
 * Axes: the meter and the singular values in natural log (slopes are
 * exponents per step, comparable with λ_max); the BPTT norms in log₁₀.
 */
import { recordTable } from '../export/tables';
import { MiniReadout } from '../MiniReadout';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DataTable, PanelExport } from '../export/types';
import { gradientsSlot } from '../../compute/gradientsEngine';
import { useResult } from '../useResult';
import type { GradientResult } from '../../core/gradients/gradientPlan';
import { useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS } from '../palette';
import { fmt } from '../format';
import { ParamControl } from '../controls/ParamControl';
import { PanelFrame } from '../PanelFrame';
import './gradient.css';

const MARGIN = { top: 12, right: 14, bottom: 40, left: 58 };
const LN10 = Math.LN10;
/** Singular values shown when zoomed to the top. */
const SV_TOP = 8;

/** Values of a typed array that are finite. */
function finiteRange(arrays: ArrayLike<number>[], floor = -Infinity): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays)
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v) || v < floor) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return lo <= hi ? [lo, hi] : [0, 1];
}

function padded([lo, hi]: [number, number], frac = 0.06): [number, number] {
  const span = Math.max(1e-6, hi - lo);
  return [lo - frac * span, hi + frac * span];
}

/** c such that y = c + λh passes through the centroid of curve over h ∈ [from, to]. */
function anchor(curve: ArrayLike<number>, lambda: number, from: number, to: number): number {
  let s = 0;
  let n = 0;
  for (let h = from; h <= to; h++) {
    const v = curve[h - 1];
    if (!Number.isFinite(v)) continue;
    s += v - lambda * h;
    n++;
  }
  return n ? s / n : NaN;
}

/** What a readout without a number says: still computing, the orbit diverged, or nothing to show. */
function missing(res: GradientResult | null, running: boolean): string {
  return res?.diverged ? 'diverged' : running || !res ? '…' : '—';
}

/** A per-step rate with 4 decimals (0 for rounding-level values, never in exponent form). */
function fmtRate(v: number, none = '…'): string {
  if (!Number.isFinite(v)) return none;
  const t = Math.abs(v) < 5e-5 ? '0.0000' : v.toFixed(4);
  return `${t.replace('-', '−')} / step`;
}


export function GradientView() {
  const view = useResult(gradientsSlot);
  const job = useApp((s) => s.jobs.gradients);
  const model = useApp((s) => s.params.model);
  const res = view && view.res.model === model ? view.res : null;
  const running = job?.state === 'running';
  return (
    <div className="grid view-grid gradient-grid">
      <MeterPanel res={res} running={running} error={job?.state === 'error' ? job.message : null} />
      <BpttPanel res={res} running={running} />
    </div>
  );
}

function statusText(res: GradientResult | null, running: boolean): string {
  if (!res) return running ? 'starting…' : '';
  const w = `${res.windowsDone} of ${res.windows} window${res.windows === 1 ? '' : 's'}`;
  if (res.stage === 'done') return `${res.draft ? 'draft: ' : ''}${w} × ${res.H} steps, ${fmt(res.elapsedSeconds, 2)} s`;
  if (!running) return `stopped at ${w}`;
  const what = res.stage === 'lambda' ? 'λ_max' : res.stage === 'bptt' ? 'BPTT' : w;
  return `${what} · ${Math.round(100 * res.progress)} %`;
}

function MeterPanel({ res, running, error }: { res: GradientResult | null; running: boolean; error: string | null }) {
  const meterBox = useRef<HTMLDivElement>(null);
  const meterSize = useSize(meterBox);
  const svBox = useRef<HTMLDivElement>(null);
  const svSize = useSize(svBox);
  const oneD = res ? res.n === 1 : false;
  const lam = res?.lambdaMax ?? NaN;
  const forced = !!res && (res.tau > 0 || res.alpha > 0);

  const meterDomain = useMemo(() => {
    if (!res) return { x: [1, 10] as [number, number], y: [-1, 1] as [number, number] };
    const arrays: ArrayLike<number>[] = [res.bandLo, res.bandHi, res.logNorm];
    if (forced) arrays.push(res.free);
    return { x: [1, Math.max(2, res.H)] as [number, number], y: padded(finiteRange(arrays, -25 * res.H)) };
  }, [res, forced]);

  // the λ_max line over the free product, anchored on its fit range
  const lineC = res && Number.isFinite(lam) ? anchor(res.free, lam, res.fitFrom, res.H) : NaN;

  const drawMeter = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res || res.windowsDone === 0) return;
      const H = res.H;
      const hs = Float64Array.from({ length: H }, (_, i) => i + 1);
      const colour = res.slope > 0 ? COLORS.chaos : COLORS.order;
      // band
      ctx.save();
      ctx.globalAlpha = 0.2;
      ctx.fillStyle = colour;
      ctx.beginPath();
      let started = false;
      for (let i = 0; i < H; i++) {
        const v = res.bandHi[i];
        if (!Number.isFinite(v)) continue;
        if (!started) ctx.moveTo(x(i + 1), y(v));
        else ctx.lineTo(x(i + 1), y(v));
        started = true;
      }
      for (let i = H - 1; i >= 0; i--) {
        const v = res.bandLo[i];
        if (Number.isFinite(v)) ctx.lineTo(x(i + 1), y(v));
      }
      ctx.closePath();
      if (started && res.windowsDone > 1) ctx.fill();
      ctx.restore();
      // the free product when forcing changes the meter
      if (forced) {
        ctx.strokeStyle = COLORS.diverged;
        ctx.lineWidth = 1.5;
        strokeSeries(ctx, x, y, hs, res.free);
      }
      // λ_max line
      if (Number.isFinite(lineC)) {
        ctx.strokeStyle = COLORS.ink;
        ctx.lineWidth = 1.6;
        ctx.setLineDash([7, 5]);
        ctx.beginPath();
        ctx.moveTo(x(1), y(lineC + lam));
        ctx.lineTo(x(H), y(lineC + lam * H));
        ctx.stroke();
        ctx.setLineDash([]);
      }
      // the meter (mean)
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2.6;
      strokeSeries(ctx, x, y, hs, res.logNorm);
      // forcing interval τ and the scaling of the longest product
      if (res.tau > 0 && res.tau <= H) {
        ctx.strokeStyle = COLORS.ink2;
        ctx.lineWidth = 1.2;
        ctx.setLineDash([2, 4]);
        ctx.beginPath();
        ctx.moveTo(x(res.tau), y.range()[0]);
        ctx.lineTo(x(res.tau), y.range()[1]);
        ctx.stroke();
        if (Number.isFinite(lineC) && Number.isFinite(res.scaling)) {
          const yb = lineC + res.scaling;
          ctx.setLineDash([10, 4, 2, 4]);
          ctx.beginPath();
          ctx.moveTo(x(1), y(yb));
          ctx.lineTo(x(H), y(yb));
          ctx.stroke();
        }
        ctx.setLineDash([]);
      }
      // τ_pred
      if (res.tauPred > 0 && res.tauPred <= H) {
        ctx.strokeStyle = COLORS.runMin;
        ctx.lineWidth = 1.6;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x(res.tauPred), y.range()[0]);
        ctx.lineTo(x(res.tauPred), y.range()[1]);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    },
    [res, forced, lineC, lam],
  );

  const meterLabels = useCallback(
    (x: Scale, y: Scale) => {
      if (!res) return null;
      const top = y.range()[1] + 14;
      const items: ReactNode[] = [];
      if (res.tauPred > 0 && res.tauPred <= res.H)
        items.push(
          <text key="tp" className="gm-label tpred" style={{ fill: COLORS.runMin }} x={x(res.tauPred) + 4} y={top}>
            τ_pred = {fmt(res.tauPred, 3)}
          </text>,
        );
      if (res.tau > 0 && res.tau <= res.H) {
        items.push(
          <text key="tau" className="gm-label" x={x(res.tau) + 4} y={top + 16}>
            τ = {res.tau}
          </text>,
        );
        if (Number.isFinite(lineC) && Number.isFinite(res.scaling))
          items.push(
            <text key="scaling" className="gm-label" x={x(res.H) - 4} y={y(lineC + res.scaling) - 5} textAnchor="end">
              scaling ∝ e^(λ_max·τ){res.alpha > 0 ? '·(1 − α)^τ' : ''} (not a bound)
            </text>,
          );
      }
      return <g>{items}</g>;
    },
    [res, lineC],
  );

  // all σᵢ, or the top few (the smallest fall so fast that they flatten the top ones)
  const [svTop, setSvTop] = useState(false);
  const svShown = res ? (svTop ? Math.min(SV_TOP, res.k) : res.k) : 0;
  const svDomain = useMemo(() => {
    if (!res || res.svWindows === 0) return { x: [1, 10] as [number, number], y: [-1, 1] as [number, number] };
    const shown: number[] = [];
    for (let s = 0; s < res.svH.length; s++) for (let i = 0; i < svShown; i++) shown.push(res.sv[s * res.k + i]);
    return { x: [1, Math.max(2, res.H)] as [number, number], y: padded(finiteRange([shown], -25 * res.H)) };
  }, [res, svShown]);

  const drawSv = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res || res.svWindows === 0) return;
      const k = res.k;
      const S = res.svH.length;
      const xs = Float64Array.from(res.svH);
      const ys = new Float64Array(S);
      const floor = -25 * res.H;
      for (let i = svShown - 1; i >= 0; i--) {
        for (let s = 0; s < S; s++) {
          const v = res.sv[s * k + i];
          ys[s] = v < floor ? NaN : v;
        }
        const slope = res.svSlopes[i];
        ctx.strokeStyle = slope > 0 ? COLORS.chaos : COLORS.order;
        ctx.globalAlpha = i === 0 ? 1 : 0.35 + 0.5 * (1 - i / svShown);
        ctx.lineWidth = i === 0 ? 2.6 : 1.2;
        strokeSeries(ctx, x, y, xs, ys);
      }
      ctx.globalAlpha = 1;
    },
    [res, svShown],
  );

  const svCaption = useCallback(
    (x: Scale, y: Scale) =>
      res && res.svWindows > 0 ? (
        <text className="gm-label" x={x.range()[0] + 6} y={y.range()[0] - 8}>
          {svShown === res.k ? (res.fullSet ? `all ${res.k} σᵢ` : `top ${res.k} of ${res.n}`) : `top ${svShown} of ${res.k}`} · slopes{' '}
          {Array.from(res.svSlopes.slice(0, 2), (v) => fmt(v, 2)).join(', ')}, … = λᵢ
        </text>
      ) : null,
    [res, svShown],
  );

  const exportData = useMemo<PanelExport>(
    () => ({
      tables: (): DataTable[] => {
        const r = gradientsSlot.get()?.res;
        if (!r) return [];
        const meter: DataTable = {
          name: 'meter',
          columns: ['horizon', 'logNorm', 'bandLo', 'bandHi', 'free'],
          rows: Array.from({ length: r.H }, (_, i) => [i + 1, r.logNorm[i], r.bandLo[i], r.bandHi[i], r.free[i]]),
        };
        const sv: DataTable = {
          name: 'singular-values',
          columns: ['horizon', ...Array.from({ length: r.k }, (_, i) => `lnSigma${i + 1}`)],
          rows: Array.from(r.svH, (h, s) => [h, ...Array.from(r.sv.subarray(s * r.k, s * r.k + r.k))]),
        };
        const summary = recordTable('summary', {
          slope: r.slope,
          slope_stderr: r.slopeStderr,
          free_slope: r.freeSlope,
          free_slope_stderr: r.freeSlopeStderr,
          lambda_max: r.lambdaMax,
          lambda_max_stderr: r.lambdaMaxStderr,
          lambda_steps: r.lambdaSteps,
          fit_from: r.fitFrom,
          horizon: r.H,
          windows: r.windowsDone,
          tau: r.tau,
          alpha: r.alpha,
        });
        return [meter, sv, summary];
      },
      values: (): Record<string, number> => {
        const r = gradientsSlot.get()?.res;
        return r ? { slope: r.slope, slopeStderr: r.slopeStderr, lambdaMax: r.lambdaMax, lambdaMaxStderr: r.lambdaMaxStderr, tauPred: r.tauPred, alphaFlat: r.alphaFlat, tau: r.tau, alpha: r.alpha, windows: r.windowsDone, horizon: r.H } : {};
      },
    }),
    [],
  );

  const slope = res?.slope ?? NaN;
  const freeSlope = res?.freeSlope ?? NaN;
  const delta = Number.isFinite(freeSlope) && Number.isFinite(lam) ? freeSlope - lam : NaN;
  const expected = res && Number.isFinite(lam) ? (res.tau > 0 && res.tau < res.fitFrom ? 0 : lam + (res.alpha > 0 ? Math.log(Math.max(1e-300, 1 - res.alpha)) : 0)) : NaN;

  return (
    <PanelFrame id="gradmeter" className="gm-panel" labelledBy="gradmeter-title" exportData={exportData}>
      <header>
        <h2 id="gradmeter-title">Gradient meter: ln ‖J_T ⋯ Jₜ₊₁‖₂ (natural log) against the horizon T − t</h2>
        <span className="status" data-testid="gradients-status">
          {statusText(res, running)}
        </span>
      </header>
      <p className="explain">
        Paper A (Mikhaeil, Monfared &amp; Durstewitz, NeurIPS 2022): loss gradients are sums of Jacobian products ∂z_T/∂zₜ = J_T ⋯ Jₜ₊₁; with λ_max &gt; 0 they
        grow like e^(λ_max·(T − t)) — chaos makes gradients explode (Theorem 2), a stable fixed point or cycle keeps them bounded (Theorem 1). Sparse teacher
        forcing every τ ≈ τ_pred = ln 2/λ_max steps keeps every product short: ∂z_T/∂zₜ is exactly zero for T − t &gt; τ, so the flat part of the curve is
        the longest product that still enters the gradient. It grows like e^(λ_max·τ) times an offset of order one (an asymptotic scaling, not a bound).
      </p>
      {error && (
        <p className="error" role="alert">
          The gradient meter could not be computed: {error}
        </p>
      )}
      {res?.diverged && (
        <p className="error" role="alert">
          The orbit diverged (|x| &gt; 10⁶): there is no attractor to measure.
        </p>
      )}
      <div className={`gm-body${oneD ? ' one-d' : ''}`}>
        <div className="gm-side">
          <ParamControl k="gh" />
          <ParamControl k="gwn" />
          <ParamControl k="tau" />
          <ParamControl k="alpha" />
        </div>
        <div className="gm-readouts">
          <MiniReadout
            label="slope of the meter"
            value={fmtRate(slope, missing(res, running))}
            stderr={Number.isFinite(slope) ? res?.slopeStderr : null}
            cls={slope > 1e-3 ? 'chaos' : 'order'}
            testId="gradient-slope"
            note={res ? `fit over h = ${res.fitFrom} … ${res.H}${forced ? `; expected ${fmt(expected, 3)}` : ''}` : undefined}
          />
          <MiniReadout
            label="λ_max (QR)"
            value={Number.isFinite(lam) ? fmt(lam, 4) : missing(res, running)}
            stderr={Number.isFinite(lam) ? res?.lambdaMaxStderr : null}
            cls={lam > 1e-3 ? 'chaos' : 'order'}
            testId="gradient-lambda"
            note={res && Number.isFinite(delta) ? `${forced ? 'unforced slope' : 'slope'} − λ_max = ${fmt(delta, 2)}` : undefined}
          />
          <MiniReadout label="τ_pred = ln 2/λ_max" value={res?.diverged ? 'diverged' : res && res.tauPred > 0 ? `${fmt(res.tauPred, 3)} steps` : Number.isFinite(lam) ? '— (λ_max ≤ 0)' : missing(res, running)} testId="gradient-tpred" />
          <MiniReadout
            label="GTF α that flattens it"
            value={res?.diverged ? 'diverged' : res && res.alphaFlat > 0 ? fmt(res.alphaFlat, 3) : Number.isFinite(lam) ? '— (flat already)' : missing(res, running)}
            testId="gradient-alpha-flat"
            note={res && res.alphaFlat > 0 ? `1 − e^(−λ_max)${res.alpha > 0 ? `; at α = ${fmt(res.alpha, 3)} the slope is ${fmt(lam + Math.log(Math.max(1e-300, 1 - res.alpha)), 3)}` : ''}` : undefined}
          />
        </div>
        <div className="gm-plot gm-meter" ref={meterBox}>
          {meterSize.width > 0 && meterSize.height > 0 && (
            <Plot
              width={meterSize.width}
              height={meterSize.height}
              margin={MARGIN}
              xDomain={meterDomain.x}
              yDomain={meterDomain.y}
              xLabel="horizon h = T − t (steps)"
              yLabel="ln ‖J_T ⋯ Jₜ₊₁‖₂"
              draw={drawMeter}
              ariaLabel={res ? `Gradient meter: slope ${fmt(slope, 3)} per step, λ_max ${fmt(lam, 3)}` : 'Gradient meter'}
              testId="gradient-meter"
            >
              {meterLabels}
            </Plot>
          )}
        </div>
        <div className="gm-plot gm-sv" ref={svBox}>
          {oneD ? (
            <p className="gm-note">A 1-D map: every Jacobian is the number f′(x), so the product has one singular value — the meter itself.</p>
          ) : (
            svSize.width > 0 &&
            svSize.height > 0 && (
              <Plot
                width={svSize.width}
                height={svSize.height}
                margin={MARGIN}
                xDomain={svDomain.x}
                yDomain={svDomain.y}
                xLabel="horizon h"
                yLabel="ln σᵢ of the product"
                draw={drawSv}
                ariaLabel={res ? `Singular values of the product: slopes ${Array.from(res.svSlopes.slice(0, 4), (v) => fmt(v, 3)).join(', ')}` : 'Singular values'}
                testId="singular-values"
              >
                {svCaption}
              </Plot>
            )
          )}
          {!oneD && res && res.k > SV_TOP && (
            <button type="button" className="small gm-sv-toggle" aria-pressed={svTop} onClick={() => setSvTop(!svTop)} title="Show only the largest singular values">
              {svTop ? `all ${res.k}` : `top ${SV_TOP}`}
            </button>
          )}
        </div>
      </div>
      <div className="legend gm-legend">
        <span className="legend-item">
          <i style={{ background: res && res.slope <= 0 ? COLORS.order : COLORS.chaos }} /> mean over {res ? res.windowsDone : '…'} windows,{' '}
          {res?.bandKind === 'q10-q90' ? '10–90 % of windows' : 'min–max'} shaded
        </span>
        <span className="legend-item">
          <i className="dashed" /> slope λ_max
        </span>
        {forced && (
          <span className="legend-item">
            <i style={{ background: COLORS.diverged }} /> without forcing
          </span>
        )}
        <span className="legend-item">
          <i className="gm-dotted" style={{ borderColor: COLORS.runMin }} /> τ_pred
        </span>
        {res && res.windows < res.windowsAsked && <span className="legend-item">{res.windows} of the {res.windowsAsked} windows fit the time budget</span>}
      </div>
    </PanelFrame>
  );
}

function BpttPanel({ res, running }: { res: GradientResult | null; running: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const size = useSize(box);
  const b = res?.bptt ?? null;
  const domain = useMemo(() => {
    if (!b) return { x: [0, 10] as [number, number], y: [-2, 2] as [number, number] };
    const lo = finiteRange([b.current, b.reference]);
    return { x: [0, Math.max(2, b.T[b.T.length - 1])] as [number, number], y: padded([lo[0] / LN10, lo[1] / LN10], 0.08) };
  }, [b]);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!b) return;
      const cur = Float64Array.from(b.current, (v) => v / LN10);
      const ref = Float64Array.from(b.reference, (v) => v / LN10);
      ctx.lineWidth = 2.4;
      ctx.strokeStyle = COLORS.order;
      ctx.setLineDash([7, 4]);
      strokeSeries(ctx, x, y, b.T, ref);
      ctx.setLineDash([]);
      ctx.strokeStyle = (res?.lambdaMax ?? 0) > 0 ? COLORS.chaos : COLORS.ink2;
      strokeSeries(ctx, x, y, b.T, cur);
      for (const [arr, colour] of [
        [ref, COLORS.order],
        [cur, (res?.lambdaMax ?? 0) > 0 ? COLORS.chaos : COLORS.ink2],
      ] as const) {
        ctx.fillStyle = colour;
        for (let i = 0; i < arr.length; i++) {
          if (!Number.isFinite(arr[i])) continue;
          ctx.beginPath();
          ctx.arc(x(b.T[i]), y(arr[i]), 2.6, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    },
    [b, res],
  );
  const growth = (arr: Float64Array | undefined) => {
    if (!b || !arr) return NaN;
    const T = b.T[b.T.length - 1];
    let n = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (let i = 0; i < b.T.length; i++) {
      if (b.T[i] < T / 2 || !Number.isFinite(arr[i])) continue;
      n++;
      sx += b.T[i];
      sy += arr[i];
      sxx += b.T[i] * b.T[i];
      sxy += b.T[i] * arr[i];
    }
    const d = n * sxx - sx * sx;
    return n >= 2 && d > 0 ? (n * sxy - sx * sy) / d : NaN;
  };
  const gCur = growth(b?.current);
  const gRef = growth(b?.reference);
  const exportData = useMemo(
    () => ({
      tables: (): DataTable[] => {
        const r = gradientsSlot.get()?.res.bptt;
        if (!r) return [];
        return [{ name: 'bptt', columns: ['T', 'lnGradCurrent', 'lnGradReference'], rows: Array.from(r.T, (T, i) => [T, r.current[i], r.reference[i]]) }];
      },
    }),
    [],
  );
  return (
    <PanelFrame id="bptt" className="bp-panel" labelledBy="bptt-title" exportData={exportData}>
      <header>
        <h2 id="bptt-title">Loss gradient by backpropagation through time: ‖∂L/∂θ‖ against the sequence length T</h2>
      </header>
      <div className="bp-body">
        <div className="gm-plot" ref={box}>
          {size.width > 0 && size.height > 0 && (
            <Plot
              width={size.width}
              height={size.height}
              margin={MARGIN}
              xDomain={domain.x}
              yDomain={domain.y}
              xLabel="sequence length T (steps)"
              yLabel={`log₁₀ ‖∂L/∂θ‖, θ = ${b?.thetaLabel ?? 'weights'}`}
              draw={draw}
              ariaLabel={b ? `BPTT gradient norms: growth ${fmt(gCur, 3)} per step (current), ${fmt(gRef, 3)} (contracting)` : 'BPTT gradient norms'}
              testId="bptt-norms"
            />
          )}
        </div>
        <div className="bp-side">
          <div className="gm-readouts">
            <MiniReadout
              label="this network: growth of ln‖∂L/∂θ‖"
              value={fmtRate(gCur, missing(res, running))}
              cls={gCur > 0.01 ? 'chaos' : 'order'}
              testId="bptt-growth"
              note={res && Number.isFinite(res.lambdaMax) ? `λ_max = ${fmt(res.lambdaMax, 3)}` : undefined}
            />
            <MiniReadout label="contracting reference" value={fmtRate(gRef, missing(res, running))} cls="order" note={b?.referenceLabel} />
          </div>
          <div className="legend">
            <span className="legend-item">
              <i style={{ background: (res?.lambdaMax ?? 0) > 0 ? COLORS.chaos : COLORS.ink2 }} /> this network
            </span>
            <span className="legend-item">
              <i className="dashed" style={{ borderColor: COLORS.order }} /> the same network, contracting
            </span>
          </div>
          <p className="explain">
            The network predicts its own orbit, observed with noise (σ = {b ? b.noise : 0.01}): from the first data point it runs free and the loss is the mean
            squared error L_T = (1/T)·Σ‖x̂ₜ − xₜ‖². BPTT sends the errors back through every Jacobian since: the gradient grows like e^(λ_max·T) on a chaotic
            attractor and stays bounded for a contracting network.
            {b && b.tau > 0 && ` With forcing every τ = ${b.tau} steps no product is longer than τ: growth stops.`}
            {b && b.alpha > 0 && ` With GTF α = ${fmt(b.alpha, 3)} every Jacobian is scaled by ${fmt(1 - b.alpha, 3)}.`}
          </p>
        </div>
      </div>
    </PanelFrame>
  );
}
