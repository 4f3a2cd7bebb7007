/**
 * The GRU (Cho et al. 2014) with PyTorch's equations (nn.GRU, gates r, z, n):
 *
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h′ = (1 − z) ⊙ n + z ⊙ h,
 *
 * computed as PyTorch's cell computes it (aten/src/ATen/native/RNN.cpp
 * GRUCell): a = ah + ai per gate, n = tanh(ai_n + ah_n·r), h′ = (h − n)·z + n.
 * At PyTorch's default initialisation, g scaling W_hh (gated.ts).
 */
import { sigmoid, tanh } from '../linalg/elementary';
import { OwnBlockLogDet, gatedModule, type GatedCell, type GatedSpec } from './gated';

/** One GRU layer of H units (state h). */
export class GruCell implements GatedCell {
  readonly G = 3;
  readonly S: number;
  readonly ah: Float64Array;
  readonly ai: Float64Array;
  private readonly r: Float64Array;
  private readonly z: Float64Array;
  private readonly nn: Float64Array;
  /** h − n. */
  private readonly hmn: Float64Array;
  private readonly ownDet: OwnBlockLogDet;

  constructor(
    readonly H: number,
    private readonly Whh: Float64Array,
  ) {
    this.S = H;
    this.ownDet = new OwnBlockLogDet(H);
    this.ah = new Float64Array(3 * H);
    this.ai = new Float64Array(3 * H);
    this.r = new Float64Array(H);
    this.z = new Float64Array(H);
    this.nn = new Float64Array(H);
    this.hmn = new Float64Array(H);
  }

  gates(s: Float64Array, so: number, next: Float64Array, no: number): void {
    const H = this.H;
    const { ah, ai } = this;
    for (let i = 0; i < H; i++) {
      const r = sigmoid(ah[i] + ai[i]);
      const z = sigmoid(ah[H + i] + ai[H + i]);
      const n = tanh(ai[2 * H + i] + ah[2 * H + i] * r);
      const hmn = s[so + i] - n;
      this.r[i] = r;
      this.z[i] = z;
      this.nn[i] = n;
      this.hmn[i] = hmn;
      next[no + i] = hmn * z + n;
    }
  }

  /**
   * dr = r(1 − r)·p_r, dz = z(1 − z)·p_z, dn = (1 − n²)·(p_in + (ah_n·dr + r·p_hn)),
   * dh′ = ((q − dn)·z + (h − n)·dz) + dn, with p = Ph (+ Px for r and z), p_in = Px's n rows.
   */
  combine(Q: Float64Array, qo: number, k: number, Ph: Float64Array, Px: Float64Array | null, Y: Float64Array, yo: number): void {
    const H = this.H;
    const ah = this.ah;
    for (let i = 0; i < H; i++) {
      const r = this.r[i];
      const z = this.z[i];
      const n = this.nn[i];
      const sr = r * (1 - r);
      const sz = z * (1 - z);
      const sn = 1 - n * n;
      const ahn = ah[2 * H + i];
      const hmn = this.hmn[i];
      const rr = i * k;
      const rz = (H + i) * k;
      const rn = (2 * H + i) * k;
      const row = i * k;
      for (let c = 0; c < k; c++) {
        const pr = Px ? Ph[rr + c] + Px[rr + c] : Ph[rr + c];
        const pz = Px ? Ph[rz + c] + Px[rz + c] : Ph[rz + c];
        const dr = sr * pr;
        const dz = sz * pz;
        let dan = ahn * dr + r * Ph[rn + c];
        if (Px) dan = Px[rn + c] + dan;
        const dn = sn * dan;
        Y[yo + row + c] = (Q[qo + row + c] - dn) * z + hmn * dz + dn;
      }
    }
  }

  /** ln|det| of the layer's H × H Jacobian (dense, by LU: the GRU's has no product form). */
  logDetOwn(): number {
    return this.ownDet.of(this, this.Whh);
  }

