import { describe, expect, it } from 'vitest';
import { decodeWeightsData, encodeWeightsData, networkToJson, parseNetworkJson, weightsHash } from '../../../src/params/weights';
import { buildMap, type ModelParams, type PlrnnWeights, type RnnWeights } from '../../../src/core/models';
import { modelParams } from '../../../src/params/requests';
import { defaultParams } from '../../../src/params/url';

const TENT = '{"model":"net1d","w":[1,1],"b":[0,-0.5],"a":[2,-4],"c":0,"activation":"relu","output":"identity"}';

describe('network files', () => {
  it('reads the documented format; the tent network is 2ReLU(x) − 4ReLU(x − ½)', () => {
    const r = parseNetworkJson(TENT);
    expect(r.ok).toBe(true);
    if (!r.ok || r.net.model !== 'net1d') throw new Error('not a net1d');
    expect(r.net.patch).toEqual({ act: 'relu', out: 'identity', k: 2 });
    const m = buildMap({ ...(defaultParams() as unknown as ModelParams), ...r.net.patch, g: 1, sb: 1 }, r.net.weights);
    for (const x of [0.1, 0.25, 0.5, 0.8, 0.95]) expect(m.f(x)).toBeCloseTo(x < 0.5 ? 2 * x : 2 - 2 * x, 14);
  });

  it('names what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['{', /Not valid JSON/],
      ['[1,2]', /one JSON object/],
      ['{"model":"transformer","w":[1],"b":[1],"a":[1],"activation":"tanh"}', /"model" is "transformer"/],
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

  it('reads RNN and PLRNN files and names what is wrong in them', () => {
    const rnn = parseNetworkJson('{"model":"rnn","W":[[0,1],[-1,0]],"b":[0.1,0.2],"activation":"tanh"}');
    expect(rnn.ok && rnn.net.model === 'rnn' && [...(rnn.net.weights as RnnWeights).W]).toEqual([0, 1, -1, 0]);
    const pl = parseNetworkJson('{"model":"plrnn","A":[0.5,0.4],"W":[[0,0.2],[0.3,0]],"h":[0,0.1]}');
    expect(pl.ok && pl.net.model === 'plrnn' && [...(pl.net.weights as PlrnnWeights).A]).toEqual([0.5, 0.4]);
    const cases: [string, RegExp][] = [
      ['{"model":"rnn","W":[[0,1],[1]],"b":[0,0],"activation":"tanh"}', /must be square: it has 2 rows but row 1 has 1 entries/],
      ['{"model":"rnn","W":"x","activation":"tanh"}', /"W" must be a square matrix/],
      ['{"model":"rnn","W":[[0,1],[1,0]],"b":[0],"activation":"tanh"}', /"b" has 1 entries but W is 2 × 2/],
      ['{"model":"rnn","W":[[0,1],[1,"a"]],"activation":"tanh"}', /"W\[1\]\[1\]" must be a finite number/],
      ['{"model":"rnn","W":[[0,1],[1,0]]}', /"activation" is missing/],
      ['{"model":"rnn","W":[[5]],"activation":"tanh"}', /1 units; between 2 and 512/],
      ['{"model":"plrnn","W":[[0,1],[1,0]],"h":[0,0]}', /"A" must be an array of numbers/],
      ['{"model":"plrnn","A":[1,2,3],"W":[[0,1],[1,0]]}', /"A" has 3 entries but W is 2 × 2/],
    ];
    for (const [text, re] of cases) {
      const r = parseNetworkJson(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error).toMatch(re);
    }
  });

  it('RNN and PLRNN weights round-trip through the link, with hashes that tell the kinds apart', () => {
    const rnn = { W: Float64Array.of(0, 1, -1, 0.5), b: Float64Array.of(0.1, 0.2) };
    const back = decodeWeightsData(encodeWeightsData(rnn), 'rnn');
    expect(typeof back !== 'string' && 'b' in back && 'W' in back && [...back.W, ...back.b]).toEqual([0, 1, -1, 0.5, 0.1, 0.2]);
    const pl = { A: Float64Array.of(0.5, 0.4), W: Float64Array.of(0, 0.2, 0.3, 0), h: Float64Array.of(0, 0.1) };
    const back2 = decodeWeightsData(encodeWeightsData(pl), 'plrnn');
    expect(typeof back2 !== 'string' && 'A' in back2 && [...back2.A, ...back2.W, ...back2.h]).toEqual([0.5, 0.4, 0, 0.2, 0.3, 0, 0, 0.1]);
    expect(decodeWeightsData(encodeWeightsData(pl), 'rnn')).toMatch(/wrong length/);
    expect(weightsHash(rnn)).not.toBe(weightsHash(pl));
  });

  it('round-trips through the link encoding and through JSON, with a stable hash', () => {
    const r = parseNetworkJson(TENT);
    if (!r.ok) throw new Error(r.error);
    const enc = encodeWeightsData(r.net.weights);
    const dec = decodeWeightsData(enc);
    expect(typeof dec).not.toBe('string');
    if (typeof dec === 'string' || !('w' in dec)) return;
    expect([...dec.w]).toEqual([1, 1]);
    expect([...dec.b]).toEqual([0, -0.5]);
    expect([...dec.a]).toEqual([2, -4]);
    expect(weightsHash(dec)).toBe(weightsHash(r.net.weights));
    const again = parseNetworkJson(networkToJson(r.net.model, r.net.weights, { ...modelParams(defaultParams()), ...r.net.patch }));
    if (!again.ok || again.net.model !== 'net1d') throw new Error('round trip');
    expect(again.ok && weightsHash(again.net.weights)).toBe(weightsHash(r.net.weights));
    // a different network, a different hash
    const other = { ...r.net.weights, c: 1e-9 };
    expect(weightsHash(other)).not.toBe(weightsHash(r.net.weights));
    expect(decodeWeightsData('AAAA')).toMatch(/wrong length/);
  });
});

describe('hostile network files: a message, never an exception, nothing huge allocated', () => {
  it('a 100 000-row empty matrix (300 kB) is refused by its size before any n × n allocation', () => {
    const rows = Array.from({ length: 100_000 }, () => '[]').join(',');
    for (const model of ['rnn', 'plrnn']) {
      const extra = model === 'plrnn' ? ',"A":[]' : '';
      const r = parseNetworkJson(`{"model":"${model}","W":[${rows}]${extra},"activation":"tanh"}`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/"W" has 100000 rows; at most \d+ units/);
    }
  });

  it('20 000 or 300 empty rows: the shape is named (row 0 has 0 entries)', () => {
    for (const n of [300, 20_000]) {
      const rows = Array.from({ length: n }, () => '[]').join(',');
      const r = parseNetworkJson(`{"model":"rnn","W":[${rows}],"activation":"tanh"}`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(n > 512 ? /at most 512 units/ : /it has 300 rows but row 0 has 0 entries/);
    }
  });

  it('deeply nested and huge values are quoted by kind and size, in a short message', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const long = 'x'.repeat(400_000);
    const cases = [
      `{"model":"rnn","W":[[${deep}]],"activation":"tanh"}`,
      `{"model":"rnn","W":[[1]],"activation":"${long}"}`,
      `{"model":"${long}"}`,
      `{"w":[1,${deep}],"b":[1,1],"a":[1,1],"activation":"tanh"}`,
      `{"w":[1],"b":[1],"a":[1],"c":${deep},"activation":"tanh"}`,
    ];
    for (const text of cases) {
      const r = parseNetworkJson(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeLessThan(300);
    }
  });

  it('a file that starts with a byte-order mark reads as without it', () => {
    const a = parseNetworkJson('\uFEFF' + TENT);
    const b = parseNetworkJson(TENT);
    expect(a.ok).toBe(true);
    if (a.ok && b.ok) expect(weightsHash(a.net.weights)).toBe(weightsHash(b.net.weights));
  });
});
