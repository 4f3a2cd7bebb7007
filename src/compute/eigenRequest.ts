/**
 * The request of the eigenvalue view (P9) from the app state: only what the
 * view depends on (eigenParams), so other changes do not recompute it. Null
 * for the 1-D models (the view then points to the 1-D views). Imports no
 * runtime code from core (ml-matrix stays in the workers); the CLI uses the
 * same builder, so it computes exactly what the app shows.
 */
import type { EigenRequest } from '../core/vector/eigen';
import type { ImportedND, VectorParams } from '../core/models/modelsND';
import type { Params } from '../params/spec';
import { vectorParams } from './requests';

export function isVectorModel(model: Params['model']): model is 'rnn' | 'plrnn' | 'henon' {
  return model === 'rnn' || model === 'plrnn' || model === 'henon';
}

/**
 * The part of the vector parameters the view depends on; the rest is set to
 * fixed values (a change of T, or of the Hénon a for an RNN, asks for nothing).
 * RNN: φ, g, σ_b, N, seed, law, and the input only when constant (a sine input
 * is zero at t = 0: the fixed points are those of the unforced map). PLRNN: g,
 * M, seed. Hénon: a, b, x₀ (the start of one Newton run).
 */
export function eigenParams(v: VectorParams): VectorParams {
  const neutral: VectorParams = { model: v.model, act: 'tanh', g: v.g, sb: 0, k: 2, seed: 0, wl: 'gauss', inp: 'none', ia: 0, ip: 20, a: 0, b: 0, x0: 0 };
  switch (v.model) {
    case 'rnn':
      return { ...neutral, act: v.act, sb: v.sb, k: v.k, seed: v.seed, wl: v.wl, inp: v.inp, ia: v.inp === 'const' ? v.ia : 0 };
    case 'plrnn':
      return { ...neutral, k: v.k, seed: v.seed };
    case 'henon':
      return { ...neutral, g: 1, a: v.a, b: v.b, x0: v.x0 };
  }
}

/** `draft` (a slider is being dragged): fewer Newton starts for N > 64, none for N > 128. */
export function eigenRequest(p: Params, imported: ImportedND | null, draft = false): EigenRequest | null {
  if (!isVectorModel(p.model)) return null;
  const req: EigenRequest = { params: eigenParams(vectorParams(p)), imported: p.model === 'henon' ? null : imported };
  if (draft) req.draft = true;
  return req;
}
