/**
 * What a model of the lab is: the interfaces of its maps (1-D and vector), of
 * its differentiable form (for backpropagation through time) and of its
 * module (one per model, listed in registry.ts). Everything model-specific —
 * parameters, draw, step, Jacobian, vector–Jacobian product, formula, weight
 * files, numpy source — sits behind these interfaces, so the rest of the lab
 * never asks which model it runs.
 */
import type { Activation } from './activations';
import type { Arena } from '../linalg/simd';
import type { InitScheme, InputKind, OutputMode, WLaw } from './laws';
import type { Piece } from './piecewise';
import type { ColumnCostShape } from '../cost';

export const MODEL_IDS = ['neuron', 'net1d', 'logistic', 'tent', 'rnn', 'plrnn', 'gru', 'lstm', 'elman', 'henon'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

export type Family = '1d' | 'vector';

/** The parameters a diagram (or a phase map) may sweep. */
export const SWEEPABLE = ['g', 'sb', 'x0', 'w', 'b', 'r', 'mu', 'a', 'ia'] as const;
export type SweepParam = (typeof SWEEPABLE)[number];

/** The model part of the state: every key some model reads (each module says which apply). */
export interface ModelParams {
  model: ModelId;
  act: Activation;
  out: OutputMode;
  /** Weight scale: multiplies the standard deviation of every weight. */
  g: number;
  /** Bias scale: multiplies the standard deviation of every bias. */
  sb: number;
  /** Width of the 1-D network, units of a vector network. */
  k: number;
  init: InitScheme;
  seed: number;
  /** Single neuron x ← φ(g·w·x + b); b is also Hénon's b. */
  w: number;
  b: number;
  /** Logistic parameter. */
  r: number;
  /** Tent slope. */
  mu: number;
  /** RNN weight law and input. */
  wl: WLaw;
  inp: InputKind;
  ia: number;
  ip: number;
  /** Hénon a. */
  a: number;
  /** Start of a 1-D orbit; Hénon starts at (x₀, 0). */
  x0: number;
}

export const MODEL_PARAM_KEYS = ['model', 'act', 'out', 'g', 'sb', 'k', 'init', 'seed', 'w', 'b', 'r', 'mu', 'wl', 'inp', 'ia', 'ip', 'a', 'x0'] as const satisfies readonly (keyof ModelParams)[];
export type ModelParamKey = (typeof MODEL_PARAM_KEYS)[number];

/** Weights of a 1-D network x ↦ σ_out(Σᵢ aᵢ φ(wᵢx + bᵢ) + c) (at g = 1, bias scale 1 when they are a base). */
export interface Net1dWeights {
  w: Float64Array;
  b: Float64Array;
  a: Float64Array;
  c: number;
}

/**
 * A map with its parameters θ, differentiable by hand: what backpropagation
 * through time needs (Paper A, eq. 5–6). The maps of the lab's models are
 * their own differentiable models (one class: step, tangent step, backward).
 */
export interface DiffModel {
  /** State dimension. */
  readonly n: number;
  /** The parameters θ (live: changing them changes `step` and `backward`; tests perturb them). */
  readonly theta: Float64Array;
  /** What θ is, for labels (e.g. "g·W"). */
  readonly thetaLabel: string;
  /** out = F_θ(x) at time t (t matters only for input-driven maps). */
  step(x: Float64Array, out: Float64Array, t: number): void;
  /**
   * For out = F_θ(x) at time t and gOut = ∂L/∂out: grad += (∂F/∂θ)ᵀ·gOut and
   * gx = J(x)ᵀ·gOut (gx is overwritten, and is not gOut). A map with an
   * additive bias b (F = …(θ·x + b)) also adds ∂L/∂b to `gBias` when it is
   * given: the training lab trains b, the gradient meter does not.
   */
  backward(x: Float64Array, t: number, gOut: Float64Array, grad: Float64Array, gx: Float64Array, gBias?: Float64Array): void;
}

/**
 * A map x ↦ f(x) of the line with its derivative, written for hot loops:
 * `fd(x)` returns f(x) and leaves f′(x) in `this.d`, so nothing is allocated
 * per step. f and fd return bit-identical values, so an orbit does not depend
 * on whether its derivative was also wanted.
 */
export interface Map1D {
  f(x: number): number;
  /**
   * f(x); also sets `d` = f′(x). At a kink of a piecewise-linear map this is
   * the right derivative f′(x⁺): floating-point orbits of such maps do land on
   * kinks exactly (the tent map collapses onto its fixed point 0).
   */
  fd(x: number): number;
  d: number;
  /** True when f is piecewise linear (exact periodic points are possible). */
  readonly piecewiseLinear: boolean;
  /** The exact linear pieces of f over ℝ, for piecewise-linear maps (null otherwise). */
  pieces(): Piece[] | null;
  /**
   * A bounded interval that holds every periodic orbit of f (e.g. the hull of
   * f(ℝ)), or null when f is unbounded and no such interval is known.
   */
  periodicWindow(): [number, number] | null;
  /**
   * Enclose f and f′ over x ∈ [lo, hi] (outward rounded, core/linalg/interval.ts):
   * out = [min f, max f, min f′, max f′] up to widening, for every x in the
   * interval (at a kink, both one-sided slopes). For the certified search of
   * periodic points (core/interval/certified.ts).
   */
  enclose(lo: number, hi: number, out: Float64Array): void;
}

/**
 * A map h ↦ F(h) of ℝⁿ with what the Lyapunov spectrum needs: one step, the
 * Jacobian applied to a frame of tangent vectors, and ln|det J|. Matrices are
 * flat row-major Float64Arrays; frames Q are n × k row-major.
 */
export interface MapND {
  readonly n: number;
  /** A starting state (seeded). */
  initialState(): Float64Array;
  /** next = F(x) at step t (t matters only for input-driven maps). */
  step(x: Float64Array, next: Float64Array, t: number): void;
  /**
   * next = F(x) and Y = J(x)·Q for an n × k frame Q; returns ln|det J(x)| when
   * `logDet` is asked for (full spectrum), 0 otherwise.
   */
  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, t: number, logDet: boolean): number;
  /**
   * Optional: `tangentStep` with both frames in the slab layout of
   * core/linalg/blockedQr.ts (n × 4⌈k/4⌉, padding columns +0), the same bits;
   * a bound map that offers it lets a wide spectrum keep its frame in slabs.
   */
  tangentStepSlabs?(x: Float64Array, next: Float64Array, Qs: Float64Array, Ys: Float64Array, k: number, t: number, logDet: boolean): number;
  /** The dense Jacobian J(x) (n × n). */
  jacobian(x: Float64Array, J: Float64Array, t: number): void;
  /**
   * Optional wasm fast path (core/linalg/simd.ts): the doubles `bind` takes from
   * an arena, and the same map with its weights copied into that arena. The
   * bound map runs the wasm kernels when the arrays it is given are views of
   * the same arena (the JS path otherwise) and gives the same bits as this map.
   */
  arenaDoubles?(): number;
  bind?(arena: Arena): MapND;
}

