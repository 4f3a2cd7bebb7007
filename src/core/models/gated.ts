/**
 * Gated recurrent networks as vector maps — the GRU (gru.ts) and the LSTM
 * (lstm.ts) of Paper A's class 𝓡 = {RNN, LSTM, GRU, PLRNN} — with PyTorch's
 * equations and PyTorch's default initialisation. This file holds what the two
 * share: the seeded draw (PyTorch's tensors, in PyTorch's order), the stack of
 * layers as one map on the concatenated state (step, tangent step, Jacobian,
 * backward pass), the module built from a cell, and the numpy source.
 *
 * A cell (one layer of H units, `GatedCell`) does the elementwise work: the
 * gates from the pre-activations, the next state, the gate derivatives of a
 * tangent frame, its ln|det| and the elementwise part of the backward pass.
 * The stack does the products with the weights: ah = W_hh·h + b_hh,
 * ai = W_ih·x + b_ih, and their tangent twins W_hh·Q_h and W_ih·Q_x.
 *
 * Layers: layer 0 is fed the input x_t = u_t (input size I = 1: u_t times the
 * column weight_ih, the lab's input along a seeded direction), layer l > 0 the
 * new h of layer l − 1 at the same step (I = H). The state is the layers'
 * states one after the other (GRU: h; LSTM: h then c), so the Jacobian is
 * block lower triangular and ln|det J| is the sum of the layers' own blocks.
 * The models of the registry use one layer (a key for the number of layers is
 * a later step); the stack is tested with two.
 */
import { fmt } from '../format';
import { matmul, matvec, matvec2 } from '../linalg/dense';
import { logAbsDet } from '../linalg/lu';
import { Rng } from '../linalg/rng';
import { arenaDoubles, type Arena } from '../linalg/simd';
import { findRecurrentModules, pickModule, stateDictFromJson, type RecurrentModule } from '../import/stateDict';
import { inputAt, NO_INPUT, type InputSpec } from './laws';
import { pyArray, pyNumber, pyStr } from './numpy';
import { GATED_BATCH_PARAMS, GATED_EXACT_PARAMS, gatedColumnCost, gatedColumns } from './gatedColumns';
import type { DiffModel, Importer, MapND, ModelFormula, ModelNDModule, ModelParamKey, ModelParams, NumpyRebuild } from './types';

export type GatedKind = 'gru' | 'lstm' | 'elman';

/** Gates per unit (the row blocks of PyTorch's weight_ih / weight_hh): GRU r, z, n; LSTM i, f, g, o; the Elman RNN's one pre-activation. */
export const GATES: Record<GatedKind, number> = { gru: 3, lstm: 4, elman: 1 };
/** State numbers per unit: GRU and Elman h; LSTM h and c. */
export const STATE_PER_UNIT: Record<GatedKind, number> = { gru: 1, lstm: 2, elman: 1 };

/** One layer's tensors at g = 1, PyTorch's layout (row-major): weight_ih (G·H × I), weight_hh (G·H × H), bias_ih, bias_hh (G·H). */
export interface GatedLayerWeights {
  I: number;
  Wih: Float64Array;
  Whh: Float64Array;
  bih: Float64Array;
  bhh: Float64Array;
}

export interface GatedWeights {
  kind: GatedKind;
  /** Units per layer. */
  H: number;
  layers: GatedLayerWeights[];
}

/** Units H of a gated network (the key k); an imported one may have up to 512 per layer (issue #14). */
export const GATED_UNITS = { min: 2, max: 512 };

export function gatedDimension(kind: GatedKind, H: number, layers = 1): number {
  return STATE_PER_UNIT[kind] * H * layers;
}

/**
 * Draw a gated network as PyTorch initialises nn.GRU / nn.LSTM: every tensor
 * U(−1/√H, 1/√H), here s·(2u − 1) with u the uniforms of the app's Rng(seed).
 * Draw order (fixed): for each layer l = 0, 1, …, PyTorch's parameter order
 * weight_ih_l{l} (row-major), weight_hh_l{l}, bias_ih_l{l}, bias_hh_l{l};
 * then the start: N(0, 1) normals for the whole state in state order (per
 * layer h, and for the LSTM then c: c₀ is seeded too, not 0).
 * g (not drawn) scales weight_hh only.
 */
