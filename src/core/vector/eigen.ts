/**
 * the spectrum of the recurrent matrix and the fixed points of a vector map
 * (RNN, PLRNN, Hénon).
 *
 * The matrix (eigenvalues with ml-matrix's EigenvalueDecomposition, ‖·‖₂ with
 * its SVD):
 *   - RNN h ← φ(gWh + b + u): gW. At a fixed point the Jacobian is D·gW with
 *     D = diag(φ′(gWh* + b + u)); at the origin of a zero-bias tanh network D = I,
 *     so ρ(gW) decides its stability.
 *   - PLRNN z ← Az + W·ReLU(z) + h (scaled by g): g(diag(A) + W), the Jacobian
 *     where every unit is on (it is diag(gA) where every unit is off). The
 *     spectrum of gW alone is returned beside it (`offDiagonal`). Paper A's init
 *     draws diag(A) + W as one i.i.d. U(±1/√M) matrix, so the circular law holds
 *     for it.
 *   - Hénon: no weight matrix; only the Jacobians at its fixed points.
 * Both are computed once per weight matrix at g = 1 and cached (the last few
 * matrices): the spectrum of gM is g times that of M, so moving g only rescales.
 *
 * The circular law (Girko 1984, Bai 1997): the eigenvalues of an N × N matrix
 * with i.i.d. entries of variance σ²/N fill the disk of radius σ uniformly as
 * N → ∞; for gW, radius g·√(N·Var Wᵢⱼ) = g·√LAW_SIGMA2[law]. An orthogonal W
 * has every eigenvalue on the circle of radius g exactly.
 *
 * Fixed points: damped Newton on G(h) = F(h) − h (backtracking on ‖G‖) from
 * several deterministic starts — the seeded h₀, zero, points along the real
 * eigenvectors of the matrix with gμ > 1, points of the orbit from h₀, and
 * seeded random points at 1, 3 and 10 times the orbit's size and their
 * opposites — deduplicated, plus the
 * mirror image −h* of each one that is itself a fixed point (odd φ, zero bias).
 * A point is reported only if ‖F(h*) − h*‖ ≤ 1e-10·max(1, ‖h*‖). With a sine
 * input the map is not autonomous: the fixed points are those of the unforced
 * map (u = 0). The Jacobian's eigenvalues at each fixed point are computed for
 * N ≤ JACOBIAN_EIGEN_MAX_N (ml-matrix needs ~0.35 s for N = 256 and ~3 s for
 * N = 512), except where the Jacobian is a multiple of the matrix (the origin
 * of a zero-bias tanh RNN, the all-on region of a PLRNN), whose eigenvalues are
 * known already.
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { appliesTo, buildMapND, linearPart, type ImportedData, type LinearPart, type MapND, type ModelId, type ModelParams } from '../models';
import { Rng } from '../linalg/rng';
import { luFactor, luSolve } from '../linalg/lu';
import { runToEnd, type Job } from '../job';
import { isDiverged } from '../divergence';
import { hypot } from '../linalg/elementary';

export interface EigenRequest {
  params: ModelParams;
  imported: ImportedData | null;
  /** While a slider is dragged: fewer Newton starts for large networks. */
  draft?: boolean;
}

/** Eigenvalues μ = re + i·im, sorted by |μ| (largest first), and max |μ|. */
export interface Spectrum {
  re: Float64Array;
  im: Float64Array;
  spectralRadius: number;
}

export interface MatrixSpectrum extends Spectrum {
  /** What the matrix is, e.g. "gW" or "g(diag(A) + W)". */
  label: string;
  /** Largest singular value ‖·‖₂. */
  norm2: number;
  /** The map is h ← φ(gM h + …): J = diag(φ′)·gM (see LinearPart). */
  activated: boolean;
}

/**
 * The disk the bulk of the eigenvalues fills. `iid`: the circular law of the
 * seeded law; `orthogonal`: every eigenvalue on the circle of that radius;
 * `estimate`: an imported matrix, the radius of an i.i.d. matrix with the same
 * mean square entry, g·‖M‖_F/√N.
 */
export interface CircularLaw {
  radius: number;
  kind: 'iid' | 'orthogonal' | 'estimate';
  /** How the radius is obtained, e.g. "g·√(N·Var Wᵢⱼ) = g·√2". */
  formula: string;
}

