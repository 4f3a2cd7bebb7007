import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { appStore } from './state/store';
import { startUrlSync } from './state/urlSync';
import { startEngine } from './compute/engine';
import { parseNetworkJson } from './params/weights';
import { EngineContext } from './views/engineContext';
import './styles.css';

// Workers and URL sync live outside React (StrictMode mounts components twice).
startUrlSync(appStore, {
  parseStored: (json) => {
    const r = parseNetworkJson(json);
    return r.ok ? r.net.weights : null;
  },
});
const engine = startEngine(appStore);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <EngineContext.Provider value={engine}>
        <App />
      </EngineContext.Provider>
    </ErrorBoundary>
  </StrictMode>,
);
