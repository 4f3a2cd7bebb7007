/**
 * The layering of docs/architecture.md, checked on the source: which folder
 * may import which, and no import cycles between folders (top-level folders of
 * src/, the domains of src/core, and workers/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The folder a file belongs to: src/core/<domain>, src/<top>, or workers. */
function folderOf(file: string): string {
  const rel = relative(ROOT, file).split('\\').join('/');
  const parts = rel.split('/');
  if (parts[0] === 'workers') return 'workers';
  if (parts[1] === 'core') return parts.length > 3 ? `core/${parts[2]}` : 'core';
  return parts[1];
}

/** Relative imports of a file (static, dynamic and type-only), resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const base = resolve(dirname(file), m[1]);
    for (const ext of ['.ts', '.tsx', '/index.ts', '']) {
      try {
        if (statSync(base + ext).isFile()) {
          out.push(base + ext);
          break;
        }
      } catch {
        /* next */
      }
    }
  }
  return out;
}

const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'workers'))];
const edges = new Map<string, Set<string>>();
const examples = new Map<string, string>();
for (const f of files) {
  const a = folderOf(f);
  for (const g of importsOf(f)) {
    const b = folderOf(g);
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Set());
    edges.get(a)!.add(b);
    examples.set(`${a} → ${b}`, `${relative(ROOT, f)} imports ${relative(ROOT, g)}`);
  }
}

describe('layering', () => {
  it('src/core imports nothing outside src/core', () => {
    const bad = [...edges].filter(([a]) => a.startsWith('core')).flatMap(([a, bs]) => [...bs].filter((b) => !b.startsWith('core')).map((b) => examples.get(`${a} → ${b}`)));
    expect(bad).toEqual([]);
  });

  it('params and lecture import no UI, store, engine or worker code; the CLI uses params and core, not the engine', () => {
    const forbidden: Record<string, string[]> = {
      params: ['views', 'state', 'compute', 'app', 'workers', 'lecture', 'export', 'cli'],
      lecture: ['views', 'state', 'compute', 'app', 'workers'],
      export: ['views', 'state', 'compute', 'app', 'workers'],
      cli: ['views', 'state', 'compute', 'app', 'workers'],
      workers: ['views', 'state', 'compute', 'app'],
      state: ['views', 'compute', 'workers', 'app'],
    };
    const bad: string[] = [];
    for (const [a, no] of Object.entries(forbidden)) for (const b of edges.get(a) ?? []) if (no.includes(b)) bad.push(examples.get(`${a} → ${b}`)!);
    expect(bad).toEqual([]);
  });

  it('no import cycles between folders', () => {
    // depth-first search for a back edge; report the cycle's folders and one import on it
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const cycles: string[] = [];
    const visit = (a: string) => {
      state.set(a, 'open');
      stack.push(a);
      for (const b of edges.get(a) ?? []) {
        if (state.get(b) === 'open') {
          const loop = [...stack.slice(stack.indexOf(b)), b];
          cycles.push(`${loop.join(' → ')} (${examples.get(`${a} → ${b}`)})`);
        } else if (!state.has(b)) visit(b);
      }
      stack.pop();
      state.set(a, 'done');
    };
    for (const a of [...edges.keys()].sort()) if (!state.has(a)) visit(a);
    expect(cycles).toEqual([]);
  });
});
