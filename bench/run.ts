/**
 * `npm run bench` — the project's benchmark harness (docs/benchmarks.md).
 *
 * Runs the same core code the workers run, in Node, and sets it beside the
 * reference kernels of ../shared/bench-reference measured in the same run:
 *
 *   K1        bifurcation kernel: 1000 g × (1000 transient + 500 kept), n = 16 tanh,
 *             NetMap + runColumn, states into one Float64Array(1000 × 500)
 *   K1-hist   the same columns through histogramColumns into 1000 × 600 bins (the app's diagram)
 *   LAMBDA1D  analyseOrbit on the K1 network at g = 2.5, 10⁶ steps
 *   PANEL-64  computePanel1d, width-64 tanh net1d, draft quality (one frame while dragging g)
 *   K2-64     full Lyapunov spectrum of the reference RNN (N = 64, g = 2, seed 42), QR every step,
 *             1000 transient + 2000 steps: SpectrumRun on an RnnMap (bench/k2.ts)
 *   LMAX-256  λ_max alone (k = 1), N = 256, 1000 transient + 10⁴ steps
 *   K3        gradient-norm curves log‖J_T ⋯ J_t‖ (Frobenius and spectral), N = 64,
 *             g ∈ {0.8, 1.5, 3}, horizons 1 … 500 after 1000 transient steps: MeterRun of
 *             the gradient meter (bench/k3.ts), checked against c/k3 and js/k3_opt.js
 *   K2-256    the full spectrum at N = 256 (about 30 s a run, with C 9 s and js/k2_opt.js 47 s):
 *             NOT in the default run, ask for it with --kernels K2-256
 *   SWEEP     the chaos-probability sweep on worker_threads pulling tasks from a shared queue:
 *             samples per second with 1 worker and with all workers (os.availableParallelism()),
 *             for a ReLU sweep (SWEEP-relu) and a tanh sweep (SWEEP-tanh) of fixed size
 *   PHASE     the app's default phase map (issue #15: λ_max over g 0…4 × σ_b 0…3, 32 × 32 cells,
 *             width-64 tanh RNN) on worker_threads pulling batches of cells: cells per second with
 *             1 worker and with all workers on 128 cells spread over the map, and the time of the
 *             whole map (1024 cells) on all workers (bench/phase.ts)
 *   GATED-128 (opt-in) the full spectrum of an LSTM, H = 64 (state 128), against the M2 RNN with
 *             N = 128, 10⁴ steps each, alternating (issue #14: the LSTM within 3× of the RNN; bench/gated.ts)
 *   DIAG-64   the 64-unit RNN's orbit diagram, 1 000 columns × (300 + 200) steps with λ_max, in
 *             batches (one GEMM a step for all columns) against the columns one by one (issue #17;
 *             bench/diag.ts)
 *   DIAG-GRU-64 the same for the 64-unit GRU at PyTorch's initialisation (the app's 237 columns,
 *             the gated batch)
 *
 * K1, K1-hist, K2-*, LMAX-256 and K3 are run alternately with the C reference
 * (A B A B …) and the ratio to C is the median of the pair-by-pair ratios of
 * in-process kernel times. Nothing is written to the repository; the C binaries go to an OS temp
 * directory that is removed at exit.
 *
 * Options: --json (one JSON object per kernel and line), --runs N (default 7;
 * K2-256: 3), --quick (3 runs, 1 warm-up; K2-256: 1),
 *   TRAIN-PLRNN training steps per second of the training lab: PLRNN M = 15, T = 200, 16 windows
 *             a step, sparse teacher forcing on Lorenz-63 (bench/train.ts), with the cost of a step
 *             over a forward pass alone, and a tanh RNN of the same size beside it
 *
 * --kernels K1,K1-hist,LAMBDA1D,PANEL-64,K2-64,LMAX-256,K2-256,K3,SWEEP,TRAIN-PLRNN,PHASE,GATED-128,DIAG-64,DIAG-GRU-64,
 * --ref DIR (reference directory; default ../shared/bench-reference from the
 * project root), --no-ref (skip the references), --help.
 */
import { cpus, platform, release } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/core/linalg/rng';
import {
  K1,
  K1_TANH_COUNT,
  allocK1Output,
  checksum,
  k1Grid,
  k1HistJob,
  k1ZScores,
  resetHistogram,
  runK1,
  runK1Hist,
  type K1HistJob,
} from './k1';
import { checkStatesC, checkStatesJs, checkWeights, type StateCheckC, type StateCheckJs, type WeightCheck } from './k1check';
import { cNormals, jsRefNormals, k2Args, readF64, runCK1, runCK2, runJsK1, runJsK2, setupReference, type K2RefResult, type RefResult, type RefSetup } from './reference';
import { LAMBDA1D, lambda1dMap, panel64Request, runLambda1d, runPanel } from './appKernels';
import { fmtRatio, fmtSeconds, median, medianRatio, percentile, timeIt } from './stats';
import { SWEEP_KERNELS, SweepThreadPool, measureSweep, type SweepKernel } from './sweep';
import { GATED_BENCH, measureGated } from './gated';
import { DIAG_BENCH, DIAG_GRU_BENCH, measureDiag, type DiagSpec } from './diag';
import { SPECTRUM_KERNELS, SPECTRUM_SPECS, checkSpectrum, measureSpectrum, spectrumFlops, K2, type SpectrumCheck, type SpectrumKernel } from './k2';
import { STEPS_PER_RUN, TRAIN_BENCH, measureTrain } from './train';
import { PHASE_BENCH, PhaseThreadPool, measurePhase } from './phase';
import { NUMPY_KERNELS, compareNumpy, setupNumpy, type NumpyComparison } from './numpy';
import { loadKernelsNode } from '../wasm/node';
import { kernelInfo } from '../src/core/linalg/simd';
import { K3, checkK3, k3Flops, measureK3, refCurves, runK3QrForm, runRefK3, type K3Check, type K3RefResult, type K3Runners } from './k3';

const ALL_KERNELS = ['K1', 'K1-hist', 'LAMBDA1D', 'PANEL-64', 'K2-64', 'LMAX-256', 'K2-256', 'K3', 'SWEEP', 'TRAIN-PLRNN', 'PHASE', 'GATED-128', 'DIAG-64', 'DIAG-GRU-64'] as const;
type KernelName = (typeof ALL_KERNELS)[number];
/** K2-256 takes ~30 s a run here (plus C and js/k2_opt.js): only when asked for. */
const DEFAULT_KERNELS: readonly KernelName[] = ALL_KERNELS.filter((k) => k !== 'K2-256' && k !== 'GATED-128');
/** K2-256 rounds unless --runs is given (--quick: 1). */
const K2_256_RUNS = 3;
/** Names of the reports (SWEEP gives one per sweep). */
type ReportName = Exclude<KernelName, 'SWEEP'> | SweepKernel;

/** PERFORMANCE.md: Monte Carlo sweeps on a pool of W workers, speed-up ≥ 0.9·W over one worker. */
const SWEEP_SPEEDUP_TARGET = 0.9;
/** Issue #15: the phase map's cells on W workers, speed-up ≥ 0.9·W over one worker. */
const PHASE_SPEEDUP_TARGET = 0.9;
/** Issue #17: the phase map's cells per second with cells batched, over one by one. */
const PHASE_BATCH_TARGET = 3;

/** PERFORMANCE.md: K1, K2 in the project's core ≤ 2× C -O3; a panel frame ≤ 16 ms; λ_max (N = 256, 10⁴ steps) ≤ 0.5 s. */
const TARGET_RATIO_TO_C = 2;
const LMAX_TARGET_S = 0.5;
const FRAME_BUDGET_S = 0.016;
const PANEL_WARMUP = 30;

