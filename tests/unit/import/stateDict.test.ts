/**
 * Recurrent modules found in a state_dict (issue #14): the fixtures numpy
 * wrote, the JSON state_dict path equal to the safetensors one, pickModule,
 * and every refusal naming the tensor and the problem.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../../src/core/import/safetensors';
import {
  findRecurrentModules,
  GATE_COUNT,
  GATE_ORDER,
  moduleName,
  pickModule,
  ROOT_MODULE_NAME,
  stateDictFromJson,
  type RecurrentKind,
  type StateDict,
  type StateTensor,
} from '../../../src/core/import/stateDict';
import { f32File } from './safetensorsWriter';

const FIXTURES = 'tests/fixtures/import';
const load = (name: string) => parseSafetensors(new Uint8Array(fs.readFileSync(`${FIXTURES}/${name}`))).tensors;

/** A tensor of that shape with distinct, deterministic values (or `fill` at every index). */
function tensor(shape: number[], fill?: number): StateTensor {
  let n = 1;
  for (const d of shape) n *= d;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = fill ?? 0.001 * (i + 1) - 0.01 * shape.length;
  return { shape, data };
}

/** A state_dict of a `kind` module: layers × (weight_ih, weight_hh[, bias_ih, bias_hh]) under `prefix`. */
function moduleDict(kind: RecurrentKind, prefix: string, hidden: number, input: number, layers: number, bias = true): Map<string, StateTensor> {
  const G = GATE_COUNT[kind];
  const out = new Map<string, StateTensor>();
  for (let k = 0; k < layers; k++) {
    out.set(`${prefix}weight_ih_l${k}`, tensor([G * hidden, k === 0 ? input : hidden]));
    out.set(`${prefix}weight_hh_l${k}`, tensor([G * hidden, hidden]));
    if (bias) {
      out.set(`${prefix}bias_ih_l${k}`, tensor([G * hidden]));
      out.set(`${prefix}bias_hh_l${k}`, tensor([G * hidden]));
    }
  }
  return out;
}

const merge = (...dicts: Map<string, StateTensor>[]) => new Map(dicts.flatMap((d) => [...d]));

/** The nested arrays Python's `v.tolist()` gives for a tensor. */
function nest(shape: readonly number[], data: Float64Array): unknown {
  if (shape.length === 0) return data[0];
  let k = 0;
  const build = (d: number): unknown => (d === shape.length ? data[k++] : Array.from({ length: shape[d] }, () => build(d + 1)));
  return build(0);
}

function refuse(dict: StateDict, ...patterns: RegExp[]): string {
  let message = '';
  try {
    findRecurrentModules(dict);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message, 'an error').not.toBe('');
  for (const p of patterns) expect(message).toMatch(p);
  return message;
}

describe('the fixtures numpy wrote', () => {
  it('a 2-layer GRU under encoder.gru. (F32) and its readout', () => {
    const sd = load('gru2_encoder_f32.safetensors');
    const { modules, extra } = findRecurrentModules(sd);
    expect(modules).toHaveLength(1);
    const m = modules[0];
    expect({ prefix: m.prefix, kind: m.kind, hidden: m.hidden, input: m.input, bias: m.bias, layers: m.layers.length }).toEqual({
      prefix: 'encoder.gru.',
      kind: 'gru',
      hidden: 3,
      input: 2,
      bias: true,
      layers: 2,
    });
    expect(moduleName(m)).toBe('encoder.gru');
    for (const k of [0, 1]) {
      expect(m.layers[k].wIh).toEqual(sd.get(`encoder.gru.weight_ih_l${k}`)!.data);
      expect(m.layers[k].wHh).toEqual(sd.get(`encoder.gru.weight_hh_l${k}`)!.data);
      expect(m.layers[k].bIh).toEqual(sd.get(`encoder.gru.bias_ih_l${k}`)!.data);
      expect(m.layers[k].bHh).toEqual(sd.get(`encoder.gru.bias_hh_l${k}`)!.data);
    }
    expect(m.layers[0].wIh.length).toBe(9 * 2);
    expect(m.layers[1].wIh.length).toBe(9 * 3);
    expect(extra).toEqual([
      { name: 'fc.weight', shape: [1, 3] },
      { name: 'fc.bias', shape: [1] },
    ]);
    expect(pickModule({ modules, extra }, null)).toBe(m);
  });

  it('an LSTM with bias=False (F64): zero biases', () => {
    const { modules, extra } = findRecurrentModules(load('lstm_nobias_f64.safetensors'));
    expect(modules).toHaveLength(1);
    const m = modules[0];
    expect([m.prefix, m.kind, m.hidden, m.input, m.bias]).toEqual(['lstm.', 'lstm', 2, 3, false]);
    expect(m.layers[0].bIh).toEqual(new Float64Array(8));
    expect(m.layers[0].bHh).toEqual(new Float64Array(8));
    expect(extra).toEqual([]);
  });

  for (const file of ['rnn_f16.safetensors', 'rnn_bf16.safetensors']) {
    it(`an Elman RNN (${file}); extras may hold non-finite values`, () => {
      const sd = load(file);
      const { modules, extra } = findRecurrentModules(sd);
      expect(modules.map((m) => [m.prefix, m.kind, m.hidden, m.input, m.layers.length])).toEqual([['rnn.', 'rnn', 4, 1, 1]]);
      expect(modules[0].layers[0].wHh).toEqual(sd.get('rnn.weight_hh_l0')!.data);
      expect(extra).toEqual([
        { name: 'fc.weight', shape: [2, 4] },
        { name: 'probe.special', shape: [13] },
      ]);
    });
  }

  it('documents PyTorch gate order', () => {
    expect(GATE_ORDER).toEqual({ rnn: ['h'], gru: ['r', 'z', 'n'], lstm: ['i', 'f', 'g', 'o'] });
    expect(GATE_COUNT).toEqual({ rnn: 1, gru: 3, lstm: 4 });
  });
});