export type StartOutcome = 'new' | 'duplicate' | 'failed' | 'singular' | 'diverged';

export interface NewtonStart {
  /** "h₀", "zero", "orbit t = 100", "random 1". */
  name: string;
  outcome: StartOutcome;
  iterations: number;
  /** ‖F(h) − h‖ where Newton stopped. */
  residual: number;
  /** Index into `fixedPoints` (new or duplicate), −1 otherwise. */
  fixedPoint: number;
}

export type FixedPointStability = 'stable' | 'unstable' | 'neutral' | 'unknown';

export interface FixedPointInfo {
  point: Float64Array;
  norm: number;
  /** ‖F(h*) − h*‖ (Euclidean). */
  residual: number;
  /** h* = 0 (to 1e-12). */
  origin: boolean;
  /** Eigenvalues of the Jacobian at h* (null when not computed, N > JACOBIAN_EIGEN_MAX_N). */
  eig: Spectrum | null;
  /** ρ(J(h*)), NaN if unknown. */
  spectralRadius: number;
  /** Number of eigenvalues with |μ| > 1 (−1 if unknown). */
  unstableDims: number;
  stability: FixedPointStability;
  /** The starts that led here ("−#2": the mirror image of fixed point 2). */
  from: string[];
}

export interface EigenResult {
  model: ModelId;
  n: number;
  g: number;
  /** The recurrent matrix's spectrum (null for Hénon). */
  matrix: MatrixSpectrum | null;
  /** PLRNN: the spectrum of gW alone (the part the ReLUs switch); null otherwise. */
  offDiagonal: (Spectrum & { label: string }) | null;
  circularLaw: CircularLaw | null;
  /** Sorted by ‖h*‖. */
  fixedPoints: FixedPointInfo[];
  starts: NewtonStart[];
  /** Starts where Newton did not converge (failed or diverged), and where its Jacobian was singular. */
  failed: number;
  singular: number;
  /** The Jacobian eigenvalues at fixed points are computed up to this N. */
  jacobianEigenMaxN: number;
  notes: string[];
  /** Milliseconds spent (not part of the numbers: they vary from run to run). */
  ms: { matrix: number; fixedPoints: number; cachedMatrix: boolean };
}

/** Largest N whose fixed points get a full eigendecomposition of their Jacobian. */
export const JACOBIAN_EIGEN_MAX_N = 128;
/** A fixed point is reported when ‖F(h*) − h*‖ ≤ RESIDUAL_BOUND·max(1, ‖h*‖). */
export const RESIDUAL_BOUND = 1e-10;
/** |ρ − 1| below this is "neutral". */
const NEUTRAL_TOL = 1e-9;

/** Newton gives up after this many steps without halving ‖F(h) − h‖. */
const STALL_STEPS = 6;

const clock = (): number => globalThis.performance?.now() ?? Date.now();

// ---------------------------------------------------------------- eigenvalues

function decompose(n: number, M: Float64Array): EigenvalueDecomposition {
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(M[i])) throw new Error('the matrix has a non-finite entry');
  return new EigenvalueDecomposition(Matrix.from1DArray(n, n, Array.from(M.subarray(0, n * n))), { assumeSymmetric: false });
}

/** Eigenvalues of a dense n × n row-major matrix, sorted by modulus (largest first, then by imaginary part). */
export function eigenvaluesOf(n: number, M: Float64Array): Spectrum {
  const e = decompose(n, M);
  return sortSpectrum(Float64Array.from(e.realEigenvalues), Float64Array.from(e.imaginaryEigenvalues));
}

/** The largest positive real eigenvalues (up to `count`) with unit eigenvectors. */
function realModes(n: number, e: EigenvalueDecomposition, count: number): { mu: number; v: Float64Array }[] {
  const re = e.realEigenvalues;
  const im = e.imaginaryEigenvalues;
  const idx = re.map((_, i) => i).filter((i) => im[i] === 0 && re[i] > 0);
  idx.sort((a, b) => re[b] - re[a]);
  const V = e.eigenvectorMatrix;
  return idx.slice(0, count).map((i) => {
    const v = Float64Array.from({ length: n }, (_, r) => V.get(r, i));
    const s = norm(v) || 1;
    for (let r = 0; r < n; r++) v[r] /= s;
    return { mu: re[i], v };
  });
}