interface Options {
  json: boolean;
  runs: number;
  /** Rounds of K2-256. */
  runs256: number;
  warmups: number;
  panelRuns: number;
  kernels: KernelName[];
  refDir: string | null;
}

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function usage(): string {
  return [
    `usage: npm run bench -- [--json] [--runs N] [--quick] [--kernels ${ALL_KERNELS.join(',')}] [--ref DIR | --no-ref]`,
    '  --json      one JSON object per kernel and line on stdout (progress goes to stderr)',
    `  --runs N    counted runs per kernel (default 7, after 2 warm-ups; K2-256: ${K2_256_RUNS}); PANEL-64 uses max(51, 10·N)`,
    '  --quick     3 runs after 1 warm-up (PANEL-64: 21; K2-256: 1)',
    '  --kernels   comma-separated subset of ' + ALL_KERNELS.join(', '),
    '              (PHASE: the default phase map on 1 and on all worker threads, about 8 s a round on 2 cores)',
    `              (default: all but K2-256, which takes a few minutes)`,
    '  --ref DIR   reference kernels (default ../shared/bench-reference from the project root)',
    '  --no-ref    do not run the C / JS references',
    '  --js-kernels  our core with its JavaScript kernels only (the state before the wasm kernels; default: WebAssembly SIMD where available)',
    '  --no-numpy  skip the numpy comparison (rounds of ours, numpy, C after the other kernels; skipped with a note without python3 + numpy)',
  ].join('\n');
}