describe('JSON state_dicts', () => {
  it('the JSON json.dump wrote gives the same modules and extras as the safetensors file', () => {
    const fromJson = stateDictFromJson(JSON.parse(fs.readFileSync(`${FIXTURES}/gru2_encoder.json`, 'utf8')));
    const fromSt = load('gru2_encoder_f32.safetensors');
    expect(findRecurrentModules(fromJson)).toEqual(findRecurrentModules(fromSt));
    for (const [name, t] of fromSt) {
      expect(fromJson.get(name)!.shape, name).toEqual(t.shape);
      expect(fromJson.get(name)!.data, name).toEqual(t.data);
    }
  });

  it('nested arrays of every fixture give the same tensors and modules', () => {
    for (const file of ['gru2_encoder_f32.safetensors', 'lstm_nobias_f64.safetensors', 'rnn_f16.safetensors', 'rnn_bf16.safetensors']) {
      const st = load(file);
      // JSON cannot hold NaN or ±∞: leave the probe of special values out
      const obj = Object.fromEntries([...st].filter(([n]) => n !== 'probe.special').map(([n, t]) => [n, nest(t.shape, t.data)]));
      const js = stateDictFromJson(JSON.parse(JSON.stringify(obj)));
      st.delete('probe.special');
      expect([...js.keys()]).toEqual([...st.keys()]);
      for (const [n, t] of st) expect(js.get(n), `${file} ${n}`).toEqual({ shape: t.shape, data: t.data });
      expect(findRecurrentModules(js), file).toEqual(findRecurrentModules(st));
    }
  });

  it('shapes from the nesting: scalars, empty tensors, 3-d', () => {
    const sd = stateDictFromJson({ s: 2.5, e: [], e2: [[], []], c: [[[1, 2]], [[3, 4]]] });
    expect(sd.get('s')).toEqual({ shape: [], data: new Float64Array([2.5]) });
    expect(sd.get('e')).toEqual({ shape: [0], data: new Float64Array(0) });
    expect(sd.get('e2')).toEqual({ shape: [2, 0], data: new Float64Array(0) });
    expect(sd.get('c')).toEqual({ shape: [2, 1, 2], data: new Float64Array([1, 2, 3, 4]) });
  });

  it('refuses ragged arrays and non-numbers, naming the tensor and the entry', () => {
    expect(() => stateDictFromJson({ 'rnn.weight_hh_l0': [[1, 2], [3]] })).toThrow(/tensor 'rnn.weight_hh_l0' is ragged: entry \[1\]/);
    expect(() => stateDictFromJson({ 'rnn.weight_hh_l0': [[1, 2], 3] })).toThrow(/tensor 'rnn.weight_hh_l0' is ragged: entry \[1\] is 3/);
    expect(() => stateDictFromJson({ 'rnn.weight_hh_l0': [1, [2]] })).toThrow(/tensor 'rnn.weight_hh_l0' is ragged: entry \[1\]/);
    expect(() => stateDictFromJson({ 'rnn.weight_hh_l0': [[[1], [2]], [[1], [2, 3]]] })).toThrow(/tensor 'rnn.weight_hh_l0' is ragged: entry \[1, 1\]/);
    expect(() => stateDictFromJson({ 'rnn.weight_hh_l0': [[1, 'x']] })).toThrow(/tensor 'rnn.weight_hh_l0': entry \[0, 1\] is not a number \(got "x"\)/);
    expect(() => stateDictFromJson({ 'fc.bias': [null] })).toThrow(/tensor 'fc.bias': entry \[0\] is not a number \(got null\)/);
    expect(() => stateDictFromJson({ 'fc.bias': [true] })).toThrow(/tensor 'fc.bias': entry \[0\] is not a number/);
    expect(() => stateDictFromJson({ 'fc.bias': { a: 1 } })).toThrow(/tensor 'fc.bias': entry \[\] is not a number \(got an object\)/);
    expect(() => stateDictFromJson({ 'fc.bias': '1.5' })).toThrow(/tensor 'fc.bias'/);
    expect(() => stateDictFromJson([1, 2])).toThrow(/expected a JSON object/);
    expect(() => stateDictFromJson(null)).toThrow(/expected a JSON object/);
  });
});

