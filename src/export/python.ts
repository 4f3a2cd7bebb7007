/**
 * "Copy as Python": a self-contained numpy script that rebuilds the network of
 * the current state and recomputes what a panel shows — λ of a 1-D map (mean
 * of ln|f′(x_t)| after the transient), its orbit (cobweb), the λ column of the
 * orbit diagram; λ_max and the Lyapunov spectrum of a vector map by QR
 * re-orthonormalisation every step; the eigenvalues of the recurrent matrix;
 * λ_max of listed cells of the phase diagram, the map rebuilt at each cell's
 * two parameter values from the unscaled draw (g·W, σ_b·z …) as the model
 * builds it — and says whether its numbers are the app's, bit for bit.
 *
 * The seeded weights are written into the script (every float64 as the
 * shortest decimal that reads back as the same double), so Python does not
 * need our random generator. The script rebuilds the effective weights with
 * the app's own arithmetic ((g·s)·z), so they are bit-identical.
 *
 * Why bit for bit: numpy's elementwise + − × ÷ and sqrt are IEEE-754 double
 * operations, never fused, as V8's are, so replaying the app's operations in
 * the app's order gives the app's bits, even on a chaotic orbit (where a
 * one-bit difference would grow like e^{λt}). The script therefore uses the
 * app's portable tanh, exp, log, sin, cos and sigmoid (pythonElementary.ts),
 * sums in the app's order (`seqsum`: np.add.accumulate is strictly
 * sequential, where np.sum, mean and @ are pairwise or BLAS), and ports the
 * app's Lyapunov runs: lambda.ts LambdaRun1D, vector/spectrum.ts SpectrumRun
 * with linalg/qr.ts's qrMgs, qrMgsBlocked and qrRobust (the wasm kernels are
 * bit-identical twins of these), and the stopping rule of "ls = auto"
 * (runLength.ts, with batchMeans.ts's streaming batch means). Only the
 * eigenvalue panel keeps a tolerance: numpy's LAPACK and core/vector/eigen.ts
 * take different routes to the eigenvalues of a fixed matrix.
 */
import { importedFor, isModel1D, model1d, modelND, type ImportedData, type NumpyRebuild } from '../core/models';
import { pyArray, pyNumber, pyStr } from '../core/models/numpy';
import { Rng } from '../core/linalg/rng';
import { APP_NAME, APP_VERSION } from './version';
import { DIVERGENCE_BOUND } from '../core/divergence';
import { fixedLyapunovSteps, lyapunovRequest, lyapunovRunLength } from '../params/requests';
import { phaseSettingsOf } from '../params/phase';
import { PARAM_SPECS, type PanelId, type Params } from '../params/spec';
import { costCap, TOL_CHECK_EVERY, TOL_MIN_STEPS, type RunLength } from '../core/runLength';
import { flopsPerStep } from '../core/jobs/spectrumJob';
import { MAX_BATCHES, MIN_BATCHES } from '../core/linalg/batchMeans';
import { PYTHON_ELEMENTARY } from './pythonElementary';

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
    /**
     * Steps the app averaged: for a 1-D map λ's, for the spectrum panel the
     * shown spectrum's (with ls = auto the run decided). Absent: the script
     * runs the app's rule (ls steps, or ls = auto's stop at the tolerance).
     */
    steps?: number | null;
    /** Steps the λ_max run averaged, when known (absent: as `steps` says for the panel's λ_max run). */
    lambdaMaxSteps?: number | null;
    lambda?: number | null;
    lambdaMax?: number | null;
    spectrum?: ArrayLike<number> | null;
    /** Orbit diagram: column values and their λ (a subsample is checked). */
    diagram?: { values: ArrayLike<number>; lambda: ArrayLike<number> } | null;
    /**
     * Phase diagram (panel 'phase'): its axes and some computed cells (a
     * subsample, ~16) with the app's λ_max (for a map of the line λ); null
     * where the cell has no number (the orbit diverged, or λ = −∞). Only λ is
     * compared; a map of another quantity (p3, p2, kind) passes no cells.
     */
    phase?: { xParam: string; yParam: string; cells: { x: number; y: number; lambda: number | null }[] } | null;
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

export function pythonScript(req: PythonRequest): string {
  return isModel1D(req.params.model) ? oneDScript(req) : vectorScript(req);
}

/** A fixed number of steps given by the app, if any. */
function given(steps: number | null | undefined): RunLength | null {
  return steps != null && steps > 0 ? { steps: Math.round(steps), tol: 0 } : null;
}

/** The 1-D λ run of the panels (jobs/panel1d.ts): the app's steps, else ls (or ls = auto: up to the cap, stopping at the tolerance). */
function oneDRun(req: PythonRequest): RunLength {
  const len = lyapunovRunLength(req.params);
  return given(req.app?.steps) ?? { steps: Math.max(1, Math.round(len.steps)), tol: len.tol };
}