/**
 * A vector map run on many columns at once (core/vector/columnBatch.ts, issue
 * #17): the columns share the weights and differ in one parameter, so a step
 * of all of them is one matrix product. States and tangent vectors are
 * n × cols, row-major: column c of X is run c's state.
 */
export interface ColumnBatch {
  readonly n: number;
  readonly cols: number;
  /** Every column's start state into X. */
  initialStates(X: Float64Array): void;
  /** Xn = F_c(X_c) for every column c. */
  step(X: Float64Array, Xn: Float64Array, t: number): void;
  /** Xn = F_c(X_c) and Y_c = J_c(X_c)·Q_c for every column (one tangent vector each). */
  tangentStep(X: Float64Array, Xn: Float64Array, Q: Float64Array, Y: Float64Array, t: number): void;
  /** Doubles of arena `bind` needs. */
  arenaDoubles(): number;
  /** The same batch with its weights and work arrays in `arena` (the wasm kernels run when X, Q, … are there too), the same bits. */
  bind(arena: Arena): ColumnBatch;
}

/** A differentiable model and the state its orbit starts from. */
export interface DiffSetup {
  model: DiffModel;
  x0: Float64Array;
}

/** A weight file's network, validated: the weights and the parameters the file fixes. */
export type ParsedWeights<W> = { ok: true; weights: W; patch: Partial<ModelParams> } | { ok: false; error: string };

