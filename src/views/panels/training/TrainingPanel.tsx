/** The training panel: controls, live loss and gradient norm, reconstruction, measures. */
import { fmtCount, fmtDuration } from '../../format';
import { MiniReadout } from '../../MiniReadout';
import { useCallback, useMemo, useState } from 'react';
import { trainingControl, trainingSlot } from '../../../compute/trainingEngine';
import type { TrainRunView } from '../../../compute/trainingRun';
import { useResult } from '../../useResult';
import { useApp } from '../../../state/store';
import { Plot, type Scale } from '../../chart/Plot';
import { ParamControl } from '../../controls/ParamControl';
import { PanelFrame } from '../../PanelFrame';
import { COLORS } from '../../palette';
import { fmt } from '../../format';
import type { DataTable } from '../../../export/types';
import { DH_COLOR, EMPTY, MARGIN, MODEL_COLOR, bandAndLine, buckets, drawMarks, logDomain, meanTail, phaseAxes, rgba, useBox, useTicking } from './plots';
import { CsvBox } from './inputs';
import { exploreTrainedModel } from './exploreTrained';

// ---------------------------------------------------------------------------
// The run

function statusText(v: TrainRunView | null): string {
  if (!v) return 'Starting the workers…';
  const at = `${fmtCount(v.stepsDone)} / ${fmtCount(v.total)}`;
  switch (v.state) {
    case 'idle':
      return 'Not started: press Start';
    case 'starting':
      return 'Preparing the data and the model…';
    case 'running':
      return `Training · step ${at}`;
    case 'pausing':
      return `Pausing at step ${fmtCount(v.stepsDone)}…`;
    case 'paused':
      return `Paused at step ${at}`;
    case 'done':
      return `Done: ${fmtCount(v.stepsDone)} steps in ${fmtDuration(v.elapsedMs)}`;
    case 'error':
      return `Stopped at step ${fmtCount(v.stepsDone)}`;
  }
}


