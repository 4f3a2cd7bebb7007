/**
 * Adam (Kingma & Ba 2015) on a flat parameter vector, with the usual bias
 * corrections: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
 * θ ← θ − lr·m̂/(√v̂ + ε). Paper A trains with Adam, lr 1e-3.
 *
 * Only + − × ÷ and √ (correctly rounded everywhere): a PLRNN run, whose model
 * needs nothing else, is the same bit for bit in Node and in every browser.
 */
export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam {
  readonly m: Float64Array;
  readonly v: Float64Array;
  t = 0;
  lr: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;
  /** β₁ᵗ and β₂ᵗ by repeated multiplication, not Math.pow: IEEE arithmetic gives the same bits in every JavaScript engine. */
  private p1 = 1;
  private p2 = 1;

  constructor(size: number, opts: AdamOptions) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.lr = opts.lr;
    this.b1 = opts.beta1 ?? 0.9;
    this.b2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
  }

  /** One update of theta by the gradient g (entries where mask is 0 are left alone). */
  step(theta: Float64Array, g: Float64Array, mask: Uint8Array | null = null): void {
    this.t++;
    const { m, v, b1, b2, eps } = this;
    this.p1 *= b1;
    this.p2 *= b2;
    const c1 = 1 - this.p1;
    const c2 = 1 - this.p2;
    const a = (this.lr * Math.sqrt(c2)) / c1;
    const e = eps * Math.sqrt(c2);
    for (let i = 0; i < theta.length; i++) {
      if (mask && !mask[i]) continue;
      const gi = g[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      theta[i] -= (a * m[i]) / (Math.sqrt(v[i]) + e);
    }
  }
}
