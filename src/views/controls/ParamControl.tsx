/**
 * One control per parameter, built from its row of the spec table: the table
 * gives the label, bounds, step and help; nothing is restated here.
 */
import { useId } from 'react';
import { CommitInput } from './CommitInput';
import { AUTO, PARAM_SPECS, type IntSpec, type LogSpec, type FloatSpec, type ParamKey, type Params } from '../../params/spec';
import { formatValue } from '../../params/url';
import { appStore, sideParams, useApp } from '../../state/store';
import { sweepableFor } from '../../core/models';
import { phaseAxesFor } from '../../params/phaseWindow';

function beginDrag() {
  appStore.getState().setDragging(true);
  const end = () => {
    appStore.getState().setDragging(false);
    window.removeEventListener('pointerup', end);
    window.removeEventListener('pointercancel', end);
  };
  window.addEventListener('pointerup', end);
  window.addEventListener('pointercancel', end);
}

/** A "nice" step (1, 2 or 5 × 10ⁿ) near x. */
function niceStep(x: number): number {
  const e = Math.pow(10, Math.floor(Math.log10(x)));
  const m = x / e;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * e;
}

/**
 * Arrow keys on a slider: a coarse nudge of about 1/600 of its range, a fine
 * one (Shift) a tenth of that, never finer than the parameter's step.
 */
export function arrowNudge(e: React.KeyboardEvent, value: number, lo: number, hi: number, step: number): number | null {
  const dir = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -1 : 0;
  if (!dir) return null;
  const coarse = Math.max(step, niceStep((hi - lo) / 600));
  const d = e.shiftKey ? Math.max(step, coarse / 10) : coarse;
  const v = Math.round((value + dir * d) / d) * d;
  return Math.min(hi, Math.max(lo, Number(v.toPrecision(12))));
}

/** A number box: what is typed stays until it is committed; an invalid number puts the value back. */
function NumberBox(props: { id: string; value: number; format: (v: number) => string; onCommit: (v: number) => void; label: string }) {
  const commit = (text: string): string => {
    const v = Number(text.trim());
    if (text.trim() !== '' && Number.isFinite(v)) props.onCommit(v);
    return props.format(props.value);
  };
  return <CommitInput id={props.id} className="num" inputMode="decimal" aria-label={props.label} value={props.format(props.value)} onCommit={commit} />;
}

function FloatControl({ k, spec }: { k: ParamKey; spec: FloatSpec }) {
  const value = useApp((s) => sideParams(s)[k] as number);
  const id = useId();
  const [lo, hi] = spec.slider ?? [spec.min, spec.max];
  const set = (v: number, history: 'replace' | 'push' = 'replace') => appStore.getState().setParam(k, v as Params[typeof k], { history });
  return (
    <div className="control" title={spec.help}>
      <label htmlFor={id}>
        {spec.label}
        <NumberBox id={`${id}-n`} label={`${spec.label} value`} value={value} format={(v) => formatValue(k, v)} onCommit={(v) => set(v)} />
      </label>
      <input
        id={id}
        data-param={k}
        type="range"
        min={lo}
        max={hi}
        step={spec.step}
        value={Math.min(hi, Math.max(lo, value))}
        onPointerDown={beginDrag}
        onChange={(e) => set(Number(e.target.value))}
        onKeyDown={(e) => {
          const v = arrowNudge(e, value, lo, hi, spec.step);
          if (v === null) return;
          e.preventDefault();
          set(v);
        }}
      />
    </div>
  );
}

function IntControl({ k, spec }: { k: ParamKey; spec: IntSpec }) {
  const value = useApp((s) => sideParams(s)[k] as number);
  const id = useId();
  const set = (v: number) => appStore.getState().setParam(k, Math.round(v) as Params[typeof k], { history: 'replace' });
  if (!spec.logSlider) {
    return (
      <div className="control" title={spec.help}>
        <label htmlFor={id}>
          {spec.label}
          <NumberBox id={id} label={spec.label} value={value} format={String} onCommit={set} />
        </label>
      </div>
    );
  }
  const lmin = Math.log(Math.max(1, spec.min));
  const lmax = Math.log(spec.max);
  const auto = spec.auto !== undefined && value === AUTO;
  // auto: the slider rests at the fixed value that stands for auto (where switching it off lands)
  const shownValue = auto ? (spec.auto ?? value) : value;
  const pos = (Math.log(Math.max(1, shownValue)) - lmin) / (lmax - lmin);
  return (
    <div className="control" title={spec.help}>
      <label htmlFor={id}>
        {spec.label}
        {spec.auto !== undefined && (
          <span className="auto-toggle">
            <input
              type="checkbox"
              checked={auto}
              aria-label={`${spec.label}: auto`}
              data-testid={`${k}-auto`}
              onChange={(e) => set(e.target.checked ? AUTO : (spec.auto ?? spec.default))}
            />
            auto
          </span>
        )}
        {auto ? (
          <span className="num auto-value" data-testid={`${k}-value`}>
            auto
          </span>
        ) : (
          <NumberBox id={`${id}-n`} label={`${spec.label} value`} value={value} format={String} onCommit={(v) => set(Math.max(spec.min, v))} />
        )}
      </label>
      <input
        id={id}
        data-param={k}
        type="range"
        min={0}
        max={1000}
        step={1}
        value={Math.round(pos * 1000)}
        onPointerDown={beginDrag}
        onChange={(e) => set(Math.max(spec.min, Math.round(Math.exp(lmin + (Number(e.target.value) / 1000) * (lmax - lmin)))))}
      />
    </div>
  );
}

