/** The formula of the current model and of its initialisation law. */
import type { ReactNode } from 'react';
import { modelOf } from '../core/models';
import { TRAIN_MODEL_INFO } from '../core/training/trainModelInfo';
import { PARAM_SPECS, type Params } from '../params/spec';
import { useApp } from '../state/store';
import { fmt } from './format';

/** Text with x_t, x_{t+1} marking subscripts and e^{…} superscripts (not nested), as nodes: the models' formulas. */
export function withSubscripts(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(/([_^])(\{([^}]*)\}|([^\s{]))/g)) {
    out.push(text.slice(last, m.index));
    const body = m[3] ?? m[4];
    out.push(m[1] === '_' ? <sub key={m.index}>{body}</sub> : <sup key={m.index}>{body}</sup>);
    last = m.index! + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export function Formula() {
  const p = useApp((s) => s.params);
  const weights = useApp((s) => s.weights);
  if (p.tab === 'training') return <TrainingFormula p={p} />;
  const f = modelOf(p.model).formula(p, weights?.data ? weights.hash : null); // weights the link names but this device lacks: the seeded network is shown
  return (
    <div className="formula" data-testid="formula">
      <div className="formula-main">{withSubscripts(f.text)}</div>
      <div className="formula-detail">{withSubscripts(f.detail)}</div>
    </div>
  );
}

/** The training lab trains its own model on its own data: its formula, not the Explore model's. */
function TrainingFormula({ p }: { p: Params }) {
  const info = TRAIN_MODEL_INFO[p.tmod];
  // the part of the state that forcing sets or mixes (the LSTM's c is kept)
  const v = info.forced;
  const kept = p.tmod === 'lstm' ? ' (c kept)' : '';
  const method =
    p.tmeth === 'stf'
      ? `${v} replaced by B⁺x every τ = ${p.ttau} steps${kept}`
      : p.tmeth === 'gtf'
        ? `${v} ← (1 − α)·${v} + α·B⁺x every step${kept}, α = ${fmt(p.talpha, 3)}`
        : p.tmeth === 'clip'
          ? `gradient norm clipped at ${fmt(p.tclip, 3)}`
          : 'no forcing';
  return (
    <div className="formula" data-testid="formula">
      <div className="formula-main">{withSubscripts(info.formula)}</div>
      <div className="formula-detail">
        trained on {PARAM_SPECS.td.labels[p.td]}; {info.units} = {p.tM} units; {PARAM_SPECS.tmeth.labels[p.tmeth]}: {method}; Adam, learning rate {fmt(p.tlr, 3)}; seed {p.seed}
      </div>
    </div>
  );
}
