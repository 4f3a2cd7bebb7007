/**
 * Share & present: the link builder (theme, presentation mode, which panels
 * and which controls the link shows), the link itself with a QR code for the
 * audience, and the tour builder. Everything here edits link keys of the
 * current state, so what the lecturer sees is what the link opens.
 */
import { useId, useState } from 'react';
import { CHROME_IDS, PARAM_SPECS, THEMES, type ChromeId, type PanelId, type Theme, type TourStep } from '../../params/spec';
import { encodeHash } from '../../params/url';
import { SCENES, sceneById } from '../../params/scenes';
import { stepInfo } from '../../params/tour';
import { tourHash } from '../../lecture/steps';
import { appStore, useApp } from '../../state/store';
import { uiStore, useUi } from '../../state/ui';
import { sidePanelKeys } from '../controls/ControlsPanel';
import { Dialog } from './Dialog';
import { QrCode } from './QrCode';
import { PANEL_TITLES, panelsOfView } from '../../params/views';
import { goToStep } from './tourNav';
import { elementSnippet, iframeSnippet } from './embedSnippets';

export const CHROME_LABELS: Record<ChromeId, string> = {
  tabs: 'View tabs',
  formula: 'Formula bar',
  examples: 'Example links',
  import: 'Import a network',
  share: 'Share and scene buttons',
  controls: 'The whole side panel',
  hints: 'Hints and explanations',
};

/** The page's address for a link body. */
export function linkFor(hash: string): string {
  return `${location.origin}${location.pathname}${location.search}#${hash}`;
}

export function useCurrentLink(): string {
  const params = useApp((s) => s.params);
  const weights = useApp((s) => s.weights);
  return linkFor(encodeHash({ params, weights }));
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    window.prompt('Copy this link:', text);
    return false;
  }
}

function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="small"
      data-testid={testId}
      onClick={async () => {
        if (await copy(text)) {
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        }
      }}
    >
      {done ? 'Copied' : label}
    </button>
  );
}

