/**
 * THE model registry: one row per model (its module), in menu order. Code
 * outside src/core/models asks this table what a model has — its family,
 * dimension, parameters, k range, map, differentiable form, weight files —
 * and never branches on a model's name. A new model is one module plus one
 * entry here (docs/architecture.md, "Adding a model").
 */
import { elman } from './elman';
import type { GatedWeights } from './gated';
import { gru } from './gru';
import { henon } from './henon';
import { logistic } from './logistic';
import { lstm } from './lstm';
import { net1d } from './net1d';
import { neuron } from './neuron';
import { plrnn, type PlrnnWeights } from './plrnn';
import { rnn, type RnnWeights } from './rnn';
import { tent } from './tent';
import { MODEL_IDS, type ColumnBatch, type DiffSetup, type Family, type LinearPart, type Map1D, type MapND, type MeanFieldSigmas, type Model1DModule, type ModelId, type ModelModule, type ModelNDModule, type ModelParams, type Net1dWeights, type RandomNet1dLaw, type SweepParam } from './types';
import { RNN_COLUMN_COST, type ColumnCostShape } from '../cost';

const MODULES: Record<ModelId, ModelModule> = { neuron, net1d, logistic, tent, rnn, plrnn, gru, lstm, elman, henon } as Record<ModelId, ModelModule>;

/** Every model, in menu order. */
export const MODELS = MODEL_IDS;
export type Model = ModelId;
export const MODEL_LIST: readonly ModelModule[] = MODEL_IDS.map((id) => MODULES[id]);

/** Weights of any importable model (the data of an imported network). */
export type ImportedData = Net1dWeights | RnnWeights | PlrnnWeights | GatedWeights;

export function modelOf(id: ModelId): ModelModule {
  return MODULES[id];
}

export function isModel1D(id: ModelId): boolean {
  return MODULES[id].family === '1d';
}

export function familyOf(id: ModelId): Family {
  return MODULES[id].family;
}

export function model1d(id: ModelId): Model1DModule {
  const m = MODULES[id];
  if (m.family !== '1d') throw new Error(`${id} is not a map of the line`);
  return m;
}

export function modelND(id: ModelId): ModelNDModule {
  const m = MODULES[id];
  if (m.family !== 'vector') throw new Error(`${id} is not a vector map`);
  return m;
}

/** The imported data if it is of the model `id` (imported data carries no tag), else null. */
export function importedFor(id: ModelId, data: ImportedData | null | undefined): ImportedData | null {
  const imp = MODULES[id].importer;
  return data && imp && imp.owns(data) ? data : null;
}

/** The model whose weights these are (null if none). */
export function modelOfWeights(data: ImportedData): ModelId | null {
  return MODEL_LIST.find((m) => m.importer?.owns(data))?.id ?? null;
}

/** The map of a 1-D model (imported weights replace the seeded draw; g and σ_b still scale them). */
export function buildMap(p: ModelParams, imported?: ImportedData | null): Map1D {
  return model1d(p.model).map(p, importedFor(p.model, imported));
}

/** The map of a vector model. */
export function buildMapND(p: ModelParams, imported?: ImportedData | null): MapND {
  return modelND(p.model).map(p, importedFor(p.model, imported));
}

/** Whether the columns of a diagram of this model over `param` run as column batches. */
export function hasColumnBatch(id: ModelId, param: SweepParam): boolean {
  const m = MODULES[id];
  return m.family === 'vector' && m.columns !== undefined && (m.columnParams ?? []).includes(param);
}

/** What a column of this model's batches costs (core/cost.ts). */
export function columnCostOf(id: ModelId): ColumnCostShape {
  const m = MODULES[id];
  return (m.family === 'vector' && m.columnCost) || RNN_COLUMN_COST;
}

/** Whether columns of this model over `param` are its one-column maps' runs bit for bit (`exactColumnParams`). */
export function hasExactColumnBatch(id: ModelId, param: string): boolean {
  const m = MODULES[id];
  return hasColumnBatch(id, param as SweepParam) && ((m.family === 'vector' && m.exactColumnParams) || []).includes(param as SweepParam);
}

