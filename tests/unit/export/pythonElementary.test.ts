/**
 * The numpy port of the portable elementary functions (src/export/pythonElementary.ts)
 * gives the same bits as the TypeScript ones (src/core/linalg/elementary.ts):
 * over 10⁶ seeded arguments per function (the branch thresholds, ±0,
 * subnormals, ±∞, NaN, multiples of π/2, huge and random bit patterns),
 * written as raw little-endian float64, computed by python3 and read back.
 * Skipped, with the reason printed, where python3 or numpy is missing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cos, exp, log, sigmoid, sin, tanh } from '../../../src/core/linalg/elementary';
import { EXP2_TABLE } from '../../../src/core/linalg/elementary/expTable';
import { PYTHON_ELEMENTARY, PYTHON_ELEMENTARY_NAMES } from '../../../src/export/pythonElementary';
import { numpyMissing } from '../support/numpy';


const missing = numpyMissing();
if (missing) console.log(`pythonElementary.test.ts: the bit-for-bit comparison is skipped: ${missing}`);

type Name = keyof typeof PYTHON_ELEMENTARY_NAMES;
const FUNCTIONS: Record<Name, (x: number) => number> = { exp, log, tanh, sigmoid, sin, cos };
const PER_FUNCTION = 1_000_000;

// ---------------------------------------------------------------- arguments

const BITS = new DataView(new ArrayBuffer(8));
function fromWords(hi: number, lo: number): number {
  BITS.setUint32(0, hi >>> 0);
  BITS.setUint32(4, lo >>> 0);
  return BITS.getFloat64(0);
}
/** x moved by d ulps along the ordered doubles of its sign (d may be negative). */
function ulps(x: number, d: number): number {
  BITS.setFloat64(0, x);
  const b = BITS.getBigUint64(0) + BigInt(d);
  BITS.setBigUint64(0, BigInt.asUintN(64, b));
  return BITS.getFloat64(0);
}

/** mulberry32: 32 random bits per call. */
function rng32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

class Args {
  readonly x = new Float64Array(PER_FUNCTION);
  n = 0;
  private readonly u32: () => number;
  constructor(seed: number) {
    this.u32 = rng32(seed);
  }
  push(v: number): void {
    if (this.n < this.x.length) this.x[this.n++] = v;
  }
  /** Uniform in [0, 1) with 53 random bits. */
  unit(): number {
    return (this.u32() * 2 ** 21 + (this.u32() >>> 11)) / 2 ** 53;
  }
  sign(): number {
    return this.u32() & 1 ? -1 : 1;
  }
  /** count values uniform in [a, b). */
  uniform(a: number, b: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(a + (b - a) * this.unit());
  }
  /** count values log-uniform in [lo, hi), random sign unless signed is false. */
  logUniform(lo: number, hi: number, count: number, signed = true): void {
    const l0 = Math.log2(lo);
    const l1 = Math.log2(hi);
    for (let i = 0; i < count; i++) {
      const v = 2 ** (l0 + (l1 - l0) * this.unit());
      this.push(signed ? this.sign() * v : v);
    }
  }
  /** Random bit patterns: every double (NaNs, ±∞, subnormals) is possible. */
  randomBits(count: number): void {
    for (let i = 0; i < count; i++) this.push(fromWords(this.u32(), this.u32()));
  }
  /** Subnormals and the smallest normals, both signs. */
  subnormals(count: number): void {
    for (let i = 0; i < count; i++) this.push(fromWords((this.u32() & 0x001fffff) | (this.u32() & 0x80000000), this.u32()));
  }
  /** t and ±1 … ±k ulps around it, and random values within t·(1 ± 2⁻²⁰), with both signs of t. */
  around(t: number, k = 64, random = 256): void {
    for (const s of [t, -t]) {
      for (let d = -k; d <= k; d++) this.push(ulps(s, d));
      for (let i = 0; i < random; i++) this.push(s * (1 + (2 * this.unit() - 1) * 2 ** -20));
    }
  }
  specials(): void {
    const list = [0, -0, Infinity, -Infinity, NaN, -NaN, fromWords(0x7ff00000, 1), fromWords(0xfff80000, 12345), 5e-324, -5e-324,
      2.225073858507201e-308, -2.225073858507201e-308, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, 2, Math.E, Math.PI];
    for (const v of list) this.push(v);
  }
  /** Fill the rest. */
  fill(gen: (n: number) => void): void {
    gen(this.x.length - this.n);
  }
}