export function drawGated(kind: GatedKind, H: number, layers: number, seed: number): { weights: GatedWeights; x0: Float64Array } {
  const rng = new Rng(seed);
  const s = 1 / Math.sqrt(H);
  const uniform = (len: number): Float64Array => {
    const a = new Float64Array(len);
    for (let i = 0; i < len; i++) a[i] = s * (2 * rng.uniform() - 1);
    return a;
  };
  const GH = GATES[kind] * H;
  const ls: GatedLayerWeights[] = [];
  for (let l = 0; l < layers; l++) {
    const I = l === 0 ? 1 : H;
    const Wih = uniform(GH * I);
    const Whh = uniform(GH * H);
    const bih = uniform(GH);
    const bhh = uniform(GH);
    ls.push({ I, Wih, Whh, bih, bhh });
  }
  return { weights: { kind, H, layers: ls }, x0: rng.normals(gatedDimension(kind, H, layers)) };
}

/** The last draw of each kind, reused while only g or the input changes (a drag of g builds a map every frame). */
const lastDraw = new Map<GatedKind, { key: string; value: ReturnType<typeof drawGated> }>();

function drawCached(kind: GatedKind, H: number, layers: number, seed: number): ReturnType<typeof drawGated> {
  const key = `${H}|${layers}|${seed}`;
  const hit = lastDraw.get(kind);
  if (hit?.key === key) return hit.value;
  const value = drawGated(kind, H, layers, seed);
  lastDraw.set(kind, { key, value });
  return value;
}

/** The stack kind of a PyTorch recurrent module: nn.RNN's layers are the Elman stack's. */
export function gatedKindOf(kind: RecurrentModule['kind']): GatedKind {
  return kind === 'rnn' ? 'elman' : kind;
}

/** A gated network from a PyTorch module's layers (core/import/stateDict.ts), tensors as stored. */
export function gatedFromModule(m: Pick<RecurrentModule, 'kind' | 'hidden' | 'input' | 'layers'>): GatedWeights {
  return {
    kind: gatedKindOf(m.kind),
    H: m.hidden,
    layers: m.layers.map((l, i) => ({ I: i === 0 ? m.input : m.hidden, Wih: l.wIh, Whh: l.wHh, bih: l.bIh, bhh: l.bHh })),
  };
}

/**
 * The start and the input of an imported network: x₀ ~ N(0, 1) for the whole
 * state and, when layer 0 reads I > 1 inputs, the input direction v ~ N(0, 1)^I
 * (x_t = u_t·v, as the RNN's input enters along v), from the seed like the
 * RNN's seededVectors. The map's layer 0 then reads the one column weight_ih·v
 * (each row summed in ascending j), so the stack has one input number u_t.
 */
export function importedGated(w: GatedWeights, seed: number): { weights: GatedWeights; x0: Float64Array } {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const x0 = rng.normals(gatedDimension(w.kind, w.H, w.layers.length));
  const first = w.layers[0];
  if (first.I === 1) return { weights: w, x0 };
  const v = rng.normals(first.I);
  const GH = GATES[w.kind] * w.H;
  const col = new Float64Array(GH);
  for (let r = 0; r < GH; r++) {
    let acc = 0;
    for (let j = 0; j < first.I; j++) acc += first.Wih[r * first.I + j] * v[j];
    col[r] = acc;
  }
  return { weights: { ...w, layers: [{ ...first, I: 1, Wih: col }, ...w.layers.slice(1)] }, x0 };
}

/** The numbers of a gated network in a fixed order: L, I, then per layer weight_ih, weight_hh, bias_ih, bias_hh. */
function packGated(w: GatedWeights): Float64Array {
  // copied array by array: a 50 MB file's weight_ih (millions of numbers) would overflow the stack as push(...) arguments
  let len = 2;
  for (const l of w.layers) len += l.Wih.length + l.Whh.length + l.bih.length + l.bhh.length;
  const out = new Float64Array(len);
  out[0] = w.layers.length;
  out[1] = w.layers[0].I;
  let o = 2;
  for (const l of w.layers)
    for (const a of [l.Wih, l.Whh, l.bih, l.bhh]) {
      out.set(a, o);
      o += a.length;
    }
  return out;
}

