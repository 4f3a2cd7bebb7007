/**
 * Lorenz-63 (σ = 10, ρ = 28, β = 8/3) integrated with the classical RK4 at a
 * fixed step dt: the chaotic data set of Paper A's Fig. 1.
 *
 * Its largest Lyapunov exponent is 0.9056 per time unit (Sprott; digest §4
 * item 7), so one sample of the series (every dt = LORENZ_DT = 0.05 time units
 * in the app) separates nearby states by λ_max = 0.9056·dt = 0.0453 per step,
 * and the predictability time is τ_pred = ln 2 / λ_max = 15.3 steps. Paper A's
 * data are sampled about three times finer (0.015 per step, τ_pred = 46);
 * coarser samples put more of the attractor (about one loop per 15 samples)
 * into a training window of a few hundred steps, which is what lets a small
 * model learn it in the browser in seconds. The series is integrated with RK4
 * at dt/5 = 0.01 (the digest's reference step) and sampled every fifth step.
 * The sum of the three exponents is the constant divergence
 * −(σ + 1 + β) = −13.667.
 */

export const LORENZ = { sigma: 10, rho: 28, beta: 8 / 3 } as const;

/** λ_max of Lorenz-63 per time unit (Sprott 2003). */
export const LORENZ_LAMBDA = 0.9056;

/** The app's sampling step: λ_max = 0.0453 per sample, τ_pred = 15.3 samples. */
export const LORENZ_DT = 0.05;

/** RK4 steps per sample. */
export const LORENZ_SUBSTEPS = 5;

/** λ_max per sample of a series sampled every dt. */
export function lorenzLambdaPerStep(dt: number): number {
  return LORENZ_LAMBDA * dt;
}

/** Predictability time ln 2 / λ in steps (Infinity for λ ≤ 0). */
export function predictabilityTime(lambdaPerStep: number): number {
  return lambdaPerStep > 0 ? Math.LN2 / lambdaPerStep : Infinity;
}

/** out = f(s): the Lorenz vector field. */
export function lorenzField(s: ArrayLike<number>, out: Float64Array, p: { sigma: number; rho: number; beta: number } = LORENZ): void {
  const x = s[0];
  const y = s[1];
  const z = s[2];
  out[0] = p.sigma * (y - x);
  out[1] = x * (p.rho - z) - y;
  out[2] = x * y - p.beta * z;
}

/** Divergence of the field (trace of its Jacobian): −(σ + 1 + β) everywhere. */
export function lorenzDivergence(p: { sigma: number; rho: number; beta: number } = LORENZ): number {
  return -(p.sigma + 1 + p.beta);
}

/** One RK4 step of length dt, in place. */
export function rk4Step(s: Float64Array, dt: number, work: Float64Array = new Float64Array(15), p: { sigma: number; rho: number; beta: number } = LORENZ): void {
  const k1 = work.subarray(0, 3);
  const k2 = work.subarray(3, 6);
  const k3 = work.subarray(6, 9);
  const k4 = work.subarray(9, 12);
  const tmp = work.subarray(12, 15);
  lorenzField(s, k1, p);
  for (let i = 0; i < 3; i++) tmp[i] = s[i] + 0.5 * dt * k1[i];
  lorenzField(tmp, k2, p);
  for (let i = 0; i < 3; i++) tmp[i] = s[i] + 0.5 * dt * k2[i];
  lorenzField(tmp, k3, p);
  for (let i = 0; i < 3; i++) tmp[i] = s[i] + dt * k3[i];
  lorenzField(tmp, k4, p);
  for (let i = 0; i < 3; i++) s[i] += (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

/**
 * `steps` samples (steps × 3, row-major) every dt, after `transient` samples,
 * from `x0` (default (1, 1, 1): on the attractor after a few time units);
 * RK4 with `substeps` steps of dt/substeps between samples.
 */
export function lorenzSeries(steps: number, dt = LORENZ_DT, transient = 400, x0: ArrayLike<number> = [1, 1, 1], substeps = LORENZ_SUBSTEPS): Float64Array {
  const s = Float64Array.from(x0);
  const work = new Float64Array(15);
  const h = dt / substeps;
  for (let t = 0; t < transient * substeps; t++) rk4Step(s, h, work);
  const out = new Float64Array(steps * 3);
  for (let t = 0; t < steps; t++) {
    out[3 * t] = s[0];
    out[3 * t + 1] = s[1];
    out[3 * t + 2] = s[2];
    for (let k = 0; k < substeps; k++) rk4Step(s, h, work);
  }
  return out;
}