function parseOptions(argv: string[]): Options {
  const o: Options = { json: false, runs: 7, runs256: K2_256_RUNS, warmups: 2, panelRuns: 0, kernels: [...DEFAULT_KERNELS], refDir: resolve(projectRoot, '../shared/bench-reference') };
  let quick = false;
  let runsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--json':
        o.json = true;
        break;
      case '--quick':
        quick = true;
        break;
      case '--runs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--runs takes a positive whole number');
        o.runs = n;
        runsGiven = true;
        break;
      }
      case '--kernels': {
        const names = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const n of names) if (!(ALL_KERNELS as readonly string[]).includes(n)) throw new Error(`unknown kernel "${n}" (known: ${ALL_KERNELS.join(', ')})`);
        o.kernels = ALL_KERNELS.filter((k) => names.includes(k));
        break;
      }
      case '--ref':
        o.refDir = resolve(process.cwd(), value());
        break;
      case '--no-ref':
        o.refDir = null;
        break;
      case '--help':
      case '-h':
        console.log(usage());
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option "${a}"\n${usage()}`);
    }
  }
  if (quick) {
    if (!runsGiven) o.runs = 3;
    o.warmups = 1;
  }
  o.runs256 = runsGiven ? o.runs : quick ? 1 : K2_256_RUNS;
  o.panelRuns = quick ? 21 : Math.max(51, 10 * o.runs);
  return o;
}

interface Machine {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  gcc?: string;
  /** Kernels our core ran with ('wasm-simd' or 'js'), and numpy's version. */
  kernels?: string;
  numpy?: string;
}

interface RefSummary {
  runs: number;
  medianSeconds: number;
  wallMedianSeconds: number;
  ratioToC?: number;
}

interface Report {
  kernel: ReportName;
  medianSeconds: number;
  runs: number;
  minSeconds: number;
  maxSeconds: number;
  p95Seconds?: number;
  firstCallSeconds?: number;
  /** PANEL-64: median of the first PANEL_WARMUP calls (JIT still warming up). */
  warmupMedianSeconds?: number;
  ratioToC?: number;
  /** Ours / the optimised JS reference (js/k1_opt.js, js/k2_opt.js), pair by pair. */
  ratioToJs?: number;
  /** Nominal GFLOP/s (K2, LMAX: flops counted as RESULTS.md does). */
  gflops?: number;
  target?: string;
  meetsTarget?: boolean;
  nsPerTanh?: number;
  refC?: RefSummary;
  /** numpy in rounds of (ours, numpy, C) after the main rounds (bench/numpy.ts). */
  refNumpy?: { runs: number; medianSeconds: number; wallMedianSeconds: number; ratioToC: number | null; oursMedianSeconds: number };
  /** Ours / numpy, pair by pair (from the numpy rounds). */
  ratioToNumpy?: number;
  refJs?: RefSummary;
  result?: Record<string, unknown>;
  check?: Record<string, unknown>;
  notes?: string[];
  date: string;
  machine: Machine;
}

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

function summary(times: number[]): Pick<Report, 'medianSeconds' | 'runs' | 'minSeconds' | 'maxSeconds'> {
  return { medianSeconds: median(times), runs: times.length, minSeconds: Math.min(...times), maxSeconds: Math.max(...times) };
}

function refSummary(rs: RefResult[], c?: RefResult[]): RefSummary {
  const s: RefSummary = {
    runs: rs.length,
    medianSeconds: median(rs.map((r) => r.kernelS)),
    wallMedianSeconds: median(rs.map((r) => r.wallS)),
  };
  if (c) s.ratioToC = medianRatio(rs.map((r) => r.kernelS), c.map((r) => r.kernelS));
  return s;
}

/** K1 and K1-hist, interleaved with the references round by round. */
function benchK1Group(opt: Options, ref: RefSetup | null, machine: Machine, date: string): Report[] {
  const wantK1 = opt.kernels.includes('K1');
  const wantHist = opt.kernels.includes('K1-hist');
  const z = k1ZScores();
  const gs = k1Grid();
  const out = allocK1Output();
  let cBin = ref?.cK1 ?? null;
  let jsScript = ref?.jsK1Opt ?? null;
  const refNotes = ref ? ref.notes : [];

  // Warm-ups (the first K1 run also gives the diagram's y range).
  log(`K1: ${opt.warmups} warm-up(s)…`);
  for (let i = 0; i < Math.max(1, opt.warmups); i++) runK1(z, gs, out);
  let hist: K1HistJob | null = null;
  if (wantHist) {
    hist = k1HistJob(z, gs, out.states);
    for (let i = 0; i < opt.warmups; i++) {
      resetHistogram(hist.h);
      runK1Hist(hist);
    }
  }
  // One warm-up each; a reference that does not run is skipped with a note.
  if (cBin) {
    try {
      runCK1(cBin);
    } catch (e) {
      refNotes.push(`c/k1 did not run (${(e as Error).message.split('\n')[0]}): C reference skipped`);
      cBin = null;
    }
  }
  if (jsScript) {
    try {
      runJsK1(jsScript);
    } catch (e) {
      refNotes.push(`js/k1_opt.js did not run (${(e as Error).message.split('\n')[0]}): JS reference skipped`);
      jsScript = null;
    }
  }

  const tK1: number[] = [];
  const tHist: number[] = [];
  const cRuns: RefResult[] = [];
  const jsRuns: RefResult[] = [];
  for (let i = 0; i < opt.runs; i++) {
    log(`K1 round ${i + 1}/${opt.runs}`);
    if (wantK1) tK1.push(timeIt(() => runK1(z, gs, out)));
    if (cBin) cRuns.push(runCK1(cBin));
    if (jsScript) jsRuns.push(runJsK1(jsScript));
    if (hist) {
      const h = hist;
      resetHistogram(h.h);
      tHist.push(timeIt(() => runK1Hist(h)));
    }
  }
  if (!wantK1) runK1(z, gs, out); // states for the checks

  // ---- correctness (untimed) ----
  const ours = checksum(out.states);
  const ourRng = new Rng(K1.seed);
  const ourU32 = [ourRng.u32(), ourRng.u32(), ourRng.u32(), ourRng.u32()];
  const cz = ref ? cNormals(ref, K1.seed, 3 * K1.n) : null;
  const weights: WeightCheck = checkWeights(z, ourU32, ref ? jsRefNormals(ref, K1.seed, 3 * K1.n) : null, cz);
  let vsC: StateCheckC | null = null;
  let cOnce: RefResult | null = null;
  if (cBin && ref) {
    const file = resolve(ref.tmp, 'c-states.f64');
    cOnce = runCK1(cBin, file);
    vsC = checkStatesC(out.states, out.lambda, readF64(file));
  }
  let vsJs: StateCheckJs | null = null;
  let vsJsCols: StateCheckC | null = null;
  if (jsScript && ref) {
    const file = resolve(ref.tmp, 'js-states.f64');
    runJsK1(jsScript, file);
    const jsStates = readF64(file);
    vsJs = checkStatesJs(out.states, jsStates);
    vsJsCols = checkStatesC(out.states, out.lambda, jsStates);
  }
  let chaotic = 0;
  for (const l of out.lambda) if (l > 0) chaotic++;

  const check: Record<string, unknown> = {
    checksum: ours.sum,
    nonfinite: ours.nonfinite,
    first: out.states[0],
    last: out.states[out.states.length - 1],
    columnsWithPositiveLambda: chaotic,
    weights,
  };
  if (cOnce) {
    check.c = { checksum: cOnce.checksum, first: cOnce.first, last: cOnce.last, firstAbsDiff: Math.abs(cOnce.first - out.states[0]), lastAbsDiff: Math.abs(cOnce.last - out.states[out.states.length - 1]) };
  }
  if (vsC) check.statesVsC = vsC;
  // Verdict: exact weights; against C and the JS reference (glibc's and V8's tanh, ours is
  // the portable one: README, "Same link, same numbers"), only chaotic or marginal columns
  // (λ ≥ −0.01) may differ, and the (periodic) first and last columns agree.
  const failures: string[] = [];
  if (!weights.gridExact) failures.push('g grid');
  if (weights.zEqualJs !== null && weights.zEqualJs !== weights.zCount) failures.push('z-scores vs JS reference');
  if (weights.weightsEqualC !== null && weights.weightsEqualC !== weights.weightsTotal) failures.push('weights vs C (last-bit, from glibc log/cos)');
  if (vsJsCols && vsJsCols.differMinLambda !== null && vsJsCols.differMinLambda < -0.01) failures.push('a non-chaotic column differs from the JS reference');
  if (vsC && vsC.differMinLambda !== null && vsC.differMinLambda < -0.01) failures.push('a non-chaotic column differs from C');
  if (cOnce && (Math.abs(cOnce.first - out.states[0]) > 1e-12 || Math.abs(cOnce.last - out.states[out.states.length - 1]) > 1e-12)) failures.push('first/last vs C');
  const compared = ['g grid'];
  if (weights.zEqualJs !== null) compared.push('js/common.js RNG');
  if (weights.zEqualC !== null) compared.push('C RNG');
  if (vsJs) compared.push('js/k1_opt.js states');
  if (vsC) compared.push('C states');
  check.comparedWith = compared;
  check.ok = failures.length === 0;
  check.failures = failures;
  if (vsJs) check.statesVsJsRef = vsJs;
  if (vsJsCols) check.statesVsJsRefColumns = vsJsCols;

  const notes = ref ? [...refNotes] : ['references skipped (--no-ref)'];
  const cSum = cRuns.length ? refSummary(cRuns) : undefined;
  const reports: Report[] = [];
  if (wantK1) {
    const r: Report = {
      kernel: 'K1',
      ...summary(tK1),
      nsPerTanh: (median(tK1) / K1_TANH_COUNT) * 1e9,
      target: `≤ ${TARGET_RATIO_TO_C}× C -O3`,
      check,
      notes,
      date,
      machine,
    };
    if (cSum) {
      r.refC = cSum;
      r.ratioToC = medianRatio(tK1, cRuns.map((c) => c.kernelS));
      r.meetsTarget = r.ratioToC <= TARGET_RATIO_TO_C;
    }
    if (jsRuns.length) {
      r.refJs = refSummary(jsRuns, cRuns.length ? cRuns : undefined);
      r.ratioToJs = medianRatio(tK1, jsRuns.map((j) => j.kernelS));
    }
    reports.push(r);
  }
  if (wantHist && hist) {
    const h = hist.h;
    let binned = 0;
    for (const n of h.counts) binned += n;
    const r: Report = {
      kernel: 'K1-hist',
      ...summary(tHist),
      nsPerTanh: (median(tHist) / K1_TANH_COUNT) * 1e9,
      result: { cols: K1.ng, rows: h.counts.length / K1.ng, yRange: [hist.yLo, hist.yHi], binned, outside: h.outside },
      notes: wantK1 ? undefined : notes,
      date,
      machine,
    };
    if (cSum) {
      r.refC = cSum;
      r.ratioToC = medianRatio(tHist, cRuns.map((c) => c.kernelS));
    }
    reports.push(r);
  }
  return reports;
}

function benchLambda1d(opt: Options, machine: Machine, date: string): Report {
  const map = lambda1dMap(k1ZScores());
  log(`LAMBDA1D: ${opt.warmups} warm-up(s), ${opt.runs} runs…`);
  let last = runLambda1d(map);
  for (let i = 1; i < opt.warmups; i++) last = runLambda1d(map);
  const t: number[] = [];
  for (let i = 0; i < opt.runs; i++) t.push(timeIt(() => (last = runLambda1d(map))));
  return {
    kernel: 'LAMBDA1D',
    ...summary(t),
    nsPerTanh: (median(t) / ((LAMBDA1D.transient + LAMBDA1D.steps) * K1.n)) * 1e9,
    result: { g: LAMBDA1D.g, steps: LAMBDA1D.steps, lambda: last.lambda, period: last.period, diverged: last.diverged },
    date,
    machine,
  };
}

function benchPanel(opt: Options, machine: Machine, date: string): Report {
  const { req, appDraft } = panel64Request();
  log(`PANEL-64: ${opt.panelRuns} runs…`);
  // The first calls run in V8's lower tiers (a worker pays this once, in its first ~0.1 s of a drag):
  // report the first call and the median of the first PANEL_WARMUP calls, then time the steady state.
  const t0 = process.hrtime.bigint();
  let res = runPanel(req);
  const first = Number(process.hrtime.bigint() - t0) / 1e9;
  const warm: number[] = [first];
  for (let i = 1; i < PANEL_WARMUP; i++) warm.push(timeIt(() => (res = runPanel(req))));
  const t: number[] = [];
  for (let i = 0; i < opt.panelRuns; i++) t.push(timeIt(() => (res = runPanel(req))));
  const p95 = percentile(t, 95);
  return {
    kernel: 'PANEL-64',
    ...summary(t),
    p95Seconds: p95,
    firstCallSeconds: first,
    warmupMedianSeconds: median(warm),
    target: `well under one ${FRAME_BUDGET_S * 1e3} ms frame: median ≤ ${(FRAME_BUDGET_S * 500).toFixed(0)} ms (half a frame, the rest is drawing), p95 ≤ ${FRAME_BUDGET_S * 1e3} ms`,
    meetsTarget: median(t) <= FRAME_BUDGET_S / 2 && p95 <= FRAME_BUDGET_S,
    result: {
      k: req.params.k,
      g: req.params.g,
      init: req.params.init,
      lt: req.params.lt,
      ls: req.params.ls,
      appDraftLambdaRun: appDraft,
      T: req.params.T,
      samples: req.samples,
      lambda: res.analysis.lambda,
      kind: res.kind,
      fixedPoints: res.fixedPoints.length,
    },
    date,
    machine,
  };
}

/** K2-64, K2-256, LMAX-256: our core alternately with c/k2 and js/k2_opt.js. */
function benchSpectrum(name: SpectrumKernel, opt: Options, ref: RefSetup | null, machine: Machine, date: string): Report {
  const s = SPECTRUM_SPECS[name];
  const args = k2Args(s.n, K2.g, s.k, s.transient, s.steps);
  const cBin = ref?.cK2 ?? null;
  const jsScript = ref?.jsK2Opt ?? null;
  const rounds = name === 'K2-256' ? opt.runs256 : opt.runs;
  const m = measureSpectrum(
    name,
    args,
    { c: cBin ? (a) => runCK2(cBin, a) : null, js: jsScript ? (a) => runJsK2(jsScript, a) : null },
    rounds,
    opt.warmups,
    log,
  );
  const check = checkSpectrum(m);
  const med = median(m.ours);
  const kernelTimes = (rs: K2RefResult[]): number[] => rs.map((r) => r.kernelS);
  const refSum = (rs: K2RefResult[], c?: K2RefResult[]): RefSummary => {
    const out: RefSummary = { runs: rs.length, medianSeconds: median(kernelTimes(rs)), wallMedianSeconds: median(rs.map((r) => r.wallS)) };
    if (c && c.length) out.ratioToC = medianRatio(kernelTimes(rs), kernelTimes(c));
    return out;
  };
  const r: Report = {
    kernel: name,
    ...summary(m.ours),
    gflops: spectrumFlops(s) / med / 1e9,
    target: name === 'LMAX-256' ? `≤ ${LMAX_TARGET_S} s` : `≤ ${TARGET_RATIO_TO_C}× C -O3`,
    result: {
      n: s.n,
      k: s.k,
      g: K2.g,
      sb: K2.sb,
      seed: K2.seed,
      transient: s.transient,
      steps: s.steps,
      startFrame: 'identity (as the references)',
      transientMedianSeconds: median(m.oursTransient),
      stepsMedianSeconds: median(m.ours.map((t, i) => t - m.oursTransient[i])),
      lambda1: check.lambda1,
      lambdaLast: check.lambdaLast,
      sum: check.sum,
      meanLogDet: m.result.meanLogDet,
      lambdas: Array.from(m.result.lambdas),
    },
    check: check as unknown as Record<string, unknown>,
    notes: [...(ref ? ref.notes : ['references skipped (--no-ref)']), ...m.notes],
    date,
    machine,
  };
  if (m.c.length) {
    r.refC = refSum(m.c);
    r.ratioToC = medianRatio(m.ours, kernelTimes(m.c));
  }
  if (m.js.length) {
    r.refJs = refSum(m.js, m.c);
    r.ratioToJs = medianRatio(m.ours, kernelTimes(m.js));
  }
  if (name === 'LMAX-256') r.meetsTarget = med <= LMAX_TARGET_S;
  else if (r.ratioToC !== undefined) r.meetsTarget = r.ratioToC <= TARGET_RATIO_TO_C;
  return r;
}

/** K3: our gradient meter's kernel alternately with c/k3 and js/k3_opt.js; the curves checked horizon by horizon. */
function benchK3(opt: Options, ref: RefSetup | null, machine: Machine, date: string): Report {
  const runners: K3Runners = {
    c: ref?.cK3 ? (out) => runRefK3(ref.cK3!, [], 'c/k3', out) : null,
    js: ref?.jsK3Opt ? (out) => runRefK3(process.execPath, [ref.jsK3Opt!], 'js/k3_opt.js', out) : null,
  };
  const m = measureK3(runners, opt.runs, opt.warmups, log);
  // untimed: the references' curves once (--out), and our QR form on the same windows
  const curves = ref ? refCurves({ c: m.c.length ? runners.c : null, js: m.js.length ? runners.js : null }, ref.tmp) : { c: null, js: null };
  const check = checkK3(m, curves.c, curves.js, runK3QrForm());
  const med = median(m.ours);
  const kt = (rs: K3RefResult[]) => rs.map((r) => r.kernelS);
  const refSum = (rs: K3RefResult[], c?: K3RefResult[]): RefSummary => {
    const out: RefSummary = { runs: rs.length, medianSeconds: median(kt(rs)), wallMedianSeconds: median(rs.map((r) => r.wallS)) };
    if (c && c.length) out.ratioToC = medianRatio(kt(rs), kt(c));
    return out;
  };
  const r: Report = {
    kernel: 'K3',
    ...summary(m.ours),
    gflops: k3Flops(m.result.powerIterations) / med / 1e9,
    target: `≤ ${TARGET_RATIO_TO_C}× C -O3`,
    result: {
      n: K3.n,
      g: [...K3.gs],
      sb: K3.sb,
      seed: K3.seed,
      transient: K3.transient,
      H: K3.H,
      windows: K3.windows,
      slope2: m.result.slope2,
      slopeF: m.result.slopeF,
      logF_H: m.result.logF.map((a) => a[K3.H - 1]),
      log2_H: m.result.log2.map((a) => a[K3.H - 1]),
      powerIterations: m.result.powerIterations,
      refPowerIterations: m.c.length ? m.c[m.c.length - 1].powerIters : undefined,
    },
    check: check as unknown as Record<string, unknown>,
    notes: [...(ref ? ref.notes : ['references skipped (--no-ref)']), ...m.notes],
    date,
    machine,
  };
  if (m.c.length) {
    r.refC = refSum(m.c);
    r.ratioToC = medianRatio(m.ours, kt(m.c));
    r.meetsTarget = r.ratioToC <= TARGET_RATIO_TO_C;
  }
  if (m.js.length) {
    r.refJs = refSum(m.js, m.c);
    r.ratioToJs = medianRatio(m.ours, kt(m.js));
  }
  return r;
}

// ------------------------------------------------------------------ output --

async function benchSweep(opt: Options, machine: Machine, date: string): Promise<Report[]> {
  const pool = new SweepThreadPool();
  const reports: Report[] = [];
  try {
    for (const kernel of Object.keys(SWEEP_KERNELS) as SweepKernel[]) {
      const m = await measureSweep(pool, kernel, opt.runs, opt.warmups, log);
      const W = m.workers;
      const speedup = median(m.ratios);
      const target = SWEEP_SPEEDUP_TARGET * W;
      reports.push({
        kernel,
        ...summary(m.all),
        target: `speed-up ≥ ${SWEEP_SPEEDUP_TARGET} × ${W} workers = ${target.toFixed(2)}×`,
        meetsTarget: speedup >= target && m.countsOk,
        result: {
          networks: m.networks,
          workers: W,
          oneWorkerMedianSeconds: median(m.one),
          allWorkersMedianSeconds: median(m.all),
          samplesPerSecondOneWorker: m.networks / median(m.one),
          samplesPerSecondAllWorkers: m.networks / median(m.all),
          speedup,
          tasksPerWorker: m.tasksPerWorker,
          countsIdentical: m.countsOk,
        },
        date,
        machine,
      });
    }
  } finally {
    await pool.close();
  }
  return reports;
}

/** PHASE: the default phase map's cells on 1 and on all worker threads (bench/phase.ts); medianSeconds is the subset's time on all workers. */
async function benchPhase(opt: Options, machine: Machine, date: string): Promise<Report> {
  const pool = new PhaseThreadPool();
  try {
    const m = await measurePhase(pool, opt.runs, opt.warmups, log);
    const W = m.workers;
    const speedup = median(m.ratios);
    const target = PHASE_SPEEDUP_TARGET * W;
    const rateAll = m.cells / median(m.all);
    const mapCells = m.nx * m.ny;
    return {
      kernel: 'PHASE',
      ...summary(m.all),
      target: `speed-up ≥ ${PHASE_SPEEDUP_TARGET} × ${W} workers = ${target.toFixed(2)}×`,
      meetsTarget: speedup >= target && m.valuesIdentical,
      result: {
        link: PHASE_BENCH.link,
        quantity: m.quantity,
        axes: m.axes,
        nx: m.nx,
        ny: m.ny,
        n: m.n,
        k: m.k,
        transient: m.transient,
        steps: m.steps,
        cells: m.cells,
        workers: W,
        oneWorkerMedianSeconds: median(m.one),
        allWorkersMedianSeconds: median(m.all),
        cellsPerSecondOneWorker: m.cells / median(m.one),
        cellsPerSecondAllWorkers: rateAll,
        speedup,
        busySecondsPerWorker: m.busySeconds,
        mapCells,
        mapMedianSeconds: median(m.map),
        mapMinSeconds: Math.min(...m.map),
        mapMaxSeconds: Math.max(...m.map),
        mapRuns: m.map.length,
        mapEstimatedSeconds: mapCells / rateAll,
        mapCellsPerSecond: mapCells / median(m.map),
        mapBatch: m.mapBatch,
        mapOneByOneMedianSeconds: median(m.mapOneByOne),
        mapOneByOneCellsPerSecond: mapCells / median(m.mapOneByOne),
        mapBatchSpeedup: median(m.mapOneByOne.map((t, i) => t / m.map[i])),
        mapSummary: m.mapSummary,
        valuesIdentical: m.valuesIdentical,
      },
      date,
      machine,
    };
  } finally {
    await pool.close();
  }
}

/** TRAIN-PLRNN: training steps per second (bench/train.ts); medianSeconds is the time of one step. */
function benchTrain(opt: Options, machine: Machine, date: string): Report {
  const p = measureTrain('plrnn', opt.runs, opt.warmups, log);
  const r = measureTrain('rnn', opt.runs, opt.warmups, log);
  const perStep = p.stepTimes.map((t) => t / STEPS_PER_RUN);
  return {
    kernel: 'TRAIN-PLRNN',
    ...summary(perStep),
    gflops: p.gflops,
    result: {
      ...TRAIN_BENCH,
      stepsPerRun: STEPS_PER_RUN,
      stepsPerSecond: p.stepsPerSecond,
      stepOverForward: p.stepOverForward,
      finalLoss: p.finalLoss,
      rnnStepsPerSecond: r.stepsPerSecond,
      rnnStepOverForward: r.stepOverForward,
      rnnGflops: r.gflops,
    },
    date,
    machine,
  };
}

/** GATED-128: the full spectrum of an LSTM (H = 64, state 128) against the RNN with N = 128 (bench/gated.ts); medianSeconds is the LSTM's. */
function benchGated(opt: Options, machine: Machine, date: string): Report {
  const m = measureGated(opt.runs256, log);
  const ratio = median(m.ratios);
  return {
    kernel: 'GATED-128',
    ...summary(m.lstm),
    target: 'LSTM ≤ 3× the RNN (issue #14)',
    meetsTarget: ratio <= 3,
    result: { ...GATED_BENCH, n: m.n, lstmMedianSeconds: median(m.lstm), rnnMedianSeconds: median(m.rnn), ratio, ratios: m.ratios, lstmLambda1: m.lstmLambda1, rnnLambda1: m.rnnLambda1, lstmSumRuleDefect: m.lstmSumRule },
    date,
    machine,
  };
}

/**
 * DIAG-64: the 64-unit RNN's orbit diagram, 1 000 columns, batched against one by one (bench/diag.ts); medianSeconds is the batched path's.
 * DIAG-GRU-64: the 64-unit GRU's, with the app's 237 columns (no target in the issue: the gated batch against its own one-by-one path).
 */
function benchDiag(opt: Options, machine: Machine, date: string, spec: DiagSpec): Report {
  const m = measureDiag(opt.runs, log, spec);
  const speedup = median(m.speedups);
  const batched = median(m.batched);
  const rnn = spec.name === 'DIAG-64';
  return {
    kernel: spec.name,
    ...summary(m.batched),
    target: rnn ? '≤ 1 s on one core and ≥ 5× the columns one by one (issue #17)' : 'faster than the columns one by one',
    meetsTarget: rnn ? batched <= 1 && speedup >= 5 : speedup > 1,
    result: { ...spec, lo: m.lo, hi: m.hi, n: m.n, blockColumns: m.blockColumns, batchedMedianSeconds: batched, oneByOneMedianSeconds: median(m.oneByOne), speedup, speedups: m.speedups, stableColumns: m.stableColumns, stableMaxLambdaDiff: m.stableMaxDiff, chaoticBatched: m.chaoticBatched, chaoticOneByOne: m.chaoticOneByOne },
    date,
    machine,
  };
}

function printTable(reports: Report[], machine: Machine): void {
  const rows: string[][] = [['kernel', 'median', 'runs', '× C (paired)', 'notes']];
  for (const r of reports) {
    const notes: string[] = [];
    if (r.nsPerTanh !== undefined) notes.push(`${r.nsPerTanh.toFixed(1)} ns/tanh`);
    if (r.ratioToJs !== undefined && !isSpectrum(r.kernel) && r.kernel !== 'K3') notes.push(`${fmtRatio(r.ratioToJs)} js/k1_opt.js`);
    if (r.kernel === 'PANEL-64') notes.push(`p95 ${fmtSeconds(r.p95Seconds ?? NaN)}, max ${fmtSeconds(r.maxSeconds)}, first ${PANEL_WARMUP} calls: first ${fmtSeconds(r.firstCallSeconds ?? NaN)}, median ${fmtSeconds(r.warmupMedianSeconds ?? NaN)}`);
    if (r.kernel === 'PANEL-64' && r.result) notes.push(`lt=${String(r.result.lt)}, ls=${String(r.result.ls)}`);
    if (r.kernel === 'LAMBDA1D' && r.result) notes.push(`λ(g=${String(r.result.g)}) = ${(r.result.lambda as number).toFixed(6)}`);
    if (isSpectrum(r.kernel) && r.result) {
      const x = r.result as { lambda1: number; sum: number; k: number; n: number; transientMedianSeconds: number };
      notes.push(`${(r.gflops ?? NaN).toFixed(2)} GFLOP/s; λ₁ = ${x.lambda1.toFixed(6)}${x.k === x.n ? `, Σλ = ${x.sum.toFixed(4)}` : ''}; transient ${fmtSeconds(x.transientMedianSeconds)}`);
      if (r.ratioToJs !== undefined) notes.push(`${fmtRatio(r.ratioToJs)} js/k2_opt.js`);
    }
    if (r.kernel === 'K3' && r.result) {
      const x = r.result as { slope2: number[] };
      notes.push(`${(r.gflops ?? NaN).toFixed(2)} GFLOP/s; slopes ${x.slope2.map((v) => v.toFixed(4)).join(', ')}`);
      if (r.ratioToJs !== undefined) notes.push(`${fmtRatio(r.ratioToJs)} js/k3_opt.js`);
    }
    if (r.kernel.startsWith('SWEEP') && r.result) {
      const x = r.result as { networks: number; workers: number; oneWorkerMedianSeconds: number; samplesPerSecondOneWorker: number; samplesPerSecondAllWorkers: number; speedup: number };
      notes.push(
        `${x.networks} networks; 1 worker ${fmtSeconds(x.oneWorkerMedianSeconds)} (${Math.round(x.samplesPerSecondOneWorker)}/s), ` +
          `${x.workers} workers (${Math.round(x.samplesPerSecondAllWorkers)}/s): speed-up ${fmtRatio(x.speedup)}`,
      );
    }
    if (r.kernel === 'TRAIN-PLRNN' && r.result) {
      const x = r.result as { stepsPerSecond: number; stepOverForward: number; rnnStepsPerSecond: number; rnnStepOverForward: number };
      notes.push(
        `${x.stepsPerSecond.toFixed(1)} steps/s (${(r.gflops ?? NaN).toFixed(2)} GFLOP/s), step ${fmtRatio(x.stepOverForward)} a forward pass; ` +
          `tanh RNN ${x.rnnStepsPerSecond.toFixed(1)} steps/s, ${fmtRatio(x.rnnStepOverForward)}`,
      );
    }
    if (r.kernel === 'PHASE' && r.result) {
      const x = r.result as {
        cells: number;
        workers: number;
        oneWorkerMedianSeconds: number;
        cellsPerSecondOneWorker: number;
        cellsPerSecondAllWorkers: number;
        speedup: number;
        mapCells: number;
        mapMedianSeconds: number;
        mapCellsPerSecond: number;
        mapBatch: number;
        mapOneByOneMedianSeconds: number;
        mapOneByOneCellsPerSecond: number;
        mapBatchSpeedup: number;
      };
      notes.push(
        `${x.cells} cells; 1 worker ${fmtSeconds(x.oneWorkerMedianSeconds)} (${x.cellsPerSecondOneWorker.toFixed(1)} cells/s), ` +
          `${x.workers} workers (${x.cellsPerSecondAllWorkers.toFixed(1)} cells/s): speed-up ${fmtRatio(x.speedup)}; ` +
          `default map (${x.mapCells} cells, batches of ${x.mapBatch.toFixed(1)} on average) on ${x.workers} workers ${fmtSeconds(x.mapMedianSeconds)} (${x.mapCellsPerSecond.toFixed(0)} cells/s), ` +
          `cells one by one ${fmtSeconds(x.mapOneByOneMedianSeconds)} (${x.mapOneByOneCellsPerSecond.toFixed(0)} cells/s): batched ${fmtRatio(x.mapBatchSpeedup)}`,
      );
    }
    if (r.kernel === 'GATED-128' && r.result) {
      const x = r.result as { rnnMedianSeconds: number; ratio: number; lstmLambda1: number; rnnLambda1: number; steps: number };
      notes.push(`LSTM H = 64 (n = 128) ${x.steps} steps; RNN N = 128 ${fmtSeconds(x.rnnMedianSeconds)}; LSTM/RNN ${fmtRatio(x.ratio)}; λ₁ LSTM ${x.lstmLambda1.toFixed(4)}, RNN ${x.rnnLambda1.toFixed(4)}`);
    }
    if ((r.kernel === 'DIAG-64' || r.kernel === 'DIAG-GRU-64') && r.result) {
      const x = r.result as { cols: number; blockColumns: number; oneByOneMedianSeconds: number; speedup: number; stableColumns: number; stableMaxLambdaDiff: number; chaoticBatched: number; chaoticOneByOne: number };
      notes.push(
        `${x.cols} columns in batches of ${x.blockColumns}; one by one ${fmtSeconds(x.oneByOneMedianSeconds)}: speed-up ${fmtRatio(x.speedup)}; ` +
          `λ_max of ${x.stableColumns} stable columns within ${x.stableMaxLambdaDiff.toExponential(1)}, chaotic columns ${x.chaoticBatched} (one by one ${x.chaoticOneByOne})`,
      );
    }
    rows.push([r.kernel, fmtSeconds(r.medianSeconds), String(r.runs), fmtRatio(r.ratioToC), notes.join('; ')]);
    if (r.kernel === 'K1' || (r.kernel === 'K1-hist' && !reports.some((x) => x.kernel === 'K1'))) {
      if (r.refC) rows.push(['  C -O3 (c/k1 --mode bif)', fmtSeconds(r.refC.medianSeconds), String(r.refC.runs), '1.00×', `process wall ${fmtSeconds(r.refC.wallMedianSeconds)}`]);
      if (r.refJs) rows.push(['  JS opt (js/k1_opt.js)', fmtSeconds(r.refJs.medianSeconds), String(r.refJs.runs), fmtRatio(r.refJs.ratioToC), `process wall ${fmtSeconds(r.refJs.wallMedianSeconds)}`]);
    }
    if (r.kernel === 'K3') {
      if (r.refC) rows.push(['  C -O3 (c/k3)', fmtSeconds(r.refC.medianSeconds), String(r.refC.runs), '1.00×', `process wall ${fmtSeconds(r.refC.wallMedianSeconds)}`]);
      if (r.refJs) rows.push(['  JS opt (js/k3_opt.js)', fmtSeconds(r.refJs.medianSeconds), String(r.refJs.runs), fmtRatio(r.refJs.ratioToC), `process wall ${fmtSeconds(r.refJs.wallMedianSeconds)}`]);
    }
    if (isSpectrum(r.kernel)) {
      const sp = SPECTRUM_SPECS[r.kernel];
      const cmd = `${sp.n}${sp.k === sp.n ? '' : ` --k ${sp.k} --steps ${sp.steps}`}`;
      if (r.refC) rows.push([`  C -O3 (c/k2 ${cmd})`, fmtSeconds(r.refC.medianSeconds), String(r.refC.runs), '1.00×', `process wall ${fmtSeconds(r.refC.wallMedianSeconds)}`]);
      if (r.refJs) rows.push([`  JS opt (js/k2_opt.js ${cmd})`, fmtSeconds(r.refJs.medianSeconds), String(r.refJs.runs), fmtRatio(r.refJs.ratioToC), `process wall ${fmtSeconds(r.refJs.wallMedianSeconds)}`]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((s, c) => (c === 1 || c === 2 || c === 3 ? s.padStart(widths[c]) : s.padEnd(widths[c]))).join('  ').trimEnd();
  console.log(`\nRNN Chaos Lab bench — ${machine.cpu}, ${machine.cores} cores, node ${machine.node}${machine.gcc ? `, ${machine.gcc}` : ''}`);
  console.log('times: median of in-process kernel seconds; × C: median of pair-by-pair ratios (same round)\n');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));

  const k1 = reports.find((r) => r.kernel === 'K1');
  if (k1) {
    console.log('');
    if (k1.ratioToC !== undefined) {
      console.log(`K1 target ≤ ${TARGET_RATIO_TO_C}× C: ${k1.meetsTarget ? 'MET' : 'NOT MET'} (${fmtRatio(k1.ratioToC)})`);
    }
    printChecks(k1.check ?? {});
  }
  for (const r of reports.filter((x) => isSpectrum(x.kernel))) {
    if (r.kernel === 'LMAX-256') console.log(`\nLMAX-256 target ${r.target}: ${r.meetsTarget ? 'MET' : 'NOT MET'} (median ${fmtSeconds(r.medianSeconds)}${r.ratioToC !== undefined ? `, ${fmtRatio(r.ratioToC)} C` : ''})`);
    else if (r.ratioToC !== undefined) console.log(`\n${r.kernel} target ${r.target}: ${r.meetsTarget ? 'MET' : 'NOT MET'} (${fmtRatio(r.ratioToC)})`);
    printSpectrumCheck(r.kernel, (r.check ?? {}) as unknown as SpectrumCheck);
  }
  const k3 = reports.find((r) => r.kernel === 'K3');
  if (k3) {
    if (k3.ratioToC !== undefined) console.log(`\nK3 target ${k3.target}: ${k3.meetsTarget ? 'MET' : 'NOT MET'} (${fmtRatio(k3.ratioToC)})`);
    printK3Check((k3.check ?? {}) as unknown as K3Check);
  }
  const panel = reports.find((r) => r.kernel === 'PANEL-64');
  if (panel) console.log(`PANEL-64 target ${panel.target}: ${panel.meetsTarget ? 'MET' : 'NOT MET'} (median ${fmtSeconds(panel.medianSeconds)}, p95 ${fmtSeconds(panel.p95Seconds ?? NaN)})`);
  for (const r of reports.filter((x) => x.kernel.startsWith('SWEEP'))) {
    const ok = (r.result as { countsIdentical: boolean }).countsIdentical;
    console.log(`${r.kernel} target ${r.target}: ${r.meetsTarget ? 'MET' : 'NOT MET'} (${fmtRatio((r.result as { speedup: number }).speedup)}${ok ? '' : '; COUNTS DIFFER'})`);
  }
  const gated = reports.find((r) => r.kernel === 'GATED-128');
  if (gated) console.log(`GATED-128 target ${gated.target}: ${gated.meetsTarget ? 'MET' : 'NOT MET'} (${fmtRatio((gated.result as { ratio: number }).ratio)})`);
  const diag = reports.find((r) => r.kernel === 'DIAG-64');
  if (diag) console.log(`DIAG-64 target ${diag.target}: ${diag.meetsTarget ? 'MET' : 'NOT MET'} (${fmtSeconds(diag.medianSeconds)}, ${fmtRatio((diag.result as { speedup: number }).speedup)})`);
  const phase = reports.find((r) => r.kernel === 'PHASE');
  if (phase) {
    const x = phase.result as { speedup: number; valuesIdentical: boolean };
    console.log(`PHASE target ${phase.target}: ${phase.meetsTarget ? 'MET' : 'NOT MET'} (${fmtRatio(x.speedup)}${x.valuesIdentical ? '' : '; VALUES DIFFER'})`);
    const m = (phase.result as { mapBatchSpeedup: number }).mapBatchSpeedup;
    console.log(`PHASE map cells/s batched over one by one ≥ ${PHASE_BATCH_TARGET}× (issue #17): ${m >= PHASE_BATCH_TARGET ? 'MET' : 'NOT MET'} (${fmtRatio(m)})`);
  }
  for (const n of new Set(reports.flatMap((r) => r.notes ?? []))) console.log(`note: ${n}`);
}

