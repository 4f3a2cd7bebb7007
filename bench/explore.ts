/**
 * Where does K1's time go? Prototype variants of the core kernel, run on the
 * K1 workload alternately with each other and with the C reference (if found),
 * so that every difference is a ratio taken in one run. Not part of
 * `npm run bench`; run it with
 *
 *   npx tsx bench/explore.ts [--runs N] [--ref DIR | --no-ref]
 *
 * None of these variants is used by the app: they are here so that changes to
 * src/core/maps.ts and src/core/bifurcation.ts can be decided with numbers.
 * Every variant's states are compared with the app's (bit for bit), and its λ.
 * The list of variants, with what each one changes, is VARIANTS below.
 */
import { NetMap } from '../src/core/models';
import { Act } from '../src/core/models/activations';
import { runColumn } from '../src/core/map1d/bifurcation';
import { detectPeriod } from '../src/core/map1d/orbit';
import { LOG_DERIVATIVE_FLOOR } from '../src/core/map1d/lambda';
import { isDiverged } from '../src/core/divergence';
import { K1, K1_TANH_COUNT, allocK1Output, k1Grid, k1Weights, k1ZScores, type K1Output, type ZScores } from './k1';
import { runCK1, setupReference, type RefSetup } from './reference';
import { fmtRatio, fmtSeconds, median, medianRatio, timeIt } from './stats';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- variants --

/** runColumn with map.f in the recorded steps (no derivative, no log). */
function columnNoLog(map: NetMap, x0: number, transient: number, keep: number, pts: Float64Array, off: number): number {
  let x = x0;
  for (let t = 0; t < transient; t++) {
    x = map.f(x);
    if (isDiverged(x)) return 0;
  }
  for (let t = 0; t < keep; t++) {
    x = map.f(x);
    if (isDiverged(x)) return t;
    pts[off + t] = x;
  }
  return detectPeriod(pts, off, keep, 32);
}

/** runColumn without detectPeriod. */
function columnNoPeriod(map: NetMap, x0: number, transient: number, keep: number, pts: Float64Array, off: number): number {
  let x = x0;
  for (let t = 0; t < transient; t++) {
    x = map.f(x);
    if (isDiverged(x)) return NaN;
  }
  let acc = 0;
  for (let t = 0; t < keep; t++) {
    x = map.fd(x);
    const ad = Math.abs(map.d);
    const l = ad > 0 ? Math.log(ad) : LOG_DERIVATIVE_FLOOR;
    acc += l < LOG_DERIVATIVE_FLOOR ? LOG_DERIVATIVE_FLOOR : l;
    if (isDiverged(x)) return NaN;
    pts[off + t] = x;
  }
  return acc / keep;
}

/** A tanh-only map with the same arithmetic as NetMap (bit-identical f and f′). */
class TanhNet {
  d = 0;
  private readonly aw: Float64Array;
  constructor(
    private readonly w: Float64Array,
    private readonly b: Float64Array,
    private readonly a: Float64Array,
  ) {
    this.aw = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) this.aw[i] = a[i] * w[i];
  }
  f(x: number): number {
    const { w, b, a } = this;
    let s = 0;
    for (let i = 0; i < w.length; i++) s += a[i] * Math.tanh(w[i] * x + b[i]);
    return s + 0;
  }
  fd(x: number): number {
    const { w, b, a, aw } = this;
    let s = 0;
    let ds = 0;
    for (let i = 0; i < w.length; i++) {
      const t = Math.tanh(w[i] * x + b[i]);
      s += a[i] * t;
      ds += aw[i] * (1 - t * t);
    }
    this.d = ds;
    return s + 0;
  }
}

function columnTanhClass(map: TanhNet, x0: number, transient: number, keep: number, pts: Float64Array, off: number): number {
  let x = x0;
  for (let t = 0; t < transient; t++) {
    x = map.f(x);
    if (isDiverged(x)) return NaN;
  }
  let acc = 0;
  for (let t = 0; t < keep; t++) {
    x = map.fd(x);
    const ad = Math.abs(map.d);
    const l = ad > 0 ? Math.log(ad) : LOG_DERIVATIVE_FLOOR;
    acc += l < LOG_DERIVATIVE_FLOOR ? LOG_DERIVATIVE_FLOOR : l;
    if (isDiverged(x)) return NaN;
    pts[off + t] = x;
  }
  detectPeriod(pts, off, keep, 32);
  return acc / keep;
}

