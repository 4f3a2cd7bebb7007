/**
 * The share link: state ⇄ URL hash.
 *
 * decode never throws: unknown keys are ignored, bad values fall back to the
 * default, numbers are clamped and snapped to the table's step, and every
 * correction is reported as a warning the app shows. encode is canonical
 * (fixed key order, numbers formatted from the step), so equal states give
 * equal links and decode(encode(s)) = s.
 */
import { defaultSweepParam, modelOf, stateDimension, sweepableFor, type SweepParam } from '../core/models';
import { formatShortest, formatStep, parseNumber, snapSignificant, snapToStep } from './format';
import {
  AUTO,
  lyapunovStepsCap,
  COST,
  PARAM_ORDER,
  PARAM_SPECS,
  SCHEMA_VERSION,
  SWEEP_DEFAULT_RANGE,
  kRange,
  modelDefaults,
  type FloatSpec,
  type IntSpec,
  type ParamKey,
  type ParamSpec,
  type Params,
  type TourStep,
} from './spec';
import { decodeTour, encodeTour } from './tour';
import { IMPORTABLE, decodeWeightsParam, encodeWeightsParam, weightsWidth, type WeightsRef } from './weights';
import { migrate } from './migrations';
import { defaultPhaseWindow, normalisePhase, phaseDefaultRange } from './phaseWindow';

export interface AppLinkState {
  params: Params;
  /** Imported network, if any: its content hash, and its data when known. */
  weights: WeightsRef | null;
}

export interface Decoded extends AppLinkState {
  warnings: string[];
}


export function defaultParams(): Params {
  const p = {} as Record<ParamKey, unknown>;
  for (const key of PARAM_ORDER) {
    const s: ParamSpec = PARAM_SPECS[key];
    if (s.kind === 'coord') p[key] = null;
    else if (s.kind === 'intlist' || s.kind === 'keylist' || s.kind === 'tour') p[key] = [...s.default];
    else p[key] = s.default;
  }
  const params = p as unknown as Params;
  [params.bx0, params.bx1] = SWEEP_DEFAULT_RANGE[params.bp];
  Object.assign(params, defaultPhaseWindow(params));
  return params;
}

/** The sweep parameter's own spec (for clamping a diagram window). */
export function sweepSpec(bp: SweepParam): FloatSpec {
  return PARAM_SPECS[bp];
}

function clampWarn(key: string, v: number, min: number, max: number, warnings: string[]): number {
  if (v < min || v > max) {
    const c = v < min ? min : max;
    warnings.push(`${key} = ${v} is outside ${min} … ${max}; using ${c}.`);
    return c;
  }
  return v;
}

/** Validate one raw value against its spec; null means "use the default". */
function readValue(key: ParamKey, raw: string, warnings: string[]): unknown {
  const s: ParamSpec = PARAM_SPECS[key];
  switch (s.kind) {
    case 'enum': {
      if ((s.values as readonly string[]).includes(raw)) return raw;
      // an empty value means "none" (scene): list only the names, and say "none" for the default
      const names = (s.values as readonly string[]).filter((v) => v !== '');
      const list = names.length > 12 ? `${names.slice(0, 12).join(', ')}, … (${names.length} names)` : names.join(', ');
      warnings.push(`${key} = "${short(raw)}" is not one of ${list}; using ${s.default === '' ? 'none' : s.default}.`);
      return null;
    }
    case 'float': {
      const v = parseNumber(raw);
      if (v === null) return badNumber(key, raw, warnings);
      return snapToStep(clampWarn(key, v, s.min, s.max, warnings), s.step);
    }
    case 'int': {
      if (s.auto !== undefined && raw === 'auto') return AUTO;
      const v = parseNumber(raw);
      if (v === null) return badNumber(key, raw, warnings);
      const r = Math.round(v);
      if (r !== v) warnings.push(`${key} = ${raw} must be a whole number; using ${r}.`);
      return clampWarn(key, r, s.min, s.max, warnings);
    }
    case 'log': {
      const v = parseNumber(raw);
      if (v === null) return badNumber(key, raw, warnings);
      return snapSignificant(clampWarn(key, v, s.min, s.max, warnings), 3);
    }
    case 'intlist': {
      if (raw === '') return [];
      const out = new Set<number>();
      for (const part of raw.split(',')) {
        const v = parseNumber(part);
        if (v === null || !Number.isInteger(v) || v < s.min || v > s.max) {
          warnings.push(`${key}: "${short(part)}" is not a whole number in ${s.min} … ${s.max}; ignored.`);
          continue;
        }
        out.add(v);
      }
      return [...out].sort((a, b) => a - b);
    }
    case 'coord': {
      const v = parseNumber(raw);
      if (v === null) return badNumber(key, raw, warnings);
      return snapSignificant(v, 10);
    }
    case 'keylist': {
      const names = new Set(raw.split(',').map((x) => x.trim()).filter((x) => x !== ''));
      for (const n of names) if (!s.values.includes(n)) warnings.push(`${key}: "${short(n)}" is not one of the known names; ignored.`);
      return s.values.filter((v) => names.has(v)); // the list's order: canonical
    }
    case 'tour':
      return decodeTour(raw, warnings);
    case 'overrides':
      return readOverrides(key, raw, warnings);
  }
}

