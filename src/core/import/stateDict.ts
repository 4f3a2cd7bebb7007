/**
 * The recurrent modules of a PyTorch state_dict (issue #14): from the flat map of
 * tensor names to values — read from a `.safetensors` file (safetensors.ts) or
 * from a `.json` of names to nested arrays (`stateDictFromJson`) — find the
 * nn.RNN / nn.GRU / nn.LSTM modules, check every shape, and hand back their
 * weight matrices as stored. Pure: no DOM, no file system.
 *
 * PyTorch names a recurrent module's parameters `<prefix>weight_ih_l<k>`,
 * `<prefix>weight_hh_l<k>`, `<prefix>bias_ih_l<k>`, `<prefix>bias_hh_l<k>` for
 * layer k, where the prefix is the module's path in the model (`rnn.`,
 * `encoder.gru.`, or nothing when the module itself was saved). A layer is
 * found by its `weight_hh_l<k>`; the prefixes group layers into modules.
 *
 * For G gates (G = 1 Elman RNN, 3 GRU, 4 LSTM — read off weight_hh's shape),
 * hidden size H and input size I (layer 0's; later layers take the H outputs
 * of the one below):
 *   weight_ih_l<k>  [G·H, I_k]   (I_0 = I, I_k = H for k ≥ 1)
 *   weight_hh_l<k>  [G·H, H]
 *   bias_ih_l<k>, bias_hh_l<k>  [G·H]   (both absent with bias=False: zeros)
 * The G blocks of H rows are the gates in PyTorch's order, kept as stored:
 *   GRU   rows r, z, n   (reset, update, new):
 *           r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
 *           n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h
 *   LSTM  rows i, f, g, o  (input, forget, cell, output):
 *           c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
 *   RNN   one block:  h' = tanh(W_ih x + b_ih + W_hh h + b_hh)  (or relu)
 * A later step builds the maps from them.
 *
 * Refused, naming the tensor and the problem: bidirectional modules (`…_reverse`),
 * LSTMs with proj_size (`weight_hr_l<k>`), shapes that do not fit (expected vs
 * got), layers not numbered l0, l1, … without gaps, a bias without its partner,
 * non-finite values (with the index), more than 512 units per layer, and a
 * state_dict with no recurrent layer at all (listing what it does hold).
 * Every other tensor (a readout's `fc.weight`, …) is listed as `extra`.
 */

/** A tensor of a state_dict: its shape and its values, row-major. */
export interface StateTensor {
  shape: readonly number[];
  data: Float64Array;
}

/** A flat state_dict: tensor names to tensors (a safetensors file's `tensors` is one). */
export type StateDict = ReadonlyMap<string, StateTensor>;

export type RecurrentKind = 'rnn' | 'gru' | 'lstm';

/** Gates per kind: the G in the G·H rows of every weight matrix and bias. */
export const GATE_COUNT: Readonly<Record<RecurrentKind, number>> = { rnn: 1, gru: 3, lstm: 4 };

/** PyTorch's order of the gate blocks of rows (each H rows) in weights and biases. */
export const GATE_ORDER: Readonly<Record<RecurrentKind, readonly string[]>> = { rnn: ['h'], gru: ['r', 'z', 'n'], lstm: ['i', 'f', 'g', 'o'] };

/** Most units per layer that are imported. */
export const MAX_HIDDEN = 512;

/**
 * One layer's parameters as stored, row-major, gate blocks in PyTorch's order
 * (GATE_ORDER). The arrays are the state_dict's own (not copied), zeros for the
 * biases of a bias=False module.
 */
export interface RecurrentLayer {
  /** [G·H × I_k]: I_0 = the module's input size, I_k = H above the first layer. */
  wIh: Float64Array;
  /** [G·H × H] */
  wHh: Float64Array;
  /** [G·H] */
  bIh: Float64Array;
  /** [G·H] */
  bHh: Float64Array;
}

export interface RecurrentModule {
  /** What precedes the parameter names, e.g. 'encoder.gru.' ('' for a module saved by itself). */
  prefix: string;
  kind: RecurrentKind;
  /** H, units per layer. */
  hidden: number;
  /** I, the input size of layer 0. */
  input: number;
  /** Whether the state_dict holds biases (false: bias=False, the layers' biases are zeros). */
  bias: boolean;
  /** Layers l0, l1, … bottom to top. */
  layers: RecurrentLayer[];
}

