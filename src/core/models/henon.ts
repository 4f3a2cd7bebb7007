/** The Hénon map (x, y) ↦ (1 − a·x² + y, b·x) (Hénon 1976), θ = (a, b) for backpropagation. */
import { fmt } from '../format';
import { pyNumber } from './numpy';
import type { DiffModel, MapND, ModelNDModule } from './types';
import { log } from '../linalg/elementary';

export class HenonMap implements MapND, DiffModel {
  readonly n = 2;
  readonly thetaLabel = '(a, b)';
  /** θ = (a, b), read by every method (live). */
  readonly theta: Float64Array;
  constructor(
    a: number,
    b: number,
    private readonly x0: number,
  ) {
    this.theta = Float64Array.of(a, b);
  }

  initialState(): Float64Array {
    return Float64Array.of(this.x0, 0);
  }

  step(x: Float64Array, next: Float64Array): void {
    const x0 = x[0];
    next[0] = 1 - this.theta[0] * x0 * x0 + x[1];
    next[1] = this.theta[1] * x0;
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, _t: number, logDet: boolean): number {
    const a = this.theta[0];
    const b = this.theta[1];
    const j00 = -2 * a * x[0];
    for (let c = 0; c < k; c++) {
      const q0 = Q[c];
      const q1 = Q[k + c];
      Y[c] = j00 * q0 + q1;
      Y[k + c] = b * q0;
    }
    this.step(x, next);
    return logDet ? log(Math.abs(b)) : 0;
  }

  jacobian(x: Float64Array, J: Float64Array): void {
    J[0] = -2 * this.theta[0] * x[0];
    J[1] = 1;
    J[2] = this.theta[1];
    J[3] = 0;
  }

  backward(x: Float64Array, _t: number, g: Float64Array, grad: Float64Array, gx: Float64Array): void {
    const a = this.theta[0];
    const b = this.theta[1];
    const x0 = x[0];
    grad[0] -= x0 * x0 * g[0];
    grad[1] += x0 * g[1];
    gx[0] = -2 * a * x0 * g[0] + b * g[1];
    gx[1] = g[0];
  }
}

export const henon: ModelNDModule<never> = {
  id: 'henon',
  family: 'vector',
  label: 'Hénon map',
  name: 'Hénon map',
  params: ['a', 'b', 'x0'],
  k: null,
  sweepable: ['a', 'b'],
  defaults: { b: 0.3, x0: 0.1, bt: 300, bn: 200 },
  coordinates: ['x', 'y'],
  startName: '(x₀, 0)',
  eigenText: {
    about:
      'The Hénon map (x, y) ↦ (1 − ax² + y, bx) has exactly two fixed points, x* = (−(1 − b) ± √((1 − b)² + 4a))/(2a), y* = bx*, with Jacobian eigenvalues μ = −ax* ± √(a²x*² + b); their product is −b, the map’s constant Jacobian determinant. The fixed point with x* > 0 is stable below a = 3(1 − b)²/4, where it loses stability in a period doubling.',
    noMatrix:
      'The Hénon map has no weight matrix: the plane shows the eigenvalues of its Jacobian at the fixed point selected below. A fixed point with one eigenvalue outside the unit circle and one inside is a saddle; the chaotic attractor lies along the unstable manifold of the saddle in x > 0.',
  },
  importer: null,

  dimension: () => 2,
  constantLogDet: (p) => log(Math.abs(p.b)),
  map: (p) => new HenonMap(p.a, p.b, p.x0),
  // the reference keeps the classic b = 0.3 and moves a
  diff: (p, _imported, at) => ({ model: new HenonMap(at ?? p.a, at === null ? p.b : 0.3, p.x0), x0: Float64Array.of(p.x0, 0) }),
  contracting: () => ({ at: 0.2, label: 'a = 0.2, b = 0.3 (a stable fixed point)' }),

  formula: (p) => ({ text: '(x, y)_{t+1} = (1 − a·x_t² + y_t, b·x_t)', detail: `a = ${fmt(p.a, 5)}, b = ${fmt(p.b, 5)}; starts at (${fmt(p.x0, 4)}, 0)` }),
  caption: (p) => `Hénon map · a = ${p.a} · b = ${p.b}`,
  tag: (p) => `henon-a${p.a}-b${p.b}`,

  numpy: (p) => ({
    n: 2,
    text: `MODEL = "henon"
A_HENON, B_HENON = ${pyNumber(p.a)}, ${pyNumber(p.b)}
N = 2
H0 = np.array([${pyNumber(p.x0)}, 0.0])


def step(h, t):
    """(x, y) -> (1 - a x^2 + y, b x), as henon.ts: ((1 - (a x) x) + y, b x)."""
    return np.array([1 - A_HENON * h[0] * h[0] + h[1], B_HENON * h[0]])


def tangent_step(h, Q, t):
    """The next state and J Q written out as henon.ts does: rows j00 q0 + q1 and b q0, j00 = -2 a x."""
    j00 = -2 * A_HENON * h[0]
    Y = np.empty_like(Q)
    Y[0] = j00 * Q[0] + Q[1]
    Y[1] = B_HENON * Q[0]
    return step(h, t), Y


MATRIX = None
`,
  }),

  numpyRebuild(p) {
    return {
      keys: ['a', 'b', 'x0'],
      text: `
# The Henon map at a cell's a, b and start (x0, 0), as henon.ts builds it.
PHASE_BASE = dict(a=A_HENON, b=B_HENON, x0=${pyNumber(p.x0)})


def build(a, b, x0):
    global A_HENON, B_HENON, H0
    A_HENON, B_HENON, H0 = a, b, np.array([x0, 0.0])
`,
    };
  },
  numpyStart: "(x0, 0) (the cell's x0 when it is an axis)",
};