/*
 * "Closure" variants: the k1_opt.js layout — the weights live in module-level
 * Float64Arrays of constant length N (filled in place per column), and f is a
 * plain function over them. Each variant is its own function literal: closures
 * made from one literal share V8's type feedback and would pollute each other.
 */
const N = 16;
const CW = new Float64Array(N);
const CB = new Float64Array(N);
const CA = new Float64Array(N);
const CAW = new Float64Array(N);
const BOUND = 1e6;

function setWeights(z: ZScores, g: number): void {
  const net = k1Weights(z, g);
  CW.set(net.w);
  CB.set(net.b);
  CA.set(net.a);
  for (let i = 0; i < N; i++) CAW[i] = CA[i] * CW[i];
}

function cf(x: number): number {
  let s = 0;
  for (let i = 0; i < N; i++) s += CA[i] * Math.tanh(CW[i] * x + CB[i]);
  return s;
}

let cdOut = 0;
function cfd(x: number): number {
  let s = 0;
  let ds = 0;
  for (let i = 0; i < N; i++) {
    const t = Math.tanh(CW[i] * x + CB[i]);
    s += CA[i] * t;
    ds += CAW[i] * (1 - t * t);
  }
  cdOut = ds;
  return s;
}

/** Same outputs as runColumn (states, λ with the same floor, divergence test), closure layout. */
function closureColumn(x0: number, transient: number, keep: number, pts: Float64Array, off: number): number {
  let x = x0;
  for (let t = 0; t < transient; t++) {
    x = cf(x);
    if (!(Math.abs(x) <= BOUND)) return NaN;
  }
  let acc = 0;
  for (let t = 0; t < keep; t++) {
    x = cfd(x);
    const ad = Math.abs(cdOut);
    const l = ad > 0 ? Math.log(ad) : LOG_DERIVATIVE_FLOOR;
    acc += l < LOG_DERIVATIVE_FLOOR ? LOG_DERIVATIVE_FLOOR : l;
    if (!(Math.abs(x) <= BOUND)) return NaN;
    pts[off + t] = x;
  }
  detectPeriod(pts, off, keep, 32);
  return acc / keep;
}

/** As closureColumn, but log|f′| is taken once per 8 steps, on the product of the |f′|. */
function closurePlogColumn(x0: number, transient: number, keep: number, pts: Float64Array, off: number): number {
  let x = x0;
  for (let t = 0; t < transient; t++) {
    x = cf(x);
    if (!(Math.abs(x) <= BOUND)) return NaN;
  }
  let acc = 0;
  let prod = 1;
  for (let t = 0; t < keep; t++) {
    x = cfd(x);
    prod *= Math.abs(cdOut);
    if ((t & 7) === 7 || !(prod > 1e-280 && prod < 1e280)) {
      acc += prod > 0 ? Math.log(prod) : LOG_DERIVATIVE_FLOOR;
      prod = 1;
    }
    if (!(Math.abs(x) <= BOUND)) return NaN;
    pts[off + t] = x;
  }
  if (prod !== 1) acc += prod > 0 ? Math.log(prod) : LOG_DERIVATIVE_FLOOR;
  detectPeriod(pts, off, keep, 32);
  return acc / keep;
}

/** Exactly the work of C's bif mode (and of js/k1_opt.js): states only. */
function closureBifColumn(x0: number, transient: number, keep: number, pts: Float64Array, off: number): number {
  let x = x0;
  for (let t = 0; t < transient; t++) x = cf(x);
  for (let t = 0; t < keep; t++) {
    x = cf(x);
    pts[off + t] = x;
  }
  return NaN;
}

/*
 * "Scratch" variant: a possible drop-in for runColumn on a tanh NetMap with any
 * width k ≤ 1024 (the spec's maximum): the column's weights are copied once into
 * module-level buffers of fixed capacity, and k is passed as an argument. V8 then
 * knows the buffers' base and length as constants (like k1_opt.js's arrays)
 * instead of loading three typed arrays off `this` and bounds-checking each.
 */
const CAP = 1024;
const SW = new Float64Array(CAP);
const SB = new Float64Array(CAP);
const SA = new Float64Array(CAP);
const SAW = new Float64Array(CAP);

function sf(x: number, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += SA[i] * Math.tanh(SW[i] * x + SB[i]);
  return s;
}

let sdOut = 0;
function sfd(x: number, k: number): number {
  let s = 0;
  let ds = 0;
  for (let i = 0; i < k; i++) {
    const t = Math.tanh(SW[i] * x + SB[i]);
    s += SA[i] * t;
    ds += SAW[i] * (1 - t * t);
  }
  sdOut = ds;
  return s;
}