export function TrainingPanel() {
  const view = useResult(trainingSlot);
  const p = useApp((s) => s.params);
  const running = view?.state === 'running' || view?.state === 'starting' || view?.state === 'pausing';
  useTicking(running);

  const n = view?.stepsDone ?? 0;
  const total = view?.total || p.tep;
  const info = view?.info ?? view?.data ?? null;
  const evals = useMemo(() => view?.evals ?? [], [view]);
  const last = evals.length ? evals[evals.length - 1] : null;
  const stepsPerSecond = view && view.elapsedMs > 200 ? (1000 * n) / view.elapsedMs : NaN;
  const method = view?.setup?.cfg.method ?? p.tmeth;
  const clip = view?.setup?.cfg.clip ?? p.tclip;
  const dataKind = view?.setup?.data.kind ?? p.td;

  const [lossBox, lossSize] = useBox();
  const [gradBox, gradSize] = useBox();
  const [phaseBox, phaseSize] = useBox();
  const [dsBox, dsSize] = useBox();
  const [dhBox, dhSize] = useBox();
  const [lamBox, lamSize] = useBox();

  // the arrays are filled in place: every published view is a new object
  const lossSeries = useMemo(() => buckets(view?.loss ?? EMPTY, n, Math.max(50, Math.floor(lossSize.width / 2))), [view, n, lossSize.width]);
  const gradSeries = useMemo(() => buckets(view?.gradNorm ?? EMPTY, n, Math.max(50, Math.floor(gradSize.width / 2))), [view, n, gradSize.width]);
  const xSteps = useMemo<[number, number]>(() => [0, Math.max(10, total)], [total]);
  const lossY = useMemo(() => logDomain([lossSeries.lo, lossSeries.hi], [1e-3, 1]), [lossSeries]);
  const gradY = useMemo(() => {
    const d = logDomain([gradSeries.lo, gradSeries.hi], [1e-2, 10]);
    return method === 'clip' ? ([Math.min(d[0], clip / 2), Math.max(d[1], clip * 2)] as [number, number]) : d;
  }, [gradSeries, method, clip]);

  const drawLoss = useCallback((ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => bandAndLine(ctx, x, y, lossSeries, COLORS.order), [lossSeries]);
  const drawGrad = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      bandAndLine(ctx, x, y, gradSeries, COLORS.chaos);
      if (method === 'clip') {
        ctx.strokeStyle = COLORS.ink;
        ctx.setLineDash([6, 4]);
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(x.range()[0], y(clip));
        ctx.lineTo(x.range()[1], y(clip));
        ctx.stroke();
        ctx.setLineDash([]);
      }
    },
    [gradSeries, method, clip],
  );

  // Phase portrait: the data (first rows) and the model's free run from B⁺x₀.
  const dims = info?.n ?? 3;
  const axes = phaseAxes(dims, dataKind, info?.columns);
  const preview = info?.preview ?? EMPTY;
  const recon = view?.recon ?? null;
  const phaseDomain = useMemo(() => {
    let lo = [Infinity, Infinity];
    let hi = [-Infinity, -Infinity];
    const rows = Math.floor(preview.length / dims);
    for (let t = 0; t + (axes.delay ? 1 : 0) < rows; t++) {
      const a = preview[t * dims + axes.i];
      const b = axes.delay ? preview[(t + 1) * dims] : preview[t * dims + axes.j];
      lo = [Math.min(lo[0], a), Math.min(lo[1], b)];
      hi = [Math.max(hi[0], a), Math.max(hi[1], b)];
    }
    if (!(lo[0] < Infinity)) return { x: [-2.5, 2.5] as [number, number], y: [-2.5, 2.5] as [number, number] };
    const pad = (l: number, h: number): [number, number] => [l - 0.25 * (h - l + 1e-9), h + 0.25 * (h - l + 1e-9)];
    return { x: pad(lo[0], hi[0]), y: pad(lo[1], hi[1]) };
  }, [preview, dims, axes.i, axes.j, axes.delay]);
  const drawPhase = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      const dot = (series: Float64Array, color: string, r: number) => {
        ctx.fillStyle = color;
        const rows = Math.floor(series.length / dims);
        const [x0, x1] = x.domain();
        const [y0, y1] = y.domain();
        for (let t = 0; t + (axes.delay ? 1 : 0) < rows; t++) {
          const a = series[t * dims + axes.i];
          const b = axes.delay ? series[(t + 1) * dims] : series[t * dims + axes.j];
          if (!(a >= x0 && a <= x1 && b >= y0 && b <= y1)) continue;
          ctx.fillRect(x(a) - r / 2, y(b) - r / 2, r, r);
        }
      };
      dot(preview, 'rgba(120,130,145,0.45)', 2);
      if (recon) dot(recon, rgba(MODEL_COLOR, 0.75), 2.2);
    },
    [preview, recon, dims, axes.i, axes.j, axes.delay],
  );

  const evalX = useMemo(() => Float64Array.from(evals, (e) => e.step), [evals]);
  const dsY = useMemo(() => Float64Array.from(evals, (e) => e.dStsp), [evals]);
  const dhY = useMemo(() => Float64Array.from(evals, (e) => e.dH), [evals]);
  const lamY = useMemo(() => Float64Array.from(evals, (e) => e.lambdaMax ?? NaN), [evals]);
  const dsDomain = useMemo<[number, number]>(() => [0, Math.max(1, ...dsY.filter(Number.isFinite)) * 1.08], [dsY]);
  const dataLambda = info?.lambda ?? null;
  const lamDomain = useMemo<[number, number]>(() => {
    // the first evaluations (an untrained, contracting model) may lie far below: they are drawn at the bottom edge
    const floor = -4 * Math.max(0.03, Math.abs(dataLambda ?? 0));
    const v = [...lamY.filter(Number.isFinite), 0, ...(dataLambda !== null ? [dataLambda] : [])];
    const lo = Math.max(floor, Math.min(...v));
    const hi = Math.max(...v);
    const pad = 0.12 * (hi - lo || 0.05);
    return [lo - pad, hi + pad];
  }, [lamY, dataLambda]);
  const lamShown = useMemo(() => lamY.map((v) => (Number.isFinite(v) ? Math.max(v, lamDomain[0]) : v)), [lamY, lamDomain]);
  const drawDs = useCallback((ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => drawMarks(ctx, x, y, evalX, dsY, MODEL_COLOR), [evalX, dsY]);
  const drawDh = useCallback((ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => drawMarks(ctx, x, y, evalX, dhY, DH_COLOR), [evalX, dhY]);
  const drawLam = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      ctx.strokeStyle = COLORS.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x.range()[0], y(0));
      ctx.lineTo(x.range()[1], y(0));
      ctx.stroke();
      if (dataLambda !== null) {
        ctx.strokeStyle = COLORS.ink;
        ctx.setLineDash([6, 4]);
        ctx.lineWidth = 1.8;
        ctx.beginPath();
        ctx.moveTo(x.range()[0], y(dataLambda));
        ctx.lineTo(x.range()[1], y(dataLambda));
        ctx.stroke();
        ctx.setLineDash([]);
      }
      drawMarks(ctx, x, y, evalX, lamShown, MODEL_COLOR);
    },
    [evalX, lamShown, dataLambda],
  );

  const state = view?.state ?? 'idle';
  const canStart = trainingControl.available && (state === 'idle' || state === 'done' || state === 'error') && !(p.td === 'csv' && view?.message && !view.setup);
  const pausable = state === 'running' || state === 'paused' || state === 'pausing';
  const explorable = state === 'paused' || state === 'done';
  const [exploreError, setExploreError] = useState<string | null>(null);
  const lossLast = n > 0 ? meanTail(view!.loss, n, 20) : NaN;
  const gradLast = n > 0 ? meanTail(view!.gradNorm, n, 20) : NaN;
  const tauPred = info?.tauPred ?? null;

  const exportData = {
    tables: (): DataTable[] => {
      const v = trainingSlot.get();
      if (!v) return [];
      const steps: DataTable = { name: 'steps', columns: ['step', 'loss', 'gradNorm'], rows: Array.from({ length: v.stepsDone }, (_, i) => [i + 1, v.loss[i], v.gradNorm[i]]) };
      const ev: DataTable = { name: 'evaluations', columns: ['step', 'dStsp', 'dH', 'lambdaMax'], rows: v.evals.map((e) => [e.step, e.dStsp, e.dH, e.lambdaMax]) };
      const d = v.info?.n ?? 0;
      const rec: DataTable = { name: 'reconstruction', columns: Array.from({ length: d }, (_, i) => `x${i + 1}`), rows: [] };
      if (v.recon && d) for (let t = 0; t < v.recon.length / d; t++) rec.rows.push(Array.from(v.recon.subarray(t * d, t * d + d)));
      return [steps, ev, rec];
    },
    values: () => {
      const v = trainingSlot.get();
      const e = v?.evals.length ? v.evals[v.evals.length - 1] : null;
      return { steps: v?.stepsDone ?? 0, dStsp: e?.dStsp ?? null, dH: e?.dH ?? null, lambdaMax: e?.lambdaMax ?? null, dataLambda: v?.info?.lambda ?? null };
    },
  };

  return (
    <PanelFrame id="training" className="train-panel" exportData={exportData}>
      <header>
        <h2 id="training-title">Training lab: learning a chaotic system</h2>
        <div className="panel-tools">
          <span className="status train-status" role="status" data-testid="train-status" data-state={state}>
            {statusText(view)}
          </span>
          <button type="button" className="primary" data-testid="train-start" disabled={!canStart} onClick={() => trainingControl.start()}>
            {state === 'done' || state === 'error' ? 'Run again' : 'Start'}
          </button>
          <button
            type="button"
            data-testid="train-pause"
            disabled={!pausable}
            onClick={() => (state === 'running' ? trainingControl.pause() : trainingControl.resume())}
          >
            {state === 'paused' || state === 'pausing' ? 'Resume' : 'Pause'}
          </button>
          <button type="button" data-testid="train-reset" disabled={state === 'idle'} onClick={() => trainingControl.reset()}>
            Reset
          </button>
          <button
            type="button"
            data-testid="train-explore"
            disabled={!explorable}
            title="Open the trained model (its latent map at g = 1) in the other views, as an imported network: its Lyapunov spectrum, eigenvalues, orbit diagram over a scale of its recurrent weights…"
            onClick={() => void exploreTrainedModel(p).then(setExploreError)}
          >
            Explore the trained model
          </button>
        </div>
      </header>
      {exploreError && (
        <p className="error" role="alert" data-testid="train-explore-error">
          {exploreError}
        </p>
      )}
      <p className="explain train-about">
        Paper A (Mikhaeil et al. 2022): on chaotic data the loss gradients are products of Jacobians, which grow like exp(λ_max·T) with the sequence
        length T, so plain BPTT explodes; clipping the gradient tames the numbers but not the dynamics the model learns. Sparse teacher forcing — the state
        replaced by B⁺x every τ steps — keeps every product at most τ long; with τ near the predictability time τ_pred = ln 2/λ_max the model still sees long
        enough stretches to learn the attractor.
      </p>
      <div className="train-controls">
        <ParamControl k="td" />
        <ParamControl k="tmod" />
        <ParamControl k="tM" />
        <ParamControl k="tmeth" />
        {p.tmeth === 'stf' && <ParamControl k="ttau" />}
        {p.tmeth === 'gtf' && <ParamControl k="talpha" />}
        {p.tmeth === 'clip' && <ParamControl k="tclip" />}
        <ParamControl k="tT" />
        <ParamControl k="tlr" />
        <ParamControl k="tep" />
        <ParamControl k="seed" />
        <ParamControl k="tms" />
      </div>
      {p.td === 'csv' && <CsvBox />}
      {view?.message && (
        <p className={state === 'error' ? 'error' : 'field-note train-message'} role={state === 'error' ? 'alert' : undefined} data-testid="train-message">
          {view.message}
        </p>
      )}
      <div className="train-progress-row">
        <div className="train-bar" role="progressbar" aria-label="Training steps" aria-valuemin={0} aria-valuemax={total} aria-valuenow={n}>
          <div className={`train-bar-fill ${state === 'done' ? 'done' : state === 'error' ? 'error' : 'running'}`} style={{ width: `${total ? (100 * n) / total : 0}%` }} />
        </div>
        <span className="train-progress-text">
          step <b data-testid="train-step">{n}</b> / {fmtCount(total)}
          {Number.isFinite(stepsPerSecond) ? ` · ${fmt(stepsPerSecond, 3)} steps/s` : ''}
          {view && view.elapsedMs > 0 ? ` · ${fmtDuration(view.elapsedMs)}` : ''}
          {view?.info ? ` · ${view.info.params} parameters` : ''}
        </span>
      </div>
      <div className="spectrum-readouts train-readouts">
        <MiniReadout label="loss, last 20 steps" value={fmt(lossLast, 3)} testId="train-loss-value" />
        <MiniReadout label="‖∇L‖, last 20 steps" value={fmt(gradLast, 3)} />
        <MiniReadout label={`D_stsp${last ? ` (step ${fmtCount(last.step)})` : ''}`} value={last ? fmt(last.dStsp, 3) : '—'} testId="train-dstsp" note={p.tms === 'paper' ? 'Paper A’s: 10 bins over μ ± 2σ' : 'GTF’s: 10 bins over the data’s range'} />
        <MiniReadout label="D_H (0 … 1)" value={last ? fmt(last.dH, 3) : '—'} testId="train-dh" note={p.tms === 'paper' ? 'Paper A’s: σ = 2, 500 frequencies' : 'GTF’s: σ = L/512'} />
        <MiniReadout
          label="λ_max per step, model / data"
          value={`${last && last.lambdaMax !== null ? fmt(last.lambdaMax, 3) : '—'} / ${dataLambda !== null ? fmt(dataLambda, 3) : '?'}`}
          cls={last && last.lambdaMax !== null && last.lambdaMax > 0 ? 'chaotic' : undefined}
        />
        <MiniReadout label="τ_pred = ln 2/λ_max of the data" value={tauPred !== null ? `${fmt(tauPred, 3)} steps` : 'unknown'} />
      </div>
      {info && (
        <p className="method train-data" data-testid="train-data">
          Data: {info.label}; λ_max {info.lambda !== null ? `from ${info.lambdaSource}` : 'unknown'}.
        </p>
      )}
      <div className="train-plots">
        <figure className="train-fig">
          <figcaption>Loss per step (log)</figcaption>
          <div className="train-box" ref={lossBox}>
            {lossSize.width > 0 && (
              <Plot width={lossSize.width} height={lossSize.height} margin={MARGIN} xDomain={xSteps} yDomain={lossY} yLog xLabel="training step" yLabel="MSE" draw={drawLoss} ariaLabel="Training loss per step, log scale" testId="train-loss" />
            )}
          </div>
        </figure>
        <figure className="train-fig">
          <figcaption>Gradient norm per step (log){method === 'clip' ? ' · dashed: clipping norm' : ''}</figcaption>
          <div className="train-box" ref={gradBox}>
            {gradSize.width > 0 && (
              <Plot width={gradSize.width} height={gradSize.height} margin={MARGIN} xDomain={xSteps} yDomain={gradY} yLog xLabel="training step" yLabel="‖∇L‖" draw={drawGrad} ariaLabel="Norm of the loss gradient per step, log scale" testId="train-gradnorm" />
            )}
          </div>
        </figure>
        <figure className="train-fig">
          <figcaption>
            Free run of the model (<span style={{ color: MODEL_COLOR }}>●</span>) vs data (<span className="data-dot">●</span>), {axes.labels[0]}–{axes.labels[1]}
          </figcaption>
          <div className="train-box" ref={phaseBox}>
            {phaseSize.width > 0 && (
              <Plot
                width={phaseSize.width}
                height={phaseSize.height}
                margin={MARGIN}
                xDomain={phaseDomain.x}
                yDomain={phaseDomain.y}
                xLabel={axes.labels[0]}
                yLabel={axes.labels[1]}
                draw={drawPhase}
                ariaLabel="Phase portrait: the data and the trained model's free-running reconstruction"
                testId="train-reconstruction"
              />
            )}
          </div>
        </figure>
        <figure className="train-fig">
          <figcaption>D_stsp over training (0: same state-space density)</figcaption>
          <div className="train-box" ref={dsBox}>
            {dsSize.width > 0 && <Plot width={dsSize.width} height={dsSize.height} margin={MARGIN} xDomain={xSteps} yDomain={dsDomain} xLabel="training step" yLabel="D_stsp" draw={drawDs} ariaLabel="State-space divergence over training" testId="train-dstsp-plot" />}
          </div>
        </figure>
        <figure className="train-fig">
          <figcaption>D_H over training (0: same power spectra)</figcaption>
          <div className="train-box" ref={dhBox}>
            {dhSize.width > 0 && <Plot width={dhSize.width} height={dhSize.height} margin={MARGIN} xDomain={xSteps} yDomain={[0, 1]} xLabel="training step" yLabel="D_H" draw={drawDh} ariaLabel="Power-spectrum Hellinger distance over training" testId="train-dh-plot" />}
          </div>
        </figure>
        <figure className="train-fig">
          <figcaption>λ_max of the model{dataLambda !== null ? ' · dashed: the data’s' : ''}</figcaption>
          <div className="train-box" ref={lamBox}>
            {lamSize.width > 0 && <Plot width={lamSize.width} height={lamSize.height} margin={MARGIN} xDomain={xSteps} yDomain={lamDomain} xLabel="training step" yLabel="λ_max per step" draw={drawLam} ariaLabel="Largest Lyapunov exponent of the trained model over training, and the data's" testId="train-lambda" />}
          </div>
        </figure>
      </div>
    </PanelFrame>
  );
}

/** A line through the points with a dot on each. */