function runText(run: RunLength): string {
  return run.tol > 0
    ? `up to ${run.steps} steps\n  (ls = auto: the run stops, as the app's does, at the first check where\n  its standard errors are below ${run.tol})`
    : `${run.steps} steps`;
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

Bit for bit: the script repeats the app's arithmetic operation for operation,
so it prints the app's numbers to the last digit, even on a chaotic orbit,
where a single differing bit would grow like e^(lambda t) and lead to another
orbit of the attractor. numpy's elementwise + - * / and sqrt are IEEE-754
double operations, never fused, as the browser's are; the rest is done the
app's way: tanh, exp, log, sin, cos and the sigmoid are the app's own portable
functions (app_tanh ... below, translated from src/core/linalg/elementary.ts),
and every sum runs in the app's order (seqsum: np.add.accumulate adds strictly
left to right, while np.sum, np.mean and @ sum pairwise or by BLAS with fused
multiply-adds). The Lyapunov runs, their QR re-orthonormalisation and the
stopping rule of ls = auto (the standard error by batch means below the
tolerance) are the app's too. The script ends with "identical to the app: yes"
when every value it compares with the app's is equal bit for bit.
"""
import math
import struct
import sys
import time

import numpy as np

${PYTHON_ELEMENTARY}
np.seterr(all="ignore")

BOUND = ${PY_BOUND}  # |x| beyond this (or not finite): the orbit diverged
LOG_FLOOR = float(app_log(1e-300))  # ln|f'| when f' = 0 (superstable), as in the app
CHECK_EVERY, MIN_STEPS = ${TOL_CHECK_EVERY}, ${TOL_MIN_STEPS}  # ls = auto: errors checked every ${TOL_CHECK_EVERY} steps from ${TOL_MIN_STEPS} on
MAX_BATCHES, MIN_BATCHES = ${MAX_BATCHES}, ${MIN_BATCHES}


def seqsum(terms, axis=-1):
    """s = 0; s += t_0; s += t_1; ... along axis: the app's running sums, in its order.

    np.add.accumulate adds strictly left to right (np.sum, np.mean and @ do not);
    + 0.0 makes a sum of -0 terms +0, as s = 0 + ... does.
    """
    return np.add.accumulate(terms, axis=axis).take(-1, axis=axis) + 0.0


def is_checkpoint(done):
    return done >= MIN_STEPS and done % CHECK_EVERY == 0


_CLOCK = [time.time(), time.time()]  # start, last progress line


def progress(what, done, total):
    """A line on stderr every 10 s of a long run (the results go to stdout)."""
    now = time.time()
    if now - _CLOCK[1] >= 10:
        _CLOCK[1] = now
        print(f"  ... {what}: {done} of {total} steps ({now - _CLOCK[0]:.0f} s)", file=sys.stderr, flush=True)


class BatchMeans:
    """The app's streaming batch means (src/core/linalg/batchMeans.ts) of a series of dim values per step:
    batches of equal length, pairs merged when ${MAX_BATCHES} are full; the standard error of the mean."""

    def __init__(self, dim):
        self.sums = np.zeros((MAX_BATCHES, dim))
        self.cur = np.zeros(dim)
        self.nb, self.size, self.cur_n, self.n = 0, 1, 0, 0

    def add_rows(self, rows):
        """Add the rows in order: cur += row, a batch closed every size rows (the same sums as one at a time)."""
        i = 0
        while i < len(rows):
            take = min(self.size - self.cur_n, len(rows) - i)
            self.cur = np.add.accumulate(np.concatenate([self.cur[None], rows[i : i + take]]), axis=0)[-1]
            i += take
            self.n += take
            self.cur_n += take
            if self.cur_n == self.size:
                self.sums[self.nb] = self.cur
                self.nb += 1
                self.cur = np.zeros_like(self.cur)
                self.cur_n = 0
                if self.nb == MAX_BATCHES:
                    self.sums[: MAX_BATCHES // 2] = self.sums[0::2] + self.sums[1::2]
                    self.nb = MAX_BATCHES // 2
                    self.size *= 2

    def stderr(self):
        """The standard error of each component's mean (NaN with fewer than MIN_BATCHES full batches)."""
        b, size = self.nb, self.size
        if b < MIN_BATCHES:
            return np.full(self.cur.shape, np.nan)
        s = self.sums[:b]
        m = seqsum(s, axis=0) / (b * size)
        d = s / size - m
        return np.sqrt((seqsum(d * d, axis=0) / (b - 1)) * size / self.n)


COMPARED = []  # (name, ours, app, identical) of every value compared with the app's


def same(a, b):
    """Equal to the bit (a NaN equals a NaN: an orbit that diverged on both sides)."""
    a, b = float(a), float(b)
    if a != a or b != b:
        return a != a and b != b
    return struct.pack("<d", a) == struct.pack("<d", b)


def compare(name, ours, app):
    ok = same(ours, app)
    COMPARED.append((name, float(ours), float(app), ok))
    return ok


def report(name, value, stderr, steps, app):
    print(f"{name} = {float(value)!r}")
    print(f"  {steps} steps averaged, standard error {float(stderr)!r} (batch means, as the app)")
    if app is not None:
        ok = compare(name, value, app)
        print(f"  app: {float(app)!r}: {'identical' if ok else 'DIFFERENT'}")


def verdict():
    if not COMPARED:
        print("identical to the app: (no value of the app in this script to compare)")
        return
    bad = [c for c in COMPARED if not c[3]]
    if not bad:
        print(f"identical to the app: yes ({len(COMPARED)} values, bit for bit)")
    else:
        name, ours, app, _ = bad[0]
        print(f"identical to the app: no ({len(bad)} of {len(COMPARED)} values differ; first: {name} = {ours!r}, app {app!r})")