/** runColumn's contract (states, λ with its floor, divergence, period) for f(x) = Σ aᵢ tanh(wᵢx + bᵢ) + c. */
function scratchColumn(w: Float64Array, b: Float64Array, a: Float64Array, c: number, x0: number, transient: number, keep: number, pts: Float64Array, off: number): number {
  const k = w.length;
  SW.set(w);
  SB.set(b);
  SA.set(a);
  for (let i = 0; i < k; i++) SAW[i] = a[i] * w[i];
  let x = x0;
  if (!(Math.abs(x) <= BOUND)) return NaN;
  for (let t = 0; t < transient; t++) {
    x = sf(x, k) + c;
    if (!(Math.abs(x) <= BOUND)) return NaN;
  }
  let acc = 0;
  for (let t = 0; t < keep; t++) {
    x = sfd(x, k) + c;
    const ad = Math.abs(sdOut);
    const l = ad > 0 ? Math.log(ad) : LOG_DERIVATIVE_FLOOR;
    acc += l < LOG_DERIVATIVE_FLOOR ? LOG_DERIVATIVE_FLOOR : l;
    if (!(Math.abs(x) <= BOUND)) return NaN;
    pts[off + t] = x;
  }
  detectPeriod(pts, off, keep, 32);
  return acc / keep;
}

interface Variant {
  name: string;
  what: string;
  run: (z: ZScores, gs: Float64Array, out: K1Output) => void;
}

const VARIANTS: Variant[] = [
  {
    name: 'app',
    what: 'NetMap + runColumn (the app, npm run bench K1)',
    run: (z, gs, out) => {
      for (let j = 0; j < gs.length; j++) {
        const r = runColumn(new NetMap(k1Weights(z, gs[j]), Act.Tanh, 'identity'), K1.x0, K1.transient, K1.record, out.states, j * K1.record);
        out.lambda[j] = r.lambda;
      }
    },
  },
  {
    name: 'no-log',
    what: 'as app, recorded steps call map.f: no f′, no log (the work of C bif)',
    run: (z, gs, out) => {
      for (let j = 0; j < gs.length; j++) columnNoLog(new NetMap(k1Weights(z, gs[j]), Act.Tanh, 'identity'), K1.x0, K1.transient, K1.record, out.states, j * K1.record);
    },
  },
  {
    name: 'no-period',
    what: 'as app, without detectPeriod',
    run: (z, gs, out) => {
      for (let j = 0; j < gs.length; j++) out.lambda[j] = columnNoPeriod(new NetMap(k1Weights(z, gs[j]), Act.Tanh, 'identity'), K1.x0, K1.transient, K1.record, out.states, j * K1.record);
    },
  },
  {
    name: 'tanh-class',
    what: 'as app, with a tanh-only map class (no activation switch, no output())',
    run: (z, gs, out) => {
      for (let j = 0; j < gs.length; j++) {
        const net = k1Weights(z, gs[j]);
        out.lambda[j] = columnTanhClass(new TanhNet(net.w, net.b, net.a), K1.x0, K1.transient, K1.record, out.states, j * K1.record);
      }
    },
  },
  {
    name: 'closure',
    what: 'k1_opt.js layout (module-level arrays, constant N), same outputs as app',
    run: (z, gs, out) => {
      for (let j = 0; j < gs.length; j++) {
        setWeights(z, gs[j]);
        out.lambda[j] = closureColumn(K1.x0, K1.transient, K1.record, out.states, j * K1.record);
      }
    },
  },
  {
    name: 'scratch',
    what: 'runColumn for a tanh net of any k ≤ 1024: weights copied into fixed-capacity module buffers',
    run: (z, gs, out) => {
      for (let j = 0; j < gs.length; j++) {
        const net = k1Weights(z, gs[j]);
        out.lambda[j] = scratchColumn(net.w, net.b, net.a, net.c, K1.x0, K1.transient, K1.record, out.states, j * K1.record);
      }
    },
  },
  {
    name: 'closure-plog',
    what: 'closure, log|f′| once per 8 steps on the product',
    run: (z, gs, out) => {
      for (let j = 0; j < gs.length; j++) {
        setWeights(z, gs[j]);
        out.lambda[j] = closurePlogColumn(K1.x0, K1.transient, K1.record, out.states, j * K1.record);
      }
    },
  },
  {
    name: 'closure-bif',
    what: 'closure, states only (= js/k1_opt.js bif, = C bif work)',
    run: (z, gs, out) => {
      for (let j = 0; j < gs.length; j++) {
        setWeights(z, gs[j]);
        closureBifColumn(K1.x0, K1.transient, K1.record, out.states, j * K1.record);
      }
    },
  },
];

