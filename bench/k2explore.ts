/**
 * Where K2's and LMAX's time goes, and what each change to the core bought:
 * `npx tsx bench/k2explore.ts [--rounds 7] [--only k2|lmax|kernels]`.
 *
 * Variants run alternately (round by round, in one process), so machine noise
 * hits them alike; the table gives medians and the median of the pair-by-pair
 * ratios to `head`, plus each variant's exponents against `core`'s.
 *
 *   head        the code at commit 8e7ef47 (before this work), reproduced here: one-row matvec
 *               for the state, matmul then a separate diag(d) pass, qrMgs (column-at-a-time
 *               right-looking MGS); for k = 1 two one-row matvecs and qrMgs(n, 1)
 *   head+bqr    head with the block-4 MGS (qrMgsBlocked) instead of qrMgs
 *   head+mv4    head with the 4-row matvec (and, k = 1, the fused matvec2)
 *   core        SpectrumRun on RnnMap as the app runs it now (all of the above, diag(d) fused
 *               into matmul's tiles, k = 1 normalised without qrMgs)
 *
 * The kernel micro-benchmarks (--only kernels) time matmul tiles, MGS variants and
 * fused matvecs in isolation on random data, in GFLOP/s (nominal 2n³ for n × n).
 */
import { RnnMap, type MapND } from '../src/core/models';
import { SpectrumRun } from '../src/core/vector/spectrum';
import { matmul, matvec, matvec2 } from '../src/core/linalg/dense';
import { qrMgs, qrMgsBlocked, qrMgsBlockedWork } from '../src/core/linalg/qr';
import { Rng } from '../src/core/linalg/rng';
import { K2, LMAX, k2Params, type RnnParams } from './k2';
import { median, medianRatio } from './stats';

// ------------------------------------------------------------------ head --

/** One running sum per row (HEAD's matvec). */
function matvecHead(m: number, n: number, A: Float64Array, x: Float64Array, b: Float64Array | null, y: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    const ai = i * n;
    for (let j = 0; j < n; j++) s += A[ai + j] * x[j];
    y[i] = b ? s + b[i] : s;
  }
}

/** HEAD's RnnMap.tangentStep for tanh, no input (optionally with the 4-row matvecs). */
class HeadRnn implements MapND {
  readonly n: number;
  private readonly z: Float64Array;
  private readonly d: Float64Array;
  constructor(
    private readonly p: RnnParams,
    private readonly logDetW: number,
    private readonly mv4: boolean,
  ) {
    this.n = p.b.length;
    this.z = new Float64Array(this.n);
    this.d = new Float64Array(this.n);
  }
  initialState(): Float64Array {
    return Float64Array.from(this.p.h0);
  }
  step(x: Float64Array, next: Float64Array): void {
    const n = this.n;
    if (this.mv4) matvec(n, n, this.p.W, x, this.p.b, this.z);
    else matvecHead(n, n, this.p.W, x, this.p.b, this.z);
    for (let i = 0; i < n; i++) next[i] = Math.tanh(this.z[i]);
  }
  tangentStep(x: Float64Array, next: Float64Array, Q: Float64Array, Y: Float64Array, k: number, _t: number, logDet: boolean): number {
    const n = this.n;
    const { W, b } = this.p;
    const z = this.z;
    const d = this.d;
    if (this.mv4 && k === 1) matvec2(n, n, W, x, b, z, Q, Y);
    else if (this.mv4) matvec(n, n, W, x, b, z);
    else matvecHead(n, n, W, x, b, z);
    for (let i = 0; i < n; i++) {
      const h = Math.tanh(z[i]);
      next[i] = h;
      d[i] = 1 - h * h;
    }
    if (k === 1) {
      if (!this.mv4) matvecHead(n, n, W, Q, null, Y);
    } else matmul(n, n, k, W, Q, Y);
    for (let i = 0; i < n; i++) {
      const di = d[i];
      const ri = i * k;
      for (let c = 0; c < k; c++) Y[ri + c] *= di;
    }
    if (!logDet) return 0;
    let ld = this.logDetW;
    for (let i = 0; i < n; i++) ld += Math.log(Math.abs(d[i]));
    return ld;
  }
  jacobian(): void {
    throw new Error('not needed');
  }
}

