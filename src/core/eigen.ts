/**
 * P9: the spectrum of the weight matrix and the fixed points of a vector map
 * (stub: filled in by the eigen work of issue #4).
 */
import type { ImportedND, VectorParams } from './modelsND';

export interface EigenRequest {
  params: VectorParams;
  imported: ImportedND | null;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EigenResult {}

export function computeEigenView(_req: EigenRequest): EigenResult {
  return {};
}
