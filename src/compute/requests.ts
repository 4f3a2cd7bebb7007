/**
 * From app state to worker requests. Pure, so what each panel depends on is
 * stated once and tested: a change to anything else does not recompute it.
 */
import type { Panel1dRequest } from '../core/jobs/panel1d';
import { isModel1D, type Model1D, type ModelParams } from '../core/models/models1d';
import type { SweepBaseND } from '../core/vector/diagramND';
import type { VectorPanelRequest } from '../core/jobs/panelND';
import type { SpectrumJobRequest } from '../core/jobs/spectrumJob';
import type { ModelND } from '../core/models/vector';
import type { ImportedND, VectorParams } from '../core/models/modelsND';
import type { ExpressivityRequest, PeriodicViewRequest } from '../core/jobs/paperB';
import type { SweepBase } from '../core/map1d/bifurcation';
import type { Net1dWeights } from '../core/models/net1d';
import type { Params } from '../params/spec';

/** The model part of the state (what buildMap needs); only for 1-D models. */
export function modelParams(p: Params): ModelParams {
  return { model: p.model as Model1D, act: p.act, out: p.out, g: p.g, sb: p.sb, k: p.k, init: p.init, seed: p.seed, w: p.w, b: p.b, r: p.r, mu: p.mu };
}

/** The model part of the state for a vector model (what buildMapND needs). */
export function vectorParams(p: Params): VectorParams {
  return { model: p.model as ModelND, act: p.act, g: p.g, sb: p.sb, k: p.k, seed: p.seed, wl: p.wl, inp: p.inp, ia: p.ia, ip: p.ip, a: p.a, b: p.b, x0: p.x0 };
}

export function periodicRequest(p: Params, imported: Net1dWeights | null, draft: boolean): PeriodicViewRequest {
  return { params: { ...modelParams(p), x0: p.x0, d0: p.d0, se: p.se, pc: p.pc }, imported, draft };
}

export function expressivityRequest(p: Params, imported: Net1dWeights | null, draft: boolean): ExpressivityRequest {
  return { params: { ...modelParams(p), xt: p.xt, xg: p.xg, xn: p.xn, xp: p.xp }, imported, draft };
}

export function panel1dRequest(p: Params, imported: Net1dWeights | null, draft: boolean): Panel1dRequest {
  return {
    params: {
      ...modelParams(p),
      x0: p.x0,
      d0: p.d0,
      T: p.T,
      fk: p.fk,
      // while dragging, a shorter λ run keeps every animation frame (final on release)
      lt: draft ? Math.min(p.lt, 300) : p.lt,
      ls: draft ? Math.min(p.ls, 1500) : p.ls,
    },
    imported,
    samples: 600,
  };
}

export interface DiagramJob {
  base: SweepBase;
  /** Set for a vector model (then `base` is a placeholder). */
  nd?: SweepBaseND;
  lo: number;
  hi: number;
  cols: number;
  rows: number;
  yRange: [number, number] | null;
  quality: 'draft' | 'final';
}

export function diagramJob(p: Params, imported: Net1dWeights | ImportedND | null, size: { cols: number; rows: number }, draft: boolean): DiagramJob {
  const vector = !isModel1D(p.model);
  const transient = draft ? Math.min(p.bt, vector ? 200 : 300) : p.bt;
  const keep = draft ? Math.min(p.bn, vector ? 100 : 150) : p.bn;
  const base: SweepBase = {
    params: { ...modelParams(p), x0: p.x0 },
    imported: vector ? null : (imported as Net1dWeights | null),
    param: p.bp,
    transient,
    keep,
  };
  // The swept parameter's own value does not change the diagram (only its cursor).
  (base.params as unknown as Record<string, number>)[p.bp] = 0;
  let nd: SweepBaseND | undefined;
  if (vector) {
    nd = { params: vectorParams(p), imported: imported as ImportedND | null, param: p.bp, transient, keep, proj: p.proj, unit: p.unit };
    (nd.params as unknown as Record<string, number>)[p.bp] = 0;
  }
  // A vector map costs ~N² per step: fewer columns (the canvas scales them up).
  // (about 1.2·10⁹ flops for a final diagram: a second on two workers)
  const n = p.model === 'henon' ? 2 : p.k;
  const maxCols = vector ? (draft ? 48 : Math.max(24, Math.round(1.2e9 / ((n * n + 4) * (p.bt + p.bn) * 4)))) : draft ? 240 : size.cols;
  const cols = Math.min(size.cols, maxCols);
  const rows = draft ? Math.min(size.rows, 240) : size.rows;
  return {
    base,
    nd,
    lo: p.bx0,
    hi: p.bx1,
    cols: Math.max(1, cols),
    rows: Math.max(1, rows),
    yRange: p.by0 !== null && p.by1 !== null ? [p.by0, p.by1] : null,
    quality: draft ? 'draft' : 'final',
  };
}

export function vectorPanelRequest(p: Params, imported: ImportedND | null, draft: boolean): VectorPanelRequest {
  return { params: { ...vectorParams(p), d0: p.d0, T: p.T, lt: p.lt, ls: p.ls, unit: p.unit }, imported, draft };
}

export function spectrumRequest(p: Params, imported: ImportedND | null, draft: boolean): SpectrumJobRequest {
  return { params: { ...vectorParams(p), lt: p.lt, ls: p.ls, nk: p.nk }, imported, draft };
}

/** Stable key of a request: equal keys need no recomputation. */
export function requestKey(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (v instanceof Float64Array ? arrayDigest(v) : v));
}

function arrayDigest(a: Float64Array): string {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < u.length; i++) {
    h1 = Math.imul(h1 ^ u[i], 16777619);
    h2 = Math.imul(h2 + u[i], 2246822519) ^ (h2 >>> 13);
  }
  return `f64[${a.length}]${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}