function isSpectrum(k: string): k is SpectrumKernel {
  return (SPECTRUM_KERNELS as readonly string[]).includes(k);
}

function printSpectrumCheck(name: string, c: SpectrumCheck): void {
  const e = (x: number): string => x.toExponential(1);
  console.log(`${name} correctness: ${c.ok ? 'OK' : `FAILED (${c.failures.join(', ')})`}`);
  const own = [`λ₁ = ${c.lambda1}`, `λ_last = ${c.lambdaLast}`];
  if (c.sumRuleError !== null) own.push(`Σλ = ${c.sum}, |Σλ − ⟨ln|det J|⟩| = ${e(c.sumRuleError)}`);
  own.push(`final frame max |QᵀQ − I| = ${e(c.orthDefect)}`);
  console.log(`  ours (Q0 = I): ${own.join('; ')}`);
  if (c.vsJs)
    console.log(
      `  vs js/k2_opt.js (same state arithmetic, V8's Math.tanh: statistical agreement only): max |Δλ| = ${e(c.vsJs.maxAbsDiff)}, ${c.vsJs.identical}/${c.vsJs.count} exponents bit-identical (λ₁ ${c.vsJs.lambda1Identical ? 'identical' : `differs: ${c.vsJs.jsLambda1}`})`,
    );
  if (c.vsC)
    console.log(
      `  vs C (chaotic: statistical agreement only): max |Δλ| = ${c.vsC.maxAbsDiff.toFixed(4)} (exponent ${c.vsC.at + 1}), Δλ₁ = ${c.vsC.lambda1Diff.toFixed(5)} (C λ₁ = ${c.vsC.cLambda1}), ` +
        `Δλ_last = ${c.vsC.lambdaLastDiff.toFixed(4)}${c.sumRuleError !== null ? `, ΔΣλ = ${c.vsC.sumDiff.toFixed(4)}; C's own |Σλ − ⟨ln|det J|⟩| = ${e(c.vsC.cSumRuleError)}` : ''}`,
    );
  if (c.randomFrameMaxAbsDiff !== null) console.log(`  the app's random start frame instead of Q0 = I: λ₁ = ${c.randomFrameLambda1}, max |Δλ| = ${e(c.randomFrameMaxAbsDiff)} (the O(1/T) start-up term)`);
}

