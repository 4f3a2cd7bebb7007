/**
 * numpy beside our core and C, in the same bench run (issue #7): the numpy
 * kernels of ../shared/bench-reference/py (K1 bif, K2 and λ_max through
 * `py/k2.py`, K3), run with `python3` single-threaded (OPENBLAS_NUM_THREADS=1,
 * as every other implementation is; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are
 * removed from that command only, as the machine's notes advise for timing a
 * current numpy), in rounds of (ours, numpy, C) so that ours ÷ numpy and
 * numpy ÷ C are medians of pair-by-pair ratios, like every × C of the bench.
 * Where python3 or numpy is missing, this stage is skipped with a note.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { K1, allocK1Output, k1Grid, k1ZScores, runK1 } from './k1';
import { K2, LMAX, k2Map, k2Params, runSpectrum } from './k2';
import { K3, runK3, runRefK3 } from './k3';
import { k2Args, runCK1, runCK2, type RefSetup } from './reference';
import { median, medianRatio } from './stats';

export const NUMPY_KERNELS = ['K1', 'K2-64', 'LMAX-256', 'K2-256', 'K3'] as const;
export type NumpyKernel = (typeof NUMPY_KERNELS)[number];

export interface NumpySetup {
  python: string;
  pyDir: string;
  numpy: string;
  /** BLAS numpy was built with (numpy.show_config), if it says. */
  blas: string;
}

export interface NumpyComparison {
  kernel: NumpyKernel;
  rounds: number;
  /** Seconds per round (in-process kernel time; numpy's and C's `kernel_s`). */
  ours: number[];
  numpy: number[];
  c: number[];
  oursMedianSeconds: number;
  numpyMedianSeconds: number;
  numpyWallMedianSeconds: number;
  cMedianSeconds: number | null;
  /** Medians of the pair-by-pair ratios. */
  oursOverNumpy: number;
  numpyOverC: number | null;
  oursOverC: number | null;
  numpyVersion: string;
  blas: string;
}

/** python3 with numpy and the reference's py/ directory, or a note saying why not. */
export function setupNumpy(refDir: string | null): { setup: NumpySetup | null; note: string | null } {
  if (!refDir) return { setup: null, note: 'no reference directory: numpy comparison skipped' };
  const pyDir = join(refDir, 'py');
  if (!existsSync(join(pyDir, 'k2.py'))) return { setup: null, note: `${pyDir}/k2.py not found: numpy comparison skipped` };
  try {
    const out = execFileSync(
      'python3',
      ['-c', 'import numpy, json\ncfg = numpy.show_config(mode="dicts") if hasattr(numpy, "show_config") else {}\nb = ((cfg or {}).get("Build Dependencies", {}) or {}).get("blas", {})\nprint(json.dumps({"numpy": numpy.__version__, "blas": (b.get("name", "") + " " + str(b.get("version", ""))).strip()}))'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: numpyEnv() },
    );
    const o = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { numpy?: string; blas?: string };
    return { setup: { python: 'python3', pyDir, numpy: o.numpy ?? '?', blas: o.blas ?? '' }, note: null };
  } catch {
    return { setup: null, note: 'python3 with numpy not found (`python3 -c "import numpy"` failed; on Debian: apt-get install -y python3-numpy): numpy comparison skipped' };
  }
}

function numpyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function numpyCommand(kernel: NumpyKernel): string[] {
  switch (kernel) {
    case 'K1':
      return ['k1.py', '--mode', 'bif'];
    case 'K2-64':
      return ['k2.py', ...k2Args(64, K2.g, 64, K2.transient, K2.steps)];
    case 'K2-256':
      return ['k2.py', ...k2Args(256, K2.g, 256, K2.transient, K2.steps)];
    case 'LMAX-256':
      return ['k2.py', ...k2Args(LMAX.n, LMAX.g, 1, LMAX.transient, LMAX.steps)];
    case 'K3':
      return ['k3.py'];
  }
}

