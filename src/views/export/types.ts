/**
 * What a panel hands to its export menu (filled in by each panel).
 *
 * How a panel adopts the export menu (e.g. the gradient and training views):
 *   <PanelFrame id="…" exportData={{ tables: () => [...], python?: () => '…', values?: () => ({…}) }}>
 * - tables: the data the panel plots, read from its result slot when the menu
 *   asks (cheap closures; nothing is computed while nobody exports);
 * - figures (PNG 2×, slide PNG, SVG, WebM) need nothing from the panel: every
 *   <Plot> inside the panel registers its draw callback (views/chart/Plot.tsx)
 *   and is re-drawn into an SVG context; panels without a Plot export their text;
 * - python: optional, see src/export/python.ts (pythonScript) for the 1-D and
 *   vector models; values: optional headline numbers for the JSON record.
 */
export type { DataTable, PanelExport } from '../../export/types';