/** The maps of `{ ...p, [param]: values[c] }` as one column batch, or null when the model runs such columns one by one. */
export function buildColumnsND(p: ModelParams, imported: ImportedData | null, param: SweepParam, values: ArrayLike<number>): ColumnBatch | null {
  const m = modelND(p.model);
  return m.columns ? m.columns(p, importedFor(p.model, imported), param, values) : null;
}

/** The differentiable model of the state, or the same model at another value `at` of its main knob. */
export function diffSetup(p: ModelParams, imported: ImportedData | null, at: number | null = null): DiffSetup {
  return MODULES[p.model].diff(p, importedFor(p.model, imported), at);
}

/** A setting of the main knob where every step contracts (the gradient meter's reference). */
export function contractingReference(p: ModelParams, imported: ImportedData | null): { at: number; label: string } {
  return MODULES[p.model].contracting(p, importedFor(p.model, imported));
}

/** The state dimension (1 for the maps of the line). */
export function stateDimension(p: ModelParams, imported?: ImportedData | null): number {
  const m = MODULES[p.model];
  return m.family === '1d' ? 1 : m.dimension(p, importedFor(p.model, imported));
}

/** The mean-field variances of a random network, or null where the theory does not apply. */
export function meanFieldSigmas(p: ModelParams, imported: ImportedData | null): MeanFieldSigmas | null {
  const m = MODULES[p.model];
  return m.family === 'vector' && m.meanField ? m.meanField(p, importedFor(p.model, imported)) : null;
}

/** The random law of a drawn 1-D network where its annealed mean field applies (types.ts randomLaw), else null. */
export function randomLaw1d(p: ModelParams, imported: ImportedData | null): RandomNet1dLaw | null {
  const m = MODULES[p.model];
  return m.family === '1d' && m.randomLaw ? m.randomLaw(p, importedFor(p.model, imported)) : null;
}

export function hasMeanField(id: ModelId): boolean {
  const m = MODULES[id];
  return m.family === 'vector' && m.meanField !== undefined;
}

/** The matrix of the eigenvalue view, or null for a map without a linear part. */
export function linearPart(p: ModelParams, imported: ImportedData | null): LinearPart | null {
  const m = MODULES[p.model];
  return m.family === 'vector' && m.linearPart ? m.linearPart(p, importedFor(p.model, imported)) : null;
}

/** The map as a network Σ aᵢφ(wᵢx + bᵢ) + c, or null when it is not one. */
export function networkOf(p: ModelParams, imported: ImportedData | null): ReturnType<NonNullable<Model1DModule['network']>> | null {
  const m = MODULES[p.model];
  return m.family === '1d' && m.network ? m.network(p, importedFor(p.model, imported)) : null;
}

export function sweepableFor(id: ModelId): SweepParam[] {
  return [...MODULES[id].sweepable];
}

export function defaultSweepParam(id: ModelId): SweepParam {
  return MODULES[id].sweepable[0];
}

/** Parameters that apply to every model of a family (besides the models' own). */
export const FAMILY_PARAMS: Record<Family, readonly string[]> = { '1d': ['fk'], vector: ['nk', 'proj', 'unit'] };

/** Every key whose relevance depends on the model. */
export const MODEL_SPECIFIC_KEYS: ReadonlySet<string> = new Set([...MODEL_LIST.flatMap((m) => m.params), ...FAMILY_PARAMS['1d'], ...FAMILY_PARAMS.vector]);

/** Whether a model-specific key applies to the model (keys that are not model-specific always do). */
export function appliesTo(key: string, id: ModelId): boolean {
  if (!MODEL_SPECIFIC_KEYS.has(key) || key === 'model') return true;
  const m = MODULES[id];
  return (m.params as readonly string[]).includes(key) || FAMILY_PARAMS[m.family].includes(key);
}

/** The models a key applies to. */
export function modelsOfKey(key: string): ModelId[] {
  return MODEL_IDS.filter((id) => appliesTo(key, id));
}

/** Imported weights exactly as they are: the file's own parameters and those that leave them unscaled. */
export function importPatch(id: ModelId, data: ImportedData, patch: Partial<ModelParams>): Partial<ModelParams> {
  const imp = MODULES[id].importer;
  return imp ? { ...patch, k: imp.width(data as never), ...imp.asIs } : {};
}