function unpackGated(kind: GatedKind, vals: Float64Array): GatedWeights | string {
  const L = vals[0];
  const I = vals[1];
  if (!(Number.isInteger(L) && L >= 1 && L <= 8 && Number.isInteger(I) && I >= 1)) return 'the weights in the link have the wrong layout';
  const G = GATES[kind];
  for (let H = GATED_UNITS.min; H <= GATED_UNITS.max; H++) {
    const GH = G * H;
    const len = 2 + GH * I + (L - 1) * GH * H + L * (GH * H + 2 * GH);
    if (len > vals.length) break;
    if (len !== vals.length) continue;
    const layers: GatedLayerWeights[] = [];
    let o = 2;
    const take = (n: number) => vals.slice(o, (o += n));
    for (let l = 0; l < L; l++) {
      const Il = l === 0 ? I : H;
      layers.push({ I: Il, Wih: take(GH * Il), Whh: take(GH * H), bih: take(GH), bhh: take(GH) });
    }
    return { kind, H, layers };
  }
  return 'the weights in the link have the wrong length';
}

/** The state_dict names of a gated network's tensors, as nested arrays (a .json PyTorch can load back). */
function gatedStateDictJson(w: GatedWeights): Record<string, unknown> {
  const G = GATES[w.kind];
  const rows = (m: Float64Array, cols: number) => Array.from({ length: G * w.H }, (_, r) => Array.from(m.subarray(r * cols, (r + 1) * cols)));
  const out: Record<string, unknown> = {};
  w.layers.forEach((l, k) => {
    out[`weight_ih_l${k}`] = rows(l.Wih, l.I);
    out[`weight_hh_l${k}`] = rows(l.Whh, w.H);
    out[`bias_ih_l${k}`] = Array.from(l.bih);
    out[`bias_hh_l${k}`] = Array.from(l.bhh);
  });
  return out;
}

