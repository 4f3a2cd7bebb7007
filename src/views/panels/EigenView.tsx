/**
 * Eigenvalues & fixed points (vector models): the eigenvalues of the
 * recurrent matrix in the complex plane with the unit circle and the
 * circular-law disk, the spectral radius and norm, and the fixed points found
 * by Newton's method with the eigenvalues of their Jacobian (click a row).
 */
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { eigenSlot } from '../../compute/engine';
import { useResult } from '../useResult';
import { modelND } from '../../core/models';
import type { EigenResult, FixedPointInfo } from '../../core/vector/eigen';
import { useApp } from '../../state/store';
import { Plot, type Scale, squareFrame } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS } from '../palette';
import { fmt, sub } from '../format';
import './eigen.css';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import type { DataTable } from '../../export/types';
import { columnsTable, recordTable } from '../export/tables';
import { pythonFor } from '../export/pythonFor';
import { CostGateNotice } from '../CostGateNotice';

const MARGIN = { top: 12, right: 16, bottom: 42, left: 56 };

/** Exports: every eigenvalue (as `cli eigen --format csv`: the matrix, then each fixed point's Jacobian). */
const EIGENPLANE_EXPORT: PanelExport = {
  tables: () => {
    const res = eigenSlot.get()?.res;
    if (!res) return [];
    const t: DataTable = { name: 'eigenvalues', columns: ['set', 'i', 're', 'im', 'modulus'], rows: [] };
    const add = (set: string, re: Float64Array, im: Float64Array) => re.forEach((r, i) => t.rows.push([set, i + 1, r, im[i], Math.hypot(r, im[i])]));
    if (res.matrix) add('matrix', res.matrix.re, res.matrix.im);
    res.fixedPoints.forEach((f, j) => f.eig && add(`fixed point ${j}`, f.eig.re, f.eig.im));
    if (res.offDiagonal) add('gW alone', res.offDiagonal.re, res.offDiagonal.im);
    return [t, ...(res.circularLaw ? [recordTable('circular_law', { radius: res.circularLaw.radius, kind: res.circularLaw.kind, formula: res.circularLaw.formula })] : [])];
  },
  python: () => {
    const m = eigenSlot.get()?.res.matrix;
    return pythonFor('eigenplane', { spectralRadius: m?.spectralRadius, norm2: m?.norm2 });
  },
  values: () => {
    const m = eigenSlot.get()?.res.matrix;
    return { spectralRadius: m?.spectralRadius ?? null, norm2: m?.norm2 ?? null };
  },
};

/** Exports: the fixed points with their stability, their coordinates, and the matrix's numbers. */
const FIXEDPOINTS_EXPORT: PanelExport = {
  tables: () => {
    const res = eigenSlot.get()?.res;
    if (!res) return [];
    const fps = res.fixedPoints;
    const coords: DataTable = { name: 'coordinates', columns: ['fixed_point', 'unit', 'h'], rows: [] };
    fps.forEach((f, j) => f.point.forEach((v, i) => coords.rows.push([j, i, v])));
    return [
      columnsTable('fixed_points', {
        fixed_point: fps.map((_, j) => j),
        norm: fps.map((f) => f.norm),
        residual: fps.map((f) => f.residual),
        spectral_radius: fps.map((f) => f.spectralRadius),
        unstable_dims: fps.map((f) => f.unstableDims),
        stability: fps.map((f) => f.stability),
        origin: fps.map((f) => f.origin),
      }),
      coords,
      recordTable('matrix', { label: res.matrix?.label ?? null, spectral_radius: res.matrix?.spectralRadius ?? null, norm2: res.matrix?.norm2 ?? null, n: res.n, g: res.g, failed_starts: res.failed }),
    ];
  },
  python: () => {
    const m = eigenSlot.get()?.res.matrix;
    return pythonFor('fixedpoints', { spectralRadius: m?.spectralRadius, norm2: m?.norm2 });
  },
};
const DISK_FILL = 'rgba(0, 114, 178, 0.10)';
const DISK_EDGE = '#0072B2';
const UNIT = '#222';
const JAC = '#D55E00';

