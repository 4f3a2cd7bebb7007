/**
 * The LSTM (Hochreiter & Schmidhuber 1997) with PyTorch's equations (nn.LSTM,
 * gates i, f, g, o):
 *
 *   i, f, o = σ(W_i· x + b_i· + W_h· h + b_h·),  g = tanh(…),
 *   c′ = f ⊙ c + i ⊙ g,  h′ = o ⊙ tanh(c′),
 *
 * computed as PyTorch's cell computes it (aten/src/ATen/native/RNN.cpp
 * LSTMCell): a = ah + ai per gate, c′ = (f·c) + (i·g), h′ = o·tanh(c′). The
 * state is z = (h, c), 2H numbers (Paper A, Remark 3: the Jacobian of both),
 * so the spectrum has 2H exponents. At PyTorch's default initialisation, g
 * scaling W_hh (gated.ts).
 *
 * ln|det J| has a product form: subtracting diag(o(1 − tanh²c′)) times the c′
 * rows from the h′ rows leaves the block triangle [[diag(o′·tanh c′)·gW_ho, 0],
 * [∂c′/∂h, diag(f)]], so ln|det J| = ln|det gW_ho| + Σᵢ ln|fᵢ·tanh(c′ᵢ)·oᵢ(1 − oᵢ)|
 * (O(H) a step; ln|det gW_ho| once).
 */
import { logAbsDet } from '../linalg/lu';
import { log, sigmoid, tanh } from '../linalg/elementary';
import { gatedModule, type GatedCell, type GatedSpec } from './gated';

/** One LSTM layer of H units (state h, then c). */
export class LstmCell implements GatedCell {
  readonly G = 4;
  readonly S: number;
  readonly ah: Float64Array;
  readonly ai: Float64Array;
  private readonly gi: Float64Array;
  private readonly gf: Float64Array;
  private readonly gg: Float64Array;
  private readonly go: Float64Array;
  /** The old c and tanh(c′). */
  private readonly c: Float64Array;
  private readonly tc: Float64Array;
  private logDetWoCache: number | null = null;

  constructor(
    readonly H: number,
    private readonly Whh: Float64Array,
  ) {
    this.S = 2 * H;
    this.ah = new Float64Array(4 * H);
    this.ai = new Float64Array(4 * H);
    this.gi = new Float64Array(H);
    this.gf = new Float64Array(H);
    this.gg = new Float64Array(H);
    this.go = new Float64Array(H);
    this.c = new Float64Array(H);
    this.tc = new Float64Array(H);
  }

  gates(s: Float64Array, so: number, next: Float64Array, no: number): void {
    const H = this.H;
    const { ah, ai } = this;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(ah[j] + ai[j]);
      const f = sigmoid(ah[H + j] + ai[H + j]);
      const g = tanh(ah[2 * H + j] + ai[2 * H + j]);
      const o = sigmoid(ah[3 * H + j] + ai[3 * H + j]);
      const c = s[so + H + j];
      const c2 = f * c + i * g;
      const tc = tanh(c2);
      this.gi[j] = i;
      this.gf[j] = f;
      this.gg[j] = g;
      this.go[j] = o;
      this.c[j] = c;
      this.tc[j] = tc;
      next[no + j] = o * tc;
      next[no + H + j] = c2;
    }
  }

  /**
   * With p = Ph (+ Px) per gate: di = i(1 − i)·p_i, df = f(1 − f)·p_f, dg = (1 − g²)·p_g,
   * do = o(1 − o)·p_o; dc′ = (df·c + f·q_c) + (di·g + i·dg), dh′ = do·tanh c′ + (o(1 − tanh²c′))·dc′.
   */
  combine(Q: Float64Array, qo: number, k: number, Ph: Float64Array, Px: Float64Array | null, Y: Float64Array, yo: number): void {
    const H = this.H;
    for (let j = 0; j < H; j++) {
      const i = this.gi[j];
      const f = this.gf[j];
      const g = this.gg[j];
      const o = this.go[j];
      const c = this.c[j];
      const tc = this.tc[j];
      const si = i * (1 - i);
      const sf = f * (1 - f);
      const sg = 1 - g * g;
      const so = o * (1 - o);
      const od = o * (1 - tc * tc);
      const ri = j * k;
      const rf = (H + j) * k;
      const rg = (2 * H + j) * k;
      const ro = (3 * H + j) * k;
      const hRow = j * k;
      const cRow = (H + j) * k;
      for (let col = 0; col < k; col++) {
        const pi = Px ? Ph[ri + col] + Px[ri + col] : Ph[ri + col];
        const pf = Px ? Ph[rf + col] + Px[rf + col] : Ph[rf + col];
        const pg = Px ? Ph[rg + col] + Px[rg + col] : Ph[rg + col];
        const po = Px ? Ph[ro + col] + Px[ro + col] : Ph[ro + col];
        const di = si * pi;
        const df = sf * pf;
        const dg = sg * pg;
        const dO = so * po;
        const dc = df * c + f * Q[qo + cRow + col] + (di * g + i * dg);
        Y[yo + cRow + col] = dc;
        Y[yo + hRow + col] = dO * tc + od * dc;
      }
    }
  }

  /** ln|det gW_ho| + Σ ln|f·tanh(c′)·o(1 − o)| (the product form above). */
  logDetOwn(): number {
    const H = this.H;
    this.logDetWoCache ??= logAbsDet(H, this.Whh.subarray(3 * H * H, 4 * H * H));
    let ld = this.logDetWoCache;
    for (let j = 0; j < H; j++) {
      const o = this.go[j];
      ld += log(Math.abs(this.gf[j] * this.tc[j] * (o * (1 - o))));
    }
    return ld;
  }

  backward(gN: Float64Array, gS: Float64Array, go: number, eh: Float64Array, ei: Float64Array): void {
    const H = this.H;
    for (let j = 0; j < H; j++) {
      const gh = gN[j];
      const gc = gN[H + j];
      const i = this.gi[j];
      const f = this.gf[j];
      const g = this.gg[j];
      const o = this.go[j];
      const tc = this.tc[j];
      const gct = gc + gh * (o * (1 - tc * tc)); // ∂L/∂c′ in all
      const e0 = gct * g * (i * (1 - i));
      const e1 = gct * this.c[j] * (f * (1 - f));
      const e2 = gct * i * (1 - g * g);
      const e3 = gh * tc * (o * (1 - o));
      gS[go + j] = 0;
      gS[go + H + j] = gct * f;
      eh[j] = ei[j] = e0;
      eh[H + j] = ei[H + j] = e1;
      eh[2 * H + j] = ei[2 * H + j] = e2;
      eh[3 * H + j] = ei[3 * H + j] = e3;
    }
  }
}