/** HEAD's SpectrumRun.advance loop (QR every step), from Q0 = I, without the trace. */
function headSpectrum(map: MapND, h0: Float64Array, k: number, transient: number, steps: number, blockedQr: boolean): Float64Array {
  const n = map.n;
  let x = Float64Array.from(h0);
  let nx = new Float64Array(n);
  for (let t = 0; t < transient; t++) {
    map.step(x, nx, t);
    [x, nx] = [nx, x];
  }
  let Q = new Float64Array(n * k);
  let Y = new Float64Array(n * k);
  for (let i = 0; i < Math.min(n, k); i++) Q[i * k + i] = 1;
  const rd = new Float64Array(k);
  const work = new Float64Array(qrMgsBlockedWork(k));
  const acc = new Float64Array(k);
  const sumRule = k === n;
  let ld = 0;
  for (let t = 0; t < steps; t++) {
    ld += map.tangentStep(x, nx, Q, Y, k, transient + t, sumRule);
    [x, nx] = [nx, x];
    [Q, Y] = [Y, Q];
    if (blockedQr) qrMgsBlocked(n, k, Q, rd, work);
    else qrMgs(n, k, Q, rd, work);
    for (let i = 0; i < k; i++) acc[i] += Math.log(rd[i]);
  }
  for (let i = 0; i < k; i++) acc[i] /= steps;
  void ld;
  return acc;
}

function coreSpectrum(map: RnnMap, h0: Float64Array, k: number, transient: number, steps: number): Float64Array {
  const run = new SpectrumRun(map, h0, { k, transient, steps });
  const Q = run.frame();
  Q.fill(0);
  for (let i = 0; i < Math.min(map.n, k); i++) Q[i * k + i] = 1;
  run.advance(transient + steps);
  return run.result().lambdas;
}

// --------------------------------------------------------------- harness --

interface Variant {
  name: string;
  run: () => Float64Array;
}

