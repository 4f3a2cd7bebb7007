/**
 * The panels on screen and their export data: PanelFrame registers each one
 * while it is mounted, so code outside React (the embed API, docs/embed.md)
 * can read the values every shown panel reports (PanelExport.values), the
 * numbers of its readouts.
 */
import type { PanelId } from '../../params/spec';
import type { PanelExport } from './types';

const shown = new Map<PanelId, PanelExport | undefined>();

/** Register a mounted panel; returns its unregister. */
export function registerPanel(id: PanelId, data: PanelExport | undefined): () => void {
  shown.set(id, data);
  return () => {
    if (shown.get(id) === data) shown.delete(id);
  };
}

/** The ids of the panels on screen, in the order they were mounted. */
export function shownPanels(): PanelId[] {
  return [...shown.keys()];
}

/** Each shown panel's headline values (panels without any are left out); a panel whose values cannot be read yet gives {}. */
export function shownValues(): Partial<Record<PanelId, Record<string, unknown>>> {
  const out: Partial<Record<PanelId, Record<string, unknown>>> = {};
  for (const [id, data] of shown) {
    if (!data?.values) continue;
    try {
      out[id] = data.values() as Record<string, unknown>;
    } catch {
      out[id] = {};
    }
  }
  return out;
}
