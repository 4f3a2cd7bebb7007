/**
 * What a panel hands to its export menu. Pure data: the export code turns it
 * into CSV, JSON, figures and Python without knowing the panel.
 */

/** One table of plotted data; a panel may have several (one per series kind). */
export interface DataTable {
  /** File-name part, JSON key and CSV `# table:` name, e.g. "orbit". */
  name: string;
  columns: string[];
  /** Missing values are null (NaN and ±∞ are written as empty / null). */
  rows: (number | string | boolean | null)[][];
}

export interface PanelExport {
  /** The panel's plotted data, as tables (computed when an export is asked for). */
  tables: () => DataTable[];
  /** The tables' names, when building the tables only to list them would be costly. */
  tableNames?: () => string[];
  /**
   * A numpy script that reproduces the panel's numbers. May be asynchronous
   * (the generator is loaded on demand). Absent: no "Copy as Python" item.
   */
  python?: () => string | Promise<string>;
  /** The headline numbers the panel shows (λ, λ_max …): they go into the JSON record. */
  values?: () => Record<string, unknown>;
}
