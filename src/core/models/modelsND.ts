/**
 * From the state to a vector map (M3 RNN, M4 PLRNN, Hénon), seeded or
 * imported. g scales the recurrent weights (imported ones too: g = 1 leaves
 * them as they are).
 */
import type { Activation } from './activations';
import { HenonMap, PlrnnMap, RnnMap, drawPlrnn, drawRnn, type InputKind, type MapND, type ModelND, type PlrnnWeights, type RnnWeights, type WLaw } from './vector';
import { Rng } from '../linalg/rng';

export interface VectorParams {
  model: ModelND;
  act: Activation;
  g: number;
  sb: number;
  /** Units N (RNN) or M (PLRNN). */
  k: number;
  seed: number;
  wl: WLaw;
  inp: InputKind;
  ia: number;
  ip: number;
  /** Hénon a and b, start x₀. */
  a: number;
  b: number;
  x0: number;
}

export type ImportedND = RnnWeights | PlrnnWeights;

export function isPlrnnWeights(w: ImportedND): w is PlrnnWeights {
  return 'A' in w;
}

/** Starting state and input direction for imported networks: seeded like the drawn ones. */
export function seededVectors(n: number, seed: number): { h0: Float64Array; v: Float64Array } {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const h0 = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) h0[i] = rng.normal();
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return { h0, v };
}

/**
 * The last drawn RNN, reused while only g (or anything but the draw) changes:
 * a drag of g builds a map on every frame, and drawing N² normals is most of
 * that (~1 ms for N = 64). Maps never write into the weights they are given.
 */
let lastRnnDraw: { key: string; value: ReturnType<typeof drawRnn> } | null = null;

function drawRnnCached(k: number, wl: WLaw, seed: number, sb: number): ReturnType<typeof drawRnn> {
  const key = `${k}|${wl}|${seed}|${sb}`;
  if (lastRnnDraw?.key !== key) lastRnnDraw = { key, value: drawRnn(k, wl, seed, sb) };
  return lastRnnDraw.value;
}

export function buildMapND(p: VectorParams, imported?: ImportedND | null): MapND {
  const input = { kind: p.inp, amplitude: p.ia, period: p.ip };
  switch (p.model) {
    case 'henon':
      return new HenonMap(p.a, p.b, p.x0);
    case 'rnn': {
      if (imported && !isPlrnnWeights(imported)) {
        const { h0, v } = seededVectors(imported.b.length, p.seed);
        return new RnnMap(imported, p.g, p.act, h0, v, input);
      }
      const d = drawRnnCached(p.k, p.wl, p.seed, p.sb);
      return new RnnMap(d.weights, p.g, p.act, d.h0, d.v, input);
    }
    case 'plrnn': {
      if (imported && isPlrnnWeights(imported)) return new PlrnnMap(imported, p.g, seededVectors(imported.h.length, p.seed).h0);
      const d = drawPlrnn(p.k, p.seed);
      return new PlrnnMap(d.weights, p.g, d.z0);
    }
  }
}
