/**
 * Adaptive Gauss–Kronrod quadrature (the 7-point Gauss and 15-point Kronrod
 * pair, as QUADPACK's QK15: Piessens et al. 1983) and Gaussian expectations
 * E[f(s·z)], z ~ N(0, 1), built on it (the Gaussian weight by the lab's
 * portable exp, so the same f gives the same bits in every engine).
 */
import { exp } from './elementary';

// Kronrod nodes on [−1, 1] (the non-negative half) and the weights of both rules.
const XK = [0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0];
const WK = [0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679, 0.19035057806478542, 0.20443294007529889, 0.20948214108472782];
// Gauss weights at the Kronrod nodes of odd index (1, 3, 5) and at 0.
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

/** K15 and |K15 − G7| on [a, b]. */
function qk15(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = WK[7] * fc;
  let g = WG[3] * fc;
  for (let j = 0; j < 7; j++) {
    const dx = h * XK[j];
    const s = f(c - dx) + f(c + dx);
    k += WK[j] * s;
    if (j % 2 === 1) g += WG[(j - 1) / 2] * s;
  }
  return { value: k * h, error: Math.abs((k - g) * h) };
}

/**
 * ∫ f over [a, b] with |error| ≲ tol (absolute), by bisecting every interval
 * whose Gauss–Kronrod estimate is not good enough (at most `maxDepth` halvings).
 */
export function integrate(f: (x: number) => number, a: number, b: number, tol: number, maxDepth = 40): number {
  return refine(f, a, b, qk15(f, a, b), tol, maxDepth);
}

function refine(f: (x: number) => number, a: number, b: number, r: { value: number; error: number }, tol: number, maxDepth: number): number {
  if (r.error <= tol || maxDepth === 0 || !Number.isFinite(r.value)) return r.value;
  const m = 0.5 * (a + b);
  return refine(f, a, m, qk15(f, a, m), tol / 2, maxDepth - 1) + refine(f, m, b, qk15(f, m, b), tol / 2, maxDepth - 1);
}

/** Beyond |z| = 9 the normal density is below 10⁻¹⁸ of its peak. */
const Z_MAX = 9;
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)

/**
 * E[f(s·z)] for z ~ N(0, 1) and s ≥ 0, to about `relTol` relative for f
 * bounded on the line (or growing like a polynomial). The line is cut where f
 * has its features on the u = s·z scale (|u| = ½, 1, 2, 8, 32: the
 * activations' centre and kinks at 0 and ±1 fall on cuts) and where the Gaussian has its
 * own (|z| = 1, 3), so no narrow part of the integrand falls between nodes.
 * `features` adds cuts at more u scales (±c for each c).
 */
export function gaussianExpectation(f: (u: number) => number, s: number, relTol = 1e-12, features: readonly number[] = []): number {
  if (!(s > 0)) return f(0);
  const cuts = new Set<number>([-Z_MAX, -3, -1, 0, 1, 3, Z_MAX]);
  for (const c of [0.5, 1, 2, 8, 32, ...features.filter((c) => c > 0 && Number.isFinite(c))]) {
    const z = c / s;
    if (z < Z_MAX) {
      cuts.add(z);
      cuts.add(-z);
    }
  }
  const pts = [...cuts].sort((x, y) => x - y);
  const g = (z: number) => f(s * z) * exp(-0.5 * z * z);
  // the first estimate of every piece sets the absolute tolerance, then refines where needed
  const first = pts.slice(1).map((b, i) => qk15(g, pts[i], b));
  const rough = first.reduce((acc, r) => acc + Math.abs(r.value), 0);
  const tol = Math.max(relTol * rough, 1e-300) / first.length;
  let sum = 0;
  for (let i = 0; i < first.length; i++) sum += refine(g, pts[i], pts[i + 1], first[i], tol, 40);
  return sum * INV_SQRT_2PI;
}