function compare(title: string, variants: Variant[], rounds: number, flops: number): void {
  process.stderr.write(`${title}: warm-up…\n`);
  const out = variants.map((v) => v.run());
  const times: number[][] = variants.map(() => []);
  for (let r = 0; r < rounds; r++) {
    process.stderr.write(`${title} round ${r + 1}/${rounds}\n`);
    // rotate the order every round so that no variant always runs first
    for (let q = 0; q < variants.length; q++) {
      const i = (q + r) % variants.length;
      const t0 = process.hrtime.bigint();
      out[i] = variants[i].run();
      times[i].push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
  const core = out[variants.length - 1];
  console.log(`\n${title}`);
  console.log('variant       median   GFLOP/s  vs head (paired)  max |Δλ| vs core');
  variants.forEach((v, i) => {
    let d = 0;
    for (let j = 0; j < core.length; j++) d = Math.max(d, Math.abs(out[i][j] - core[j]));
    const med = median(times[i]);
    console.log(
      `${v.name.padEnd(11)} ${(med * 1e3).toFixed(1).padStart(8)} ms  ${(flops / med / 1e9).toFixed(2).padStart(6)}  ${medianRatio(times[i], times[0]).toFixed(3).padStart(8)}×         ${d === 0 ? 'identical' : d.toExponential(1)}`,
    );
  });
}

function spectrumVariants(n: number, k: number, transient: number, steps: number): Variant[] {
  const p = k2Params(n);
  const core = new RnnMap({ W: p.W, b: p.b }, 1, 'tanh', p.h0, new Float64Array(n), { kind: 'none', amplitude: 0, period: 1 });
  // log|det W| as RnnMap computes it (only the sum rule uses it)
  const ld = 0;
  return [
    { name: 'head', run: () => headSpectrum(new HeadRnn(p, ld, false), p.h0, k, transient, steps, false) },
    { name: 'head+bqr', run: () => headSpectrum(new HeadRnn(p, ld, false), p.h0, k, transient, steps, true) },
    { name: 'head+mv4', run: () => headSpectrum(new HeadRnn(p, ld, true), p.h0, k, transient, steps, false) },
    { name: 'core', run: () => coreSpectrum(core, p.h0, k, transient, steps) },
  ];
}

// ----------------------------------------------------- kernel micro-benchmarks --

type MatmulFn = (m: number, n: number, k: number, A: Float64Array, B: Float64Array, C: Float64Array) => void;

/** 4 × 4 register tile (16 sums: V8 spills some of them). */
const mm44: MatmulFn = (m, n, k, A, B, C) => {
  for (let i = 0; i + 4 <= m; i += 4) {
    const a0 = i * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n, r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k; // prettier-ignore
    for (let c = 0; c + 4 <= k; c += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0; // prettier-ignore
      for (let j = 0, bj = c; j < n; j++, bj += k) {
        const b0 = B[bj], b1 = B[bj + 1], b2 = B[bj + 2], b3 = B[bj + 3]; // prettier-ignore
        let x = A[a0 + j];
        s00 += x * b0; s01 += x * b1; s02 += x * b2; s03 += x * b3; // prettier-ignore
        x = A[a1 + j];
        s10 += x * b0; s11 += x * b1; s12 += x * b2; s13 += x * b3; // prettier-ignore
        x = A[a2 + j];
        s20 += x * b0; s21 += x * b1; s22 += x * b2; s23 += x * b3; // prettier-ignore
        x = A[a3 + j];
        s30 += x * b0; s31 += x * b1; s32 += x * b2; s33 += x * b3; // prettier-ignore
      }
      C[r0 + c] = s00; C[r0 + c + 1] = s01; C[r0 + c + 2] = s02; C[r0 + c + 3] = s03; // prettier-ignore
      C[r1 + c] = s10; C[r1 + c + 1] = s11; C[r1 + c + 2] = s12; C[r1 + c + 3] = s13; // prettier-ignore
      C[r2 + c] = s20; C[r2 + c + 1] = s21; C[r2 + c + 2] = s22; C[r2 + c + 3] = s23; // prettier-ignore
      C[r3 + c] = s30; C[r3 + c + 1] = s31; C[r3 + c + 2] = s32; C[r3 + c + 3] = s33; // prettier-ignore
    }
  }
};

/** 2 × 8 register tile. */
const mm28: MatmulFn = (m, n, k, A, B, C) => {
  for (let i = 0; i + 2 <= m; i += 2) {
    const a0 = i * n, a1 = a0 + n, r0 = i * k, r1 = r0 + k; // prettier-ignore
    for (let c = 0; c + 8 <= k; c += 8) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s04 = 0, s05 = 0, s06 = 0, s07 = 0; // prettier-ignore
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0, s16 = 0, s17 = 0; // prettier-ignore
      for (let j = 0, bj = c; j < n; j++, bj += k) {
        const x0 = A[a0 + j], x1 = A[a1 + j]; // prettier-ignore
        let b = B[bj]; s00 += x0 * b; s10 += x1 * b; // prettier-ignore
        b = B[bj + 1]; s01 += x0 * b; s11 += x1 * b; // prettier-ignore
        b = B[bj + 2]; s02 += x0 * b; s12 += x1 * b; // prettier-ignore
        b = B[bj + 3]; s03 += x0 * b; s13 += x1 * b; // prettier-ignore
        b = B[bj + 4]; s04 += x0 * b; s14 += x1 * b; // prettier-ignore
        b = B[bj + 5]; s05 += x0 * b; s15 += x1 * b; // prettier-ignore
        b = B[bj + 6]; s06 += x0 * b; s16 += x1 * b; // prettier-ignore
        b = B[bj + 7]; s07 += x0 * b; s17 += x1 * b; // prettier-ignore
      }
      C[r0 + c] = s00; C[r0 + c + 1] = s01; C[r0 + c + 2] = s02; C[r0 + c + 3] = s03; // prettier-ignore
      C[r0 + c + 4] = s04; C[r0 + c + 5] = s05; C[r0 + c + 6] = s06; C[r0 + c + 7] = s07; // prettier-ignore
      C[r1 + c] = s10; C[r1 + c + 1] = s11; C[r1 + c + 2] = s12; C[r1 + c + 3] = s13; // prettier-ignore
      C[r1 + c + 4] = s14; C[r1 + c + 5] = s15; C[r1 + c + 6] = s16; C[r1 + c + 7] = s17; // prettier-ignore
    }
  }
};

/** C's loop order (4 rows, axpy over a contiguous row of B; gcc vectorises it, V8 does not). */
const mmAxpy: MatmulFn = (m, n, k, A, B, C) => {
  C.fill(0, 0, m * k);
  for (let i = 0; i + 4 <= m; i += 4) {
    const a0 = i * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n, r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k; // prettier-ignore
    for (let j = 0; j < n; j++) {
      const x0 = A[a0 + j], x1 = A[a1 + j], x2 = A[a2 + j], x3 = A[a3 + j]; // prettier-ignore
      const bj = j * k;
      for (let c = 0; c < k; c++) {
        const b = B[bj + c];
        C[r0 + c] += x0 * b;
        C[r1 + c] += x1 * b;
        C[r2 + c] += x2 * b;
        C[r3 + c] += x3 * b;
      }
    }
  }
};

function kernels(rounds: number): void {
  for (const n of [64, 256]) {
    const reps = n === 64 ? 2000 : 40;
    const rng = new Rng(1);
    const A = Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n));
    const B = Float64Array.from({ length: n * n }, () => rng.normal());
    const C = new Float64Array(n * n);
    const X = new Float64Array(n * n);
    const rd = new Float64Array(n);
    const work = new Float64Array(qrMgsBlockedWork(n));
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const u = Float64Array.from({ length: n }, () => rng.normal());
    const y = new Float64Array(n);
    const v = new Float64Array(n);
    const mvReps = reps * n;
    const tests: { name: string; flops: number; run: () => void }[] = [
      { name: 'matmul 2×4 (core)', flops: 2 * n ** 3 * reps, run: () => { for (let s = 0; s < reps; s++) matmul(n, n, n, A, B, C); } }, // prettier-ignore
      { name: 'matmul 2×4 + diag', flops: 2 * n ** 3 * reps, run: () => { for (let s = 0; s < reps; s++) matmul(n, n, n, A, B, C, x); } }, // prettier-ignore
      { name: 'matmul 4×4', flops: 2 * n ** 3 * reps, run: () => { for (let s = 0; s < reps; s++) mm44(n, n, n, A, B, C); } }, // prettier-ignore
      { name: 'matmul 2×8', flops: 2 * n ** 3 * reps, run: () => { for (let s = 0; s < reps; s++) mm28(n, n, n, A, B, C); } }, // prettier-ignore
      { name: 'matmul axpy (C order)', flops: 2 * n ** 3 * reps, run: () => { for (let s = 0; s < reps; s++) mmAxpy(n, n, n, A, B, C); } }, // prettier-ignore
      { name: 'qrMgs', flops: 2 * n ** 3 * reps, run: () => { for (let s = 0; s < reps; s++) { X.set(B); qrMgs(n, n, X, rd, work); } } }, // prettier-ignore
      { name: 'qrMgsBlocked', flops: 2 * n ** 3 * reps, run: () => { for (let s = 0; s < reps; s++) { X.set(B); qrMgsBlocked(n, n, X, rd, work); } } }, // prettier-ignore
      { name: '2 matvec, 1 row', flops: 4 * n * n * mvReps, run: () => { for (let s = 0; s < mvReps; s++) { matvecHead(n, n, A, x, null, y); matvecHead(n, n, A, u, null, v); } } }, // prettier-ignore
      { name: '2 matvec, 4 rows', flops: 4 * n * n * mvReps, run: () => { for (let s = 0; s < mvReps; s++) { matvec(n, n, A, x, null, y); matvec(n, n, A, u, null, v); } } }, // prettier-ignore
      { name: 'matvec2 (fused)', flops: 4 * n * n * mvReps, run: () => { for (let s = 0; s < mvReps; s++) matvec2(n, n, A, x, null, y, u, v); } }, // prettier-ignore
    ];
    const t: number[][] = tests.map(() => []);
    for (const tt of tests) tt.run();
    for (let r = 0; r < rounds; r++)
      tests.forEach((tt, i) => {
        const t0 = process.hrtime.bigint();
        tt.run();
        t[i].push(Number(process.hrtime.bigint() - t0) / 1e9);
      });
    console.log(`\nkernels, n = ${n} (GFLOP/s, median of ${rounds})`);
    tests.forEach((tt, i) => console.log(`  ${tt.name.padEnd(24)} ${(tt.flops / median(t[i]) / 1e9).toFixed(2).padStart(6)}`));
  }
}

// ------------------------------------------------------------------- main --

function main(): void {
  const argv = process.argv.slice(2);
  let rounds = 7;
  let only: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') rounds = Number(argv[++i]);
    else if (argv[i] === '--only') only = argv[++i];
    else throw new Error(`unknown option ${argv[i]} (--rounds N, --only k2|lmax|kernels)`);
  }
  if (!only || only === 'k2') {
    const n = 64;
    compare(`K2-64 (N = 64, full spectrum, ${K2.transient} + ${K2.steps} steps)`, spectrumVariants(n, n, K2.transient, K2.steps), rounds, K2.transient * 2 * n * n + K2.steps * (2 * n * n + 4 * n ** 3));
  }
  if (!only || only === 'lmax') {
    const n = LMAX.n;
    compare(`LMAX-256 (N = 256, k = 1, ${LMAX.transient} + ${LMAX.steps} steps)`, spectrumVariants(n, 1, LMAX.transient, LMAX.steps), rounds, LMAX.transient * 2 * n * n + LMAX.steps * (4 * n * n + 2 * n));
  }
  if (!only || only === 'kernels') kernels(rounds);
}

main();