export function EigenView() {
  const view = useResult(eigenSlot);
  const job = useApp((s) => s.jobs.eigen);
  const res = view?.res ?? null;
  const [picked, setPicked] = useState(0);
  const selected = res && res.fixedPoints.length ? Math.min(picked, res.fixedPoints.length - 1) : -1;
  const fp = selected >= 0 ? res!.fixedPoints[selected] : null;
  return (
    <div className="grid view-grid eigen-grid">
      <EigenPlane res={res} fp={fp} fpIndex={selected} />
      <PanelFrame id="fixedpoints" className="scroll" labelledBy="eigen-title" exportData={FIXEDPOINTS_EXPORT}>
        <header>
          <h2 id="eigen-title">Eigenvalues &amp; fixed points</h2>
          <span className="status">{job?.state === 'running' ? 'computing…' : ''}</span>
        </header>
        <CostGateNotice lane="eigen" what="The eigenvalues and fixed points" />
        {job?.state === 'error' && (
          <p className="error" role="alert">
            Could not compute the eigenvalues: {job.message}
          </p>
        )}
        {res && <MatrixReadouts res={res} />}
        {res && <Meaning res={res} />}
        {res && <FixedPointTable res={res} selected={selected} onSelect={setPicked} />}
        {res && <About res={res} />}
      </PanelFrame>
    </div>
  );
}

// ------------------------------------------------------------------ the complex plane

