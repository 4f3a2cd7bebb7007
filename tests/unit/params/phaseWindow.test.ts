/** The phase diagram's axes and window in a link, and its Back / Reset stack in the store. */
import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { defaultPhaseAxes, phaseAxesFor } from '../../../src/params/phaseWindow';
import { createAppStore } from '../../../src/state/store';
import { SWEEP_DEFAULT_RANGE } from '../../../src/params/spec';

describe('phase axes of a link', () => {
  it('defaults to g across and σ_b up where the model has them, else its own parameters', () => {
    expect(defaultPhaseAxes('rnn')).toEqual(['g', 'sb']);
    expect(defaultPhaseAxes('net1d')).toEqual(['g', 'sb']);
    expect(defaultPhaseAxes('logistic')).toEqual(['r', 'x0']);
    expect(defaultPhaseAxes('henon')).toEqual(['a', 'b']);
    const d = decodeHash('#v=1&model=logistic&tab=phase');
    expect([d.params.px, d.params.py]).toEqual(['r', 'x0']);
    expect([d.params.px0, d.params.px1]).toEqual(SWEEP_DEFAULT_RANGE.r);
    expect(d.warnings).toEqual([]);
  });

  it('round-trips a zoomed window', () => {
    const d = decodeHash('#v=1&model=rnn&tab=phase&px=g&px0=0.8&px1=1.6&py=sb&py0=0.1&py1=0.4&pn=48');
    expect(d.warnings).toEqual([]);
    const again = decodeHash(`#${encodeHash(d)}`);
    expect(again.params).toEqual(d.params);
    expect([again.params.px0, again.params.px1, again.params.py0, again.params.py1, again.params.pn]).toEqual([0.8, 1.6, 0.1, 0.4, 48]);
  });

  it('refuses with a message: an axis the model lacks, equal axes, a reversed or out-of-range window', () => {
    const lacks = decodeHash('#v=1&model=logistic&px=g');
    expect(lacks.params.px).toBe('r');
    expect(lacks.warnings.join(' ')).toMatch(/"g" does not apply to the logistic model/);
    const same = decodeHash('#v=1&model=rnn&px=g&py=g');
    expect(same.params.py).toBe('sb');
    expect(same.warnings.join(' ')).toMatch(/is the horizontal one/);
    const reversed = decodeHash('#v=1&model=rnn&px0=3&px1=1');
    expect([reversed.params.px0, reversed.params.px1]).toEqual(SWEEP_DEFAULT_RANGE.g);
    expect(reversed.warnings.join(' ')).toMatch(/empty or reversed/);
    const wide = decodeHash('#v=1&model=rnn&py=sb&py0=-5&py1=1');
    expect(wide.params.py0).toBe(0);
    expect(wide.warnings.join(' ')).toMatch(/clipped/);
    expect(phaseAxesFor('plrnn')).toEqual(['g', 'k']);
    expect(phaseAxesFor('logistic')).toEqual(['r', 'x0']);
    // the width: whole numbers within the model's range
    const k = decodeHash('#v=1&model=plrnn&px=g&py=k');
    expect(k.warnings).toEqual([]);
    expect([k.params.py, k.params.py0, k.params.py1]).toEqual(['k', 2, 64]);
    expect(decodeHash('#v=1&model=plrnn').params.py).toBe('k');
  });
});

describe('zooming the phase diagram', () => {
  it('keeps its own Back stack, apart from the orbit diagram’s', () => {
    const store = createAppStore();
    store.getState().setParams({ model: 'rnn' });
    const home = { ...store.getState().params };
    store.getState().zoomTo({ px0: 1, px1: 2, py0: 0, py1: 1 }, 'phase');
    store.getState().zoomTo({ px0: 1.2, px1: 1.5, py0: 0.2, py1: 0.4 }, 'phase');
    expect(store.getState().zoomStacks.phase.length).toBe(2);
    expect(store.getState().zoomStacks.diagram.length).toBe(0);
    store.getState().zoomBack('phase');
    expect(store.getState().params.px0).toBe(1);
    store.getState().zoomReset('phase');
    expect([store.getState().params.px0, store.getState().params.px1]).toEqual([home.px0, home.px1]);
    store.getState().zoomBack('phase');
    expect(store.getState().params.px1).toBe(2);
  });

  it('starts a new axis from its default window, with nothing to go back to', () => {
    const store = createAppStore();
    store.getState().setParams({ model: 'rnn' });
    store.getState().zoomTo({ px0: 1, px1: 2, py0: 0, py1: 1 }, 'phase');
    store.getState().setParams({ py: 'ia' });
    const p = store.getState().params;
    expect([p.py0, p.py1]).toEqual(SWEEP_DEFAULT_RANGE.ia);
    expect([p.px0, p.px1]).toEqual([1, 2]);
    expect(store.getState().zoomStacks.phase).toEqual([]);
  });
});
