/**
 * Keeps the address bar and the store in step.
 *
 * - Boot: decode the hash (never throws), show its warnings, write the
 *   canonical form back with replaceState.
 * - Continuous edits (slider drags): replaceState, debounced, and once more on
 *   release; never `location.hash =` (browsers throttle and drop such writes).
 * - Deliberate changes (model, zoom, import): pushState, so Back/Forward step
 *   through them.
 * - Back/Forward or a hand-edited hash: decode and load.
 */
import { decodeHash, encodeHash } from '../params/url';
import type { ImportedData } from '../params/weights';
import type { AppStore } from './store';
import { loadWeights, setLegacyParser } from './weightStore';

/**
 * A link names weights this page does not have (by hash): look for them on
 * this device; use them when found, else mark them missing (the page asks
 * for the file: views/MissingWeights.tsx).
 */
function lookUpWeights(store: AppStore, hash: string): void {
  void loadWeights(hash).then((found) => {
    const s = store.getState();
    if (s.weights?.hash !== hash || s.weights.data) return; // the state moved on
    if (found) s.supplyWeights({ hash, data: found.data, name: s.weights.name ?? found.name });
    else s.setWeightsLookup('missing');
  });
}

export interface UrlSyncOptions {
  debounceMs?: number;
  /** Parse network JSON stored by earlier versions (kept out of this module's dependencies). */
  parseStored: (json: string) => ImportedData | null;
}

export function startUrlSync(store: AppStore, opts: UrlSyncOptions): () => void {
  const debounceMs = opts.debounceMs ?? 300;
  setLegacyParser(opts.parseStored);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWritten = '';

  const current = () => {
    const s = store.getState();
    return encodeHash({ params: s.params, weights: s.weights });
  };

  const write = (mode: 'push' | 'replace') => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const hash = current();
    if (hash === lastWritten && location.hash === `#${hash}`) return;
    lastWritten = hash;
    const url = `${location.pathname}${location.search}#${hash}`;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(history.state, '', url);
  };

  const load = () => {
    const d = decodeHash(location.hash);
    store.getState().loadFromLink(d);
    if (d.weights && !d.weights.data) lookUpWeights(store, d.weights.hash);
    const hash = current();
    lastWritten = hash;
    if (location.hash !== `#${hash}`) history.replaceState(history.state, '', `${location.pathname}${location.search}#${hash}`);
  };

  load();

  const unsubParams = store.subscribe(
    (s) => [s.params, s.weights] as const,
    () => {
      const mode = store.getState().historyMode;
      if (mode === 'none') return;
      if (mode === 'push') write('push');
      else {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => write('replace'), debounceMs);
      }
    },
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
  );
  // On release, write at once.
  const unsubDrag = store.subscribe(
    (s) => s.dragging,
    (dragging) => {
      if (!dragging && timer) write('replace');
    },
  );
  const onNav = () => {
    if (location.hash === `#${lastWritten}`) return;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    load();
  };
  window.addEventListener('popstate', onNav);
  window.addEventListener('hashchange', onNav);
  return () => {
    unsubParams();
    unsubDrag();
    window.removeEventListener('popstate', onNav);
    window.removeEventListener('hashchange', onNav);
    if (timer) clearTimeout(timer);
  };
}
