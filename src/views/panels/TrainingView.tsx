/**
 * P10 Training lab (Paper A): train a PLRNN or a tanh RNN on chaotic data in a
 * worker — plain BPTT, BPTT with gradient clipping, sparse teacher forcing
 * every τ steps, generalised teacher forcing with α — and watch the loss, the
 * gradient norm, the free-running reconstruction, D_stsp, D_H and λ_max of
 * the model; then the τ sweep: D_stsp and D_H against τ with τ_pred marked
 * (Paper A's Fig. 1 at lecture scale).
 */
import { TRAIN_MODEL_INFO } from '../../core/training/trainModelInfo';
import { fmtCount, fmtDuration } from '../format';
import { MiniReadout } from '../MiniReadout';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { chooseCsvColumns, csvSlot, setCsv, tauSweepSlot, trainingControl, trainingSlot, type TauSweepView, type TrainRunView } from '../../compute/trainingEngine';
import { useResult } from '../useResult';
import { CSV_MAX_CHOSEN, parseCsv } from '../../core/training/csvData';
import { PARAM_SPECS } from '../../params/spec';
import { appStore, useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { ParamControl } from '../controls/ParamControl';
import { PanelFrame } from '../PanelFrame';
import { COLORS } from '../palette';
import { fmt } from '../format';
import type { DataTable } from '../../export/types';
import './training.css';

const MARGIN = { top: 8, right: 20, bottom: 38, left: 58 };
const EMPTY = new Float64Array(0);
/** Okabe–Ito: data grey-blue, model vermillion, D_H green. */
const MODEL_COLOR = '#D55E00';
const DH_COLOR = '#009E73';
const BPTT_COLOR = '#CC79A7';

/** The clock while something runs (elapsed times). */
function useTicking(on: boolean): void {
  const [, set] = useState(0);
  useEffect(() => {
    if (!on) return;
    const id = setInterval(() => set((t) => t + 1), 500);
    return () => clearInterval(id);
  }, [on]);
}

// ---------------------------------------------------------------------------
// Series helpers

/** Bucketed mean, min and max of v[0 … n) into at most `buckets` points (x = step numbers 1 … n). */
function buckets(v: Float64Array, n: number, count: number): { x: Float64Array; mean: Float64Array; lo: Float64Array; hi: Float64Array } {
  const b = Math.max(1, Math.min(n, count));
  const x = new Float64Array(b);
  const mean = new Float64Array(b);
  const lo = new Float64Array(b);
  const hi = new Float64Array(b);
  for (let k = 0; k < b; k++) {
    const a = Math.floor((k * n) / b);
    const e = Math.max(a + 1, Math.floor(((k + 1) * n) / b));
    let s = 0;
    let c = 0;
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = a; i < e; i++) {
      const y = v[i];
      if (!(y > 0) || !Number.isFinite(y)) continue;
      s += y;
      c++;
      if (y < mn) mn = y;
      if (y > mx) mx = y;
    }
    x[k] = (a + e + 1) / 2;
    mean[k] = c ? s / c : NaN;
    lo[k] = c ? mn : NaN;
    hi[k] = c ? mx : NaN;
  }
  return { x, mean, lo, hi };
}