/**
 * How a model's trained weights come in (a JSON file), travel (a fixed order
 * of numbers: the link's binary form and the content hash) and go out.
 */
export interface Importer<W> {
  /** Imported data carries no tag: whether these weights are of this model. */
  owns(d: object): boolean;
  /** Validate the fields of a weight file's object; every failure names the field. */
  parse(o: Record<string, unknown>): ParsedWeights<W>;
  /** The JSON object of the file format. */
  toJson(w: W, p: ModelParams): Record<string, unknown>;
  /** The numbers of the weights in a fixed order. */
  pack(w: W): Float64Array;
  /** The weights from `pack`'s numbers, or why they do not fit. */
  unpack(vals: Float64Array): W | string;
  /** Width k (or unit count) of the weights. */
  width(w: W): number;
  /** Mixed into the content hash so equal numbers of different models differ. */
  hashSalt: number;
  /** The parameters that leave imported weights exactly as they are (g = 1, …). */
  asIs: Partial<ModelParams>;
}

/** The eigenvalue view's matrix of a vector model: the linear part of its map, at g = 1. */
export interface LinearPart {
  /** Cache key: equal keys have equal matrices. */
  key: string;
  n: number;
  /** The matrix at g = 1 (g scales it). */
  M: Float64Array;
  /** Its name with g, e.g. "gW". */
  label: string;
  /** A second matrix whose spectrum is shown too (the PLRNN's W without A), or null. */
  off: Float64Array | null;
  /** The radius of the circular law at g = 1, with how it is known. */
  law: { radius: number; kind: 'iid' | 'orthogonal' | 'estimate'; formula: string } | null;
  /** The map is h ← φ(g·M h + …), so J = diag(φ′)·gM and ‖gM‖₂·max|φ′| < 1 makes every step a contraction. */
  activated: boolean;
}

/** σ_w², σ_b² of the mean-field theory of random networks (Poole et al. 2016) for a network. */
export interface MeanFieldSigmas {
  sigmaW2: number;
  sigmaB2: number;
  /** σ_w² at g = 1 (for the critical g when g = 0). */
  lawSigma2: number;
}

/**
 * The formula of the model shown above the panels, and its current values in
 * words: plain text where x_t, x_{t+1} and σ_b mark subscripts and e^{…}
 * superscripts (the view sets them).
 */
export interface ModelFormula {
  text: string;
  detail: string;
}

/** What every model module states (its registry row) and does. */
interface ModelBase<W> {
  id: ModelId;
  family: Family;
  /** In the model menu. */
  label: string;
  /** Short, in sentences and captions: "RNN", "logistic map". */
  name: string;
  /** The model's parameter keys (of MODEL_PARAM_KEYS) that apply to it. */
  params: readonly ModelParamKey[];
  /** Range of the width / unit count k, when k applies. */
  k: { min: number; max: number } | null;
  /** Parameters the orbit diagram may sweep (the first is the default). */
  sweepable: readonly SweepParam[];
  /** Defaults that differ from the parameter table's when the model is chosen (any state key). */
  defaults: Readonly<Record<string, number | string>>;
  /** Weight files of this model, or null if it cannot be imported. */
  importer: Importer<W> | null;
  formula(p: ModelParams, importedHash: string | null): ModelFormula;
  /** One line naming the state, for slide captions. */
  caption(p: ModelParams): string;
  /** The model and its main knob, for file names: "net1d-g2.7-s6". */
  tag(p: ModelParams): string;
  /**
   * The differentiable model of the state (backpropagation through time), or
   * the same map at another value `at` of its main knob (g; r, μ; Hénon's a).
   */
  diff(p: ModelParams, imported: W | null, at: number | null): DiffSetup;
  /** A setting of the main knob where every step contracts (the gradient meter's reference). */
  contracting(p: ModelParams, imported: W | null): { at: number; label: string };
}

/** The law of a random 1-D network (Paper B): activation, scheme, width, bias scale. */
export interface RandomNet1dLaw {
  act: Activation;
  init: InitScheme;
  k: number;
  sb: number;
}