function argumentsFor(name: Name): Float64Array {
  const a = new Args(0x5eed + name.length * 7919 + name.charCodeAt(0));
  a.specials();
  a.randomBits(60_000);
  a.subnormals(10_000);
  a.logUniform(2 ** -1074, 2 ** 1023, 30_000);
  a.logUniform(2 ** -70, 1, 100_000);
  switch (name) {
    case 'exp':
      for (const t of [700, 709.782712893384, 745.1332191019411, fromWords(0x40862e42, 0), 2 ** -28, 2 ** -54, Math.LN2 / 2, 1.5 * Math.LN2, 56 * Math.LN2, 1, 0.5]) a.around(t);
      for (let k = -1100; k <= 1100; k++) a.around((k * Math.LN2) / 256, 2, 4); // the table's grid
      for (let k = -2200; k <= 2200; k++) a.push(((k + 0.5) * Math.LN2) / 512); // |r| at its largest
      a.uniform(-760, 760, 250_000);
      a.uniform(-700, -690, 20_000);
      a.uniform(690, 700, 20_000);
      a.uniform(-2, 2, 100_000);
      a.fill((n) => a.logUniform(2 ** -40, 760, n));
      break;
    case 'log':
      for (const t of [1, 2, Math.SQRT2, Math.SQRT1_2, 1 + 2 ** -20, 1 - 2 ** -20, 2 ** -1022, 2 ** 1023, 0.5, 10, Math.E]) a.around(t);
      for (let e = -1074; e <= 1023; e++) a.around(2 ** e, 3, 4);
      for (const hx of [0x6147a, 0x6b851, 0x95f64, 0x6a09e, 0xfffff]) for (let e = -30; e <= 30; e++) for (let d = -3; d <= 3; d++) a.push(fromWords(((0x3ff + e) << 20) | (hx + d), a.unit() * 2 ** 32));
      a.uniform(0, 4, 200_000);
      a.uniform(1 - 2 ** -18, 1 + 2 ** -18, 100_000);
      a.logUniform(2 ** -1074, 2 ** -1022, 20_000, false);
      a.fill((n) => a.logUniform(2 ** -1074, Number.MAX_VALUE, n, false));
      break;
    case 'tanh':
      for (const t of [0.125, 22, 2 ** -28, 1, 0.5, 2 ** -1022]) a.around(t, 256, 2000);
      a.uniform(-25, 25, 300_000);
      a.uniform(-0.25, 0.25, 150_000);
      a.uniform(-23, -21, 20_000);
      a.fill((n) => a.logUniform(2 ** -60, 64, n));
      break;
    case 'sigmoid':
      for (const t of [40, 700, 745.1332191019411, 709.782712893384, 1, 2 ** -54]) a.around(t, 256, 2000);
      a.uniform(-800, 50, 200_000);
      a.uniform(-45, 45, 250_000);
      a.uniform(-701, -699, 20_000);
      a.fill((n) => a.logUniform(2 ** -60, 800, n));
      break;
    case 'sin':
    case 'cos': {
      // multiples of π/2 (as doubles) and their neighbours: the cancellation paths of the reduction
      for (let n = 1; n <= 2000; n++) for (let d = -2; d <= 2; d++) a.push(ulps(n * (Math.PI / 2), d) * (n & 1 ? 1 : -1));
      for (let i = 0; i < 4000; i++) {
        const n = Math.floor(a.unit() * 2 ** 21);
        for (let d = -2; d <= 2; d++) a.push(ulps(n * (Math.PI / 2), d));
      }
      for (const t of [Math.PI / 4, (3 * Math.PI) / 4, Math.PI / 2, 2 ** 20 * (Math.PI / 2), fromWords(0x413921fb, 0), fromWords(0x413921fc, 0), fromWords(0x3fe921fc, 0), 0.3, 0.78125, 2 ** -27])
        a.around(t, 64, 200);
      // the doubles nearest to a multiple of π/2 (the recomputation path of Payne–Hanek), and huge ones
      for (const t of [6381956970095103 * 2 ** 797, 5319372648221835 * 2 ** -1, 1e22, 2 ** 1023, Number.MAX_VALUE, 2 ** 60, 2 ** 21, 2 ** 30]) a.around(t, 128, 64);
      for (let i = 0; i < 4000; i++) {
        const n = Math.floor(a.unit() * 2 ** 53) * 2 ** Math.floor(a.unit() * 970);
        for (let d = -1; d <= 1; d++) a.push(ulps(n * (Math.PI / 2), d));
      }
      a.logUniform(2 ** 20, Number.MAX_VALUE, 12_000);
      a.uniform(-10, 10, 300_000);
      a.uniform(-1, 1, 100_000);
      a.fill((n) => a.logUniform(2 ** -30, 2 ** 21, n));
      break;
    }
  }
  expect(a.n).toBe(PER_FUNCTION);
  return a.x;
}