/** Weight files of a gated model: a state_dict as JSON (names to nested arrays), with or without "model". */
function gatedImporter(kind: GatedKind, label: string, hashSalt: number): Importer<GatedWeights> {
  return {
    owns: (d) => 'layers' in d && (d as GatedWeights).kind === kind,
    parse(o) {
      // the lab's own keys beside the tensors
      const { model: _model, activation: _activation, ...tensors } = o;
      let m: RecurrentModule;
      try {
        m = pickModule(findRecurrentModules(stateDictFromJson(tensors)), null);
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      if (gatedKindOf(m.kind) !== kind) return { ok: false, error: `"model" is "${kind}" but the tensors are those of ${m.kind === 'rnn' ? 'an Elman RNN' : `a ${m.kind.toUpperCase()}`}, not of a ${label}` };
      return { ok: true, weights: gatedFromModule(m), patch: { k: m.hidden } };
    },
    toJson: (w) => ({ model: kind, ...gatedStateDictJson(w) }),
    pack: packGated,
    unpack: (vals) => unpackGated(kind, vals),
    width: (w) => w.H,
    hashSalt,
    asIs: { g: 1 },
  };
}

/**
 * One layer's elementwise work. The stack fills `ah` = W_hh·h + b_hh and
 * `ai` = W_ih·x + b_ih (G·H each, gate blocks in PyTorch's order) before
 * `gates`; `combine`, `logDetOwn` and `backward` read what the last `gates`
 * kept. Offsets are element offsets into the arrays given.
 */
export interface GatedCell {
  readonly H: number;
  /** Gates per unit. */
  readonly G: number;
  /** State numbers of the layer (H or 2H). */
  readonly S: number;
  readonly ah: Float64Array;
  readonly ai: Float64Array;
  /** From ah, ai and the layer's state s[so … so + S): the gates (kept) and next[no … no + S). */
  gates(s: Float64Array, so: number, next: Float64Array, no: number): void;
  /**
   * Y[yo …] (S × k) = ∂next/∂s · Q[qo …] (the layer's S rows of the frame) + the input's part,
   * given Ph = W_hh·Q_h and Px = W_ih·(the input's tangent), G·H × k each (Px null: no input tangent).
   */
  combine(Q: Float64Array, qo: number, k: number, Ph: Float64Array, Px: Float64Array | null, Y: Float64Array, yo: number): void;
  /** ln|det ∂next/∂s| (the layer's own block of the Jacobian). */
  logDetOwn(): number;
  /**
   * The elementwise backward pass for gN = ∂L/∂next (S): gS[go …] = the direct part of
   * ∂L/∂s (the stack adds W_hhᵀ·eh to its h part), eh = ∂L/∂ah and ei = ∂L/∂ai (G·H).
   */
  backward(gN: Float64Array, gS: Float64Array, go: number, eh: Float64Array, ei: Float64Array): void;
}

/**
 * ln|det| of a cell's own H × H Jacobian block, dense by LU, for cells whose
 * block has no product form (the GRU, the Elman layer): the cell's tangent of
 * the identity frame with W_hh·I = W_hh. The work arrays are allocated on the
 * first call and kept (a full spectrum asks every step).
 */
export class OwnBlockLogDet {
  private eye: Float64Array | null = null;
  private J: Float64Array | null = null;
  private lu: Float64Array | null = null;

  constructor(private readonly H: number) {}

  of(cell: Pick<GatedCell, 'combine'>, Whh: Float64Array): number {
    const H = this.H;
    if (!this.eye) {
      this.eye = new Float64Array(H * H);
      for (let i = 0; i < H; i++) this.eye[i * H + i] = 1;
      this.J = new Float64Array(H * H);
      this.lu = new Float64Array(H * H);
    }
    cell.combine(this.eye, 0, H, Whh, null, this.J!, 0);
    return logAbsDet(H, this.J!, this.lu!);
  }
}

/** What makes a gated model: its cell, names and texts (gru.ts, lstm.ts). */
export interface GatedSpec {
  kind: GatedKind;
  /** A cell of H units whose recurrent weights (as the network uses them, g·W_hh) are Whh. */
  makeCell(H: number, Whh: Float64Array): GatedCell;
  /** The cell and its numpy for the link's parameters (the Elman stack's φ); without it makeCell and pyCell are fixed. */
  withParams?(p: ModelParams): Pick<GatedSpec, 'makeCell' | 'pyCell'>;
  /** Parameters of the link the model reads beyond g, k, seed and the input (the Elman stack's act). */
  params?: readonly ModelParamKey[];
  /** A weight scale at which every step contracts, for the gradient meter's reference (default g = 0). */
  contracting?(p: ModelParams, w: GatedWeights): { at: number; label: string };
  label: string;
  name: string;
  startName: string;
  numpyStart?: string;
  eigenText: ModelNDModule['eigenText'];
  /** The top bar's formula (text) and the cell's equations (the start of the detail). */
  formulaText: string;
  equations: string;
  /** What the state is, for the numpy header: "h" or "h then c". */
  stateText: string;
  /** numpy: cell(s, ah, ai) → (next, keep) and cell_tangent(keep, Qs, Ph, Px), the app's operations in its order. */
  pyCell: string;
  /** The contracting reference of the gradient meter (at g = 0), in words. */
  contractingLabel: string;
  defaults: Readonly<Record<string, number | string>>;
}

/**
 * A stack of gated layers as one map of the concatenated state, and its own
 * differentiable model: θ = the recurrent weights as the network uses them,
 * g·weight_hh of every layer one after the other (live: each cell reads its
 * block of θ).
 */
export class GatedMap implements MapND, DiffModel {
  readonly n: number;
  readonly H: number;
  readonly theta: Float64Array;
  readonly thetaLabel = 'g·W_hh';
  readonly cells: GatedCell[];
  private readonly layers: GatedLayerWeights[];
  /** First state index of each layer. */
  private readonly off: number[];
  private readonly x0: Float64Array;
  private readonly input: InputSpec;
  private Ph: Float64Array = new Float64Array(0);
  private Px: Float64Array = new Float64Array(0);
  private eye: Float64Array | null = null;
  private scratch: Float64Array;
  private readonly eh: Float64Array;
  private readonly ei: Float64Array;
  private readonly gN: Float64Array;
  private readonly gUp: Float64Array;

  /**
   * `arena`: the map bound to a wasm arena (`bind`): θ, the weight_ih of the
   * layers above the first and the product buffers live there, so the
   * products with a frame in the same arena run on the SIMD kernels (the same
   * operations in the same order: the same bits).
   */
  constructor(
    private readonly spec: Pick<GatedSpec, 'kind' | 'makeCell'>,
    private readonly weights: GatedWeights,
    private readonly g: number,
    x0: Float64Array,
    input: InputSpec = NO_INPUT,
    arena: Arena | null = null,
  ) {
    const H = weights.H;
    const L = weights.layers.length;
    const GH = GATES[spec.kind] * H;
    this.H = H;
    this.n = gatedDimension(spec.kind, H, L);
    const alloc = (len: number) => (arena ? arena.alloc(len) : new Float64Array(len));
    this.layers = arena
      ? weights.layers.map((w, l) => {
          if (l === 0) return w;
          const Wih = alloc(w.Wih.length);
          Wih.set(w.Wih);
          return { ...w, Wih };
        })
      : weights.layers;
    this.theta = alloc(L * GH * H);
    if (arena) {
      this.Ph = alloc(GH * this.n);
      this.Px = alloc(GH * this.n);
    }
    this.cells = [];
    this.off = [];
    for (let l = 0; l < L; l++) {
      const W = weights.layers[l].Whh;
      const block = this.theta.subarray(l * GH * H, (l + 1) * GH * H);
      for (let i = 0; i < GH * H; i++) block[i] = g * W[i];
      const cell = spec.makeCell(H, block);
      this.off.push(l * cell.S);
      this.cells.push(cell);
    }
    this.x0 = x0;
    this.input = input;
    this.scratch = new Float64Array(this.n);
    this.eh = new Float64Array(GH);
    this.ei = new Float64Array(GH);
    this.gN = new Float64Array(this.cells[0].S);
    this.gUp = new Float64Array(H);
  }

  initialState(): Float64Array {
    return Float64Array.from(this.x0);
  }

  arenaDoubles(): number {
    const GH = this.cells[0].G * this.H;
    const L = this.cells.length;
    return arenaDoubles(L * GH * this.H, ...Array.from({ length: L - 1 }, () => GH * this.H), GH * this.n, GH * this.n);
  }

  bind(arena: Arena): MapND {
    return new GatedMap(this.spec, this.weights, this.g, this.x0, this.input, arena);
  }

  /** Work buffers for products with k columns (bound to an arena: allocated for k ≤ n up front). */
  private ensure(k: number): void {
    const need = this.cells[0].G * this.H * k;
    if (this.Ph.length < need) {
      this.Ph = new Float64Array(need);
      this.Px = new Float64Array(need);
    }
  }

  /**
   * ah and ai of layer l (its input: u_t for layer 0, next's h of layer l − 1);
   * with a frame Q (k columns) also Ph = W_hh·Q_h, and for l > 0 Px = W_ih·Y_h of
   * layer l − 1 (one sweep over each matrix when k = 1).
   */
  private pre(l: number, x: Float64Array, next: Float64Array, t: number, Q: Float64Array | null, Y: Float64Array | null, k: number): void {
    const cell = this.cells[l];
    const w = this.layers[l];
    const H = this.H;
    const GH = cell.G * H;
    const o = this.off[l];
    const Whh = this.theta.subarray(l * GH * H, (l + 1) * GH * H);
    const h = o === 0 ? x : x.subarray(o, o + H);
    if (Q && k === 1) matvec2(GH, H, Whh, h, w.bhh, cell.ah, o === 0 ? Q : Q.subarray(o, o + H), this.Ph);
    else {
      matvec(GH, H, Whh, h, w.bhh, cell.ah);
      if (Q) matmul(GH, H, k, Whh, o === 0 ? Q : Q.subarray(o * k, (o + H) * k), this.Ph);
    }
    if (l === 0) {
      const u = inputAt(this.input, t);
      for (let r = 0; r < GH; r++) cell.ai[r] = u * w.Wih[r] + w.bih[r];
      return;
    }
    const po = this.off[l - 1];
    const xin = next.subarray(po, po + H);
    if (Y && k === 1) matvec2(GH, H, w.Wih, xin, w.bih, cell.ai, Y.subarray(po, po + H), this.Px);
    else {
      matvec(GH, H, w.Wih, xin, w.bih, cell.ai);
      if (Y) matmul(GH, H, k, w.Wih, Y.subarray(po * k, (po + H) * k), this.Px);
    }
  }

  step(x: Float64Array, next: Float64Array, t: number): void {
    for (let l = 0; l < this.cells.length; l++) {
      this.pre(l, x, next, t, null, null, 1);
      this.cells[l].gates(x, this.off[l], next, this.off[l]);
    }
  }

  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, t: number, logDet: boolean): number {
    this.ensure(k);
    let ld = 0;
    for (let l = 0; l < this.cells.length; l++) {
      const cell = this.cells[l];
      const o = this.off[l];
      this.pre(l, x, next, t, Q, Y, k);
      cell.gates(x, o, next, o);
      cell.combine(Q, o * k, k, this.Ph, l > 0 ? this.Px : null, Y, o * k);
      if (logDet) ld += cell.logDetOwn();
    }
    return ld;
  }

  /** J (n × n): the tangent step of the identity frame, with W_hh·I written out (no product). */
  jacobian(x: Float64Array, J: Float64Array, t: number): void {
    const n = this.n;
    const H = this.H;
    this.ensure(n);
    if (!this.eye) {
      this.eye = new Float64Array(n * n);
      for (let i = 0; i < n; i++) this.eye[i * n + i] = 1;
    }
    const next = this.scratch;
    for (let l = 0; l < this.cells.length; l++) {
      const cell = this.cells[l];
      const GH = cell.G * H;
      const o = this.off[l];
      this.pre(l, x, next, t, null, null, 1);
      cell.gates(x, o, next, o);
      const Whh = this.theta.subarray(l * GH * H, (l + 1) * GH * H);
      const Ph = this.Ph;
      Ph.fill(0, 0, GH * n);
      for (let r = 0; r < GH; r++) for (let j = 0; j < H; j++) Ph[r * n + o + j] = Whh[r * H + j];
      if (l > 0) {
        const po = this.off[l - 1];
        matmul(GH, H, n, this.layers[l].Wih, J.subarray(po * n, (po + H) * n), this.Px);
      }
      cell.combine(this.eye, o * n, n, Ph, l > 0 ? this.Px : null, J, o * n);
    }
  }

  /**
   * DiffModel's backward pass; with `gBias` also ∂L/∂bias_ih then ∂L/∂bias_hh of
   * every layer added to it (2·G·H numbers per layer, layer after layer: the
   * training lab trains the biases, core/training/gatedTrain.ts).
   */
  backward(x: Float64Array, t: number, gOut: Float64Array, grad: Float64Array, gx: Float64Array, gBias?: Float64Array): void {
    const H = this.H;
    const next = this.scratch;
    this.step(x, next, t); // every cell keeps its gates
    const { eh, ei, gN, gUp } = this;
    for (let l = this.cells.length - 1; l >= 0; l--) {
      const cell = this.cells[l];
      const GH = cell.G * H;
      const o = this.off[l];
      for (let r = 0; r < cell.S; r++) gN[r] = gOut[o + r];
      if (l < this.cells.length - 1) for (let j = 0; j < H; j++) gN[j] += gUp[j];
      cell.backward(gN, gx, o, eh, ei);
      if (gBias) {
        const bo = 2 * l * GH;
        for (let r = 0; r < GH; r++) {
          gBias[bo + r] += ei[r];
          gBias[bo + GH + r] += eh[r];
        }
      }
      const tOff = l * GH * H;
      const T = this.theta;
      for (let r = 0; r < GH; r++) {
        const e = eh[r];
        if (e === 0) continue;
        const ri = tOff + r * H;
        for (let j = 0; j < H; j++) {
          grad[ri + j] += e * x[o + j];
          gx[o + j] += T[ri + j] * e;
        }
      }
      if (l > 0) {
        const Wih = this.layers[l].Wih;
        gUp.fill(0);
        for (let r = 0; r < GH; r++) {
          const e = ei[r];
          if (e === 0) continue;
          for (let j = 0; j < H; j++) gUp[j] += Wih[r * H + j] * e;
        }
      }
    }
  }
}