`;
}

function appValue(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'None' : pyNumber(v);
}

// ---------------------------------------------------------------- phase diagram

/** A cell of the phase diagram the script checks: its two parameter values and the app's λ_max (null: no number). */
type PhaseCellCheck = { x: number; y: number; lambda: number | null };

/** What the script of the phase panel checks: the listed cells of the map and the run of each. */
interface PhasePlan {
  /** The map's quantity (the link's pq) and its label. */
  quantity: string;
  label: string;
  x: string;
  y: string;
  /** The cells compared (empty when there is none, or they cannot be rebuilt). */
  cells: PhaseCellCheck[];
  /** The run of a cell (params/phase.ts phaseRequest: lt discarded steps, then pls steps averaged, one tangent vector). */
  transient: number;
  steps: number;
  /** Printed before the cells: why none is checked, or that the map shows another quantity than λ_max. */
  note: string | null;
}

/**
 * The phase panel's check: the cells the app listed (app.phase) and the run
 * the app's phase job gives each (lyapunovRequest with phaseSettingsOf, as
 * phaseRequest builds it). `rebuildable`: the parameters the script can set
 * in the map it writes out; an axis outside them leaves no cell to check.
 */
function phasePlan(req: PythonRequest, rebuildable: readonly string[]): PhasePlan {
  const p = req.params;
  const run = lyapunovRequest(p, importedFor(p.model, req.imported), phaseSettingsOf(p));
  const ph = req.app?.phase ?? null;
  const x = ph?.xParam ?? p.px;
  const y = ph?.yParam ?? p.py;
  const listed = ph?.cells ?? [];
  const label = (PARAM_SPECS.pq.labels as Record<string, string>)[p.pq] ?? p.pq;
  const bad = [...new Set([x, y])].filter((k) => !rebuildable.includes(k));
  let note: string | null = null;
  let cells: PhaseCellCheck[] = listed.map((c) => ({ x: c.x, y: c.y, lambda: c.lambda !== null && Number.isFinite(c.lambda) ? c.lambda : null }));
  if (bad.length > 0) {
    const sets = rebuildable.length > 0 ? `it sets ${rebuildable.join(', ')}` : 'it does not rebuild this model';
    note = `The script cannot rebuild model=${p.model} at another value of ${bad.join(' or ')} (${sets}): no cell of this phase diagram is compared.`;
    cells = [];
  } else if (x === y) {
    note = `Both axes of the phase diagram are ${x}: no cell is compared.`;
    cells = [];
  } else if (cells.length === 0) {
    note =
      p.pq === 'lambda-max'
        ? 'The app listed no computed cell of the phase diagram: nothing to compare.'
        : `This phase diagram shows ${label} (pq = ${p.pq}): the script checks the lambda_max of listed cells only, and the app listed none for this map: nothing to compare.`;
  } else if (p.pq !== 'lambda-max') {
    note = `This phase diagram shows ${label} (pq = ${p.pq}): only the lambda_max of the listed cells is checked.`;
  }
  const whole = (v: number) => Math.max(0, Math.ceil(v));
  return { quantity: p.pq, label, x, y, cells, transient: whole(run.transient), steps: whole(run.steps), note };
}

/** The header's paragraph on the phase panel: what is checked, and how each cell is run. */
function phaseWhat(plan: PhasePlan, oneD: boolean, startText: string): string {
  const count = `${plan.cells.length} cell${plan.cells.length === 1 ? '' : 's'}`;
  const run = oneD
    ? `then lambda = the mean of ln|f'(x_t)| over the next ${plan.steps} steps (pls)`
    : `then lambda_max by one tangent vector carried by the Jacobians and renormalised
every step, over the next ${plan.steps} steps (pls; the start vector is the app's: the first
N normals of Rng(${FRAME_SEED}))`;
  const other =
    plan.cells.length === 0 && plan.note
      ? `\n${plan.note}`
      : plan.quantity === 'lambda-max'
        ? ''
        : `\nThis map shows ${plan.label} (pq = ${plan.quantity}): the script does not recompute that.`;
  return `What it computes: lambda_max of the listed cells of the phase diagram${oneD ? ' (for a map\nof the line its one exponent lambda)' : ''}:
${count} the app computed, over ${plan.x} (across) and ${plan.y} (up).
For each cell the map is rebuilt at the cell's two parameter values, exactly as
the app builds it, and the app's run of a cell is repeated:
a transient of ${plan.transient} steps (lt) from ${startText},
${run}.
Only lambda_max is compared, bit for bit (not its standard error). A cell where
the orbit diverged${oneD ? " or met f' = 0 (lambda = -inf)" : ''} has no number, in the app as here.${other}`;
}

/** The phase panel's data and its check (shared by the 1-D and vector scripts; `phase_lambdas` is the family's). */
function phaseData(plan: PhasePlan, name: string): string {
  const rows = plan.cells.map((c) => `    (${pyNumber(c.x)}, ${pyNumber(c.y)}, ${appValue(c.lambda)}),`);
  return `

# The phase diagram: ${plan.label} over ${plan.x} (across) and ${plan.y} (up). The cells checked,
# as (${plan.x}, ${plan.y}, the app's ${name}); None: the app has no number there (the orbit diverged${name === 'lambda' ? ' or lambda = -inf' : ''}).
PHASE_QUANTITY = ${pyStr(plan.quantity)}
PHASE_X, PHASE_Y = ${pyStr(plan.x)}, ${pyStr(plan.y)}
PHASE_TRANSIENT, PHASE_STEPS = ${plan.transient}, ${plan.steps}  # per cell: steps discarded (lt), steps averaged (pls)
PHASE_NAME = ${pyStr(name)}
PHASE_CELLS = [${rows.length > 0 ? `\n${rows.join('\n')}\n` : ''}]
PHASE_NOTE = ${plan.note === null ? 'None' : pyStr(plan.note)}


def check_phase():
    """Every listed cell: its ${name} here and the app's, compared bit for bit."""
    if PHASE_NOTE:
        print(PHASE_NOTE)
    if not PHASE_CELLS:
        return
    print(f"phase diagram ({PHASE_QUANTITY}) over {PHASE_X} and {PHASE_Y}: {len(PHASE_CELLS)} cells, "
          f"each {PHASE_STEPS} steps after a transient of {PHASE_TRANSIENT}")
    lams, whys = phase_lambdas()
    count = 0
    for (x, y, app), lam, why in zip(PHASE_CELLS, lams, whys):
        where = f"{PHASE_X} = {float(x)!r}, {PHASE_Y} = {float(y)!r}"
        ok = compare(f"{PHASE_NAME} at {where}", lam, float("nan") if app is None else app)
        count += ok
        ours = repr(float(lam)) + ("" if why is None else f" (no number: {why})")
        theirs = "no number" if app is None else repr(float(app))
        print(f"  {where}: {PHASE_NAME} = {ours} (app {theirs}) {'identical' if ok else 'DIFFERENT'}")
    print(f"  {count} of {len(PHASE_CELLS)} cells identical to the app")
`;
}