  backward(gN: Float64Array, gS: Float64Array, go: number, eh: Float64Array, ei: Float64Array): void {
    const H = this.H;
    const ah = this.ah;
    for (let i = 0; i < H; i++) {
      const gh = gN[i];
      const r = this.r[i];
      const z = this.z[i];
      const n = this.nn[i];
      const gan = gh * (1 - z) * (1 - n * n); // ∂L/∂(ai_n + r·ah_n)
      const er = gan * ah[2 * H + i] * (r * (1 - r));
      const ez = gh * this.hmn[i] * (z * (1 - z));
      gS[go + i] = gh * z;
      eh[i] = er;
      eh[H + i] = ez;
      eh[2 * H + i] = gan * r;
      ei[i] = er;
      ei[H + i] = ez;
      ei[2 * H + i] = gan;
    }
  }
}

/** numpy: the cell and its tangent, the operations of GruCell in its order. */
const PY_GRU = `

def cell(h, ah, ai):
    """GRU (gru.ts gates): r, z = sigmoid(ah + ai), n = tanh(ai_n + ah_n r), h' = (h - n) z + n (PyTorch's order)."""
    r = app_sigmoid(ah[:H] + ai[:H])
    z = app_sigmoid(ah[H : 2 * H] + ai[H : 2 * H])
    ahn = ah[2 * H :]
    n = app_tanh(ai[2 * H :] + ahn * r)
    hmn = h - n
    return hmn * z + n, (r, z, n, ahn, hmn)


def cell_tangent(keep, Qs, Ph, Px):
    """dh' for a frame (gru.ts combine): dr = r(1-r) p_r, dz = z(1-z) p_z, dn = (1-n^2)(p_in + (ah_n dr + r p_hn))."""
    r, z, n, ahn, hmn = keep
    pr, pz, pn = Ph[:H], Ph[H : 2 * H], Ph[2 * H :]
    if Px is not None:
        pr, pz = pr + Px[:H], pz + Px[H : 2 * H]
    dr = (r * (1 - r))[:, None] * pr
    dz = (z * (1 - z))[:, None] * pz
    dan = ahn[:, None] * dr + r[:, None] * pn
    if Px is not None:
        dan = Px[2 * H :] + dan
    dn = (1 - n * n)[:, None] * dan
    return (Qs - dn) * z[:, None] + hmn[:, None] * dz + dn
`;

export const GRU_SPEC: GatedSpec = {
  kind: 'gru',
  makeCell: (H, Whh) => new GruCell(H, Whh),
  label: 'GRU (PyTorch init)',
  name: 'GRU',
  startName: 'h₀',
  eigenText: {
    about:
      'A GRU has no fixed matrix whose spectrum decides its stability: its Jacobian diag(z) + diag((1 − z)(1 − n²))·(diag(r′·ah_n)·gW_hr + diag(r)·gW_hn) + diag((h − n)z′)·gW_hz mixes the gates with the recurrent weights. At g = 0 it is diag(z), every |μ| < 1; a fixed point loses stability when an eigenvalue of its Jacobian leaves the unit circle.',
    noMatrix:
      'The GRU has no fixed weight matrix to show: the plane shows the eigenvalues of its Jacobian at the fixed point selected below (found by Newton’s method). At PyTorch’s initialisation (g = 1) the network is ordered; chaos needs a much larger g.',
  },
  formulaText: 'h_{t+1} = (1 − z_t)⊙n_t + z_t⊙h_t',
  equations: 'r_t = σ(W_{ir} x_t + b_{ir} + g·W_{hr} h_t + b_{hr}), z_t the same with W_{iz}, W_{hz}, n_t = tanh(W_{in} x_t + b_{in} + r_t⊙(g·W_{hn} h_t + b_{hn}))',
  stateText: 'h (H numbers)',
  pyCell: PY_GRU,
  contractingLabel: 'g = 0 (no recurrent weights: constant gates, h ← z⊙h + (1 − z)⊙n, every step contracts by max z < 1)',
  defaults: { k: 32, g: 1, bt: 300, bn: 200 },
};

export const gru = gatedModule(GRU_SPEC, 0x4f1bbcdd);