function LookSection() {
  const theme = useApp((s) => s.params.theme);
  const present = useApp((s) => s.params.present);
  const id = useId();
  const set = appStore.getState().setParams;
  return (
    <fieldset className="builder-group">
      <legend>Look</legend>
      <label htmlFor={id}>
        Theme{' '}
        <select id={id} value={theme} onChange={(e) => set({ theme: e.target.value as Theme }, { history: 'push' })} data-testid="theme-select">
          {THEMES.map((t) => (
            <option key={t} value={t}>
              {PARAM_SPECS.theme.labels[t]}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={present === 1} onChange={(e) => set({ present: e.target.checked ? 1 : 0 }, { history: 'push' })} data-testid="present-check" />
        Presentation mode (large type, thick lines, side panel as a drawer)
      </label>
    </fieldset>
  );
}

function PanelsSection() {
  const tab = useApp((s) => s.params.tab);
  const model = useApp((s) => s.params.model);
  const show = useApp((s) => s.params.show);
  const panels = panelsOfView(tab, model);
  if (panels.length < 2) return null;
  const shown = (p: PanelId) => show.length === 0 || show.includes(p);
  const toggle = (p: PanelId, on: boolean) => {
    let next = panels.filter((q) => (q === p ? on : shown(q)));
    if (next.length === 0) return; // keep at least one panel
    if (next.length === panels.length) next = [];
    // panels of other views named by the link stay as they are
    const others = show.filter((q) => !panels.includes(q));
    appStore.getState().setParam('show', next.length ? [...next, ...others] : others, { history: 'push' });
  };
  return (
    <fieldset className="builder-group">
      <legend>Panels of this view</legend>
      {panels.map((p) => (
        <label key={p} className="check">
          <input type="checkbox" checked={shown(p)} onChange={(e) => toggle(p, e.target.checked)} data-show={p} />
          {PANEL_TITLES[p]}
        </label>
      ))}
    </fieldset>
  );
}

function ControlsSection() {
  const model = useApp((s) => s.params.model);
  const tab = useApp((s) => s.params.tab);
  const imported = useApp((s) => s.weights !== null);
  const hide = useApp((s) => s.params.hide);
  const keys = sidePanelKeys(model, tab, imported).flatMap((g) => g.keys);
  const toggle = (k: string, visible: boolean) => {
    const next = visible ? hide.filter((h) => h !== k) : [...hide, k];
    appStore.getState().setParam('hide', next, { history: 'push' });
  };
  return (
    <fieldset className="builder-group controls-list">
      <legend>Controls the link shows</legend>
      <div className="check-columns">
        {keys.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" checked={!hide.includes(k)} onChange={(e) => toggle(k, e.target.checked)} data-hide={k} />
            {PARAM_SPECS[k].label}
          </label>
        ))}
      </div>
      <div className="check-columns">
        {CHROME_IDS.map((c) => (
          <label key={c} className="check">
            <input type="checkbox" checked={!hide.includes(c)} onChange={(e) => toggle(c, e.target.checked)} data-hide={c} />
            {CHROME_LABELS[c]}
          </label>
        ))}
      </div>
      <div className="row">
        <button type="button" className="small" onClick={() => appStore.getState().setParam('hide', [], { history: 'push' })}>
          Show all
        </button>
        <button type="button" className="small" onClick={() => appStore.getState().setParam('hide', keys.filter((k) => k !== 'g'), { history: 'push' })}>
          Only g
        </button>
      </div>
    </fieldset>
  );
}

function TourSection() {
  const params = useApp((s) => s.params);
  const weights = useApp((s) => s.weights);
  const { tour, ts } = params;
  const [title, setTitle] = useState('');
  const [pick, setPick] = useState(SCENES[0]?.id ?? '');
  const setTour = (next: TourStep[], step = ts) => appStore.getState().setParams({ tour: next, ts: Math.min(step, Math.max(0, next.length - 1)) }, { history: 'push' });
  const addCurrent = () => {
    const scene = params.scene ? sceneById(params.scene) : undefined;
    const t = title.trim() || scene?.title || `Step ${tour.length + 1}`;
    // the step's own link leaves the tour out
    const hash = encodeHash({ params: { ...params, tour: [], ts: 0 }, weights });
    setTour([...tour, { title: t, hash }], tour.length);
    setTitle('');
  };
  const move = (i: number, d: number) => {
    const next = [...tour];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    setTour(next);
  };
  return (
    <fieldset className="builder-group tour-builder">
      <legend>Tour</legend>
      {tour.length === 0 ? (
        <p className="hint">No tour yet. Add the current view or library scenes; ← → then step through them, and the tour link opens the whole tour.</p>
      ) : (
        <ol className="tour-steps" data-testid="tour-steps">
          {tour.map((s, i) => (
            <li key={i} className={i === ts ? 'current' : undefined}>
              <button type="button" className="link" onClick={() => goToStep(i)}>
                {stepInfo(s).title}
              </button>
              <span className="row">
                <button type="button" className="small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move step ${i + 1} up`}>
                  ↑
                </button>
                <button type="button" className="small" disabled={i === tour.length - 1} onClick={() => move(i, 1)} aria-label={`Move step ${i + 1} down`}>
                  ↓
                </button>
                <button type="button" className="small" onClick={() => setTour(tour.filter((_, j) => j !== i))} aria-label={`Remove step ${i + 1}`}>
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div className="row wrap">
        <input type="text" placeholder="Title of this view" value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Title of the step" />
        <button type="button" className="small" onClick={addCurrent} data-testid="tour-add-current">
          Add this view
        </button>
      </div>
      <div className="row wrap">
        <select value={pick} onChange={(e) => setPick(e.target.value)} aria-label="Scene to add">
          {SCENES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
        <button type="button" className="small" onClick={() => setTour([...tour, { scene: pick }], tour.length)}>
          Add scene
        </button>
      </div>
      {tour.length > 0 && (
        <div className="row wrap">
          <CopyButton text={linkFor(tourHash(tour, params))} label="Copy tour link" testId="copy-tour-link" />
          <button type="button" className="small" onClick={() => goToStep(0)}>
            Start from step 1
          </button>
          <button type="button" className="small" onClick={() => setTour([], 0)}>
            Clear tour
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** Embed: the current state as an iframe and as the <rnn-chaos-lab> element, for slides and pages (docs/embed.md). */
function EmbedSection() {
  const params = useApp((s) => s.params);
  const weights = useApp((s) => s.weights);
  const base = `${location.origin}${location.pathname}${location.search}`;
  const iframe = iframeSnippet(base, params, weights);
  const element = elementSnippet(base, params, weights);
  return (
    <div className="embed-snippets" data-testid="embed-section">
      <h3>Embed</h3>
      <p className="hint">The panels this link shows (Panels of this view), alone, in a slide or a page. A host page can set and read the state (docs/embed.md).</p>
      <label className="link-label">
        iframe
        <textarea readOnly value={iframe} rows={3} data-testid="embed-iframe" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <CopyButton text={iframe} label="Copy iframe" testId="copy-embed-iframe" />
      <label className="link-label">
        Element (one script tag, then the element anywhere)
        <textarea readOnly value={element} rows={3} data-testid="embed-element" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <CopyButton text={element} label="Copy element" testId="copy-embed-element" />
    </div>
  );
}

export function ShareDialog() {
  const open = useUi((s) => s.dialog === 'share');
  const link = useCurrentLink();
  return (
    <Dialog open={open} onClose={() => uiStore.getState().close()} title="Share & present" className="share-dialog" testId="share-dialog">
      <div className="share-grid">
        <div className="share-options">
          <LookSection />
          <PanelsSection />
          <ControlsSection />
          <TourSection />
        </div>
        <div className="share-link">
          <label className="link-label">
            This link opens exactly this view
            <textarea readOnly value={link} rows={4} data-testid="built-link" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <div className="row">
            <CopyButton text={link} label="Copy link" />
            <a className="button-link" href={link} target="_blank" rel="noreferrer">
              Open in a new tab
            </a>
          </div>
          <button type="button" className="qr-button" onClick={() => uiStore.getState().open('qr')} title="Show the QR code large, for the audience">
            <QrCode text={link} size={220} />
            <span>Show large for the audience</span>
          </button>
          <EmbedSection />
        </div>
      </div>
    </Dialog>
  );
}

/** The QR code filling the screen, for the audience to scan. */
export function QrOverlay() {
  const open = useUi((s) => s.dialog === 'qr');
  const link = useCurrentLink();
  const side = typeof window === 'undefined' ? 600 : Math.min(window.innerWidth, window.innerHeight) - 160;
  return (
    <Dialog open={open} onClose={() => uiStore.getState().close()} title="Scan to open this view" className="qr-dialog" testId="qr-dialog">
      <QrCode text={link} size={Math.max(240, side)} />
      <p className="qr-url">{link.length > 90 ? `${link.slice(0, 90)}…` : link}</p>
    </Dialog>
  );
}
