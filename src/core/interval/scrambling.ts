/**
 * Scrambled pairs, measured (Paper B). A pair (x, y) is
 * scrambled when lim sup |fᵗx − fᵗy| > 0 and lim inf |fᵗx − fᵗy| = 0. In a
 * finite window [T₁, T₂] we call a pair empirically scrambled when its distance
 * exceeds η and later comes below ε (lim inf ≈ 0), and it is again farther than
 * η apart in the last quarter of the window (lim sup > 0: the two orbits did not
 * simply merge, as they do on a stable cycle or in a floating-point collapse).
 */
import type { Map1D } from '../models';
import { isDiverged } from '../divergence';
import { NO_PAUSE, runToEnd, type Job, type Pacer } from '../job';

export interface ScrambleResult {
  pairs: number;
  /** Pairs whose orbits stayed bounded (the others are not counted). */
  counted: number;
  scrambled: number;
  fraction: number;
  eps: number;
  eta: number;
  d0: number;
  T1: number;
  T2: number;
  window: [number, number];
}

export interface ScrambleOptions {
  pairs?: number;
  d0?: number;
  T1?: number;
  T2?: number;
  eps?: number;
  eta?: number;
}

export function scrambledPairs(map: Map1D, window: [number, number], opts: ScrambleOptions = {}): ScrambleResult {
  return runToEnd(scrambleSteps(map, window, opts, NO_PAUSE));
}

/** `scrambledPairs` as a job (core/job.ts): pauses every 128 steps of a pair. */
export function* scrambleSteps(map: Map1D, window: [number, number], opts: ScrambleOptions, pace: Pacer): Job<ScrambleResult> {
  const pairs = Math.max(1, Math.floor(opts.pairs ?? 200));
  const d0 = opts.d0 ?? 1e-8;
  const T1 = Math.max(0, Math.floor(opts.T1 ?? 100));
  const T2 = Math.max(T1 + 1, Math.floor(opts.T2 ?? 2000));
  const eps = opts.eps ?? 1e-3;
  const eta = opts.eta ?? 0.1 * Math.max(1e-9, window[1] - window[0]);
  let counted = 0;
  let scrambled = 0;
  for (let i = 0; i < pairs; i++) {
    let x = window[0] + ((i + 0.5) * (window[1] - window[0])) / pairs;
    let y = x + d0;
    let far = false;
    let close = false;
    let farAtEnd = false;
    let bad = false;
    const endFrom = T2 - Math.floor((T2 - T1) / 4);
    for (let t = 1; t <= T2; t++) {
      x = map.f(x);
      y = map.f(y);
      if (isDiverged(x) || isDiverged(y)) {
        bad = true;
        break;
      }
      if (t < T1) continue;
      const d = Math.abs(x - y);
      if (d > eta) {
        far = true;
        if (t >= endFrom && close) {
          farAtEnd = true;
          break;
        }
      } else if (far && d < eps) close = true;
      if ((t & 127) === 0 && pace.tick(256)) yield* pace.pause();
    }
    if (bad) continue;
    counted++;
    if (close && farAtEnd) scrambled++;
  }
  return { pairs, counted, scrambled, fraction: counted ? scrambled / counted : 0, eps, eta, d0, T1, T2, window };
}
