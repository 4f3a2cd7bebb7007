/** The τ sweep panel: D_stsp against the forcing interval, τ_pred marked (Paper A, Fig. 1). */
import { TRAIN_MODEL_INFO } from '../../../core/training/trainModelInfo';
import { fmtCount, fmtDuration } from '../../format';
import { useCallback, useMemo } from 'react';
import { tauSweepSlot, trainingControl } from '../../../compute/trainingEngine';
import type { TauSweepView } from '../../../compute/tauSweep';
import { useResult } from '../../useResult';
import { Plot, strokeSeries, type Scale } from '../../chart/Plot';
import { PanelFrame } from '../../PanelFrame';
import { COLORS } from '../../palette';
import { fmt } from '../../format';
import type { DataTable } from '../../../export/types';
import { BPTT_COLOR, DH_COLOR, MARGIN, MODEL_COLOR, rgba, useBox, useTicking } from './plots';
import { TauListInput } from './inputs';

// ---------------------------------------------------------------------------
// The τ sweep

interface TauPoints {
  taus: number[];
  ds: number[][];
  dh: number[][];
  meanDs: number[];
  meanDh: number[];
  bpttDs: number[];
  bpttDh: number[];
}

function tauPoints(v: TauSweepView | null): TauPoints {
  const taus = v?.taus ?? [];
  const ds = taus.map(() => [] as number[]);
  const dh = taus.map(() => [] as number[]);
  const bpttDs: number[] = [];
  const bpttDh: number[] = [];
  v?.results.forEach((r) => {
    if (!r) return;
    if (r.method === 'bptt') {
      bpttDs.push(r.dStsp);
      bpttDh.push(r.dH);
      return;
    }
    const i = taus.indexOf(r.tau);
    if (i >= 0) {
      ds[i].push(r.dStsp);
      dh[i].push(r.dH);
    }
  });
  const mean = (a: number[]) => (a.length ? a.reduce((s, x) => s + x, 0) / a.length : NaN);
  return { taus, ds, dh, meanDs: ds.map(mean), meanDh: dh.map(mean), bpttDs, bpttDh };
}