function logDomain(vals: ArrayLike<number>[], fallback: [number, number]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of vals)
    for (let i = 0; i < v.length; i++) {
      const y = v[i];
      if (y > 0 && Number.isFinite(y)) {
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
  if (!(lo < Infinity)) return fallback;
  if (hi / lo < 10) {
    const mid = Math.sqrt(hi * lo);
    return [mid / 4, mid * 4];
  }
  return [lo / 1.5, hi * 1.5];
}

function rgba(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

function bandAndLine(ctx: CanvasRenderingContext2D, x: Scale, y: Scale, s: ReturnType<typeof buckets>, color: string): void {
  ctx.fillStyle = rgba(color, 0.18);
  ctx.beginPath();
  let open = false;
  const n = s.x.length;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && Number.isFinite(s.lo[i]);
    if (ok && !open) {
      open = true;
      let j = i;
      ctx.moveTo(x(s.x[i]), y(s.hi[i]));
      while (j + 1 < n && Number.isFinite(s.lo[j + 1])) ctx.lineTo(x(s.x[++j]), y(s.hi[j]));
      for (let k = j; k >= i; k--) ctx.lineTo(x(s.x[k]), y(s.lo[k]));
      ctx.closePath();
      i = j;
      open = false;
    }
  }
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  strokeSeries(ctx, x, y, s.x, s.mean);
}

/** Which two coordinates of the data the phase portrait shows (delay plot x_t, x_{t+1} for one dimension). */
function phaseAxes(n: number, kind: string | undefined, columns: string[] | undefined): { i: number; j: number; delay: boolean; labels: [string, string] } {
  if (n === 1) {
    const c = columns?.[0] ?? 'x';
    return { i: 0, j: 0, delay: true, labels: [`${c}(t)`, `${c}(t + 1)`] };
  }
  if (n >= 3 && kind === 'lorenz') return { i: 0, j: 2, delay: false, labels: ['x', 'z'] };
  return { i: 0, j: 1, delay: false, labels: [columns?.[0] ?? 'coordinate 1', columns?.[1] ?? 'coordinate 2'] };
}

// ---------------------------------------------------------------------------
// Controls

function TauListInput() {
  const tsw = useApp((s) => s.params.tsw);
  const spec = PARAM_SPECS.tsw;
  const id = useId();
  const shown = tsw.join(', ');
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setText(shown);
  }, [shown]);
  const commit = () => {
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < spec.min || Number(p) > spec.max);
    if (!parts.length) return setError('Give at least one τ.');
    if (bad !== undefined) return setError(`“${bad.slice(0, 12)}” is not a whole number in ${spec.min} … ${spec.max}.`);
    const list = [...new Set(parts.map(Number))].sort((a, b) => a - b);
    if (list.length > 10) return setError('At most 10 values.');
    setError(null);
    setText(list.join(', '));
    if (list.join() !== tsw.join()) appStore.getState().setParam('tsw', list, { history: 'push' });
  };
  return (
    <div className="control train-taus" title={spec.help}>
      <label htmlFor={id}>
        {spec.label} (τ values)
        <input
          id={id}
          className="num"
          type="text"
          inputMode="numeric"
          data-testid="tau-list"
          aria-invalid={error ? true : undefined}
          value={text}
          onFocus={() => (focused.current = true)}
          onBlur={() => {
            focused.current = false;
            commit();
          }}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
        />
      </label>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function CsvBox() {
  const csv = useResult(csvSlot);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [over, setOver] = useState(false);
  const load = (name: string, content: string) => {
    const r = parseCsv(content);
    if (!r.ok) {
      setErrors(r.errors);
      setWarnings([]);
      return;
    }
    setErrors([]);
    setWarnings(r.warnings);
    setCsv(name, r.table);
  };
  const readFile = (f: File | undefined) => {
    if (!f) return;
    if (f.size > 30e6) return setErrors([`${f.name} is ${(f.size / 1e6).toFixed(0)} MB: at most 30 MB.`]);
    void f.text().then((t) => load(f.name, t), () => setErrors([`${f.name} could not be read.`]));
  };
  const toggle = (c: number) => {
    if (!csv) return;
    const on = csv.chosen.includes(c);
    if (!on && csv.chosen.length >= CSV_MAX_CHOSEN) return;
    chooseCsvColumns(on ? csv.chosen.filter((v) => v !== c) : [...csv.chosen, c]);
  };
  return (
    <div
      className={`train-csv${over ? ' over' : ''}`}
      data-testid="train-csv"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        readFile(e.dataTransfer.files[0]);
      }}
    >
      <div className="train-csv-input">
        <textarea
          aria-label="CSV text"
          placeholder={'Paste a CSV here or drop a file: one row per time step, one column per variable, e.g.\nx,y\n0.12,-1.3\n0.15,-1.1\n…'}
          value={text}
          rows={4}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="train-csv-buttons">
          <button type="button" className="small" onClick={() => load('pasted text', text)} disabled={!text.trim()} data-testid="train-csv-use">
            Use the pasted text
          </button>
          <label className="file-button">
            Choose a file…
            <input type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" onChange={(e) => readFile(e.target.files?.[0])} />
          </label>
        </div>
      </div>
      <p className="field-note">
        Numbers only, separated by commas, semicolons, tabs or spaces; a header line is optional. The data stay in this browser: the link does not carry them
        (whoever opens it must load the file too).
      </p>
      {errors.length > 0 && (
        <ul className="error" role="alert" data-testid="train-csv-errors">
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="field-note">
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      {csv && (
        <fieldset className="train-csv-columns">
          <legend>
            {csv.name}: {fmtCount(csv.table.rows)} rows · columns to learn
          </legend>
          {csv.table.columns.map((c, i) => (
            <label key={i}>
              <input type="checkbox" checked={csv.chosen.includes(i)} onChange={() => toggle(i)} /> {c}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}

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


function useBox(): [React.RefObject<HTMLDivElement | null>, { width: number; height: number }] {
  const ref = useRef<HTMLDivElement>(null);
  return [ref, useSize(ref)];
}

function TrainingPanel() {
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
        </div>
      </header>
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
        <MiniReadout label={`D_stsp${last ? ` (step ${fmtCount(last.step)})` : ''}`} value={last ? fmt(last.dStsp, 3) : '—'} testId="train-dstsp" />
        <MiniReadout label="D_H (0 … 1)" value={last ? fmt(last.dH, 3) : '—'} testId="train-dh" />
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
function drawMarks(ctx: CanvasRenderingContext2D, x: Scale, y: Scale, xs: Float64Array, ys: Float64Array, color: string): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  strokeSeries(ctx, x, y, xs, ys);
  ctx.fillStyle = color;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i])) continue;
    ctx.beginPath();
    ctx.arc(x(xs[i]), y(ys[i]), 2.6, 0, 2 * Math.PI);
    ctx.fill();
  }
}

function meanTail(v: Float64Array, n: number, k: number): number {
  let s = 0;
  let c = 0;
  for (let i = Math.max(0, n - k); i < n; i++) {
    if (Number.isFinite(v[i])) {
      s += v[i];
      c++;
    }
  }
  return c ? s / c : NaN;
}

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

function TauSweepPanel() {
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

export function TrainingView() {
  return (
    <div className="train-view">
      <TrainingPanel />
      <TauSweepPanel />
    </div>
  );
}
