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
import { decodeHash, encodeHash, normalise } from '../params/url';

import { weightsHash, weightsWidth, type ImportedData, type WeightsRef } from '../params/weights';
import type { AppStore } from './store';

const STORAGE_PREFIX = 'rnn-chaos-lab:weights:';

export function rememberWeights(ref: WeightsRef, json: string): void {
  try {
    localStorage.setItem(STORAGE_PREFIX + ref.hash, json);
  } catch {
    /* private mode or full storage: the link still carries small networks */
  }
}

function recallWeights(hash: string, parse: (json: string) => ImportedData | null): ImportedData | null {
  try {
    const json = localStorage.getItem(STORAGE_PREFIX + hash);
    const net = json ? parse(json) : null;
    return net && weightsHash(net) === hash ? net : null;
  } catch {
    return null;
  }
}

export interface UrlSyncOptions {
  debounceMs?: number;
  /** Parse stored network JSON (kept out of this module's dependencies). */
  parseStored: (json: string) => ImportedData | null;
}

export function startUrlSync(store: AppStore, opts: UrlSyncOptions): () => void {
  const debounceMs = opts.debounceMs ?? 300;
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
    if (d.weights && !d.weights.data) {
      const data = recallWeights(d.weights.hash, opts.parseStored);
      if (data) {
        d.weights = { hash: d.weights.hash, data };
        d.params.k = weightsWidth(data);
        normalise(d.params, d.warnings);
      } else {
        d.warnings.push('This link refers to an imported network that is not stored on this device; showing the seeded network instead. Import the weights file to see it.');
        d.weights = null;
      }
    }
    store.getState().loadFromLink(d);
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
