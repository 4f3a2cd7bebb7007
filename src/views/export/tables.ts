/** Small builders for the tables panels hand to the export menu. */
import type { DataTable } from './types';

type Cell = number | string | boolean | null;

/** A table from columns of equal meaning per row: row i takes element i of every column (missing: null). */
export function columnsTable(name: string, columns: Record<string, ArrayLike<Cell> | undefined>): DataTable {
  const names = Object.keys(columns);
  const cols = names.map((n) => columns[n] ?? []);
  const len = cols.reduce((m, c) => Math.max(m, c.length), 0);
  const rows: Cell[][] = [];
  for (let i = 0; i < len; i++) rows.push(cols.map((c) => (i < c.length ? c[i] : null)));
  return { name, columns: names, rows };
}

/** A one-row table of named values. */
export function recordTable(name: string, values: Record<string, Cell | undefined>): DataTable {
  const names = Object.keys(values);
  return { name, columns: names, rows: [names.map((n) => values[n] ?? null)] };
}

/** 0, 1, …, n − 1. */
export function steps(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
