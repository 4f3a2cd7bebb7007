/**
 * The requests of the jobs (params/requests.ts, shared by the engine and the
 * CLI) depend only on what the job reads: a key that does not apply to the
 * model recomputes nothing, a key that does recomputes.
 */
import { describe, expect, it } from 'vitest';
import { diagramJob, eigenRequest, gradientRequest, modelParams, panel1dRequest, requestKey, spectrumRequest, vectorPanelRequest } from '../../../src/params/requests';
import { decodeHash } from '../../../src/params/url';
import { MODEL_LIST, MODEL_PARAM_KEYS, appliesTo, buildMap, buildMapND, isModel1D } from '../../../src/core/models';
import type { Params } from '../../../src/params/spec';

const params = (hash: string): Params => decodeHash(hash).params;
const size = { cols: 200, rows: 100 };

/** Every request of a view of the model (the views the model has). */
function requests(p: Params): unknown[] {
  if (isModel1D(p.model)) return [panel1dRequest(p, null, false), diagramJob(p, null, size, false), gradientRequest(p, null, false)];
  return [vectorPanelRequest(p, null, false), spectrumRequest(p, null, false), eigenRequest(p, null), diagramJob(p, null, size, false), gradientRequest(p, null, false)];
}

/** A different valid value of a model key. */
function other(p: Params, key: (typeof MODEL_PARAM_KEYS)[number]): Partial<Params> {
  const alt: Record<string, unknown> = { act: p.act === 'tanh' ? 'relu' : 'tanh', out: p.out === 'identity' ? 'clip' : 'identity', init: p.init === 'he' ? 'lecun' : 'he', wl: p.wl === 'gauss' ? 'he' : 'gauss', inp: p.inp === 'none' ? 'const' : 'none' };
  if (key in alt) return { [key]: alt[key] } as Partial<Params>;
  const v = p[key] as number;
  return { [key]: key === 'k' || key === 'seed' ? v + 1 : v + 0.125 } as Partial<Params>;
}

describe('job requests', () => {
  it('a model key that does not apply changes no request; one that applies changes every request that reads the model', () => {
    for (const m of MODEL_LIST) {
      const p = params(`#model=${m.id}&bp=${m.sweepable[0]}`);
      const base = requests(p).map(requestKey);
      for (const key of MODEL_PARAM_KEYS) {
        if (key === 'model') continue;
        const q = { ...p, ...other(p, key) };
        const keys = requests(q).map(requestKey);
        if (!appliesTo(key, m.id)) expect(keys, `${m.id}: ${key} does not apply`).toEqual(base);
        // the diagram ignores the value of its own swept parameter; the eigen view an input amplitude of a non-constant input
        else if (key !== m.sweepable[0] && !(key === 'ia' || key === 'ip')) expect(keys[0], `${m.id}: ${key} applies`).not.toEqual(base[0]);
      }
    }
  });

  it('the model part of a request builds the same map as the whole state', () => {
    for (const m of MODEL_LIST) {
      const p = params(`#model=${m.id}`);
      const mp = modelParams(p);
      if (isModel1D(m.id)) {
        const a = buildMap(mp);
        const b = buildMap(p);
        for (const x of [-0.7, 0.1, 0.45, 0.9]) expect(a.f(x)).toBe(b.f(x));
      } else {
        const a = buildMapND(mp);
        const b = buildMapND(p);
        const x = a.initialState();
        const ya = new Float64Array(a.n);
        const yb = new Float64Array(b.n);
        a.step(x, ya, 0);
        b.step(x, yb, 0);
        expect([...ya]).toEqual([...yb]);
      }
    }
  });

  it('the CLI asks the gradient meter for the whole measurement (unlimited), the app within its budget', () => {
    const p = params('#model=rnn&k=16&gh=120&gwn=3');
    expect(gradientRequest(p, null, false, true).unlimited).toBe(true);
    expect(gradientRequest(p, null, false).unlimited).toBeUndefined();
    expect(gradientRequest(p, null, false)).toMatchObject({ horizon: 120, windows: 3 });
  });
});
