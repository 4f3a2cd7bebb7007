/**
 * Weight files of every kind (issue #14, docs/import.md): PyTorch state_dicts
 * as .safetensors in F64, F32, F16 and BF16 and as JSON, mapped onto the lab's
 * models (nn.GRU / nn.LSTM stacks → gru / lstm, one nn.RNN layer → rnn), the
 * choice among several modules, the lab's own JSON formats unchanged, and the
 * CLI's --weights / --module. The files are written here, byte by byte.
 */
import { describe, expect, it } from 'vitest';
import { parseWeightFile, type WeightFileResult } from '../../../src/params/weightFile';
import { decodeWeightsData, encodeWeightsData, networkToJson, parseNetworkJson, weightsHash } from '../../../src/params/weights';
import { buildMapND, importedGated, type GatedWeights, type RnnWeights } from '../../../src/core/models';
import { decodeHash } from '../../../src/params/url';
import { modelParams } from '../../../src/params/requests';
import { decodeBf16, decodeF16 } from '../../../src/core/import/safetensors';
import { f32Bytes, f64Bytes, safetensorsBytes, u16Bytes } from './safetensorsWriter';
import { cliJson, runCli } from '../support/cli';

/** Uniform numbers in (−s, s) from a fixed LCG. */
function uniform(count: number, s: number, seed: number): number[] {
  let x = seed >>> 0;
  return Array.from({ length: count }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return s * (2 * (x / 2 ** 32) - 1);
  });
}

type Tensors = Record<string, { shape: number[]; values: number[] }>;

/** nn.GRU / nn.LSTM / nn.RNN parameters of `layers` layers (G gates, H units, input size I). */
function recurrent(prefix: string, G: number, H: number, I: number, layers: number, seed: number, bias = true): Tensors {
  const out: Tensors = {};
  for (let l = 0; l < layers; l++) {
    const inp = l === 0 ? I : H;
    out[`${prefix}weight_ih_l${l}`] = { shape: [G * H, inp], values: uniform(G * H * inp, 0.5, seed + 10 * l) };
    out[`${prefix}weight_hh_l${l}`] = { shape: [G * H, H], values: uniform(G * H * H, 0.5, seed + 10 * l + 1) };
    if (bias) {
      out[`${prefix}bias_ih_l${l}`] = { shape: [G * H], values: uniform(G * H, 0.5, seed + 10 * l + 2) };
      out[`${prefix}bias_hh_l${l}`] = { shape: [G * H], values: uniform(G * H, 0.5, seed + 10 * l + 3) };
    }
  }
  return out;
}

/** Round to the nearest F16 / BF16 (ties to even), as the bits and as the value. */
function toF16Bits(v: number): number {
  const f = new Float32Array([v]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0 || exp >= 31) throw new Error('test values are normal F16 numbers');
  let bits = (exp << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && bits & 1)) bits++;
  return sign | bits;
}
function toBf16Bits(v: number): number {
  const u = new Uint32Array(new Float32Array([v]).buffer)[0];
  const rest = u & 0xffff;
  let bits = u >>> 16;
  if (rest > 0x8000 || (rest === 0x8000 && bits & 1)) bits++;
  return bits;
}

const ENCODE = {
  F64: (v: number[]) => ({ bytes: f64Bytes(v), stored: v }),
  F32: (v: number[]) => ({ bytes: f32Bytes(v), stored: [...new Float32Array(v)] }),
  F16: (v: number[]) => {
    const bits = v.map(toF16Bits);
    return { bytes: u16Bytes(bits), stored: bits.map(decodeF16) };
  },
  BF16: (v: number[]) => {
    const bits = v.map(toBf16Bits);
    return { bytes: u16Bytes(bits), stored: bits.map(decodeBf16) };
  },
} as const;

/** A safetensors file of the tensors in one dtype, and the values as stored. */
function file(t: Tensors, dtype: keyof typeof ENCODE = 'F32'): { bytes: Uint8Array; stored: Record<string, number[]> } {
  const stored: Record<string, number[]> = {};
  const raw = Object.entries(t).map(([name, x]) => {
    const e = ENCODE[dtype](x.values);
    stored[name] = e.stored;
    return { name, dtype, shape: x.shape, bytes: e.bytes };
  });
  return { bytes: safetensorsBytes(raw, { pad: 8 }), stored };
}

