/**
 * What a training run is made of, from the link and the user's CSV: the CSV
 * kept in this page (`csvSlot`: never in the link), the data spec of the
 * link's `td`, and the keys that tell a run or a τ sweep that what it depends
 * on changed (the mapping of the other keys is in params/trainRequests.ts,
 * shared with the CLI).
 */
import type { Params, TrainMethod } from '../params/spec';
import type { CsvTable } from '../core/training/csvData';
import { selectColumns } from '../core/training/csvData';
import { rnnDataSpec } from '../params/trainRequests';
import type { DataSpec } from '../core/jobs/trainJob';
import { ResultSlot } from './results';

// ---------------------------------------------------------------------------
// The user's CSV (kept in this page)

export interface CsvChoice {
  /** File name or "pasted text". */
  name: string;
  table: CsvTable;
  /** Chosen columns (indices). */
  chosen: number[];
  /** Increases with every new file, so a run knows its data changed. */
  id: number;
}

export const csvSlot = new ResultSlot<CsvChoice>();
let csvSeq = 0;

/** Put a parsed table in place of the current one (columns: the first three by default). */
export function setCsv(name: string, table: CsvTable, chosen?: number[]): void {
  csvSlot.set({ name, table, chosen: chosen ?? Array.from({ length: Math.min(3, table.columns.length) }, (_, i) => i), id: ++csvSeq });
}

export function chooseCsvColumns(chosen: number[]): void {
  const c = csvSlot.get();
  if (c) csvSlot.set({ ...c, chosen: [...chosen].sort((a, b) => a - b), id: ++csvSeq });
}

// ---------------------------------------------------------------------------
// From the link to a run

export function dataSpecOf(p: Params, csv: CsvChoice | null): DataSpec | { error: string } {
  switch (p.td) {
    case 'lorenz':
      return { kind: 'lorenz' };
    case 'logistic':
      return { kind: 'logistic' };
    case 'rnn':
      return { kind: 'rnn', rnn: rnnDataSpec(p) };
    case 'csv': {
      if (!csv) return { error: 'Paste or drop a CSV file first (it stays in this browser: the link does not carry it).' };
      if (!csv.chosen.length) return { error: 'Choose at least one column of the CSV.' };
      return { kind: 'csv', values: selectColumns(csv.table, csv.chosen), n: csv.chosen.length, columns: csv.chosen.map((c) => csv.table.columns[c]), name: csv.name, id: csv.id };
    }
  }
}

const DATA_LABELS: Record<Params['td'], string> = {
  lorenz: 'Lorenz-63',
  logistic: 'logistic map r = 4',
  rnn: 'random RNN',
  csv: 'your CSV',
};

/** The data's name in captions. */
export function dataLabelOf(p: Params, csv: CsvChoice | null): string {
  return p.td === 'csv' && csv ? csv.name : DATA_LABELS[p.td];
}

/** The parameters that matter for a method (τ only for sparse forcing, α only for GTF, the norm only for clipping). */
function methodKeys(m: TrainMethod, p: Params): unknown[] {
  return m === 'stf' ? [p.ttau] : m === 'gtf' ? [p.talpha] : m === 'clip' ? [p.tclip] : [];
}

function dataKeyOf(p: Params, csv: CsvChoice | null): unknown {
  if (p.td === 'rnn') return rnnDataSpec(p);
  if (p.td === 'csv') return csv ? [csv.id, csv.chosen] : null;
  return null;
}

/** What a training run depends on: a change of any of these resets it. */
export function trainKey(p: Params, csv: CsvChoice | null): string {
  return JSON.stringify([p.td, dataKeyOf(p, csv), p.tmod, p.tM, p.tmeth, methodKeys(p.tmeth, p), p.tT, p.tlr, p.tep, p.seed, p.tms]);
}

/** What the τ sweep depends on (it sets the method and τ itself). */
export function tauSweepKey(p: Params, csv: CsvChoice | null): string {
  return JSON.stringify([p.td, dataKeyOf(p, csv), p.tmod, p.tM, p.tT, p.tlr, p.tep, p.seed, p.tsw, p.tms]);
}
