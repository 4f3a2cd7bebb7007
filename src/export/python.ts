/**
 * "Copy as Python": a self-contained numpy script that rebuilds the network of
 * the current state and recomputes what a panel shows — λ of a 1-D map (mean
 * of ln|f′(x_t)| after the transient), its orbit (cobweb), the λ column of the
 * orbit diagram; λ_max and the Lyapunov spectrum of a vector map by QR
 * re-orthonormalisation every step; the eigenvalues of
 * the recurrent matrix.
 *
 * The seeded weights are written into the script (every float64 as the
 * shortest decimal that reads back as the same double), so Python does not
 * need our random generator. The script rebuilds the effective weights with
 * the app's own arithmetic ((g·s)·z), so they are bit-identical.
 *
 * Why a statistical tolerance: numpy sums in another order and libm's tanh may
 * differ from V8's in the last bit, and on a chaotic orbit such a difference
 * grows like e^{λt}: after a few dozen steps Python follows another orbit of
 * the same attractor. λ is an average over the attractor, so the two runs
 * agree within their statistical error, which the script measures (batch
 * means) and states; periodic orbits agree to rounding.
 */
import type { PanelId, Params } from '../params/spec';
import { importedFor, isModel1D, model1d, modelND, type ImportedData } from '../core/models';
import { pyArray, pyNumber, pyStr } from '../core/models/numpy';
import { Rng } from '../core/linalg/rng';
import { APP_NAME, APP_VERSION } from './version';
import { DIVERGENCE_BOUND } from '../core/divergence';
import { fixedLyapunovSteps } from '../params/requests';

/** The app's divergence bound as Python reads it: 1e6. */
const PY_BOUND = DIVERGENCE_BOUND.toExponential().replace('e+', 'e');

export interface PythonRequest {
  params: Params;
  /** The imported network, when the state uses one (null: the seeded network). */
  imported: ImportedData | null;
  panel: PanelId;
  /** The full link of the state. */
  link: string;
  /** Numbers the app shows, written into the script for comparison. */
  app?: {
    /** Steps the app averaged (with ls = auto the run decided; otherwise ls). */
    steps?: number | null;
    lambda?: number | null;
    lambdaMax?: number | null;
    spectrum?: ArrayLike<number> | null;
    /** Orbit diagram: column values and their λ (a subsample is checked). */
    diagram?: { values: ArrayLike<number>; lambda: ArrayLike<number> } | null;
    spectralRadius?: number | null;
    norm2?: number | null;
  };
  /** ISO time written into the header (default: now). */
  created?: string;
}

/** The seed of the tangent frame (SpectrumRun's frameSeed). */
const FRAME_SEED = 12345;
/** Diagram columns checked by the script. */
const DIAGRAM_CHECKS = 24;

export { pyArray, pyNumber } from '../core/models/numpy';

/** The steps the script averages: the app's (ls = auto lets the run decide), else the link's ls, else the fixed-length views' default. */
function stepsOf(req: PythonRequest): number {
  const s = req.app?.steps;
  return s != null && s > 0 ? s : fixedLyapunovSteps(req.params);
}

export function pythonScript(req: PythonRequest): string {
  return isModel1D(req.params.model) ? oneDScript(req) : vectorScript(req);
}

// ---------------------------------------------------------------- shared parts

/**
 * Text that cannot end or escape the script's docstring: a backslash or a
 * double quote (possible in a page's query string) percent-encoded, as in a URL.
 */
