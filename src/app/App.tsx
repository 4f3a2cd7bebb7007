/** The app shell: header (title, formula, share), warnings, controls and panels. */
import { useState } from 'react';
import { ControlsPanel } from '../views/controls/ControlsPanel';
import { CobwebPanel } from '../views/panels/CobwebPanel';
import { TrajectoryPanel } from '../views/panels/TrajectoryPanel';
import { DiagramPanel } from '../views/panels/DiagramPanel';
import { Readouts } from '../views/panels/Readouts';
import { Formula } from '../views/Formula';
import { TabBar } from '../views/TabBar';
import { PeriodicView } from '../views/panels/PeriodicView';
import { ExpressivityView } from '../views/panels/ExpressivityView';
import { SweepPanel } from '../views/panels/SweepPanel';
import { VectorExplore } from '../views/panels/VectorExplore';
import { SpectrumView } from '../views/panels/SpectrumView';
import { EigenView } from '../views/panels/EigenView';
import { GradientView } from '../views/panels/GradientView';
import { TrainingView } from '../views/panels/TrainingView';
import { isModel1D } from '../core/models';
import { appStore, useApp } from '../state/store';

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

function ExploreView() {
  return (
    <>
      <Readouts />
      <div className="grid">
        <CobwebPanel />
        <TrajectoryPanel />
        <DiagramPanel />
      </div>
    </>
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

export function App() {
  const tab = useApp((s) => s.params.tab);
  const oneD = useApp((s) => isModel1D(s.params.model));
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          RNN Chaos Lab <span className="tagline">order → chaos in recurrent maps</span>
        </h1>
        <Formula />
        <CopyLink />
      </header>
      <Warnings />
      <div className="layout">
        <ControlsPanel />
        <main className="panels">
          <TabBar />
          {tab === 'explore' && (oneD ? <ExploreView /> : <VectorExplore />)}
          {tab === 'spectrum' && (oneD ? <NotFor what="The Lyapunov spectrum is for the vector maps: choose the random RNN, the PLRNN or the Hénon map. For a 1-D map the single exponent is in Explore." /> : <SpectrumView />)}
          {tab === 'eigen' && (oneD ? <NotFor what="Eigenvalues of the weight matrix are for the vector maps: choose the random RNN, the PLRNN or the Hénon map." /> : <EigenView />)}
          {tab === 'gradients' && <GradientView />}
          {tab === 'training' && <TrainingView />}
          {tab === 'periodic' && (oneD ? <PeriodicView /> : <NotFor what="Periodic points, Sharkovsky’s order and Li–Yorke chaos are theorems about maps of an interval: choose a 1-D model (single neuron, 1-D network, logistic or tent map)." />)}
          {tab === 'expressivity' && (oneD ? <ExpressivityView /> : <NotFor what="Laps of fᵗ count the monotone pieces of a map of an interval: choose a 1-D model." />)}
          {tab === 'sweep' && <SweepPanel />}
        </main>
      </div>
    </div>
  );
}