/** A map of the line. */
export interface Model1DModule<W = unknown> extends ModelBase<W> {
  family: '1d';
  map(p: ModelParams, imported: W | null): Map1D;
  /** f sends [0, 1] into itself (for 0 ≤ r ≤ 4, μ ≤ 2): the cobweb's natural window. */
  unitInterval: boolean;
  /** The map as a network Σ aᵢφ(wᵢx + bᵢ) + c, when it is one (persistence perturbs its weights). */
  network?(p: ModelParams, imported: W | null): { net: Net1dWeights; act: Activation; out: OutputMode };
  /**
   * The random law of a drawn network of Paper B (k units, Gaussian or uniform
   * weights), where its annealed mean field (core/map1d/meanField1d.ts) applies:
   * a drawn network with the identity output; null otherwise.
   */
  randomLaw?(p: ModelParams, imported: W | null): RandomNet1dLaw | null;
  /**
   * numpy source: MODEL, the class Map with f and fd; and `sweep`, the lines that
   * build from the array `values` of column values one Map `m` whose f and fd act
   * on all columns at once (array parameters) and the start `start` (x₀ or `values`).
   */
  numpy: { map(p: ModelParams, imported: W | null): string; sweep(param: SweepParam): string };
}

/** A map of ℝⁿ. */
export interface ModelNDModule<W = unknown> extends ModelBase<W> {
  family: 'vector';
  /** State dimension. */
  dimension(p: ModelParams, imported: W | null): number;
  /** Names of the coordinates when they have names (Hénon's x, y), else null ("unit i"). */
  coordinates: readonly string[] | null;
  map(p: ModelParams, imported: W | null): MapND;
  /** The mean-field variances of a random network, where that theory applies. */
  meanField?(p: ModelParams, imported: W | null): MeanFieldSigmas;
  /** The matrix of the eigenvalue view, where the map has a linear part. */
  linearPart?(p: ModelParams, imported: W | null): LinearPart;
  /** ln|det J| when it is the same at every state (Hénon: ln|b|), so λ₁ + … + λₙ is known exactly. */
  constantLogDet?(p: ModelParams): number;
  /** The name of its start state in the eigenvalue view's Newton starts ("h₀"). */
  startName: string;
  /**
   * Texts of the eigenvalue view: what the model's fixed points and matrix
   * mean (after the circular law, for a model with a linear part), and, for a
   * linear part that holds only in a region, what its spectral radius says
   * there; for a model without one, what the plane shows instead.
   */
  eigenText: { about: string; region?(rho: string, expands: boolean): string; noMatrix?: string };
  /** numpy source: MODEL, N, H0, step, tangent_step and MATRIX (None without a linear part). */
  numpy(p: ModelParams, imported: W | null): { n: number; text: string };
  /**
   * numpy source that rebuilds the map of `numpy` at other values of some
   * parameters, as the model builds it (the phase diagram's script checks
   * cells at their own values): the parameters it can set and the text of
   * PHASE_BASE (their values in the state) and build(**values), which
   * rewrites the globals step and tangent_step read.
   */
  numpyRebuild?(p: ModelParams, imported: W | null, n: number): NumpyRebuild;
  /** How the numpy script's orbit starts, in words (default: the seeded start h_0). */
  numpyStart?: string;
  /**
   * The maps of `{ ...p, [param]: values[c] }` for every c as one batch
   * (issue #17), or null when this model cannot vary `param` in a batch; then
   * the columns run one by one.
   */
  columns?(p: ModelParams, imported: W | null, param: SweepParam, values: ArrayLike<number>): ColumnBatch | null;
  /** The parameters `columns` can vary (what the cost model and the diagram's column count go by). */
  columnParams?: readonly SweepParam[];
  /**
   * Those of `columnParams` whose columns are the one-column maps' runs bit
   * for bit (the same sums in the same order): cells of a phase map that
   * differ only in such a parameter may run as one batch and keep the
   * lyapunov contract (docs/cli.md). The others agree within rounding.
   */
  exactColumnParams?: readonly SweepParam[];
  /** What a column of `columns` costs (core/cost.ts; default: the tanh RNN's shape). */
  columnCost?: ColumnCostShape;
}

export interface NumpyRebuild {
  keys: string[];
  text: string;
}

export type ModelModule = Model1DModule | ModelNDModule;
