/**
 * THE parameter table. Sliders, defaults, validation, the URL and the CLI all
 * read their bounds, steps and labels from here; nothing else states them.
 *
 * URL keys are the parameter keys. Their names and meanings are a contract
 * (issue #2): v, model, act, g, k, init, sb, out, seed, x0, r, mu. Changing a
 * key's meaning, unit or range needs a new schema version and a migration.
 */
import {
  ACTIVATIONS,
  ACTIVATION_INFO,
  INIT_SCHEMES,
  INPUTS,
  MODELS,
  MODEL_LIST,
  OUTPUTS,
  SWEEPABLE,
  WL_LABELS,
  W_LAWS,
  appliesTo,
  modelOf,
  type Activation,
  type InitScheme,
  type InputKind,
  type Model,
  type OutputMode,
  type SweepParam,
  type WLaw,
} from '../core/models';
import { MEASURE_VERSIONS, type MeasureVersion } from '../core/training/measures';
import { PHASE_QUANTITIES, type PhaseQuantity } from '../core/jobs/phaseQuantities';
import { SCENES } from './scenes';

export const SCHEMA_VERSION = 1;

/** Where a control lives in the side panel. */
export type Group = 'model' | 'orbit' | 'diagram' | 'advanced' | 'view' | 'periodic' | 'expressivity' | 'sweep' | 'phase' | 'gradients' | 'training' | 'lecture';

export const DATASETS = ['lorenz', 'logistic', 'rnn', 'csv'] as const;
export type Dataset = (typeof DATASETS)[number];
export const TRAIN_MODELS = ['plrnn', 'rnn', 'gru', 'lstm'] as const;
export type TrainModel = (typeof TRAIN_MODELS)[number];
export const TRAIN_METHODS = ['bptt', 'clip', 'stf', 'gtf'] as const;
export type TrainMethod = (typeof TRAIN_METHODS)[number];
export { MEASURE_VERSIONS, type MeasureVersion };

export const PROJECTIONS = ['mean', 'unit', 'pc1'] as const;
export type Projection = (typeof PROJECTIONS)[number];

export const TABS = ['explore', 'spectrum', 'eigen', 'gradients', 'training', 'periodic', 'expressivity', 'sweep', 'phase'] as const;
export type Tab = (typeof TABS)[number];

