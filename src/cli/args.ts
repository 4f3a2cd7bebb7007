/**
 * Command-line arguments of the headless CLI: one quantity, then options.
 * Every mistake is a UsageError with a one-line message (exit code 2).
 */
import { parseNumber } from '../params/format';
import { oneLine } from '../core/format';
import { PHASE_QUANTITIES, type PhaseQuantity } from '../core/jobs/phaseJob';
import type { Shard } from '../core/jobs/shard';
import { MAX_PHASE_CELLS } from '../params/phase';

/** The quantities, and the command `merge` (joins the shards of a run). */
export const QUANTITIES = ['orbit', 'lyapunov', 'eigen', 'bifurcation', 'periodic', 'laps', 'chaos-probability', 'gradients', 'train', 'phase', 'merge'] as const;
export type Quantity = (typeof QUANTITIES)[number];

export const FORMATS = ['json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export class UsageError extends Error {}

/** Integer options: the quantities they apply to and their allowed range. */
const INT_OPTIONS = {
  steps: { quantities: ['orbit', 'lyapunov', 'laps', 'train', 'phase'], min: 0, max: 1e9 },
  transient: { quantities: ['lyapunov', 'bifurcation', 'phase'], min: 0, max: 1e9 },
  keep: { quantities: ['bifurcation'], min: 1, max: 1e6 },
  cols: { quantities: ['bifurcation'], min: 1, max: 100000 },
  'max-period': { quantities: ['periodic'], min: 1, max: 8 },
  samples: { quantities: ['chaos-probability', 'phase'], min: 1, max: 1e6 },
  /** Vector models: how many Lyapunov exponents (0: all N; checked against N once the model is known). */
  exponents: { quantities: ['lyapunov', 'phase'], min: 0, max: 512 },
  /** gradients: the longest Jacobian product and the number of orbit windows. */
  horizon: { quantities: ['gradients'], min: 1, max: 100000 },
  windows: { quantities: ['gradients'], min: 1, max: 10000 },
} as const satisfies Record<string, { quantities: readonly Quantity[]; min: number; max: number }>;
type IntOption = keyof typeof INT_OPTIONS;

/** Quantity-specific bounds tighter than the option's own. */
const LIMITS: Partial<Record<Quantity, Partial<Record<IntOption, { min?: number; max?: number }>>>> = {
  // An orbit is printed whole: keep the document well under V8's string limit.
  orbit: { steps: { max: 1e7 } },
  // λ is a mean over the steps: at least one.
  lyapunov: { steps: { min: 1 } },
  phase: { steps: { min: 1 } },
  // laps of f¹ … f^T (the core counts up to T = 60)
  laps: { steps: { min: 1, max: 60 } },
  // train: training steps, as the link's tep
  train: { steps: { min: 10, max: 100000 } },
};

/** Options with a list value, and the quantities they apply to. */
const LIST_OPTIONS = {
  widths: ['chaos-probability'],
  g: ['chaos-probability'],
  window: ['laps'],
  x: ['phase'],
  y: ['phase'],
  quantity: ['phase'],
  shard: ['phase', 'chaos-probability'],
} as const satisfies Record<string, readonly Quantity[]>;
type ListOption = keyof typeof LIST_OPTIONS;

/** Most widths and g values a chaos-probability run takes. */
export const MAX_SWEEP_WIDTHS = 16;
export const MAX_SWEEP_GS = 1001;
/** Largest width of a swept network (as the app's k). */
export const MAX_SWEEP_WIDTH = 1024;

/** Largest bifurcation output (columns × kept points). */
export const MAX_BIFURCATION_POINTS = 2e7;

const STRING_OPTIONS = ['url', 'weights', 'module', 'format', 'widths', 'g', 'window', 'x', 'y', 'quantity', 'shard'] as const;
type StringOption = (typeof STRING_OPTIONS)[number];

export interface CliArgs {
  help: boolean;
  quantity: Quantity;
  url: string | null;
  weights: string | null;
  /** --weights of a state_dict with several recurrent modules: the one to take. */
  module: string | null;
  format: Format;
  steps: number | null;
  transient: number | null;
  keep: number | null;
  cols: number | null;
  /** periodic: periods 1 … maxPeriod. */
  maxPeriod: number | null;
  /** chaos-probability: networks per (width, g). */
  samples: number | null;
  /** lyapunov of a vector model: number of exponents (0: all). */
  exponents: number | null;
  /** gradients: longest horizon H and windows. */
  horizon: number | null;
  windows: number | null;
  /** chaos-probability: widths, ascending and distinct. */
  widths: number[] | null;
  /** chaos-probability: n values of g evenly spaced on [lo, hi]. */
  gRange: { lo: number; hi: number; n: number } | null;
  /** laps: the interval on which fᵗ is counted. */
  window: [number, number] | null;
  /** phase: the two axes (PARAM:FROM:TO:COUNT, checked against the model once it is known) and the quantity. */
  x: AxisSpec | null;
  y: AxisSpec | null;
  phaseQuantity: PhaseQuantity;
  /** phase, chaos-probability: only this shard's cells. */
  shard: Shard | null;
  /** merge: the parts' file names. */
  files: string[];
}

/** An axis of a phase map as given: COUNT values of PARAM from FROM to TO, both ends included. */
export interface AxisSpec {
  param: string;
  from: number;
  to: number;
  count: number;
}

const NO_ARGS: Omit<CliArgs, 'help' | 'quantity' | 'format'> = {
  url: null,
  weights: null,
  module: null,
  steps: null,
  transient: null,
  keep: null,
  cols: null,
  maxPeriod: null,
  samples: null,
  exponents: null,
  horizon: null,
  windows: null,
  widths: null,
  gRange: null,
  window: null,
  x: null,
  y: null,
  phaseQuantity: 'lambda-max',
  shard: null,
  files: [],
};

export const USAGE = `RNN Chaos Lab, headless CLI

Usage:
  npm run cli -- <quantity> [--url '<link or #hash>'] [--weights file] [--format json|csv] [options]
  npm run cli -- merge part1.json part2.json … [--format json|csv]

Quantities:
  orbit              x_0 … x_T of the link's state (T = link's T); vector models: the states h_0 … h_T
  lyapunov           Lyapunov exponent, period and kind of the orbit (after lt steps, over ls steps);
                     vector models (rnn, plrnn, henon): the Lyapunov spectrum (QR every step), with the
                     sum rule, Kaplan–Yorke dimension, entropy, two-trajectory check and (rnn) mean field
  eigen              vector models: eigenvalues of the recurrent matrix (gW), spectral radius, norm,
                     circular-law radius, fixed points (Newton) with their Jacobian eigenvalues
  bifurcation        orbit diagram over the link's diagram parameter bp on [bx0, bx1]
  periodic           cycles of period 1 … 8 (exact for piecewise-linear maps), Sharkovsky order, Li–Yorke verdict
  laps               laps, level crossings and fixed points of f^t, t = 1 … T (T = link's xt), growth rate
  chaos-probability  fraction of random networks with a period-3 point / a 2-cycle, per width and g
                     (the link's act, out, init, sb, seed, sw, sg0, sg1, sgn, sn)
  gradients          Paper A's gradient meter: ln‖J_T ⋯ J_t+1‖₂ against the horizon T − t along the orbit
                     (mean over windows, with their spread), its slope, λ_max, the singular values of the
                     product, the forcing scaling e^(λ_max·τ) (tau, alpha of the link) and BPTT loss-gradient norms

  train              Paper A's training lab: trains the link's model (tmod: plrnn, rnn, gru, lstm; tM) on its
                     data (td: lorenz, logistic, rnn) with its method (tmeth: bptt, clip, stf, gtf; ttau, talpha,
                     tclip), tT, tlr, tep steps and seed: the loss and gradient norm per step, free-running
                     evaluations (D_stsp, D_H, λ_max of the model) and the final ones; the same link gives the same run
  phase              a map over two parameters (--x, --y) of --quantity lambda-max (what lyapunov prints for each
                     cell's state), p3 or p2 (Paper B's probabilities over --samples random networks) or kind
                     (fixed point, period p, chaotic, aperiodic, diverged), with the mean-field critical g
  merge              merge part1.json part2.json …: joins the shards (--shard) of one phase or chaos-probability run

Options:
  --url <link>       share link or its #hash (default: the app's default state)
  --weights <file>   (not chaos-probability, phase p3/p2) a PyTorch state_dict with an nn.GRU, nn.LSTM or nn.RNN
                     (.safetensors, or .json of tensor names to nested arrays; the model comes from the file,
                     g = 1 leaves it as trained), or a network file {"model":"net1d","w":[..],"b":[..],"a":[..],"c":0,
                     "activation":"relu","output":"identity"}, {"model":"rnn","W":[[..],..],"b":[..],"activation":"tanh"}
                     or {"model":"plrnn","A":[..],"W":[[..],..],"h":[..]} (docs/import.md)
  --module <name>    --weights with several recurrent modules: the one to import (e.g. encoder.gru)
  --format json|csv  output format (default json)
  --steps N          orbit: steps T (default: link's T); lyapunov: averaged steps (default: link's ls)
  --transient N      lyapunov: discarded steps (default: lt); bifurcation: per column (default: bt)
  --exponents K      lyapunov of a vector model: the K largest exponents, 0 = all N (default: link's nk)
  --keep N           bifurcation: recorded points per column (default: bn)
  --cols N           bifurcation: columns on the closed grid bx0 … bx1 (default 200)
  --steps N          laps: the last iterate T (1 … 60, default: link's xt)
  --window LO,HI     laps: the interval of x (default: where the dynamics lives)
  --max-period N     periodic: search periods 1 … N (1 … 8, default 8)
  --samples N        chaos-probability: networks per width and g (default: link's sn)
  --widths K1,K2,…   chaos-probability: widths (default: link's sw)
  --g LO,HI,N        chaos-probability: N values of g from LO to HI (default: link's sg0, sg1, sgn)
  --horizon H        gradients: the longest product, 1 … 100000 (default: link's gh)
  --windows N        gradients: orbit windows averaged, 1 … 10000 (default: link's gwn)
  --steps N          train: training steps, 10 … 100000 (default: link's tep)
  --x PARAM:FROM:TO:COUNT, --y PARAM:FROM:TO:COUNT
                     phase: COUNT values of PARAM from FROM to TO, both ends included (the orbit diagram's grid)
  --quantity Q       phase: lambda-max (default), lambda-mean (λ_max averaged over --samples seeds), p3, p2 or kind
  --steps N, --transient N, --exponents K
                     phase (lambda-max, kind): as for lyapunov (default exponents: 1, λ_max alone)
  --samples N        phase (p3, p2): networks per cell (default: link's sn)
  --shard I/N        phase, chaos-probability: compute only shard I of N (cells c with c mod N = I − 1), for merge
  -h, --help         show this help

Exit codes: 0 success (divergence is a result), 2 bad arguments or weights file, 1 internal error.
See docs/cli.md.
`;

function isQuantity(s: string): s is Quantity {
  return (QUANTITIES as readonly string[]).includes(s);
}

function readInt(name: IntOption, raw: string, q: Quantity): number {
  const v = parseNumber(raw);
  if (v === null || !Number.isInteger(v)) throw new UsageError(`--${name} must be a whole number (got "${oneLine(raw)}")`);
  const lim = LIMITS[q]?.[name];
  const min = lim?.min ?? INT_OPTIONS[name].min;
  const max = lim?.max ?? INT_OPTIONS[name].max;
  if (v < min || v > max) throw new UsageError(`--${name} must be between ${min} and ${max} for ${q} (got ${v})`);
  return v;
}

/** Parse argv (without node and script). Throws UsageError. */
export function parseArgs(argv: readonly string[]): CliArgs {
  if (argv.includes('--help') || argv.includes('-h')) {
    return { help: true, quantity: 'orbit', format: 'json', ...NO_ARGS };
  }
  const positional: string[] = [];
  const strings: Partial<Record<StringOption, string>> = {};
  const rawInts: Partial<Record<IntOption, string>> = {};
  let optionsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsDone || !arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsDone = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option "${oneLine(arg)}" (see --help)`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      if (!(STRING_OPTIONS as readonly string[]).includes(name) && !(name in INT_OPTIONS)) {
        throw new UsageError(`unknown option "--${oneLine(name)}" (see --help)`);
      }
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if ((STRING_OPTIONS as readonly string[]).includes(name)) {
      const key = name as StringOption;
      if (strings[key] !== undefined) throw new UsageError(`--${name} is given more than once`);
      strings[key] = value;
    } else if (name in INT_OPTIONS) {
      const key = name as IntOption;
      if (rawInts[key] !== undefined) throw new UsageError(`--${name} is given more than once`);
      rawInts[key] = value;
    } else {
      throw new UsageError(`unknown option "--${oneLine(name)}" (see --help)`);
    }
  }

  if (positional.length === 0) throw new UsageError(`missing quantity: one of ${QUANTITIES.join(', ')} (see --help)`);
  const q = positional[0];
  if (!isQuantity(q)) throw new UsageError(`unknown quantity "${oneLine(q)}": use one of ${QUANTITIES.join(', ')}`);
  if (q === 'merge') {
    const used = [...Object.keys(strings).filter((k) => k !== 'format'), ...Object.keys(rawInts)];
    if (used.length) throw new UsageError(`--${used[0]} does not apply to merge (it takes the parts' files and --format)`);
    if (positional.length < 2) throw new UsageError('merge needs the parts to join: merge part1.json part2.json …');
  } else if (positional.length > 1) throw new UsageError(`unexpected argument "${oneLine(positional[1])}" after the quantity`);

  const format = strings.format ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be json or csv (got "${oneLine(format)}")`);
  if (strings.weights === '') throw new UsageError('--weights needs a file name');
  if (strings.module !== undefined && strings.weights === undefined) throw new UsageError('--module chooses a recurrent module of the --weights file: give the file too');
  if (strings.weights !== undefined && q === 'chaos-probability') {
    throw new UsageError('--weights does not apply to chaos-probability (it draws its own random networks)');
  }

  const ints: Record<IntOption, number | null> = { steps: null, transient: null, keep: null, cols: null, 'max-period': null, samples: null, exponents: null, horizon: null, windows: null };
  for (const key of Object.keys(INT_OPTIONS) as IntOption[]) {
    const raw = rawInts[key];
    if (raw === undefined) continue;
    const applies = INT_OPTIONS[key].quantities as readonly Quantity[];
    if (!applies.includes(q)) throw new UsageError(`--${key} does not apply to ${q} (only to ${applies.join(', ')})`);
    ints[key] = readInt(key, raw, q);
  }
  for (const key of Object.keys(LIST_OPTIONS) as ListOption[]) {
    const applies = LIST_OPTIONS[key] as readonly Quantity[];
    if (strings[key] !== undefined && !applies.includes(q)) throw new UsageError(`--${key} does not apply to ${q} (only to ${applies.join(', ')})`);
  }
  const shard = strings.shard === undefined ? null : readShard(strings.shard);
  if (shard && format === 'csv') throw new UsageError('--shard writes JSON (the parts merge reads); merge --format csv converts the merged result');
  let x: AxisSpec | null = null;
  let y: AxisSpec | null = null;
  let phaseQuantity: PhaseQuantity = 'lambda-max';
  if (q === 'phase') {
    if (strings.quantity !== undefined) {
      if (!(PHASE_QUANTITIES as readonly string[]).includes(strings.quantity)) {
        throw new UsageError(`--quantity must be one of ${PHASE_QUANTITIES.join(', ')} (got "${oneLine(strings.quantity)}")`);
      }
      phaseQuantity = strings.quantity as PhaseQuantity;
    }
    if (strings.x === undefined || strings.y === undefined) throw new UsageError(`phase needs both axes: --x PARAM:FROM:TO:COUNT and --y PARAM:FROM:TO:COUNT`);
    x = readAxis('x', strings.x);
    y = readAxis('y', strings.y);
    if (x.param === y.param) throw new UsageError(`--x and --y are both ${x.param}: the two axes need two different parameters`);
    const cells = x.count * y.count;
    if (cells > MAX_PHASE_CELLS) {
      throw new UsageError(`--x × --y = ${x.count} × ${y.count} = ${cells} cells; at most ${MAX_PHASE_CELLS} (512 × 512) per run: lower COUNT`);
    }
    const counting = phaseQuantity === 'p3' || phaseQuantity === 'p2';
    const lyapunovOnly = (['steps', 'transient', 'exponents'] as const).find((k) => rawInts[k] !== undefined);
    if (counting && lyapunovOnly) throw new UsageError(`--${lyapunovOnly} applies to phase --quantity lambda-max or kind, not ${phaseQuantity}`);
    if (!counting && phaseQuantity !== 'lambda-mean' && rawInts.samples !== undefined) throw new UsageError(`--samples applies to phase --quantity p3, p2 or lambda-mean, not ${phaseQuantity}`);
    if (counting && strings.weights !== undefined) throw new UsageError(`--weights does not apply to phase --quantity ${phaseQuantity} (it draws its own random networks)`);
  }
  return {
    help: false,
    quantity: q,
    format: format as Format,
    url: strings.url ?? null,
    weights: strings.weights ?? null,
    module: strings.module ?? null,
    steps: ints.steps,
    transient: ints.transient,
    keep: ints.keep,
    cols: ints.cols,
    maxPeriod: ints['max-period'],
    samples: ints.samples,
    exponents: ints.exponents,
    horizon: ints.horizon,
    windows: ints.windows,
    widths: strings.widths === undefined ? null : readWidths(strings.widths),
    gRange: strings.g === undefined ? null : readGRange(strings.g),
    window: strings.window === undefined ? null : readWindow(strings.window),
    x,
    y,
    phaseQuantity,
    shard,
    files: q === 'merge' ? positional.slice(1) : [],
  };
}

/** Comma-separated numbers (spaces allowed); null entries for what does not parse. */
function numberList(raw: string): (number | null)[] {
  return raw.split(',').map((part) => parseNumber(part));
}

function readWidths(raw: string): number[] {
  const parts = numberList(raw);
  const bad = parts.findIndex((v) => v === null || !Number.isInteger(v) || v < 1 || v > MAX_SWEEP_WIDTH);
  if (raw.trim() === '' || bad >= 0) {
    throw new UsageError(`--widths takes whole numbers from 1 to ${MAX_SWEEP_WIDTH} separated by commas (got "${oneLine(raw)}")`);
  }
  const list = [...new Set(parts as number[])].sort((a, b) => a - b);
  if (list.length > MAX_SWEEP_WIDTHS) throw new UsageError(`--widths takes at most ${MAX_SWEEP_WIDTHS} widths (got ${list.length})`);
  return list;
}

function readGRange(raw: string): { lo: number; hi: number; n: number } {
  const parts = numberList(raw);
  const form = `--g takes LO,HI,N: N values of g from LO to HI (got "${oneLine(raw)}")`;
  if (parts.length !== 3 || parts.some((v) => v === null)) throw new UsageError(form);
  const [lo, hi, n] = parts as number[];
  if (!Number.isInteger(n) || n < 2 || n > MAX_SWEEP_GS) throw new UsageError(`--g: N must be a whole number from 2 to ${MAX_SWEEP_GS} (got ${n})`);
  if (!(lo >= 0) || !(hi > lo) || hi > 100) throw new UsageError(`--g: need 0 ≤ LO < HI ≤ 100 (got ${lo}, ${hi})`);
  return { lo, hi, n };
}

function readWindow(raw: string): [number, number] {
  const parts = numberList(raw);
  if (parts.length !== 2 || parts.some((v) => v === null)) throw new UsageError(`--window takes LO,HI (got "${oneLine(raw)}")`);
  const [lo, hi] = parts as number[];
  if (!(hi > lo)) throw new UsageError(`--window: LO must be below HI (got ${lo}, ${hi})`);
  return [lo, hi];
}

/** Most values on one axis (the cells are capped at MAX_PHASE_CELLS in all). */
export const MAX_AXIS_COUNT = MAX_PHASE_CELLS;

/** PARAM:FROM:TO:COUNT; the parameter is checked against the model later (resolveState comes first). */
function readAxis(which: 'x' | 'y', raw: string): AxisSpec {
  const form = `--${which} takes PARAM:FROM:TO:COUNT, e.g. g:0.5:3:64 (got "${oneLine(raw)}")`;
  const parts = raw.split(':');
  if (parts.length !== 4 || !/^[A-Za-z][A-Za-z0-9]*$/.test(parts[0].trim())) throw new UsageError(form);
  const [from, to, count] = parts.slice(1).map((v) => parseNumber(v));
  if (from === null || to === null || count === null) throw new UsageError(form);
  if (!Number.isInteger(count) || count < 1 || count > MAX_AXIS_COUNT) {
    throw new UsageError(`--${which}: COUNT must be a whole number from 1 to ${MAX_AXIS_COUNT} (got ${count}); a map has at most ${MAX_PHASE_CELLS} cells`);
  }
  if (to < from) throw new UsageError(`--${which}: the range is reversed (FROM ${from} > TO ${to}); give FROM ≤ TO`);
  if (count > 1 && to === from) throw new UsageError(`--${which}: FROM = TO = ${from} gives one value; use COUNT 1 or a range`);
  if (count === 1 && to !== from) throw new UsageError(`--${which}: COUNT 1 takes one value (FROM = TO), not the range ${from} … ${to}`);
  return { param: parts[0].trim(), from, to, count };
}

/** I/N with 1 ≤ I ≤ N. */
function readShard(raw: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new UsageError(`--shard takes I/N, shard I of N (1 ≤ I ≤ N), e.g. 3/16 (got "${oneLine(raw)}")`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_PHASE_CELLS) throw new UsageError(`--shard: N must be from 1 to ${MAX_PHASE_CELLS} (got ${count})`);
  if (index < 1 || index > count) throw new UsageError(`--shard: I must be from 1 to N = ${count} (got ${index}); shards are numbered from 1`);
  return { index, count };
}
