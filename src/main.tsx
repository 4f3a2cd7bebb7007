import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { appStore } from './state/store';
import { startUrlSync } from './state/urlSync';
import { startEngine } from './compute/engine';
import { parseNetworkJson } from './params/weights';
import { EngineContext } from './views/engineContext';
import { registerSW } from 'virtual:pwa-register';
import { announceUpdate } from './app/pwaUpdate';
import { startEmbedApi } from './app/embedApi';
import './styles.css';

// Workers and URL sync live outside React (StrictMode mounts components twice).
startUrlSync(appStore, {
  parseStored: (json) => {
    const r = parseNetworkJson(json);
    return r.ok ? r.net.weights : null;
  },
});
const engine = startEngine(appStore);
// Embed mode inside a frame: the host page may drive the lab (src/app/embedApi.ts, docs/embed.md).
if (appStore.getState().params.embed === 1 && window.parent !== window) startEmbedApi(appStore, { host: window.parent, self: window });

// A new deploy's service worker waits; the banner asks before it takes over (src/app/pwaUpdate.ts).
// The reload is ours, on controllerchange: workbox-window reloads only for updates it started
// itself, not for one the browser found in a tab left open (its "external" worker).
const updateSW = registerSW({
  onNeedRefresh: () =>
    announceUpdate(async () => {
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
      await updateSW(true);
    }),
  onNeedReload: () => undefined,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <EngineContext.Provider value={engine}>
        <App />
      </EngineContext.Provider>
    </ErrorBoundary>
  </StrictMode>,
);
