/**
 * A panel's explanation strip: its formula, typeset by KaTeX, and what
 * to look for. Two short lines at most (the rest is clamped; the full
 * sentence is in the tooltip and in the text screen readers get); a link
 * with `hide=hints` removes it.
 */
import { useSyncExternalStore } from 'react';
import './explain.css';
import type { PanelId } from '../../params/spec';
import { panelInfo } from '../../lecture/panelInfo';
import { useApp } from '../../state/store';

type Render = (tex: string) => string;

/** KaTeX arrives as a separate chunk; every strip re-renders once it is there. */
let render: Render | null = null;
let loading = false;
const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  if (!loading) {
    loading = true;
    import('./texRender')
      .then((m) => {
        render = m.texHtml;
        for (const l of listeners) l();
      })
      .catch(() => {
        loading = false; // offline before the chunk was cached: try again with the next strip
      });
  }
  return () => listeners.delete(onChange);
}

function useTexRender(): Render | null {
  return useSyncExternalStore(subscribe, () => render);
}

export function PanelExplain({ id }: { id: PanelId }) {
  const hidden = useApp((s) => s.params.hide.includes('hints'));
  const model = useApp((s) => s.params.model);
  const tex = useTexRender();
  if (hidden) return null;
  const info = panelInfo(id, model);
  return (
    <p className="panel-explain" data-testid={`explain-${id}`} title={`Look for: ${info.look}`}>
      {/* our own fixed TeX strings, typeset by KaTeX (which escapes text and adds no links or scripts) */}
      {tex && <span className="panel-explain-formula" dangerouslySetInnerHTML={{ __html: tex(info.tex) }} />}
      <span className="panel-explain-look">
        <span className="panel-explain-label">Look for:</span> {info.look}
      </span>
    </p>
  );
}