// ---------------------------------------------------------------- the driver

const DRIVER = `
import sys

import numpy as np

import elementary as el

folder = sys.argv[1]
for name in sys.argv[2:]:
    x = np.fromfile(f"{folder}/{name}.in", dtype="<f8")
    f = getattr(el, "app_" + name)
    y = f(x)
    assert y.dtype == np.float64 and y.shape == x.shape
    # scalars and other shapes give the same values
    s = f(float(x[1000]))
    assert isinstance(s, np.floating) and s.tobytes() == y[1000].tobytes(), name
    assert f(x[:1200].reshape(2, 600, 1)).reshape(-1).tobytes() == y[:1200].tobytes(), name
    y.astype("<f8").tofile(f"{folder}/{name}.out")
`;

interface Mismatch {
  x: string;
  ts: string;
  py: string;
}
const hexOf = (v: number) => {
  BITS.setFloat64(0, v);
  return `${v} (0x${BITS.getBigUint64(0).toString(16).padStart(16, '0')})`;
};

describe('python elementary: pure parts', () => {
  it('writes the exp table and the functions into the source', () => {
    for (let j = 0; j < EXP2_TABLE.length; j++) {
      const s = String(EXP2_TABLE[j]);
      expect(PYTHON_ELEMENTARY).toContain(/^-?\d+$/.test(s) ? `${s}.0` : s);
    }
    for (const py of Object.values(PYTHON_ELEMENTARY_NAMES)) expect(PYTHON_ELEMENTARY).toContain(`\n${py} = _elementwise(`);
    expect(PYTHON_ELEMENTARY).not.toMatch(/np\.(exp|log|tanh|sin|cos|sum|dot|power|ldexp)\(/);
  });
});

describe.skipIf(missing !== null)('python elementary run with numpy: bit for bit', () => {
  const names = Object.keys(FUNCTIONS) as Name[];
  const inputs = new Map<Name, Float64Array>();
  const outputs = new Map<Name, Float64Array>();

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-pyel-'));
    try {
      fs.writeFileSync(path.join(dir, 'elementary.py'), PYTHON_ELEMENTARY);
      fs.writeFileSync(path.join(dir, 'driver.py'), DRIVER);
      for (const name of names) {
        const x = argumentsFor(name);
        inputs.set(name, x);
        fs.writeFileSync(path.join(dir, `${name}.in`), new Uint8Array(x.buffer));
      }
      const r = spawnSync('python3', [path.join(dir, 'driver.py'), dir, ...names], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, `${r.stderr}${r.error ?? ''}`).toBe(0);
      for (const name of names) {
        const b = fs.readFileSync(path.join(dir, `${name}.out`));
        outputs.set(name, new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it.each(Object.keys(FUNCTIONS) as Name[])('%s: 10^6 arguments, every result the same double', (name) => {
    const x = inputs.get(name)!;
    const py = outputs.get(name)!;
    expect(py.length).toBe(x.length);
    const pyWords = new Uint32Array(py.buffer);
    const ts = new Float64Array(1);
    const tsWords = new Uint32Array(ts.buffer);
    const f = FUNCTIONS[name];
    const bad: Mismatch[] = [];
    let count = 0;
    for (let i = 0; i < x.length; i++) {
      ts[0] = f(x[i]);
      if (ts[0] !== ts[0] && py[i] !== py[i]) continue; // NaN, any payload
      if (tsWords[0] !== pyWords[2 * i] || tsWords[1] !== pyWords[2 * i + 1]) {
        count++;
        if (bad.length < 10) bad.push({ x: hexOf(x[i]), ts: hexOf(ts[0]), py: hexOf(py[i]) });
      }
    }
    expect({ count, bad }).toEqual({ count: 0, bad: [] });
  });
});
