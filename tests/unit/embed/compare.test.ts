/** Compare mode's state: cmp items, the right side's state, and a control's change routed to the focused side (or both). */
import { describe, expect, it } from 'vitest';
import { applyOverrides, decodeHash, encodeHash, withOverrides } from '../../../src/params/url';
import { createAppStore, sideParams } from '../../../src/state/store';
import { jobActive } from '../../../src/params/views';
import { pairFigure } from '../../../src/views/compare/pairFigure';
import { cmpLabel, sideHash } from '../../../src/views/compare/CompareView';
import { commonDomains } from '../../../src/views/chart/sharedDomains';
import { readEmbedRequest } from '../../../src/app/embedApi';

describe('cmp in a link', () => {
  it('keeps canonical key:value items in the table’s order and refuses the page’s own keys', () => {
    const d = decodeHash('#v=1&model=rnn&cmp=sb:0.50,g:2,tab:phase,sw:2,x:1,g');
    expect(d.params.cmp).toEqual(['g:2', 'sb:0.5']);
    expect(d.warnings.length).toBe(4);
    expect(encodeHash({ params: d.params, weights: null })).toContain('cmp=g:2,sb:0.5');
    expect(decodeHash('#v=1&cmp=g:99').params.cmp).toEqual(['g:10']);
  });

  it('the right side is the state with the items applied, under the cross-key rules', () => {
    const p = decodeHash('#v=1&model=rnn&g=0.8&k=64&cmp=g:2,k:16').params;
    const r = applyOverrides(p);
    expect([r.g, r.k, r.cmp]).toEqual([2, 16, []]);
    expect([p.g, p.k]).toEqual([0.8, 64]);
    expect(withOverrides(['g:2'], { sb: 0.3 }, ['g'])).toEqual(['sb:0.3']);
  });

  it('the page that compares computes nothing itself; its frames do', () => {
    const p = decodeHash('#v=1&model=rnn&cmp=g:2').params;
    expect(jobActive('vectorPanel', p)).toBe(false);
    expect(jobActive('vectorPanel', applyOverrides(p))).toBe(true);
    const h = decodeHash(`#${sideHash(applyOverrides(p), null)}`).params;
    expect([h.embed, h.cmp, h.g]).toEqual([1, [], 2]);
  });
});

describe('a control in compare mode', () => {
  const store = () => {
    const s = createAppStore();
    s.getState().loadFromLink(decodeHash('#v=1&model=rnn&g=0.8&sb=0.1&cmp=g:2'));
    return s;
  };

  it('changes the left side (the link) when it has focus', () => {
    const s = store();
    s.getState().setParam('g', 1.1);
    expect([s.getState().params.g, s.getState().params.cmp]).toEqual([1.1, ['g:2']]);
  });

  it('changes the right side (cmp) when it has focus, and the controls show the right side', () => {
    const s = store();
    s.getState().setCompareSide('right');
    s.getState().setParam('g', 3);
    s.getState().setParam('sb', 0.5);
    expect(s.getState().params.g).toBe(0.8);
    expect(s.getState().params.cmp).toEqual(['g:3', 'sb:0.5']);
    expect(sideParams(s.getState()).g).toBe(3);
    // the view's keys are not the state's: they change the page
    s.getState().setParam('tab', 'spectrum');
    expect([s.getState().params.tab, s.getState().params.cmp]).toEqual(['spectrum', ['g:3', 'sb:0.5']]);
  });

  it('changes both sides with Shift, and stays in compare mode', () => {
    const s = store();
    s.getState().setCompareSide('right');
    s.getState().setCompareBoth(true);
    s.getState().setParam('g', 1.5);
    s.getState().setParam('sb', 0.2);
    expect([s.getState().params.g, s.getState().params.sb, s.getState().params.cmp]).toEqual([1.5, 0.2, ['g:1.5']]);
  });
});

describe('the pair as one figure', () => {
  const fig = (title: string, w: number, h: number) => ({ svg: `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><text>${title}</text></svg>\n`, width: w, height: h, background: '#ffffff' });
  it('puts every panel of both sides into one slide of 1920 × 1080, labelled', () => {
    const f = pairFigure({ label: 'Left: g = 0.8', figures: [fig('Readouts', 600, 200), fig('Units', 600, 400)] }, { label: 'Right: g = 2', figures: [fig('Readouts', 600, 200), fig('Units', 600, 400)] }, 'g = 0.8 against g = 2', { width: 1920, height: 1080 });
    expect([f.width, f.height]).toEqual([1920, 1080]);
    expect(f.svg.match(/<text>Readouts<\/text>/g)).toHaveLength(2);
    expect(f.svg.match(/<svg x=/g)).toHaveLength(4);
    expect(f.svg).toContain('Left: g = 0.8');
    expect(f.svg).toContain('Right: g = 2');
    expect(cmpLabel(['g:2', 'sb:0.5'])).toBe('g = 2, σ_b = 0.5');
  });
});

describe('shared axes', () => {
  it('a plot on both sides gets the union of their ranges; a plot on one side only, nothing', () => {
    const a = { map: { x: [0, 1] as [number, number], y: [0, 1] as [number, number] }, only: { x: [0, 1] as [number, number], y: [0, 1] as [number, number] } };
    const b = { map: { x: [0, 4.5] as [number, number], y: [-1, 4.5] as [number, number] } };
    expect(commonDomains(a, b)).toEqual({ map: { x: [0, 4.5], y: [-1, 4.5] } });
  });

  it('the share message is accepted only with finite, ordered ranges', () => {
    expect(readEmbedRequest({ type: 'rnn-chaos-lab:share', domains: { m: { x: [0, 1], y: [2, 3] } } })).toEqual({ kind: 'share', domains: { m: { x: [0, 1], y: [2, 3] } } });
    for (const domains of [null, [], { m: { x: [1, 0], y: [0, 1] } }, { m: { x: [0, Infinity], y: [0, 1] } }, { m: { x: [0, 1] } }, { m: 'x' }])
      expect(readEmbedRequest({ type: 'rnn-chaos-lab:share', domains }), JSON.stringify(domains)).toBeNull();
  });
});