// ------------------------------------------------------------ microbenches --

const MICRO_CALLS = 4_000_000;
const MICRO_IN = new Float64Array(4096);
const MICRO_POS = new Float64Array(4096);
for (let i = 0; i < 4096; i++) {
  MICRO_IN[i] = -4 + (8 * ((i * 2654435761) % 4096)) / 4096; // scrambled, in [−4, 4)
  MICRO_POS[i] = Math.abs(MICRO_IN[i]) + 1e-3;
}
const expTanh = (z: number): number => 1 - 2 / (Math.exp(2 * z) + 1);
// One function per operation (no shared call site).
function mTanh(): number {
  let s = 0;
  for (let i = 0; i < MICRO_CALLS; i++) s += Math.tanh(MICRO_IN[i & 4095]);
  return s;
}
function mExpTanh(): number {
  let s = 0;
  for (let i = 0; i < MICRO_CALLS; i++) s += 1 - 2 / (Math.exp(2 * MICRO_IN[i & 4095]) + 1);
  return s;
}
function mLog(): number {
  let s = 0;
  for (let i = 0; i < MICRO_CALLS; i++) s += Math.log(MICRO_POS[i & 4095]);
  return s;
}
function mAbs(): number {
  let s = 0;
  for (let i = 0; i < MICRO_CALLS; i++) s += Math.abs(MICRO_IN[i & 4095]);
  return s;
}
function mEmpty(): number {
  let s = 0;
  for (let i = 0; i < MICRO_CALLS; i++) s += MICRO_IN[i & 4095];
  return s;
}

function micro(): { name: string; ns: number }[] {
  const fns: [string, () => number][] = [
    ['loop + load + add', mEmpty],
    ['Math.tanh', mTanh],
    ['1 − 2/(exp(2z)+1)', mExpTanh],
    ['Math.log', mLog],
    ['Math.abs', mAbs],
  ];
  let sink = 0;
  const out: { name: string; ns: number }[] = [];
  for (const [name, fn] of fns) {
    sink += fn();
    const t: number[] = [];
    for (let r = 0; r < 5; r++) t.push(timeIt(() => (sink += fn())));
    out.push({ name, ns: (median(t) / MICRO_CALLS) * 1e9 });
  }
  if (sink === 42) console.log(sink);
  return out;
}

/** The same loop in C (glibc tanh/log), compiled into the temp directory. */
const C_MICRO = `#include <math.h>
#include <stdio.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+1e-9*t.tv_nsec;}
int main(void){static double in[4096],pos[4096];const long N=${MICRO_CALLS};
for(int i=0;i<4096;i++){in[i]=-4+(8.0*((unsigned)((i*2654435761ULL)%4096)))/4096;pos[i]=fabs(in[i])+1e-3;}
double s=0,best[2]={1e9,1e9};
for(int r=0;r<5;r++){double t0=now();for(long i=0;i<N;i++)s+=tanh(in[i&4095]);double t1=now();for(long i=0;i<N;i++)s+=log(pos[i&4095]);double t2=now();
if(t1-t0<best[0])best[0]=t1-t0;if(t2-t1<best[1])best[1]=t2-t1;}
printf("%.3f %.3f %g\\n",best[0]/N*1e9,best[1]/N*1e9,s);return 0;}
`;

