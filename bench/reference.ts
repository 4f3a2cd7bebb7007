/**
 * The reference kernels of ../shared/bench-reference: the C K1 (compiled into
 * an OS temp directory, never into the reference directory or the repo) and
 * the optimised plain-JS K1, run as child processes. Each prints one JSON line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RefResult {
  /** In-process kernel seconds reported by the program. */
  kernelS: number;
  /** Whole-process wall seconds measured from here (includes start-up). */
  wallS: number;
  checksum: number;
  nonfinite: number;
  first: number;
  last: number;
}

export interface RefSetup {
  dir: string;
  /** Temp directory holding the compiled binaries and dumps (removed by cleanup). */
  tmp: string;
  /** Path of the compiled K1, or null with a reason in notes. */
  cK1: string | null;
  cRngdump: string | null;
  gccVersion: string | null;
  /** Path of js/k1_opt.js if present. */
  jsK1Opt: string | null;
  jsCommon: string | null;
  notes: string[];
  cleanup(): void;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

export function gccVersion(): string | null {
  try {
    return firstLine(execFileSync('gcc', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return null;
  }
}

/** Find the reference, compile what can be compiled. Never throws: problems become notes. */
export function setupReference(dir: string): RefSetup {
  const notes: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'rnnlab-bench-'));
  const setup: RefSetup = {
    dir,
    tmp,
    cK1: null,
    cRngdump: null,
    gccVersion: null,
    jsK1Opt: null,
    jsCommon: null,
    notes,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
  if (!existsSync(dir)) {
    notes.push(`reference directory ${dir} not found: C and JS reference runs skipped (use --ref DIR)`);
    return setup;
  }
  const js = join(dir, 'js', 'k1_opt.js');
  if (existsSync(js)) setup.jsK1Opt = js;
  else notes.push(`${js} not found: JS reference skipped`);
  const common = join(dir, 'js', 'common.js');
  if (existsSync(common)) setup.jsCommon = common;

  const src = join(dir, 'c', 'k1.c');
  if (!existsSync(src)) {
    notes.push(`${src} not found: C reference skipped`);
    return setup;
  }
  setup.gccVersion = gccVersion();
  if (!setup.gccVersion) {
    notes.push('gcc not found: C reference skipped');
    return setup;
  }
  const compile = (name: string): string | null => {
    const out = join(tmp, name);
    const r = spawnSync('gcc', ['-O3', '-march=native', '-o', out, join(dir, 'c', `${name}.c`), '-lm'], { encoding: 'utf8' });
    if (r.status !== 0) {
      notes.push(`gcc failed on c/${name}.c: ${(r.stderr || r.error?.message || '').trim().slice(0, 300)}`);
      return null;
    }
    return out;
  };
  setup.cK1 = compile('k1');
  if (existsSync(join(dir, 'c', 'rngdump.c'))) setup.cRngdump = compile('rngdump');
  return setup;
}

function parseJsonLine(stdout: string, what: string): Record<string, unknown> {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop();
  if (!line) throw new Error(`${what}: no JSON line in its output`);
  return JSON.parse(line) as Record<string, unknown>;
}

function toRefResult(o: Record<string, unknown>, wallS: number): RefResult {
  const num = (k: string): number => {
    const v = o[k];
    return typeof v === 'number' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN;
  };
  return { kernelS: num('kernel_s'), wallS, checksum: num('checksum'), nonfinite: num('nonfinite'), first: num('first'), last: num('last') };
}

function runTimed(cmd: string, args: string[], what: string): RefResult {
  const t0 = process.hrtime.bigint();
  const stdout = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return toRefResult(parseJsonLine(stdout, what), wall);
}

/** One run of the C K1 in bif mode (optionally dumping the states). */
export function runCK1(bin: string, out?: string): RefResult {
  return runTimed(bin, ['--mode', 'bif', ...(out ? ['--out', out] : [])], 'c/k1');
}

/** One run of js/k1_opt.js in bif mode, with the node running this harness. */
export function runJsK1(script: string, out?: string): RefResult {
  return runTimed(process.execPath, [script, '--mode', 'bif', ...(out ? ['--out', out] : [])], 'js/k1_opt.js');
}

export function readF64(path: string): Float64Array {
  const buf = readFileSync(path);
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float64Array(copy.buffer, 0, copy.byteLength >> 3);
}

/** The first `count` normals of the C RNG (glibc log/cos), and its first 4 u32, via c/rngdump. */
export function cNormals(setup: RefSetup, seed: number, count: number): { u32: number[]; normals: Float64Array } | null {
  if (!setup.cRngdump) return null;
  const file = join(setup.tmp, `normals-${seed}.f64`);
  const stdout = execFileSync(setup.cRngdump, ['--seed', String(seed), '--count', String(count), '--out', file], { encoding: 'utf8' });
  const o = parseJsonLine(stdout, 'c/rngdump');
  return { u32: (o.u32 as number[]) ?? [], normals: readF64(file) };
}

interface JsRngLike {
  u32(): number;
  normal(): number;
}

/** The first `count` normals of the JS reference's own Rng (js/common.js). */
export function jsRefNormals(setup: RefSetup, seed: number, count: number): Float64Array | null {
  if (!setup.jsCommon) return null;
  const require = createRequire(import.meta.url);
  const mod = require(setup.jsCommon) as { Rng: new (seed: number) => JsRngLike };
  const r = new mod.Rng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = r.normal();
  return out;
}
