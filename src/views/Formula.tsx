/** The formula of the current model and of its initialisation law (T4). */
import { ACTIVATION_INFO } from '../core/activations';
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