function printK3Check(c: K3Check): void {
  const f = (xs: number[], d = 5) => xs.map((v) => (Math.abs(v) < 1e-4 ? v.toExponential(1) : v.toFixed(d))).join(', ');
  console.log(`K3 correctness: ${c.ok ? 'OK' : `FAILED (${c.failures.join(', ')})`}`);
  console.log(`  ours: slopes of ln‖P‖₂ over k = 100 … 500 for g = ${K3.gs.join(', ')}: ${f(c.slope2)} (Frobenius ${f(c.slopeF)}); ${c.powerIterations} power iterations`);
  if (c.vsC) console.log(`  vs C (g = 0.8 a fixed point; chaotic g: one window's statistics): C ${f(c.vsC.cSlope2)}, Δ ${f(c.vsC.slope2Diff)}`);
  if (c.vsJs)
    console.log(
      `  vs js/k3_opt.js (V8's Math.tanh): at the fixed point max |Δ ln‖P‖| over every horizon ${c.vsJs.maxCurveDiff.toExponential(1)} (its CSV has 12 digits); slopes Δ ${c.vsJs.slope2Diff.map((d) => d.toFixed(5)).join(', ')}`,
    );
  console.log(`  the QR form (all singular values) on the same windows: max |Δ ln σ₁| = ${c.qrFormMaxDiff.toExponential(1)}`);
}