/** A state_dict as the JSON PyTorch users write (nested arrays). */
function jsonFile(t: Tensors, values?: Record<string, number[]>): Uint8Array {
  const obj: Record<string, unknown> = {};
  for (const [name, x] of Object.entries(t)) {
    const v = values?.[name] ?? x.values;
    obj[name] = x.shape.length === 2 ? Array.from({ length: x.shape[0] }, (_, r) => v.slice(r * x.shape[1], (r + 1) * x.shape[1])) : v;
  }
  return new TextEncoder().encode(JSON.stringify(obj));
}

function ok(r: WeightFileResult): Extract<WeightFileResult, { ok: true }> {
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('PyTorch state_dicts', () => {
  it.each(['F64', 'F32', 'F16', 'BF16'] as const)('a %s .safetensors GRU: the tensors as stored, in PyTorch’s layout', (dtype) => {
    const t = recurrent('rnn.', 3, 5, 2, 1, 1);
    const f = file(t, dtype);
    const r = ok(parseWeightFile(f.bytes, `net-${dtype}.safetensors`));
    expect(r.format).toBe('safetensors');
    expect(r.net.model).toBe('gru');
    expect(r.net.patch.k).toBe(5);
    expect(r.module).toBe('rnn');
    const w = r.net.weights as GatedWeights;
    expect([w.kind, w.H, w.layers.length, w.layers[0].I]).toEqual(['gru', 5, 1, 2]);
    expect([...w.layers[0].Wih]).toEqual(f.stored['rnn.weight_ih_l0']);
    expect([...w.layers[0].Whh]).toEqual(f.stored['rnn.weight_hh_l0']);
    expect([...w.layers[0].bih]).toEqual(f.stored['rnn.bias_ih_l0']);
    expect([...w.layers[0].bhh]).toEqual(f.stored['rnn.bias_hh_l0']);
    // the same values as a JSON state_dict: the same network, the same hash
    const j = ok(parseWeightFile(jsonFile(t, f.stored), 'net.json'));
    expect(j.format).toBe('state-dict-json');
    expect(weightsHash(j.net.weights)).toBe(weightsHash(r.net.weights));
  });

  it('a stacked LSTM without biases (bias=False) behind a readout: zero biases, 2·H·layers state numbers, the readout listed', () => {
    const t = { ...recurrent('lstm.', 4, 3, 4, 2, 7, false), 'fc.weight': { shape: [1, 3], values: [1, 2, 3] }, 'fc.bias': { shape: [1], values: [0] } };
    const r = ok(parseWeightFile(file(t, 'F64').bytes, 'lstm.safetensors'));
    const w = r.net.weights as GatedWeights;
    expect([r.net.model, w.H, w.layers.length, w.layers[1].I]).toEqual(['lstm', 3, 2, 3]);
    for (const l of w.layers) expect([...l.bih, ...l.bhh].every((v) => v === 0)).toBe(true);
    expect(r.extra).toEqual([
      { name: 'fc.weight', shape: [1, 3] },
      { name: 'fc.bias', shape: [1] },
    ]);
    const p = modelParams({ ...decodeHash('#model=lstm&g=1').params, k: 3 });
    expect(buildMapND(p, w).n).toBe(12);
  });

  it('one nn.RNN layer is the rnn model: W = weight_hh_l0, b = bias_ih_l0 + bias_hh_l0; a stacked nn.RNN is the Elman stack', () => {
    const t = recurrent('', 1, 4, 3, 1, 3);
    const r = ok(parseWeightFile(file(t, 'F64').bytes, 'elman.safetensors'));
    expect(r.net.model).toBe('rnn');
    expect(r.module).toBe('(root)');
    const w = r.net.weights as RnnWeights;
    expect([...w.W]).toEqual(t.weight_hh_l0.values);
    expect([...w.b]).toEqual(t.bias_ih_l0.values.map((v, i) => v + t.bias_hh_l0.values[i]));
    const deep = recurrent('rnn.', 1, 4, 3, 2, 3);
    const f = file(deep, 'F32');
    const stacked = ok(parseWeightFile(f.bytes, 'deep.safetensors'));
    expect([stacked.net.model, stacked.net.patch.k, stacked.module]).toEqual(['elman', 4, 'rnn']);
    const sw = stacked.net.weights as GatedWeights;
    expect([sw.kind, sw.H, sw.layers.map((l) => l.I)]).toEqual(['elman', 4, [3, 4]]);
    for (const k of [0, 1]) {
      expect([...sw.layers[k].Wih]).toEqual(f.stored[`rnn.weight_ih_l${k}`]);
      expect([...sw.layers[k].Whh]).toEqual(f.stored[`rnn.weight_hh_l${k}`]);
      expect([...sw.layers[k].bih]).toEqual(f.stored[`rnn.bias_ih_l${k}`]);
      expect([...sw.layers[k].bhh]).toEqual(f.stored[`rnn.bias_hh_l${k}`]);
    }
    // one map of the concatenated state: 2·H numbers, layer 2 fed the new h of layer 1
    const p = modelParams({ ...decodeHash('#model=elman&g=1').params, k: 4 });
    const map = buildMapND(p, sw);
    expect(map.n).toBe(8);
    // the same tensors as a JSON state_dict (with the lab's "model" key): the same network
    const j = ok(parseWeightFile(jsonFile(deep, f.stored), 'deep.json'));
    expect(weightsHash(j.net.weights)).toBe(weightsHash(sw));
  });

  it('several recurrent modules: the choice, by name; an unknown name lists the modules', () => {
    const t = { ...recurrent('encoder.gru.', 3, 4, 2, 1, 1), ...recurrent('decoder.lstm.', 4, 3, 4, 2, 5) };
    const bytes = file(t).bytes;
    const none = parseWeightFile(bytes, 'seq.safetensors');
    expect(none.ok).toBe(false);
    if (!none.ok) {
      expect(none.error).toMatch(/2 recurrent modules \(encoder\.gru, decoder\.lstm\): choose one/);
      expect(none.modules!.map((m) => [m.name, m.kind, m.hidden, m.layers, m.input])).toEqual([
        ['encoder.gru', 'gru', 4, 1, 2],
        ['decoder.lstm', 'lstm', 3, 2, 4],
      ]);
    }
    expect(ok(parseWeightFile(bytes, 'seq.safetensors', 'decoder.lstm')).net.model).toBe('lstm');
    expect(ok(parseWeightFile(bytes, 'seq.safetensors', 'encoder.gru.')).net.model).toBe('gru'); // the prefix as written
    const bad = parseWeightFile(bytes, 'seq.safetensors', 'decoder');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/no recurrent module 'decoder': the file has encoder\.gru, decoder\.lstm/);
  });

  it('refused with the tensor and the problem: bidirectional, proj_size, non-finite, no recurrent layer, a torch.save pickle, an empty file', () => {
    const refused = (bytes: Uint8Array, name: string, ...res: RegExp[]) => {
      const r = parseWeightFile(bytes, name);
      expect(r.ok, name).toBe(false);
      if (!r.ok) for (const re of res) expect(r.error).toMatch(re);
    };
    const gru = recurrent('gru.', 3, 2, 1, 1, 1);
    refused(file({ ...gru, 'gru.weight_hh_l0_reverse': gru['gru.weight_hh_l0'] }).bytes, 'bi.safetensors', /'gru\.weight_hh_l0_reverse'/, /bidirectional/);
    refused(file({ ...recurrent('lstm.', 4, 2, 1, 1, 1), 'lstm.weight_hr_l0': { shape: [1, 2], values: [1, 1] } }).bytes, 'proj.safetensors', /'lstm\.weight_hr_l0'/, /proj_size/);
    const nan = { ...gru, 'gru.bias_hh_l0': { shape: [6], values: [0, 0, NaN, 0, 0, 0] } };
    refused(file(nan, 'F64').bytes, 'nan.safetensors', /'gru\.bias_hh_l0'/, /not finite|non-finite|NaN/);
    refused(file({ 'fc.weight': { shape: [2, 2], values: [1, 2, 3, 4] } }).bytes, 'mlp.safetensors', /no recurrent layer/, /fc\.weight/);
    refused(new Uint8Array([0x80, 0x02, 0x7d, 0x71]), 'model.bin', /torch\.save/, /safetensors/);
    refused(new TextEncoder().encode('PK\x03\x04rest'), 'model.zip', /torch\.save/);
    refused(new Uint8Array([1, 2, 3]), 'weights.pt', /torch\.save/);
    refused(new Uint8Array(0), 'empty.safetensors', /empty/);
    refused(file(gru).bytes.subarray(0, 60), 'cut.safetensors', /cut\.safetensors/, /truncated/);
  });

  it('the lab’s own JSON formats read as before; a gated network’s own file is its state_dict with "model", read back to the same hash', () => {
    const lab = ok(parseWeightFile(new TextEncoder().encode('{"model":"rnn","W":[[0.5,0],[0,0.5]],"b":[0,0],"activation":"tanh"}'), 'net.json'));
    expect([lab.format, lab.net.model]).toEqual(['lab-json', 'rnn']);
    const r = ok(parseWeightFile(file(recurrent('', 4, 3, 2, 2, 9), 'F64').bytes, 'lstm.safetensors'));
    const p = decodeHash('#model=lstm').params;
    const text = networkToJson('lstm', r.net.weights, p);
    expect(JSON.parse(text).model).toBe('lstm');
    const back = parseNetworkJson(text);
    expect(back.ok).toBe(true);
    if (back.ok) expect(weightsHash(back.net.weights)).toBe(weightsHash(r.net.weights));
    // and through the link's binary form
    const again = decodeWeightsData(encodeWeightsData(r.net.weights), 'lstm');
    expect(typeof again).not.toBe('string');
    expect(weightsHash(again as GatedWeights)).toBe(weightsHash(r.net.weights));
  });

  it('an input of I > 1 numbers enters along a seeded direction v: layer 0 reads the column weight_ih·v', () => {
    const r = ok(parseWeightFile(file(recurrent('', 3, 3, 4, 1, 2), 'F64').bytes, 'gru.safetensors'));
    const w = r.net.weights as GatedWeights;
    const a = importedGated(w, 6);
    const b = importedGated(w, 7);
    expect(a.weights.layers[0].I).toBe(1);
    expect(a.weights.layers[0].Wih.length).toBe(9);
    expect([...a.weights.layers[0].Wih]).not.toEqual([...b.weights.layers[0].Wih]); // another seed, another v
    expect(a.weights.layers[0].Whh).toBe(w.layers[0].Whh); // the rest as stored
    expect(a.x0.length).toBe(3);
  });
});

