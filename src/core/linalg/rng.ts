/**
 * Seeded pseudo-random numbers: mulberry32 with Box–Muller normals.
 *
 * The generator of the C and numpy reference kernels that `npm run bench`
 * compares against (docs/benchmarks.md), so a network drawn here can be
 * cross-checked against them:
 * uniform = (u32 + 0.5) / 2^32 lies strictly inside (0, 1); one normal uses two
 * uniforms and keeps the cosine branch only (no hidden cached state).
 *
 * The logarithm and cosine are the portable ones (elementary.ts: the bits of
 * fdlibm, which are Node's), not the engine's Math.log/Math.cos: those differ
 * in the last bit between engines, and a seeded network must be the same
 * network in every browser and in the CLI.
 */
import { cos, log } from './elementary';

export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** Uniform on (0, 1), never exactly 0 or 1. */
  uniform(): number {
    return (this.u32() + 0.5) * (1 / 4294967296);
  }

  /** n standard normals. */
  normals(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** Standard normal N(0, 1). */
  normal(): number {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * log(u1)) * cos(2 * Math.PI * u2);
  }
}
