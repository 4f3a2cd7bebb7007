/**
 * The frame of every panel: its id (for `show=` links, number keys and
 * export file names), its explanation strip and its export menu. A link with
 * `show=` lists the panels to keep; the others are not rendered.
 */
import { useEffect, type ReactNode } from 'react';
import { registerPanel } from './export/panelRegistry';
import type { PanelId } from '../params/spec';
import { useApp } from '../state/store';
import { PanelTools } from './export/PanelTools';
import type { PanelExport } from './export/types';
import { PanelExplain } from './explain/PanelExplain';

export interface PanelFrameProps {
  id: PanelId;
  /** Extra classes besides the base class (span2, scroll, …). */
  className?: string;
  /** `panel` unless the frame is a strip of readouts. */
  baseClass?: 'panel' | 'readouts';
  /** Id of the panel's heading (aria-labelledby); the default is `<id>-title`. */
  labelledBy?: string;
  /** What the panel's data and figure exports contain. */
  exportData?: PanelExport;
  /** Plain <section> attributes. */
  testId?: string;
  ariaLabel?: string;
  ariaLive?: 'polite' | 'off';
  children: ReactNode;
}

/** Whether a panel is shown under the current link. */
export function usePanelShown(id: PanelId): boolean {
  return useApp((s) => s.params.show.length === 0 || s.params.show.includes(id));
}

export function PanelFrame(props: PanelFrameProps) {
  const shown = usePanelShown(props.id);
  const { id, exportData } = props;
  useEffect(() => (shown ? registerPanel(id, exportData) : undefined), [shown, id, exportData]);
  if (!shown) return null;
  return (
    <section
      className={`${props.baseClass ?? 'panel'} ${props.className ?? ''}`.trim()}
      data-panel={props.id}
      data-testid={props.testId}
      aria-labelledby={props.ariaLabel ? undefined : (props.labelledBy ?? `${props.id}-title`)}
      aria-label={props.ariaLabel}
      aria-live={props.ariaLive}
      tabIndex={-1}
    >
      <PanelTools id={props.id} exportData={props.exportData} />
      {props.children}
      <PanelExplain id={props.id} />
    </section>
  );
}
