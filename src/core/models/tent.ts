/** The tent map f(x) = μ·min(x, 1 − x), piecewise linear, θ = μ for backpropagation. */
import { fmt } from '../format';
import { pyNumber } from './numpy';
import { down, iv, mul, up } from '../linalg/interval';
import type { Piece } from './piecewise';
import type { DiffModel, Map1D, Model1DModule } from './types';

/** Tent map μ·min(x, 1 − x) on ℝ. */
export function tentPieces(mu: number): Piece[] {
  return [
    { a: -Infinity, b: 0.5, s: mu, r: 0 },
    { a: 0.5, b: Infinity, s: -mu, r: mu },
  ];
}

export class TentMap implements Map1D, DiffModel {
  d = 0;
  readonly n = 1;
  readonly piecewiseLinear = true;
  readonly thetaLabel = 'μ';
  /** θ = (μ), read by every method (live). */
  readonly theta: Float64Array;
  constructor(mu: number) {
    this.theta = Float64Array.of(mu);
  }
  pieces(): Piece[] {
    return tentPieces(this.theta[0]);
  }
  /** For 0 ≤ μ ≤ 2 orbits outside [0, 1] run off to −∞: periodic orbits lie in [0, 1]. */
  periodicWindow(): [number, number] {
    return [0, 1];
  }
  /** f = μ·min(x, 1 − x): peak μ/2 at ½; slopes ±μ. */
  enclose(lo: number, hi: number, out: Float64Array): void {
    const mu = this.theta[0];
    const m = (x: number) => (x < 0.5 ? x : 1 - x);
    const l = Math.min(m(lo), m(hi));
    const h = lo <= 0.5 && hi >= 0.5 ? 0.5 : Math.max(m(lo), m(hi));
    mul(mu, mu, down(l), up(h), this.iv);
    out[0] = this.iv.lo;
    out[1] = this.iv.hi;
    out[2] = hi < 0.5 ? mu : lo >= 0.5 ? -mu : -Math.abs(mu);
    out[3] = hi < 0.5 ? mu : lo >= 0.5 ? -mu : Math.abs(mu);
    if (out[2] > out[3]) [out[2], out[3]] = [out[3], out[2]];
  }
  private readonly iv = iv(0);
  f(x: number): number {
    return this.theta[0] * (x < 0.5 ? x : 1 - x);
  }
  fd(x: number): number {
    const mu = this.theta[0];
    if (x < 0.5) {
      this.d = mu;
      return mu * x;
    }
    this.d = -mu;
    return mu * (1 - x);
  }
  step(x: Float64Array, out: Float64Array): void {
    out[0] = this.f(x[0]);
  }
  backward(x: Float64Array, _t: number, g: Float64Array, grad: Float64Array, gx: Float64Array): void {
    const v = x[0];
    const left = v < 0.5;
    grad[0] += (left ? v : 1 - v) * g[0];
    gx[0] = (left ? this.theta[0] : -this.theta[0]) * g[0];
  }
}

export const tent: Model1DModule<never> = {
  id: 'tent',
  family: '1d',
  label: 'Tent map',
  name: 'tent map',
  params: ['mu', 'x0'],
  k: null,
  sweepable: ['mu', 'x0'],
  defaults: { bt: 1000, bn: 500 },
  unitInterval: true,
  importer: null,

  map: (p) => new TentMap(p.mu),
  diff: (p, _imported, at) => ({ model: new TentMap(at ?? p.mu), x0: Float64Array.of(p.x0) }),
  contracting: () => ({ at: 0.5, label: 'μ = 0.5 (|f′| = ½ everywhere)' }),

  formula: (p) => ({ text: 'x_{t+1} = μ·min(x_t, 1 − x_t)', detail: `μ = ${fmt(p.mu, 6)}` }),
  caption: (p) => `tent map · μ = ${p.mu} · x₀ = ${p.x0}`,
  tag: (p) => `tent-mu${p.mu}`,

  numpy: {
    map: (p) => `MODEL = "tent"
MU = ${pyNumber(p.mu)}


class Map:
    """Tent map f(x) = mu min(x, 1 - x); at the kink the right derivative; mu may be an array (one map per value)."""

    def __init__(self, mu=MU):
        self.mu = np.asarray(mu, dtype=float)

    def f(self, x):
        return self.mu * np.where(x < 0.5, x, 1 - x)

    def fd(self, x):
        return self.mu * np.where(x < 0.5, x, 1 - x), np.where(x < 0.5, self.mu, -self.mu)
`,
    sweep: (param) => (param === 'x0' ? '    m, start = Map(), values' : '    m, start = Map(mu=values), X0'),
  },
};
