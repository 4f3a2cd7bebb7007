/** What a panel hands to its export menu (filled in by each panel). */
export interface DataTable {
  /** File-name part and JSON key, e.g. "orbit". */
  name: string;
  columns: string[];
  rows: (number | string | null)[][];
}

export interface PanelExport {
  /** The panel's plotted data, as tables (computed when an export is asked for). */
  tables: () => DataTable[];
  /** A numpy script that reproduces the panel's numbers. */
  python?: () => string;
}