describe('finding the modules', () => {
  it('every kind, with or without prefix, one to three layers', () => {
    for (const kind of ['rnn', 'gru', 'lstm'] as const) {
      for (const prefix of ['', 'rnn.', 'model.encoder.cell_']) {
        for (const layers of [1, 3]) {
          const sd = moduleDict(kind, prefix, 5, 2, layers);
          const { modules, extra } = findRecurrentModules(sd);
          expect(modules).toHaveLength(1);
          const m = modules[0];
          expect([m.prefix, m.kind, m.hidden, m.input, m.layers.length]).toEqual([prefix, kind, 5, 2, layers]);
          expect(m.layers[layers - 1].wHh).toBe(sd.get(`${prefix}weight_hh_l${layers - 1}`)!.data);
          expect(extra).toEqual([]);
        }
      }
    }
  });

  it('an input of 1 and a hidden size of 1, and 512 units', () => {
    expect(findRecurrentModules(moduleDict('lstm', '', 1, 1, 2)).modules[0].hidden).toBe(1);
    expect(findRecurrentModules(moduleDict('rnn', 'r.', 512, 3, 1, false)).modules[0].hidden).toBe(512);
  });

  it('several modules, the order of their first tensors, and pickModule', () => {
    const sd = merge(
      new Map([['embedding.weight', tensor([10, 2])]]),
      moduleDict('gru', 'encoder.gru.', 4, 2, 2),
      moduleDict('lstm', 'decoder.lstm.', 3, 4, 1),
      new Map([['fc.weight', tensor([2, 3])]]),
    );
    const result = findRecurrentModules(sd);
    expect(result.modules.map(moduleName)).toEqual(['encoder.gru', 'decoder.lstm']);
    expect(result.extra).toEqual([
      { name: 'embedding.weight', shape: [10, 2] },
      { name: 'fc.weight', shape: [2, 3] },
    ]);
    expect(() => pickModule(result, null)).toThrow('several recurrent modules: encoder.gru, decoder.lstm — choose one (--module NAME)');
    expect(pickModule(result, 'decoder.lstm').kind).toBe('lstm');
    expect(pickModule(result, 'encoder.gru.').kind).toBe('gru');
    expect(() => pickModule(result, 'gru')).toThrow("no recurrent module 'gru': the file has encoder.gru, decoder.lstm");
  });

  it('the module saved by itself (empty prefix) is named (root)', () => {
    const result = findRecurrentModules(merge(moduleDict('rnn', '', 2, 1, 1), moduleDict('gru', 'other.', 2, 1, 1)));
    expect(result.modules.map(moduleName)).toEqual([ROOT_MODULE_NAME, 'other']);
    expect(pickModule(result, ROOT_MODULE_NAME).kind).toBe('rnn');
    expect(pickModule(result, '').kind).toBe('rnn');
  });

  it('look-alikes without a weight_hh stay extras', () => {
    const sd = merge(moduleDict('gru', 'gru.', 2, 1, 1), new Map([['head.bias_ih_l0', tensor([3])]]));
    expect(findRecurrentModules(sd).extra).toEqual([{ name: 'head.bias_ih_l0', shape: [3] }]);
  });
});