/** The main block of a phase script: the cells, then the verdict. */
const PHASE_MAIN = `

if __name__ == "__main__":
    check_phase()
    verdict()
`;

/** The parameters the 1-D script's Map takes as keywords (each model's sweepable ones; x0 is the orbit's start). */
function oneDPhaseKeys(p: Params): string[] {
  return [...model1d(p.model).sweepable];
}

const PY_PHASE_1D = `

def phase_lambdas(transient=PHASE_TRANSIENT, steps=PHASE_STEPS):
    """lambda of every listed cell at once, as the app's cell (core/jobs/phaseJob.ts: lyapunovJob.ts,
    map1d/orbit.ts analyseOrbitSteps): one map per cell (Map with the cell's two values; x0, when it is
    an axis, the start), transient steps, then the mean of ln|f'(x_t)| over steps steps, summed from +0
    in step order. No number (NaN) where the orbit diverged or f' = 0 was met (lambda = -inf), as the app."""
    xs = np.array([c[0] for c in PHASE_CELLS], dtype=float)
    ys = np.array([c[1] for c in PHASE_CELLS], dtype=float)
    values = {PHASE_X: xs, PHASE_Y: ys}
    start = values.pop("x0", X0)
    m = Map(**values)
    x = np.broadcast_to(np.asarray(start, dtype=float), xs.shape).copy()
    dead = ~(np.abs(x) <= BOUND)
    for _ in range(transient):
        x = m.f(x)
        dead |= ~(np.abs(x) <= BOUND)
    acc = np.zeros(xs.shape)
    flat = np.zeros(xs.shape, dtype=bool)  # f' = 0 on a measured step: lambda = -inf (the app's "superstable")
    for t0 in range(0, steps, 256):
        pts = np.empty((min(256, steps - t0),) + xs.shape)
        for t in range(len(pts)):
            pts[t] = x
            x = m.f(x)
            dead |= ~(np.abs(x) <= BOUND)
        d = m.fd(pts)[1]
        flat |= np.any(~(np.abs(d) > 0), axis=0)
        acc = np.add.accumulate(np.concatenate([acc[None], log_derivative(d)]), axis=0)[-1]
        progress("phase cells", t0 + len(pts), steps)
    lams = acc / steps
    whys = [
        "the orbit diverged, |x| > ${PY_BOUND}" if dd else "f' = 0 met, lambda = -inf (superstable)" if ff else None if np.isfinite(v) else "not finite"
        for dd, ff, v in zip(dead, flat, lams)
    ]
    return [float("nan") if w else float(v) for v, w in zip(lams, whys)], whys
`;

/**
 * How the vector script rebuilds its map at a cell's values: the model's own
 * numpyRebuild (src/core/models/*.ts), null for a model without one.
 */
function vectorPhaseRebuild(p: Params, imported: ImportedData | null, n: number): NumpyRebuild | null {
  return modelND(p.model).numpyRebuild?.(p, imported as never, n) ?? null;
}

const PY_PHASE_VECTOR = `

def phase_lambdas():
    """lambda_max of every listed cell, as the app's cell (core/jobs/phaseJob.ts: lyapunovJob.ts, a
    SpectrumRun of one tangent vector): the map rebuilt at the cell's two values (build), the seeded
    start, PHASE_TRANSIENT steps, then PHASE_STEPS steps renormalised every step. No number (NaN) where
    the orbit diverged, as the app."""
    lams, whys = [], []
    for x, y, _ in PHASE_CELLS:
        build(**{**PHASE_BASE, PHASE_X: float(x), PHASE_Y: float(y)})
        run = lyapunov_run(1, PHASE_STEPS, 0.0, PHASE_TRANSIENT)
        if run is None:
            lams.append(float("nan"))
            whys.append("the orbit diverged, a coordinate beyond ${PY_BOUND}")
        elif not math.isfinite(run[0][0]):
            lams.append(float("nan"))
            whys.append("not finite")
        else:
            lams.append(float(run[0][0]))
            whys.append(None)
    build(**PHASE_BASE)
    return lams, whys
`;

// ---------------------------------------------------------------- 1-D maps

