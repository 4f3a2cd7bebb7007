/**
 * The snippets of Share & present's Embed section (docs/embed.md): an iframe
 * of the current state in embed mode, and the <rnn-chaos-lab> element that
 * makes the iframe itself. Pure, so the tests read what the dialog shows.
 */
import { encodeHash } from '../../params/url';
import type { Params } from '../../params/spec';
import type { WeightsRef } from '../../params/weights';

/** The iframe's size in the snippet: 16:9, a slide's half. */
export const EMBED_SIZE = { width: 640, height: 360 };

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The state's hash (without '#') in embed mode, and the panels it shows (show=, all the view's when empty). */
export function embedHash(params: Params, weights: WeightsRef | null): string {
  return encodeHash({ params: { ...params, embed: 1, present: 0 }, weights });
}

/** `<iframe src="…">` of the state at `base` (the lab's address without its hash). */
export function iframeSnippet(base: string, params: Params, weights: WeightsRef | null): string {
  const src = `${base}#${embedHash(params, weights)}`;
  return `<iframe src="${escapeAttr(src)}" width="${EMBED_SIZE.width}" height="${EMBED_SIZE.height}" style="border:0" allow="fullscreen" loading="lazy" title="RNN Chaos Lab"></iframe>`;
}

/** The module tag and the element for the state: the element builds the iframe (src/embed/element.ts). */
export function elementSnippet(base: string, params: Params, weights: WeightsRef | null): string {
  const dir = base.replace(/[^/]*$/, '');
  const state = `#${encodeHash({ params: { ...params, embed: 0, present: 0, show: [] }, weights })}`;
  const panel = params.show.length ? ` panel="${params.show.join(',')}"` : '';
  return `<script type="module" src="${escapeAttr(`${dir}rnn-chaos-lab.js`)}"></script>\n<rnn-chaos-lab state="${escapeAttr(state)}"${panel}></rnn-chaos-lab>`;
}