/** Keys compare mode may not change: the page's own (which view, its look, the lecture's state) and list-valued ones. */
const NOT_COMPARABLE = new Set(['cmp', 'tab', 'theme', 'present', 'embed', 'show', 'hide', 'scene', 'tour', 'ts']);

/** Whether compare mode's right side may set this key (a scalar key of the state). */
export function comparableKey(key: string): key is ParamKey {
  if (!(key in PARAM_SPECS) || NOT_COMPARABLE.has(key)) return false;
  const kind = (PARAM_SPECS[key as ParamKey] as ParamSpec).kind;
  return kind === 'float' || kind === 'int' || kind === 'log' || kind === 'enum' || kind === 'coord';
}

/** The state of compare mode's right side: the params with the cmp items applied (and the cross-key rules), cmp emptied. */
export function applyOverrides(p: Params, cmp: readonly string[] = p.cmp): Params {
  const out = { ...p, cmp: [] as string[] } as Params;
  const o = out as unknown as Record<string, unknown>;
  for (const item of cmp) {
    const i = item.indexOf(':');
    const k = item.slice(0, i);
    if (!comparableKey(k)) continue;
    const v = readValue(k, item.slice(i + 1), []);
    if (v !== null) o[k] = v;
  }
  normalise(out, [], false);
  return out;
}

/** cmp with these keys set to these values (canonical, in the table's order); `drop`: keys to remove instead. */
export function withOverrides(cmp: readonly string[], set: Partial<Params>, drop: readonly string[] = []): string[] {
  const items = new Map<string, string>();
  for (const item of cmp) items.set(item.slice(0, item.indexOf(':')), item);
  for (const [k, v] of Object.entries(set)) if (comparableKey(k)) items.set(k, `${k}:${formatValue(k, v)}`);
  for (const k of drop) items.delete(k);
  return PARAM_ORDER.filter((k) => items.has(k)).map((k) => items.get(k)!);
}

/** `g:2,sb:0.5` → canonical "key:value" items in the table's order, each value validated as its key's own. */
function readOverrides(key: ParamKey, raw: string, warnings: string[]): string[] {
  const out = new Map<ParamKey, string>();
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const i = part.indexOf(':');
    const k = i > 0 ? part.slice(0, i).trim() : '';
    if (!comparableKey(k)) {
      warnings.push(`${key}: "${short(part)}" is not key:value with a key the comparison may change; ignored.`);
      continue;
    }
    const v = readValue(k, part.slice(i + 1).trim(), warnings);
    if (v === null) continue;
    out.set(k, formatValue(k, v));
  }
  return PARAM_ORDER.filter((k) => out.has(k)).map((k) => `${k}:${out.get(k)}`);
}

function badNumber(key: string, raw: string, warnings: string[]): null {
  warnings.push(`${key} = "${short(raw)}" is not a number; using the default.`);
  return null;
}