/** One run of a numpy kernel: its in-process `kernel_s` and the whole process's wall time. */
export function runNumpy(s: NumpySetup, kernel: NumpyKernel): { kernelS: number; wallS: number } {
  const [script, ...args] = numpyCommand(kernel);
  const t0 = process.hrtime.bigint();
  const stdout = execFileSync(s.python, [join(s.pyDir, script), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 22, env: numpyEnv(), cwd: s.pyDir });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const line = stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .pop();
  if (!line) throw new Error(`py/${script}: no JSON line`);
  return { kernelS: Number((JSON.parse(line) as { kernel_s: unknown }).kernel_s), wallS };
}

/** Our kernel (the same code and protocol as the bench's own rows for it), timed in process. */
function oursRunner(kernel: NumpyKernel): () => number {
  const time = (f: () => void) => {
    const t0 = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  if (kernel === 'K1') {
    const z = k1ZScores();
    const gs = k1Grid();
    const out = allocK1Output();
    return () => time(() => runK1(z, gs, out));
  }
  if (kernel === 'K3') return () => time(() => runK3());
  const spec = kernel === 'LMAX-256' ? { n: LMAX.n, k: 1, transient: LMAX.transient, steps: LMAX.steps } : { n: kernel === 'K2-64' ? 64 : 256, k: kernel === 'K2-64' ? 64 : 256, transient: K2.transient, steps: K2.steps };
  const p = k2Params(spec.n);
  return () => time(() => runSpectrum(k2Map(p), p.h0, spec.k, spec.transient, spec.steps, true));
}

function cRunner(kernel: NumpyKernel, ref: RefSetup | null): (() => number) | null {
  if (!ref) return null;
  if (kernel === 'K1') return ref.cK1 ? () => runCK1(ref.cK1!).kernelS : null;
  if (kernel === 'K3') return ref.cK3 ? () => runRefK3(ref.cK3!, [], 'c/k3').kernelS : null;
  if (!ref.cK2) return null;
  const args = kernel === 'LMAX-256' ? k2Args(LMAX.n, LMAX.g, 1, LMAX.transient, LMAX.steps) : k2Args(kernel === 'K2-64' ? 64 : 256, K2.g, kernel === 'K2-64' ? 64 : 256, K2.transient, K2.steps);
  return () => runCK2(ref.cK2!, args).kernelS;
}

/** Rounds of (ours, numpy, C) after `warmups` untimed runs of each (K2-256: none for numpy and C). */
export function compareNumpy(kernel: NumpyKernel, s: NumpySetup, ref: RefSetup | null, rounds: number, warmups: number, log: (m: string) => void): NumpyComparison {
  const ours = oursRunner(kernel);
  const c = cRunner(kernel, ref);
  const slow = kernel === 'K2-256';
  log(`numpy ${kernel}: warm-up…`);
  for (let i = 0; i < Math.max(1, slow ? 0 : warmups); i++) ours();
  if (!slow) {
    runNumpy(s, kernel);
    c?.();
  }
  const o: number[] = [];
  const np: number[] = [];
  const npWall: number[] = [];
  const cs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    log(`numpy ${kernel} round ${r + 1}/${rounds}`);
    o.push(ours());
    const n = runNumpy(s, kernel);
    np.push(n.kernelS);
    npWall.push(n.wallS);
    if (c) cs.push(c());
  }
  return {
    kernel,
    rounds,
    ours: o,
    numpy: np,
    c: cs,
    oursMedianSeconds: median(o),
    numpyMedianSeconds: median(np),
    numpyWallMedianSeconds: median(npWall),
    cMedianSeconds: cs.length ? median(cs) : null,
    oursOverNumpy: medianRatio(o, np),
    numpyOverC: cs.length ? medianRatio(np, cs) : null,
    oursOverC: cs.length ? medianRatio(o, cs) : null,
    numpyVersion: s.numpy,
    blas: s.blas,
  };
}

/** K1's work, for the table's note. */
export const NUMPY_K1_NOTE = `K1: numpy evaluates tanh on (${K1.ng} × ${K1.n}) blocks with its own SIMD tanh; C and we call a scalar tanh per unit`;
export const NUMPY_K3_NOTE = `K3: ${K3.gs.length} gains, H = ${K3.H}; numpy's power iteration is one vector (as C's)`;