describe('the CLI’s --weights and --module', () => {
  const t = { ...recurrent('encoder.gru.', 3, 6, 2, 1, 1), ...recurrent('decoder.lstm.', 4, 4, 3, 1, 5), 'fc.weight': { shape: [1, 4], values: [1, 1, 1, 1] } };
  const bytes = file(t, 'F32').bytes;
  const url = '#v=1&ls=3000&lt=300';

  it('lyapunov of a module: the model from the file, g = 1, all n exponents with the sum rule; the JSON state_dict gives the same numbers', () => {
    const o = cliJson(runCli(['lyapunov', '--url', url, '--weights', 'net.safetensors', '--module', 'decoder.lstm', '--exponents', '0'], { 'net.safetensors': bytes }));
    expect(o.n).toBe(8);
    expect(o.exponents).toHaveLength(8);
    expect(o.state).toMatch(/model=lstm/);
    expect(o.state).toMatch(/g=1(&|$)/);
    const sum = o.exponents.reduce((a: number, b: number) => a + b, 0);
    expect(Math.abs(sum - o.sumRule.meanLogDet)).toBeLessThan(1e-9 * Math.abs(sum) + 1e-12);
    const j = cliJson(runCli(['lyapunov', '--url', url, '--weights', 'net.json', '--module', 'decoder.lstm', '--exponents', '0'], { 'net.json': jsonFile(t, file(t, 'F32').stored) }));
    expect(j.exponents).toEqual(o.exponents);
  });

  it('exit 2 with one line: several modules and no --module (listing them), an unknown module, --module without --weights or with a lab file', () => {
    const err = (argv: string[], files: Record<string, string | Uint8Array>, re: RegExp) => {
      const r = runCli(argv, files);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(re);
    };
    err(['eigen', '--weights', 'net.safetensors'], { 'net.safetensors': bytes }, /2 recurrent modules .*encoder\.gru: GRU, 6 units, input size 2; decoder\.lstm: LSTM, 4 units.*--module NAME/);
    err(['eigen', '--weights', 'net.safetensors', '--module', 'gru'], { 'net.safetensors': bytes }, /no recurrent module 'gru'/);
    err(['eigen', '--module', 'encoder.gru'], {}, /--module chooses a recurrent module of the --weights file/);
    err(['eigen', '--weights', 'n.json', '--module', 'x'], { 'n.json': '{"model":"rnn","W":[[1,0],[0,1]],"b":[0,0],"activation":"tanh"}' }, /--module applies to a PyTorch state_dict/);
  });
});