function oneDScript(req: PythonRequest): string {
  const p = req.params;
  const model = model1d(p.model);
  const imported = importedFor(p.model, req.imported);
  const app = req.app ?? {};
  const run = oneDRun(req);
  const diag = req.panel === 'diagram' && app.diagram && app.diagram.values.length > 0 ? app.diagram : null;
  const phase = req.panel === 'phase' ? phasePlan(req, oneDPhaseKeys(p)) : null;
  let diagramPart = '';
  if (diag) {
    const cols = diag.values.length;
    const picks = [...new Set(Array.from({ length: Math.min(DIAGRAM_CHECKS, cols) }, (_, i) => Math.round(((i + 0.5) * cols) / Math.min(DIAGRAM_CHECKS, cols) - 0.5)))];
    diagramPart = `

# The orbit diagram: per column, ${p.bt} transient steps from x0, then lambda over ${p.bn} steps.
# Columns checked (a subsample of the app's ${cols}): their parameter values and the app's lambda.
DIAGRAM_PARAM = ${pyStr(p.bp)}
DIAGRAM_TRANSIENT, DIAGRAM_KEEP = ${p.bt}, ${p.bn}
DIAGRAM_VALUES = ${pyArray(picks.map((j) => diag.values[j]))}
APP_DIAGRAM_LAMBDA = ${pyArray(picks.map((j) => diag.lambda[j]))}


def column_lambdas(values, transient=DIAGRAM_TRANSIENT, keep=DIAGRAM_KEEP):
    """lambda of every column at once (map1d/bifurcation.ts runColumn): transient steps, then the mean
    of ln|f'| over keep steps, from +0 in step order; NaN where the orbit diverged."""
    values = np.asarray(values, dtype=float)
${model.numpy.sweep(p.bp)}
    x = np.broadcast_to(np.asarray(start, dtype=float), values.shape).copy()
    dead = ~(np.abs(x) <= BOUND)
    for _ in range(transient):
        x = m.f(x)
        dead |= ~(np.abs(x) <= BOUND)
    acc = np.zeros(values.shape)
    for t0 in range(0, keep, 256):
        xs = np.empty((min(256, keep - t0),) + values.shape)
        for t in range(len(xs)):
            xs[t] = x
            x = m.f(x)
            dead |= ~(np.abs(x) <= BOUND)
        acc = np.add.accumulate(np.concatenate([acc[None], log_derivative(m.fd(xs)[1])]), axis=0)[-1]
    return np.where(dead, np.nan, acc / keep)


def check_diagram():
    lams = column_lambdas(DIAGRAM_VALUES)
    print(f"orbit diagram over {DIAGRAM_PARAM}: {len(DIAGRAM_VALUES)} columns")
    count = 0
    for value, lam, app in zip(DIAGRAM_VALUES, lams, APP_DIAGRAM_LAMBDA):
        ok = compare(f"lambda at {DIAGRAM_PARAM} = {float(value)!r}", lam, app)
        count += ok
        print(f"  {DIAGRAM_PARAM} = {float(value)!r}: lambda = {float(lam)!r} (app {float(app)!r}) {'identical' if ok else 'DIFFERENT'}")
    print(f"  {count} of {len(DIAGRAM_VALUES)} columns identical to the app")
`;
  }
  const what = phase
    ? phaseWhat(phase, true, "x0 (the cell's x0 when it is an axis)")
    : `What it computes: the map f of the state, the orbit x_0 ... x_T from x0 (the
cobweb and trajectory), and the Lyapunov exponent lambda = mean of ln|f'(x_t)|
after a transient of ${p.lt} steps, over ${runText(run)}.${diag ? `\nThe orbit diagram: lambda of ${Math.min(DIAGRAM_CHECKS, diag.values.length)} of its columns, each over ${p.bn} steps after ${p.bt}.` : ''}`;
  const main = phase
    ? `${phaseData(phase, 'lambda')}${PY_PHASE_1D}${PHASE_MAIN}`
    : `

if __name__ == "__main__":
    m = Map()
    xs = orbit(m, X0, T)
    print(f"orbit: {len(xs)} points from x0 = {X0!r}" + ("" if len(xs) == T + 1 else " (then diverged)"))
    print("  x_0 ... x_9 =", " ".join(repr(float(v)) for v in xs[:10]))
    run = lyapunov(m, X0, TRANSIENT, STEPS, TOL)
    if run is None:
        print("lambda: the orbit diverged (|x| > ${PY_BOUND}), lambda is not defined")
        if APP_LAMBDA is not None:
            compare("lambda", float("nan"), APP_LAMBDA)
    else:
        report("lambda", run[0], run[1], run[2], APP_LAMBDA)${diag ? '\n    check_diagram()' : ''}
    verdict()
    if "--plot" in sys.argv:
        import matplotlib.pyplot as plt

        lo, hi = min(xs.min(), X0), max(xs.max(), X0)
        grid = np.linspace(lo, hi, 600)
        plt.plot(grid, m.f(grid), label="f")
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
  return `${header(req, what)}

${model.numpy.map(p, imported)}

X0 = ${pyNumber(p.x0)}
T = ${p.T}  # steps shown (cobweb, trajectory)
TRANSIENT = ${Math.max(0, Math.round(p.lt))}
STEPS = ${run.steps}  # ${run.tol > 0 ? 'at most (ls = auto: the run stops earlier once accurate enough)' : 'averaged'}
TOL = ${pyNumber(run.tol)}  # 0: a fixed length; > 0: stop at the first checkpoint where the standard error is below TOL
APP_LAMBDA = ${appValue(app.lambda)}


def orbit(m, x0, steps):
    """x_0 ... x_steps; stops at the first diverged point."""
    if not abs(x0) <= BOUND:
        return np.empty(0)
    xs = [float(x0)]
    x = x0
    for _ in range(steps):
        x = m.f(x)
        if not abs(x) <= BOUND:
            break
        xs.append(float(x))
    return np.array(xs)


def log_derivative(d):
    """ln|d| floored at LOG_FLOOR, also for d = 0 (map1d/lambda.ts logDerivative)."""
    ad = np.abs(d)
    pos = ad > 0
    ln = app_log(np.where(pos, ad, 1.0))
    return np.where(pos & ~(ln < LOG_FLOOR), ln, LOG_FLOOR)


def lyapunov(m, x0, transient, steps, tol):
    """The app's lambda run (map1d/lambda.ts LambdaRun1D, orbit.ts analyseOrbit): lambda, its standard
    error and the steps averaged, or None if the orbit diverges. f' is taken at the point each step
    starts from; the orbit is stepped point by point, its logs taken ${TOL_CHECK_EVERY} steps at a time."""
    x = x0
    if not abs(x) <= BOUND:
        return None
    for _ in range(transient):
        x = m.f(x)
        if not abs(x) <= BOUND:
            return None
    acc = np.zeros(1)
    bm = BatchMeans(1)
    done = 0
    while done < steps:
        xs = np.empty(min(CHECK_EVERY, steps - done))
        for j in range(len(xs)):
            xs[j] = x
            x = m.f(x)
            if not abs(x) <= BOUND:
                return None
        logs = log_derivative(m.fd(xs)[1])
        acc = np.add.accumulate(np.concatenate([acc, logs]))[-1:]
        bm.add_rows(logs[:, None])
        done += len(xs)
        progress("lambda", done, steps)
        if tol > 0 and is_checkpoint(done) and bm.stderr()[0] < tol:
            break
    return acc[0] / done, bm.stderr()[0], done
${diagramPart}${main}`;
}

// ---------------------------------------------------------------- vector maps

function frameStream(n: number, k: number): Float64Array {
  const rng = new Rng(FRAME_SEED);
  const out = new Float64Array(n * k);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}

/**
 * The app's QR factorisations and re-orthonormalisation (linalg/qr.ts,
 * vector/spectrum.ts), operation for operation. They work on the frame's
 * transpose T (row c of T is column c of the frame, contiguous): a loop of the
 * app over rows with independent work becomes one operation on a row of T, a
 * running sum over rows becomes seqsum along it. (`x ** 2` in qrRobust is x·x
 * in V8, checked over random doubles.)
 */
const PY_QR = `

def matmul_seq(A, B):
    """A @ B with each entry summed in ascending j from 0, as the app's matvec and matmul
    (np.matmul calls BLAS: another order, with fused multiply-adds)."""
    if B.shape[1] == 1:
        return seqsum(A * B[:, 0], axis=1)[:, None]
    C = np.zeros((A.shape[0], B.shape[1]))
    for j in range(A.shape[1]):
        C += A[:, j, None] * B[j]
    return C


def _sumsq(x):
    """x_0^2 + x_1^2 + ... from +0 in order (a sum of squares: never -0)."""
    return np.add.accumulate(x * x)[-1]


def _project_out_twice(T, c):
    """Column c minus its projections on columns 0 ... c-1, twice (qr.ts projectOutTwice)."""
    col = T[c]  # a view: updated in place
    for _ in range(2):
        for j in range(c):
            tj = T[j]
            col -= (np.add.accumulate(tj * col)[-1] + 0.0) * tj


def _fill_null_column(T, c):
    """A (numerically) null column c becomes a unit vector orthogonal to columns 0 ... c-1 (qr.ts fillNullColumn)."""
    for p in range(T.shape[1]):
        T[c] = 0.0
        T[c, p] = 1.0
        _project_out_twice(T, c)
        s = _sumsq(T[c])
        if s > 0.25:
            T[c] *= 1 / math.sqrt(s)
            return


def qr_mgs(T):
    """Thin QR in place by modified Gram-Schmidt (qr.ts qrMgs): T becomes Q^T; returns diag R."""
    k = T.shape[0]
    rdiag = np.zeros(k)
    for c in range(k):
        r = math.sqrt(_sumsq(T[c]))
        if r == 0:
            _fill_null_column(T, c)
        else:
            rdiag[c] = r
            T[c] *= 1 / r
        if c + 1 < k:
            w = seqsum(T[c + 1 :] * T[c], axis=1)
            T[c + 1 :] -= w[:, None] * T[c]
    return rdiag


def qr_mgs_blocked(T):
    """The app's per-step QR (qr.ts qrMgsBlocked): MGS in blocks of 4 columns, each block's
    projections applied at once in compact form, the last k mod 4 columns by plain MGS."""
    k = T.shape[0]
    rdiag = np.zeros(k)

    def pivot(c, s):
        r = math.sqrt(s)
        rdiag[c] = r
        if r != 0:
            return 1 / r
        _fill_null_column(T, c)
        return 1.0

    c0 = 0
    while c0 + 4 <= k:
        a = c0
        inv = pivot(a, _sumsq(T[a]))
        q = T[a] * inv
        T[a] = q
        w = seqsum(T[a + 1 : a + 4] * q, axis=1)
        x = T[a + 1] - q * w[0]
        T[a + 1] = x
        T[a + 2 : a + 4] -= w[1:, None] * q
        inv = pivot(a + 1, _sumsq(x))
        q = T[a + 1] * inv
        T[a + 1] = q
        w = seqsum(T[a + 2 : a + 4] * q, axis=1)
        x = T[a + 2] - q * w[0]
        T[a + 2] = x
        T[a + 3] -= q * w[1]
        inv = pivot(a + 2, _sumsq(x))
        q = T[a + 2] * inv
        T[a + 2] = q
        w3 = seqsum(q * T[a + 3])
        x = T[a + 3] - q * w3
        T[a + 3] = x
        inv = pivot(a + 3, _sumsq(x))
        T[a + 3] *= inv
        j0 = c0 + 4
        if j0 == k:
            return rdiag
        # Qb^T [Qb, A[:, j0:]]: L, the strictly lower part of Qb^T Qb (rounding-level), and Qb^T A[:, j0:]
        q0, q1, q2, q3 = T[c0:j0]
        G = seqsum(T[c0:j0, None, :] * T[None, c0:, :], axis=2)
        g10, g20, g21, g30, g31, g32 = G[1, 0], G[2, 0], G[2, 1], G[3, 0], G[3, 1], G[3, 2]
        # w = (I + L)^-1 Qb^T A[:, j0:], by substitution
        S = G[:, 4:]
        s0 = S[0]
        s1 = S[1] - g10 * s0
        s2 = (S[2] - g20 * s0) - g21 * s1
        s3 = ((S[3] - g30 * s0) - g31 * s1) - g32 * s2
        T[j0:] = T[j0:] - s0[:, None] * q0 - s1[:, None] * q1 - s2[:, None] * q2 - s3[:, None] * q3
        c0 = j0
    for c in range(c0, k):
        r = math.sqrt(_sumsq(T[c]))
        if r == 0:
            _fill_null_column(T, c)
        else:
            T[c] *= 1 / r
        rdiag[c] = r
        if c + 1 < k:
            w = seqsum(T[c + 1 :] * T[c], axis=1)
            T[c + 1 :] -= w[:, None] * T[c]
    return rdiag


def qr_robust(T):
    """Thin QR by classical Gram-Schmidt twice (qr.ts qrRobust), for (nearly) dependent columns."""
    k = T.shape[0]
    rdiag = np.zeros(k)
    for c in range(k):
        orig = math.sqrt(_sumsq(T[c]))
        _project_out_twice(T, c)
        r = math.sqrt(_sumsq(T[c]))
        if not (r > 1e-13 * orig) or r == 0:
            _fill_null_column(T, c)
            continue
        rdiag[c] = r
        T[c] /= r
    return rdiag


def orthonormalise(Q):
    """The app's step (spectrum.ts orthonormalise): qr_mgs_blocked, redone by qr_robust if a column
    kept at most 1e-10 of its norm (rank loss). Q (N x k) in place; returns diag R."""
    T = np.ascontiguousarray(Q.T)
    norms = np.add.accumulate(T * T, axis=1)[:, -1]
    saved = T.copy()
    rdiag = qr_mgs_blocked(T)
    if not np.all(rdiag > 1e-10 * np.sqrt(norms)):
        T = saved
        rdiag = qr_robust(T)
    Q[...] = T.T
    return rdiag


def normalise(Q):
    """k = 1 (spectrum.ts normalise): Q / |Q|; a null vector is replaced as qr_mgs does. Returns [|Q|]."""
    r = math.sqrt(_sumsq(Q[:, 0]))
    if r == 0:
        T = np.ascontiguousarray(Q.T)
        rdiag = qr_mgs(T)
        Q[...] = T.T
        return rdiag
    Q *= 1 / r
    return np.array([r])
`;

function vectorScript(req: PythonRequest): string {
  const p = req.params;
  const app = req.app ?? {};
  const { n, text } = modelND(p.model).numpy(p, importedFor(p.model, req.imported));
  const kFull = p.nk > 0 ? Math.min(n, p.nk) : n;
  const spectrum = req.panel === 'spectrum' || req.panel === 'sizescan';
  const appSpectrum = spectrum && app.spectrum && app.spectrum.length > 0 ? Array.from(app.spectrum) : null;
  // all N exponents while that is quick in numpy (QR of N × K every step), else the top 8; the app's stage when it is one of these
  const kDefault = n <= 64 ? kFull : Math.min(kFull, 8);
  const K = appSpectrum && appSpectrum.length <= kDefault ? appSpectrum.length : kDefault;
  const eigen = (req.panel === 'eigenplane' || req.panel === 'fixedpoints') && modelND(p.model).linearPart !== undefined;
  const rebuild = req.panel === 'phase' ? vectorPhaseRebuild(p, importedFor(p.model, req.imported), n) : null;
  const phase = req.panel === 'phase' ? phasePlan(req, rebuild?.keys ?? []) : null;
  // the runs of the panel's job: the spectrum job (stages stop at the tolerance with ls = auto, capped by cost) or the Explore panels' fixed λ_max run
  const len = lyapunovRunLength(p);
  const jobLen = { steps: Math.max(10, Math.round(len.steps)), tol: Math.max(0, len.tol) };
  const lmax: RunLength =
    given(app.lambdaMaxSteps) ??
    (spectrum ? costCap(jobLen, flopsPerStep(n, 1)) : (given(app.steps) ?? { steps: Math.max(1, Math.round(fixedLyapunovSteps(p))), tol: 0 }));
  const spec: RunLength = (appSpectrum && appSpectrum.length === K ? given(app.steps) : null) ?? costCap(jobLen, flopsPerStep(n, K));
  const transient = Math.max(0, Math.round(p.lt));
  const items = [`lambda_max, by one tangent vector carried by the Jacobians and renormalised\n  every step, over ${runText(lmax)}`];
  if (spectrum) items.push(`the top ${K} Lyapunov exponents, by QR re-orthonormalisation of a frame of\n  ${K} tangent vectors every step, over ${runText(spec)}`);
  if (eigen) items.push("the eigenvalues of the recurrent matrix, its spectral radius and 2-norm, by\n  numpy's LAPACK: not the app's route (core/vector/eigen.ts), so not bit for bit;\n  they are compared within 1e-9 relative (a fixed matrix: no chaos amplifies\n  a last-bit difference)");
  const vectorMain = phase ? '' : vectorMainBlock(spectrum, eigen, app);
  const what = phase
    ? phaseWhat(phase, false, modelND(p.model).numpyStart ?? 'the seeded start h_0')
    : `What it computes, from the seeded start h_0 after ${transient} transient steps:
${items.map((t) => `- ${t}`).join(';\n')}.
The start frame is the app's: Rng(${FRAME_SEED}) normals, orthonormalised.`;
  return `${header(req, what)}

${text}
TRANSIENT = ${transient}
LMAX_STEPS, LMAX_TOL = ${lmax.steps}, ${pyNumber(lmax.tol)}  # lambda_max: steps (at most, with a tolerance), tolerance (0: a fixed length)
K = ${K}  # exponents of the spectrum${K < kFull ? ` (the app computes ${kFull}; set K = ${kFull} for all of them: ~N^3 per step)` : ''}
SPEC_STEPS, SPEC_TOL = ${spec.steps}, ${pyNumber(spec.tol)}
# The app's start frame: ${n} x K standard normals of its Rng(${FRAME_SEED}), row-major
# (lambda_max uses the first ${n} of them as its single tangent vector).
FRAME = ${pyArray(frameStream(n, spectrum ? K : 1))}
APP_LAMBDA_MAX = ${appValue(app.lambdaMax)}
APP_SPECTRUM = ${appSpectrum ? pyArray(appSpectrum) : 'None'}
${PY_QR}

def lyapunov_run(k, steps, tol, transient=TRANSIENT):
    """The app's SpectrumRun (vector/spectrum.ts): the transient, then k tangent vectors carried by the
    Jacobians and re-orthonormalised every step; ln R_ii summed in step order. Returns the exponents,
    their standard errors and the steps averaged, or None if the orbit diverges."""
    h = H0.copy()
    T = FRAME[: N * k].reshape(N, k).T.copy()
    qr_mgs(T)
    Q = np.ascontiguousarray(T.T)
    for t in range(transient):
        h = step(h, t)
        if not np.all(np.abs(h) <= BOUND):
            return None
    acc = np.zeros(k)
    bm = BatchMeans(k)
    done, t = 0, transient
    while done < steps:
        R = np.empty((min(CHECK_EVERY, steps - done), k))
        for j in range(len(R)):
            h, Q = tangent_step(h, Q, t)
            t += 1
            if not np.all(np.abs(h) <= BOUND):
                return None
            R[j] = normalise(Q) if k == 1 else orthonormalise(Q)
        logs = np.where(R > 0, app_log(np.where(R > 0, R, 1.0)), LOG_FLOOR)
        acc = np.add.accumulate(np.concatenate([acc[None], logs]), axis=0)[-1]
        bm.add_rows(logs)
        done += len(R)
        progress(f"{k} exponent{'s' if k > 1 else ''}", done, steps)
        if tol > 0 and is_checkpoint(done):
            se = bm.stderr()
            if not np.any(np.isnan(se)) and max(0.0, float(np.max(se))) < tol:
                break
    return acc / done, bm.stderr(), done
${phase ? `${rebuild?.text ?? ''}${phaseData(phase, 'lambda_max')}${rebuild ? PY_PHASE_VECTOR : ''}${PHASE_MAIN}` : vectorMain}`;
}

