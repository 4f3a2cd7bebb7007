/** The logistic map f(x) = r·x·(1 − x): the classic route to chaos, θ = r for backpropagation. */
import { fmt } from '../format';
import { pyNumber } from './numpy';
import { down, iv, mul, up } from '../linalg/interval';
import type { DiffModel, Map1D, Model1DModule } from './types';

export class LogisticMap implements Map1D, DiffModel {
  d = 0;
  readonly n = 1;
  readonly piecewiseLinear = false;
  readonly thetaLabel = 'r';
  /** θ = (r), read by every method (live). */
  readonly theta: Float64Array;
  constructor(r: number) {
    this.theta = Float64Array.of(r);
  }
  pieces(): null {
    return null;
  }
  /** For 0 ≤ r ≤ 4 every bounded orbit, hence every periodic one, lies in [0, 1]. */
  periodicWindow(): [number, number] {
    return [0, 1];
  }
  /** f = r·q(x) with q = x(1 − x) concave, peak ¼ at ½; f′ = r(1 − 2x) monotone. */
  enclose(lo: number, hi: number, out: Float64Array): void {
    const r = this.theta[0];
    const qLo = (x: number) => down(x * (1 - x));
    const qHi = (x: number) => up(x * (1 - x));
    const l = Math.min(qLo(lo), qLo(hi));
    const h = lo <= 0.5 && hi >= 0.5 ? 0.25 : Math.max(qHi(lo), qHi(hi));
    mul(r, r, l, h, this.iv);
    out[0] = this.iv.lo;
    out[1] = this.iv.hi;
    // 1 − 2x is exact up to one rounding of the subtraction
    mul(r, r, down(1 - 2 * hi), up(1 - 2 * lo), this.iv);
    out[2] = this.iv.lo;
    out[3] = this.iv.hi;
  }
  private readonly iv = iv(0);
  f(x: number): number {
    return this.theta[0] * x * (1 - x);
  }
  fd(x: number): number {
    const r = this.theta[0];
    this.d = r * (1 - 2 * x);
    return r * x * (1 - x);
  }
  step(x: Float64Array, out: Float64Array): void {
    out[0] = this.theta[0] * x[0] * (1 - x[0]);
  }
  backward(x: Float64Array, _t: number, g: Float64Array, grad: Float64Array, gx: Float64Array): void {
    const v = x[0];
    grad[0] += v * (1 - v) * g[0];
    gx[0] = this.theta[0] * (1 - 2 * v) * g[0];
  }
}

export const logistic: Model1DModule<never> = {
  id: 'logistic',
  family: '1d',
  label: 'Logistic map',
  name: 'logistic map',
  params: ['r', 'x0'],
  k: null,
  sweepable: ['r', 'x0'],
  defaults: { bt: 1000, bn: 500 },
  unitInterval: true,
  importer: null,

  map: (p) => new LogisticMap(p.r),
  diff: (p, _imported, at) => ({ model: new LogisticMap(at ?? p.r), x0: Float64Array.of(p.x0) }),
  contracting: () => ({ at: 2.5, label: 'r = 2.5 (a stable fixed point, f′ = −½)' }),

  formula: (p) => ({ text: 'x_{t+1} = r·x_t(1 − x_t)', detail: `r = ${fmt(p.r, 6)}` }),
  caption: (p) => `logistic map · r = ${p.r} · x₀ = ${p.x0}`,
  tag: (p) => `logistic-r${p.r}`,

  numpy: {
    map: (p) => `MODEL = "logistic"
R = ${pyNumber(p.r)}


class Map:
    """Logistic map f(x) = r x (1 - x), as the app computes it ((r x)(1 - x)); r may be an array (one map per value)."""

    def __init__(self, r=R):
        self.r = np.asarray(r, dtype=float)

    def f(self, x):
        return self.r * x * (1 - x)

    def fd(self, x):
        return self.r * x * (1 - x), self.r * (1 - 2 * x)
`,
    sweep: (param) => (param === 'x0' ? '    m, start = Map(), values' : '    m, start = Map(r=values), X0'),
  },
};
