/**
 * The embed API (issue #16, docs/embed.md): in embed mode (`embed=1`) a host
 * page drives the lab in its iframe with postMessage.
 *
 * - `{type: "rnn-chaos-lab:set", hash: "#…", id?}` sets the state, validated
 *   exactly like a link (decodeHash); the lab answers with a `state` message
 *   carrying the canonical hash and the link's warnings.
 * - `{type: "rnn-chaos-lab:get", id?}` is answered with a `state` message that
 *   also holds the values the shown panels report (their readouts).
 * - `{type: "rnn-chaos-lab:figure", id?}` is answered with the shown panels as
 *   SVG figures (compare mode exports the pair with it).
 * - `{type: "rnn-chaos-lab:share", domains}` widens each named plot's axes to
 *   include the given ranges (compare mode: the other side's); `result`
 *   messages carry the plots' own `domains`.
 * - The lab posts `{type: "rnn-chaos-lab:state", hash, warnings}` when its state
 *   changes, and `{type: "rnn-chaos-lab:result", values}` when the values
 *   shown change (a job of the view finished).
 *
 * Messages come from and go to the parent window only; anything else (another
 * frame, another shape, another type) is ignored. An answer echoes the
 * request's `id`, so a host can match replies to requests.
 */
import { decodeHash, encodeHash } from '../params/url';
import type { AppStore } from '../state/store';
import { shownValues } from '../views/export/panelRegistry';
import { panelFigure, type Figure } from '../views/export/figure';
import { ownDomains, shareDomains, type PlotDomains } from '../views/chart/sharedDomains';

export const EMBED_PREFIX = 'rnn-chaos-lab:';

export interface EmbedStateMessage {
  type: 'rnn-chaos-lab:state';
  hash: string;
  warnings: string[];
  values?: Record<string, unknown>;
  id?: unknown;
}

export interface EmbedResultMessage {
  type: 'rnn-chaos-lab:result';
  hash: string;
  values: Record<string, unknown>;
  /** The domains each plot of the shown panels asks for (compare mode shares them between its sides). */
  domains: Record<string, PlotDomains>;
}

export interface EmbedFigureMessage {
  type: 'rnn-chaos-lab:figure';
  figures: Figure[];
  id?: unknown;
}

/** A request the lab accepts, or null for anything else. */
export function readEmbedRequest(data: unknown): { kind: 'set'; hash: string; id?: unknown } | { kind: 'get'; id?: unknown } | { kind: 'figure'; id?: unknown } | { kind: 'share'; domains: Record<string, PlotDomains> } | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const m = data as Record<string, unknown>;
  if (m.type === `${EMBED_PREFIX}set` && typeof m.hash === 'string' && m.hash.length <= 1_000_000) return { kind: 'set', hash: m.hash, id: m.id };
  if (m.type === `${EMBED_PREFIX}get`) return { kind: 'get', id: m.id };
  if (m.type === `${EMBED_PREFIX}figure`) return { kind: 'figure', id: m.id };
  if (m.type === `${EMBED_PREFIX}share` && validDomains(m.domains)) return { kind: 'share', domains: m.domains };
  return null;
}

const isDomain = (d: unknown): d is [number, number] => Array.isArray(d) && d.length === 2 && d.every((v) => typeof v === 'number' && Number.isFinite(v)) && d[0] <= d[1];

function validDomains(d: unknown): d is Record<string, PlotDomains> {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  return Object.values(d).every((v) => typeof v === 'object' && v !== null && isDomain((v as PlotDomains).x) && isDomain((v as PlotDomains).y));
}

/**
 * The state a `set` loads: the hash decoded as a link, kept in embed mode,
 * and showing the same panels unless the hash names its own.
 */
export function embedStateOf(hash: string, currentShow: readonly string[]): ReturnType<typeof decodeHash> {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const d = decodeHash(`#${h}`);
  d.params.embed = 1;
  if (!new URLSearchParams(h).has('show')) d.params.show = [...currentShow] as typeof d.params.show;
  return d;
}

export interface EmbedApiOptions {
  /** The host window (window.parent). */
  host: Window;
  /** This window (its message events, its location). */
  self: Window;
}

/** Start answering the host; returns the stop function. Only call it in embed mode inside a frame. */
export function startEmbedApi(store: AppStore, opts: EmbedApiOptions): () => void {
  const { host, self } = opts;
  const hashOf = () => {
    const s = store.getState();
    return `#${encodeHash({ params: s.params, weights: s.weights })}`;
  };
  const post = (m: EmbedStateMessage | EmbedResultMessage | EmbedFigureMessage) => host.postMessage(m, '*');

  const onMessage = (e: MessageEvent) => {
    if (e.source !== host) return;
    const req = readEmbedRequest(e.data);
    if (!req) return;
    if (req.kind === 'get') {
      post({ type: `${EMBED_PREFIX}state`, hash: hashOf(), warnings: [], values: shownValues(), id: req.id });
      return;
    }
    if (req.kind === 'share') {
      shareDomains(req.domains);
      return;
    }
    if (req.kind === 'figure') {
      // the shown panels as figures (compare mode's export of the pair)
      const sections = [...self.document.querySelectorAll<HTMLElement>('section[data-panel]')];
      post({ type: `${EMBED_PREFIX}figure`, figures: sections.map((s) => panelFigure(s)), id: req.id });
      return;
    }
    const d = embedStateOf(req.hash, store.getState().params.show);
    store.getState().loadFromLink(d);
    const hash = hashOf();
    self.history.replaceState(self.history.state, '', `${self.location.pathname}${self.location.search}${hash}`);
    lastState = hash;
    post({ type: `${EMBED_PREFIX}state`, hash, warnings: d.warnings, id: req.id });
  };
  self.addEventListener('message', onMessage);

  // the state, when it changes by itself (a slider in the panel, zoom)
  let lastState = hashOf();
  const unsubState = store.subscribe(
    (s) => [s.params, s.weights] as const,
    () => {
      const hash = hashOf();
      if (hash === lastState) return;
      lastState = hash;
      post({ type: `${EMBED_PREFIX}state`, hash, warnings: [] });
    },
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
  );

  // the values shown, after a job of the view finished (its lane went idle)
  let lastValues = '';
  const unsubJobs = store.subscribe(
    (s) => s.jobs,
    (jobs) => {
      if (Object.values(jobs).some((j) => j.state === 'running')) return;
      // the panels draw the finished result in this frame; read their values after it
      self.requestAnimationFrame(() => {
        const values = shownValues();
        const domains = ownDomains();
        const text = JSON.stringify([values, domains]);
        if (text === lastValues) return;
        lastValues = text;
        post({ type: `${EMBED_PREFIX}result`, hash: hashOf(), values, domains });
      });
    },
  );
  return () => {
    self.removeEventListener('message', onMessage);
    unsubState();
    unsubJobs();
  };
}
