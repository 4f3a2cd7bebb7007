/**
 * CSV of a panel's tables (RFC 4180: comma-separated, CRLF-free "\n" lines,
 * fields with a comma, quote or line break quoted, quotes doubled).
 *
 * Numbers are written as the shortest decimal that reads back as the same
 * double (as the CLI does); a missing value (null, NaN, ±∞) is an empty field.
 * Several tables go into one file, each introduced by a `# table: <name>`
 * line and separated by a blank line — or one file per table (`tableCsv`).
 */
import type { DataTable } from './types';

export function csvField(v: number | string | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One table: a header line, then one line per row. */
export function tableCsv(t: DataTable): string {
  const lines = [t.columns.map(csvField).join(',')];
  for (const row of t.rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** All tables in one file: a single table as it is, several with `# table: name` separators. */
export function tablesCsv(tables: DataTable[]): string {
  if (tables.length === 1) return tableCsv(tables[0]);
  return tables.map((t) => `# table: ${t.name}\n${tableCsv(t)}`).join('\n');
}

/** Read back a CSV written by tableCsv (tests, and anyone checking a file). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