/** Colour themes; `auto` follows the device's light/dark setting. */
export const THEMES = ['auto', 'light', 'dark', 'projector'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Every panel of every view, by id: a link may show only some of them
 * (`show`), number keys jump to them, exports are named after them.
 */
export const PANEL_IDS = [
  'readouts',
  'cobweb',
  'trajectory',
  'diagram',
  'meanfield',
  'attractor',
  'units',
  'spectrum',
  'sizescan',
  'eigenplane',
  'fixedpoints',
  'gradmeter',
  'bptt',
  'training',
  'tausweep',
  'periodic',
  'pcobweb',
  'laps',
  'graph',
  'persistence',
  'sweep',
  'phase',
] as const;
export type PanelId = (typeof PANEL_IDS)[number];

/** Parts of the page besides the parameter controls that a lecture link may hide. */
export const CHROME_IDS = ['tabs', 'formula', 'examples', 'import', 'share', 'controls', 'hints'] as const;
export type ChromeId = (typeof CHROME_IDS)[number];

/** A step of a tour: a library scene (by id) or any link with a title. */
export type TourStep = { scene: string } | { title: string; hash: string };

interface Common {
  label: string;
  help: string;
  group: Group;
}

export interface FloatSpec extends Common {
  kind: 'float';
  min: number;
  max: number;
  step: number;
  default: number;
  unit?: string;
  /** The slider's range where it is narrower than the valid range (the number box takes any valid value). */
  slider?: [number, number];
}
export interface IntSpec extends Common {
  kind: 'int';
  min: number;
  max: number;
  default: number;
  /** Slider on a log axis (widths, step counts). */
  logSlider?: boolean;
  /**
   * The value may also be `auto` in a link (stored as AUTO = 0, below min): the
   * run decides, see its help. The number is the fixed value that stands for
   * auto where a length must be fixed (views that run a fixed length, the
   * control when auto is switched off).
   */
  auto?: number;
}

/** An int parameter's `auto` (IntSpec.auto), stored as 0. */
export const AUTO = 0;
/** Positive quantity on a log slider, kept to 3 significant digits. */
export interface LogSpec extends Common {
  kind: 'log';
  min: number;
  max: number;
  default: number;
}
export interface EnumSpec<T extends string = string> extends Common {
  kind: 'enum';
  values: readonly T[];
  labels: Record<T, string>;
  default: T;
}
export interface IntListSpec extends Common {
  kind: 'intlist';
  min: number;
  max: number;
  default: number[];
  /**
   * A list the user types (the sweep's widths, the τ sweep): at most `max`
   * items and at least one, named in messages as "`what` takes at most `max` `items`".
   */
  list?: { max: number; what: string; item: string; items: string };
}
/** A view coordinate (diagram window), kept to 10 significant digits. */
export interface CoordSpec extends Common {
  kind: 'coord';
  optional: boolean;
}

/** A set of names from a fixed list (kept in the list's order). */
export interface KeyListSpec<T extends string = string> extends Common {
  kind: 'keylist';
  values: readonly T[];
  default: T[];
}
/** A tour: a list of steps (library scenes or titled links), see src/lecture/tour.ts. */
export interface TourSpec extends Common {
  kind: 'tour';
  default: TourStep[];
}

/**
 * Compare mode's overrides (`cmp=g:2,sb:0.5`): scalar keys of the table with
 * their values for the right-hand side, each validated as its own key.
 */
export interface OverridesSpec extends Common {
  kind: 'overrides';
  default: string[];
}

export type ParamSpec = FloatSpec | IntSpec | LogSpec | EnumSpec | IntListSpec | CoordSpec | KeyListSpec | TourSpec | OverridesSpec;

/** Names of the sweepable parameters on axes and controls. */
const SWEEP_LABELS: Record<SweepParam, string> = { g: 'g', sb: 'σ_b', x0: 'x₀', w: 'w', b: 'b', r: 'r', mu: 'μ', a: 'a', ia: 'input amplitude' };

/** The phase diagram's axes: the orbit diagram's parameters and the width k (whole numbers). */
export const PHASE_AXES = [...SWEEPABLE, 'k'] as const;
export type PhaseAxisParam = (typeof PHASE_AXES)[number];
const PHASE_AXIS_LABELS: Record<PhaseAxisParam, string> = { ...SWEEP_LABELS, k: 'k (units)' };

export const PARAM_SPECS = {
  model: {
    kind: 'enum',
    values: MODELS,
    labels: Object.fromEntries(MODEL_LIST.map((m) => [m.id, m.label])) as Record<Model, string>,
    default: 'net1d',
    label: 'Model',
    help: 'Which map x ← f(x) is iterated.',
    group: 'model',
  } satisfies EnumSpec<Model>,
  act: {
    kind: 'enum',
    values: ACTIVATIONS,
    labels: Object.fromEntries(ACTIVATIONS.map((a) => [a, ACTIVATION_INFO[a].label])) as Record<Activation, string>,
    default: 'tanh',
    label: 'Activation φ',
    help: 'The nonlinearity of every unit.',
    group: 'model',
  } satisfies EnumSpec<Activation>,
  g: {
    kind: 'float',
    min: 0,
    max: 10,
    step: 0.001,
    default: 2.7,
    slider: [0, 6],
    label: 'Weight scale g',
    help: 'Multiplies the standard deviation of every weight (the order-to-chaos knob).',
    group: 'model',
  } satisfies FloatSpec,
  k: {
    kind: 'int',
    min: 1,
    max: 1024,
    default: 16,
    logSlider: true,
    label: 'Width k / units N',
    help: 'Hidden units of the 1-D network, or units N of the RNN (2–512) and the PLRNN (2–64).',
    group: 'model',
  } satisfies IntSpec,
  init: {
    kind: 'enum',
    values: INIT_SCHEMES,
    labels: { he: 'He (Kaiming)', xavier: 'Xavier / Glorot', lecun: 'LeCun', normal: 'Standard normal', torch: 'PyTorch uniform' },
    default: 'he',
    label: 'Initialisation',
    help: 'The law the weights and biases are drawn from.',
    group: 'model',
  } satisfies EnumSpec<InitScheme>,
  sb: {
    kind: 'float',
    min: 0,
    max: 5,
    step: 0.01,
    default: 1,
    label: 'Bias scale σ_b',
    help: 'Multiplies the standard deviation of every bias.',
    group: 'model',
  } satisfies FloatSpec,
  out: {
    kind: 'enum',
    values: OUTPUTS,
    labels: { identity: 'identity', act: 'φ (same as hidden)', clip: 'clip to [0, 1]' },
    default: 'identity',
    label: 'Output σ_out',
    help: 'What is applied to the output before it is fed back.',
    group: 'model',
  } satisfies EnumSpec<OutputMode>,
  seed: {
    kind: 'int',
    min: 0,
    max: 4294967295,
    default: 6,
    label: 'Seed',
    help: 'Seed of the random draw: the same seed gives the same network everywhere.',
    group: 'model',
  } satisfies IntSpec,
  w: {
    kind: 'float',
    min: -10,
    max: 10,
    step: 0.001,
    default: 1,
    label: 'Weight w',
    help: 'Self-weight of the single neuron (scaled by g).',
    group: 'model',
  } satisfies FloatSpec,
  b: {
    kind: 'float',
    min: -10,
    max: 10,
    step: 0.001,
    default: 0,
    label: 'Bias b / Hénon b',
    help: 'Bias of the single neuron; the Hénon map’s b (0.3 in the classic map).',
    group: 'model',
  } satisfies FloatSpec,
  r: {
    kind: 'float',
    min: 0,
    max: 4,
    step: 0.0001,
    default: 3.7,
    label: 'r',
    help: 'Logistic parameter: f(x) = r·x·(1 − x).',
    group: 'model',
  } satisfies FloatSpec,
  mu: {
    kind: 'float',
    min: 0,
    max: 2,
    step: 0.0001,
    default: 1.9,
    label: 'μ',
    help: 'Tent slope: f(x) = μ·min(x, 1 − x).',
    group: 'model',
  } satisfies FloatSpec,
  wl: {
    kind: 'enum',
    values: W_LAWS,
    labels: WL_LABELS,
    default: 'gauss',
    label: 'Weight law',
    help: 'The law the recurrent weights W are drawn from (g scales it).',
    group: 'model',
  } satisfies EnumSpec<WLaw>,
  inp: {
    kind: 'enum',
    values: INPUTS,
    labels: { none: 'none (autonomous)', const: 'constant', sine: 'sine wave' },
    default: 'none',
    label: 'Input u_t',
    help: 'An input along a fixed random direction: h ← φ(gWh + b + u_t·v).',
    group: 'model',
  } satisfies EnumSpec<InputKind>,
  ia: {
    kind: 'float',
    min: 0,
    max: 5,
    step: 0.01,
    default: 0.5,
    label: 'Input amplitude',
    help: 'Size of the input u_t.',
    group: 'model',
  } satisfies FloatSpec,
  ip: {
    kind: 'float',
    min: 2,
    max: 1000,
    step: 0.1,
    default: 20,
    label: 'Input period',
    help: 'Period of the sine input, in steps.',
    group: 'model',
  } satisfies FloatSpec,
  a: {
    kind: 'float',
    min: 0,
    max: 2,
    step: 0.0001,
    default: 1.4,
    label: 'Hénon a',
    help: 'Hénon map (x, y) ↦ (1 − a·x² + y, b·x); the classic chaotic map has a = 1.4, b = 0.3.',
    group: 'model',
  } satisfies FloatSpec,
  x0: {
    kind: 'float',
    min: -1000,
    max: 1000,
    step: 0.000001,
    default: 0.1,
    slider: [-3, 3],
    label: 'Start x₀',
    help: 'Initial state of the orbit (also draggable on the cobweb); the Hénon orbit starts at (x₀, 0).',
    group: 'orbit',
  } satisfies FloatSpec,
  d0: {
    kind: 'log',
    min: 1e-15,
    max: 0.1,
    default: 1e-8,
    label: 'Twin offset δ₀',
    help: 'The twin orbit starts at x₀ + δ₀.',
    group: 'orbit',
  } satisfies LogSpec,
  T: {
    kind: 'int',
    min: 10,
    max: 10000,
    default: 200,
    logSlider: true,
    label: 'Steps shown T',
    help: 'Length of the cobweb and trajectory.',
    group: 'orbit',
  } satisfies IntSpec,
  fk: {
    kind: 'intlist',
    min: 1,
    max: 8,
    default: [1],
    label: 'Iterates fᵏ',
    help: 'Which iterates of f are drawn on the cobweb.',
    group: 'orbit',
  } satisfies IntListSpec,
  lt: {
    kind: 'int',
    min: 0,
    max: 100000,
    default: 1000,
    logSlider: true,
    label: 'λ transient',
    help: 'Steps discarded before averaging log|f′|.',
    group: 'advanced',
  } satisfies IntSpec,
  ls: {
    kind: 'int',
    min: 10,
    max: 1000000,
    default: AUTO,
    auto: 10000,
    logSlider: true,
    label: 'λ steps',
    help: 'Steps averaged for the Lyapunov exponents; auto: until every standard error is below the tolerance (or a cap).',
    group: 'advanced',
  } satisfies IntSpec,
  tol: {
    kind: 'log',
    min: 1e-6,
    max: 0.1,
    default: 1e-3,
    label: 'λ tolerance',
    help: 'With λ steps = auto, a run stops once the standard error of every exponent it computes is below this.',
    group: 'advanced',
  } satisfies LogSpec,
  bp: {
    kind: 'enum',
    values: SWEEPABLE,
    labels: SWEEP_LABELS,
    default: 'g',
    label: 'Diagram parameter',
    help: 'The parameter along the orbit diagram’s horizontal axis.',
    group: 'diagram',
  } satisfies EnumSpec<SweepParam>,
  bx0: { kind: 'coord', optional: false, label: 'Diagram from', help: 'Left end of the diagram.', group: 'diagram' } satisfies CoordSpec,
  bx1: { kind: 'coord', optional: false, label: 'Diagram to', help: 'Right end of the diagram.', group: 'diagram' } satisfies CoordSpec,
  by0: { kind: 'coord', optional: true, label: 'Diagram bottom', help: 'Lower end of the state axis (auto when absent).', group: 'diagram' } satisfies CoordSpec,
  by1: { kind: 'coord', optional: true, label: 'Diagram top', help: 'Upper end of the state axis (auto when absent).', group: 'diagram' } satisfies CoordSpec,
  bt: {
    kind: 'int',
    min: 0,
    max: 20000,
    default: 1000,
    logSlider: true,
    label: 'Diagram transient',
    help: 'Steps discarded in every column of the orbit diagram.',
    group: 'advanced',
  } satisfies IntSpec,
  bn: {
    kind: 'int',
    min: 10,
    max: 5000,
    default: 500,
    logSlider: true,
    label: 'Diagram points',
    help: 'States recorded per column of the orbit diagram.',
    group: 'advanced',
  } satisfies IntSpec,
  nk: {
    kind: 'int',
    min: 0,
    max: 512,
    default: 0,
    label: 'Exponents k',
    help: 'How many Lyapunov exponents to compute (0: all N). λ_max comes first, then the top ones, then the rest.',
    group: 'advanced',
  } satisfies IntSpec,
  proj: {
    kind: 'enum',
    values: PROJECTIONS,
    labels: { mean: 'mean activity', unit: 'one unit', pc1: 'first principal component' },
    default: 'mean',
    label: 'Diagram shows',
    help: 'What of the state vector the orbit diagram plots.',
    group: 'diagram',
  } satisfies EnumSpec<Projection>,
  unit: {
    kind: 'int',
    min: 0,
    max: 511,
    default: 0,
    label: 'Unit',
    help: 'The unit shown in time series and (for “one unit”) in the orbit diagram.',
    group: 'diagram',
  } satisfies IntSpec,
  gh: {
    kind: 'int',
    min: 10,
    max: 5000,
    default: 300,
    logSlider: true,
    label: 'Horizon T − t',
    help: 'Longest Jacobian product of the gradient meter.',
    group: 'gradients',
  } satisfies IntSpec,
  gwn: {
    kind: 'int',
    min: 1,
    max: 200,
    default: 20,
    label: 'Windows',
    help: 'Orbit windows the meter averages over (the band shows their spread).',
    group: 'gradients',
  } satisfies IntSpec,
  tau: {
    kind: 'int',
    min: 0,
    max: 1000,
    default: 0,
    logSlider: true,
    label: 'Forcing interval τ',
    help: 'Sparse teacher forcing every τ steps cuts every product at length τ (0: no forcing).',
    group: 'gradients',
  } satisfies IntSpec,
  alpha: {
    kind: 'float',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0,
    label: 'GTF α',
    help: 'Generalised teacher forcing: every Jacobian is scaled by 1 − α.',
    group: 'gradients',
  } satisfies FloatSpec,
  td: {
    kind: 'enum',
    values: DATASETS,
    labels: { lorenz: 'Lorenz-63', logistic: 'logistic map r = 4', rnn: 'a chaotic RNN of the lab', csv: 'your CSV' },
    default: 'lorenz',
    label: 'Data',
    help: 'The series the model learns to generate.',
    group: 'training',
  } satisfies EnumSpec<Dataset>,
  tmod: {
    kind: 'enum',
    values: TRAIN_MODELS,
    labels: { plrnn: 'PLRNN (observation x̂ = B z)', rnn: 'tanh RNN', gru: 'GRU (x̂ = B h, h forced)', lstm: 'LSTM (x̂ = B h, h forced, c kept)' },
    default: 'plrnn',
    label: 'Model trained',
    help: 'The recurrent model that is trained.',
    group: 'training',
  } satisfies EnumSpec<TrainModel>,
  tM: {
    kind: 'int',
    min: 2,
    max: 30,
    default: 15,
    label: 'Latent units M',
    help: 'Size of the trained model’s latent state.',
    group: 'training',
  } satisfies IntSpec,
  tmeth: {
    kind: 'enum',
    values: TRAIN_METHODS,
    labels: { bptt: 'plain BPTT', clip: 'BPTT + gradient clipping', stf: 'sparse teacher forcing (τ)', gtf: 'generalised teacher forcing (α)' },
    default: 'stf',
    label: 'Training method',
    help: 'How gradients are kept in check (or not).',
    group: 'training',
  } satisfies EnumSpec<TrainMethod>,
  ttau: {
    kind: 'int',
    min: 1,
    max: 1000,
    default: 15, // ≈ the predictability time of the default Lorenz data (ln 2 / λ_max ≈ 15 steps)
    logSlider: true,
    label: 'Forcing interval τ',
    help: 'Sparse teacher forcing replaces the state by the data every τ steps.',
    group: 'training',
  } satisfies IntSpec,
  talpha: {
    kind: 'float',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.2,
    label: 'GTF α',
    help: 'Generalised teacher forcing mixes α of the data into the state at every step.',
    group: 'training',
  } satisfies FloatSpec,
  tclip: {
    kind: 'log',
    min: 0.001,
    max: 1000,
    default: 1,
    label: 'Clipping norm',
    help: 'Gradient norms above this are scaled down to it.',
    group: 'training',
  } satisfies LogSpec,
  tT: {
    kind: 'int',
    min: 10,
    max: 1000,
    default: 200,
    logSlider: true,
    label: 'Sequence length',
    help: 'Length of the training subsequences (BPTT runs back through all of it).',
    group: 'training',
  } satisfies IntSpec,
  tlr: {
    kind: 'log',
    min: 1e-5,
    max: 0.1,
    default: 3e-3,
    label: 'Learning rate',
    help: 'Adam’s step size.',
    group: 'training',
  } satisfies LogSpec,
  tep: {
    kind: 'int',
    min: 10,
    max: 100000,
    default: 2000,
    logSlider: true,
    label: 'Training steps',
    help: 'Parameter updates before the run stops.',
    group: 'training',
  } satisfies IntSpec,
  tms: {
    kind: 'enum',
    values: MEASURE_VERSIONS,
    labels: { paper: 'Paper A’s', gtf: 'GTF repository’s' },
    default: 'paper',
    label: 'D_stsp, D_H version',
    help: 'Paper A’s own measures (comparable with its tables) or the later GTF repository’s versions.',
    group: 'training',
  } satisfies EnumSpec<MeasureVersion>,
  tsw: {
    kind: 'intlist',
    min: 1,
    max: 1000,
    default: [2, 4, 8, 15, 30, 60, 150], // both sides of the minimum near τ_pred
    list: { max: 10, what: 'The τ sweep', item: 'interval', items: 'intervals' },
    label: 'τ sweep',
    help: 'Forcing intervals of the τ sweep (D_stsp against τ).',
    group: 'training',
  } satisfies IntListSpec,
  tab: {
    kind: 'enum',
    values: TABS,
    labels: {
      explore: 'Explore',
      spectrum: 'Lyapunov spectrum',
      eigen: 'Eigenvalues',
      gradients: 'Gradient meter',
      training: 'Training lab',
      periodic: 'Periodic & Li–Yorke',
      expressivity: 'Expressivity',
      sweep: 'Chaos probability',
      phase: 'Phase diagram',
    },
    default: 'explore',
    label: 'View',
    help: 'Which panels are shown.',
    group: 'view',
  } satisfies EnumSpec<Tab>,
  theme: {
    kind: 'enum',
    values: THEMES,
    labels: { auto: 'Device setting', light: 'Light', dark: 'Dark', projector: 'Projector (high contrast)' },
    default: 'auto',
    label: 'Theme',
    help: 'Colours of the page and the plots.',
    group: 'lecture',
  } satisfies EnumSpec<Theme>,
  present: {
    kind: 'int',
    min: 0,
    max: 1,
    default: 0,
    label: 'Presentation mode',
    help: '1: large type, thick lines, the side panel and the page chrome out of the way (Esc leaves it).',
    group: 'lecture',
  } satisfies IntSpec,
  cmp: {
    kind: 'overrides',
    default: [],
    label: 'Compare with',
    help: 'Compare mode: the view twice, side by side; the right side is the link’s state with these keys changed (key:value, comma separated, e.g. g:2).',
    group: 'lecture',
  } satisfies OverridesSpec,
  embed: {
    kind: 'int',
    min: 0,
    max: 1,
    default: 0,
    label: 'Embed mode',
    help: '1: the panels alone, without the app’s chrome, for an iframe in slides or a page; a host page may drive it with postMessage (docs/embed.md).',
    group: 'lecture',
  } satisfies IntSpec,
  show: {
    kind: 'keylist',
    values: PANEL_IDS,
    default: [],
    label: 'Panels shown',
    help: 'Only these panels of the view (all when empty).',
    group: 'lecture',
  } satisfies KeyListSpec<PanelId>,
  hide: {
    kind: 'keylist',
    values: [] as string[], // filled below: every parameter key and every chrome id
    default: [],
    label: 'Hidden controls',
    help: 'Controls (parameter keys) and parts of the page (tabs, formula, examples, import, share, controls, hints) the link hides.',
    group: 'lecture',
  } satisfies KeyListSpec,
  scene: {
    kind: 'enum',
    values: ['', ...SCENES.map((sc) => sc.id)],
    labels: Object.fromEntries([['', 'none'], ...SCENES.map((sc) => [sc.id, sc.title])]) as Record<string, string>,
    default: '',
    label: 'Scene',
    help: 'A scene of the library: its title and what to look at are shown above the panels.',
    group: 'lecture',
  } satisfies EnumSpec,
  tour: {
    kind: 'tour',
    default: [],
    label: 'Tour',
    help: 'Steps of a tour: s.<scene id> for a library scene, l.<base64url of "title⏎link"> for any link; ← → step through them.',
    group: 'lecture',
  } satisfies TourSpec,
  ts: {
    kind: 'int',
    min: 0,
    max: 99,
    default: 0,
    label: 'Tour step',
    help: 'The current step of the tour (from 0).',
    group: 'lecture',
  } satisfies IntSpec,
  pc: {
    kind: 'int',
    min: 0,
    max: 8,
    default: 0,
    label: 'Iterate fᵖ on the cobweb',
    help: 'Which iterate and cycles to draw (0: the first period found in Sharkovsky’s order).',
    group: 'periodic',
  } satisfies IntSpec,
  se: {
    kind: 'log',
    min: 1e-8,
    max: 0.1,
    default: 1e-3,
    label: 'Closeness ε',
    help: 'A pair counts as scrambled when its distance exceeds η and later comes below ε.',
    group: 'periodic',
  } satisfies LogSpec,
  xt: {
    kind: 'int',
    min: 1,
    max: 30,
    default: 10,
    label: 'Iterations T',
    help: 'Laps and crossings of fᵗ are counted for t = 1 … T.',
    group: 'expressivity',
  } satisfies IntSpec,
  xg: {
    kind: 'int',
    min: 1,
    max: 30,
    default: 4,
    label: 'Graph of fᵗ, t =',
    help: 'Which iterate is drawn beside the counts.',
    group: 'expressivity',
  } satisfies IntSpec,
  xn: {
    kind: 'int',
    min: 1,
    max: 10,
    default: 6,
    label: 'Compositions t',
    help: 'Layers in the persistence comparison (recurrent: one layer t times; feed-forward: t layers).',
    group: 'expressivity',
  } satisfies IntSpec,
  xp: {
    kind: 'float',
    min: 0,
    max: 0.5,
    step: 0.005,
    default: 0.1,
    label: 'Perturbation σ',
    help: 'Standard deviation of the noise added to every weight and bias in the persistence comparison.',
    group: 'expressivity',
  } satisfies FloatSpec,
  sw: {
    kind: 'intlist',
    min: 1,
    max: 1024,
    default: [2, 8, 32, 128],
    list: { max: 6, what: 'The sweep', item: 'width', items: 'widths' },
    label: 'Widths k',
    help: 'One curve per width.',
    group: 'sweep',
  } satisfies IntListSpec,
  sg0: {
    kind: 'float',
    min: 0,
    max: 10,
    step: 0.01,
    default: 0.5,
    label: 'g from',
    help: 'Left end of the swept weight scales.',
    group: 'sweep',
  } satisfies FloatSpec,
  sg1: {
    kind: 'float',
    min: 0,
    max: 10,
    step: 0.01,
    default: 4,
    label: 'g to',
    help: 'Right end of the swept weight scales.',
    group: 'sweep',
  } satisfies FloatSpec,
  sgn: {
    kind: 'int',
    min: 2,
    max: 41,
    default: 15,
    label: 'g values',
    help: 'Number of weight scales between the two ends.',
    group: 'sweep',
  } satisfies IntSpec,
  sn: {
    kind: 'int',
    min: 10,
    max: 5000,
    default: 100,
    logSlider: true,
    label: 'Networks per point',
    help: 'Random networks drawn for every (width, g).',
    group: 'sweep',
  } satisfies IntSpec,
  pq: {
    kind: 'enum',
    values: PHASE_QUANTITIES,
    labels: { 'lambda-max': 'λ_max', 'lambda-mean': 'Mean λ_max over seeds', p3: 'P(period 3)', p2: 'P(2-cycle)', kind: 'Kind of orbit' },
    default: 'lambda-max',
    label: 'Colour by',
    help: 'What each cell of the phase diagram shows: the largest Lyapunov exponent of the seeded network or its mean over sn seeds, the fraction of random 1-D networks with a period-3 point or a 2-cycle (Paper B), or the kind of the orbit.',
    group: 'phase',
  } satisfies EnumSpec<PhaseQuantity>,
  px: {
    kind: 'enum',
    values: PHASE_AXES,
    labels: PHASE_AXIS_LABELS,
    default: 'g',
    label: 'Horizontal axis',
    help: 'The parameter along the phase diagram’s horizontal axis.',
    group: 'phase',
  } satisfies EnumSpec<PhaseAxisParam>,
  py: {
    kind: 'enum',
    values: PHASE_AXES,
    labels: PHASE_AXIS_LABELS,
    default: 'sb',
    label: 'Vertical axis',
    help: 'The parameter along the phase diagram’s vertical axis.',
    group: 'phase',
  } satisfies EnumSpec<PhaseAxisParam>,
  px0: { kind: 'coord', optional: false, label: 'Phase diagram from (x)', help: 'Left end of the phase diagram: the first column’s value.', group: 'phase' } satisfies CoordSpec,
  px1: { kind: 'coord', optional: false, label: 'Phase diagram to (x)', help: 'Right end of the phase diagram: the last column’s value.', group: 'phase' } satisfies CoordSpec,
  py0: { kind: 'coord', optional: false, label: 'Phase diagram bottom (y)', help: 'Lower end of the phase diagram: the first row’s value.', group: 'phase' } satisfies CoordSpec,
  py1: { kind: 'coord', optional: false, label: 'Phase diagram top (y)', help: 'Upper end of the phase diagram: the last row’s value.', group: 'phase' } satisfies CoordSpec,
  pn: {
    kind: 'int',
    min: 4,
    max: 256,
    default: 32,
    label: 'Cells per axis',
    help: 'Resolution of the phase diagram: this many values of each parameter, both ends included.',
    group: 'phase',
  } satisfies IntSpec,
  pls: {
    kind: 'int',
    min: 100,
    max: 100000,
    default: 1000,
    logSlider: true,
    label: 'λ steps per cell',
    help: 'Steps averaged for λ_max in every cell (after the transient); a cell equals `cli lyapunov --steps` this many at its parameters.',
    group: 'phase',
  } satisfies IntSpec,
} as const;

export type ParamKey = keyof typeof PARAM_SPECS;
/** Canonical URL order. */
export const PARAM_ORDER = Object.keys(PARAM_SPECS) as ParamKey[];

/** What `hide` may name: any parameter's control, or a part of the page. */
export const HIDEABLE: readonly string[] = [...PARAM_ORDER.filter((k) => PARAM_SPECS[k].group !== 'lecture'), ...CHROME_IDS];
(PARAM_SPECS.hide.values as string[]).push(...HIDEABLE);

/** The value type of a parameter, from its spec. */
type ValueOf<S> = S extends { kind: 'float' | 'int' | 'log' }
  ? number
  : S extends { kind: 'enum'; values: readonly (infer T)[] }
    ? T
    : S extends { kind: 'intlist' }
      ? number[]
      : S extends { kind: 'coord'; optional: true }
        ? number | null
        : S extends { kind: 'coord' }
          ? number
          : S extends { kind: 'keylist'; values: readonly (infer T)[] }
            ? T[]
            : S extends { kind: 'tour' }
              ? TourStep[]
              : S extends { kind: 'overrides' }
                ? string[]
                : never;

/** The whole state of a link: one value per parameter, typed by the table. */
export type Params = { -readonly [K in ParamKey]: ValueOf<(typeof PARAM_SPECS)[K]> };

/** Default diagram window for each sweepable parameter. */
export const SWEEP_DEFAULT_RANGE: Record<SweepParam, [number, number]> = {
  g: [0, 4],
  sb: [0, 3],
  x0: [-2, 2],
  w: [-5, 5],
  b: [-3, 3],
  r: [2.8, 4],
  mu: [1, 2],
  a: [1, 1.42],
  ia: [0, 3],
};

/** The range of the width / unit count k for a model (the table's own range where the model does not restrict it). */
export function kRange(model: Model): [number, number] {
  const k = modelOf(model).k;
  return k ? [k.min, k.max] : [PARAM_SPECS.k.min, PARAM_SPECS.k.max];
}

/** Defaults that differ by model (applied when the model is chosen and the link does not say), from its registry row. */
export function modelDefaults(model: Model): Partial<Params> {
  return modelOf(model).defaults as Partial<Params>;
}

/** Cost guards: products of loop lengths beyond which the state is reduced. */
export const COST = {
  /** ls × k (Lyapunov readout, recomputed on every slider move). */
  lyapunovUnitSteps: 2e7,
  /** (bt + bn) × k per diagram column. */
  diagramUnitSteps: 2e6,
};

/** Most λ steps a run of this model may take (COST): the clamp of `ls` and the cap of `ls=auto`. */
export function lyapunovStepsCap(p: Pick<Params, 'model' | 'k'>): number {
  const units = modelOf(p.model).k ? p.k : 1;
  return Math.max(PARAM_SPECS.ls.min, Math.min(PARAM_SPECS.ls.max, Math.floor(COST.lyapunovUnitSteps / units)));
}

/** Whether a parameter matters for a model (the model registry says which model keys apply). */
export function isRelevant(key: ParamKey, model: Model): boolean {
  return appliesTo(key, model);
}