function printChecks(check: Record<string, unknown>): void {
  const w = check.weights as WeightCheck | undefined;
  const failures = (check.failures as string[] | undefined) ?? [];
  const compared = (check.comparedWith as string[] | undefined) ?? [];
  console.log(`\nK1 correctness: ${check.ok ? 'OK' : `FAILED (${failures.join(', ')})`} (compared: ${compared.join(', ')})`);
  console.log(`  our checksum ${String(check.checksum)}, first ${String(check.first)}, last ${String(check.last)}; ${String(check.columnsWithPositiveLambda)} of ${K1.ng} columns have λ > 0`);
  if (w) {
    const parts = [`g grid ${w.gridExact ? 'bit-identical to the reference formula' : 'DIFFERS from the reference formula'}`];
    if (w.zEqualJs !== null) parts.push(`z-scores ${w.zEqualJs}/${w.zCount} bit-identical to js/common.js`);
    if (w.zEqualC !== null) parts.push(`${w.zEqualC}/${w.zCount} to C (max ${w.zMaxUlpC} ulp; first u32 ${w.u32EqualC ? 'equal' : 'DIFFER'})`);
    if (w.weightsEqualC !== null) parts.push(`weights ${w.weightsEqualC}/${w.weightsTotal} bit-identical to C's`);
    console.log(`  ${parts.join('; ')}`);
  }
  const js = check.statesVsJsRef as StateCheckJs | undefined;
  const jc = check.statesVsJsRefColumns as StateCheckC | undefined;
  if (js)
    console.log(
      `  states vs js/k1_opt.js (V8's Math.tanh): ${js.identicalColumns}/${K1.ng} columns bit-identical, checksum ${js.checksumEqual ? 'identical' : 'differs'}` +
        (jc ? `; ${jc.agree + jc.agreeShifted + jc.agreeLoose} agree to ${jc.looseTol.toExponential(0)} or better, ${jc.differ} differ, of which ${jc.differChaotic} have λ > 0 (smallest λ among them ${jc.differMinLambda?.toFixed(4) ?? '–'})` : ''),
    );
  const c = check.statesVsC as StateCheckC | undefined;
  const cc = check.c as { checksum: number; first: number; last: number; firstAbsDiff: number; lastAbsDiff: number } | undefined;
  if (c && cc) {
    console.log(
      `  states vs C: ${c.agree}/${K1.ng} columns agree state for state to ${c.tol} (all of the first ${c.leadingAgree}, g < ${c.firstDisagreeG?.toFixed(4) ?? '∞'}); ` +
        `${c.agreeShifted} more are the same periodic orbit at another phase (to ${c.tol}); ${c.agreeLoose} more agree to ${c.looseTol.toExponential(0)} (still converging); ` +
        `${c.differ} differ, of which ${c.differChaotic} have λ > 0 (smallest λ among them ${c.differMinLambda?.toFixed(4) ?? '–'})`,
    );
    console.log(
      `  C checksum ${cc.checksum} (ours − C = ${(Number(check.checksum) - cc.checksum).toFixed(3)}, from the chaotic columns); over the agreeing columns ours − C = ${(c.checksumAgreeOurs - c.checksumAgreeC).toExponential(2)}; ` +
        `|first − C| = ${cc.firstAbsDiff.toExponential(1)}, |last − C| = ${cc.lastAbsDiff.toExponential(1)}`,
    );
  }
}

