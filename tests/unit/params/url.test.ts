import type { Net1dWeights } from '../../../src/core/models';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AUTO, PARAM_ORDER, PARAM_SPECS, SWEEP_DEFAULT_RANGE, type ParamKey, type ParamSpec, type Params } from '../../../src/params/spec';
import { decodeHash, defaultParams, encodeHash, normalise, sweepSpec } from '../../../src/params/url';
import { formatStep, snapToStep } from '../../../src/params/format';
import { sweepableFor } from '../../../src/core/models';
import { encodeWeightsData, weightsHash } from '../../../src/params/weights';
import { SCENE_IDS } from '../../../src/params/scenes';

/** An arbitrary valid value for one spec (on its grid, inside its bounds). */
function arbValue(key: ParamKey): fc.Arbitrary<unknown> {
  const s: ParamSpec = PARAM_SPECS[key];
  switch (s.kind) {
    case 'enum':
      return fc.constantFrom(...s.values);
    case 'float': {
      const n = Math.round((s.max - s.min) / s.step);
      return fc.integer({ min: 0, max: n }).map((i) => snapToStep(s.min + i * s.step, s.step));
    }
    case 'int':
      return fc.integer({ min: s.min, max: s.max });
    case 'log':
      return fc.double({ min: Math.log10(s.min), max: Math.log10(s.max), noNaN: true }).map((l) => Math.min(s.max, Math.max(s.min, Number(Math.pow(10, l).toPrecision(3)))));
    case 'intlist':
      return fc.uniqueArray(fc.integer({ min: s.min, max: s.max }), { maxLength: 8 }).map((a) => a.sort((x, y) => x - y));
    case 'coord':
      return fc.constant(null);
    case 'keylist':
      return fc.subarray([...s.values]);
    case 'tour':
      return fc.array(
        fc.oneof(
          fc.constantFrom(...SCENE_IDS).map((scene) => ({ scene })),
          fc.record({ title: fc.string({ maxLength: 30 }).map((t) => t.replace(/\n/g, ' ')), hash: fc.string({ maxLength: 60 }).map((h) => h.replace(/#/g, '')) }),
        ),
        { maxLength: 6 },
      );
    case 'overrides':
      // canonical items of scalar keys, in the table's order
      return fc.subarray(['g:2', 'sb:0.5', 'k:16', 'act:relu']).map((items) => {
        const order = ['act', 'g', 'k', 'sb'];
        return [...items].sort((a, b) => PARAM_ORDER.indexOf(a.split(':')[0] as ParamKey) - PARAM_ORDER.indexOf(b.split(':')[0] as ParamKey) || order.indexOf(a) - order.indexOf(b));
      });
  }
}

/** Arbitrary valid states: per-key values, then the cross-key rules. */
const arbParams: fc.Arbitrary<Params> = fc
  .record(Object.fromEntries(PARAM_ORDER.map((k) => [k, arbValue(k)])) as Record<ParamKey, fc.Arbitrary<unknown>>)
  .chain((raw) => {
    const p = raw as unknown as Params;
    const bps = sweepableFor(p.model);
    return fc.record({
      bp: fc.constantFrom(...bps),
      a: fc.double({ min: 0, max: 1, noNaN: true }),
      b: fc.double({ min: 0, max: 1, noNaN: true }),
      y: fc.option(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0.001, max: 20, noNaN: true }))),
    }).map(({ bp, a, b, y }) => {
      const s = sweepSpec(bp);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      const q: Params = { ...p, bp, bx0: s.min + lo * (s.max - s.min), bx1: s.min + Math.max(hi, lo + 0.01) * (s.max - s.min) };
      if (y) {
        q.by0 = y[0];
        q.by1 = y[0] + y[1];
      } else {
        q.by0 = q.by1 = null;
      }
      normalise(q, []);
      // a valid state is a fixed point of decode: pass it through once
      return decodeHash(encodeHash({ params: q, weights: null })).params;
    });
  });

describe('share link', () => {
  it('decode(encode(s)) = s for arbitrary valid states', () => {
    fc.assert(
      fc.property(arbParams, (p) => {
        const hash = encodeHash({ params: p, weights: null });
        const d = decodeHash(`#${hash}`);
        expect(d.params).toEqual(p);
        expect(d.warnings).toEqual([]);
        // canonical: encoding again gives the same string
        expect(encodeHash({ params: d.params, weights: null })).toBe(hash);
      }),
      { numRuns: 300 },
    );
  });

  it('decode never throws on arbitrary input and always stays in bounds', () => {
    const keyed = fc
      .array(fc.tuple(fc.constantFrom(...PARAM_ORDER, 'v', 'zz', 'wh', 'wd'), fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String))), { maxLength: 12 })
      .map((kv) => '#' + kv.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), keyed), (input) => {
        const d = decodeHash(input);
        inBounds(d.params);
      }),
      { numRuns: 1500 },
    );
  }, 30_000); // 1 500 random links: seconds on a loaded CI machine

  it('ls=auto round-trips as the word, and is the default; a number is a fixed length; tol is a link key', () => {
    expect(PARAM_SPECS.ls.default).toBe(AUTO);
    const d = decodeHash('#v=1&model=logistic&ls=auto&tol=0.0005');
    expect(d.warnings).toEqual([]);
    expect(d.params.ls).toBe(AUTO);
    expect(d.params.tol).toBe(0.0005);
    expect(encodeHash({ params: d.params, weights: null })).toContain('tol=0.0005');
    expect(decodeHash('#ls=20000').params.ls).toBe(20000);
    expect(encodeHash({ params: decodeHash('#ls=20000').params, weights: null })).toContain('ls=20000');
    // 0 is not a way to spell auto: it is clamped like any number below the range
    const z = decodeHash('#ls=0');
    expect(z.params.ls).toBe(PARAM_SPECS.ls.min);
    expect(z.warnings.join(' ')).toMatch(/ls/);
  });

  it('reads the documented example exactly', () => {
    const d = decodeHash('#v=1&model=net1d&act=relu&k=16&init=he&g=1.5&sb=1&out=identity&seed=7&x0=0.1');
    expect(d.warnings).toEqual([]);
    expect(d.params).toMatchObject({ model: 'net1d', act: 'relu', k: 16, init: 'he', g: 1.5, sb: 1, out: 'identity', seed: 7, x0: 0.1 });
    const again = encodeHash({ params: d.params, weights: null });
    expect(again.startsWith('v=1&model=net1d&act=relu&g=1.5&k=16&init=he&sb=1&out=identity&seed=7&')).toBe(true);
  });

  it('clamps out-of-range values with a warning and ignores unknown keys silently', () => {
    const d = decodeHash('#v=1&g=99&k=0&seed=-5&x0=abc&foo=bar&act=gelu');
    expect(d.params.g).toBe(PARAM_SPECS.g.max);
    expect(d.params.k).toBe(1);
    expect(d.params.seed).toBe(0);
    expect(d.params.x0).toBe(PARAM_SPECS.x0.default);
    expect(d.params.act).toBe('tanh');
    expect(d.warnings.length).toBe(5);
    expect(d.warnings.join(' ')).toMatch(/g = 99 is outside 0 … 10/);
    expect(d.warnings.join(' ')).not.toMatch(/foo/);
  });

  it('opens the defaults with one warning for a garbage link', () => {
    for (const g of ['#%%%garbage', '#asdfgh', 'not a link at all', '#=&&=']) {
      const d = decodeHash(g);
      expect(d.params).toEqual(defaultParams());
      expect(d.warnings.length).toBeGreaterThan(0);
    }
    expect(decodeHash('').warnings).toEqual([]);
    expect(decodeHash('#').warnings).toEqual([]);
  });

  it('snaps to the step grid and formats numbers from the step', () => {
    expect(decodeHash('#g=1.23456').params.g).toBe(1.235);
    expect(formatStep(1.5, 0.001)).toBe('1.5');
    expect(formatStep(2, 0.001)).toBe('2');
    expect(encodeHash({ params: { ...defaultParams(), g: 0.1 + 0.2 }, weights: null })).toContain('g=0.3&');
  });

  it('a diagram parameter that does not apply falls back to the model’s own', () => {
    const d = decodeHash('#model=logistic&bp=g&bx0=0&bx1=1');
    expect(d.params.bp).toBe('r');
    expect([d.params.bx0, d.params.bx1]).toEqual(SWEEP_DEFAULT_RANGE.r);
    const e = decodeHash('#model=logistic&bp=r&bx0=3.5&bx1=3.6');
    expect([e.params.bx0, e.params.bx1]).toEqual([3.5, 3.6]);
    const f = decodeHash('#bp=g&bx0=3&bx1=1');
    expect([f.params.bx0, f.params.bx1]).toEqual(SWEEP_DEFAULT_RANGE.g);
    expect(f.warnings.length).toBe(1);
  });

  it('guards the cost of the λ readout and of the diagram', () => {
    const d = decodeHash('#k=1024&ls=1000000&bt=20000&bn=5000');
    expect(d.params.ls * 1024).toBeLessThanOrEqual(2e7);
    expect((d.params.bt + d.params.bn) * 1024).toBeLessThanOrEqual(2e6);
    expect(d.warnings.length).toBe(2);
  });

  it('unknown models fall back with a message; vector models get their own defaults and unit ranges', () => {
    const d = decodeHash('#v=1&model=transformer&g=1.5');
    expect(d.params.model).toBe('net1d');
    expect(d.params.g).toBe(1.5);
    expect(d.warnings[0]).toMatch(/model = "transformer" is not one of/);
    // a key whose default is "none" (scene) says so, and lists only real names
    const sc = decodeHash('#v=1&scene=nope');
    expect(sc.params.scene).toBe('');
    expect(sc.warnings[0]).toMatch(/^scene = "nope" is not one of neuron, .*; using none\.$/);
    expect(sc.warnings[0]).not.toMatch(/of ,|, ,/);
    const h = decodeHash('#v=1&model=henon');
    expect([h.params.a, h.params.b]).toEqual([1.4, 0.3]);
    expect(h.warnings).toEqual([]);
    expect(decodeHash('#model=henon&b=0.2').params.b).toBe(0.2);
    const r = decodeHash('#model=rnn&k=1000');
    expect(r.params.k).toBe(512);
    expect(r.warnings[0]).toMatch(/outside 2 … 512 for the rnn model/);
    expect(decodeHash('#model=plrnn&k=100').params.k).toBe(64);
    const def = decodeHash('#model=rnn');
    expect([def.params.k, def.params.g]).toEqual([64, 2]);
  });

  it('carries a small imported network inside the link', () => {
    const net = { w: Float64Array.of(1, 1), b: Float64Array.of(0, -0.5), a: Float64Array.of(2, -4), c: 0 };
    const hash = weightsHash(net);
    const link = encodeHash({ params: { ...defaultParams(), act: 'relu', k: 2 }, weights: { hash, data: net } });
    expect(link).toContain(`wh=${hash}`);
    expect(link).toContain(`wd=${encodeWeightsData(net)}`);
    const d = decodeHash(link);
    expect(d.warnings).toEqual([]);
    expect(d.weights?.hash).toBe(hash);
    expect([...(d.weights!.data as Net1dWeights).a]).toEqual([2, -4]);
    expect(decodeHash(`#wd=${encodeWeightsData(net)}&wh=00000000000000`).warnings[0]).toMatch(/hash did not match/);
    expect(decodeHash('#wd=@@@').weights).toBeNull();
  });
});