function sortSpectrum(re: Float64Array, im: Float64Array): Spectrum {
  const idx = Array.from(re, (_, i) => i);
  const mod = Array.from(re, (r, i) => hypot(r, im[i]));
  idx.sort((a, b) => mod[b] - mod[a] || im[b] - im[a] || re[b] - re[a]);
  return { re: Float64Array.from(idx, (i) => re[i]), im: Float64Array.from(idx, (i) => im[i]), spectralRadius: idx.length ? mod[idx[0]] : 0 };
}

/** Largest singular value of a dense n × n row-major matrix. */
export function norm2Of(n: number, M: Float64Array): number {
  const svd = new SingularValueDecomposition(Matrix.from1DArray(n, n, Array.from(M.subarray(0, n * n))), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  return svd.norm2;
}

/** The spectrum of c·S (a fresh copy: cached arrays are never handed out, their buffers would be transferred). */
function scaled(s: Spectrum, c: number): Spectrum {
  const re = Float64Array.from(s.re, (v) => c * v);
  const im = Float64Array.from(s.im, (v) => c * v);
  return { re, im, spectralRadius: Math.abs(c) * s.spectralRadius };
}

// ---------------------------------------------------------------- the matrix, at g = 1, cached

/** The matrix of the view at g = 1 (the model's linear part: RNN W; PLRNN diag(A) + W). */
type BaseMatrix = LinearPart;

interface BaseSpectra {
  spec: Spectrum;
  norm2: number;
  off: Spectrum | null;
  /** The largest positive real eigenvalues of M and their eigenvectors (Newton starts). */
  modes: { mu: number; v: Float64Array }[];
}

const CACHE_SIZE = 3;
const cache = new Map<string, BaseSpectra>();

function baseSpectra(key: string, b: BaseMatrix): { spectra: BaseSpectra; cached: boolean } {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return { spectra: hit, cached: true };
  }
  const e = decompose(b.n, b.M);
  const spectra: BaseSpectra = {
    spec: sortSpectrum(Float64Array.from(e.realEigenvalues), Float64Array.from(e.imaginaryEigenvalues)),
    norm2: norm2Of(b.n, b.M),
    off: b.off ? eigenvaluesOf(b.n, b.off) : null,
    modes: realModes(b.n, e, 3),
  };
  cache.set(key, spectra);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return { spectra, cached: false };
}

// ---------------------------------------------------------------- Newton

function norm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** ‖F(x) − x‖ with G = F(x) − x written to `G` (the unforced map: t = 0). */
function residualOf(map: MapND, x: Float64Array, f: Float64Array, G: Float64Array): number {
  map.step(x, f, 0);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = f[i] - x[i];
    G[i] = d;
    s += d * d;
  }
  return Math.sqrt(s);
}

export interface NewtonOutcome {
  x: Float64Array;
  outcome: 'converged' | 'failed' | 'singular' | 'diverged';
  iterations: number;
  residual: number;
}

/** Damped Newton on F(h) − h from `start`. */
export function newtonFixedPoint(map: MapND, start: Float64Array, maxIter: number): NewtonOutcome {
  return runToEnd(newtonSteps(map, start, maxIter));
}