function short(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

/** The part after '#' of a link, or the whole input if it has no '#'. */
function hashBody(input: string): string {
  const i = input.indexOf('#');
  return i >= 0 ? input.slice(i + 1) : input;
}

/** Split a hash (with or without '#', or a whole link) into key/value pairs. */
export function hashPairs(input: string): URLSearchParams {
  try {
    return new URLSearchParams(hashBody(input));
  } catch {
    return new URLSearchParams();
  }
}

export function decodeHash(input: string): Decoded {
  const warnings: string[] = [];
  const params = defaultParams();
  let sp: URLSearchParams;
  try {
    sp = migrate(hashPairs(String(input ?? '')), warnings);
  } catch {
    sp = new URLSearchParams();
  }
  let known = 0;
  const set = params as unknown as Record<ParamKey, unknown>;
  for (const key of PARAM_ORDER) {
    const raw = sp.get(key);
    if (raw === null) continue;
    known++;
    let v: unknown;
    try {
      v = readValue(key, raw, warnings);
    } catch {
      v = null;
    }
    if (v !== null) set[key] = v;
  }
  for (const extra of ['v', 'wh', 'wd', 'wn']) if (sp.has(extra)) known++;
  // defaults that depend on the model (e.g. Hénon's b = 0.3), where the link is silent
  for (const [key, value] of Object.entries(modelDefaults(params.model))) if (!sp.has(key)) (set as Record<string, unknown>)[key] = value;
  if (known === 0 && hashBody(String(input ?? '')).trim() !== '') {
    warnings.push('This link could not be read; showing the default state.');
  }
  let weights: WeightsRef | null = null;
  const wh = sp.get('wh');
  const wd = sp.get('wd');
  if (wh !== null || wd !== null) {
    if (!IMPORTABLE.includes(params.model)) {
      warnings.push(`The link carries an imported network, but the model is ${params.model}; the network was ignored.`);
    } else {
      weights = decodeWeightsParam(wh, wd, params.model, warnings, sp.get('wn'));
      // the width is the imported network's (before the cost guard, which depends on it)
      if (weights?.data) params.k = weightsWidth(weights.data);
    }
  }
  // a phase axis without its window starts from the axis's default window
  if (!sp.has('px0') && !sp.has('px1')) [params.px0, params.px1] = phaseDefaultRange(params.px, params.model);
  if (!sp.has('py0') && !sp.has('py1')) [params.py0, params.py1] = phaseDefaultRange(params.py, params.model);
  const hadWindow = sp.has('bx0') || sp.has('bx1');
  normalise(params, warnings, hadWindow, ['px', 'py', 'px0', 'px1', 'py0', 'py1'].some((k) => sp.has(k)));
  return { params, weights, warnings: capWarnings(warnings) };
}

/** Most warnings a link gets: a hostile link may have thousands of bad parts. */
export const MAX_WARNINGS = 10;

/** The first MAX_WARNINGS − 1 warnings and a count of the rest. */
export function capWarnings(warnings: string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return warnings;
  const rest = warnings.length - (MAX_WARNINGS - 1);
  return [...warnings.slice(0, MAX_WARNINGS - 1), `… and ${rest} more problems with this link.`];
}

/** Cross-key rules: applicability, diagram window, cost guard. */
export function normalise(p: Params, warnings: string[], hadWindow = true, hadPhase = hadWindow): void {
  const allowed = sweepableFor(p.model);
  if (!allowed.includes(p.bp)) {
    if (hadWindow) warnings.push(`The diagram parameter "${p.bp}" does not apply to the ${p.model} model; using ${defaultSweepParam(p.model)}.`);
    p.bp = defaultSweepParam(p.model);
    [p.bx0, p.bx1] = SWEEP_DEFAULT_RANGE[p.bp];
    p.by0 = p.by1 = null;
  }
  const s = sweepSpec(p.bp);
  const [d0, d1] = SWEEP_DEFAULT_RANGE[p.bp];
  let x0 = Number.isFinite(p.bx0) ? Math.min(s.max, Math.max(s.min, p.bx0)) : d0;
  let x1 = Number.isFinite(p.bx1) ? Math.min(s.max, Math.max(s.min, p.bx1)) : d1;
  if ((x0 !== p.bx0 || x1 !== p.bx1) && hadWindow) warnings.push(`The diagram window was outside the range of ${p.bp}; it was clipped.`);
  if (!(x1 - x0 > minWidth(x0, x1))) {
    if (hadWindow) warnings.push('The diagram window was empty; using the default window.');
    [x0, x1] = [d0, d1];
  }
  p.bx0 = snapSignificant(x0, 10);
  p.bx1 = snapSignificant(x1, 10);
  if (p.by0 !== null || p.by1 !== null) {
    // the span must be finite too (−1e308 … 1e308 overflows: no axis can be drawn)
    if (p.by0 === null || p.by1 === null || !(p.by1 - p.by0 > minWidth(p.by0, p.by1)) || !Number.isFinite(p.by1 - p.by0)) {
      warnings.push('The diagram’s state window was incomplete, empty or too wide; using an automatic one.');
      p.by0 = p.by1 = null;
    }
  }
  // typed lists: at least one item, at most the table's cap
  for (const key of PARAM_ORDER) {
    const spec: ParamSpec = PARAM_SPECS[key];
    if (spec.kind !== 'intlist' || !spec.list) continue;
    const v = (p as unknown as Record<string, number[]>)[key];
    const { max, what, item, items } = spec.list;
    if (v.length === 0) {
      warnings.push(`${what} needs at least one ${item}; using the default ${items}.`);
      (p as unknown as Record<string, number[]>)[key] = [...spec.default];
    } else if (v.length > max) {
      warnings.push(`${what} takes at most ${max} ${items}; using ${v.slice(0, max).join(', ')}.`);
      (p as unknown as Record<string, number[]>)[key] = v.slice(0, max);
    }
  }
  normalisePhase(p, warnings, hadPhase);
  if (!(p.sg1 > p.sg0)) {
    warnings.push('The sweep’s g range was empty; using the default range.');
    p.sg0 = PARAM_SPECS.sg0.default;
    p.sg1 = PARAM_SPECS.sg1.default;
  }
  const row = modelOf(p.model);
  if (row.k) {
    const [lo, hi] = kRange(p.model);
    if (p.k < lo || p.k > hi) {
      const k = Math.min(hi, Math.max(lo, p.k));
      warnings.push(`k = ${p.k} units is outside ${lo} … ${hi} for the ${p.model} model; using ${k}.`);
      p.k = k;
    }
  }
  const n = stateDimension(p);
  if (p.unit > n - 1) p.unit = n - 1;
  if (p.nk > n) p.nk = n;
  // cost per step: k units for a network, ~N² for a vector network (the diagram runs fewer columns for those)
  const units = row.k ? p.k : 1;
  const quadratic = row.family === 'vector' && row.k !== null;
  const lsMax = lyapunovStepsCap(p);
  if (p.ls > lsMax) {
    warnings.push(`λ steps = ${p.ls} is too costly for ${units} units; using ${lsMax}.`);
    p.ls = lsMax;
  }
  const perColumn = Math.floor(COST.diagramUnitSteps / (quadratic ? Math.max(1, (p.k * p.k) / 16) : units));
  if (p.bt + p.bn > perColumn) {
    const f = perColumn / (p.bt + p.bn);
    const bt = Math.floor(p.bt * f);
    const bn = Math.max(PARAM_SPECS.bn.min, Math.floor(p.bn * f));
    warnings.push(`Diagram transient + points (${p.bt} + ${p.bn}) is too costly for ${p.k} units; using ${bt} + ${bn}.`);
    p.bt = bt;
    p.bn = bn;
  }
}

function minWidth(a: number, b: number): number {
  return 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function formatValue(key: ParamKey, v: unknown): string {
  const s: ParamSpec = PARAM_SPECS[key];
  switch (s.kind) {
    case 'enum':
      return String(v);
    case 'float':
      return formatStep(v as number, s.step);
    case 'int':
      return s.auto !== undefined && v === AUTO ? 'auto' : String(v);
    case 'log':
    case 'coord':
      return formatShortest(v as number);
    case 'intlist':
    case 'keylist':
      return (v as (number | string)[]).join(',');
    case 'tour':
      return encodeTour(v as TourStep[]);
    case 'overrides':
      return (v as string[]).join(',');
  }
}

/** Lecture keys (theme, presentation, tour …) stay out of the link while at their default. */
function omitted(key: ParamKey, v: unknown): boolean {
  const s: ParamSpec = PARAM_SPECS[key];
  if (s.group !== 'lecture') return false;
  return Array.isArray(v) ? v.length === 0 : 'default' in s && v === s.default;
}

/** Canonical hash (without '#'). */
export function encodeHash(state: AppLinkState): string {
  const parts = [`v=${SCHEMA_VERSION}`];
  const p = state.params as unknown as Record<ParamKey, unknown>;
  for (const key of PARAM_ORDER) {
    const v = p[key];
    if (v === null || v === undefined || omitted(key, v)) continue;
    parts.push(`${key}=${encodeURIComponent(formatValue(key, v)).replace(/%2C/g, ',').replace(/%3A/g, ':')}`); // lists (and cmp's key:value) stay readable
  }
  if (state.weights && IMPORTABLE.includes(state.params.model)) parts.push(...encodeWeightsParam(state.weights));
  return parts.join('&');
}

/** Snap and clamp one value from a control, as decode would. */
export function coerceParam<K extends ParamKey>(key: K, value: Params[K]): Params[K] {
  const warnings: string[] = [];
  const v = readValue(key, formatValue(key, value), warnings);
  return (v === null ? value : v) as Params[K];
}

export function intSpec(key: ParamKey): IntSpec | null {
  const s: ParamSpec = PARAM_SPECS[key];
  return s.kind === 'int' ? s : null;
}