describe('refusals name the tensor and the problem', () => {
  it('no recurrent layer: says what was found', () => {
    refuse(new Map([['fc.weight', tensor([1, 3])], ['fc.bias', tensor([1])]]), /no recurrent layer/, /2 tensors: fc\.weight \[1, 3\], fc\.bias \[1\]$/);
    const many = new Map(Array.from({ length: 14 }, (_, i) => [`layer${i}.weight`, tensor([i + 1])] as const));
    const msg = refuse(many, /no recurrent layer/, /14 tensors/, /layer0\.weight \[1\]/, /layer9\.weight \[10\]/, /and 4 more/);
    expect(msg).not.toMatch(/layer10\.weight/);
    refuse(new Map(), /no recurrent layer/, /no tensors/);
    refuse(new Map([['cell.weight_hh', tensor([6, 2])]]), /no recurrent layer/, /'cell\.weight_hh' looks like a cell/);
  });

  it('bidirectional layers', () => {
    const sd = merge(moduleDict('gru', 'rnn.', 2, 1, 1), new Map([['rnn.weight_hh_l0_reverse', tensor([6, 2])]]));
    refuse(sd, /tensor 'rnn\.weight_hh_l0_reverse'/, /bidirectional/);
    refuse(merge(moduleDict('gru', 'rnn.', 2, 1, 1), new Map([['rnn.bias_ih_l0_reverse', tensor([6])]])), /'rnn\.bias_ih_l0_reverse'/, /bidirectional/);
  });

  it('proj_size', () => {
    const sd = merge(new Map([['lstm.weight_hr_l0', tensor([2, 4])]]), moduleDict('lstm', 'lstm.', 4, 1, 1));
    refuse(sd, /tensor 'lstm\.weight_hr_l0'/, /proj_size/);
  });

  it('layers not numbered from 0 without gaps', () => {
    const sd = moduleDict('gru', 'rnn.', 2, 1, 3);
    for (const p of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) sd.delete(`rnn.${p}_l1`);
    refuse(sd, /module 'rnn'/, /layer l1 is missing/, /'rnn\.weight_hh_l2'/);
    const noZero = moduleDict('gru', 'rnn.', 2, 2, 2);
    for (const p of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) noZero.delete(`rnn.${p}_l0`);
    refuse(noZero, /layer l0 is missing/);
  });

  it('a parameter without its layer, and a missing weight_ih', () => {
    const sd = moduleDict('gru', 'rnn.', 2, 1, 1);
    sd.set('rnn.weight_ih_l1', tensor([6, 2]));
    refuse(sd, /tensor 'rnn\.weight_ih_l1' has no matching 'rnn\.weight_hh_l1'/);
    const noIh = moduleDict('lstm', 'rnn.', 2, 1, 2);
    noIh.delete('rnn.weight_ih_l1');
    refuse(noIh, /'rnn\.weight_ih_l1' is missing/);
  });

  it('weight_hh shapes that fit no kind', () => {
    refuse(new Map([['rnn.weight_hh_l0', tensor([10, 5])], ['rnn.weight_ih_l0', tensor([10, 1])]]), /tensor 'rnn\.weight_hh_l0' has shape \[10, 5\]/, /expected/, /\[15, 5\] \(GRU\)/);
    refuse(new Map([['rnn.weight_hh_l0', tensor([7, 2])]]), /tensor 'rnn\.weight_hh_l0' has shape \[7, 2\]/);
    refuse(new Map([['rnn.weight_hh_l0', tensor([12])]]), /tensor 'rnn\.weight_hh_l0' has shape \[12\]/);
    refuse(new Map([['rnn.weight_hh_l0', tensor([0, 0])]]), /tensor 'rnn\.weight_hh_l0' has shape \[0, 0\]/);
  });

  it('layers of another kind or size', () => {
    const sd = moduleDict('gru', 'rnn.', 4, 2, 2);
    sd.set('rnn.weight_hh_l1', tensor([16, 4]));
    refuse(sd, /tensor 'rnn\.weight_hh_l1' has shape \[16, 4\], expected \[12, 4\]/, /GRU, H = 4/);
    const sd2 = moduleDict('gru', 'rnn.', 4, 2, 2);
    sd2.set('rnn.weight_hh_l1', tensor([15, 5]));
    refuse(sd2, /tensor 'rnn\.weight_hh_l1' has shape \[15, 5\], expected \[12, 4\]/);
  });

  it('weight_ih shapes: G·H rows, I columns in layer 0, H above', () => {
    const rows = moduleDict('lstm', 'rnn.', 3, 2, 1);
    rows.set('rnn.weight_ih_l0', tensor([9, 2]));
    refuse(rows, /tensor 'rnn\.weight_ih_l0' has shape \[9, 2\], expected \[12, I\]/);
    const upper = moduleDict('lstm', 'rnn.', 3, 2, 2);
    upper.set('rnn.weight_ih_l1', tensor([12, 2]));
    refuse(upper, /tensor 'rnn\.weight_ih_l1' has shape \[12, 2\], expected \[12, 3\]/, /reads the H outputs of l0/);
    const flat = moduleDict('rnn', 'rnn.', 3, 2, 1);
    flat.set('rnn.weight_ih_l0', tensor([6]));
    refuse(flat, /tensor 'rnn\.weight_ih_l0' has shape \[6\]/);
  });

  it('biases: G·H long, both or neither, the same in every layer', () => {
    const len = moduleDict('gru', 'rnn.', 3, 1, 1);
    len.set('rnn.bias_hh_l0', tensor([8]));
    refuse(len, /tensor 'rnn\.bias_hh_l0' has shape \[8\], expected \[9\]/);
    const twoD = moduleDict('gru', 'rnn.', 3, 1, 1);
    twoD.set('rnn.bias_ih_l0', tensor([9, 1]));
    refuse(twoD, /tensor 'rnn\.bias_ih_l0' has shape \[9, 1\], expected \[9\]/);
    const half = moduleDict('gru', 'rnn.', 3, 1, 1);
    half.delete('rnn.bias_hh_l0');
    refuse(half, /tensor 'rnn\.bias_ih_l0' is present but 'rnn\.bias_hh_l0' is missing/);
    const otherHalf = moduleDict('gru', 'rnn.', 3, 1, 1);
    otherHalf.delete('rnn.bias_ih_l0');
    refuse(otherHalf, /tensor 'rnn\.bias_hh_l0' is present but 'rnn\.bias_ih_l0' is missing/);
    const mixed = moduleDict('gru', 'rnn.', 3, 1, 2);
    mixed.delete('rnn.bias_ih_l1');
    mixed.delete('rnn.bias_hh_l1');
    refuse(mixed, /layer l1 has no biases/, /'rnn\.bias_ih_l1' missing/);
  });

  it('values that do not fill the shape', () => {
    const sd = moduleDict('rnn', 'rnn.', 3, 1, 1);
    sd.set('rnn.weight_hh_l0', { shape: [3, 3], data: new Float64Array(8) });
    refuse(sd, /tensor 'rnn\.weight_hh_l0' has shape \[3, 3\] but 8 values/);
  });

  it('non-finite values, with the index', () => {
    for (const [bad, name, at, idx] of [
      [NaN, 'rnn.weight_hh_l0', 2 * 3 + 1, /index \[2, 1\]/],
      [Infinity, 'rnn.bias_ih_l1', 5, /index \[5\]/],
      [-Infinity, 'rnn.weight_ih_l1', 3 * 3 + 2, /index \[3, 2\]/],
    ] as const) {
      const sd = moduleDict('gru', 'rnn.', 3, 2, 2);
      sd.get(name)!.data[at] = bad;
      refuse(sd, new RegExp(`tensor '${name.replace(/\./g, '\\.')}' has a non-finite value \\(${bad}\\)`), idx);
    }
  });

  it('more than 512 units', () => {
    refuse(moduleDict('rnn', 'big.', 513, 1, 1), /tensor 'big\.weight_hh_l0'/, /513 hidden units/, /up to 512 units per layer/);
    refuse(moduleDict('gru', 'big.', 600, 1, 1, false), /up to 512 units per layer/);
  });

  it('from a file: an LSTM checkpoint in F32 read end to end', () => {
    const H = 2;
    const file = f32File({
      'lstm.weight_ih_l0': { shape: [4 * H, 1], values: [1, 2, 3, 4, 5, 6, 7, 8] },
      'lstm.weight_hh_l0': { shape: [4 * H, H], values: Array.from({ length: 16 }, (_, i) => i / 4) },
      'lstm.bias_ih_l0': { shape: [4 * H], values: new Array(8).fill(0.5) },
      'lstm.bias_hh_l0': { shape: [4 * H], values: new Array(8).fill(-0.25) },
      'lstm.weight_hh_l0_reverse': { shape: [4 * H, H], values: new Array(16).fill(0) },
    });
    refuse(parseSafetensors(file).tensors, /'lstm\.weight_hh_l0_reverse'/, /bidirectional/);
  });
});