// -------------------------------------------------------------------- main --

async function main(): Promise<void> {
  let opt: Options;
  try {
    // issue #7's two switches are read here and removed before the other options
    opt = parseOptions(process.argv.slice(2).filter((a) => a !== '--js-kernels' && a !== '--no-numpy'));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const date = new Date().toISOString();
  const machine: Machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, os: `${platform()} ${release()}` };
  const wantK1Ref = opt.kernels.includes('K1') || opt.kernels.includes('K1-hist');
  const wantK2Ref = opt.kernels.some((k) => isSpectrum(k));
  const wantK3Ref = opt.kernels.includes('K3');
  const needRef = opt.refDir !== null && (wantK1Ref || wantK2Ref || wantK3Ref);
  const ref = needRef && opt.refDir ? setupReference(opt.refDir, { k1: wantK1Ref, k2: wantK2Ref, k3: wantK3Ref }) : null;
  if (ref) {
    process.on('exit', () => ref.cleanup());
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
    if (ref.gccVersion && (ref.cK1 || ref.cK2 || ref.cK3)) machine.gcc = ref.gccVersion;
  }

  // our core's kernels: WebAssembly SIMD (wasm/kernels.wat) unless --js-kernels
  if (!process.argv.includes('--js-kernels')) await loadKernelsNode();
  machine.kernels = kernelInfo().mode;
  log(`our kernels: ${machine.kernels}`);

  const reports: Report[] = [];
  if (opt.kernels.includes('K1') || opt.kernels.includes('K1-hist')) reports.push(...benchK1Group(opt, ref, machine, date));
  if (opt.kernels.includes('LAMBDA1D')) reports.push(benchLambda1d(opt, machine, date));
  if (opt.kernels.includes('PANEL-64')) reports.push(benchPanel(opt, machine, date));
  for (const k of SPECTRUM_KERNELS.filter((x) => opt.kernels.includes(x))) reports.push(benchSpectrum(k, opt, ref, machine, date));
  if (opt.kernels.includes('K3')) reports.push(benchK3(opt, ref, machine, date));
  if (opt.kernels.includes('SWEEP')) reports.push(...(await benchSweep(opt, machine, date)));
  if (opt.kernels.includes('TRAIN-PLRNN')) reports.push(benchTrain(opt, machine, date));
  if (opt.kernels.includes('PHASE')) reports.push(await benchPhase(opt, machine, date));
  if (opt.kernels.includes('GATED-128')) reports.push(benchGated(opt, machine, date));
  if (opt.kernels.includes('DIAG-64')) reports.push(benchDiag(opt, machine, date, DIAG_BENCH));
  if (opt.kernels.includes('DIAG-GRU-64')) reports.push(benchDiag(opt, machine, date, DIAG_GRU_BENCH));
  const numpy = process.argv.includes('--no-numpy') ? [] : benchNumpy(opt, ref, reports, machine);

  if (opt.json) for (const r of reports) console.log(JSON.stringify(r));
  else {
    printTable(reports, machine);
    printNumpy(numpy, reports);
  }
}

