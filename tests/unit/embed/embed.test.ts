/** Embed mode's pure parts: which messages the API accepts, the state a `set` loads, the element's address and the Share dialog's snippets. */
import { describe, expect, it } from 'vitest';
import { embedStateOf, readEmbedRequest } from '../../../src/app/embedApi';
import { embedSrc } from '../../../src/embed/embedSrc';
import { elementSnippet, iframeSnippet } from '../../../src/views/lecture/embedSnippets';
import { decodeHash } from '../../../src/params/url';

describe('the embed API’s requests', () => {
  it('accepts set with a string hash and get, with any id', () => {
    expect(readEmbedRequest({ type: 'rnn-chaos-lab:set', hash: '#v=1&r=3.9', id: 3 })).toEqual({ kind: 'set', hash: '#v=1&r=3.9', id: 3 });
    expect(readEmbedRequest({ type: 'rnn-chaos-lab:get' })).toEqual({ kind: 'get', id: undefined });
  });

  it('ignores every other shape', () => {
    for (const m of [null, 'rnn-chaos-lab:get', 42, [], { type: 'rnn-chaos-lab:set' }, { type: 'rnn-chaos-lab:set', hash: 5 }, { type: 'rnn-chaos-lab:state', hash: '#' }, { type: 'other', hash: '#' }, { hash: '#v=1' }])
      expect(readEmbedRequest(m), JSON.stringify(m)).toBeNull();
    expect(readEmbedRequest({ type: 'rnn-chaos-lab:set', hash: 'x'.repeat(1_000_001) })).toBeNull();
  });

  it('a set is validated like a link, stays in embed mode and keeps the panels unless it names its own', () => {
    const d = embedStateOf('#v=1&model=logistic&r=9', ['cobweb']);
    expect(d.params.embed).toBe(1);
    expect(d.params.r).toBe(4);
    expect(d.warnings.join(' ')).toMatch(/r = 9 is outside/);
    expect(d.params.show).toEqual(['cobweb']);
    expect(embedStateOf('v=1&model=logistic&show=readouts', ['cobweb']).params.show).toEqual(['readouts']);
    // without '#', as with it
    expect(embedStateOf('v=1&model=logistic&r=3.5', []).params.r).toBe(3.5);
  });
});

describe('the element and the snippets', () => {
  it('frames the state in embed mode with the panel as show=', () => {
    const src = embedSrc('https://lab.example/app/#old', '#v=1&model=logistic&r=3.9&show=diagram', 'cobweb,readouts');
    expect(src.startsWith('https://lab.example/app/#')).toBe(true);
    const d = decodeHash(src.slice(src.indexOf('#')));
    expect(d.warnings).toEqual([]);
    expect([d.params.embed, d.params.model, d.params.r, d.params.show]).toEqual([1, 'logistic', 3.9, ['readouts', 'cobweb']]);
    expect(decodeHash(embedSrc('https://x/', 'model=rnn', null).split('#')[1]).params.show).toEqual([]);
  });

  it('the iframe snippet opens the state in embed mode; the element snippet names the state and the panels', () => {
    const p = decodeHash('#v=1&model=logistic&r=3.9&show=cobweb&present=1').params;
    const iframe = iframeSnippet('https://lab.example/', p, null);
    const src = /src="([^"]+)"/.exec(iframe)![1].replace(/&amp;/g, '&');
    const d = decodeHash(src.slice(src.indexOf('#')));
    expect([d.params.embed, d.params.present, d.params.r, d.params.show]).toEqual([1, 0, 3.9, ['cobweb']]);
    expect(iframe).toContain('width="640" height="360"');
    const el = elementSnippet('https://lab.example/index.html', p, null);
    expect(el).toContain('src="https://lab.example/rnn-chaos-lab.js"');
    expect(el).toContain('panel="cobweb"');
    const state = /state="([^"]+)"/.exec(el)![1].replace(/&amp;/g, '&');
    expect(decodeHash(state).params.r).toBe(3.9);
    expect(decodeHash(state).params.embed).toBe(0);
  });
});