/** `newtonFixedPoint` as a job (core/job.ts): a pause after each step (an LU of n³/3: ~45 ms for N = 512). */
function* newtonSteps(map: MapND, start: Float64Array, maxIter: number): Job<NewtonOutcome> {
  const n = map.n;
  let x = Float64Array.from(start);
  let trial = new Float64Array(n);
  const f = new Float64Array(n);
  let G = new Float64Array(n);
  let Gt = new Float64Array(n);
  const J = new Float64Array(n * n);
  const piv = new Int32Array(n);
  const dx = new Float64Array(n);
  let r = residualOf(map, x, f, G);
  const ok = (res: number, xs: Float64Array) => res <= RESIDUAL_BOUND * Math.max(1, norm(xs));
  // Newton near a root cuts ‖G‖ fast; six steps without halving it mean it is
  // sliding into a local minimum of ‖G‖ (a "slow point"), not a fixed point.
  let best = r;
  let sinceBest = 0;
  for (let it = 0; it < maxIter; it++) {
    const xn = norm(x);
    if (!Number.isFinite(r) || isDiverged(xn)) return { x, outcome: 'diverged', iterations: it, residual: r };
    if (r <= 1e-14 * Math.max(1, xn)) return { x, outcome: 'converged', iterations: it, residual: r };
    map.jacobian(x, J, 0);
    for (let i = 0; i < n; i++) J[i * n + i] -= 1;
    if (!luFactor(n, J, piv)) return { x, outcome: ok(r, x) ? 'converged' : 'singular', iterations: it, residual: r };
    for (let i = 0; i < n; i++) dx[i] = -G[i];
    luSolve(n, J, piv, dx);
    // backtracking: accept the first step that decreases ‖G‖ enough
    let lam = 1;
    let accepted = false;
    let rt = r;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + lam * dx[i];
      rt = residualOf(map, trial, f, Gt);
      if (rt < (1 - 1e-4 * lam) * r) {
        accepted = true;
        break;
      }
      lam *= 0.5;
    }
    if (!accepted) return { x, outcome: ok(r, x) ? 'converged' : 'failed', iterations: it + 1, residual: r };
    [x, trial] = [trial, x];
    [G, Gt] = [Gt, G];
    r = rt;
    if (r < 0.5 * best) {
      best = r;
      sinceBest = 0;
    } else if (++sinceBest >= STALL_STEPS && !ok(r, x)) return { x, outcome: 'failed', iterations: it + 1, residual: r };
    yield undefined;
  }
  return { x, outcome: ok(r, x) ? 'converged' : 'failed', iterations: maxIter, residual: r };
}

// ---------------------------------------------------------------- the view

interface StartPoint {
  name: string;
  x: Float64Array;
}

interface Plan {
  /** Start from h₀ and from zero. */
  basic: boolean;
  /** Orbit times whose states are starts. */
  orbit: number[];
  random: number;
  /** Also start from the opposite of each random start. */
  antithetic: boolean;
  /** Eigenvector starts (real eigenvalues gμ > 1 of the matrix). */
  modes: number;
  maxIter: number;
}

function startPoints(map: MapND, seed: number, count: Plan, modes: { mu: number; v: Float64Array }[], g: number): StartPoint[] {
  const n = map.n;
  const h0 = map.initialState();
  const starts: StartPoint[] = count.basic
    ? [
        { name: 'h₀', x: h0 },
        { name: 'zero', x: new Float64Array(n) },
      ]
    : [];
  // along the eigenvectors of real eigenvalues gμ > 1: where the origin's
  // pitchfork branches go (tanh, zero bias), a guess elsewhere
  for (const m of modes.filter((m) => g * m.mu > 1).slice(0, count.modes)) {
    const amp = 0.5 * Math.sqrt(n);
    starts.push({ name: `eigenvector μ = ${fmtMu(g * m.mu)}`, x: m.v.map((v) => amp * v) });
  }
  // points of the (unforced) orbit from h₀: on or near the attractor
  let x = Float64Array.from(h0);
  let next = new Float64Array(n);
  let ms = 0;
  let m = 0;
  const last = count.orbit.length ? count.orbit[count.orbit.length - 1] : 0;
  for (let t = 1; t <= last; t++) {
    map.step(x, next, 0);
    [x, next] = [next, x];
    if (isDiverged(norm(x))) break;
    for (let i = 0; i < n; i++) ms += x[i] * x[i];
    m += n;
    if (count.orbit.includes(t)) starts.push({ name: `orbit t = ${t}`, x: Float64Array.from(x) });
  }
  const s = m > 0 && ms > 0 ? Math.sqrt(ms / m) : 1;
  const rng = new Rng((seed ^ 0x2c1b3c6d) >>> 0);
  // at growing distances: 1, 3, 10 times the orbit's size (fixed points away from the attractor)
  // and each with its opposite (both sides of a basin boundary)
  for (let j = 1; j <= count.random; j++) {
    const scale = s * RANDOM_SCALES[(j - 1) % RANDOM_SCALES.length];
    const x = Float64Array.from({ length: n }, () => scale * rng.normal());
    starts.push({ name: `random ${j}`, x });
    if (count.antithetic) starts.push({ name: `−random ${j}`, x: x.map((v) => -v) });
  }
  return starts;
}

const RANDOM_SCALES = [1, 3, 10];