function EigenPlane({ res, fp, fpIndex }: { res: EigenResult | null; fp: FixedPointInfo | null; fpIndex: number }) {
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const frame = squareFrame(width, height, MARGIN, 180);
  const side = frame.side;
  const R = useMemo(() => {
    let r = 1;
    if (res?.matrix) r = Math.max(r, res.matrix.spectralRadius);
    if (res?.circularLaw) r = Math.max(r, res.circularLaw.radius);
    if (res?.offDiagonal) r = Math.max(r, res.offDiagonal.spectralRadius);
    if (fp?.eig) r = Math.max(r, fp.eig.spectralRadius);
    return niceHalf(1.1 * r);
  }, [res, fp]);
  const domain = useMemo(() => [-R, R] as [number, number], [R]);
  const n = res?.n ?? 0;

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res) return;
      const px = (r: number) => x(r) - x(0); // a length on the (equal) scales
      const cx = x(0);
      const cy = y(0);
      // axes through the origin
      ctx.strokeStyle = COLORS.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x(-R), cy);
      ctx.lineTo(x(R), cy);
      ctx.moveTo(cx, y(-R));
      ctx.lineTo(cx, y(R));
      ctx.stroke();
      // circular-law disk (orthogonal: the circle itself)
      const law = res.circularLaw;
      if (law) {
        ctx.beginPath();
        ctx.arc(cx, cy, px(law.radius), 0, 2 * Math.PI);
        if (law.kind !== 'orthogonal') {
          ctx.fillStyle = DISK_FILL;
          ctx.fill();
        }
        ctx.strokeStyle = DISK_EDGE;
        ctx.lineWidth = 1.5;
        ctx.setLineDash(law.kind === 'orthogonal' ? [] : [6, 4]);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      // unit circle
      ctx.beginPath();
      ctx.arc(cx, cy, px(1), 0, 2 * Math.PI);
      ctx.strokeStyle = UNIT;
      ctx.lineWidth = 1.6;
      ctx.stroke();
      // PLRNN: gW alone, small and grey
      if (res.offDiagonal) {
        ctx.strokeStyle = COLORS.diverged;
        ctx.lineWidth = 1;
        const { re, im } = res.offDiagonal;
        for (let i = 0; i < re.length; i++) {
          ctx.beginPath();
          ctx.arc(x(re[i]), y(im[i]), 2.6, 0, 2 * Math.PI);
          ctx.stroke();
        }
      }
      // the matrix's eigenvalues
      if (res.matrix) {
        const { re, im } = res.matrix;
        const r = re.length > 200 ? 2.2 : re.length > 64 ? 2.8 : 3.8;
        ctx.fillStyle = COLORS.map;
        ctx.globalAlpha = 0.85;
        for (let i = 0; i < re.length; i++) {
          ctx.beginPath();
          ctx.arc(x(re[i]), y(im[i]), r, 0, 2 * Math.PI);
          ctx.fill();
        }
        ctx.globalAlpha = 1;
      }
      // the selected fixed point's Jacobian: open diamonds
      if (fp?.eig) {
        const { re, im } = fp.eig;
        const d = re.length > 128 ? 4 : re.length <= 8 ? 7 : 5.5;
        ctx.strokeStyle = JAC;
        ctx.lineWidth = 1.6;
        for (let i = 0; i < re.length; i++) {
          const X = x(re[i]);
          const Y = y(im[i]);
          ctx.beginPath();
          ctx.moveTo(X, Y - d);
          ctx.lineTo(X + d, Y);
          ctx.lineTo(X, Y + d);
          ctx.lineTo(X - d, Y);
          ctx.closePath();
          ctx.stroke();
        }
      }
    },
    [res, fp, R],
  );

  const law = res?.circularLaw ?? null;
  return (
    <PanelFrame id="eigenplane" labelledBy="eigen-plane-title" exportData={EIGENPLANE_EXPORT}>
      <header>
        <h2 id="eigen-plane-title">Eigenvalues μ in the complex plane</h2>
        <p className="hint keep">{res?.matrix ? `${res.matrix.label}: ${n} eigenvalues` : res ? 'Jacobian at the selected fixed point' : ''}</p>
      </header>
      <div className="panel-body square" ref={box}>
        {width > 0 && (
          <Plot
            width={frame.width}
            height={frame.height}
            margin={MARGIN}
            xDomain={domain}
            yDomain={domain}
            xTicks={side > 420 ? 8 : 5}
            yTicks={side > 420 ? 8 : 5}
            xLabel="Re μ"
            yLabel="Im μ"
            draw={draw}
            ariaLabel={
              res
                ? `${res.matrix ? `${n} eigenvalues of ${res.matrix.label}, spectral radius ${fmt(res.matrix.spectralRadius, 3)}` : 'No weight matrix'}${law ? `, circular-law disk of radius ${fmt(law.radius, 3)}` : ''}, unit circle${fp?.eig ? `, and the ${fp.eig.re.length} Jacobian eigenvalues at fixed point ${fpIndex + 1}` : ''}`
                : 'Eigenvalues (computing)'
            }
            testId="eigen-plane"
          >
            {(xs, ys) => (
              <g className="eigen-labels">
                {fp?.eig &&
                  fp.eig.re.length <= 4 &&
                  Array.from(fp.eig.re, (re, i) => (
                    <text key={i} x={xs(re)} y={ys(fp.eig!.im[i]) - 11} textAnchor="middle" className="eigen-mu-label">
                      {fmtComplex(re, fp.eig!.im[i])}
                    </text>
                  ))}
                <text x={xs(Math.SQRT1_2) + 6} y={ys(-Math.SQRT1_2) + 16} className="eigen-unit-label">
                  |μ| = 1
                </text>
                {law && Math.abs(law.radius - 1) > 0.08 && (
                  <text x={xs(law.radius * Math.cos(Math.PI / 3)) + 5} y={ys(law.radius * Math.sin(Math.PI / 3)) - 5} className="eigen-law-label">
                    {law.kind === 'orthogonal' ? `|μ| = g = ${fmt(law.radius, 3)}` : `circular law r = ${fmt(law.radius, 3)}`}
                  </text>
                )}
                {law && Math.abs(law.radius - 1) <= 0.08 && (
                  <text x={xs(-law.radius * Math.cos(Math.PI / 4)) - 6} y={ys(law.radius * Math.sin(Math.PI / 4)) - 6} textAnchor="end" className="eigen-law-label">
                    {law.kind === 'orthogonal' ? `|μ| = g = ${fmt(law.radius, 3)}` : `circular law r = ${fmt(law.radius, 3)}`}
                  </text>
                )}
              </g>
            )}
          </Plot>
        )}
      </div>
      {res && (
        <div className="legend">
          {res.matrix && (
            <span className="legend-item">
              <span className="eigen-dot" style={{ background: COLORS.map }} /> eigenvalues of {res.matrix.label}
            </span>
          )}
          {res.offDiagonal && (
            <span className="legend-item">
              <span className="eigen-dot hollow" style={{ borderColor: COLORS.diverged }} /> of gW alone
            </span>
          )}
          {law && (
            <span className="legend-item">
              <span className={`eigen-disk${law.kind === 'orthogonal' ? ' ring' : ''}`} />
              {law.kind === 'orthogonal' ? 'circle |μ| = g (orthogonal W)' : law.kind === 'estimate' ? 'i.i.d. disk of the same size' : 'circular-law disk'}
            </span>
          )}
          <span className="legend-item">
            <span className="eigen-ring" /> unit circle
          </span>
          {fp && (
            <span className="legend-item">
              <span className="eigen-diamond" style={{ borderColor: JAC }} />
              {fp.eig ? `Jacobian at fixed point ${fpIndex + 1}` : `fixed point ${fpIndex + 1}: Jacobian not decomposed (N > ${res.jacobianEigenMaxN})`}
            </span>
          )}
        </div>
      )}
    </PanelFrame>
  );
}

function fmtComplex(re: number, im: number): string {
  if (Math.abs(im) < 1e-12) return `μ = ${fmt(re, 3)}`;
  return `μ = ${fmt(re, 3)} ${im < 0 ? '−' : '+'} ${fmt(Math.abs(im), 3)}i`;
}