function inBounds(p: Params): void {
  for (const key of PARAM_ORDER) {
    const s: ParamSpec = PARAM_SPECS[key];
    const v = (p as unknown as Record<string, unknown>)[key];
    switch (s.kind) {
      case 'enum':
        expect(s.values).toContain(v);
        break;
      case 'float':
      case 'int':
      case 'log':
        expect(typeof v).toBe('number');
        // an int with `auto` (ls) may hold AUTO, below its min
        if (s.kind === 'int' && s.auto !== undefined && v === AUTO) break;
        expect(v as number).toBeGreaterThanOrEqual(s.min);
        expect(v as number).toBeLessThanOrEqual(s.max);
        if (s.kind === 'int') expect(Number.isInteger(v)).toBe(true);
        break;
      case 'intlist':
        for (const k of v as number[]) expect(k >= s.min && k <= s.max && Number.isInteger(k)).toBe(true);
        break;
      case 'keylist':
        for (const k of v as string[]) expect(s.values).toContain(k);
        break;
      case 'tour':
        expect(Array.isArray(v)).toBe(true);
        break;
      case 'coord':
        if (v !== null) expect(Number.isFinite(v)).toBe(true);
        break;
    }
  }
  const s = sweepSpec(p.bp);
  expect(sweepableFor(p.model)).toContain(p.bp);
  expect(p.bx0).toBeGreaterThanOrEqual(s.min);
  expect(p.bx1).toBeLessThanOrEqual(s.max);
  expect(p.bx1).toBeGreaterThan(p.bx0);
  if (p.by0 !== null) expect(p.by1! > p.by0).toBe(true);
}

describe('hostile links (issue #13)', () => {
  it('a state window whose span overflows is replaced by the automatic one, with a warning', () => {
    const d = decodeHash('#by0=-1e308&by1=1e308');
    expect(d.params.by0).toBeNull();
    expect(d.params.by1).toBeNull();
    expect(d.warnings.join(' ')).toMatch(/state window .* too wide/);
    const ok = decodeHash('#by0=-1e300&by1=1e300'); // wide but finite: kept
    expect(ok.params.by0).toBe(-1e300);
  });

  it('warnings are capped: 60 000 bad tour steps give 10 lines, the last counting the rest', () => {
    const d = decodeHash(`#tour=${Array.from({ length: 60_000 }, () => 'x').join(',')}`);
    expect(d.warnings).toHaveLength(10);
    expect(d.warnings[9]).toMatch(/^… and \d+ more problems with this link\.$/);
    const n = Number(/and (\d+) more/.exec(d.warnings[9])![1]);
    expect(n).toBeGreaterThan(10);
    // a link with few problems keeps them all
    expect(decodeHash('#g=abc&r=xyz').warnings.length).toBeLessThanOrEqual(3);
  });
});
