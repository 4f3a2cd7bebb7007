/**
 * A user's time series as CSV for the training lab: one row per time step,
 * one column per observed variable. Parsed and validated here with messages a
 * student can act on; the numbers stay in the browser (they are not put in
 * the link: a shared link with td=csv asks for the file again).
 *
 * Accepted: numbers only (decimal point, exponent notation), separated by
 * commas, semicolons, tabs or spaces (the first data line decides); an
 * optional header line (its fields need not be numbers); empty lines and lines
 * starting with # are skipped.
 */

export const CSV_MIN_ROWS = 50;
export const CSV_MAX_ROWS = 200000;
export const CSV_MAX_COLUMNS = 50;
/** At most this many columns are trained on at once. */
export const CSV_MAX_CHOSEN = 10;
/** Longest line read: 50 numbers at full precision with their separators, with room. */
export const CSV_MAX_LINE_CHARS = 64 * CSV_MAX_COLUMNS;

export interface CsvTable {
  columns: string[];
  hasHeader: boolean;
  rows: number;
  /** rows × columns, row-major. */
  values: Float64Array;
  delimiter: string;
}

export type CsvParse = { ok: true; table: CsvTable; warnings: string[] } | { ok: false; errors: string[] };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function splitter(line: string): { delimiter: string; split: (s: string) => string[] } {
  for (const d of [',', ';', '\t']) if (line.includes(d)) return { delimiter: d, split: (s) => s.split(d).map((f) => f.trim()) };
  return { delimiter: ' ', split: (s) => s.trim().split(/\s+/) };
}

function quote(s: string): string {
  const t = s.length > 16 ? `${s.slice(0, 16)}…` : s;
  return `“${t}”`;
}

/** Rows between two progress reports of parseCsv. */
const PROGRESS_ROWS = 8192;

/** Parse and validate a CSV text (see the file's header); `onProgress` gets the fraction of data rows read. */
export function parseCsv(text: string, onProgress?: (fraction: number) => void): CsvParse {
  // sizes first, in one pass over the text, before anything is split or allocated:
  // a file of 10⁶ rows or one 30 MB line is refused at once
  let lineCount = 0;
  let longest = 0;
  let longestAt = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c !== 10 && c !== 13) continue; // line ends: \n, \r\n or \r, as the split below
    lineCount++;
    if (i - start > longest) {
      longest = i - start;
      longestAt = lineCount;
    }
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  if (longest > CSV_MAX_LINE_CHARS) {
    return { ok: false, errors: [`Line ${longestAt} is ${longest.toLocaleString('en')} characters long: at most ${CSV_MAX_LINE_CHARS.toLocaleString('en')} (${CSV_MAX_COLUMNS} numbers) are read. Is it one row per line?`] };
  }
  // header, comment and empty lines aside, more lines than this cannot fit
  if (lineCount > 2 * CSV_MAX_ROWS + 100) {
    return { ok: false, errors: [`${lineCount.toLocaleString('en')} lines: at most ${CSV_MAX_ROWS} data rows are accepted (keep a part of the series).`] };
  }
  const lines: { no: number; text: string }[] = [];
  text.split(/\r\n|\n|\r/).forEach((l, i) => {
    const t = l.trim();
    if (t && !t.startsWith('#')) lines.push({ no: i + 1, text: t });
  });
  if (!lines.length) return { ok: false, errors: ['The file is empty: give one row per time step, one column per variable.'] };
  const isNumberRow = (fields: string[]) => fields.every((f) => NUMBER.test(f));
  // The delimiter is read from the first line that is all numbers (a header may hold spaces or other characters).
  const probe = lines.find((l) => isNumberRow(splitter(l.text).split(l.text))) ?? lines[Math.min(1, lines.length - 1)];
  const { delimiter, split } = splitter(probe.text);
  const first = split(lines[0].text);
  const hasHeader = !isNumberRow(first);
  const body = hasHeader ? lines.slice(1) : lines;
  const cols = first.length;
  const errors: string[] = [];
  if (cols > CSV_MAX_COLUMNS) errors.push(`${cols} columns: at most ${CSV_MAX_COLUMNS} are accepted.`);
  if (body.length < CSV_MIN_ROWS) errors.push(`${body.length} data row${body.length === 1 ? '' : 's'}: at least ${CSV_MIN_ROWS} time steps are needed to train on.`);
  if (body.length > CSV_MAX_ROWS) errors.push(`${body.length} data rows: at most ${CSV_MAX_ROWS} are accepted (keep a part of the series).`);
  if (errors.length) return { ok: false, errors };
  const values = new Float64Array(body.length * cols);
  for (let r = 0; r < body.length && errors.length < 5; r++) {
    if (onProgress && r % PROGRESS_ROWS === 0) onProgress(r / body.length);
    const { no, text: line } = body[r];
    const fields = split(line);
    if (fields.length !== cols) {
      errors.push(`Line ${no} has ${fields.length} field${fields.length === 1 ? '' : 's'}; ${hasHeader ? 'the header' : 'the first line'} has ${cols}.`);
      continue;
    }
    for (let c = 0; c < cols; c++) {
      const f = fields[c];
      if (!NUMBER.test(f)) {
        errors.push(f === '' ? `Line ${no}, column ${c + 1} is empty: every field must be a number.` : `Line ${no}, column ${c + 1}: ${quote(f)} is not a number.`);
        break;
      }
      const v = Number(f);
      if (!Number.isFinite(v)) {
        errors.push(`Line ${no}, column ${c + 1}: ${quote(f)} is too large.`);
        break;
      }
      values[r * cols + c] = v;
    }
  }
  if (errors.length) return { ok: false, errors };
  const columns = hasHeader ? first.map((h, i) => h || `column ${i + 1}`) : Array.from({ length: cols }, (_, i) => `column ${i + 1}`);
  const warnings: string[] = [];
  for (let c = 0; c < cols; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < body.length; r++) {
      const v = values[r * cols + c];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo === hi) warnings.push(`Column ${quote(columns[c])} is constant: it carries no dynamics.`);
  }
  return { ok: true, table: { columns, hasHeader, rows: body.length, values, delimiter }, warnings };
}

/** The chosen columns (indices into table.columns) as rows × chosen.length. */
export function selectColumns(table: CsvTable, chosen: readonly number[]): Float64Array {
  const cols = table.columns.length;
  for (const c of chosen) if (!(Number.isInteger(c) && c >= 0 && c < cols)) throw new Error(`no column ${c + 1} (the table has ${cols})`);
  const n = chosen.length;
  const out = new Float64Array(table.rows * n);
  for (let r = 0; r < table.rows; r++) for (let k = 0; k < n; k++) out[r * n + k] = table.values[r * cols + chosen[k]];
  return out;
}