/** A round upper bound for the plot's half-width: 1, 1.5, 2, 2.5, … */
function niceHalf(v: number): number {
  return Math.max(1, Math.ceil(v * 2) / 2);
}

// ------------------------------------------------------------------ readouts and text

function MatrixReadouts({ res }: { res: EigenResult }) {
  if (!res.matrix) {
    return (
      <p className="explain" data-testid="eigen-radius">
        {modelND(res.model).eigenText.noMatrix}
      </p>
    );
  }
  const m = res.matrix;
  const law = res.circularLaw;
  const rhoLabel = `ρ(${m.label})`;
  return (
    <div className="eigen-readouts" aria-live="polite">
      <div className="readout">
        <span className="readout-label">Spectral radius {rhoLabel}</span>
        <span className={`readout-value ${m.spectralRadius > 1 ? 'chaos' : 'order'}`} data-testid="eigen-radius">
          {fmt(m.spectralRadius, 4)}
        </span>
        <span className="readout-note">largest |μ|; {m.spectralRadius > 1 ? 'outside' : 'inside'} the unit circle</span>
      </div>
      <div className="readout">
        <span className="readout-label">Norm ‖{m.label}‖₂</span>
        <span className="readout-value" data-testid="eigen-norm">
          {fmt(m.norm2, 4)}
        </span>
        <span className="readout-note">largest singular value, ≥ ρ</span>
      </div>
      {law && (
        <div className="readout">
          <span className="readout-label">{law.kind === 'orthogonal' ? 'Circle |μ| = g' : law.kind === 'estimate' ? 'i.i.d. radius (estimate)' : 'Circular-law radius'}</span>
          <span className="readout-value" data-testid="eigen-law">
            {fmt(law.radius, 4)}
          </span>
          <span className="readout-note">{law.formula}</span>
        </div>
      )}
    </div>
  );
}

function Meaning({ res }: { res: EigenResult }) {
  const m = res.matrix;
  if (!m) return null;
  const origin = res.fixedPoints.find((f) => f.origin);
  const parts: string[] = [];
  if (origin && origin.stability !== 'unknown') {
    parts.push(
      origin.stability === 'stable'
        ? `The origin is a fixed point and it is stable: its Jacobian (${m.activated ? `φ′(0)·${m.label}` : 'the matrix'}) has every |μ| < 1 (ρ = ${fmt(origin.spectralRadius, 3)}), so small activity dies out.`
        : `The origin is a fixed point and it is unstable: ρ = ${fmt(origin.spectralRadius, 3)} > 1, ${origin.unstableDims} of ${res.n} directions expand — the linearisation pushes activity away from rest.`,
    );
  } else {
    const region = modelND(res.model).eigenText.region;
    parts.push(
      region
        ? region(fmt(m.spectralRadius, 3), m.spectralRadius > 1)
        : `The origin is not a fixed point here (biases or input), but ρ(${m.label}) = ${fmt(m.spectralRadius, 3)} still says how strongly the linear part can expand: ${m.spectralRadius > 1 ? 'some directions grow where the units are not saturated' : 'every direction contracts'}.`,
    );
  }
  if (m.activated && m.norm2 < 1) parts.push(`‖${m.label}‖₂ = ${fmt(m.norm2, 3)} < 1 and |φ′| ≤ 1 for this φ: every step is a contraction, so there is one globally stable fixed point and no chaos.`);
  const law = res.circularLaw;
  if (law?.kind === 'iid' && m.activated)
    parts.push(`For random W the bulk fills the disk of radius ${fmt(law.radius, 3)}; it reaches the unit circle when g·√(N·Var Wᵢⱼ) = 1 — the transition of the linear part.`);
  if (law?.kind === 'orthogonal') parts.push(`An orthogonal W keeps every eigenvalue on the circle |μ| = g: the linear part crosses from contracting to expanding exactly at g = 1.`);
  return (
    <p className="explain eigen-meaning" data-testid="eigen-meaning">
      {parts.join(' ')}
    </p>
  );
}

function About({ res }: { res: EigenResult }) {
  const about = modelND(res.model).eigenText.about;
  if (!res.matrix) return <p className="explain eigen-about">{about}</p>;
  return (
    <p className="explain eigen-about">
      <strong>Circular law</strong> (Girko 1984, Bai 1997): the eigenvalues of an N × N matrix with independent entries of variance σ²/N fill the disk of radius
      σ uniformly as N grows; for gW the radius is g·√(N·Var Wᵢⱼ), which is g for the Gaussian law, and an orthogonal W puts every eigenvalue on the circle of
      radius g. {about}
    </p>
  );
}

