/** The export menu in a panel's corner (PNG, SVG, CSV, JSON, copy as Python). */
import type { PanelId } from '../../params/spec';
import type { PanelExport } from './types';

export function PanelTools(_props: { id: PanelId; exportData?: PanelExport }) {
  return null;
}