export interface RecurrentImport {
  /** The recurrent modules in the order their first tensor appears. */
  modules: RecurrentModule[];
  /** Every tensor that belongs to no recurrent module, in the state_dict's order (shown, not needed). */
  extra: { name: string; shape: number[] }[];
}

/** The name shown for, and accepted as, the module with an empty prefix. */
export const ROOT_MODULE_NAME = '(root)';

/** A module's name: its prefix without the trailing '.' (ROOT_MODULE_NAME for the empty prefix). */
export function moduleName(m: Pick<RecurrentModule, 'prefix'>): string {
  const name = m.prefix.endsWith('.') ? m.prefix.slice(0, -1) : m.prefix;
  return name === '' ? ROOT_MODULE_NAME : name;
}

const KIND_LABEL: Readonly<Record<RecurrentKind, string>> = { rnn: 'Elman RNN', gru: 'GRU', lstm: 'LSTM' };
const KIND_OF_GATES: Readonly<Record<number, RecurrentKind>> = { 1: 'rnn', 3: 'gru', 4: 'lstm' };

function fail(message: string): never {
  throw new Error(`state_dict: ${message}`);
}

const fmtShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Flat index → [i, j, …] in a row-major array of that shape. */
function multiIndex(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = shape[d] > 0 ? flat % shape[d] : 0;
    flat = Math.floor(flat / (shape[d] || 1));
  }
  return idx;
}

// ---------------------------------------------------------------- JSON state_dicts

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/**
 * A state_dict written as JSON (`json.dump({k: v.tolist() for k, v in sd.items()}, f)`):
 * an object of tensor names to nested arrays of numbers (or a bare number, a
 * 0-dimensional tensor). Shapes come from the nesting, values are row-major.
 * Throws, naming the tensor and the entry, for ragged arrays and anything that
 * is not a number (null, strings, booleans …).
 */
export function stateDictFromJson(obj: unknown): Map<string, StateTensor> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    fail(`expected a JSON object of tensor names to nested arrays of numbers (got ${describe(obj)})`);
  const out = new Map<string, StateTensor>();
  for (const [name, value] of Object.entries(obj)) {
    const shape: number[] = [];
    for (let v: unknown = value; Array.isArray(v); v = v[0]) {
      shape.push(v.length);
      if (v.length === 0) break;
    }
    const data = new Float64Array(product(shape));
    let k = 0;
    const at = (path: number[]) => `[${path.join(', ')}]`;
    const walk = (v: unknown, path: number[]): void => {
      const depth = path.length;
      if (depth === shape.length) {
        if (typeof v !== 'number') fail(`tensor '${name}': entry ${at(path)} is not a number (got ${describe(v)})`);
        data[k++] = v;
        return;
      }
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        const first = path.length ? `entry ${at([...path.slice(0, -1), 0])}` : 'the tensor';
        fail(`tensor '${name}' is ragged: entry ${at(path)} is ${describe(v)}, but ${first} has ${shape[depth]} (shape ${fmtShape(shape)} from the first entries)`);
      }
      if (depth === shape.length - 1) {
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (typeof x !== 'number') {
            if (Array.isArray(x)) fail(`tensor '${name}' is ragged: entry ${at([...path, i])} is ${describe(x)} where a number was expected (shape ${fmtShape(shape)} from the first entries)`);
            fail(`tensor '${name}': entry ${at([...path, i])} is not a number (got ${describe(x)})`);
          }
          data[k++] = x;
        }
        return;
      }
      for (let i = 0; i < v.length; i++) walk(v[i], [...path, i]);
    };
    walk(value, []);
    out.set(name, { shape, data });
  }
  return out;
}

// ---------------------------------------------------------------- finding the recurrent modules

type Param = 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh';