function cMicro(ref: RefSetup | null): { tanh: number; log: number } | null {
  if (!ref?.gccVersion) return null;
  const src = join(ref.tmp, 'micro.c');
  const bin = join(ref.tmp, 'micro');
  writeFileSync(src, C_MICRO);
  const r = spawnSync('gcc', ['-O3', '-march=native', '-o', bin, src, '-lm'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const [tanh, log] = execFileSync(bin, { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  return { tanh, log };
}

function tanhAccuracy(): { maxUlpLike: number; maxAbs: number; differing: number; total: number } {
  let maxAbs = 0;
  let maxRel = 0;
  let differing = 0;
  const total = 2_000_001;
  for (let i = 0; i < total; i++) {
    const z = -20 + (40 * i) / (total - 1);
    const a = Math.tanh(z);
    const b = expTanh(z);
    if (a !== b) differing++;
    const d = Math.abs(a - b);
    if (d > maxAbs) maxAbs = d;
    if (a !== 0 && d / Math.abs(a) > maxRel) maxRel = d / Math.abs(a);
  }
  return { maxUlpLike: maxRel / Number.EPSILON, maxAbs, differing, total };
}

// -------------------------------------------------------------------- main --

function main(): void {
  const argv = process.argv.slice(2);
  let runs = 7;
  let refDir: string | null = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/bench-reference');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--ref') refDir = resolve(process.cwd(), argv[++i]);
    else if (argv[i] === '--no-ref') refDir = null;
  }
  const ref: RefSetup | null = refDir ? setupReference(refDir) : null;
  if (ref) process.on('exit', () => ref.cleanup());

  const z = k1ZScores();
  const gs = k1Grid();
  const outs = VARIANTS.map(() => allocK1Output());
  for (let w = 0; w < 2; w++) VARIANTS.forEach((v, i) => v.run(z, gs, outs[i]));
  const times = VARIANTS.map(() => [] as number[]);
  const cT: number[] = [];
  for (let r = 0; r < runs; r++) {
    process.stderr.write(`round ${r + 1}/${runs}\n`);
    if (ref?.cK1) cT.push(runCK1(ref.cK1).kernelS);
    VARIANTS.forEach((v, i) => times[i].push(timeIt(() => v.run(z, gs, outs[i]))));
  }

  const app = times[0];
  const base = outs[0];
  console.log(`\nK1 variants (${runs} rounds, medians; ratios pair by pair within a round)\n`);
  console.log(['variant'.padEnd(12), 'median'.padStart(9), 'ns/tanh'.padStart(8), 'vs app'.padStart(7), '× C'.padStart(6), '  states, λ vs app'].join(' '));
  VARIANTS.forEach((v, i) => {
    const o = outs[i];
    let same = 0;
    let maxd = 0;
    for (let k = 0; k < o.states.length; k++) {
      if (Object.is(o.states[k], base.states[k])) same++;
      else maxd = Math.max(maxd, Math.abs(o.states[k] - base.states[k]));
    }
    const statesNote = same === o.states.length ? 'bit-identical' : `${o.states.length - same} of ${o.states.length} differ (max ${maxd.toExponential(1)})`;
    let lamNote = ', no λ';
    if (v.name !== 'no-log' && v.name !== 'closure-bif') {
      let lmax = 0;
      for (let j = 0; j < K1.ng; j++) lmax = Math.max(lmax, Math.abs(o.lambda[j] - base.lambda[j]));
      lamNote = lmax === 0 ? ', λ identical' : `, max |Δλ| ${lmax.toExponential(1)}`;
    }
    console.log(
      [
        v.name.padEnd(12),
        fmtSeconds(median(times[i])).padStart(9),
        ((median(times[i]) / K1_TANH_COUNT) * 1e9).toFixed(1).padStart(8),
        fmtRatio(medianRatio(times[i], app)).padStart(7),
        (cT.length ? fmtRatio(medianRatio(times[i], cT)) : '–').padStart(6),
        `  ${statesNote}${lamNote}`,
      ].join(' '),
    );
  });
  if (cT.length) console.log(`${'C -O3 bif'.padEnd(12)} ${fmtSeconds(median(cT)).padStart(9)} ${((median(cT) / K1_TANH_COUNT) * 1e9).toFixed(1).padStart(8)}`);
  console.log('');
  for (const v of VARIANTS) console.log(`  ${v.name.padEnd(12)} ${v.what}`);

  console.log(`\nmicrobenchmarks (ns per call, ${MICRO_CALLS} calls, arguments in [−4, 4), loop overhead included):`);
  for (const m of micro()) console.log(`  ${m.name.padEnd(20)} ${m.ns.toFixed(2)}`);
  const cm = cMicro(ref);
  if (cm) console.log(`  ${'C glibc tanh'.padEnd(20)} ${cm.tanh.toFixed(2)}\n  ${'C glibc log'.padEnd(20)} ${cm.log.toFixed(2)}`);
  const acc = tanhAccuracy();
  console.log(
    `\nexp-based tanh vs Math.tanh on [−20, 20]: ${acc.differing} of ${acc.total} values differ, max |Δ| ${acc.maxAbs.toExponential(2)}, max relative ${acc.maxUlpLike.toFixed(1)} ε`,
  );
}

main();
