/** The formula of the current model and of its initialisation law (T4). */
import { ACTIVATION_INFO } from '../core/models/activations';
import { PARAM_SPECS, type Params } from '../params/spec';
import { useApp } from '../state/store';
import { fmt } from './format';

const LAWS: Record<Params['init'], { w: string; b: string; a: string; c: string }> = {
  he: { w: 'N(0, 2g²)', b: 'N(0, 2σ_b²)', a: 'N(0, 2g²/k)', c: 'N(0, 2σ_b²/k)' },
  xavier: { w: 'N(0, 2g²/(k+1))', b: 'N(0, 2σ_b²/(k+1))', a: 'N(0, 2g²/(k+1))', c: 'N(0, 2σ_b²/(k+1))' },
  lecun: { w: 'N(0, g²)', b: 'N(0, σ_b²)', a: 'N(0, g²/k)', c: 'N(0, σ_b²/k)' },
  normal: { w: 'N(0, g²)', b: 'N(0, σ_b²)', a: 'N(0, g²)', c: 'N(0, σ_b²)' },
  torch: { w: 'U(−g, g)', b: 'U(−σ_b, σ_b)', a: 'U(−g/√k, g/√k)', c: 'U(−σ_b/√k, σ_b/√k)' },
};

const OUT_TEXT: Record<Params['out'], string> = { identity: '', act: 'φ', clip: 'clip₍₀,₁₎' };

export function Formula() {
  const p = useApp((s) => s.params);
  const weights = useApp((s) => s.weights);
  const phi = ACTIVATION_INFO[p.act];
  if (p.tab === 'training') return <TrainingFormula p={p} />;
  let main: React.ReactNode;
  let detail: React.ReactNode = null;
  switch (p.model) {
    case 'logistic':
      main = (
        <>
          x<sub>t+1</sub> = r·x<sub>t</sub>(1 − x<sub>t</sub>)
        </>
      );
      detail = <>r = {fmt(p.r, 6)}</>;
      break;
    case 'tent':
      main = (
        <>
          x<sub>t+1</sub> = μ·min(x<sub>t</sub>, 1 − x<sub>t</sub>)
        </>
      );
      detail = <>μ = {fmt(p.mu, 6)}</>;
      break;
    case 'neuron':
      main = (
        <>
          x<sub>t+1</sub> = φ(g·w·x<sub>t</sub> + b)
        </>
      );
      detail = (
        <>
          φ(z) = {phi.formula}, g = {fmt(p.g, 5)}, w = {fmt(p.w, 5)}, b = {fmt(p.b, 5)}
        </>
      );
      break;
    case 'rnn':
      main = (
        <>
          h<sub>t+1</sub> = φ(g·W h<sub>t</sub> + b{p.inp === 'none' ? '' : ' + u_t·v'})
        </>
      );
      detail = weights ? (
        <>
          φ(z) = {phi.formula}; imported W and b (#{weights.hash.slice(0, 8)}), N = {p.k}, W × g = {fmt(p.g, 5)}
        </>
      ) : (
        <>
          φ(z) = {phi.formula}; N = {p.k}; W: {PARAM_SPECS.wl.labels[p.wl]}, g = {fmt(p.g, 5)}; bᵢ ~ N(0, σ_b²), σ_b = {fmt(p.sb, 4)}
          {p.inp === 'none' ? '' : p.inp === 'const' ? `; u_t = ${fmt(p.ia, 3)}` : `; u_t = ${fmt(p.ia, 3)}·sin(2πt/${fmt(p.ip, 4)})`}; seed {p.seed}
        </>
      );
      break;
    case 'plrnn':
      main = (
        <>
          z<sub>t+1</sub> = A z<sub>t</sub> + W·ReLU(z<sub>t</sub>) + h
        </>
      );
      detail = weights ? (
        <>
          imported A, W, h (#{weights.hash.slice(0, 8)}), M = {p.k}; A and W × g = {fmt(p.g, 5)}
        </>
      ) : (
        <>
          M = {p.k}; A diagonal, W off-diagonal, both from U(±1/√M) × g (Paper A’s code), g = {fmt(p.g, 5)}; h ~ U(±1/√M); seed {p.seed}
        </>
      );
      break;
    case 'henon':
      main = (
        <>
          (x, y)<sub>t+1</sub> = (1 − a·x<sub>t</sub>² + y<sub>t</sub>, b·x<sub>t</sub>)
        </>
      );
      detail = (
        <>
          a = {fmt(p.a, 5)}, b = {fmt(p.b, 5)}; starts at ({fmt(p.x0, 4)}, 0)
        </>
      );
      break;
    case 'net1d': {
      const out = OUT_TEXT[p.out];
      const law = LAWS[p.init];
      main = (
        <>
          x<sub>t+1</sub> = {out}
          {out ? '(' : ''}Σ<sub>i=1…{p.k}</sub> a<sub>i</sub> φ(w<sub>i</sub>x<sub>t</sub> + b<sub>i</sub>) + c{out ? ')' : ''}
        </>
      );
      detail = weights ? (
        <>
          φ(z) = {phi.formula}; imported weights (#{weights.hash.slice(0, 8)}), w<sub>i</sub>, a<sub>i</sub> × g = {fmt(p.g, 5)}; b<sub>i</sub>, c × σ
          <sub>b</sub> = {fmt(p.sb, 4)}
        </>
      ) : (
        <>
          φ(z) = {phi.formula}; {PARAM_SPECS.init.labels[p.init]}: w<sub>i</sub> ~ {law.w}, b<sub>i</sub> ~ {law.b}, a<sub>i</sub> ~ {law.a}, c ~ {law.c}; g ={' '}
          {fmt(p.g, 5)}, σ<sub>b</sub> = {fmt(p.sb, 4)}, seed {p.seed}
        </>
      );
      break;
    }
  }
  return (
    <div className="formula" data-testid="formula">
      <div className="formula-main">{main}</div>
      <div className="formula-detail">{detail}</div>
    </div>
  );
}

/** The training lab trains its own model on its own data: its formula, not the Explore model's. */
function TrainingFormula({ p }: { p: Params }) {
  const main =
    p.tmod === 'plrnn' ? (
      <>
        z<sub>t+1</sub> = A z<sub>t</sub> + W·ReLU(z<sub>t</sub>) + h, x̂<sub>t</sub> = B z<sub>t</sub>
      </>
    ) : (
      <>
        h<sub>t+1</sub> = tanh(W h<sub>t</sub> + b), x̂<sub>t</sub> = B h<sub>t</sub>
      </>
    );
  const method =
    p.tmeth === 'stf'
      ? `z replaced by B⁺x every τ = ${p.ttau} steps`
      : p.tmeth === 'gtf'
        ? `z ← (1 − α)·z + α·B⁺x every step, α = ${fmt(p.talpha, 3)}`
        : p.tmeth === 'clip'
          ? `gradient norm clipped at ${fmt(p.tclip, 3)}`
          : 'no forcing';
  return (
    <div className="formula" data-testid="formula">
      <div className="formula-main">{main}</div>
      <div className="formula-detail">
        trained on {PARAM_SPECS.td.labels[p.td]}; {p.tmod === 'plrnn' ? `M = ${p.tM}` : `N = ${p.tM}`} units; {PARAM_SPECS.tmeth.labels[p.tmeth]}: {method}; Adam, learning rate {fmt(p.tlr, 3)}; seed {p.seed}
      </div>
    </div>
  );
}
