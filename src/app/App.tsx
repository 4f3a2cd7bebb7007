/** The app shell: header (title, formula, share), warnings, controls and panels. */
import { MissingWeights } from '../views/import/MissingWeights';
import { useEffect, useState } from 'react';
import { applyUpdate, onUpdateReady, updateReady } from './pwaUpdate';
import { ControlsPanel } from '../views/controls/ControlsPanel';
import { Formula } from '../views/Formula';
import { TabBar } from '../views/TabBar';
import { familyOf } from '../core/models';
import { notForText, viewServes } from '../params/views';
import { VIEW_COMPONENTS } from './viewComponents';
import { appStore, useApp } from '../state/store';
import { uiStore, useUi } from '../state/ui';
import { useThemeAndPresentation } from '../views/theme';
import { handleShortcut, toggleFullscreen } from '../views/keyboard';
import { SceneCaption } from '../views/lecture/SceneCaption';
import { QrOverlay, ShareDialog } from '../views/lecture/ShareDialog';
import { HelpDialog } from '../views/lecture/HelpDialog';
import { ScenesMenu } from '../views/lecture/ScenesMenu';
import { AboutDialog } from '../views/lecture/About';
import { stopPlay } from '../views/play';
import '../views/lecture/lecture.css';
import { CHROME_IDS } from '../params/spec';
import { encodeHash, withOverrides } from '../params/url';
import { CompareView } from '../views/compare/CompareView';

function CopyLink() {
  const [done, setDone] = useState<string | null>(null);
  const copy = async () => {
    const url = location.href;
    try {
      await navigator.clipboard.writeText(url);
      setDone('Link copied');
    } catch {
      // Clipboard blocked (http, permissions): select it in a prompt instead.
      window.prompt('Copy this link:', url);
      setDone(null);
    }
    setTimeout(() => setDone(null), 2000);
  };
  return (
    <button type="button" className="primary" onClick={copy} data-testid="copy-link" title="Copy a link to exactly this state">
      {done ?? 'Copy link'}
    </button>
  );
}

function Warnings() {
  const warnings = useApp((s) => s.warnings);
  if (!warnings.length) return null;
  return (
    <div className="warnings" role="status" data-testid="warnings">
      <ul>
        {warnings.slice(0, 6).map((w, i) => (
          <li key={i}>{w}</li>
        ))}
        {warnings.length > 6 && <li>… and {warnings.length - 6} more.</li>}
      </ul>
      <button type="button" className="small" onClick={() => appStore.getState().dismissWarnings()} aria-label="Dismiss the messages">
        ✕
      </button>
    </div>
  );
}

