/**
 * The reproducibility record that goes with every data export: what app and
 * version made it, the full link, the canonical state (encodeHash), the
 * parameters, seed and model, when, and from which panel. Opening `link` (or
 * `npm run cli -- … --url '<state>'`) reproduces the numbers.
 */
import type { PanelId, Params } from '../params/spec';
import type { WeightsRef } from '../params/weights';
import { encodeHash } from '../params/url';
import { modelOf } from '../core/models';
import { APP_NAME, APP_VERSION } from './version';
import type { DataTable } from './types';

export interface ReproRecord {
  app: string;
  version: string;
  /** The full address the export was made from. */
  link: string;
  /** Canonical hash of the state (without '#'): decodeHash(state) gives the same state back. */
  state: string;
  params: Params;
  seed: number;
  model: Params['model'];
  /** ISO time of the export. */
  created: string;
  panel: PanelId;
  /** Content hash of an imported network (its data is in `state` when small). */
  weightsHash: string | null;
  /** Headline numbers the panel showed. */
  values?: Record<string, unknown>;
}

export interface RecordInput {
  params: Params;
  weights: WeightsRef | null;
  panel: PanelId;
  /** The page address; its hash is replaced by the canonical state. */
  location: string;
  now?: Date;
  values?: Record<string, unknown>;
}

export function reproRecord(inp: RecordInput): ReproRecord {
  const state = encodeHash({ params: inp.params, weights: inp.weights });
  const base = inp.location.split('#')[0];
  return {
    app: APP_NAME,
    version: APP_VERSION,
    link: `${base}#${state}`,
    state,
    params: inp.params,
    seed: inp.params.seed,
    model: inp.params.model,
    created: (inp.now ?? new Date()).toISOString(),
    panel: inp.panel,
    weightsHash: inp.weights?.hash ?? null,
    ...(inp.values ? { values: inp.values } : {}),
  };
}

/** JSON numbers cannot be NaN or ±∞: those become null. */
function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

/** The JSON export: the record and every table as {columns, rows}. */
export function exportJson(record: ReproRecord, tables: DataTable[]): string {
  const t: Record<string, { columns: string[]; rows: DataTable['rows'] }> = {};
  for (const tab of tables) t[tab.name] = { columns: tab.columns, rows: tab.rows };
  return `${JSON.stringify({ record, tables: t }, jsonSafe, 1)}\n`;
}

/** A short, stable digest of a string (FNV-1a, 8 hex digits): tells exports of different states apart. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The model and its main knob, for file names: "net1d-g2.7-s6", "logistic-r4", "henon-a1.4-b0.3". */
export function stateTag(p: Params): string {
  return modelOf(p.model).tag(p);
}

/** `rnn-chaos-lab_<panel>_<model-g-seed>-<hash>[_<part>].<ext>` */
export function exportFileName(panel: PanelId, params: Params, state: string, ext: string, part?: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');
  return `rnn-chaos-lab_${panel}_${safe(stateTag(params))}-${shortHash(state).slice(0, 6)}${part ? `_${safe(part)}` : ''}.${ext}`;
}

/** One line that names the state, for slide captions: "1-D network · k = 16 · tanh · He init · g = 2.7 · σ_b = 1 · seed 6". */
export function stateCaption(p: Params): string {
  return modelOf(p.model).caption(p);
}