function LogControl({ k, spec }: { k: ParamKey; spec: LogSpec }) {
  const value = useApp((s) => sideParams(s)[k] as number);
  const id = useId();
  const lmin = Math.log10(spec.min);
  const lmax = Math.log10(spec.max);
  const set = (v: number) => appStore.getState().setParam(k, v as Params[typeof k], { history: 'replace' });
  return (
    <div className="control" title={spec.help}>
      <label htmlFor={id}>
        {spec.label}
        <NumberBox id={`${id}-n`} label={`${spec.label} value`} value={value} format={(v) => formatValue(k, v)} onCommit={set} />
      </label>
      <input
        id={id}
        data-param={k}
        type="range"
        min={lmin}
        max={lmax}
        step={0.1}
        value={Math.log10(value)}
        onPointerDown={beginDrag}
        onChange={(e) => set(Number(Math.pow(10, Number(e.target.value)).toPrecision(3)))}
        onKeyDown={(e) => {
          // in decades: 0.1 per press, 0.01 with Shift
          const dir = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -1 : 0;
          if (!dir) return;
          e.preventDefault();
          const d = e.shiftKey ? 0.01 : 0.1;
          const l = Math.min(lmax, Math.max(lmin, Math.round(Math.log10(value) / d + dir) * d));
          set(Number(Math.pow(10, l).toPrecision(3)));
        }}
      />
    </div>
  );
}

function EnumControl({ k }: { k: ParamKey }) {
  const spec = PARAM_SPECS[k];
  const value = useApp((s) => sideParams(s)[k] as string);
  const model = useApp((s) => s.params.model);
  const id = useId();
  if (spec.kind !== 'enum') return null;
  let values = spec.values as readonly string[];
  if (k === 'bp') values = values.filter((v) => (sweepableFor(model) as string[]).includes(v));
  if (k === 'px' || k === 'py') values = values.filter((v) => (phaseAxesFor(model) as string[]).includes(v));
  return (
    <div className="control" title={spec.help}>
      <label htmlFor={id}>{spec.label}</label>
      <select
        id={id}
        data-param={k}
        value={value}
        onChange={(e) => appStore.getState().setParam(k, e.target.value as Params[typeof k], { history: 'push' })}
      >
        {values.map((v) => (
          <option key={v} value={v}>
            {(spec.labels as Record<string, string>)[v]}
          </option>
        ))}
      </select>
    </div>
  );
}

function IterateToggles() {
  const fk = useApp((s) => sideParams(s).fk);
  const spec = PARAM_SPECS.fk;
  const toggle = (k: number) => {
    const next = fk.includes(k) ? fk.filter((v) => v !== k) : [...fk, k].sort((a, b) => a - b);
    appStore.getState().setParam('fk', next, { history: 'replace' });
  };
  return (
    <fieldset className="control toggles" title={spec.help}>
      <legend>{spec.label}</legend>
      {Array.from({ length: spec.max }, (_, i) => i + 1).map((k) => (
        <button key={k} type="button" className={`toggle iter-${k}`} aria-pressed={fk.includes(k)} data-iterate={k} onClick={() => toggle(k)}>
          f<sup>{k}</sup>
        </button>
      ))}
    </fieldset>
  );
}

function SeedControl() {
  const seed = useApp((s) => sideParams(s).seed);
  const id = useId();
  const spec = PARAM_SPECS.seed;
  const set = (v: number) => appStore.getState().setParam('seed', v, { history: 'push' });
  return (
    <div className="control" title={spec.help}>
      <label htmlFor={id}>
        {spec.label}
        <span className="seed-row">
          <NumberBox id={id} label="Seed" value={seed} format={String} onCommit={(v) => set(Math.round(v))} />
          <button type="button" className="small" onClick={() => set((seed + 1) % 4294967296)} title="Next seed">
            +1
          </button>
          <button type="button" className="small" onClick={() => set(Math.floor(Math.random() * 100000))} title="A random seed">
            random
          </button>
        </span>
      </label>
    </div>
  );
}

/** A control, unless the link hides it (`hide=`). */
export function ParamControl({ k }: { k: ParamKey }) {
  const hidden = useApp((s) => s.params.hide.includes(k));
  return hidden ? null : <ParamControlOf k={k} />;
}

function ParamControlOf({ k }: { k: ParamKey }) {
  const spec = PARAM_SPECS[k];
  if (k === 'seed') return <SeedControl />;
  switch (spec.kind) {
    case 'float':
      return <FloatControl k={k} spec={spec} />;
    case 'int':
      return <IntControl k={k} spec={spec} />;
    case 'log':
      return <LogControl k={k} spec={spec} />;
    case 'enum':
      return <EnumControl k={k} />;
    case 'intlist':
      return <IterateToggles />;
    default:
      return null;
  }
}