// ------------------------------------------------------------------ fixed points

/** The kinds of Newton starts used, for the summary line. */
function startKinds(res: EigenResult): string {
  const names = res.starts.map((s) => s.name);
  const kinds: string[] = [];
  if (names.includes('h₀')) kinds.push(modelND(res.model).startName);
  if (names.includes('zero')) kinds.push('zero');
  if (names.some((n) => n.startsWith('eigenvector'))) kinds.push('real eigenvectors of the matrix');
  if (names.some((n) => n.startsWith('orbit'))) kinds.push('points of the orbit');
  if (names.some((n) => n.includes('random'))) kinds.push('random points');
  return kinds.join(', ');
}

/** The coordinates of a fixed point in the table's header: "(x*, y*)", or "h*₀ … h*₁". */
function stateNames(res: EigenResult, coords: number): string {
  const names = modelND(res.model).coordinates;
  return names ? `(${names.map((c) => `${c}*`).join(', ')})` : `h*₀ … h*${sub(coords - 1)}`;
}

function FixedPointTable({ res, selected, onSelect }: { res: EigenResult; selected: number; onSelect: (i: number) => void }) {
  const converged = res.starts.filter((s) => s.outcome === 'new' || s.outcome === 'duplicate').length;
  const mirrors = res.fixedPoints.filter((f) => f.from.some((s) => s.startsWith('−#'))).length;
  const key = (i: number) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(i);
    }
  };
  const coords = Math.min(2, res.n);
  return (
    <div className="eigen-fixed">
      <h3>Fixed points F(h*) = h*</h3>
      {res.starts.length === 0 ? (
        <p className="method" data-testid="newton-summary">
          {res.notes.join(' ')}
        </p>
      ) : (
        <p className="method" data-testid="newton-summary">
          Newton’s method from {res.starts.length} start{res.starts.length === 1 ? '' : 's'} ({startKinds(res)}):{' '}
          {converged > 0
            ? `${converged} converged to ${res.fixedPoints.length - mirrors} fixed point${res.fixedPoints.length - mirrors === 1 ? '' : 's'}${mirrors ? ` (plus ${mirrors} mirror image${mirrors === 1 ? '' : 's'} −h*)` : ''}`
            : 'none converged'}
          {res.failed ? `${converged > 0 ? ', ' : ' — '}${res.failed} stopped at a slow point (where ‖F(h) − h‖ is small but not zero) or ran away` : ''}
          {res.singular ? `, ${res.singular} met a singular Jacobian` : ''}. Every point listed satisfies ‖F(h*) − h*‖ ≤ 10⁻¹⁰·max(1, ‖h*‖).
          {modelND(res.model).k ? ' A chaotic network has many more fixed points than these.' : ''}
          {res.notes.map((n) => ` ${n}`)}
        </p>
      )}
      {res.fixedPoints.length === 0 ? (
        res.starts.length > 0 && <p className="explain">No fixed point was found from these starts.</p>
      ) : (
        <table className="cycles eigen-table" data-testid="fixed-points-table">
          <thead>
            <tr>
              <th>#</th>
              <th>‖h*‖</th>
              <th>{stateNames(res, coords)}</th>
              <th>ρ(J)</th>
              <th title="eigenvalues of the Jacobian outside the unit circle">unstable dir.</th>
              <th>stability</th>
            </tr>
          </thead>
          <tbody>
            {res.fixedPoints.map((f, i) => (
              <tr
                key={i}
                className={i === selected ? 'selected' : ''}
                aria-selected={i === selected}
                tabIndex={0}
                onClick={() => onSelect(i)}
                onKeyDown={key(i)}
                data-stability={f.stability}
                title={`found from: ${f.from.join(', ')}; residual ${fmt(f.residual, 2)}`}
              >
                <td>{i + 1}</td>
                <td>{f.origin ? '0 (origin)' : fmt(f.norm, 4)}</td>
                <td className="pts">
                  {Array.from(f.point.subarray(0, coords), (v) => fmt(v, 3)).join(', ')}
                  {res.n > coords ? ', …' : ''}
                </td>
                <td>{Number.isFinite(f.spectralRadius) ? fmt(f.spectralRadius, 4) : '—'}</td>
                <td>{f.unstableDims >= 0 ? `${f.unstableDims} / ${res.n}` : '—'}</td>
                <td className={f.stability === 'stable' ? 'order' : f.stability === 'unstable' ? 'chaos' : ''}>{f.stability}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {res.fixedPoints.length > 0 && <p className="hint">Click a row to draw the eigenvalues of its Jacobian (◇) in the plane.</p>}
    </div>
  );
}
