/** What each item of the export menu does (files are named by exportFileName). */
import type { PanelId } from '../../params/spec';
import { encodeHash } from '../../params/url';
import { appStore } from '../../state/store';
import { PARAM_SPECS } from '../../params/spec';
import { tableCsv, tablesCsv } from '../../export/csv';
import { exportFileName, exportJson, reproRecord, stateCaption } from '../../export/record';
import type { PanelExport } from '../../export/types';
import { canvasBlob, panelFigure, rasterize, slideFigure } from './figure';
import { copyText, saveBlob, saveText } from './download';
import { recordSweep } from './sweepRecorder';
import { withSlideLayout } from './slideLayout';

export interface ExportTarget {
  id: PanelId;
  section: HTMLElement;
  data?: PanelExport;
}

function fileName(id: PanelId, ext: string, part?: string): string {
  const s = appStore.getState();
  return exportFileName(id, s.params, encodeHash({ params: s.params, weights: s.weights }), ext, part);
}

export async function savePng2x(t: ExportTarget): Promise<string> {
  const fig = panelFigure(t.section);
  const name = fileName(t.id, 'png');
  saveBlob(await canvasBlob(await rasterize(fig, 2 * fig.width, 2 * fig.height)), name);
  return name;
}

export async function saveSlide(t: ExportTarget): Promise<string> {
  const caption = stateCaption(appStore.getState().params);
  const fig = await withSlideLayout(t.section, () => slideFigure(t.section, caption));
  const name = fileName(t.id, 'png', 'slide');
  saveBlob(await canvasBlob(await rasterize(fig, fig.width, fig.height)), name);
  return name;
}

export function saveSvg(t: ExportTarget): string {
  const name = fileName(t.id, 'svg');
  saveText(panelFigure(t.section).svg, name, 'image/svg+xml');
  return name;
}

export function saveCsv(t: ExportTarget, table?: string): string {
  const tables = t.data?.tables() ?? [];
  const one = table ? tables.find((x) => x.name === table) : null;
  const name = fileName(t.id, 'csv', one ? one.name : undefined);
  saveText(one ? tableCsv(one) : tablesCsv(tables), name, 'text/csv');
  return name;
}

export function saveJson(t: ExportTarget): string {
  const s = appStore.getState();
  const record = reproRecord({ params: s.params, weights: s.weights, panel: t.id, location: location.href, values: t.data?.values?.() });
  const name = fileName(t.id, 'json');
  saveText(exportJson(record, t.data?.tables() ?? []), name, 'application/json');
  return name;
}

export async function copyPython(t: ExportTarget): Promise<void> {
  if (!t.data?.python) return;
  await copyText(await t.data.python());
}

export async function savePython(t: ExportTarget): Promise<string> {
  const name = fileName(t.id, 'py');
  if (t.data?.python) saveText(await t.data.python(), name, 'text/x-python');
  return name;
}

/** The parameter a sweep steps through (the diagram's), its label and window. */
export function sweepTarget(): { param: ReturnType<typeof appStore.getState>['params']['bp']; label: string; from: number; to: number } {
  const p = appStore.getState().params;
  return { param: p.bp, label: PARAM_SPECS.bp.labels[p.bp], from: p.bx0, to: p.bx1 };
}

export const SWEEP_FRAMES = 90;
export const SWEEP_FPS = 15;

export async function saveSweep(t: ExportTarget, signal: AbortSignal, onProgress: (text: string, fraction: number) => void): Promise<string | null> {
  const { param, label, from, to } = sweepTarget();
  const blob = await recordSweep({
    section: t.section,
    param,
    from,
    to,
    frames: SWEEP_FRAMES,
    fps: SWEEP_FPS,
    signal,
    onProgress: (phase, done, total) =>
      onProgress(phase === 'frames' ? `Recording the ${label} sweep: frame ${done} of ${total}` : `Encoding the video: ${done} of ${total}`, phase === 'frames' ? (0.8 * done) / total : 0.8 + (0.2 * done) / total),
  });
  if (!blob) return null;
  const name = fileName(t.id, 'webm', `sweep-${param}`);
  saveBlob(blob, name);
  return name;
}
