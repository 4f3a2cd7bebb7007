import { describe, expect, it } from 'vitest';
import { decodeWeightsData, encodeWeightsData, networkToJson, parseNetworkJson, weightsHash } from '../../src/params/weights';
import { buildMap } from '../../src/core/models';
import { defaultParams } from '../../src/params/url';

const TENT = '{"model":"net1d","w":[1,1],"b":[0,-0.5],"a":[2,-4],"c":0,"activation":"relu","output":"identity"}';

describe('network files', () => {
  it('reads the documented format; the tent network is 2ReLU(x) − 4ReLU(x − ½)', () => {
    const r = parseNetworkJson(TENT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.net.act).toBe('relu');
    const m = buildMap({ ...defaultParams(), act: r.net.act, out: r.net.out, g: 1, sb: 1 }, r.net.weights);
    for (const x of [0.1, 0.25, 0.5, 0.8, 0.95]) expect(m.f(x)).toBeCloseTo(x < 0.5 ? 2 * x : 2 - 2 * x, 14);
  });

  it('names what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['{', /Not valid JSON/],
      ['[1,2]', /one JSON object/],
      ['{"model":"rnn","w":[1],"b":[1],"a":[1],"activation":"tanh"}', /"model" is "rnn"/],
      ['{"w":"abc","b":[1],"a":[1],"activation":"tanh"}', /"w" must be an array/],
      ['{"w":[1,"x"],"b":[1,1],"a":[1,1],"activation":"tanh"}', /"w\[1\]" must be a finite number/],
      ['{"w":[1,2],"b":[1],"a":[1,1],"activation":"tanh"}', /same length \(got 2, 1, 2\)/],
      ['{"w":[],"b":[],"a":[],"activation":"tanh"}', /empty/],
      ['{"w":[1],"b":[1],"a":[1]}', /"activation" is missing/],
      ['{"w":[1],"b":[1],"a":[1],"activation":"gelu"}', /"activation" "gelu" is not supported/],
      ['{"w":[1],"b":[1],"a":[1],"activation":"tanh","output":"softmax"}', /"output" "softmax"/],
      ['{"w":[1],"b":[1],"a":[1],"activation":"tanh","c":"1"}', /"c" must be a finite number/],
    ];
    for (const [text, re] of cases) {
      const r = parseNetworkJson(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(re);
    }
    const wide = JSON.stringify({ w: Array(1025).fill(1), b: Array(1025).fill(0), a: Array(1025).fill(0), activation: 'tanh' });
    const r = parseNetworkJson(wide);
    expect(!r.ok && r.error).toMatch(/exceeds the maximum 1024/);
  });

  it('round-trips through the link encoding and through JSON, with a stable hash', () => {
    const r = parseNetworkJson(TENT);
    if (!r.ok) throw new Error(r.error);
    const enc = encodeWeightsData(r.net.weights);
    const dec = decodeWeightsData(enc);
    expect(typeof dec).not.toBe('string');
    if (typeof dec === 'string') return;
    expect([...dec.w]).toEqual([1, 1]);
    expect([...dec.b]).toEqual([0, -0.5]);
    expect([...dec.a]).toEqual([2, -4]);
    expect(weightsHash(dec)).toBe(weightsHash(r.net.weights));
    const again = parseNetworkJson(networkToJson(r.net));
    expect(again.ok && weightsHash(again.net.weights)).toBe(weightsHash(r.net.weights));
    // a different network, a different hash
    const other = { ...r.net.weights, c: 1e-9 };
    expect(weightsHash(other)).not.toBe(weightsHash(r.net.weights));
    expect(decodeWeightsData('AAAA')).toMatch(/wrong length/);
  });
});