/** numpy: the cell and its tangent, the operations of LstmCell in its order. */
const PY_LSTM = `

def cell(s, ah, ai):
    """LSTM (lstm.ts gates): a = ah + ai; i, f, o = sigmoid, g = tanh; c' = f c + i g, h' = o tanh(c')."""
    c = s[H:]
    a = ah + ai
    i = app_sigmoid(a[:H])
    f = app_sigmoid(a[H : 2 * H])
    g = app_tanh(a[2 * H : 3 * H])
    o = app_sigmoid(a[3 * H :])
    c2 = f * c + i * g
    tc = app_tanh(c2)
    return np.concatenate([o * tc, c2]), (i, f, g, o, c, tc)


def cell_tangent(keep, Qs, Ph, Px):
    """(dh', dc') for a frame (lstm.ts combine): dc' = (df c + f q_c) + (di g + i dg), dh' = do tanh(c') + o(1 - tanh^2) dc'."""
    i, f, g, o, c, tc = keep
    P = Ph if Px is None else Ph + Px
    di = (i * (1 - i))[:, None] * P[:H]
    df = (f * (1 - f))[:, None] * P[H : 2 * H]
    dg = (1 - g * g)[:, None] * P[2 * H : 3 * H]
    do = (o * (1 - o))[:, None] * P[3 * H :]
    dc = df * c[:, None] + f[:, None] * Qs[H:] + (di * g[:, None] + i[:, None] * dg)
    dh = do * tc[:, None] + (o * (1 - tc * tc))[:, None] * dc
    return np.concatenate([dh, dc])
`;

export const LSTM_SPEC: GatedSpec = {
  kind: 'lstm',
  makeCell: (H, Whh) => new LstmCell(H, Whh),
  label: 'LSTM (PyTorch init)',
  name: 'LSTM',
  startName: '(h₀, c₀)',
  numpyStart: 'the seeded start (h_0, c_0)',
  eigenText: {
    about:
      'An LSTM has no fixed matrix whose spectrum decides its stability: its state is (h, c), and its 2H × 2H Jacobian mixes the gates with the recurrent weights gW_hh. Its determinant has a product form, det J = det(gW_ho)·Πᵢ fᵢ·tanh(c′ᵢ)·oᵢ(1 − oᵢ), so the forget gates f < 1 pull every volume in; a fixed point loses stability when an eigenvalue of its Jacobian leaves the unit circle.',
    noMatrix:
      'The LSTM has no fixed weight matrix to show: the plane shows the eigenvalues of its Jacobian (2H of them: h and c) at the fixed point selected below (found by Newton’s method). At PyTorch’s initialisation (g = 1) the network is ordered; chaos needs a much larger g.',
  },
  formulaText: 'c_{t+1} = f_t⊙c_t + i_t⊙c̃_t, h_{t+1} = o_t⊙tanh(c_{t+1})',
  equations: 'i_t, f_t, o_t = σ(W_{i·} x_t + b_{i·} + g·W_{h·} h_t + b_{h·}), c̃_t = tanh(…) (PyTorch’s gate g); state (h, c): 2H numbers',
  stateText: 'h then c (2H numbers)',
  pyCell: PY_LSTM,
  contractingLabel: 'g = 0 (no recurrent weights: constant gates, c ← f⊙c + i⊙c̃, the Jacobian’s eigenvalues f < 1 and 0)',
  defaults: { k: 16, g: 1, bt: 300, bn: 200 },
};

export const lstm = gatedModule(LSTM_SPEC, 0x2545f491);