export function TauSweepPanel() {
  const v = useResult(tauSweepSlot);
  const running = v?.state === 'running';
  useTicking(running);
  const [dsBox, dsSize] = useBox();
  const [dhBox, dhSize] = useBox();
  const pts = useMemo(() => tauPoints(v), [v]);
  const tauPred = v?.tauPred ?? null;
  const xDomain = useMemo<[number, number]>(() => {
    const t = [...pts.taus, ...(tauPred !== null ? [tauPred] : [])].filter((x) => x > 0);
    if (!t.length) return [1, 200];
    return [Math.min(...t) / 1.4, Math.max(...t) * 1.4];
  }, [pts.taus, tauPred]);
  const dsDomain = useMemo<[number, number]>(() => {
    const all = [...pts.ds.flat(), ...pts.bpttDs].filter(Number.isFinite);
    return [0, Math.max(1, ...all) * 1.1];
  }, [pts]);
  const faded = !!v?.outdated;

  const draw = useCallback(
    (which: 'ds' | 'dh') => (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      ctx.globalAlpha = faded ? 0.4 : 1;
      const color = which === 'ds' ? MODEL_COLOR : DH_COLOR;
      const ref = which === 'ds' ? pts.bpttDs : pts.bpttDh;
      if (tauPred !== null && tauPred >= x.domain()[0] && tauPred <= x.domain()[1]) {
        ctx.fillStyle = COLORS.band;
        ctx.fillRect(x(tauPred / Math.SQRT2), 0, x(tauPred * Math.SQRT2) - x(tauPred / Math.SQRT2), y.range()[0]);
        ctx.strokeStyle = COLORS.ink;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x(tauPred), 0);
        ctx.lineTo(x(tauPred), y.range()[0]);
        ctx.stroke();
      }
      if (ref.length) {
        const m = ref.reduce((s, r) => s + r, 0) / ref.length;
        ctx.strokeStyle = BPTT_COLOR;
        ctx.setLineDash([7, 5]);
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x.range()[0], y(m));
        ctx.lineTo(x.range()[1], y(m));
        ctx.stroke();
        ctx.setLineDash([]);
      }
      const each = which === 'ds' ? pts.ds : pts.dh;
      const mean = which === 'ds' ? pts.meanDs : pts.meanDh;
      ctx.strokeStyle = color;
      ctx.lineWidth = 2.4;
      strokeSeries(ctx, x, y, pts.taus, mean);
      ctx.fillStyle = rgba(color, 0.55);
      each.forEach((vals, i) =>
        vals.forEach((val) => {
          if (!Number.isFinite(val)) return;
          ctx.beginPath();
          ctx.arc(x(pts.taus[i]), y(val), 4, 0, 2 * Math.PI);
          ctx.fill();
        }),
      );
      ctx.globalAlpha = 1;
    },
    [pts, tauPred, faded],
  );
  const drawDs = useMemo(() => draw('ds'), [draw]);
  const drawDh = useMemo(() => draw('dh'), [draw]);
  const label = (x: Scale) =>
    tauPred !== null && tauPred >= x.domain()[0] && tauPred <= x.domain()[1] ? (
      <text className="cursor-label train-taupred" x={x(tauPred) + 5} y={14}>
        τ_pred = {fmt(tauPred, 3)}
      </text>
    ) : null;

  const done = v?.stepsDone ?? 0;
  const total = v?.stepsTotal ?? 0;
  const models = v?.tasks.length ?? 0;
  const finished = v?.results.filter((r) => r !== null).length ?? 0;
  const elapsed = v && v.state !== 'idle' ? (v.endedAt ?? performance.now()) - v.startedAt : 0;
  const left = running && done > 0 ? (elapsed * (total - done)) / done : NaN;
  const status = !v
    ? 'Starting the workers…'
    : v.state === 'idle'
      ? 'Not started'
      : v.state === 'running'
        ? `Training ${finished} / ${models} models done${v.restarts ? ' · restarted (a parameter changed)' : ''}`
        : v.state === 'done'
          ? `Done: ${models} models in ${fmtDuration(elapsed)}${v.outdated ? ' · outdated (parameters changed)' : ''}`
          : v.state === 'cancelled'
            ? `Cancelled at ${finished} / ${models} models${v.outdated ? ' · outdated' : ''}`
            : `Stopped by an error: ${v.message ?? ''}`;
  const base = v?.base;

  const exportData = {
    tables: (): DataTable[] => {
      const s = tauSweepSlot.get();
      if (!s) return [];
      return [
        {
          name: 'models',
          columns: ['method', 'tau', 'seed', 'dStsp', 'dH', 'lambdaMax', 'loss', 'diverged'],
          rows: s.results.filter((r) => r !== null).map((r) => [r!.method, r!.tau, r!.seed, r!.dStsp, r!.dH, r!.lambdaMax, r!.loss, r!.diverged]),
        },
      ];
    },
    values: () => ({ tauPred: tauSweepSlot.get()?.tauPred ?? null }),
  };

  return (
    <PanelFrame id="tausweep" className="train-panel tau-panel" exportData={exportData}>
      <header>
        <h2 id="tausweep-title">τ sweep: reconstruction quality against the forcing interval</h2>
        <div className="panel-tools">
          <span className="status" role="status" data-testid="tau-sweep-status" data-state={v?.state ?? 'idle'}>
            {status}
          </span>
          <button type="button" className="primary" data-testid="tau-sweep-start" disabled={!trainingControl.available || running || !v || (v.state === 'idle' && !!v.message)} onClick={() => trainingControl.startSweep()}>
            {v && v.state !== 'idle' && !running ? 'Run again' : 'Start sweep'}
          </button>
          <button type="button" data-testid="tau-sweep-cancel" disabled={!running} onClick={() => trainingControl.cancelSweep()}>
            Cancel
          </button>
        </div>
      </header>
      <p className="explain">
        Paper A’s Fig. 1 at lecture scale: for every τ, {base ? `${v?.tasks.length ? Math.round(v.tasks.length / (pts.taus.length + 1)) : 2}` : 'two'} small models (seeds{' '}
        {base ? `${base.seed}, ${base.seed + 1}` : ''}) are trained with sparse teacher forcing, {v ? fmtCount(v.stepsPerModel) : '…'} steps each, and compared
        with the data by free running; the dashed line is plain BPTT. Too small a τ teaches only one-step predictions, too large a τ lets the gradients explode
        and training collapses to a fixed point; the minimum lies near τ_pred (at this small scale, somewhat below it).
      </p>
      <div className="train-controls tau-controls">
        <TauListInput />
        {base && (
          <span className="method">
            {v?.dataLabel} · {TRAIN_MODEL_INFO[base.model].name} M = {base.m} · T = {base.T} · lr {fmt(base.lr, 2)} · {models} models on {v?.workers ?? 1} worker
            {v?.workers === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <div className="train-progress-row">
        <div className="train-bar" role="progressbar" aria-label="τ sweep" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} data-testid="tau-sweep-progress">
          <div className={`train-bar-fill ${v?.state ?? ''}`} style={{ width: `${total ? (100 * done) / total : 0}%` }} />
        </div>
        <span className="train-progress-text">
          {v && v.state !== 'idle' ? `${fmtCount(done)} / ${fmtCount(total)} training steps · ${fmtDuration(elapsed)}${Number.isFinite(left) ? ` · ≈ ${fmtDuration(left)} left` : ''}` : `${models} models × ${fmtCount(v?.stepsPerModel ?? 0)} steps`}
        </span>
      </div>
      <div className="train-plots two">
        <div className="train-box tall" ref={dsBox}>
          {dsSize.width > 0 && (
            <Plot width={dsSize.width} height={dsSize.height} margin={MARGIN} xDomain={xDomain} yDomain={dsDomain} xLog xLabel="forcing interval τ (steps)" yLabel="D_stsp" draw={drawDs} ariaLabel="D_stsp against the forcing interval τ, with τ_pred marked and plain BPTT dashed" testId="tau-sweep">
              {label}
            </Plot>
          )}
        </div>
        <div className="train-box tall" ref={dhBox}>
          {dhSize.width > 0 && (
            <Plot width={dhSize.width} height={dhSize.height} margin={MARGIN} xDomain={xDomain} yDomain={[0, 1]} xLog xLabel="forcing interval τ (steps)" yLabel="D_H" draw={drawDh} ariaLabel="D_H against the forcing interval τ" testId="tau-sweep-dh">
              {label}
            </Plot>
          )}
        </div>
      </div>
      <div className="legend">
        <span className="legend-item">
          <i style={{ background: MODEL_COLOR }} /> D_stsp: mean over seeds, dots: each model
        </span>
        <span className="legend-item">
          <i style={{ background: DH_COLOR }} /> D_H
        </span>
        <span className="legend-item">
          <i className="dashed" style={{ borderTopColor: BPTT_COLOR }} /> plain BPTT (no forcing)
        </span>
        <span className="legend-item">
          <i style={{ background: COLORS.ink }} /> τ_pred = ln 2/λ_max of the data
        </span>
      </div>
    </PanelFrame>
  );
}