/** The lab cannot compute (a worker cannot start): one message and a Reload button. */
function Fatal() {
  const fatal = useApp((s) => s.fatal);
  if (!fatal) return null;
  return (
    <div className="warnings fatal" role="alert" data-testid="fatal">
      <p>{fatal}</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}

/** A new version of the lab is installed and waiting (src/app/pwaUpdate.ts): say so, reload on request. */
function UpdateBanner() {
  const [ready, setReady] = useState(updateReady);
  useEffect(() => onUpdateReady(setReady), []);
  if (!ready) return null;
  return (
    <div className="warnings update" role="status" data-testid="update-ready">
      <p>A new version of the lab is ready. This tab keeps the version it opened with until you reload.</p>
      <button type="button" className="primary" onClick={applyUpdate} data-testid="update-reload">
        Reload to update
      </button>
    </div>
  );
}

/** A message where a view does not apply to the current model. */
function NotFor({ what }: { what: string }) {
  return (
    <section className="panel notice">
      <p>{what}</p>
    </section>
  );
}

/**
 * Compare: the view twice, side by side (cmp=…). It starts with the diagram's
 * parameter on the right side — g across the edge of chaos (2 below g = 1.2,
 * else 0.8), any other parameter as it is — and the controls on the right.
 */
function CompareButton() {
  const on = useApp((s) => s.params.cmp.length > 0);
  const toggle = () => {
    const st = appStore.getState();
    const p = st.params;
    if (on) return st.setParam('cmp', [], { history: 'push' });
    const value = p.bp === 'g' ? (p.g <= 1.2 ? 2 : 0.8) : p[p.bp];
    st.setCompareSide('right');
    st.setParam('cmp', withOverrides([], { [p.bp]: value }), { history: 'push' });
  };
  return (
    <button type="button" onClick={toggle} aria-pressed={on} data-testid="compare-toggle" title="Show this view twice, side by side, for two values">
      {on ? 'Exit compare' : 'Compare'}
    </button>
  );
}

/** The top bar's buttons: scenes, share & present, compare, copy link, shortcuts, about. */
function TopButtons() {
  const open = uiStore.getState().open;
  return (
    <div className="top-buttons">
      <CompareButton />
      <button type="button" onClick={() => open('scenes')} data-testid="open-scenes" title="The scene library and the lecture tour">
        Scenes
      </button>
      <button type="button" onClick={() => open('share')} data-testid="open-share" title="Link builder, QR code, presentation, tours (s)">
        Share &amp; present
      </button>
      <CopyLink />
      <button type="button" className="icon" onClick={() => open('help')} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </button>
      <button type="button" className="icon" onClick={() => open('about')} aria-label="About this lab" title="About: the papers and the algorithms">
        i
      </button>
    </div>
  );
}

/** Presentation mode: a small bar for what the hidden chrome held. */
function PresentBar() {
  const drawer = useUi((s) => s.drawerOpen);
  return (
    <div className="present-bar" role="toolbar" aria-label="Presentation">
      <button type="button" onClick={() => uiStore.getState().setDrawer(!drawer)} aria-expanded={drawer} aria-controls="controls" data-testid="drawer-toggle">
        {drawer ? '✕ Controls' : '☰ Controls'}
      </button>
      <button type="button" onClick={toggleFullscreen} title="Full screen (f)">
        Full screen
      </button>
      <button type="button" onClick={() => uiStore.getState().open('qr')} title="QR code of this view for the audience">
        QR
      </button>
      <button type="button" onClick={() => appStore.getState().setParam('present', 0, { history: 'push' })} data-testid="present-exit" title="Leave presentation mode (Esc)">
        Exit presentation
      </button>
    </div>
  );
}

/** Embed mode's one piece of chrome: the same state in the full lab, in a new tab. */
function OpenInLab() {
  const href = useApp((s) => `${location.pathname}${location.search}#${encodeHash({ params: { ...s.params, embed: 0 }, weights: s.weights })}`);
  return (
    <a className="embed-open" href={href} target="_blank" rel="noopener" data-testid="embed-open">
      Open in the lab ↗
    </a>
  );
}

/** Embed mode (`embed=1`): the view's panels alone (`show=` picks them), filling the frame. */
function EmbedApp({ classes }: { classes: string[] }) {
  const comparing = useApp((s) => s.params.cmp.length > 0);
  const tab = useApp((s) => s.params.tab);
  const model = useApp((s) => s.params.model);
  const View = viewServes(tab, model) ? VIEW_COMPONENTS[tab][familyOf(model)] : undefined;
  return (
    <div className={[...classes, 'embed'].join(' ')}>
      <Fatal />
      <Warnings />
      <MissingWeights />
      <main className="panels embed-panels">{comparing ? <CompareView /> : View ? <View /> : <NotFor what={notForText(tab)} />}</main>
      <OpenInLab />
    </div>
  );
}

export function App() {
  const embed = useApp((s) => s.params.embed === 1);
  const comparing = useApp((s) => s.params.cmp.length > 0);
  const tab = useApp((s) => s.params.tab);
  const model = useApp((s) => s.params.model);
  const View = viewServes(tab, model) ? VIEW_COMPONENTS[tab][familyOf(model)] : undefined;
  const hide = useApp((s) => s.params.hide);
  const { present } = useThemeAndPresentation();
  const drawer = useUi((s) => s.drawerOpen);
  const dialog = useUi((s) => s.dialog);
  const closeDialog = uiStore.getState().close;
  useEffect(() => {
    window.addEventListener('keydown', handleShortcut);
    const onHidden = () => document.hidden && stopPlay();
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('keydown', handleShortcut);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, []);
  const classes = ['app', ...hide.filter((h) => (CHROME_IDS as readonly string[]).includes(h)).map((h) => `hide-${h}`)];
  if (present) classes.push('presenting', drawer ? 'drawer-open' : 'drawer-closed');
  // the training lab keeps its controls in its panel: no empty side panel
  if (tab === 'training') classes.push('hide-controls');
  if (embed) return <EmbedApp classes={classes} />;
  return (
    <div className={classes.join(' ')}>
      <header className="topbar">
        <h1>
          RNN Chaos Lab <span className="tagline">order → chaos in recurrent maps</span>
        </h1>
        <Formula />
        <TopButtons />
      </header>
      {present && <PresentBar />}
      <Fatal />
      <UpdateBanner />
      <Warnings />
      <MissingWeights />
      <div className="layout">
        <ControlsPanel />
        <main className="panels">
          <TabBar />
          <SceneCaption />
          {comparing ? <CompareView /> : View ? <View /> : <NotFor what={notForText(tab)} />}
        </main>
      </div>
      <ShareDialog />
      <QrOverlay />
      <HelpDialog />
      <ScenesMenu open={dialog === 'scenes'} onClose={closeDialog} />
      <AboutDialog open={dialog === 'about'} onClose={closeDialog} />
    </div>
  );
}