function inputOf(p: ModelParams): InputSpec {
  return { kind: p.inp, amplitude: p.ia, period: p.ip };
}

/** The map of a drawn network at weight scale g (a test may give its own draw, e.g. two layers). */
export function gatedMap(spec: Pick<GatedSpec, 'kind' | 'makeCell'>, d: { weights: GatedWeights; x0: Float64Array }, g: number, input: InputSpec = NO_INPUT): GatedMap {
  return new GatedMap(spec, d.weights, g, d.x0, input);
}

/**
 * numpy source of a drawn network (any number of layers), repeating the app's
 * operations in its order: each product summed in ascending j from 0 (seqsum,
 * matmul_seq), then + the bias; the cell's elementwise operations as the cell
 * writes them, with the app's sigmoid and tanh.
 */
export function gatedNumpy(spec: Pick<GatedSpec, 'kind' | 'name' | 'stateText' | 'pyCell'>, d: { weights: GatedWeights; x0: Float64Array }, g: number, input: InputSpec, what: string): { n: number; text: string } {
  const { H, layers } = d.weights;
  const G = GATES[spec.kind];
  const n = gatedDimension(spec.kind, H, layers.length);
  const list = (f: (w: GatedLayerWeights) => string) => `[\n${layers.map((w) => `    ${f(w)},`).join('\n')}\n]`;
  return {
    n,
    text: `MODEL = ${pyStr(spec.kind)}
G = ${pyNumber(g)}  # scales every weight_hh (the recurrent weights) and nothing else
H = ${H}  # units per layer
LAYERS = ${layers.length}
GATES = ${G}
N = ${n}  # the state: per layer ${spec.stateText}
S = N // LAYERS  # state numbers per layer
# ${what}.
# PyTorch's tensors of each layer at g = 1 (row-major): weight_ih_l (${G}H x I; I = 1 for layer 0,
# fed u_t, and I = H above, fed the new h of the layer below), weight_hh_l (${G}H x H), bias_ih_l
# and bias_hh_l (${G}H), gate blocks in PyTorch's order; then the seeded start.
WIH = ${list((w) => `${pyArray(w.Wih).replace(/\n/g, '\n    ')}.reshape(GATES * H, ${w.I})`)}
WHH1 = ${list((w) => `${pyArray(w.Whh).replace(/\n/g, '\n    ')}.reshape(GATES * H, H)`)}
BIH = ${list((w) => pyArray(w.bih).replace(/\n/g, '\n    '))}
BHH = ${list((w) => pyArray(w.bhh).replace(/\n/g, '\n    '))}
H0 = ${pyArray(d.x0)}
INPUT = ${pyStr(input.kind)}  # none, const or sine: x_t = u_t for layer 0
INPUT_AMPLITUDE, INPUT_PERIOD = ${pyNumber(input.amplitude)}, ${pyNumber(input.period)}
WHH = [G * w for w in WHH1]


def u_at(t):
    """The input u_t (laws.ts inputAt)."""
    if INPUT == "none":
        return 0.0
    if INPUT == "const":
        return INPUT_AMPLITUDE
    return INPUT_AMPLITUDE * app_sin((2 * math.pi * t) / INPUT_PERIOD)


def pre(l, h, x):
    """ah = W_hh h + b_hh and ai = W_ih x + b_ih (gated.ts pre): each row summed in ascending j, then + the bias;
    layer 0's x is the number u_t, so ai = u_t w_ih + b_ih."""
    ah = seqsum(WHH[l] * h, axis=1) + BHH[l]
    ai = x * WIH[l][:, 0] + BIH[l] if l == 0 else seqsum(WIH[l] * x, axis=1) + BIH[l]
    return ah, ai
${spec.pyCell}

def step(s, t):
    out = np.empty(N)
    x = u_at(t)
    for l in range(LAYERS):
        o = l * S
        ah, ai = pre(l, s[o : o + H], x)
        out[o : o + S] = cell(s[o : o + S], ah, ai)[0]
        x = out[o : o + H]
    return out


def tangent_step(s, Q, t):
    """The next state and J Q, layer by layer: Ph = W_hh Q_h and Px = W_ih (the new tangent of the layer below),
    each entry summed in ascending j from 0 (matmul_seq), then the cell's own operations (cell_tangent)."""
    out = np.empty(N)
    Y = np.empty_like(Q)
    x = u_at(t)
    for l in range(LAYERS):
        o = l * S
        ah, ai = pre(l, s[o : o + H], x)
        nxt, keep = cell(s[o : o + S], ah, ai)
        out[o : o + S] = nxt
        Ph = matmul_seq(WHH[l], Q[o : o + H])
        Px = None if l == 0 else matmul_seq(WIH[l], Y[o - S : o - S + H])
        Y[o : o + S] = cell_tangent(keep, Q[o : o + S], Ph, Px)
        x = out[o : o + H]
    return out, Y


MATRIX = None  # no fixed linear part: the eigenvalue view shows the Jacobian at fixed points
`,
  };
}

