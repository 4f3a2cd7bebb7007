/**
 * PyTorch's Elman RNN (nn.RNN) as a stack of layers (issue #14: a stacked
 * `nn.RNN` is one map of the concatenated state, as for the GRU and LSTM):
 *
 *   h′ = φ(W_ih x + b_ih + g·W_hh h + b_hh),  layer k fed the new h of layer k − 1,
 *
 * φ the link's activation (nn.RNN has tanh or ReLU; the state_dict does not
 * say which, so the user picks it). One "gate" per unit in gated.ts's terms:
 * the stack, the products and the tangent frames are GatedMap's, this file
 * only has the elementwise step. One layer of it is the `rnn` model's map with
 * PyTorch's weight law; a one-layer nn.RNN file is imported as `rnn`.
 */
import { spectralNorm } from '../linalg/power';
import { Act, activateInto, actCode, maxSlope, type Activation } from './activations';
import { OwnBlockLogDet, gatedModule, type GatedCell, type GatedSpec, type GatedWeights } from './gated';
import { PY_PHI, PY_PHI_DPHI, pyStr } from './numpy';
import type { ModelParams } from './types';

/** One Elman layer of H units: h′ = φ(ai + ah), φ′ kept for the tangent and backward steps. */
export class ElmanCell implements GatedCell {
  readonly G = 1;
  readonly S: number;
  readonly ah: Float64Array;
  readonly ai: Float64Array;
  private readonly a: Float64Array;
  private readonly d: Float64Array;
  private readonly out: Float64Array;
  private readonly ownDet: OwnBlockLogDet;

  constructor(
    readonly H: number,
    private readonly Whh: Float64Array,
    private readonly act: Act,
  ) {
    this.S = H;
    this.ownDet = new OwnBlockLogDet(H);
    this.ah = new Float64Array(H);
    this.ai = new Float64Array(H);
    this.a = new Float64Array(H);
    this.d = new Float64Array(H);
    this.out = new Float64Array(H);
  }

  gates(_s: Float64Array, _so: number, next: Float64Array, no: number): void {
    const H = this.H;
    for (let i = 0; i < H; i++) this.a[i] = this.ai[i] + this.ah[i];
    activateInto(this.act, H, this.a, this.out, this.d);
    next.set(this.out, no);
  }

  /** dh′ = φ′ ⊙ (Ph + Px): the layer's own part and the layer below's new tangent. */
  combine(_Q: Float64Array, _qo: number, k: number, Ph: Float64Array, Px: Float64Array | null, Y: Float64Array, yo: number): void {
    for (let i = 0; i < this.H; i++) {
      const d = this.d[i];
      const row = i * k;
      for (let c = 0; c < k; c++) Y[yo + row + c] = d * (Px ? Ph[row + c] + Px[row + c] : Ph[row + c]);
    }
  }

  /** ln|det(diag(φ′)·g·W_hh)|, dense by LU as the GRU's (−∞ where a ReLU unit is off). */
  logDetOwn(): number {
    return this.ownDet.of(this, this.Whh);
  }

  /** h enters only through W_hh: no direct part; ∂L/∂ah = ∂L/∂ai = ∂L/∂h′ ⊙ φ′. */
  backward(gN: Float64Array, gS: Float64Array, go: number, eh: Float64Array, ei: Float64Array): void {
    for (let i = 0; i < this.H; i++) {
      const e = gN[i] * this.d[i];
      gS[go + i] = 0;
      eh[i] = e;
      ei[i] = e;
    }
  }
}

/** numpy: the cell and its tangent, ElmanCell's operations in its order (φ and φ′ as activations.ts activateInto). */
function pyElman(act: Activation): string {
  return `
ACT = ${pyStr(act)}  # the activation phi of every layer
${PY_PHI}${PY_PHI_DPHI}

def cell(h, ah, ai):
    """Elman layer (elman.ts gates): h' = phi(ai + ah)."""
    out, d = phi_dphi(ai + ah)
    return out, d


def cell_tangent(d, Qs, Ph, Px):
    """dh' = phi'(a) (Ph + Px) (elman.ts combine)."""
    return d[:, None] * (Ph if Px is None else Ph + Px)
`;
}

/**
 * The gradient meter's contracting reference: the g at which every layer's own
 * block has ‖g·W_hh‖₂·max φ′ = ½ (as the rnn model's). The coupling between
 * layers is block lower-triangular, so the products still shrink like 2⁻ᵗ
 * (times a polynomial in t).
 */
function contracting(p: Pick<ModelParams, 'act'>, w: GatedWeights): { at: number; label: string } {
  let s = 0;
  for (const l of w.layers) s = Math.max(s, spectralNorm(w.H, l.Whh));
  s *= maxSlope(p.act);
  const g = s > 0 ? 0.5 / s : 1;
  return { at: g, label: `g = ${g.toPrecision(3)} (every layer’s ‖gW_hh‖₂·max φ′ ≤ ½: the products shrink like 2⁻ᵗ)` };
}

/** The Elman stack with the activation of the link. */
function withActivation(p: Pick<ModelParams, 'act'>): Pick<GatedSpec, 'makeCell' | 'pyCell'> {
  const code = actCode(p.act);
  return { makeCell: (H, Whh) => new ElmanCell(H, Whh, code), pyCell: pyElman(p.act) };
}

export const ELMAN_SPEC: GatedSpec = {
  kind: 'elman',
  ...withActivation({ act: 'tanh' }),
  withParams: withActivation,
  params: ['act'],
  contracting,
  label: 'Elman RNN stack (nn.RNN)',
  name: 'Elman RNN (nn.RNN)',
  startName: 'h₀',
  eigenText: {
    about:
      'One layer’s Jacobian is diag(φ′)·g·W_hh; a stack’s is block lower-triangular (layer k reads the new h of layer k − 1), so its eigenvalues are those of the layers’ own blocks. At g = 0 the stack forgets everything after as many steps as it has layers.',
    noMatrix:
      'A stack has no single weight matrix to show: the plane shows the eigenvalues of its Jacobian at the fixed point selected below (found by Newton’s method).',
  },
  formulaText: 'h_{t+1} = φ(W_{ih} x_t + b_{ih} + g·W_{hh} h_t + b_{hh})',
  equations: 'every layer k: h^{(k)}_{t+1} = φ(W^{(k)}_{ih} x^{(k)}_t + b^{(k)}_{ih} + g·W^{(k)}_{hh} h^{(k)}_t + b^{(k)}_{hh}), x^{(k)}_t = h^{(k−1)}_{t+1} above the first layer',
  stateText: 'h (H numbers)',
  contractingLabel: 'g = 0 (no recurrent weights: each layer is a function of the layer below, and every product of as many Jacobians as there are layers is 0)',
  defaults: { k: 32, g: 1, bt: 300, bn: 200 },
};

export const elman = gatedModule(ELMAN_SPEC, 0x2c1b3c6d);