function fmtMu(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

/** Ratio c with J = c·M (to rounding), or null. */
function multipleOf(n: number, J: Float64Array, M: Float64Array): number | null {
  let mmax = 0;
  let at = 0;
  for (let i = 0; i < n * n; i++) {
    const a = Math.abs(M[i]);
    if (a > mmax) {
      mmax = a;
      at = i;
    }
  }
  if (!(mmax > 0)) return null;
  const c = J[at] / M[at];
  const tol = 1e-13 * Math.max(1, Math.abs(c)) * mmax;
  for (let i = 0; i < n * n; i++) if (Math.abs(J[i] - c * M[i]) > tol) return null;
  return c;
}

/**
 * Newton starts and steps by size: an LU of the Jacobian costs n³/3, ~45 ms
 * for N = 512 in V8, so large networks get fewer starts.
 */
export function planFor(n: number, draft: boolean): Plan {
  const none = { basic: false, orbit: [], random: 0, antithetic: false, modes: 0, maxIter: 0 };
  if (draft && n > JACOBIAN_EIGEN_MAX_N) return none;
  if (draft && n > 64) return { ...none, basic: true, maxIter: 15 };
  if (n <= JACOBIAN_EIGEN_MAX_N) return { basic: true, orbit: [100, 200, 300], random: 3, antithetic: true, modes: 2, maxIter: 60 };
  if (n <= 256) return { basic: true, orbit: [100, 300], random: 1, antithetic: false, modes: 1, maxIter: 30 };
  return { ...none, basic: true, orbit: [300], modes: 1, maxIter: 20 };
}

function baseModes(key: string): { mu: number; v: Float64Array }[] {
  return cache.get(key)?.modes ?? [];
}

function stabilityOf(rho: number): FixedPointStability {
  if (!Number.isFinite(rho)) return 'unknown';
  if (rho < 1 - NEUTRAL_TOL) return 'stable';
  if (rho > 1 + NEUTRAL_TOL) return 'unstable';
  return 'neutral';
}

/**
 * The computation as a job (core/job.ts): it may pause after the matrix
 * spectrum, each Newton step and each fixed point's eigenvalues;
 * `computeEigenView` runs it to the end.
 */
export function* eigenViewSteps(req: EigenRequest): Job<EigenResult> {
  const p = req.params;
  const g = p.g;
  const notes: string[] = [];
  const t0 = clock();
  const bm = linearPart(p, req.imported);
  let matrix: MatrixSpectrum | null = null;
  let offDiagonal: EigenResult['offDiagonal'] = null;
  let circularLaw: CircularLaw | null = null;
  let cachedMatrix = false;
  if (bm) {
    const { spectra, cached } = baseSpectra(bm.key, bm);
    cachedMatrix = cached;
    matrix = { ...scaled(spectra.spec, g), label: bm.label, norm2: Math.abs(g) * spectra.norm2, activated: bm.activated };
    if (spectra.off) offDiagonal = { ...scaled(spectra.off, g), label: 'gW' };
    if (bm.law) circularLaw = { radius: Math.abs(g) * bm.law.radius, kind: bm.law.kind, formula: bm.law.formula };
  }
  const tMatrix = clock() - t0;
  yield;

  // fixed points
  const t1 = clock();
  const map = buildMapND(p, req.imported);
  const n = map.n;
  const big = n > JACOBIAN_EIGEN_MAX_N;
  const draft = req.draft === true && n > 64;
  const plan = planFor(n, draft);
  if (appliesTo('inp', p.model) && p.inp === 'sine') notes.push('With a sine input the map changes with time: the fixed points shown are those of the unforced map (u = 0).');
  if (appliesTo('inp', p.model) && p.inp === 'const') notes.push('With a constant input the fixed points are those of h ← φ(gWh + b + u·v).');
  const starts = startPoints(map, p.seed, plan, bm ? baseModes(bm.key) : [], g);
  const found: { x: Float64Array; residual: number; from: string[] }[] = [];
  const startLog: NewtonStart[] = [];
  const f = new Float64Array(n);
  const G = new Float64Array(n);
  const sameAs = (x: Float64Array): number => {
    const sx = Math.max(1, norm(x));
    for (let i = 0; i < found.length; i++) {
      let d = 0;
      const y = found[i].x;
      for (let j = 0; j < n; j++) d += (x[j] - y[j]) * (x[j] - y[j]);
      if (Math.sqrt(d) <= 1e-7 * sx) return i;
    }
    return -1;
  };
  for (const s of starts) {
    const r = yield* newtonSteps(map, s.x, plan.maxIter);
    if (r.outcome !== 'converged') {
      startLog.push({ name: s.name, outcome: r.outcome, iterations: r.iterations, residual: r.residual, fixedPoint: -1 });
    } else {
      const residual = residualOf(map, r.x, f, G);
      const j = sameAs(r.x);
      if (j >= 0) {
        found[j].from.push(s.name);
        // keep the most accurate copy (the zero start gives the origin exactly)
        if (residual < found[j].residual) {
          found[j].x = r.x;
          found[j].residual = residual;
        }
        startLog.push({ name: s.name, outcome: 'duplicate', iterations: r.iterations, residual, fixedPoint: j });
      } else {
        found.push({ x: r.x, residual, from: [s.name] });
        startLog.push({ name: s.name, outcome: 'new', iterations: r.iterations, residual, fixedPoint: found.length - 1 });
      }
    }
    yield;
  }
  // mirror images (odd φ and no bias: −h* is a fixed point too)
  for (let i = 0, count = found.length; i < count; i++) {
    const m = found[i].x.map((v) => -v);
    if (sameAs(m) >= 0) continue;
    const residual = residualOf(map, m, f, G);
    if (residual <= RESIDUAL_BOUND * Math.max(1, norm(m))) found.push({ x: m, residual, from: [`−#${i}`] });
  }

  // sort by ‖h*‖ and renumber
  const order = found.map((_, i) => i).sort((a, b) => norm(found[a].x) - norm(found[b].x) || a - b);
  const rank = new Int32Array(found.length);
  order.forEach((i, r) => (rank[i] = r));
  for (const s of startLog) if (s.fixedPoint >= 0) s.fixedPoint = rank[s.fixedPoint];
  const fixedPoints: FixedPointInfo[] = [];
  const J = new Float64Array(n * n);
  const scaledM = bm ? bm.M.map((v) => g * v) : null;
  let skipped = 0;
  for (const i of order) {
    const fp = found[i];
    const from = fp.from.map((name) => (name.startsWith('−#') ? `−#${rank[Number(name.slice(2))]}` : name));
    map.jacobian(fp.x, J, 0);
    let eig: Spectrum | null = null;
    const c = scaledM && matrix ? multipleOf(n, J, scaledM) : null;
    if (c !== null && matrix) {
      const sc = scaled(matrix, c);
      eig = sortSpectrum(sc.re, sc.im);
    } else if (!big) eig = eigenvaluesOf(n, J);
    else skipped++;
    const rho = eig ? eig.spectralRadius : NaN;
    let unstableDims = -1;
    if (eig) {
      unstableDims = 0;
      for (let k = 0; k < n; k++) if (hypot(eig.re[k], eig.im[k]) > 1 + NEUTRAL_TOL) unstableDims++;
    }
    const xn = norm(fp.x);
    fixedPoints.push({
      point: fp.x,
      norm: xn,
      residual: fp.residual,
      origin: xn <= 1e-12,
      eig,
      spectralRadius: rho,
      unstableDims,
      stability: stabilityOf(rho),
      from,
    });
    yield;
  }
  if (skipped > 0)
    notes.push(
      `N = ${n} > ${JACOBIAN_EIGEN_MAX_N}: the Jacobian’s eigenvalues at ${skipped === fixedPoints.length ? 'the' : `${skipped} of the`} fixed points were not computed (an eigendecomposition of ${n} × ${n} takes seconds), so their stability is unknown.`,
    );
  if (draft) notes.push(n > JACOBIAN_EIGEN_MAX_N ? 'While dragging, the fixed points of a network this large are not searched; they are on release.' : 'While dragging: fewer Newton starts; the full search runs on release.');
  const failed = startLog.filter((s) => s.outcome === 'failed' || s.outcome === 'diverged').length;
  const singular = startLog.filter((s) => s.outcome === 'singular').length;
  return {
    model: p.model,
    n,
    g,
    matrix,
    offDiagonal,
    circularLaw,
    fixedPoints,
    starts: startLog,
    failed,
    singular,
    jacobianEigenMaxN: JACOBIAN_EIGEN_MAX_N,
    notes,
    ms: { matrix: tMatrix, fixedPoints: clock() - t1, cachedMatrix },
  };
}

export function computeEigenView(req: EigenRequest): EigenResult {
  return runToEnd(eigenViewSteps(req));
}