const REBUILD = `
# The network at a cell's values, as gated.ts builds it: weight_hh = g * WHH1 entry by entry
# (nothing else is scaled), the input u_t from ia and ip.
PHASE_BASE = dict(g=G, ia=INPUT_AMPLITUDE, ip=INPUT_PERIOD)


def build(g, ia, ip):
    global G, WHH, INPUT_AMPLITUDE, INPUT_PERIOD
    G, WHH = g, [g * w for w in WHH1]
    INPUT_AMPLITUDE, INPUT_PERIOD = ia, ip
`;

function inputText(p: ModelParams): string {
  return p.inp === 'none' ? 'x_t = 0' : p.inp === 'const' ? `x_t = u_t = ${fmt(p.ia, 3)}` : `x_t = u_t = ${fmt(p.ia, 3)}·sin(2πt/${fmt(p.ip, 4)})`;
}

/** The registry row of a gated model: drawn with one layer, or imported (any number of layers). */
export function gatedModule(spec: GatedSpec, hashSalt: number): ModelNDModule<GatedWeights> {
  const { kind } = spec;
  /** The network of the state: the seeded draw or the imported one, with its start. */
  const networkOf = (p: ModelParams, imported: GatedWeights | null, fresh: boolean) => {
    if (imported) return importedGated(imported, p.seed);
    // the drag cache shares its arrays; a differentiable setup owns its draw
    return fresh ? drawGated(kind, p.k, 1, p.seed) : drawCached(kind, p.k, 1, p.seed);
  };
  /** The spec with the cell of the link's parameters. */
  const specOf = (p: ModelParams): GatedSpec => (spec.withParams ? { ...spec, ...spec.withParams(p) } : spec);
  const build = (p: ModelParams, imported: GatedWeights | null, g: number, fresh: boolean) => {
    const d = networkOf(p, imported, fresh);
    return new GatedMap(specOf(p), d.weights, g, d.x0, inputOf(p));
  };
  const layersText = (w: GatedWeights) => (w.layers.length > 1 ? `${w.layers.length} layers of ` : '');
  return {
    id: kind,
    family: 'vector',
    label: spec.label,
    name: spec.name,
    params: [...(spec.params ?? []), 'g', 'k', 'seed', 'inp', 'ia', 'ip'],
    k: GATED_UNITS,
    sweepable: ['g', 'ia'],
    defaults: spec.defaults,
    coordinates: null,
    startName: spec.startName,
    ...(spec.numpyStart ? { numpyStart: spec.numpyStart } : {}),
    eigenText: spec.eigenText,
    importer: gatedImporter(kind, spec.name, hashSalt),

    dimension: (p, imported) => (imported ? gatedDimension(kind, imported.H, imported.layers.length) : gatedDimension(kind, p.k)),
    map: (p, imported) => build(p, imported, p.g, false),
    columns: (p, imported, param, values) => gatedColumns(specOf(p), networkOf(p, imported, false), p, param, values),
    columnParams: GATED_BATCH_PARAMS,
    exactColumnParams: GATED_EXACT_PARAMS,
    columnCost: gatedColumnCost(kind),
    diff(p, imported, at) {
      const model = build(p, imported, at ?? p.g, true);
      return { model, x0: model.initialState() };
    },
    contracting: (p, imported) => (spec.contracting ? spec.contracting(p, networkOf(p, imported, false).weights) : { at: 0, label: spec.contractingLabel }),

    formula: (p, importedHash) => ({
      text: spec.formulaText,
      detail: importedHash
        ? `${spec.equations}; ${inputText(p)}; imported weights (#${importedHash.slice(0, 8)}), H = ${p.k} units per layer, W_{hh} × g = ${fmt(p.g, 5)}; start from seed ${p.seed}`
        : `${spec.equations}; ${inputText(p)}; H = ${p.k} units, every tensor from PyTorch’s U(±1/√H), W_{hh} × g = ${fmt(p.g, 5)}; seed ${p.seed}`,
    }) satisfies ModelFormula,
    caption: (p) => `${spec.name} · H = ${p.k} · PyTorch init · g = ${p.g} · seed ${p.seed}${p.inp !== 'none' ? ` · ${p.inp} input ${p.ia}` : ''}`,
    tag: (p) => `${kind}-g${p.g}-s${p.seed}`,

    numpy(p, imported) {
      if (imported) {
        const d = importedGated(imported, p.seed);
        return gatedNumpy(specOf(p), d, p.g, inputOf(p), `The imported ${spec.name} (${layersText(imported)}H = ${imported.H}; layer 0's weight_ih as the column weight_ih.v for the input direction v; start from seed ${p.seed})`);
      }
      const d = drawGated(kind, p.k, 1, p.seed);
      return gatedNumpy(specOf(p), d, p.g, inputOf(p), `The seeded ${spec.name} (H = ${p.k}, PyTorch's U(-1/sqrt(H), 1/sqrt(H)), seed ${p.seed})`);
    },
    numpyRebuild: (): NumpyRebuild => ({ keys: ['g', 'ia', 'ip'], text: REBUILD }),
  };
}
