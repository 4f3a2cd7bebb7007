/**
 * Principal components, in the two forms the lab needs: the top two
 * directions of a long orbit by power iteration with deflation (a job that
 * pauses; cheap for wide networks, drawn on every frame of a g drag), and the
 * full eigen-decomposition of a small scatter matrix by cyclic Jacobi (the
 * training lab's PCA of a few observed dimensions). Both use one scatter matrix.
 */
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';
import { sin } from './elementary';

/** The scatter matrix Σ_t (x_t − mean)(x_t − mean)ᵀ of rows from…rows−1, pausing as it goes. */
export function* scatterMatrix(states: Float64Array, n: number, from: number, rows: number, mean: Float64Array, pace: Pacer): Job<Float64Array> {
  const S = new Float64Array(n * n);
  const c = new Float64Array(n);
  for (let t = from; t < rows; t++) {
    const o = t * n;
    for (let i = 0; i < n; i++) c[i] = states[o + i] - mean[i];
    for (let i = 0; i < n; i++) {
      const ci = c[i];
      const row = i * n;
      for (let j = i; j < n; j++) S[row + j] += ci * c[j];
    }
    if (pace.tick((n * n) / 2)) yield* pace.pause();
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) S[i * n + j] = S[j * n + i];
  return S;
}

/** Rows the principal plane of a network wider than 256 units is computed from (evenly spread over the tail). */
export const PCA_ROWS_WIDE = 600;

/** Top two principal directions of states (rows), by power iteration with deflation. */
export function principalPlane(states: Float64Array, n: number, rows: number, from: number): { mean: Float64Array; v1: Float64Array; v2: Float64Array } {
  return runToEnd(principalPlaneSteps(states, n, rows, from, NO_PAUSE));
}

export function* principalPlaneSteps(states: Float64Array, n: number, rows: number, from: number, pace: Pacer): Job<{ mean: Float64Array; v1: Float64Array; v2: Float64Array }> {
  const mean = new Float64Array(n);
  const m = rows - from;
  for (let t = from; t < rows; t++) for (let i = 0; i < n; i++) mean[i] += states[t * n + i] / m;
  // Up to a few hundred units the n × n scatter matrix, formed once (rows·n²/2),
  // is cheaper than applying the data at every power iteration (240·rows·n);
  // this runs on every frame while g is dragged.
  const useScatter = n <= 256;
  const S = useScatter ? yield* scatterMatrix(states, n, from, rows, mean, pace) : null;
  // Wider: the data itself, every `stride`-th row of at most PCA_ROWS_WIDE (two directions
  // of a long orbit need no more; all 3000 rows of a 512-unit tail took seconds on every release).
  const stride = S ? 1 : Math.max(1, Math.ceil((rows - from) / PCA_ROWS_WIDE));
  const applyWork = S ? n * n : 2 * Math.ceil((rows - from) / stride) * n;
  const apply = (v: Float64Array, out: Float64Array) => {
    out.fill(0);
    if (S) {
      for (let i = 0; i < n; i++) {
        let d = 0;
        const row = i * n;
        for (let j = 0; j < n; j++) d += S[row + j] * v[j];
        out[i] = d;
      }
      return;
    }
    for (let t = from; t < rows; t += stride) {
      let d = 0;
      for (let i = 0; i < n; i++) d += (states[t * n + i] - mean[i]) * v[i];
      for (let i = 0; i < n; i++) out[i] += d * (states[t * n + i] - mean[i]);
    }
  };
  const power = function* (orth: Float64Array | null): Job<Float64Array> {
    let v: Float64Array = Float64Array.from({ length: n }, (_, i) => sin(1.7 * i + 0.3) + 0.1);
    const w = new Float64Array(n);
    for (let it = 0; it < 60; it++) {
      if (orth) {
        let d = 0;
        for (let i = 0; i < n; i++) d += v[i] * orth[i];
        for (let i = 0; i < n; i++) v[i] -= d * orth[i];
      }
      apply(v, w);
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * w[i];
      s = Math.sqrt(s);
      if (!(s > 0)) break;
      for (let i = 0; i < n; i++) w[i] /= s;
      v = Float64Array.from(w);
      if (pace.tick(applyWork)) yield* pace.pause();
    }
    return v;
  };
  const v1 = yield* power(null);
  const v2 = yield* power(v1);
  return { mean, v1, v2 };
}

/** Eigenvectors of a symmetric d × d matrix (cyclic Jacobi), sorted by decreasing eigenvalue: rows of the result. */
export function symmetricEigen(S: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(S);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] * a[p * d + q];
    if (off < 1e-24) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j] - a[i * d + i]);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((col, r) => {
    values[r] = a[col * d + col];
    for (let k = 0; k < d; k++) vectors[r * d + k] = v[k * d + col];
  });
  return { values, vectors };
}

/** The first k principal directions of x (rows of the result, k × n) and the mean. */
export function principalAxes(x: Float64Array, n: number, k: number, mean: Float64Array): { mean: Float64Array; axes: Float64Array } {
  const S = runToEnd(scatterMatrix(x, n, 0, Math.floor(x.length / n), mean, NO_PAUSE));
  const { vectors } = symmetricEigen(S, n);
  return { mean, axes: vectors.slice(0, k * n) };
}

