/**
 * `merge part1.json part2.json …`: joins the parts that `--shard i/n` wrote
 * (phase, chaos-probability) into the document of the whole run, the same
 * text as the run without --shard. It refuses parts of different runs (every
 * field but the shard's and the cells' values must be equal), a shard given
 * twice, a missing shard, and a part whose cells are not its shard's.
 */
import { shardCells } from '../core/jobs/shard';
import { oneLine } from '../core/format';
import { InputError } from './state';
import type { ChaosProbabilityOutput } from './chaosProbability';
import type { PhaseOutput } from './phase';

export type MergedOutput = { quantity: 'phase'; data: PhaseOutput } | { quantity: 'chaos-probability'; data: ChaosProbabilityOutput };

type Doc = Record<string, unknown>;

/** Where a document keeps its per-cell grids (paths from the top), and the grid's rows and columns. */
interface Layout {
  quantity: MergedOutput['quantity'];
  fields: string[][];
  rows: number;
  cols: number;
}

const PHASE_FIELDS = ['value', 'stderr', 'diverged', 'low', 'high', 'count'];
const CHAOS_FIELDS = [['p3'], ['p3Low'], ['p3High'], ['p2'], ['p2Low'], ['p2High'], ['counts', 'n'], ['counts', 'p3'], ['counts', 'p2']];

const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const lengthOf = (v: unknown): number => (Array.isArray(v) ? v.length : -1);

function layoutOf(d: Doc): Layout | null {
  if (isObject(d.x) && isObject(d.y) && typeof d.quantity === 'string' && Array.isArray(d.value)) {
    return { quantity: 'phase', fields: PHASE_FIELDS.filter((f) => f in d).map((f) => [f]), rows: lengthOf(d.y.values), cols: lengthOf(d.x.values) };
  }
  if (Array.isArray(d.widths) && Array.isArray(d.g) && Array.isArray(d.p3) && isObject(d.counts)) {
    return { quantity: 'chaos-probability', fields: CHAOS_FIELDS, rows: d.widths.length, cols: d.g.length };
  }
  return null;
}

function getPath(d: Doc, path: string[]): unknown {
  let v: unknown = d;
  for (const k of path) v = isObject(v) ? v[k] : undefined;
  return v;
}

function setPath(d: Doc, path: string[], value: unknown): void {
  let o = d;
  for (const k of path.slice(0, -1)) o = o[k] as Doc;
  o[path[path.length - 1]] = value;
}

interface Part {
  name: string;
  doc: Doc;
  index: number;
  count: number;
  cells: number[];
}

function readPart(name: string, text: string): Part {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${name} is not JSON (${oneLine(e instanceof Error ? e.message : String(e), 120)}): merge reads the JSON parts that --shard writes`);
  }
  if (!isObject(doc)) throw new InputError(`${name} is not a part of a sharded run (not a JSON object)`);
  const sh = doc.shard;
  if (!isObject(sh) || !Number.isInteger(sh.index) || !Number.isInteger(sh.count) || (sh.count as number) < 1 || (sh.index as number) < 1 || (sh.index as number) > (sh.count as number)) {
    throw new InputError(`${name} is not a shard's part (no valid "shard"): write the parts with --shard i/n`);
  }
  const cells = doc.cells;
  if (!Array.isArray(cells) || !cells.every((c) => Number.isInteger(c))) throw new InputError(`${name} has no list of its "cells"`);
  return { name, doc, index: sh.index as number, count: sh.count as number, cells: cells as number[] };
}

/** The part without what differs between the shards of one run: the shard, its cells, and the values of the cells. */
function runIdentity(p: Part, layout: Layout): string {
  const copy = JSON.parse(JSON.stringify(p.doc)) as Doc;
  delete copy.shard;
  delete copy.cells;
  for (const path of layout.fields) setPath(copy, path, null);
  return JSON.stringify(copy);
}

/** The first top-level field in which two parts of different runs differ (for the message). */
function firstDifference(a: Doc, b: Doc, layout: Layout): string {
  const skip = new Set(['shard', 'cells', ...layout.fields.filter((p) => p.length === 1).map((p) => p[0])]);
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (skip.has(k)) continue;
    if (k === 'counts') continue;
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return k;
  }
  return 'their cells';
}