/** The vector script's main block of the other panels: λ_max, the spectrum, the eigenvalues. */
function vectorMainBlock(spectrum: boolean, eigen: boolean, app: NonNullable<PythonRequest['app']>): string {
  return `

if __name__ == "__main__":
    run = lyapunov_run(1, LMAX_STEPS, LMAX_TOL)
    if run is None:
        print("the orbit diverged (a coordinate beyond ${PY_BOUND}): no exponents")
        if APP_LAMBDA_MAX is not None:
            compare("lambda_max", float("nan"), APP_LAMBDA_MAX)
        verdict()
        sys.exit(0)
    report("lambda_max", run[0][0], run[1][0], run[2], APP_LAMBDA_MAX)${
      spectrum
        ? `
    run = lyapunov_run(K, SPEC_STEPS, SPEC_TOL)
    if run is None:
        print("spectrum: the orbit diverged (a coordinate beyond ${PY_BOUND}) within its longer run")
        if APP_SPECTRUM is not None:
            compare("lambda_1", float("nan"), APP_SPECTRUM[0])
    else:
        lams, ses, steps = run
        print(f"spectrum (top {K} of {N}), {steps} steps averaged:")
        print("  " + " ".join(repr(float(v)) for v in lams))
        print(f"  positive: {int(np.count_nonzero(lams > 0))}, sum of positive (entropy rate): {float(seqsum(np.where(lams > 0, lams, -0.0))):.6g}")
        print(f"  largest standard error: {float(np.max(ses)):.3g}")
    if run is not None and APP_SPECTRUM is not None:
        if len(APP_SPECTRUM) != K:
            print(f"  app spectrum: {len(APP_SPECTRUM)} exponents, another run than these {K}: not compared")
        else:
            oks = [compare(f"lambda_{i + 1}", lams[i], APP_SPECTRUM[i]) for i in range(K)]
            print(f"  app spectrum: {sum(oks)} of {K} exponents identical")`
        : ''
    }${
      eigen
        ? `
    mu = np.linalg.eigvals(MATRIX)
    rho = float(np.max(np.abs(mu)))
    norm2 = float(np.linalg.norm(MATRIX, 2))
    APP_RHO, APP_NORM2 = ${appValue(app.spectralRadius)}, ${appValue(app.norm2)}
    print(f"spectral radius = {rho!r} (app {APP_RHO!r})")
    print(f"norm2 = {norm2!r} (app {APP_NORM2!r})")
    close = all(a is None or abs(v - a) <= 1e-9 * abs(a) for v, a in ((rho, APP_RHO), (norm2, APP_NORM2)))
    print("  not bit for bit: numpy's LAPACK and the app's eigen.ts take other (equally accurate) routes;")
    print(f"  a fixed matrix has no chaos to amplify that: within 1e-9 relative of the app: {'yes' if close else 'NO'}")`
        : ''
    }
    verdict()
`;
}
