/** A panel's one-line formula and what to look for. */
import type { PanelId } from '../../params/spec';

export function PanelExplain(_props: { id: PanelId }) {
  return null;
}
