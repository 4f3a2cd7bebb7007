/**
 * Command-line arguments of the headless CLI: one quantity, then options.
 * Every mistake is a UsageError with a one-line message (exit code 2).
 */
import { parseNumber } from '../params/format';

export const QUANTITIES = ['orbit', 'lyapunov', 'bifurcation'] as const;
export type Quantity = (typeof QUANTITIES)[number];

export const FORMATS = ['json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export class UsageError extends Error {}

/** Integer options: the quantities they apply to and their allowed range. */
const INT_OPTIONS = {
  steps: { quantities: ['orbit', 'lyapunov'], min: 0, max: 1e9 },
  transient: { quantities: ['lyapunov', 'bifurcation'], min: 0, max: 1e9 },
  keep: { quantities: ['bifurcation'], min: 1, max: 1e6 },
  cols: { quantities: ['bifurcation'], min: 1, max: 100000 },
} as const satisfies Record<string, { quantities: readonly Quantity[]; min: number; max: number }>;
type IntOption = keyof typeof INT_OPTIONS;

/** Quantity-specific bounds tighter than the option's own. */
const LIMITS: Partial<Record<Quantity, Partial<Record<IntOption, { min?: number; max?: number }>>>> = {
  // An orbit is printed whole: keep the document well under V8's string limit.
  orbit: { steps: { max: 1e7 } },
  // λ is a mean over the steps: at least one.
  lyapunov: { steps: { min: 1 } },
};

/** Largest bifurcation output (columns × kept points). */
export const MAX_BIFURCATION_POINTS = 2e7;

const STRING_OPTIONS = ['url', 'weights', 'format'] as const;
type StringOption = (typeof STRING_OPTIONS)[number];

export interface CliArgs {
  help: boolean;
  quantity: Quantity;
  url: string | null;
  weights: string | null;
  format: Format;
  steps: number | null;
  transient: number | null;
  keep: number | null;
  cols: number | null;
}

export const USAGE = `RNN Chaos Lab, headless CLI

Usage:
  npm run cli -- <quantity> [--url '<link or #hash>'] [--weights file.json] [--format json|csv] [options]

Quantities:
  orbit         x_0 … x_T of the link's state (T = link's T)
  lyapunov      Lyapunov exponent, period and kind of the orbit (after lt steps, over ls steps)
  bifurcation   orbit diagram over the link's diagram parameter bp on [bx0, bx1]

Options:
  --url <link>       share link or its #hash (default: the app's default state)
  --weights <file>   network file {"model":"net1d","w":[..],"b":[..],"a":[..],"c":0,"activation":"relu","output":"identity"}
  --format json|csv  output format (default json)
  --steps N          orbit: steps T (default: link's T); lyapunov: averaged steps (default: link's ls)
  --transient N      lyapunov: discarded steps (default: lt); bifurcation: per column (default: bt)
  --keep N           bifurcation: recorded points per column (default: bn)
  --cols N           bifurcation: columns on the closed grid bx0 … bx1 (default 200)
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

/** Shorten and flatten a user string for an error line. */
export function oneLine(s: string, max = 60): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** Parse argv (without node and script). Throws UsageError. */
export function parseArgs(argv: readonly string[]): CliArgs {
  if (argv.includes('--help') || argv.includes('-h')) {
    return { help: true, quantity: 'orbit', url: null, weights: null, format: 'json', steps: null, transient: null, keep: null, cols: null };
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
  if (positional.length > 1) throw new UsageError(`unexpected argument "${oneLine(positional[1])}" after the quantity`);
  const q = positional[0];
  if (!isQuantity(q)) throw new UsageError(`unknown quantity "${oneLine(q)}": use one of ${QUANTITIES.join(', ')}`);

  const format = strings.format ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be json or csv (got "${oneLine(format)}")`);
  if (strings.weights === '') throw new UsageError('--weights needs a file name');

  const ints: Record<IntOption, number | null> = { steps: null, transient: null, keep: null, cols: null };
  for (const key of Object.keys(INT_OPTIONS) as IntOption[]) {
    const raw = rawInts[key];
    if (raw === undefined) continue;
    const applies = INT_OPTIONS[key].quantities as readonly Quantity[];
    if (!applies.includes(q)) throw new UsageError(`--${key} does not apply to ${q} (only to ${applies.join(', ')})`);
    ints[key] = readInt(key, raw, q);
  }
  return { help: false, quantity: q, url: strings.url ?? null, weights: strings.weights ?? null, format: format as Format, ...ints };
}
