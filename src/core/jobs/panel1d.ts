/**
 * Everything the cobweb, trajectory and readout panels show for one state of
 * a 1-D map, computed in one pass (cheap: milliseconds for k ≤ 64; a wide
 * network with a long λ run takes seconds, so the job pauses in its loops).
 */
import { buildMap, model1d, type ImportedData, type Map1D, type ModelParams } from '../models';
import { fixedPoints, type FixedPoint } from '../map1d/fixedPoints';
import { isDiverged } from '../divergence';
import { analyseOrbitSteps, classifyOrbit, orbitSteps, type OrbitAnalysis, type OrbitKind } from '../map1d/orbit';
import { NO_PAUSE, pacer, runToEnd, type Job, type Pacer } from '../job';
import { log10 } from '../linalg/elementary';

export interface Panel1dRequest {
  /** ls: the steps λ averages, or with tol > 0 the cap (core/runLength.ts). */
  params: ModelParams & { x0: number; d0: number; T: number; fk: number[]; lt: number; ls: number; tol: number };
  imported: ImportedData | null;
  /** Samples of f and its iterates across the domain. */
  samples?: number;
  /** Optional fixed domain for the cobweb (otherwise chosen from the orbit). */
  domain?: [number, number] | null;
}

export interface Panel1dResult {
  domain: [number, number];
  /** Abscissae of the curve samples. */
  xs: Float64Array;
  /** fᵏ(xs) for each requested k (NaN where the iterate left the bound). */
  iterates: { k: number; ys: Float64Array }[];
  orbit: Float64Array;
  orbitDiverged: boolean;
  twin: Float64Array;
  twinDiverged: boolean;
  /** log₁₀|x_t − y_t| (−Infinity where the two coincide exactly). */
  logSep: Float64Array;
  /** Step from which the running min/max of the separation are taken. */
  sepTransient: number;
  sepMin: Float64Array;
  sepMax: Float64Array;
  fixedPoints: FixedPoint[];
  analysis: Omit<OrbitAnalysis, 'tail'>;
  kind: OrbitKind;
  attractor: Float64Array;
}

/** A "nice" interval covering [lo, hi] with a margin, never empty. */
export function niceDomain(lo: number, hi: number, minWidth = 0.2): [number, number] {
  if (!(lo <= hi)) return [-1, 1];
  let span = hi - lo;
  if (span < minWidth) {
    const mid = 0.5 * (lo + hi);
    lo = mid - minWidth / 2;
    hi = mid + minWidth / 2;
    span = minWidth;
  }
  lo -= 0.06 * span;
  hi += 0.06 * span;
  const e = Math.floor(log10(hi - lo));
  let p10 = 1; // 10^|e| by products: exact up to 10²² (the engines' pow is not specified to the bit)
  for (let i = 0; i < Math.abs(e); i++) p10 *= 10;
  const step = (e >= 0 ? p10 : 1 / p10) / 4;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

function modelDomain(p: ModelParams, orb: Float64Array, x0: number): [number, number] {
  if (model1d(p.model).unitInterval && x0 >= 0 && x0 <= 1) {
    let lo = 0;
    let hi = 1;
    for (const v of orb) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return lo === 0 && hi === 1 ? [0, 1] : niceDomain(lo, hi);
  }
  let lo = x0;
  let hi = x0;
  for (const v of orb) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return niceDomain(lo, hi);
}

/** fᵏ at each x for k = 1 … kMax, computed incrementally. */
export function sampleIterates(map: Map1D, xs: Float64Array, ks: number[]): { k: number; ys: Float64Array }[] {
  return runToEnd(sampleIteratesSteps(map, xs, ks, NO_PAUSE));
}

function* sampleIteratesSteps(map: Map1D, xs: Float64Array, ks: number[], pace: Pacer): Job<{ k: number; ys: Float64Array }[]> {
  const want = [...new Set(ks)].filter((k) => k >= 1).sort((a, b) => a - b);
  if (!want.length) return [];
  const kMax = want[want.length - 1];
  const out = want.map((k) => ({ k, ys: new Float64Array(xs.length) }));
  const cur = Float64Array.from(xs);
  let w = 0;
  for (let k = 1; k <= kMax; k++) {
    for (let i = 0; i < cur.length; i++) {
      const v = cur[i];
      cur[i] = isDiverged(v) ? NaN : map.f(v);
      if ((i & 127) === 127 && pace.tick(128)) yield* pace.pause();
    }
    if (want[w] === k) {
      const ys = out[w].ys;
      for (let i = 0; i < cur.length; i++) ys[i] = isDiverged(cur[i]) ? NaN : cur[i];
      w++;
    }
  }
  return out;
}

export function computePanel1d(req: Panel1dRequest): Panel1dResult {
  return runToEnd(panel1dJob(req, NO_PAUSE));
}

/** The panels' job (core/job.ts): pauses in the orbits, the samples of fᵏ and the λ run. */
export function* panel1dJob(req: Panel1dRequest, pace: Pacer = pacer()): Job<Panel1dResult> {
  const p = req.params;
  const map = buildMap(p, req.imported);
  const T = Math.max(1, Math.round(p.T));
  const orb = yield* orbitSteps(map, p.x0, T, pace);
  const tw = yield* orbitSteps(map, p.x0 + p.d0, T, pace);
  const domain = req.domain ?? modelDomain(p, orb.x.subarray(0, orb.len), p.x0);
  const n = Math.max(16, req.samples ?? 600);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = domain[0] + ((domain[1] - domain[0]) * i) / (n - 1);
  const iterates = yield* sampleIteratesSteps(map, xs, [1, ...p.fk], pace);

  const m = Math.min(orb.len, tw.len);
  const logSep = new Float64Array(m);
  for (let t = 0; t < m; t++) logSep[t] = log10(Math.abs(orb.x[t] - tw.x[t]));
  const sepTransient = Math.min(m, Math.floor(T / 4));
  const sepMin = new Float64Array(Math.max(0, m - sepTransient));
  const sepMax = new Float64Array(Math.max(0, m - sepTransient));
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = sepTransient; t < m; t++) {
    const v = logSep[t];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    sepMin[t - sepTransient] = lo;
    sepMax[t - sepTransient] = hi;
  }

  const analysisFull = yield* analyseOrbitSteps(map, p.x0, Math.max(0, Math.round(p.lt)), Math.max(1, Math.round(p.ls)), { tol: p.tol }, pace);
  const { tail, ...analysis } = analysisFull;
  return {
    domain,
    xs,
    iterates,
    orbit: orb.x.slice(0, orb.len),
    orbitDiverged: orb.diverged,
    twin: tw.x.slice(0, tw.len),
    twinDiverged: tw.diverged,
    logSep,
    sepTransient,
    sepMin,
    sepMax,
    // bracket on the samples of f already computed (NaN samples never bracket)
    fixedPoints: fixedPoints(map, domain[0], domain[1], n, { xs, ys: iterates[0].ys }),
    analysis,
    kind: classifyOrbit(analysisFull),
    attractor: tail,
  };
}
