/**
 * The reference kernels of ../shared/bench-reference: the C K1, K2 and K3
 * (compiled into an OS temp directory, never into the reference directory or
 * the repo) and the optimised plain-JS K1, K2 and K3, run as child processes.
 * Each prints one JSON line.
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
  /** Path of the compiled K2 (Lyapunov spectra), or null with a reason in notes. */
  cK2: string | null;
  /** Path of js/k1_opt.js if present. */
  jsK1Opt: string | null;
  /** Path of js/k2_opt.js if present. */
  jsK2Opt: string | null;
  /** Path of the compiled K3 (gradient-norm curves), or null with a reason in notes. */
  cK3: string | null;
  /** Path of js/k3_opt.js if present. */
  jsK3Opt: string | null;
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

/** Find the reference, compile what can be compiled (of `want`). Never throws: problems become notes. */
export function setupReference(dir: string, want: { k1: boolean; k2: boolean; k3?: boolean } = { k1: true, k2: true, k3: true }): RefSetup {
  const notes: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'rnnlab-bench-'));
  const setup: RefSetup = {
    dir,
    tmp,
    cK1: null,
    cK2: null,
    cRngdump: null,
    gccVersion: null,
    jsK1Opt: null,
    jsK2Opt: null,
    cK3: null,
    jsK3Opt: null,
    jsCommon: null,
    notes,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
  if (!existsSync(dir)) {
    notes.push(`reference directory ${dir} not found: C and JS reference runs skipped (use --ref DIR)`);
    return setup;
  }
  const findJs = (name: string): string | null => {
    const js = join(dir, 'js', name);
    if (existsSync(js)) return js;
    notes.push(`${js} not found: JS reference skipped`);
    return null;
  };
  if (want.k1) setup.jsK1Opt = findJs('k1_opt.js');
  if (want.k2) setup.jsK2Opt = findJs('k2_opt.js');
  if (want.k3) setup.jsK3Opt = findJs('k3_opt.js');
  const common = join(dir, 'js', 'common.js');
  if (existsSync(common)) setup.jsCommon = common;

  setup.gccVersion = gccVersion();
  if (!setup.gccVersion) {
    notes.push('gcc not found: C reference skipped');
    return setup;
  }
  const compile = (name: string): string | null => {
    const src = join(dir, 'c', `${name}.c`);
    if (!existsSync(src)) {
      notes.push(`${src} not found: C reference skipped`);
      return null;
    }
    const out = join(tmp, name);
    const r = spawnSync('gcc', ['-O3', '-march=native', '-o', out, src, '-lm'], { encoding: 'utf8' });
    if (r.status !== 0) {
      notes.push(`gcc failed on c/${name}.c: ${(r.stderr || r.error?.message || '').trim().slice(0, 300)}`);
      return null;
    }
    return out;
  };
  if (want.k1) {
    setup.cK1 = compile('k1');
    if (existsSync(join(dir, 'c', 'rngdump.c'))) setup.cRngdump = compile('rngdump');
  }
  if (want.k2) setup.cK2 = compile('k2');
  if (want.k3) setup.cK3 = compile('k3');
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

/** One run of K2 (`k2 N --g G …`) as the reference prints it. */
export interface K2RefResult {
  kernelS: number;
  wallS: number;
  lambda: Float64Array;
  sum: number;
  meanLogdet: number;
  orthErr: number;
}

function toK2RefResult(o: Record<string, unknown>, wallS: number): K2RefResult {
  const num = (v: unknown): number => (typeof v === 'number' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN);
  const lambda = Array.isArray(o.lambda) ? Float64Array.from(o.lambda as unknown[], num) : new Float64Array(0);
  return { kernelS: num(o.kernel_s), wallS, lambda, sum: num(o.sum), meanLogdet: num(o.mean_logdet), orthErr: num(o.orth_err) };
}

/** K2 arguments shared by the C and JS references. */
export function k2Args(n: number, g: number, k: number, transient: number, steps: number): string[] {
  return [String(n), '--g', String(g), '--k', String(k), '--transient', String(transient), '--steps', String(steps)];
}

/** One run of the C K2 (MGS, QR every step). */
export function runCK2(bin: string, args: string[]): K2RefResult {
  const t0 = process.hrtime.bigint();
  const stdout = execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 22 });
  return toK2RefResult(parseJsonLine(stdout, 'c/k2'), Number(process.hrtime.bigint() - t0) / 1e9);
}

/** One run of js/k2_opt.js with the node running this harness. */
export function runJsK2(script: string, args: string[]): K2RefResult {
  const t0 = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 22 });
  return toK2RefResult(parseJsonLine(stdout, 'js/k2_opt.js'), Number(process.hrtime.bigint() - t0) / 1e9);
}