/** numpy beside ours and C (bench/numpy.ts), for the kernels it has; its figures go into the reports too. */
function benchNumpy(opt: Options, ref: RefSetup | null, reports: Report[], machine: Machine): NumpyComparison[] {
  const want = NUMPY_KERNELS.filter((k) => (opt.kernels as readonly string[]).includes(k));
  if (!want.length || !opt.refDir) return [];
  const { setup, note } = setupNumpy(opt.refDir);
  if (!setup) {
    for (const r of reports) if ((want as readonly string[]).includes(r.kernel)) (r.notes ??= []).push(note!);
    if (!reports.length) console.log(`note: ${note!}`);
    return [];
  }
  machine.numpy = `numpy ${setup.numpy}${setup.blas ? ` (${setup.blas})` : ''}`;
  const out: NumpyComparison[] = [];
  for (const k of want) {
    const m = compareNumpy(k, setup, ref, k === 'K2-256' ? opt.runs256 : opt.runs, opt.warmups, log);
    out.push(m);
    const r = reports.find((x) => x.kernel === k);
    if (r) {
      r.refNumpy = { runs: m.rounds, medianSeconds: m.numpyMedianSeconds, wallMedianSeconds: m.numpyWallMedianSeconds, ratioToC: m.numpyOverC, oursMedianSeconds: m.oursMedianSeconds };
      r.ratioToNumpy = m.oursOverNumpy;
    }
  }
  return out;
}

function printNumpy(ms: NumpyComparison[], reports: Report[]): void {
  if (!ms.length) return;
  const fmtS = (s: number | null) => (s === null ? '–' : fmtSeconds(s));
  const rows: string[][] = [['kernel', 'ours', 'numpy', 'C -O3', 'ours ÷ numpy', 'numpy ÷ C', 'ours ÷ C', 'runs']];
  for (const m of ms) rows.push([m.kernel, fmtS(m.oursMedianSeconds), fmtS(m.numpyMedianSeconds), fmtS(m.cMedianSeconds), fmtRatio(m.oursOverNumpy), fmtRatio(m.numpyOverC ?? undefined), fmtRatio(m.oursOverC ?? undefined), String(m.rounds)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
  console.log(`\nnumpy ${ms[0].numpyVersion}${ms[0].blas ? ` (${ms[0].blas})` : ''}, OPENBLAS_NUM_THREADS=1: rounds of (ours, numpy, C); ratios are medians of pair-by-pair ratios`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  for (const m of ms) {
    const r = reports.find((x) => x.kernel === m.kernel);
    const n = m.kernel === 'K1' ? 16 : m.kernel === 'K2-64' || m.kernel === 'K3' ? 64 : 256;
    if (r && n <= 64) console.log(`${m.kernel} target faster than numpy (N ≤ 64): ${m.oursOverNumpy < 1 ? 'MET' : 'NOT MET'} (${fmtRatio(m.oursOverNumpy)})`);
  }
}

void main();