export function docstringSafe(text: string): string {
  return text.replace(/\\/g, '%5C').replace(/"/g, '%22');
}

function header(req: PythonRequest, what: string): string {
  return `#!/usr/bin/env python3
"""
${APP_NAME} ${APP_VERSION}: the numbers of the "${req.panel}" panel, recomputed with numpy.

Link:    ${docstringSafe(req.link)}
Created: ${req.created ?? new Date().toISOString()}

${what}

The network is written out below with full precision (the app's seeded draw),
so nothing depends on a random generator. Run: python3 this_file.py

Tolerance: on a chaotic orbit, rounding differences between numpy and the
browser (summation order, libm) grow like e^(lambda t), so after a few dozen
steps this script follows another orbit of the same attractor. lambda is an
average over the attractor: the two runs agree within their statistical
error, which the script estimates (batch means over 20 blocks) and prints as
"tolerance" (6 standard errors, at least 1e-9). Periodic orbits agree to rounding.
"""
import math
import sys

import numpy as np

np.seterr(all="ignore")

BOUND = ${PY_BOUND}  # |x| beyond this (or not finite): the orbit diverged
LOG_FLOOR = math.log(1e-300)  # ln|f'| when f' = 0 (superstable), as in the app


def mean_stderr(logs, blocks=20):
    """Mean of the per-step logs and its standard error by batch means."""
    logs = np.asarray(logs, dtype=float)
    n = logs.shape[0]
    mean = logs.mean(axis=0)
    if n < 2 * blocks:
        return mean, np.abs(mean) * 0 + float("inf")
    m = n // blocks
    b = logs[: m * blocks].reshape((blocks, m) + logs.shape[1:]).mean(axis=1)
    return mean, b.std(axis=0, ddof=1) / math.sqrt(blocks)


def tolerance(stderr):
    return np.maximum(1e-9, 6.0 * stderr)


def report(name, value, stderr, app):
    tol = float(tolerance(stderr))
    print(f"{name} = {value:.12g}")
    print(f"  standard error = {float(stderr):.3g}")
    print(f"  tolerance = {tol:.3g}  (the app's value should lie within this)")
    if app is not None:
        ok = abs(value - app) <= tol
        print(f"  app: {app:.12g}, |difference| = {abs(value - app):.3g}: {'within' if ok else 'OUTSIDE'} the tolerance")
    return tol
`;
}

function appValue(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'None' : pyNumber(v);
}

// ---------------------------------------------------------------- 1-D maps

function oneDScript(req: PythonRequest): string {
  const p = req.params;
  const model = model1d(p.model);
  const imported = importedFor(p.model, req.imported);
  const app = req.app ?? {};
  const diag = req.panel === 'diagram' && app.diagram && app.diagram.values.length > 0 ? app.diagram : null;
  let diagramPart = '';
  if (diag) {
    const cols = diag.values.length;
    const picks = [...new Set(Array.from({ length: Math.min(DIAGRAM_CHECKS, cols) }, (_, i) => Math.round(((i + 0.5) * cols) / Math.min(DIAGRAM_CHECKS, cols) - 0.5)))];
    diagramPart = `

# The orbit diagram: per column, ${p.bt} transient steps from x0, then lambda over ${p.bn} steps.
# Columns checked (a subsample of the app's ${cols}): their parameter values and the app's lambda.
DIAGRAM_PARAM = ${pyStr(p.bp)}
DIAGRAM_VALUES = ${pyArray(picks.map((j) => diag.values[j]))}
APP_DIAGRAM_LAMBDA = ${pyArray(picks.map((j) => diag.lambda[j]))}


def column_lambda(value, transient=${p.bt}, keep=${p.bn}):
${model.numpy.sweep(p.bp)}
    logs = lyapunov_logs(m, start, transient, keep)
    return (float("nan"), float("nan")) if logs is None else mean_stderr(logs, blocks=10)


def check_diagram():
    agree = 0
    print(f"orbit diagram over {DIAGRAM_PARAM}: {len(DIAGRAM_VALUES)} columns")
    for value, app in zip(DIAGRAM_VALUES, APP_DIAGRAM_LAMBDA):
        lam, se = column_lambda(value)
        ok = (math.isnan(lam) and math.isnan(app)) or abs(lam - app) <= float(tolerance(se))
        agree += ok
        print(f"  {DIAGRAM_PARAM} = {value:.8g}: lambda = {lam:.6g} (app {app:.6g}) {'ok' if ok else 'differs'}")
    print(f"  {agree} of {len(DIAGRAM_VALUES)} columns within their tolerance")
`;
  }
  return `${header(req, `What it computes: the map f of the state, the orbit x_0 ... x_T from x0
(the cobweb and trajectory), and the Lyapunov exponent
lambda = mean of ln|f'(x_t)| over ${stepsOf(req)} steps after a transient of ${p.lt}.`)}

${model.numpy.map(p, imported)}

X0 = ${pyNumber(p.x0)}
T = ${p.T}  # steps shown (cobweb, trajectory)
TRANSIENT = ${p.lt}
STEPS = ${stepsOf(req)}
APP_LAMBDA = ${appValue(app.lambda)}


def orbit(m, x0, steps):
    """x_0 ... x_steps; stops at the first diverged point."""
    xs = [x0]
    x = x0
    for _ in range(steps):
        x = m.f(x)
        if not abs(x) <= BOUND:
            break
        xs.append(x)
    return np.array(xs)


def lyapunov_logs(m, x0, transient, steps):
    """ln|f'(x_t)| for the steps after the transient (None if the orbit diverges)."""
    x = x0
    if not abs(x) <= BOUND:
        return None
    for _ in range(transient):
        x = m.f(x)
        if not abs(x) <= BOUND:
            return None
    logs = np.empty(steps)
    for t in range(steps):
        xn, d = m.fd(x)
        ad = abs(d)
        logs[t] = max(math.log(ad), LOG_FLOOR) if ad > 0 else LOG_FLOOR
        x = xn
        if not abs(x) <= BOUND:
            return None
    return logs
${diagramPart}

if __name__ == "__main__":
    m = Map()
    xs = orbit(m, X0, T)
    print(f"orbit: {len(xs)} points from x0 = {X0}" + ("" if len(xs) == T + 1 else " (then diverged)"))
    print("  x_0 ... x_9 =", " ".join(f"{v:.10g}" for v in xs[:10]))
    logs = lyapunov_logs(m, X0, TRANSIENT, STEPS)
    if logs is None:
        print("lambda: the orbit diverged (|x| > ${PY_BOUND}), lambda is not defined")
        sys.exit(0)
    lam, se = mean_stderr(logs)
    report("lambda", float(lam), se, APP_LAMBDA)${diag ? '\n    check_diagram()' : ''}
    if "--plot" in sys.argv:
        import matplotlib.pyplot as plt

        lo, hi = min(xs.min(), X0), max(xs.max(), X0)
        grid = np.linspace(lo, hi, 600)
        plt.plot(grid, [m.f(v) for v in grid], label="f")
        plt.plot([lo, hi], [lo, hi], "--", color="grey")
        # the cobweb: (x0, x0) -> (x0, x1) -> (x1, x1) -> (x1, x2) -> ...
        cx = np.repeat(xs, 2)[:-1]
        cy = np.concatenate([xs[:1], np.repeat(xs[1:], 2)])
        plt.plot(cx, cy, color="crimson", lw=0.8, label="cobweb")
        plt.xlabel("x_t")
        plt.ylabel("x_t+1")
        plt.legend()
        plt.show()
`;
}

// ---------------------------------------------------------------- vector maps

function frameStream(n: number, k: number): Float64Array {
  const rng = new Rng(FRAME_SEED);
  const out = new Float64Array(n * k);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}

function vectorScript(req: PythonRequest): string {
  const p = req.params;
  const app = req.app ?? {};
  const { n, text } = modelND(p.model).numpy(p, importedFor(p.model, req.imported));
  const kFull = p.nk > 0 ? Math.min(n, p.nk) : n;
  // all N exponents while that is quick in numpy (QR of N × K every step), else the top 8
  const K = n <= 64 ? kFull : Math.min(kFull, 8);
  const spectrum = req.panel === 'spectrum' || req.panel === 'sizescan';
  const eigen = (req.panel === 'eigenplane' || req.panel === 'fixedpoints') && modelND(p.model).linearPart !== undefined;
  const appSpectrum = app.spectrum ? Array.from(app.spectrum).slice(0, K) : [];
  return `${header(req, `What it computes: the orbit of the vector map from its seeded start h_0, and
lambda_max by one tangent vector carried by the Jacobians and renormalised
every step${spectrum ? `, and the top ${K} Lyapunov exponents by QR re-orthonormalisation
of a frame of ${K} tangent vectors every step` : ''} (${p.lt} transient steps, then ${stepsOf(req)} steps averaged;
the start frame is the app's, Rng(${FRAME_SEED}) normals, orthonormalised)${eigen ? ';\nthe eigenvalues of the recurrent matrix, its spectral radius and 2-norm' : ''}.`)}

${text}
TRANSIENT = ${p.lt}
STEPS = ${stepsOf(req)}
K = ${K}  # exponents of the spectrum${K < kFull ? ` (the app computed ${kFull}; set K = ${kFull} for all of them: ~N^3 per step)` : ''}
# The app's start frame: ${n} x K standard normals of its Rng(${FRAME_SEED}), row-major
# (lambda_max uses the first ${n} of them as its single tangent vector).
FRAME = ${pyArray(frameStream(n, spectrum ? K : 1))}
APP_LAMBDA_MAX = ${appValue(app.lambdaMax)}
APP_SPECTRUM = ${appSpectrum.length ? pyArray(appSpectrum) : 'None'}


def lyapunov_logs(k):
    """ln|R_ii| of the QR of the carried frame, per step after the transient (None: diverged)."""
    h = H0.copy()
    for t in range(TRANSIENT):
        h = step(h, t)
        if not np.all(np.abs(h) <= BOUND):
            return None
    Q, _ = np.linalg.qr(FRAME[: N * k].reshape(N, k))
    logs = np.empty((STEPS, k))
    for s in range(STEPS):
        h, Y = tangent_step(h, Q, TRANSIENT + s)
        if not np.all(np.abs(h) <= BOUND):
            return None
        Q, R = np.linalg.qr(Y)
        r = np.abs(np.diag(R))
        logs[s] = np.where(r > 0, np.log(np.where(r > 0, r, 1.0)), LOG_FLOOR)
    return logs


if __name__ == "__main__":
    logs = lyapunov_logs(1)
    if logs is None:
        print("the orbit diverged (a coordinate beyond ${PY_BOUND}): no exponents")
        sys.exit(0)
    lam, se = mean_stderr(logs)
    report("lambda_max", float(lam[0]), se[0], APP_LAMBDA_MAX)${
      spectrum
        ? `
    logs = lyapunov_logs(K)
    lams, ses = mean_stderr(logs)
    print(f"spectrum (top {K} of {N}): " + " ".join(f"{v:.6g}" for v in lams))
    print(f"  positive: {int(np.sum(lams > 0))}, sum of positive (entropy rate): {float(np.sum(lams[lams > 0])):.6g}")
    print(f"  tolerance per exponent: max {float(np.max(tolerance(ses))):.3g}")
    if APP_SPECTRUM is not None:
        m = min(len(APP_SPECTRUM), K)
        bad = [i + 1 for i in range(m) if abs(lams[i] - APP_SPECTRUM[i]) > float(tolerance(ses[i]))]
        print(f"  app spectrum: {m} exponents compared, " + ("all within the tolerance" if not bad else f"OUTSIDE for i = {bad}"))`
        : ''
    }${
      eigen
        ? `
    mu = np.linalg.eigvals(MATRIX)
    rho = float(np.max(np.abs(mu)))
    norm2 = float(np.linalg.norm(MATRIX, 2))
    print(f"spectral radius = {rho:.12g} (app {${appValue(app.spectralRadius)}})")
    print(f"norm2 = {norm2:.12g} (app {${appValue(app.norm2)}})")
    print("  tolerance = 1e-9 relative (dense eigenvalues and SVD agree to rounding)")`
        : ''
    }
`;
}
