/**
 * The numbers a lecturer reads out: λ (mean log|f′| along the orbit) with its
 * convergence, what the orbit does (period p, chaotic, diverged), and the
 * fixed points of f with their stability.
 */
import { stopText } from '../runLengthText';
import { StdErr } from '../StdErr';
import { useMemo } from 'react';
import { panel1dSlot } from '../../compute/engine';
import { useResult } from '../useResult';
import { useApp } from '../../state/store';
import { CHAOS_LAMBDA_THRESHOLD, kindText } from '../../core/map1d/orbit';
import { fmt } from '../format';
import { COLORS } from '../palette';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import { columnsTable, recordTable } from '../export/tables';
import { pythonFor } from '../export/pythonFor';
import { CostGateNotice } from '../CostGateNotice';

/** Exports: λ as `cli lyapunov --format csv` prints it, its convergence, the fixed points. */
const READOUTS_EXPORT: PanelExport = {
  tables: () => {
    const r = panel1dSlot.get()?.res;
    if (!r) return [];
    const a = r.analysis;
    return [
      recordTable('lambda', { lambda: a.diverged || a.superstable ? null : a.lambda, stderr: a.diverged || a.superstable || !Number.isFinite(a.stderr) ? null : a.stderr, steps: a.steps, transient: a.transient, period: a.period, kind: kindText(r.kind, a.superstable) }),
      columnsTable('convergence', { steps: a.traceT, running_mean: a.trace }),
      columnsTable('fixed_points', { x: r.fixedPoints.map((f) => f.x), slope: r.fixedPoints.map((f) => f.slope), stability: r.fixedPoints.map((f) => f.stability) }),
    ];
  },
  python: () => pythonFor('readouts', { lambda: panel1dSlot.get()?.res.analysis.lambda, steps: panel1dSlot.get()?.res.analysis.steps }),
  values: () => {
    const r = panel1dSlot.get()?.res;
    return { lambda: r?.analysis.lambda ?? null, kind: r?.kind ?? null, period: r?.analysis.period ?? null, superstable: r?.analysis.superstable ?? null };
  },
};

export function Readouts() {
  const view = useResult(panel1dSlot);
  const job = useApp((s) => s.jobs.panel1d);
  const res = view?.res;
  const a = res?.analysis;

  const verdict = useMemo(() => {
    if (!res || !a) return { text: 'computing…', cls: '' };
    if (res.kind === 'diverged')
      return {
        text: `diverged: |x| exceeded 10⁶ at step ${a.divergedAt} — the orbit escapes to infinity, so λ is not defined`,
        cls: 'diverged',
      };
    if (res.kind === 'periodic') return { text: a.period === 1 ? 'fixed point (period 1)' : `period ${a.period}`, cls: 'order' };
    if (res.kind === 'chaotic') return { text: 'chaotic', cls: 'chaos' };
    return { text: 'aperiodic, λ ≈ 0 (quasi-periodic or not yet converged)', cls: '' };
  }, [res, a]);

  const fixedText = res ? (res.fixedPoints.length ? res.fixedPoints.map((f) => `${fmt(f.x, 4)} (${f.stability}, f′ = ${fmt(f.slope, 3)})`).join('; ') : 'none') : '…';
  const lambdaText = !a || a.diverged ? '—' : a.superstable ? '−∞ (superstable: f′ = 0 on the orbit)' : fmt(a.lambda, 4);
  const lambdaCls = a && !a.diverged ? (a.lambda > CHAOS_LAMBDA_THRESHOLD ? 'chaos' : 'order') : '';

  return (
    <PanelFrame id="readouts" baseClass="readouts" ariaLabel="Readouts" ariaLive="polite" exportData={READOUTS_EXPORT}>
      <div className="readout">
        <span className="readout-label">Lyapunov exponent λ</span>
        <span className={`readout-value ${lambdaCls}`}>
          <span data-testid="lambda">{lambdaText}</span>
          {a && !a.diverged && !a.superstable && <StdErr value={a.stderr} testId="lambda-stderr" />}
        </span>
        <span className="readout-note" data-testid="lambda-note">
          {a && !a.diverged ? `per step, mean of ln|f′| over ${a.steps.toLocaleString('en')} steps after ${a.transient.toLocaleString('en')}${a.stopped === 'steps' ? '' : ` (${stopText(a)})`}` : ''}
        </span>
        {a && !a.diverged && !a.superstable && a.trace.length > 2 && <Sparkline ys={a.trace} ts={a.traceT} />}
      </div>
      <div className="readout">
        <span className="readout-label">Orbit</span>
        <span className={`readout-value ${verdict.cls}`} data-testid="orbit-kind">
          {verdict.text}
        </span>
        {res?.kind === 'chaotic' && <span className="readout-note">aperiodic with λ &gt; 0; predictability ln 2/λ ≈ {fmt(Math.LN2 / a!.lambda, 3)} steps</span>}
        {res?.kind === 'periodic' && <span className="readout-note">the orbit repeats after {a!.period} step{a!.period > 1 ? 's' : ''} (after the transient)</span>}
      </div>
      <div className="readout">
        <span className="readout-label">Fixed points of f in view</span>
        <span className="readout-value small" data-testid="fixed-points" title={fixedText}>
          {fixedText}
        </span>
      </div>
      <CostGateNotice lane="panel1d" what="The orbit and its λ" />
      {job?.state === 'error' && (
        <p className="error" role="alert">
          Could not compute the orbit: {job.message}
        </p>
      )}
    </PanelFrame>
  );
}

/** Running mean of ln|f′| against steps: λ should settle to a constant. */
function Sparkline({ ys, ts }: { ys: Float64Array; ts: Float64Array }) {
  const W = 150;
  const H = 34;
  let lo = Infinity;
  let hi = -Infinity;
  const start = Math.floor(ys.length * 0.1);
  for (let i = start; i < ys.length; i++) {
    lo = Math.min(lo, ys[i]);
    hi = Math.max(hi, ys[i]);
  }
  if (!(hi > lo)) {
    hi = lo + 1e-9;
    lo = lo - 1e-9;
  }
  const tMax = ts[ts.length - 1];
  const d = Array.from(ys)
    .map((v, i) => `${i ? 'L' : 'M'}${((ts[i] / tMax) * W).toFixed(1)},${(H - 2 - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (H - 4)).toFixed(1)}`)
    .join('');
  return (
    <svg width={W} height={H} className="sparkline" aria-label="Convergence of λ: running mean of ln|f′| against steps">
      <path d={d} fill="none" stroke={COLORS.map} strokeWidth={1.5} />
      <text x={W} y={10} textAnchor="end" className="spark-label">
        convergence
      </text>
    </svg>
  );
}