const RECURRENT_NAME = /^(.*)(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(0|[1-9][0-9]*)(_reverse)?$/;

/** Up to 10 names with shapes, and how many more. */
function listTensors(dict: StateDict): string {
  if (dict.size === 0) return 'it holds no tensors';
  const shown = [...dict].slice(0, 10).map(([name, t]) => `${name} ${fmtShape(t.shape)}`);
  const more = dict.size > shown.length ? `, … and ${dict.size - shown.length} more` : '';
  return `it holds ${dict.size} tensor${dict.size === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
}

function checkData(name: string, t: StateTensor): void {
  if (t.data.length !== product(t.shape)) fail(`tensor '${name}' has shape ${fmtShape(t.shape)} but ${t.data.length} values`);
}

function checkFinite(name: string, t: StateTensor): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) fail(`tensor '${name}' has a non-finite value (${d[i]}) at index ${fmtShape(multiIndex(i, t.shape))}`);
  }
}

interface Found {
  prefix: string;
  /** layer → parameter → tensor name */
  layers: Map<number, Map<Param, string>>;
}

/**
 * The recurrent modules of a state_dict, checked, and the tensors that belong
 * to none. Throws an Error naming the tensor and the problem (see the file's
 * comment for the list).
 */
export function findRecurrentModules(dict: StateDict): RecurrentImport {
  // 1. names: refuse what cannot be imported, group the recurrent parameters by prefix
  const byPrefix = new Map<string, Found>();
  for (const [name, t] of dict) {
    const m = RECURRENT_NAME.exec(name);
    if (!m) continue;
    const [, prefix, param, layer, reverse] = m;
    if (reverse) fail(`tensor '${name}' ${fmtShape(t.shape)} belongs to a bidirectional layer (bidirectional=True), which is not supported: import a unidirectional module`);
    if (param === 'weight_hr')
      fail(`tensor '${name}' ${fmtShape(t.shape)} is an LSTM projection (proj_size > 0), which is not supported: import an LSTM without proj_size`);
    let found = byPrefix.get(prefix);
    if (!found) byPrefix.set(prefix, (found = { prefix, layers: new Map() }));
    const k = Number(layer);
    if (!found.layers.has(k)) found.layers.set(k, new Map());
    found.layers.get(k)!.set(param as Param, name);
  }
  // a prefix is a module when it has a weight_hh; other look-alikes stay extras
  const found = [...byPrefix.values()].filter((f) => [...f.layers.values()].some((p) => p.has('weight_hh')));
  if (found.length === 0) {
    const cells = [...dict.keys()].filter((n) => /(^|\.)weight_hh$/.test(n));
    const cellHint = cells.length ? ` ('${cells[0]}' looks like a cell — nn.RNNCell, nn.GRUCell, nn.LSTMCell — which is not recognised)` : '';
    fail(`no recurrent layer found (no tensor named like 'rnn.weight_hh_l0' from nn.RNN, nn.GRU or nn.LSTM)${cellHint}; ${listTensors(dict)}`);
  }

  // 2. each module: layers, kind, sizes, biases, values
  const used = new Set<string>();
  const modules = found.map((f) => buildModule(dict, f, used));
  const extra = [...dict].filter(([name]) => !used.has(name)).map(([name, t]) => ({ name, shape: [...t.shape] }));
  return { modules, extra };
}

function buildModule(dict: StateDict, f: Found, used: Set<string>): RecurrentModule {
  const { prefix } = f;
  const label = `module '${moduleName(f)}'`;
  const ks = [...f.layers.keys()].sort((a, b) => a - b);
  const withHh = ks.filter((k) => f.layers.get(k)!.has('weight_hh'));
  for (const k of ks) {
    const params = f.layers.get(k)!;
    if (!params.has('weight_hh')) {
      const orphan = params.values().next().value!;
      fail(`tensor '${orphan}' has no matching '${prefix}weight_hh_l${k}' (${label} has layers ${withHh.map((j) => `l${j}`).join(', ')})`);
    }
  }
  ks.forEach((k, i) => {
    if (k !== i) fail(`${label}: layer l${i} is missing ('${prefix}weight_hh_l${i}' not found, but '${prefix}weight_hh_l${k}' is): layers must be numbered l0, l1, … without gaps`);
  });

  // kind and H from layer 0's weight_hh
  const hh0 = f.layers.get(0)!.get('weight_hh')!;
  const t0 = dict.get(hh0)!;
  if (t0.shape.length !== 2 || t0.shape[1] === 0)
    fail(`tensor '${hh0}' has shape ${fmtShape(t0.shape)}, expected [G·H, H] with H ≥ 1 (G = 1 RNN, 3 GRU, 4 LSTM)`);
  const hidden = t0.shape[1];
  const gates = t0.shape[0] / hidden;
  const kind = KIND_OF_GATES[gates];
  if (!kind)
    fail(`tensor '${hh0}' has shape ${fmtShape(t0.shape)}, expected [G·H, H] = [${hidden}, ${hidden}] (RNN), [${3 * hidden}, ${hidden}] (GRU) or [${4 * hidden}, ${hidden}] (LSTM)`);
  if (hidden > MAX_HIDDEN) fail(`tensor '${hh0}' ${fmtShape(t0.shape)}: ${label} has ${hidden} hidden units, but the lab imports up to ${MAX_HIDDEN} units per layer`);
  const rows = gates * hidden;
  const what = `${KIND_LABEL[kind]}, H = ${hidden}`;

  const expectShape = (name: string, expected: number[], why: string): StateTensor => {
    const t = dict.get(name)!;
    const ok = t.shape.length === expected.length && t.shape.every((d, i) => d === expected[i]);
    if (!ok) fail(`tensor '${name}' has shape ${fmtShape(t.shape)}, expected ${fmtShape(expected)} (${why})`);
    checkData(name, t);
    return t;
  };

  let input = 0;
  let bias: boolean | null = null;
  const layers: RecurrentLayer[] = [];
  for (const k of ks) {
    const params = f.layers.get(k)!;
    const hhName = params.get('weight_hh')!;
    const hh = dict.get(hhName)!;
    if (k > 0 && (hh.shape.length !== 2 || hh.shape[0] !== rows || hh.shape[1] !== hidden)) {
      fail(`tensor '${hhName}' has shape ${fmtShape(hh.shape)}, expected ${fmtShape([rows, hidden])}: every layer of ${label} must be a ${what} like layer l0`);
    }
    expectShape(hhName, [rows, hidden], `${what}: [G·H, H]`);

    const ihName = params.get('weight_ih');
    if (!ihName) fail(`${label}: tensor '${prefix}weight_ih_l${k}' is missing (layer l${k} has '${hhName}')`);
    const ihT = dict.get(ihName)!;
    if (k === 0) {
      if (ihT.shape.length !== 2 || ihT.shape[0] !== rows)
        fail(`tensor '${ihName}' has shape ${fmtShape(ihT.shape)}, expected [${rows}, I] (${what}: [G·H, input size])`);
      input = ihT.shape[1];
    }
    const ih = expectShape(ihName, [rows, k === 0 ? input : hidden], k === 0 ? `${what}: [G·H, input size]` : `${what}: [G·H, H], layer l${k} reads the H outputs of l${k - 1}`);

    const bIhName = params.get('bias_ih');
    const bHhName = params.get('bias_hh');
    if (!!bIhName !== !!bHhName) {
      const [has, lacks] = bIhName ? [bIhName, `${prefix}bias_hh_l${k}`] : [bHhName!, `${prefix}bias_ih_l${k}`];
      fail(`tensor '${has}' is present but '${lacks}' is missing: a module has both biases or neither (bias=False)`);
    }
    const hasBias = !!bIhName;
    if (bias !== null && hasBias !== bias)
      fail(`${label}: layer l${k} ${hasBias ? `has biases ('${bIhName}')` : `has no biases ('${prefix}bias_ih_l${k}' missing)`} but layer l0 ${bias ? 'has' : 'has none'}: bias is set for the whole module`);
    bias = hasBias;
    const bIh = hasBias ? expectShape(bIhName!, [rows], `${what}: G·H`).data : new Float64Array(rows);
    const bHh = hasBias ? expectShape(bHhName!, [rows], `${what}: G·H`).data : new Float64Array(rows);

    for (const name of params.values()) {
      checkFinite(name, dict.get(name)!);
      used.add(name);
    }
    layers.push({ wIh: ih.data, wHh: hh.data, bIh, bHh });
  }
  return { prefix, kind, hidden, input, bias: bias!, layers };
}

/**
 * The module to import: the only one when `name` is null, else the one of
 * that name (moduleName, or its prefix as written). Throws when there are
 * several and no name, or when no module has the name (listing the available ones).
 */
export function pickModule(result: RecurrentImport, name: string | null): RecurrentModule {
  const names = result.modules.map(moduleName);
  if (name === null) {
    if (result.modules.length === 1) return result.modules[0];
    if (result.modules.length === 0) fail('no recurrent module');
    throw new Error(`several recurrent modules: ${names.join(', ')} — choose one (--module NAME)`);
  }
  const m = result.modules.find((mod) => moduleName(mod) === name || mod.prefix === name || (name === '' && mod.prefix === ''));
  if (!m) throw new Error(`no recurrent module '${name}': the file has ${names.length ? names.join(', ') : 'none'}`);
  return m;
}