export function mergeParts(parts: { name: string; text: string }[]): MergedOutput {
  if (parts.length === 0) throw new InputError('merge needs the parts to join');
  const read = parts.map((p) => readPart(p.name, p.text));
  const first = read[0];
  const layout = layoutOf(first.doc);
  if (!layout || layout.rows < 0 || layout.cols < 0) throw new InputError(`${first.name} is not a part of a phase or chaos-probability run`);
  const identity = runIdentity(first, layout);
  for (const p of read.slice(1)) {
    const l = layoutOf(p.doc);
    if (!l || l.quantity !== layout.quantity || runIdentity(p, layout) !== identity) {
      const where = l && l.quantity === layout.quantity ? ` (they differ in "${firstDifference(first.doc, p.doc, layout)}")` : '';
      throw new InputError(`${p.name} is not a part of the same run as ${first.name}${where}`);
    }
    if (p.count !== first.count) throw new InputError(`${p.name} is shard ${p.index}/${p.count} but ${first.name} is shard ${first.index}/${first.count}: parts of one run have the same N`);
  }
  const byIndex = new Map<number, Part>();
  for (const p of read) {
    const seen = byIndex.get(p.index);
    if (seen) throw new InputError(`shard ${p.index}/${p.count} is given twice (${seen.name} and ${p.name})`);
    byIndex.set(p.index, p);
  }
  const missing: number[] = [];
  for (let i = 1; i <= first.count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}, … (${missing.length} in all)` : missing.join(', ');
    throw new InputError(`missing ${missing.length === 1 ? 'shard' : 'shards'} ${list} of ${first.count}: merge needs every part of the run`);
  }

  const total = layout.rows * layout.cols;
  const merged = JSON.parse(JSON.stringify(first.doc)) as Doc;
  delete merged.shard;
  delete merged.cells;
  const grids = layout.fields.map(() => Array.from({ length: layout.rows }, () => new Array<unknown>(layout.cols).fill(null)));
  for (const p of read) {
    const own = shardCells(total, { index: p.index, count: p.count });
    if (own.length !== p.cells.length || own.some((c, i) => c !== p.cells[i])) {
      throw new InputError(`${p.name}: its cells are not those of shard ${p.index}/${p.count} (cell c belongs to shard (c mod N) + 1)`);
    }
    const mine = new Uint8Array(total);
    for (const c of own) mine[c] = 1;
    layout.fields.forEach((path, f) => {
      const g = getPath(p.doc, path);
      if (!Array.isArray(g) || g.length !== layout.rows || !g.every((row) => Array.isArray(row) && row.length === layout.cols)) {
        throw new InputError(`${p.name}: "${path.join('.')}" is not a ${layout.rows} × ${layout.cols} grid`);
      }
      for (let i = 0; i < layout.rows; i++)
        for (let j = 0; j < layout.cols; j++) {
          const v = (g[i] as unknown[])[j];
          if (mine[i * layout.cols + j]) grids[f][i][j] = v;
          else if (v !== null) throw new InputError(`${p.name}: "${path.join('.')}" has a value at a cell of another shard (${i * layout.cols + j})`);
        }
    });
  }
  layout.fields.forEach((path, f) => setPath(merged, path, grids[f]));
  return layout.quantity === 'phase'
    ? { quantity: 'phase', data: merged as unknown as PhaseOutput }
    : { quantity: 'chaos-probability', data: merged as unknown as ChaosProbabilityOutput };
}

/** Read and merge the parts' files (`readFile` throws when a file cannot be read). */
export function mergeFiles(files: string[], readFile: (path: string) => string): MergedOutput {
  return mergeParts(
    files.map((name) => {
      try {
        return { name, text: readFile(name) };
      } catch (e) {
        throw new InputError(`cannot read part "${oneLine(name)}": ${oneLine(e instanceof Error ? e.message : String(e), 200)}`);
      }
    }),
  );
}
